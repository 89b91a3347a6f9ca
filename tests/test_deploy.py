"""deploy/serve.py's nginx configuration: affinity per replica, checked by nginx itself."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from deploy import config as deploy_config
from deploy import serve

ROOT = Path(__file__).resolve().parent.parent

NEEDS_NGINX = pytest.mark.skipif(
    shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists(),
    reason="nginx is not installed (make test-setup installs it as root)",
)
REPLICAS = ["10.0.0.11:8501", "10.0.0.12:8501", "app-3.internal:8502"]


def upstream(config: str, name: str) -> list[str]:
    """The server lines of upstream ``name``."""
    block = re.search(rf"upstream {name} \{{(.*?)\}}", config, re.S)
    assert block, f"no upstream {name}"
    return [line.strip() for line in block.group(1).splitlines() if "server " in line]


def test_each_replica_has_its_own_upstream_with_the_others_as_backups(tmp_path):
    config = deploy_config.render_config(REPLICAS, "8080", tmp_path)
    assert not re.search(r"@@[A-Z_]+@@", config), "a template field left unfilled"
    for i, address in enumerate(REPLICAS, 1):
        lines = upstream(config, f"atlas_r{i}")
        assert lines[0] == f"server {address} max_fails=1 fail_timeout=10s;"
        assert sorted(lines[1:]) == sorted(f"server {a} backup;" for a in REPLICAS if a != address)
        # the cookie value r<i> routes to it, and an answer from it sets r<i>
        assert f"r{i} atlas_r{i};" in config
        assert f'"~(^|, ){re.escape(address)}$" r{i};' in config
    assert len(upstream(config, "atlas_any")) == len(REPLICAS)
    assert "listen 8080;" in config
    assert f"pid {tmp_path}/nginx.pid;" in config


@pytest.mark.parametrize(
    "replicas", [[], ["10.0.0.11"], ["10.0.0.11:http"], [":8501"], ["a:1", "a:1"], ["a:70000"]]
)
def test_bad_replica_addresses_are_refused_by_name(replicas, tmp_path):
    with pytest.raises(ValueError, match=r"replica|host:port"):
        deploy_config.render_config(replicas, "8080", tmp_path)


@NEEDS_NGINX
def test_nginx_accepts_the_configuration(tmp_path):
    config = deploy_config.render_config(
        REPLICAS[:2], f"127.0.0.1:{serve.free_port()}", tmp_path, user=deploy_config._nginx_user()
    )
    (tmp_path / "nginx.conf").write_text(config)
    tmp_path.chmod(0o755)
    result = subprocess.run(
        [deploy_config.find_nginx(), "-t", "-p", f"{tmp_path}/", "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


def test_stop_without_a_running_cluster_says_so(tmp_path, capsys):
    assert serve.main(["--state", str(tmp_path / "none.json"), "stop"]) == 0
    assert "nothing to stop" in capsys.readouterr().out


@NEEDS_NGINX
def test_nginx_serves_the_static_edition_at_site_without_a_replica():
    """/site/ comes from the folder's site/ (make site), straight from disk; 404 until built."""
    # Not pytest's tmp_path: its parents are private to the user, and nginx's workers run as
    # nobody when the test runs as root.
    with tempfile.TemporaryDirectory(prefix="atlas-site-") as folder:
        _serve_site(Path(folder))


