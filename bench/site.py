"""Measure the static edition against its budgets (docs/DESIGN.md, "Static edition").

Usage: ``python bench/site.py`` (``--runs``, ``--sessions``, ``--clients``, ``--seconds``). Builds the
site into a scratch folder (timed: what `make site` costs), serves it with nginx from Debian's
packages on a free loopback port, and drives Debian's Chromium through Playwright:

- explorer time to polygons over HTTP against the physical floor: a bare folium HTML file of the
  same 25 polygons, with Leaflet from the same files, on the same server, in the same run;
- deck step change (key press to the next frame with the new step shown);
- the site's total size and the explorer page's transfer size (without the shared Leaflet);
- 200 concurrent HTTP clients (wrk) fetching the explorer and its assets from nginx;
- 20 concurrent browser sessions on the explorer (median and p95 time to polygons), and the same
  test on the live app (a warm atlas server started for it, ``--no-live`` to skip) beside it.

Self-contained: ``measure(args) -> list[Figure]`` is what a registry of measurements calls; run
alone, it prints its table and writes ``bench/results/site.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_VENV_PYTHON = ROOT / ".venv" / "bin" / "python"
try:  # `python bench/site.py` from a Python without the project's packages: use the venv's
    import playwright  # noqa: F401
except ImportError:
    if _VENV_PYTHON.exists() and Path(sys.prefix).resolve() != _VENV_PYTHON.parent.parent.resolve():
        os.execv(str(_VENV_PYTHON), [str(_VENV_PYTHON), *sys.argv])
    raise

sys.path.insert(0, str(ROOT))
from bench.figures import Figure  # noqa: E402
from bench.figures import median as _median  # noqa: E402
from bench.figures import p95 as _p95  # noqa: E402
from bench.figures import rounded as _r  # noqa: E402
from devtools.chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402  (the tests' launch recipe)

RESULTS_DIR = ROOT / "bench" / "results"
VIEWPORT = {"width": 1400, "height": 1000}
N_POLYGONS = 25
LANG = "es"

BUDGET_RATIO = 1.2
BUDGET_STEP_MS = 100.0
BUDGET_SITE_MB = 15.0
BUDGET_EXPLORER_KB = 600.0
BUDGET_CLIENTS = 200
BUDGET_SESSIONS = 20

# Before any script of the page: note performance.now() (ms since the navigation began) at the
# first animation frame at which >= 25 filled polygons are drawn: SVG paths of Leaflet's overlay
# pane with a fill and no arc command (circle markers are arcs; route lines have fill="none").
POLYGONS_INIT_JS = """
(() => {
  if (window.top !== window) return;
  const n = __N__;
  const tick = () => {
    let k = 0;
    for (const p of document.querySelectorAll('.leaflet-overlay-pane path')) {
      const fill = p.getAttribute('fill'); const d = p.getAttribute('d') || '';
      if (fill && fill !== 'none' && d.length > 4 && !/a/i.test(d)) k++;
    }
    if (k >= n) { window.__polygonsMs = performance.now(); return; }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();
""".replace("__N__", str(N_POLYGONS))

# In the deck: from each key press to the frame after the one that shows the new step.
STEP_TIMER_JS = """
(() => {
  window.__steps = [];
  document.addEventListener('keydown', (e) => {
    const t0 = e.timeStamp;
    requestAnimationFrame(() => requestAnimationFrame(() => {
      window.__steps.push({ms: performance.now() - t0,
                           step: document.documentElement.getAttribute('data-step')});
    }));
  }, true);
})();
"""


def not_measured(fid: str, label: str, unit: str, budget: str, reason: str) -> Figure:
    return Figure(fid, label, None, unit, budget, None, note=f"not measured: {reason}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- the files served ------------------------------------------------------------------------


def build(scratch: Path) -> tuple[Path, float]:
    """The site, built as `make site` builds it, and the seconds the build took."""
    from geo.site.build import build_site

    report = build_site(scratch / "site")
    return report.out, report.seconds


def write_floor(scratch: Path) -> Path:
    """The physical floor: a bare folium map of the same 25 polygons, Leaflet from the site."""
    import folium

    from geo.boundaries import read_boundaries
    from geo.paths import BOUNDARIES_FILE
    from geo.site.data import geometry_data

    outlines = geometry_data(read_boundaries(BOUNDARIES_FILE))["departments"]
    fmap = folium.Map(location=[-9.2, -75.0], zoom_start=5, tiles=None)
    fmap.default_js = [("leaflet", "../site/assets/leaflet/leaflet.js")]
    fmap.default_css = [("leaflet_css", "../site/assets/leaflet/leaflet.css")]
    folium.GeoJson(outlines, name="departments").add_to(fmap)
    path = scratch / "floor" / "index.html"
    path.parent.mkdir()
    path.write_text(fmap.get_root().render(), encoding="utf-8")
    return path


# --- nginx -----------------------------------------------------------------------------------

MIME = {
    "text/html": "html",
    "text/css": "css",
    "application/javascript": "js",
    "application/json": "json",
    "application/geo+json": "geojson",
    "text/csv": "csv",
    "text/plain": "txt",
    "image/png": "png",
    "image/svg+xml": "svg",
    "application/zip": "zip",
}


class Nginx:
    """nginx serving ``root`` on a free loopback port, with its own config, pid and temp paths."""

    def __init__(self, root: Path, scratch: Path) -> None:
        self.binary = shutil.which("nginx") or "/usr/sbin/nginx"
        if not Path(self.binary).exists():
            raise FileNotFoundError(
                "nginx is not installed: expected Debian's package (scripts/install_test_deps.sh)"
            )
        self.port = free_port()
        self.prefix = scratch / "nginx"
        self.prefix.mkdir()
        types = "".join(f"    {mime} {ext};\n" for mime, ext in MIME.items())
        conf = self.prefix / "nginx.conf"
        conf.write_text(
            f"""worker_processes 2;
pid {self.prefix}/nginx.pid;
error_log {self.prefix}/error.log warn;
daemon off;
events {{ worker_connections 4096; }}
http {{
  types {{
{types}  }}
  default_type application/octet-stream;
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_timeout 30;
  keepalive_requests 100000;
  client_body_temp_path {self.prefix}/body;
  proxy_temp_path {self.prefix}/proxy;
  fastcgi_temp_path {self.prefix}/fastcgi;
  uwsgi_temp_path {self.prefix}/uwsgi;
  scgi_temp_path {self.prefix}/scgi;
  server {{
    listen 127.0.0.1:{self.port};
    root {root};
    location / {{ try_files $uri $uri/ =404; }}
  }}
}}
""",
            encoding="utf-8",
        )
        # nginx's workers run as an unprivileged user when started as root: let them read.
        for path in [root, *root.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        for parent in root.parents:
            if str(parent) == tempfile.gettempdir():
                break
            parent.chmod(parent.stat().st_mode | 0o055)
        self.proc = subprocess.Popen(
            [
                self.binary,
                "-c",
                str(conf),
                "-p",
                str(self.prefix),
                "-e",
                str(self.prefix / "error.log"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        self.base = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(f"{self.base}/site/index.html", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                err = self.proc.stderr.read().decode(errors="replace") if self.proc.stderr else ""
                self.stop()
                raise RuntimeError(f"nginx did not serve {self.base}/site/index.html: {err[:500]}")
            time.sleep(0.1)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)


# --- browser measurements --------------------------------------------------------------------


def _load(browser, url: str, timeout_s: float = 60.0) -> dict:
    """One load of ``url`` in a fresh context: ms to the polygons, and what was fetched."""
    context = browser.new_context(viewport=VIEWPORT)
    context.add_init_script(POLYGONS_INIT_JS)
    fetched: list[str] = []
    # Nothing but the local server: every request is seen, and one to another host stops the
    # bench. Seen, not intercepted: a route with a pattern makes Playwright hold each request
    # until its own process has matched it, a delay per request that a reader never has and
    # that would weigh on the page with more files (the explorer, its shared scripts apart).
    foreign: list[str] = []
    page = context.new_page()
    page.on("request", lambda req: foreign.append(req.url) if not _local(req.url) else None)
    page.on("requestfinished", lambda req: fetched.append(req.url))
    try:
        page.goto(url, wait_until="commit")
        page.wait_for_function("() => window.__polygonsMs !== undefined", timeout=timeout_s * 1000)
        ms = page.evaluate("window.__polygonsMs")
        page.wait_for_load_state("load")
        if foreign:
            raise RuntimeError(f"{url} asked another host: {foreign[:3]}")
        return {"ms": ms, "fetched": fetched}
    finally:
        context.close()


def _local(url: str) -> bool:
    """A request to the local server (or a page's own data: and blob: URLs)."""
    return url.startswith(("http://127.0.0.1:", "data:", "blob:", "about:"))


def measure_loads(browser, base: str, runs: int) -> tuple[Figure, list[str]]:
    """Explorer vs floor time to polygons, alternating, each in a fresh context."""
    explorer, floor = f"{base}/site/{LANG}/map.html", f"{base}/floor/index.html"
    _load(browser, explorer)  # warm the server's file cache and the browser's compiled code
    _load(browser, floor)
    times = {"explorer": [], "floor": []}
    fetched: list[str] = []
    for _ in range(runs):
        result = _load(browser, explorer)
        times["explorer"].append(result["ms"])
        fetched = result["fetched"]
        times["floor"].append(_load(browser, floor)["ms"])
    ratio = _median(times["explorer"]) / _median(times["floor"])
    figure = Figure(
        "site_load_ratio",
        "Static explorer time to polygons / bare folium file (nginx)",
        round(ratio, 2),
        "x",
        f"<= {BUDGET_RATIO}",
        ratio <= BUDGET_RATIO,
        detail={
            "explorer_median_ms": _r(_median(times["explorer"])),
            "floor_median_ms": _r(_median(times["floor"])),
            "explorer_ms": [_r(x) for x in times["explorer"]],
            "floor_ms": [_r(x) for x in times["floor"]],
        },
    )
    return figure, fetched


def measure_deck(browser, base: str) -> Figure:
    """Key press to the next frame with the new step, over every step forward and back."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    try:
        page = context.new_page()
        page.goto(f"{base}/site/{LANG}/story.html")
        page.wait_for_function("document.documentElement.dataset.ready === 'true'", timeout=60_000)
        page.evaluate(STEP_TIMER_JS)
        count = int(page.locator("#deck").get_attribute("data-count"))
        keys = ["ArrowRight"] * (count - 1) + ["ArrowLeft"] * (count - 1)
        for i, key in enumerate(keys, 1):
            page.keyboard.press(key)
            page.wait_for_function(f"window.__steps.length >= {i}")
        steps = page.evaluate("window.__steps")
    finally:
        context.close()
    times = [s["ms"] for s in steps]
    if [s["step"] for s in steps][count - 2] != str(count):
        raise RuntimeError(f"the deck did not reach step {count}: {steps}")
    value = _median(times)
    return Figure(
        "deck_step_ms",
        "Deck step change (key to next frame, median)",
        _r(value),
        "ms",
        f"<= {BUDGET_STEP_MS:g} ms",
        value <= BUDGET_STEP_MS and max(times) <= BUDGET_STEP_MS,
        detail={
            "p95_ms": _r(_p95(times)),
            "max_ms": _r(max(times)),
            "runs_ms": [_r(x) for x in times],
        },
        note="passes when the median and the slowest step are within the budget",
    )


def measure_sessions(browser, base: str, sessions: int) -> Figure:
    """``sessions`` fresh contexts open the explorer at once; each waits for its polygons."""
    contexts, pages, failed = [], [], []
    url = f"{base}/site/{LANG}/map.html"
    try:
        for _ in range(sessions):
            context = browser.new_context(viewport=VIEWPORT)
            context.add_init_script(POLYGONS_INIT_JS)
            page = context.new_page()
            page.goto(url, wait_until="commit")
            contexts.append(context)
            pages.append(page)
            time.sleep(0.05)  # the live app's test staggers its sessions the same way
        times = []
        for page in pages:
            try:
                page.wait_for_function("() => window.__polygonsMs !== undefined", timeout=180_000)
                times.append(page.evaluate("window.__polygonsMs"))
            except Exception as exc:  # a session that fails is counted, not raised
                failed.append(str(exc).splitlines()[0][:200])
    finally:
        for context in contexts:
            context.close()
    ok = len(times)
    return Figure(
        "site_concurrent_ok",
        f"Concurrent browser sessions on the static explorer ({sessions})",
        ok,
        "ok",
        f"{BUDGET_SESSIONS} of {BUDGET_SESSIONS}, none failing",
        ok == sessions >= BUDGET_SESSIONS and not failed,
        detail={
            "median_ms": _r(_median(times)),
            "p95_ms": _r(_p95(times)),
            "failures": failed,
        },
    )


def measure_live_sessions(sessions: int) -> Figure:
    """The live app beside the explorer: ``sessions`` fresh pages open its map at once.

    The atlas is started as ``bench/run.py`` starts it, warmed by one visit, then measured by
    ``bench.concurrency`` (the live app's own test, ``concurrent_ok``) in this same run.
    """
    import asyncio

    from bench import concurrency, servers
    from bench.page import load_until_polygons
    from bench.run import Bench

    async def run(bench: Bench):
        try:
            browser = await bench.browser()
            await load_until_polygons(browser, f"{bench.servers['atlas'].url}/?lang={LANG}")
            return await concurrency.measure_atlas(bench)
        finally:
            await bench.close()

    with servers.started(["atlas"]) as running:
        bench = Bench(argparse.Namespace(sessions=sessions))
        bench.servers = running
        result = asyncio.run(run(bench))
    ok = int(result.value)
    return Figure(
        "live_concurrent_ok",
        f"Concurrent browser sessions on the live app ({sessions}), for comparison",
        ok,
        "ok",
        "(reference)",
        None,
        detail=result.detail,
    )


# --- sizes -------------------------------------------------------------------------------------


def measure_sizes(site: Path, base: str, fetched: list[str]) -> list[Figure]:
    """The whole site's size, and the bytes the explorer page fetches besides Leaflet."""
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    prefix = f"{base}/site/"
    files = sorted({u.split("?")[0].split("#")[0] for u in fetched if u.startswith(prefix)})
    sizes = {u[len(prefix) :]: (site / u[len(prefix) :]).stat().st_size for u in files}
    own = {k: v for k, v in sizes.items() if "/leaflet/" not in k}
    explorer_kb = sum(own.values()) / 1000
    return [
        Figure(
            "site_total_mb",
            "Static site, total size",
            round(total / 1e6, 2),
            "MB",
            f"<= {BUDGET_SITE_MB:g} MB",
            total / 1e6 <= BUDGET_SITE_MB,
            detail={"files": sum(1 for p in site.rglob("*") if p.is_file())},
        ),
        Figure(
            "explorer_transfer_kb",
            "Explorer page transfer, without the shared Leaflet",
            round(explorer_kb, 1),
            "KB",
            f"<= {BUDGET_EXPLORER_KB:g} KB",
            explorer_kb <= BUDGET_EXPLORER_KB,
            detail={"bytes_by_file": own, "leaflet_bytes": sum(sizes.values()) - sum(own.values())},
            note="uncompressed bytes (nginx's gzip is off); kilobytes of 1,000 bytes",
        ),
    ]


# --- many HTTP clients -------------------------------------------------------------------------


# wrk's script: cycle over the paths; at the end, print the counts as one JSON line.
WRK_LUA = """
local paths = {__PATHS__}
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'ATLAS {"requests": %d, "connect": %d, "read": %d, "write": %d, "status": %d, ' ..
    '"timeout": %d, "p50_us": %d, "p99_us": %d}\\n',
    summary.requests, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
"""


def measure_http_clients(
    nginx: Nginx, paths: list[str], clients: int, seconds: int, scratch: Path
) -> Figure:
    """``clients`` concurrent connections of wrk cycling over the explorer and its assets."""
    label = f"nginx: {clients} concurrent HTTP clients on the explorer and its assets"
    wrk = shutil.which("wrk")
    if wrk is None:
        return not_measured(
            "site_http_clients",
            label,
            "req/s",
            "none failing",
            "wrk is not installed (Debian package wrk; scripts/install_test_deps.sh)",
        )
    script = scratch / "paths.lua"
    listed = ", ".join(json.dumps(p) for p in paths)
    script.write_text(WRK_LUA.replace("__PATHS__", listed), encoding="utf-8")
    threads = max(1, min(4, os.cpu_count() or 1))
    run = subprocess.run(
        [
            wrk,
            "-t",
            str(threads),
            "-c",
            str(clients),
            "-d",
            f"{seconds}s",
            "--timeout",
            "10s",
            "-s",
            str(script),
            nginx.base,
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
    )
    match = re.search(r"ATLAS (\{.*\})", run.stdout)
    if run.returncode != 0 or match is None:
        raise RuntimeError(f"wrk failed ({run.returncode}): {run.stderr[:300] or run.stdout[:300]}")
    stats = json.loads(match.group(1))
    rps = re.search(r"Requests/sec:\s*([\d.]+)", run.stdout)
    errors = sum(stats[k] for k in ("connect", "read", "write", "status", "timeout"))
    return Figure(
        "site_http_clients",
        label,
        float(rps.group(1)) if rps else round(stats["requests"] / seconds, 1),
        "req/s",
        f"{BUDGET_CLIENTS} clients, none failing",
        errors == 0 and clients >= BUDGET_CLIENTS,
        detail={
            **stats,
            "clients": clients,
            "seconds": seconds,
            "threads": threads,
            "paths": paths,
        },
    )


# --- run ---------------------------------------------------------------------------------------


def _shown(figure: Figure) -> Figure:
    """Print a figure as soon as it is measured (a long run shows its progress)."""
    print(f"  {figure.label}: {figure.value} {figure.unit} {figure.note}", flush=True)
    return figure


def _guarded(fid: str, label: str, unit: str, fn, *args) -> Figure:
    """The figure ``fn`` measures, or a not-measured line saying why: one failure loses no other."""
    try:
        return _shown(fn(*args))
    except Exception as exc:
        reason = f"{type(exc).__name__}: {str(exc).splitlines()[0][:300] if str(exc) else ''}"
        return _shown(not_measured(fid, label, unit, "", reason))


def measure(args: argparse.Namespace) -> list[Figure]:
    """Every figure of the static edition (what a registry of measurements calls)."""
    from playwright.sync_api import sync_playwright

    figures: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="atlas-site-bench-") as scratch:
        scratch = Path(scratch)
        site, seconds = build(scratch)
        figures.append(
            Figure(
                "site_build_s",
                "make site (build time)",
                round(seconds, 1),
                "s",
                "(diagnostic)",
                None,
            )
        )
        write_floor(scratch)
        nginx = Nginx(scratch, scratch)
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                try:
                    loads, fetched = measure_loads(browser, nginx.base, args.runs)
                    figures.append(_shown(loads))
                    figures += [_shown(f) for f in measure_sizes(site, nginx.base, fetched)]
                    deck = ("deck_step_ms", "Deck step change", "ms")
                    figures.append(_guarded(*deck, measure_deck, browser, nginx.base))
                    sessions = ("site_concurrent_ok", "Concurrent browser sessions", "ok")
                    figures.append(
                        _guarded(*sessions, measure_sessions, browser, nginx.base, args.sessions)
                    )
                finally:
                    browser.close()
            paths = [
                "/site/" + u.split("/site/", 1)[1] for u in sorted(set(fetched)) if "/site/" in u
            ]
            clients = ("site_http_clients", "nginx: concurrent HTTP clients", "req/s")
            figures.append(
                _guarded(
                    *clients,
                    measure_http_clients,
                    nginx,
                    paths,
                    args.clients,
                    args.seconds,
                    scratch,
                )
            )
        finally:
            nginx.stop()
    if getattr(args, "live", True):  # a caller with its own settings may not name it
        live = ("live_concurrent_ok", "Concurrent browser sessions on the live app", "ok")
        figures.append(_guarded(*live, measure_live_sessions, args.sessions))
    return figures


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """This module's options, for its own command line or a registry's."""
    # 21: with 11 loads of each page the ratio of two ~120 ms medians moved between 1.07 and 1.27
    # from one run to the next on a quiet machine.
    parser.add_argument("--runs", type=int, default=21, help="loads of each page (explorer, floor)")
    parser.add_argument("--sessions", type=int, default=BUDGET_SESSIONS, help="browser sessions")
    parser.add_argument("--clients", type=int, default=BUDGET_CLIENTS, help="wrk connections")
    parser.add_argument("--seconds", type=int, default=10, help="wrk duration")
    parser.add_argument(
        "--no-live",
        dest="live",
        action="store_false",
        help="skip the live app's concurrent sessions (measured beside the explorer's)",
    )


def _extra(f: Figure) -> str:
    d = f.detail
    if f.id == "site_load_ratio":
        return f"explorer {d['explorer_median_ms']} ms, floor {d['floor_median_ms']} ms"
    if f.id == "deck_step_ms":
        return f"p95 {d['p95_ms']} ms, slowest {d['max_ms']} ms"
    if f.id in ("site_concurrent_ok", "live_concurrent_ok") and d:
        return f"median {d['median_ms']} ms, p95 {d['p95_ms']} ms to polygons"
    if f.id == "site_http_clients" and d:
        errors = sum(d[k] for k in ("connect", "read", "write", "status", "timeout"))
        p99 = d["p99_us"] / 1000
        return f"{d['requests']} requests in {d['seconds']} s, {errors} failed, p99 {p99:.1f} ms"
    if f.id == "explorer_transfer_kb" and d:
        return f"Leaflet {d['leaflet_bytes'] / 1000:.1f} KB besides"
    return f.note


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_arguments(parser)
    args = parser.parse_args()
    started = time.perf_counter()
    load = os.getloadavg()[0]
    figures = measure(args)
    for f in figures:
        value = "-" if f.value is None else f"{f.value:g} {f.unit}"
        result = {True: "PASS", False: "FAIL", None: "-"}[f.passed]
        if f.note.startswith("not measured"):
            result = "NOT MEASURED"
        print(f"{f.label:<66} {value:<14} {f.budget:<28} {result:<6} {_extra(f)}")
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    (RESULTS_DIR / "site.json").write_text(
        json.dumps(
            {
                "elapsed_s": round(time.perf_counter() - started, 1),
                "load_average_1min": {
                    "before": round(load, 2),
                    "after": round(os.getloadavg()[0], 2),
                },
                "settings": vars(args),
                "figures": [asdict(f) for f in figures],
            },
            indent=1,
            ensure_ascii=False,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"\n({time.perf_counter() - started:.0f} s; results in bench/results/site.json)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
