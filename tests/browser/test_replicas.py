"""Two atlas replicas behind nginx: each reader stays on one; when one dies, its readers move.

`python -m deploy serve` starts the replicas and nginx under supervisord on loopback ports. Six
readers load the map through nginx, some upload a layer, and each reruns the page: every request
of a reader reaches one replica and the upload stays visible. Then one replica is killed
(SIGKILL): supervisord restarts it, which answers its health check again (test_deploy holds
a restart to 10 s, with less running beside it than here); its readers
reconnect to the other one with the same view from their address (and, where they had uploaded a
layer, a message in their language saying it was lost), while the other replica's readers see
nothing change. `python -m deploy stop` leaves no process behind.

The same nginx, with its security headers on, serves the app, its map, the static edition at
/site/ and embeds in a page of another origin without a console error (a content-security
violation is one); it answers the public host name's websocket, hides /_stcore/metrics and
limits uploads per client address.
"""

from __future__ import annotations

import http.server
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from atlas_ui import (
    MAP_IFRAME,
    legend_route_names,
    map_frame,
    shot,
    url,
    wait_idle,
    wait_map,
    wait_whole_map_page,
    widget,
)
from playwright.sync_api import Page, expect

from deploy import cli as deploy_cli
from deploy import config as deploy_config
from deploy.supervisor import read_state
from devtools.server import free_port as _free_port
from devtools.server import wait_healthy
from geo.i18n import t
from geo.routes import route_lines
from geo.views import ROUTE_IDS

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser2")]

ROOT = Path(__file__).resolve().parents[2]

UPLOAD = ROOT / "tests" / "fixtures" / "upload_replicas.csv"
UPLOAD_COLUMN = "albergues"  # the fixture's value column: the uploaded layer's map title shows it
READERS = 6
# (lang, layer, measure, routes, dept): reader i opens VIEWS[i % 5]. nginx tends to send readers
# arriving in turn to the replicas in turn, so each replica gets both languages and an upload,
# and builds most views once (six readers, not ten: each first load of a view is seconds of a
# replica's work, and a moved reader's view that the survivor has not built is built then, as
# it would be on a server that had not shown it yet).
VIEWS = [
    ("es", "complaints", "count", "lima", "17"),
    ("en", "origin", "per_100k", "north_coast,south_selva", "08"),
    ("es", "poverty", "pct", "none", "16"),
    ("en", "complaints", "per_100k", ",".join(ROUTE_IDS), "15"),
    ("es", "origin", "count", "south_sierra", "21"),
]
BATCH = 2  # readers arriving together: one per replica, without swamping a shared machine
LOAD_TIMEOUT = 120_000  # ms: a first load while other readers load too
PUBLIC_HOST = "atlas.example.org"  # the name readers use on a real deployment
RESTART_TIMEOUT_S = 60  # a killed replica answers its health check again (test_deploy: within 10 s)
# In the page: log every change of Streamlit's connection and script state from now on, as
# (attribute, value before the change), in order.
WATCH_JS = """
() => {
  const app = document.querySelector('[data-testid="stApp"]');
  window.__atlasLog = [];
  new MutationObserver((records) => {
    for (const m of records) window.__atlasLog.push([m.attributeName, m.oldValue]);
  }).observe(app, {
    attributes: true,
    attributeOldValue: true,
    attributeFilter: ['data-test-connection-state', 'data-test-script-state'],
  });
}
"""
# True once the websocket has dropped, reconnected, and a script run has finished since.
RECONNECTED_AND_RERUN_JS = """
() => {
  const app = document.querySelector('[data-testid="stApp"]');
  const log = window.__atlasLog || [];
  const drop = log.findIndex(([a, old]) => a === 'data-test-connection-state' && old === 'CONNECTED');
  if (drop < 0) return false;
  const ran = log.slice(drop).some(([a, old]) => a === 'data-test-script-state' && old === 'running');
  return ran && app.getAttribute('data-test-connection-state') === 'CONNECTED'
    && app.getAttribute('data-test-script-state') === 'notRunning';
}
"""
DROPPED_JS = "() => (window.__atlasLog || []).some(([a]) => a === 'data-test-connection-state')"
# nginx's access log (deploy/nginx.conf.template, log_format atlas).
LOG_LINE = re.compile(
    r'"(?P<method>\S+) (?P<path>\S+) [^"]*" (?P<status>\d+) .* '
    r'served=(?P<served>\S*) rt=\S+ "(?P<agent>[^"]*)"$'
)


