"""What the deployment tells readers' links: the replicas learn where the static edition is
(ATLAS_STATIC_URL, /site/ when built), and nginx gives the live pages the static edition's
description and preview image (deploy/previews.py), checked through nginx in front of a stand-in
replica that answers as Streamlit does: its own index.html for every page path."""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import streamlit

from deploy import config as deploy_config
from deploy import supervisor as deploy_supervisor
from deploy.previews import STREAMLIT_TITLE, head_html, preview_fields, read_head
from devtools.server import free_port

ROOT = Path(__file__).resolve().parent.parent
INDEX = Path(streamlit.__file__).parent / "static" / "index.html"  # what Streamlit answers
CSS = INDEX.parent / "static" / "css"  # Streamlit's stylesheets
NEEDS_NGINX = pytest.mark.skipif(
    shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists(),
    reason="nginx is not installed (make test-setup installs it as root)",
)


# --- the replicas' ATLAS_STATIC_URL -------------------------------------------------------------


def test_serve_sends_readers_to_site_when_the_static_edition_is_built(tmp_path):
    assert deploy_config.static_url(None, tmp_path) is None
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text("<h1>edition</h1>")
    assert deploy_config.static_url(None, tmp_path) == "/site/"
    assert deploy_config.static_url(" ", tmp_path) == "/site/"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("https://atlas.example.org/reports", "https://atlas.example.org/reports/"),
        ("http://127.0.0.1:9000/", "http://127.0.0.1:9000/"),
        ("/atlas-static", "/atlas-static/"),
    ],
)
def test_a_given_static_address_is_passed_on(tmp_path, given, expected):
    assert deploy_config.static_url(given, tmp_path) == expected


@pytest.mark.parametrize(
    "bad", ["atlas.example.org/reports", "//evil.example/", "ftp://x/", "/site/?a=1", "ja va"]
)
def test_a_static_address_that_is_not_one_is_refused_with_what_was_expected(tmp_path, bad):
    with pytest.raises(deploy_config.Refused, match="expected where the static edition"):
        deploy_config.static_url(bad, tmp_path)


def test_every_replica_is_told_the_static_address(tmp_path):
    stack = deploy_supervisor.Stack(
        run_dir=tmp_path, replicas=[deploy_config.Replica("r1", "127.0.0.1:8601")],
        listen_host="127.0.0.1", port=8080, hosts=["localhost"], ancestors="*", root=ROOT,
        nginx="/usr/sbin/nginx", secret="ab" * 32, static_url="/site/",
    )  # fmt: skip
    conf = deploy_supervisor.render_supervisord(stack)
    assert 'ATLAS_STATIC_URL="/site/"' in conf
    assert stack.state()["static_url"] == "/site/"
    stack.static_url = None
    assert "ATLAS_STATIC_URL" not in deploy_supervisor.render_supervisord(stack)


# --- the live pages' previews -------------------------------------------------------------------


def test_without_a_built_edition_nothing_is_written_into_the_pages(tmp_path):
    assert preview_fields(tmp_path) == {"PREVIEW_MAPS": "", "PREVIEW_FILTER": ""}
    config = deploy_config.render_config(["127.0.0.1:8501"], "8080", tmp_path, tmp_path)
    assert "atlas_preview" not in config and STREAMLIT_TITLE not in config


def test_a_head_s_text_can_say_nothing_to_nginx_or_to_the_page():
    from deploy.previews import Head

    hostile = 'A "$host" \\ <script>; } server { ' + "\n"
    head = Head(hostile, [("name", "description", hostile), ("property", "og:image", "../x.png")])
    text = head_html(head, "/site/es/map.html")
    assert "<script" not in text and '"$host' not in text and "\\" not in text and "\n" not in text
    assert "&#36;host" in text and "&#92;" in text and "&lt;script&gt;" in text
    # the one variable written on purpose: the host the reader asked for, for the image
    assert 'content="$scheme://$atlas_preview_host/site/x.png"' in text