def _serve_site(tmp_path: Path) -> None:
    root, run = tmp_path / "repo", tmp_path / "run"
    (root / "site").mkdir(parents=True)
    (root / "site" / "index.html").write_text("<h1>edition</h1>")
    run.mkdir()
    for folder in (tmp_path, root, root / "site", run):
        folder.chmod(0o755)
    port = serve.free_port()
    # replicas that do not exist: /site/ must not need them
    config = deploy_config.render_config(
        ["127.0.0.1:9", "127.0.0.1:10"], f"127.0.0.1:{port}", run, root, deploy_config._nginx_user()
    )
    (run / "nginx.conf").write_text(config)
    nginx = subprocess.Popen(
        [deploy_config.find_nginx(), "-p", f"{run}/", "-c", str(run / "nginx.conf"), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/site/", timeout=2) as r:
                    status, body, cookie = r.status, r.read(), r.headers.get("Set-Cookie")
                break
            except (urllib.error.URLError, ConnectionError) as exc:
                assert nginx.poll() is None, nginx.stderr.read().decode()
                if time.monotonic() > deadline:
                    raise AssertionError(f"nginx did not answer on port {port}") from exc
                time.sleep(0.2)  # polling nginx's start, bounded by the deadline
        assert (status, body, cookie) == (200, b"<h1>edition</h1>", None)
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/site/missing.html", timeout=5)
        assert missing.value.code == 404
    finally:
        nginx.terminate()
        nginx.wait(timeout=10)


# --- security headers, limits and metrics in the configuration ---------------------------------

HEADERS = ("X-Content-Type-Options", "Referrer-Policy", "Permissions-Policy",
           "Content-Security-Policy")  # fmt: skip


def _locations(config: str) -> dict[str, str]:
    """Each `location` block of the server, by its pattern."""
    return {
        m.group(1).strip(): m.group(2)
        for m in re.finditer(r"location ([^{]+)\{(.*?)\n        \}", config, re.S)
    }


def test_every_location_sends_the_security_headers(tmp_path):
    """add_header in a location replaces the server's: each location must carry them all."""
    locations = _locations(deploy_config.render_config(REPLICAS, "8080", tmp_path))
    assert len(locations) == 5, list(locations)
    for pattern, block in locations.items():
        for header in HEADERS:
            assert re.search(rf"add_header {header} \".+\" always;", block), (pattern, header)
    policy = re.search(r'Content-Security-Policy "([^"]+)"', locations["/"]).group(1)
    assert policy.endswith("; frame-ancestors *")
    assert "object-src 'none'" in policy and "connect-src 'self'" in policy


def test_who_may_embed_the_atlas_is_a_setting(tmp_path):
    config = deploy_config.render_config(
        REPLICAS, "8080", tmp_path, ancestors="https://news.example.com  https://*.example.org"
    )
    assert 'frame-ancestors https://news.example.com https://*.example.org"' in config
    for bad in ("", "https://a.example; script-src *", "'unsafe-inline'", '"x"'):
        with pytest.raises(deploy_config.Refused, match=r"frame-ancestors .*expected \*"):
            deploy_config.render_config(REPLICAS, "8080", tmp_path, ancestors=bad)


def test_uploads_are_limited_per_client_and_metrics_are_not_served(tmp_path):
    locations = _locations(deploy_config.render_config(REPLICAS, "8080", tmp_path))
    upload = locations["~ /_stcore/upload_file/"]
    assert "limit_req zone=atlas_upload_rate burst=20 nodelay;" in upload
    assert "limit_conn atlas_upload_conn 5;" in upload
    assert "return 404;" in locations["~ /_stcore/metrics"]


# --- host names the replicas accept ------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [(["Atlas.Example.org."], ["atlas.example.org"]), (["*.example.org"], ["*.example.org"]),
     (["192.168.1.20", "[fd00::2]"], ["192.168.1.20", "fd00::2"])],
)  # fmt: skip
def test_public_host_names_are_normalised(given, expected):
    assert deploy_config.public_hosts(given) == expected


@pytest.mark.parametrize(
    "bad", ["https://atlas.example.org", "atlas.example.org:8080", "atlas.example.org/", "a b", ""]
)
def test_a_public_host_that_is_not_a_name_is_refused(bad):
    with pytest.raises(deploy_config.Refused, match="is not a host name: expected a name such as"):
        deploy_config.public_hosts([bad])


def test_replicas_accept_loopback_the_public_names_and_on_0_0_0_0_the_machine_s_names():
    assert deploy_config.allowed_hosts("127.0.0.1", ["atlas.example.org"]) == [
        "localhost", "127.0.0.1", "::1", "atlas.example.org",
    ]  # fmt: skip
    everywhere = deploy_config.allowed_hosts("0.0.0.0", [])
    assert socket.gethostname().lower() in everywhere
    assert set(deploy_config.network_names()) <= set(everywhere)
    assert deploy_config.allowed_hosts("192.168.1.20", [])[-1] == "192.168.1.20"


# --- a refused start ---------------------------------------------------------------------------

WELCOME = "You can now view your Streamlit app"


def _launch(tmp_path: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "deploy" / "serve.py"), "--state",
         str(tmp_path / "state.json"), "--replicas", "1", *args],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**{k: v for k, v in os.environ.items() if k != "ATLAS_BOUNDARIES"}, **(env or {})},
    )  # fmt: skip