@dataclass
class Reader:
    """One browser session: its page, the replica nginx keeps it on, what it looked at."""

    index: int
    lang: str
    page: Page
    context: object
    replica: str = ""
    uploaded: bool = False
    view: dict = field(default_factory=dict)

    @property
    def agent(self) -> str:
        return f"atlas-replica-test reader-{self.index}"


@pytest.fixture(scope="module")
def cluster(built_site):
    """Two replicas and nginx started by `python -m deploy serve --daemon`; at the end, stopped
    by `python -m deploy stop`, which must leave no process behind.

    Readers may also call it atlas.example.org (--public-host); nginx serves a freshly built
    static edition at /site/ (--root).
    """
    # Not pytest's tmp_path: its parents are private, and nginx's workers run as nobody as root.
    folder = Path(tempfile.mkdtemp(prefix="atlas-replicas-"))
    folder.chmod(0o755)
    root, run = folder / "root", folder / "run"
    shutil.copytree(built_site, root / "site")  # tests/conftest.py: built once per run
    started = subprocess.run(
        [sys.executable, "-m", "deploy", "serve", "--daemon", "--run-dir", str(run),
         "--replicas", "2", "--port", str(_free_port()), "--public-host", PUBLIC_HOST,
         "--root", str(root)],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    pids: list[int] = []
    try:
        assert started.returncode == 0, started.stdout + started.stderr
        state = read_state(run)
        state["access_log"] = run / "access.log"
        yield state
    finally:
        # Every process now (a restarted replica's new one too), supervisord's included.
        pids = [p["pid"] for p in deploy_cli.programs(run) if p["pid"]]
        pids += [pid for pid in [deploy_cli.supervisord_pid(run)] if pid]
        stopped = subprocess.run(
            [sys.executable, "-m", "deploy", "stop", "--run-dir", str(run)],
            cwd=ROOT, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        left = [pid for pid in pids if _running(pid)]
        shutil.rmtree(folder, ignore_errors=True)
    assert not left, f"processes left running after `python -m deploy stop`: {left}"
    assert stopped.returncode == 0 and "stopped" in stopped.stdout, stopped.stderr
    assert len(pids) == 4, pids  # supervisord, two replicas, nginx


def _program(cluster: dict, name: str) -> dict:
    """supervisord's view of replica ``name`` (r1, r2): its state and pid now."""
    replica = next(r for r in cluster["replicas"] if r["name"] == name)
    return next(
        p for p in deploy_cli.programs(cluster["run_dir"]) if p["name"] == replica["program"]
    )


def _running(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has exited


# What nginx answers itself, whatever the reader's replica: the cut of Streamlit's icon font
# (deploy/icon_font.py; test_the_icons_are_drawn_from_the_cut_of_the_icon_font).
NGINX_OWN = re.compile(r"/static/media/MaterialSymbols-[^/]+\.woff2$")


def _requests(cluster: dict) -> list[dict]:
    """Every request nginx has logged and passed to a replica: method, path, status, replica
    that served it, agent (not what nginx answers itself, ``NGINX_OWN``)."""
    lines = cluster["access_log"].read_text(errors="replace").splitlines()
    found = [m.groupdict() for m in map(LOG_LINE.search, lines) if m]
    return [r for r in found if not NGINX_OWN.search(r["path"])]


def _restart_log(cluster: dict, name: str, killed_pid: int) -> list[str]:
    """supervisord's two log lines of the restart of replica ``name`` after ``killed_pid``'s
    SIGKILL: its exit, then the new process's start."""
    program = _program(cluster, name)
    assert program["pid"] not in (0, killed_pid), program
    log = (Path(cluster["run_dir"]) / "supervisord.log").read_text()
    lines = [
        line for line in log.splitlines()
        if f"{program['name']} (terminated by SIGKILL" in line
        or f"spawned: '{program['name']}'" in line
    ]  # fmt: skip
    assert f"exited: {program['name']} (terminated by SIGKILL; not expected)" in lines[-2], lines
    assert f"spawned: '{program['name']}' with pid {program['pid']}" in lines[-1], lines
    return lines[-2:]


def _replica(reader: Reader) -> str:
    cookies = {c["name"]: c["value"] for c in reader.context.cookies()}
    return cookies.get("atlas_replica", "")


def _query(page: Page) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(page.url).query).items()}


def _watch(page: Page) -> None:
    page.evaluate(WATCH_JS)


def _view(page: Page) -> dict:
    """What the reader sees of their view: the address, the map's title, routes, department."""
    wait_idle(page)
    wait_map(page)
    wait_whole_map_page(page)
    query = _query(page)
    # The same routes, whatever order the reader chose them in.
    query["routes"] = ",".join(sorted(query.get("routes", "").split(",")))
    return {
        "query": query,
        "title": map_frame(page).locator(".atlas-title").inner_text(),
        "routes": legend_route_names(page),
        "profile": page.locator('[data-testid="stMain"] h3').all_inner_texts(),
    }


def _route_names(lang: str) -> dict[str, str]:
    lines = route_lines()
    return dict(zip(lines["route_id"], lines[f"name_{lang}"], strict=True))


def _toggle_routes(readers: list[Reader]) -> None:
    """Each reader turns one route pill over (a rerun), all at once; wait for their addresses."""
    before = {}
    for reader in readers:
        route_id = ROUTE_IDS[reader.index % len(VIEWS)]  # the same for readers of one view
        page = reader.page
        before[reader.index] = _query(page).get("routes", "")
        pill = widget(page, "routes").get_by_role(
            "button", name=_route_names(reader.lang)[route_id], exact=True
        )
        pressed = pill.get_attribute("aria-pressed")
        pill.click()
        expect(pill).not_to_have_attribute("aria-pressed", pressed or "")
    for reader in readers:
        old = before[reader.index]
        reader.page.wait_for_url(
            lambda u, old=old: parse_qs(urlsplit(u).query).get("routes", [""])[0] != old
        )
        wait_idle(reader.page)


def _upload(reader: Reader) -> None:
    """Load the fixture on Data & sources → Your data (open in the page), then show it on the map."""
    page, lang = reader.page, reader.lang
    wait_idle(page)
    # ?tab=upload opens the "Your data" tab (the lost-upload message links there).
    expect(page.get_by_role("tab", name=t("data.tab.upload", lang))).to_have_attribute(
        "aria-selected", "true"
    )
    widget(page, "upload_file").locator("input[type=file]").set_input_files(str(UPLOAD))
    link = page.get_by_role("link", name=t("uploads.show_on_map", lang))
    link.click()
    page.wait_for_url(lambda u: "layer=upload" in u)
    wait_idle(page)
    wait_map(page)
    expect(map_frame(page).locator(".atlas-title")).to_contain_text(UPLOAD_COLUMN)
    reader.uploaded = True


def test_readers_stay_on_their_replica_and_move_with_their_view_when_it_dies(cluster, new_context):
    base = cluster["url"]
    readers = []
    for index in range(READERS):
        lang = VIEWS[index % len(VIEWS)][0]
        context = new_context(user_agent=f"atlas-replica-test reader-{index}")
        readers.append(Reader(index, lang, context.new_page(), context))
    # Readers arrive in pairs (the replicas work in parallel); each waits for its map.
    for start in range(0, READERS, BATCH):
        batch = readers[start : start + BATCH]
        for reader in batch:
            _, layer, measure, routes, dept = VIEWS[reader.index % len(VIEWS)]
            reader.page.goto(
                url(base, lang=reader.lang, layer=layer, measure=measure, routes=routes, dept=dept),
                wait_until="commit",
            )
        for reader in batch:
            wait_idle(reader.page, timeout=LOAD_TIMEOUT)
            wait_map(reader.page, timeout=LOAD_TIMEOUT)
            reader.replica = _replica(reader)
    by_replica = {
        r["name"]: [x for x in readers if x.replica == r["name"]] for r in cluster["replicas"]
    }
    assert all(by_replica.values()), f"nginx sent every reader to one replica: {by_replica}"

    # Two readers of the replica that will die upload a layer (one of each language if it has
    # both), and one reader of the other.
    doomed, survivor = sorted(by_replica, key=lambda name: -len(by_replica[name]))
    first_of = {reader.lang: reader for reader in reversed(by_replica[doomed])}
    uploaders = list(first_of.values())
    uploaders += [r for r in by_replica[doomed] if r not in uploaders][: 2 - len(uploaders)]
    uploaders += by_replica[survivor][:1]
    for reader in uploaders:
        reader.page.goto(url(base, "data", lang=reader.lang, tab="upload"), wait_until="commit")
    for reader in uploaders:
        _upload(reader)

    # Each reader reruns the page; it stays on its replica, an upload stays on the map.
    for reader in readers:
        _watch(reader.page)
    _toggle_routes(readers)
    for reader in readers:
        if reader.uploaded:
            expect(map_frame(reader.page).locator(".atlas-title")).to_contain_text(UPLOAD_COLUMN)
        reader.view = _view(reader.page)
        assert _replica(reader) == reader.replica
    for reader in readers:
        served = {r["served"] for r in _requests(cluster) if r["agent"] == reader.agent}
        assert served == {reader.replica}, f"reader {reader.index} was served by {served}"
        assert not reader.page.evaluate(DROPPED_JS), f"reader {reader.index}'s websocket dropped"
    uploads = [r for r in _requests(cluster) if r["method"] == "PUT" and "upload_file" in r["path"]]
    assert len(uploads) == 3 and all(r["status"] in ("200", "204") for r in uploads), uploads

    # One replica dies; supervisord starts it again, and it answers within 10 s.
    pid = _program(cluster, doomed)["pid"]
    logged_before = len(_requests(cluster))
    killed = time.monotonic()
    os.kill(pid, signal.SIGKILL)
    while _running(pid):  # SIGKILL is not caught: gone at once
        time.sleep(0.05)
    address = next(r["address"] for r in cluster["replicas"] if r["name"] == doomed)
    restart: dict = {}

    def watch_restart() -> None:  # beside the readers' checks, which must not wait for it
        try:
            wait_healthy(f"http://{address}/_stcore/health", timeout=RESTART_TIMEOUT_S,
                         what="the killed replica")  # fmt: skip
            restart["s"] = time.monotonic() - killed
        except RuntimeError as error:
            restart["error"] = str(error)

    watcher = threading.Thread(target=watch_restart, daemon=True)
    watcher.start()

    for reader in by_replica[doomed]:
        page = reader.page
        page.wait_for_function(RECONNECTED_AND_RERUN_JS)
        after = _view(page)
        since = [
            (r["method"], r["path"][:40], r["status"], r["served"])
            for r in _requests(cluster)[logged_before:] if r["agent"] == reader.agent
        ]  # fmt: skip
        assert _replica(reader) == survivor, (
            f"reader {reader.index}, {time.monotonic() - killed:.1f} s after the kill "
            f"(restart: {restart}): {since}"
        )
        expected = dict(reader.view["query"])
        if reader.uploaded:
            lost = widget(page, "upload_lost")
            expect(lost).to_contain_text(t("uploads.lost", reader.lang))
            expect(
                lost.get_by_role("link", name=t("uploads.load_again", reader.lang))
            ).to_be_visible()
            # The report's default layer in place of the upload; the rest of the view unchanged.
            assert after["query"].pop("layer") == "complaints"
            expected.pop("layer")
            assert UPLOAD_COLUMN not in after["title"]
            assert after["routes"] == reader.view["routes"]
            assert after["profile"] == reader.view["profile"]
            assert after["query"] == expected, (reader.index, after["query"], expected)
        else:
            expect(widget(page, "upload_lost")).to_have_count(0)
            assert after == reader.view, (reader.index, after, reader.view)
        shot(page, f"replicas-moved-{reader.index}-{reader.lang}")
    # The new sessions answer: a rerun on the surviving replica.
    _toggle_routes(by_replica[doomed])
    assert {_replica(reader) for reader in by_replica[doomed]} == {survivor}

    # Meanwhile supervisord started the killed replica again.
    watcher.join(timeout=60)
    assert "s" in restart, restart
    print(f"\nfirst kill, readers moving: back after {restart['s']:.1f} s;")
    print("\n".join(_restart_log(cluster, doomed, pid)))

    # Requests of the moved readers after the death went to the survivor only.
    agents = {r.agent for r in by_replica[doomed]}
    moved = [r for r in _requests(cluster)[logged_before:] if r["agent"] in agents]
    assert moved and {r["served"] for r in moved if r["status"] != "101"} == {survivor}, moved

    # The other readers saw nothing change: same connection, same view, uploads in place.
    for reader in by_replica[survivor]:
        assert not reader.page.evaluate(DROPPED_JS), reader.index
        assert _view(reader.page) == reader.view, reader.index
        expect(widget(reader.page, "upload_lost")).to_have_count(0)
        if reader.uploaded:
            expect(map_frame(reader.page).locator(".atlas-title")).to_contain_text(UPLOAD_COLUMN)
            shot(reader.page, f"replicas-survivor-upload-{reader.lang}")

    # The message's link opens Data & sources on "Your data", to load the file again.
    uploader = next(r for r in by_replica[doomed] if r.uploaded)
    uploader.page.get_by_role("link", name=t("uploads.load_again", uploader.lang)).click()
    wait_idle(uploader.page)
    expect(
        uploader.page.get_by_role("tab", name=t("data.tab.upload", uploader.lang))
    ).to_have_attribute("aria-selected", "true")
    assert urlsplit(uploader.page.url).path.endswith("/data"), uploader.page.url
    # ... where the file loads again on the surviving replica: its XSRF check accepts the cookie
    # the dead one issued (Streamlit's check is a double submit, with no per-process secret).
    widget(uploader.page, "upload_file").locator("input[type=file]").set_input_files(str(UPLOAD))
    expect(
        uploader.page.get_by_role("link", name=t("uploads.show_on_map", uploader.lang))
    ).to_be_visible()
    assert _replica(uploader) == survivor

    # Killed again while its readers are settled elsewhere: supervisord starts it again, and the
    # readers of the other replica see nothing: same connection, same view, and their pages still
    # rerun. The 10 s budget of a restart is judged by test_deploy's restart test, one replica
    # with no readers (4.0 s with a browser module running beside it); here this module's six
    # readers, its other replica and the other browser group share the two cores, and a start
    # that takes 2.7 s on a quiet machine took over 10 s in CI.
    pid = _program(cluster, doomed)["pid"]
    killed = time.monotonic()
    os.kill(pid, signal.SIGKILL)
    while _running(pid):
        time.sleep(0.05)
    wait_healthy(f"http://{address}/_stcore/health", timeout=RESTART_TIMEOUT_S,
                 what="the killed replica")  # fmt: skip
    back = time.monotonic() - killed
    print(f"second kill: {doomed} answered again {back:.1f} s after SIGKILL; supervisord's log:")
    print("\n".join(_restart_log(cluster, doomed, pid)))
    for reader in by_replica[survivor]:
        assert not reader.page.evaluate(DROPPED_JS), reader.index
        assert _view(reader.page) == reader.view, reader.index
    _toggle_routes(by_replica[survivor])
    for reader in by_replica[survivor]:
        assert not reader.page.evaluate(DROPPED_JS), reader.index
        assert _replica(reader) == survivor


# --- hosts, headers, limits and metrics at nginx ------------------------------------------------

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": deploy_config.PERMISSIONS_POLICY,
    "Content-Security-Policy": f"{deploy_config.CSP}; frame-ancestors *",
}