def _replica() -> tuple[ThreadingHTTPServer, int]:
    """A stand-in for a replica: Streamlit's own stylesheets at their paths and its index.html for
    every other path, uncompressed."""
    page = INDEX.read_bytes()

    class Replica(BaseHTTPRequestHandler):
        def do_GET(self):
            path = self.path.split("?")[0]
            css = path.startswith("/static/css/") and (CSS / Path(path).name).is_file()
            body = (CSS / Path(path).name).read_bytes() if css else page
            self.send_response(200)
            self.send_header("Content-Type", "text/css" if css else "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Replica)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, server.server_address[1]


@pytest.fixture(scope="module")
def previewed(built_site):
    """nginx with the deployment's configuration, the built static edition at /site/, in front
    of the stand-in replica; (its address, the edition's folder)."""
    replica, replica_port = _replica()
    # Not pytest's tmp_path: its parents are private, and nginx's workers run as nobody as root.
    folder = Path(tempfile.mkdtemp(prefix="atlas-previews-"))
    try:
        root, run = folder / "repo", folder / "run"
        shutil.copytree(built_site, root / "site")
        run.mkdir()
        for path in (folder, root, run):
            path.chmod(0o755)
        port = free_port()
        config = deploy_config.render_config(
            [f"127.0.0.1:{replica_port}"], f"127.0.0.1:{port}", run, root,
            deploy_config.nginx_user(),
        )  # fmt: skip
        (run / "nginx.conf").write_text(config)
        nginx = subprocess.Popen(
            [deploy_config.find_nginx(), "-p", f"{run}/", "-c", str(run / "nginx.conf"),
             "-g", "daemon off;"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )  # fmt: skip
        try:
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 20
            while True:
                try:
                    urllib.request.urlopen(f"{base}/site/", timeout=2).close()
                    break
                except (urllib.error.URLError, ConnectionError) as exc:
                    assert nginx.poll() is None, nginx.stderr.read().decode()
                    if time.monotonic() > deadline:
                        raise AssertionError(f"nginx did not answer on port {port}") from exc
                    time.sleep(0.2)  # polling nginx's start, bounded by the deadline
            yield base, root / "site"
        finally:
            nginx.terminate()
            nginx.wait(timeout=10)
    finally:
        replica.shutdown()
        shutil.rmtree(folder, ignore_errors=True)


def _get(url: str, encoding: str = "gzip") -> tuple[dict, bytes]:
    import gzip

    request = urllib.request.Request(url, headers={"Accept-Encoding": encoding})
    with urllib.request.urlopen(request, timeout=10) as response:
        headers = {k.lower(): v for k, v in response.headers.items()}
        body = response.read()
    if headers.get("content-encoding") == "gzip":
        body = gzip.decompress(body)
    return headers, body


def _head_of(html: bytes, tmp: Path) -> dict[str, str]:
    page = tmp / "page.html"
    page.write_bytes(html)
    head = read_head(page)
    return {"title": head.title, **{key: content for _, key, content in head.metas}}


# (live address, the static page whose head it gets)
LIVE_PAGES = [
    ("/?lang=en&layer=origin&measure=per_100k&routes=lima&dept=17", "en/map-origin-per-100k.html"),
    ("/?layer=poverty", "es/map-poverty-pct.html"),
    ("/?lang=es&layer=complaints", "es/map-complaints-count.html"),
    ("/?lang=en", "en/map.html"),
    ("/?lang=en&layer=upload", "en/map.html"),
    ("/overview?lang=en&embed=true&chart=justice_funnel", "en/embed/chart-justice-funnel.html"),
    ("/overview?lang=es", "es/overview.html"),
    ("/justice?lang=en", "en/justice.html"),
    ("/routes?lang=es", "es/routes.html"),
    ("/story?lang=en&step=3", "en/story.html"),
    ("/data?lang=es&tab=cite", "es/data.html"),
    ("/nonexistent", "es/map.html"),
]


@NEEDS_NGINX
@pytest.mark.parametrize(("live", "static"), LIVE_PAGES)
def test_a_live_page_has_the_description_and_preview_of_its_static_page(
    previewed, tmp_path, live, static
):
    from PIL import Image

    base, site = previewed
    headers, html = _get(base + live)
    assert headers.get("content-encoding") == "gzip"  # compressed after the head is written
    got = _head_of(html, tmp_path)
    want = {"title": read_head(site / static).title}
    want.update({key: content for _, key, content in read_head(site / static).metas})
    image = want.pop("og:image")
    for key in ("og:url", "twitter:image"):
        want.pop(key, None)
    assert {k: got.get(k) for k in want} == want
    assert got["description"] and got["og:description"] == got["description"]
    # the static page's image, absolute on the host the reader asked for, and there
    absolute = urlsplit(image).scheme in ("http", "https")
    assert got["og:image"] == (image if absolute else base + urljoin(f"/site/{static}", image))
    assert got["twitter:image"] == got["og:image"]
    headers, png = _get(got["og:image"], encoding="")
    assert headers["content-type"] == "image/png"
    assert Image.open(io.BytesIO(png)).size == (1200, 630)
    assert STREAMLIT_TITLE.encode() not in html and b'<div id="root">' in html


def test_streamlit_s_page_has_what_nginx_rewrites():
    """What nginx's sub_filter looks for in the installed Streamlit's page, once: its title (an
    upgrade that moves it fails here)."""
    html = INDEX.read_text(encoding="utf-8")
    assert html.count(STREAMLIT_TITLE) == 1


@NEEDS_NGINX
def test_the_rest_of_streamlit_s_page_is_left_as_it_is(previewed):
    base, _ = previewed
    _, html = _get(base + "/?lang=es")
    page = INDEX.read_bytes()
    before, _, after = page.partition(STREAMLIT_TITLE.encode())
    assert html.startswith(before) and html.endswith(after)
