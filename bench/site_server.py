"""The static edition as the bench serves it: built, with the floor page beside it, behind nginx.

``served_site()`` builds the site into a scratch folder (as `make site` does; the build is timed),
writes the floor page (a bare folium file of the same 25 polygons, Leaflet from the site's copy)
into it, and starts nginx with **the deployment's own configuration**
(``deploy.config.render_config``, what `make serve` runs and docs/DEPLOY.md ships), which serves
``<root>/site/`` at ``/site/``. The configuration needs a replica to send the rest to; the bench
names a loopback port nothing listens on, since only ``/site/`` is asked for. nginx gets its own
folder (configuration, pid, logs, temp paths) and a free loopback port: never the system service.
"""

from __future__ import annotations

import contextlib
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bench.page import LANG
from deploy.config import find_nginx, nginx_user, render_config
from devtools.server import HOST, free_port, is_healthy

START_TIMEOUT_S = 20.0
FLOOR_DIR = "bench-floor"  # in the built site's folder, so that nginx serves it as the site
HEALTH_FILE = "health"  # in FLOOR_DIR: "ok", what devtools.server.is_healthy asks for


@dataclass
class SiteServer:
    """The built site (``site``), its size as built, and nginx serving it at ``url``/site/."""

    site: Path
    build_s: float
    site_bytes: int
    site_files: int
    url: str = ""
    run_dir: Path | None = None
    proc: subprocess.Popen | None = None

    @property
    def explorer_url(self) -> str:
        return f"{self.url}/site/{LANG}/map.html"

    @property
    def floor_url(self) -> str:
        return f"{self.url}/site/{FLOOR_DIR}/index.html"

    def log_tail(self, lines: int = 20) -> str:
        """The end of nginx's error log."""
        log = self.run_dir / "error.log" if self.run_dir else None
        if log is None or not log.exists():
            return "(no error log)"
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])


def build(scratch: Path) -> SiteServer:
    """The site, built into ``scratch/site`` as `make site` builds it; its size before the floor."""
    from geo.site.build import build_site

    built = build_site(scratch / "site")
    files = [p for p in built.out.rglob("*") if p.is_file()]
    return SiteServer(built.out, built.seconds, sum(p.stat().st_size for p in files), len(files))


def write_floor(site: Path) -> Path:
    """The physical floor: a bare folium map of the explorer's own 25 outlines, Leaflet from the
    site's copy, and nothing else (no tiles, no other script or stylesheet)."""
    import folium

    from geo.boundaries import read_boundaries
    from geo.paths import BOUNDARIES_FILE
    from geo.site.data import geometry_data

    outlines = geometry_data(read_boundaries(BOUNDARIES_FILE))["departments"]
    fmap = folium.Map(location=[-9.2, -75.0], zoom_start=5, tiles=None)
    fmap.default_js = [("leaflet", "../assets/leaflet/leaflet.js")]
    fmap.default_css = [("leaflet_css", "../assets/leaflet/leaflet.css")]
    folium.GeoJson(outlines, name="departments").add_to(fmap)
    folder = site / FLOOR_DIR
    folder.mkdir()
    (folder / HEALTH_FILE).write_text("ok\n", encoding="utf-8")
    path = folder / "index.html"
    path.write_text(fmap.get_root().render(), encoding="utf-8")
    return path


def _readable(root: Path) -> None:
    """Let nginx's workers read ``root``: started as root, they run as an unprivileged user."""
    for path in [root, *root.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    for parent in root.parents:
        if str(parent) == tempfile.gettempdir():
            break
        parent.chmod(parent.stat().st_mode | 0o055)


def start_nginx(server: SiteServer, scratch: Path) -> None:
    """nginx with the deployment's configuration, serving ``scratch/site`` at /site/; healthy."""
    binary = find_nginx()
    server.run_dir = scratch / "nginx"
    server.run_dir.mkdir(mode=0o755)
    port = free_port()
    config = render_config(
        [f"{HOST}:{free_port()}"],  # a replica nothing answers on: only /site/ is asked for
        f"{HOST}:{port}",
        server.run_dir,
        root=scratch,
        user=nginx_user(),
    )
    conf = server.run_dir / "nginx.conf"
    conf.write_text(config, encoding="utf-8")
    _readable(scratch)
    argv = [
        binary,
        "-c",
        str(conf),
        "-p",
        str(server.run_dir),
        "-e",
        str(server.run_dir / "error.log"),
    ]
    server.proc = subprocess.Popen(
        [*argv, "-g", "daemon off;"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    server.url = f"http://{HOST}:{port}"
    health = f"{server.url}/site/{FLOOR_DIR}/{HEALTH_FILE}"
    deadline = time.monotonic() + START_TIMEOUT_S
    while not is_healthy(health):
        if server.proc.poll() is not None or time.monotonic() > deadline:
            stop_nginx(server)
            raise RuntimeError(f"nginx did not serve {health}:\n{server.log_tail()}")
        time.sleep(0.1)


def stop_nginx(server: SiteServer) -> None:
    """Stop nginx (kill it if it does not stop within 10 s)."""
    proc = server.proc
    if proc is None or proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=5)


@contextlib.contextmanager
def served_site() -> Iterator[SiteServer]:
    """The site built, the floor beside it, nginx serving both; everything removed on leaving."""
    with tempfile.TemporaryDirectory(prefix="atlas-site-bench-") as scratch:
        server = build(Path(scratch))
        write_floor(server.site)
        start_nginx(server, Path(scratch))
        try:
            yield server
        finally:
            stop_nginx(server)