def _get(url: str, **headers: str) -> tuple[int, dict, bytes]:
    """(status, headers, body) of a GET, 4xx and 5xx included."""
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def _raw(port: int, request: str, source: str = "127.0.0.1") -> socket.socket:
    """A connection to nginx from ``source`` (any 127.x address: another client) with
    ``request`` sent."""
    sock = socket.socket()
    sock.settimeout(60)
    sock.bind((source, 0))
    sock.connect(("127.0.0.1", port))
    sock.sendall(request.encode())
    return sock


def _status(sock: socket.socket) -> int:
    line = sock.recv(4096).split(b"\r\n", 1)[0].decode()
    return int(line.split()[1]) if line else 0


def _port(cluster: dict) -> int:
    return int(cluster["url"].rsplit(":", 1)[1])


def _handshake(cluster: dict, host: str) -> int:
    named = f"{host}:{_port(cluster)}"
    with _raw(
        _port(cluster),
        f"GET /_stcore/stream HTTP/1.1\r\nHost: {named}\r\nOrigin: http://{named}\r\n"
        "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: streamlit\r\n\r\n",
    ) as sock:
        return _status(sock)


def test_the_public_host_name_gets_the_page_and_a_session_another_name_does_not(cluster):
    """Host: atlas.example.org reaches nginx on 127.0.0.1, as through a DNS name."""
    named = f"{PUBLIC_HOST}:{_port(cluster)}"
    for path in ("/", "/_stcore/host-config"):
        status, _, _ = _get(cluster["url"] + path, Host=named)
        assert status == 200, path
    assert _handshake(cluster, PUBLIC_HOST) == 101
    assert _handshake(cluster, "127.0.0.1") == 101
    assert _handshake(cluster, "rebound.example") == 403  # DNS rebinding still refused