@NEEDS_NGINX
def test_a_taken_port_is_refused_before_anything_starts(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = _launch(tmp_path, "--port", str(port))
    output = result.stdout + result.stderr
    assert result.returncode == 2, output
    assert f"port {port} on 127.0.0.1 is already in use" in result.stderr
    assert "expected a free port" in result.stderr and "--port" in result.stderr
    assert WELCOME not in output and "starting" not in output  # no replica was started
    assert not (tmp_path / "state.json").exists()


@NEEDS_NGINX
def test_a_bad_boundary_file_is_refused_by_the_launcher_without_streamlit_s_welcome(tmp_path):
    bad = tmp_path / "cusco.geojson"
    bad.write_text("{}")
    result = _launch(tmp_path, "--port", str(serve.free_port()),
                     env={"ATLAS_BOUNDARIES": str(bad)})  # fmt: skip
    output = result.stdout + result.stderr
    assert result.returncode == 2, output
    assert f"the atlas cannot start: boundary file {bad} is not a readable geo file" in output
    assert WELCOME not in output and "starting" not in output


@pytest.mark.parametrize(
    ("args", "words"),
    [(["--public-host", "https://atlas.example.org/"], "is not a host name"),
     (["--frame-ancestors", "*; script-src *"], "is not a source"),
     (["--root", "/nonexistent-atlas-root"], "is not a folder")],
)  # fmt: skip
def test_bad_settings_are_refused_with_what_was_expected(tmp_path, args, words):
    result = _launch(tmp_path, *args)
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.startswith("cannot serve the atlas: ") and words in result.stderr
    assert "expected" in result.stderr
    assert WELCOME not in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("args", "words"),
    [(["--replicas", "0"], "expected a whole number"),
     (["--port", "99999"], "expected a port number")],
)  # fmt: skip
def test_bad_numbers_are_refused_by_the_command_line(tmp_path, args, words):
    result = subprocess.run(
        [sys.executable, str(ROOT / "deploy" / "serve.py"), *args, "--state",
         str(tmp_path / "s.json")],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 2 and words in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


# --- on the local network: the names readers use reach a live session ---------------------------


@pytest.fixture(scope="module")
def lan(tmp_path_factory):
    """`serve.py --listen-host 0.0.0.0 --public-host atlas.example.org`, one replica; its port."""
    folder = tmp_path_factory.mktemp("lan")
    state_file, log_path, port = folder / "state.json", folder / "serve.log", serve.free_port()
    with log_path.open("wb") as log:
        launcher = subprocess.Popen(
            [sys.executable, str(ROOT / "deploy" / "serve.py"), "--state", str(state_file),
             "--replicas", "1", "--port", str(port), "--listen-host", "0.0.0.0",
             "--public-host", "atlas.example.org"],
            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
            env={k: v for k, v in os.environ.items() if k != "ATLAS_BOUNDARIES"},
        )  # fmt: skip
    deadline = time.monotonic() + 180
    try:
        while not (serve.read_state(state_file) or {}).get("ready"):
            assert time.monotonic() < deadline, f"not started; log:\n{log_path.read_text()}"
            try:  # a launcher that fails ends the wait at once
                code = launcher.wait(timeout=0.25)
            except subprocess.TimeoutExpired:
                continue
            raise AssertionError(f"serve.py exited with {code}; log:\n{log_path.read_text()}")
        yield port
    finally:
        launcher.send_signal(signal.SIGTERM)
        launcher.wait(timeout=60)
    assert WELCOME not in log_path.read_text()  # the launcher's own line says where it serves


def handshake(port: int, host: str) -> str:
    """The status line a websocket handshake through nginx (on 127.0.0.1) gets for ``host``."""
    name = f"[{host}]" if ":" in host else host
    with socket.create_connection(("127.0.0.1", port), timeout=60) as sock:
        sock.sendall(
            (
                f"GET /_stcore/stream HTTP/1.1\r\nHost: {name}:{port}\r\n"
                f"Origin: http://{name}:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                "Sec-WebSocket-Protocol: streamlit\r\n\r\n"
            ).encode()
        )
        return sock.recv(4096).split(b"\r\n")[0].decode()


@NEEDS_NGINX
def test_the_public_name_and_the_machine_s_names_open_a_session_through_nginx(lan):
    names = ["atlas.example.org", socket.gethostname(), *deploy_config.network_names()]
    for host in dict.fromkeys(names):
        assert " 101 " in handshake(lan, host), host


@NEEDS_NGINX
def test_another_name_is_still_refused(lan):
    assert " 403 " in handshake(lan, "rebound.example")


def test_a_missing_nginx_is_refused_before_anything_starts(tmp_path):
    result = _launch(tmp_path, env={"ATLAS_NGINX": str(tmp_path / "no-nginx")})
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.startswith("cannot serve the atlas: ATLAS_NGINX=")
    assert "is not an executable file" in result.stderr
    assert "starting" not in result.stdout and WELCOME not in result.stdout + result.stderr


# --- weight: compression and caching through nginx ---------------------------------------------

SCRIPT = b"".join(b"function f%d(a) { return a + %d; }\n" % (i, i) for i in range(2000))
HASHED = "/static/js/index.C1JORDN2.js"  # a Streamlit bundle's name: content-hashed
COMPONENT = "/component/streamlit_folium.st_folium/static/js/main.521860b0.js"
YEAR = "public, max-age=31536000, immutable"


def _tiny_upstream() -> tuple[object, int]:
    """A stand-in for a replica: every path answers with Cache-Control of its own (which nginx
    must replace where the deployment decides); scripts under static/, HTML elsewhere, an HTML
    page at an unknown bundle (as Streamlit answers one), a websocket handshake that echoes the
    extensions it was offered."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Replica(BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path == "/_stcore/stream":
                self.send_response(101)
                self.send_header("Upgrade", "websocket")
                self.send_header("Connection", "Upgrade")
                offered = self.headers.get("Sec-WebSocket-Extensions", "none offered")
                self.send_header("Sec-WebSocket-Extensions", offered)
                self.end_headers()
                return
            suffix = Path(self.path.split("?")[0]).suffix
            kind = {".js": "text/javascript", ".woff2": "font/woff2"}.get(suffix)
            if "gone" in self.path:
                kind = None  # no such bundle: Streamlit answers with its page
            body = SCRIPT if kind else b"<!doctype html><title>page</title>" + b" " * 2000
            self.send_response(200)
            self.send_header("Content-Type", kind or "text/html")
            self.send_header("Cache-Control", "public, max-age=999")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Replica)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, server.server_address[1]


@pytest.fixture(scope="module")
def light(tmp_path_factory):
    """nginx with the deployment's configuration in front of the tiny upstream, with a static
    edition of one page and one script; its port."""
    upstream, upstream_port = _tiny_upstream()
    with tempfile.TemporaryDirectory(prefix="atlas-light-") as folder:
        root, run = Path(folder) / "repo", Path(folder) / "run"
        (root / "site" / "assets").mkdir(parents=True)
        (root / "site" / "index.html").write_text("<h1>edition</h1>" + " " * 2000)
        (root / "site" / "assets" / "explorer.js").write_bytes(SCRIPT)
        run.mkdir()
        for path in (Path(folder), root, root / "site", root / "site" / "assets", run):
            path.chmod(0o755)
        port = serve.free_port()
        config = deploy_config.render_config(
            [f"127.0.0.1:{upstream_port}"], f"127.0.0.1:{port}", run, root,
            deploy_config._nginx_user(),
        )  # fmt: skip
        (run / "nginx.conf").write_text(config)
        nginx = subprocess.Popen(
            [deploy_config.find_nginx(), "-p", f"{run}/", "-c", str(run / "nginx.conf"),
             "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + 20
            while True:
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/site/", timeout=2).close()
                    break
                except (urllib.error.URLError, ConnectionError) as exc:
                    assert nginx.poll() is None, nginx.stderr.read().decode()
                    if time.monotonic() > deadline:
                        raise AssertionError(f"nginx did not answer on port {port}") from exc
                    time.sleep(0.2)  # polling nginx's start, bounded by the deadline
            yield port
        finally:
            nginx.terminate()
            nginx.wait(timeout=10)
            upstream.shutdown()


def _get(port: int, path: str, encoding: str = "") -> tuple[dict, bytes]:
    """Headers (lower-case names) and raw body of GET ``path``, asking for ``encoding``."""
    headers = {"Accept-Encoding": encoding} if encoding else {}
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers)
    with urllib.request.urlopen(request, timeout=10) as response:
        return {k.lower(): v for k, v in response.headers.items()}, response.read()


@NEEDS_NGINX
@pytest.mark.parametrize("path", [HASHED, COMPONENT, "/site/assets/explorer.js"])
def test_a_script_comes_gzipped_when_asked_and_whole_when_not(light, path):
    import gzip

    headers, body = _get(light, path, "gzip")
    assert headers.get("content-encoding") == "gzip", headers
    assert "Accept-Encoding" in headers.get("vary", "")
    assert gzip.decompress(body) == SCRIPT
    assert len(body) < len(SCRIPT) / 4
    headers, body = _get(light, path)
    assert "content-encoding" not in headers and body == SCRIPT


@NEEDS_NGINX
@pytest.mark.skipif(
    not deploy_config.BROTLI_MODULE.is_file(), reason="nginx's brotli module is not installed"
)
def test_a_script_comes_in_brotli_when_the_module_is_installed_and_the_browser_asks(light):
    headers, body = _get(light, HASHED, "gzip, deflate, br")
    assert headers.get("content-encoding") == "br", headers
    assert len(body) < len(SCRIPT) / 4


def test_without_the_brotli_module_the_configuration_has_gzip_alone(tmp_path):
    config = deploy_config.render_config(REPLICAS, "8080", tmp_path, brotli_module=None)
    directives = "\n".join(line for line in config.splitlines() if not line.strip().startswith("#"))
    assert "gzip on;" in directives and "gzip_types text/css" in directives
    assert not re.search(r"^\s*(brotli\w*|load_module) ", directives, re.M)
    module = tmp_path / "ngx_http_brotli_filter_module.so"
    module.write_bytes(b"")
    config = deploy_config.render_config(REPLICAS, "8080", tmp_path, brotli_module=module)
    assert config.index(f"load_module {module};") < config.index("events {")
    assert "brotli on;" in config and "brotli_types text/css" in config


@NEEDS_NGINX
@pytest.mark.parametrize("path", [HASHED, COMPONENT, "/static/media/KaTeX_Main.BQhdFMY1.woff2"])
def test_hashed_bundles_are_kept_a_year(light, path):
    headers, _ = _get(light, path, "gzip")
    assert headers["cache-control"] == YEAR


@NEEDS_NGINX
@pytest.mark.parametrize(
    "path",
    [
        "/",  # the app's page
        "/data?lang=es",  # another page of the app
        "/static/js/gone.C1JORDN2.js",  # an old bundle: the replica answers with its page
        "/component/streamlit_folium.st_folium/index.html",
        "/site/",
        "/site/index.html",
    ],
)
def test_pages_and_html_are_asked_again_each_time(light, path):
    headers, _ = _get(light, path)
    assert headers["cache-control"] == "no-cache"


@NEEDS_NGINX
@pytest.mark.parametrize("path", ["/site/assets/explorer.js", "/app/static/vendor/leaflet.js"])
def test_files_with_fixed_names_are_kept_ten_minutes_then_asked_again(light, path):
    headers, _ = _get(light, path)
    assert headers["cache-control"] == "public, max-age=600, must-revalidate"


@NEEDS_NGINX
def test_the_websocket_s_compression_offer_and_answer_pass_through_nginx(light):
    """permessage-deflate is negotiated between the browser and Streamlit: nginx passes the
    browser's offer to the replica and the replica's answer back."""
    offer = "permessage-deflate; client_max_window_bits"
    with socket.create_connection(("127.0.0.1", light), timeout=10) as sock:
        sock.sendall(
            (
                f"GET /_stcore/stream HTTP/1.1\r\nHost: 127.0.0.1:{light}\r\n"
                "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                f"Sec-WebSocket-Extensions: {offer}\r\n\r\n"
            ).encode()
        )
        answer = sock.recv(4096).decode()
    assert answer.startswith("HTTP/1.1 101 "), answer
    assert f"Sec-WebSocket-Extensions: {offer}" in answer


@NEEDS_NGINX
def test_nginx_accepts_the_configuration_without_brotli(tmp_path):
    config = deploy_config.render_config(
        REPLICAS[:2], f"127.0.0.1:{serve.free_port()}", tmp_path,
        user=deploy_config._nginx_user(), brotli_module=None,
    )  # fmt: skip
    (tmp_path / "nginx.conf").write_text(config)
    tmp_path.chmod(0o755)
    nginx = [deploy_config.find_nginx(), "-t", "-p", f"{tmp_path}/"]
    result = subprocess.run(
        [*nginx, "-c", str(tmp_path / "nginx.conf")], capture_output=True, text=True, timeout=30
    )
    assert result.returncode == 0, result.stderr