@pytest.mark.parametrize(
    "path", ["/", "/_stcore/health", "/_stcore/host-config", "/site/", "/site/en/map.html",
             "/site/assets/site.css", "/site/missing.html", "/_stcore/metrics"],
)  # fmt: skip
def test_every_response_carries_the_security_headers(cluster, path):
    _, headers, _ = _get(cluster["url"] + path)
    for name, value in SECURITY_HEADERS.items():
        assert headers.get(name) == value, (path, name, headers.get(name))


def test_metrics_are_served_to_the_operator_on_loopback_only(cluster):
    status, _, body = _get(cluster["url"] + "/_stcore/metrics")
    assert status == 404 and b"session" not in body
    replica = cluster["replicas"][0]
    status, _, _ = _get(f"http://{replica['address']}/_stcore/metrics")
    assert status == 200  # what nginx hides is there


def test_uploads_are_limited_per_client_address(cluster):
    """30 uploads a minute in bursts of 20, 5 at once, per address; other addresses go on."""
    port = _port(cluster)
    put = (
        "PUT /_stcore/upload_file/session/file HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        "Content-Type: application/octet-stream\r\nContent-Length: {length}\r\n"
        "Connection: close\r\n\r\n{body}"
    )
    statuses = []
    for _ in range(25):  # a burst from one address: the first 21 reach the replica
        with _raw(port, put.format(length=1, body="x"), source="127.0.0.2") as sock:
            statuses.append(_status(sock))
    assert 429 not in statuses[:20] and statuses[-4:] == [429] * 4, statuses
    with _raw(port, put.format(length=1, body="x"), source="127.0.0.1") as sock:
        assert _status(sock) not in (0, 429)  # another address is not held back
    # Five uploads in progress (bodies not sent yet) from one address: a sixth is refused.
    waiting = [_raw(port, put.format(length=1000, body=""), source="127.0.0.3") for _ in range(5)]
    try:
        time.sleep(0.5)  # let nginx read the five requests' headers
        with _raw(port, put.format(length=1, body="x"), source="127.0.0.3") as sixth:
            assert _status(sixth) == 429
    finally:
        for sock in waiting:
            sock.close()


# --- the app, the static edition and embeds, in Chromium, with the headers on -----------------


def _header_warnings(page) -> list[str]:
    """Console messages of any level about the policies (an unknown feature is only a warning)."""
    found: list[str] = []
    page.on(
        "console",
        lambda m: (
            found.append(m.text)
            if "Permissions-Policy" in m.text or "Content Security Policy" in m.text
            else None
        ),
    )
    return found


def test_the_app_and_its_map_work_under_the_content_security_policy(cluster, new_context):
    page = new_context().new_page()
    warnings = _header_warnings(page)
    page.goto(url(cluster["url"], lang="en", layer="origin", measure="per_100k"))
    wait_idle(page, timeout=LOAD_TIMEOUT)
    wait_map(page, timeout=LOAD_TIMEOUT)
    wait_whole_map_page(page)
    page.goto(url(cluster["url"], "overview", lang="en"))
    wait_idle(page, timeout=LOAD_TIMEOUT)
    expect(page.locator(".main-svg").first).to_be_visible()
    # The new_context guard fails the test on any console error: a CSP violation is one.
    assert warnings == []


# Each icon on the page, with its width and its font's size: an icon is one glyph about 1 em wide;
# a name the font cannot turn into its icon shows as its letters, one em or so each.
ICONS_JS = """() => [...document.querySelectorAll('[data-testid="stIconMaterial"]')].map(e => [
  e.textContent, e.getBoundingClientRect().width, parseFloat(getComputedStyle(e).fontSize)])"""


def test_the_icons_are_drawn_from_the_cut_of_the_icon_font(cluster, new_context):
    """nginx answers Streamlit's icon font with the cut that `deploy serve` wrote
    (deploy/icon_font.py), and every icon of the Map page (the sidebar's button, the page
    links', the downloads') is drawn from it as an icon, not spelt out."""
    fonts = list((Path(cluster["run_dir"]) / "fonts").glob("MaterialSymbols-*.woff2"))
    assert len(fonts) == 1, fonts
    page = new_context(viewport={"width": 1280, "height": 900}).new_page()
    with page.expect_response(re.compile(r"/static/media/MaterialSymbols-[^/]+\.woff2$")) as got:
        page.goto(url(cluster["url"], lang="es"))
    assert got.value.body() == fonts[0].read_bytes()  # the cut, not Streamlit's 376 KB
    logged = cluster["access_log"].read_text(errors="replace").splitlines()
    own = [m["served"] for m in map(LOG_LINE.search, logged) if m and NGINX_OWN.search(m["path"])]
    assert own and set(own) == {""}, own  # answered by nginx, no replica asked
    wait_idle(page, timeout=LOAD_TIMEOUT)
    wait_whole_map_page(page)
    expect(page.locator(".st-key-map_download_zip [data-testid=stIconMaterial]")).to_be_visible()
    page.evaluate("document.fonts.ready.then(() => true)")
    icons = page.evaluate(ICONS_JS)
    names = {name for name, _, _ in icons}
    assert {"keyboard_double_arrow_left", "map", "image", "folder_zip"} <= names, names
    spelt = [(name, width) for name, width, size in icons if width > 1.5 * size]
    assert spelt == [], spelt


@pytest.mark.parametrize("rel", ["en/map.html", "es/overview.html", "en/story.html"])
def test_the_static_edition_works_under_the_content_security_policy(cluster, new_context, rel):
    page = new_context().new_page()
    warnings = _header_warnings(page)
    page.goto(f"{cluster['url']}/site/{rel}")
    expect(page.locator("html")).to_have_attribute("data-ready", "true")
    assert warnings == []


def test_embeds_in_a_page_of_another_origin_work_under_the_policy(cluster, new_context):
    """A news site's page (another port: another origin) frames the live map and a static one."""
    live = url(cluster["url"], embed="true", layer="origin", lang="en")
    static = f"{cluster['url']}/site/en/embed/map-origin-count.html"
    body = (
        f'<iframe id="live" src="{live}" width="800" height="760"></iframe>'
        f'<iframe id="static" src="{static}" width="800" height="760"></iframe>'
    ).encode()

    class News(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(b"<!doctype html><title>news</title><h1>A story</h1>" + body)

        def log_message(self, *args):
            pass

    news = http.server.ThreadingHTTPServer(("127.0.0.1", 0), News)
    threading.Thread(target=news.serve_forever, daemon=True).start()
    try:
        page = new_context().new_page()
        page.goto(f"http://127.0.0.1:{news.server_port}/story.html")
        framed = page.frame_locator("#live").frame_locator(MAP_IFRAME)
        expect(framed.locator("path.leaflet-interactive").first).to_be_visible(timeout=LOAD_TIMEOUT)
        expect(page.frame_locator("#static").locator("html")).to_have_attribute(
            "data-ready", "true"
        )
    finally:
        news.shutdown()
        news.server_close()
