"""Measure the atlas against its performance budgets (docs/DESIGN.md); print and save them.

Usage: ``python bench/run.py`` (or ``make bench``). Starts the atlas and a baseline Streamlit page
on free local ports, drives Chromium through Playwright, and writes ``bench/results/latest.json``.
Budgets are reported, not enforced: the exit status is 0 unless the benchmark itself breaks.
See bench/README.md for what each figure means and how it is measured.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_VENV_PYTHON = ROOT / ".venv" / "bin" / "python"

# `python bench/run.py` from a Python without the project's packages: rerun with the project's venv.
try:
    import playwright  # noqa: F401
    import streamlit  # noqa: F401
except ImportError:
    if _VENV_PYTHON.exists() and Path(sys.prefix).resolve() != _VENV_PYTHON.parent.parent.resolve():
        os.execv(str(_VENV_PYTHON), [str(_VENV_PYTHON), *sys.argv])
    raise

import argparse  # noqa: E402
import asyncio  # noqa: E402
import base64  # noqa: E402
import cProfile  # noqa: E402
import datetime as dt  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import logging  # noqa: E402
import math  # noqa: E402
import platform  # noqa: E402
import pstats  # noqa: E402
import socket  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
import urllib.request  # noqa: E402
from dataclasses import asdict, dataclass, field  # noqa: E402

sys.path.insert(0, str(ROOT))

RESULTS_DIR = ROOT / "bench" / "results"
sys.path.insert(0, str(ROOT / "tests" / "browser"))
from chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402  (one launch recipe for tests and bench)

VIEWPORT = {"width": 1400, "height": 1000}
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
N_POLYGONS = 25
LANG = "es"

# Budgets, as in docs/DESIGN.md ("Budgets").
BUDGET_RATIO = 1.25
BUDGET_RERUN_MS = 150.0
BUDGET_PAYLOAD_KB = 300.0
BUDGET_IOU = 0.98
BUDGET_PNG_S = 3.0
BUDGET_SESSIONS = 20

# In the page: a function returning performance.now() (ms since the top page's navigation began)
# once the map iframe holds >= 25 filled polygons, else false. "Filled polygon": an SVG path of
# Leaflet's overlay pane with a fill and no arc command (circle markers are arcs, route lines have
# fill="none"). folium adds the department layer first, in the same synchronous script as the rest.
POLYGONS_JS = """
(n) => {
  const ex = document.querySelector('[data-testid="stException"]');
  if (ex) return {error: ex.innerText.split('\\n')[0].slice(0, 300)};
  const f = document.querySelector('__IFRAME__');
  const d = f && f.contentDocument;
  if (!d) return false;
  let k = 0;
  for (const p of d.querySelectorAll('.leaflet-overlay-pane path')) {
    const fill = p.getAttribute('fill'); const path = p.getAttribute('d') || '';
    if (fill && fill !== 'none' && path.length > 4 && !/a/i.test(path)) k++;
  }
  return k >= n ? {ms: performance.now()} : false;
}
""".replace("__IFRAME__", MAP_IFRAME)

# In the page: the map's title (the atlas draws it inside the map), for the toggle measurement.
TITLE_JS = """
(title) => {
  const ex = document.querySelector('[data-testid="stException"]');
  if (ex) return {error: ex.innerText.split('\\n')[0].slice(0, 300)};
  const f = document.querySelector('__IFRAME__');
  const d = f && f.contentDocument;
  const h = d && d.querySelector('.atlas-title h2');
  return h && h.textContent === title ? {ms: performance.now()} : false;
}
""".replace("__IFRAME__", MAP_IFRAME)

# Before any page script: log every websocket frame with its time; keep the bytes of small frames
# (rerun requests and script_finished messages are small) so that Python can decode them.
WS_LOG_JS = """
(() => {
  if (window.top !== window || window.__wslog) return;
  window.__wslog = [];
  const Orig = window.WebSocket;
  const keep = (data) => {
    if (data instanceof ArrayBuffer && data.byteLength <= 4096) {
      let s = ''; const b = new Uint8Array(data);
      for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i]);
      return btoa(s);
    }
    return null;
  };
  const size = (data) => data instanceof ArrayBuffer ? data.byteLength
    : (data && data.byteLength !== undefined ? data.byteLength : (data.size || data.length || 0));
  class LoggedSocket extends Orig {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (ev) => {
        window.__wslog.push({t: performance.now(), dir: 'r', n: size(ev.data), b: keep(ev.data)});
      });
    }
    send(data) {
      const buf = ArrayBuffer.isView(data)
        ? data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) : data;
      window.__wslog.push({t: performance.now(), dir: 's', n: size(data), b: keep(buf)});
      return super.send(data);
    }
  }
  window.WebSocket = LoggedSocket;
  document.addEventListener('click', () => { window.__lastClick = performance.now(); }, true);
})();
"""


# --- results ---------------------------------------------------------------------------------


@dataclass
class Figure:
    """One measured figure with its budget."""

    id: str
    label: str
    value: float | None
    unit: str
    budget: str
    passed: bool | None  # None: not measured, or no budget
    detail: dict = field(default_factory=dict)
    note: str = ""


def _median(xs):
    return statistics.median(xs) if xs else None


def _p95(xs):
    """Nearest-rank 95th percentile."""
    if not xs:
        return None
    s = sorted(xs)
    return s[max(0, math.ceil(0.95 * len(s)) - 1)]


def _r(x, nd=1):
    return None if x is None else round(x, nd)


def not_measured(fid: str, label: str, unit: str, budget: str, reason: str) -> Figure:
    return Figure(fid, label, None, unit, budget, None, note=f"not measured: {reason}")


# --- in-process measurements -------------------------------------------------------------------


def measure_iou() -> Figure:
    """Lowest IoU of a shipped department with its outline in INEI's file (equal-area CRS)."""
    from geo.boundaries import SOURCE_FILE, read_boundaries
    from geo.boundaries import iou_equal_area as iou

    fid, label = "iou_min", "Lowest department IoU, shipped vs INEI's file"
    budget = f">= {BUDGET_IOU}"
    raw = SOURCE_FILE
    if not raw.exists():
        return not_measured(fid, label, "", budget, f"{raw.name} is missing")
    simple = read_boundaries().set_index("department_code").geometry
    full = read_boundaries(raw).set_index("department_code").geometry
    scores = {code: iou(simple[code], full[code]) for code in simple.index}
    worst = min(scores, key=scores.get)
    value = scores[worst]
    return Figure(
        fid,
        label,
        round(value, 4),
        "",
        budget,
        value >= BUDGET_IOU,
        detail={
            "worst_department": worst,
            "per_department": {k: round(v, 4) for k, v in scores.items()},
        },
    )


def _prepared_all_routes():
    from geo.views import ROUTE_IDS, MapView, prepare_map

    return prepare_map(MapView(layer="complaints", measure="count", routes=ROUTE_IDS, lang=LANG))


def _component_args(fmap) -> dict:
    """The arguments st_folium hands to its component for ``fmap`` (no Streamlit server needed)."""
    import streamlit_folium

    captured = {}

    def capture(**kwargs):
        captured.update(kwargs)
        return kwargs.get("default")

    real = streamlit_folium._component_func
    streamlit_folium._component_func = capture
    try:
        streamlit_folium.st_folium(
            fmap,
            key="atlas_map",
            height=720,
            use_container_width=True,
            returned_objects=["last_active_drawing"],
        )
    finally:
        streamlit_folium._component_func = real
    captured.pop("on_change", None)
    return captured


def measure_python_payload_and_build(profile: bool) -> tuple[Figure, Figure, str]:
    """Component payload computed in Python, and the time to build the map from a prepared view."""
    from geo.views import interactive_map

    prepared = _prepared_all_routes()
    args = _component_args(interactive_map(prepared))
    parts = {k: len((args.get(k) or "").encode("utf-8")) for k in ("script", "html", "header")}
    whole = len(json.dumps(args, ensure_ascii=False).encode("utf-8"))
    pay = Figure(
        "payload_python_kb",
        "Map component args (Python: script+html+header)",
        round(sum(parts.values()) / 1000, 1),
        "KB",
        f"<= {BUDGET_PAYLOAD_KB:g} KB",
        sum(parts.values()) / 1000 <= BUDGET_PAYLOAD_KB,
        detail={"bytes_by_part": parts, "all_args_json_bytes": whole},
    )
    times = []
    for _ in range(15):
        t0 = time.perf_counter()
        _component_args(interactive_map(prepared))
        times.append((time.perf_counter() - t0) * 1000)
    build = Figure(
        "map_build_ms",
        "Map build per rerun (folium + st_folium strings, Python)",
        _r(_median(times)),
        "ms",
        "(diagnostic)",
        None,
        detail={"median_ms": _r(_median(times)), "p95_ms": _r(_p95(times)), "runs": len(times)},
        note="part of every map-page rerun when the prepared view is cached",
    )
    report = ""
    if profile:
        prof = cProfile.Profile()
        prof.enable()
        for _ in range(5):
            _component_args(interactive_map(prepared))
        prof.disable()
        out = io.StringIO()
        pstats.Stats(prof, stream=out).sort_stats("cumulative").print_stats(25)
        report = out.getvalue()
    return pay, build, report


def measure_png() -> Figure:
    """Median of three PNG exports of the complaints view with all routes."""
    fid, label = "png_export_s", "Map PNG export (geo.static_map, median of 3)"
    budget = f"<= {BUDGET_PNG_S:g} s"
    try:
        from geo.static_map import static_map
    except ImportError as exc:
        return not_measured(
            fid, label, "s", budget, f"geo.static_map.static_map unavailable ({exc})"
        )
    prepared = _prepared_all_routes()
    t0 = time.perf_counter()
    first = static_map(prepared, "png")
    cold = time.perf_counter() - t0
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        static_map(prepared, "png")
        times.append(time.perf_counter() - t0)
    value = _median(times)
    return Figure(
        fid,
        label,
        round(value, 2),
        "s",
        budget,
        value <= BUDGET_PNG_S,
        detail={
            "runs_s": [round(x, 3) for x in times],
            "first_call_s": round(cold, 3),
            "png_bytes": len(first),
        },
    )


# --- servers -----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


RUNLOG_ENV = "ATLAS_BENCH_RUNLOG"
SERVE_FLAG = "--serve"


def serve_timed(argv: list[str]) -> None:
    """Run ``streamlit <argv>``, appending each script run's duration to $ATLAS_BENCH_RUNLOG.

    A run is one call of Streamlit's ScriptRunner._run_script: the whole rerun on the server, from
    the rerun request being taken up to the end of the script (st.rerun() chains included) and
    Streamlit's clean-up after it, whose ``gc.collect`` is logged on its own as ``gc_ms``.
    """
    import gc

    import streamlit.runtime.scriptrunner.script_runner as script_runner
    from streamlit.web import cli

    path, lock, local = os.environ[RUNLOG_ENV], threading.Lock(), threading.local()

    class TimedGC:
        """The gc module as the script runner sees it, with collect() timed."""

        def __getattr__(self, name):
            return getattr(gc, name)

        def collect(self, *args):
            t0 = time.perf_counter()
            try:
                return gc.collect(*args)
            finally:
                local.gc_ms = getattr(local, "gc_ms", 0.0) + (time.perf_counter() - t0) * 1000

    original = script_runner.ScriptRunner._run_script

    def timed(self, rerun_data):
        local.gc_ms = 0.0
        start, t0 = time.time(), time.perf_counter()
        try:
            return original(self, rerun_data)
        finally:
            ms = (time.perf_counter() - t0) * 1000
            with lock, open(path, "a", encoding="utf-8") as fh:
                fh.write(
                    json.dumps(
                        {
                            "start": start,
                            "ms": round(ms, 2),
                            "gc_ms": round(local.gc_ms, 2),
                            "session": getattr(self, "_session_id", ""),
                        }
                    )
                    + "\n"
                )

    script_runner.gc = TimedGC()
    script_runner.ScriptRunner._run_script = timed
    sys.argv = ["streamlit", *argv]
    sys.exit(cli.main())


class Server:
    """A Streamlit server on a free port, started from the repository root."""

    def __init__(self, name: str, script: Path):
        self.name, self.script, self.port = name, script, free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        RESULTS_DIR.mkdir(parents=True, exist_ok=True)
        self.log = open(RESULTS_DIR / f"{name}_server.log", "w")  # noqa: SIM115
        self.runlog = RESULTS_DIR / f"{name}_runs.jsonl"
        self.runlog.write_text("")
        env = {k: v for k, v in os.environ.items() if k != "ATLAS_BOUNDARIES"}
        env[RUNLOG_ENV] = str(self.runlog)
        self.proc = subprocess.Popen(
            [
                sys.executable,
                str(Path(__file__).resolve()),
                SERVE_FLAG,
                "run",
                str(script),
                "--server.port",
                str(self.port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
                "--server.enableStaticServing",
                "true",
                "--server.fileWatcherType",
                "none",
                "--browser.gatherUsageStats",
                "false",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def wait_healthy(self, timeout: float = 90) -> None:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"{self.name} server exited with {self.proc.returncode}; see {self.log.name}"
                )
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.25)
        raise RuntimeError(f"{self.name} server not healthy after {timeout:g} s")

    def script_runs(self) -> list[dict]:
        """The script runs the server has logged so far: start (epoch s), ms, session."""
        lines = self.runlog.read_text().splitlines()
        return [json.loads(line) for line in lines if line.strip()]

    def rss_kb(self) -> tuple[int, int]:
        """(current RSS, peak RSS) of the server process in kB, from /proc."""
        try:
            text = Path(f"/proc/{self.proc.pid}/status").read_text()
        except OSError:
            return 0, 0
        vals = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)
        kb = lambda k: int(vals.get(k, "0 kB").split()[0])  # noqa: E731
        return kb("VmRSS"), kb("VmHWM")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.log.close()


class RssSampler(threading.Thread):
    """Samples a server's RSS every 50 ms until stopped."""

    def __init__(self, server: Server):
        super().__init__(daemon=True)
        self.server, self.peak_kb, self._done = server, 0, threading.Event()

    def run(self):
        while not self._done.is_set():
            self.peak_kb = max(self.peak_kb, self.server.rss_kb()[0])
            self._done.wait(0.05)

    def stop(self) -> int:
        self._done.set()
        self.join()
        return self.peak_kb


# --- browser measurements ----------------------------------------------------------------------


class AppError(RuntimeError):
    """The page showed a Streamlit exception instead of the map."""


async def wait_in_page(page, js: str, arg, timeout_ms: float, polling="raf") -> float:
    """Poll ``js`` in ``page`` (every frame by default); its time (ms since navigation)."""
    handle = await page.wait_for_function(js, arg=arg, polling=polling, timeout=timeout_ms)
    value = await handle.json_value()
    if "error" in value:
        raise AppError(f"the app raised: {value['error']}")
    return value["ms"]


async def load_until_polygons(browser, url: str, timeout_ms: float = 60_000, polling="raf") -> dict:
    """Open ``url`` in a fresh context; ms from navigation start until the map shows 25 polygons."""
    ctx = await browser.new_context(viewport=VIEWPORT)
    try:
        page = await ctx.new_page()
        t0 = time.perf_counter()
        await page.goto(url, wait_until="commit", timeout=timeout_ms)
        ms = await wait_in_page(page, POLYGONS_JS, N_POLYGONS, timeout_ms, polling)
        wall = (time.perf_counter() - t0) * 1000
        errors = await page.locator('[data-testid="stException"]').count()
        return {"ms": ms, "wall_ms": wall, "exceptions": errors}
    finally:
        await ctx.close()


async def measure_load(browser, atlas: Server, base: Server, runs: int) -> Figure:
    """Time to polygons, atlas vs baseline, alternating, after one warm-up load of each."""
    atlas_url, base_url = f"{atlas.url}/?lang={LANG}", f"{base.url}/"
    await load_until_polygons(browser, atlas_url)
    await load_until_polygons(browser, base_url)
    a, b = [], []
    for _ in range(runs):
        a.append(await load_until_polygons(browser, atlas_url))
        b.append(await load_until_polygons(browser, base_url))
    am, bm = _median([x["ms"] for x in a]), _median([x["ms"] for x in b])
    ratio = am / bm
    return Figure(
        "load_ratio",
        "Time to map polygons, atlas / baseline (median)",
        round(ratio, 2),
        "x",
        f"<= {BUDGET_RATIO:g} x",
        ratio <= BUDGET_RATIO,
        detail={
            "atlas_median_ms": _r(am),
            "baseline_median_ms": _r(bm),
            "runs_each": runs,
            "atlas_ms": [_r(x["ms"]) for x in a],
            "baseline_ms": [_r(x["ms"]) for x in b],
            "atlas_wall_median_ms": _r(_median([x["wall_ms"] for x in a])),
            "baseline_wall_median_ms": _r(_median([x["wall_ms"] for x in b])),
        },
    )


def _decode_log(log: list[dict]) -> list[tuple[float, str]]:
    """(time, event) for rerun requests sent and script_finished messages received."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    events = []
    for item in log:
        if not item.get("b"):
            continue
        raw = base64.b64decode(item["b"])
        try:
            if item["dir"] == "s":
                msg = BackMsg.FromString(raw)
                if msg.WhichOneof("type") == "rerun_script":
                    events.append((item["t"], "rerun"))
            else:
                msg = ForwardMsg.FromString(raw)
                if msg.WhichOneof("type") == "script_finished":
                    events.append((item["t"], "finished"))
        except Exception:
            continue
    return events


async def _wait_quiet(page, quiet_ms: float = 400, timeout_s: float = 30) -> None:
    """Wait until no script runs: the last rerun has finished and no frame came for quiet_ms."""
    end = time.monotonic() + timeout_s
    while time.monotonic() < end:
        log, now = await page.evaluate("[window.__wslog, performance.now()]")
        events = _decode_log(log)
        if log and now - log[-1]["t"] >= quiet_ms and (not events or events[-1][1] == "finished"):
            return
        await asyncio.sleep(0.1)


async def measure_toggles(browser, atlas: Server, toggles: int) -> Figure:
    """Rerun after a layer toggle: the server's script run, and what the browser sees of it."""
    from geo.i18n import t
    from geo.layers import LAYERS

    layer_ids = list(LAYERS)
    titles = {lid: t(f"layer.{lid}.title", LANG) for lid in layer_ids}
    ctx = await browser.new_context(viewport=VIEWPORT)
    server_ms, gc_ms, ws_ms, visible_ms, extra_runs = [], [], [], [], 0
    try:
        await ctx.add_init_script(WS_LOG_JS)
        page = await ctx.new_page()
        await page.goto(f"{atlas.url}/?lang={LANG}&layer={layer_ids[0]}")
        await wait_in_page(page, POLYGONS_JS, N_POLYGONS, 60_000)
        current = layer_ids[0]
        for _ in range(toggles):
            await _wait_quiet(page)
            target = layer_ids[(layer_ids.index(current) + 1) % len(layer_ids)]
            n0 = await page.evaluate("window.__wslog.length")
            runs0 = len(atlas.script_runs())
            await page.locator(".st-key-layer button").filter(has_text=_label(target)).click()
            shown = await wait_in_page(page, TITLE_JS, titles[target], 30_000)
            await _wait_quiet(page)
            runs = atlas.script_runs()[runs0:]
            if runs:
                server_ms.append(runs[0]["ms"])
                gc_ms.append(runs[0].get("gc_ms", 0.0))
                extra_runs += len(runs) - 1
            click, log = await page.evaluate("[window.__lastClick, window.__wslog]")
            events = [e for e in _decode_log(log[n0:]) if e[0] >= click]
            sent = next((tm for tm, kind in events if kind == "rerun"), None)
            done = next(
                (
                    tm
                    for tm, kind in events
                    if kind == "finished" and sent is not None and tm >= sent
                ),
                None,
            )
            if sent is not None and done is not None:
                ws_ms.append(done - sent)
            visible_ms.append(shown - click)
            current = target
    finally:
        await ctx.close()
    med = _median(server_ms)
    return Figure(
        "rerun_ms",
        "Server rerun after a layer toggle (script run, median)",
        _r(med),
        "ms",
        f"median <= {BUDGET_RERUN_MS:g} ms",
        None if med is None else med <= BUDGET_RERUN_MS,
        detail={
            "median_ms": _r(med),
            "p95_ms": _r(_p95(server_ms)),
            "toggles": len(server_ms),
            "all_ms": [_r(x) for x in server_ms],
            "of_which_post_run_gc_median_ms": _r(_median(gc_ms)),
            "without_gc_median_ms": _r(
                _median([a - b for a, b in zip(server_ms, gc_ms, strict=True)])
            ),
            "further_runs_after_toggles": extra_runs,
            "browser_request_to_finished_median_ms": _r(_median(ws_ms)),
            "browser_request_to_finished_p95_ms": _r(_p95(ws_ms)),
            "click_to_new_title_median_ms": _r(_median(visible_ms)),
            "click_to_new_title_p95_ms": _r(_p95(visible_ms)),
        },
    )


def _label(layer_id: str) -> str:
    from geo.i18n import t

    return t(f"layer.{layer_id}", LANG)


async def measure_ws_payload(browser, server: Server, url_query: str) -> dict:
    """Bytes received over the websocket while loading a page, and the map component's args."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    ctx = await browser.new_context(viewport=VIEWPORT)
    frames: list[bytes] = []
    try:
        page = await ctx.new_page()
        page.on(
            "websocket",
            lambda ws: ws.on(
                "framereceived",
                lambda payload: frames.append(
                    payload if isinstance(payload, bytes) else payload.encode("utf-8")
                ),
            ),
        )
        await page.goto(f"{server.url}/{url_query}")
        await wait_in_page(page, POLYGONS_JS, N_POLYGONS, 60_000)
        await page.wait_for_timeout(1500)
    finally:
        await ctx.close()
    component, frame_bytes = 0, 0
    for raw in frames:
        try:
            msg = ForwardMsg.FromString(raw)
        except Exception:
            continue
        if msg.WhichOneof("type") != "delta" or msg.delta.WhichOneof("type") != "new_element":
            continue
        el = msg.delta.new_element
        if (
            el.WhichOneof("type") == "component_instance"
            and "folium" in el.component_instance.component_name
        ):
            ci = el.component_instance
            size = len(ci.json_args.encode("utf-8")) + sum(a.ByteSize() for a in ci.special_args)
            if size > component:
                component, frame_bytes = size, len(raw)
    return {
        "component_args_bytes": component,
        "component_frame_bytes": frame_bytes,
        "ws_received_bytes": sum(len(f) for f in frames),
        "ws_frames": len(frames),
    }


async def measure_concurrency(
    browser,
    server: Server,
    sessions: int,
    url: str,
    fid: str = "concurrent_ok",
    budget: bool = True,
) -> Figure:
    """``sessions`` fresh contexts loading ``url`` at once (staggered by 50 ms).

    Polls every 100 ms rather than every frame: twenty pages polling each frame would load the
    two cores that the pages and the server share.
    """
    sampler = RssSampler(server)
    rss_before = server.rss_kb()[0]
    sampler.start()

    async def one(i: int):
        await asyncio.sleep(0.05 * i)
        try:
            return await load_until_polygons(browser, url, timeout_ms=180_000, polling=100)
        except Exception as exc:
            return {"error": f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}"}

    t0 = time.perf_counter()
    results = await asyncio.gather(*(one(i) for i in range(sessions)))
    total = time.perf_counter() - t0
    peak = sampler.stop()
    ok = [r for r in results if "error" not in r and r["exceptions"] == 0]
    times = [r["ms"] for r in ok]
    p95 = _p95(times)
    detail = {
        "p95_ms": _r(p95),
        "median_ms": _r(_median(times)),
        "all_ms": [_r(x) for x in times],
        "failures": [r for r in results if "error" in r or r.get("exceptions")],
        "server_rss_before_mb": round(rss_before / 1024, 1),
        "server_peak_rss_mb": round(peak / 1024, 1),
        "server_vmhwm_mb": round(server.rss_kb()[1] / 1024, 1),
        "wall_s": round(total, 1),
    }
    if not budget:
        label = f"Baseline page, {sessions} concurrent sessions (reference)"
        return Figure(fid, label, len(ok), f"of {sessions}", "(reference)", None, detail=detail)
    return Figure(
        fid,
        f"Concurrent sessions loading the map ({sessions} at once)",
        len(ok),
        f"of {sessions}",
        f"{BUDGET_SESSIONS} of {BUDGET_SESSIONS}, none failing",
        len(ok) == sessions and sessions >= BUDGET_SESSIONS,
        detail=detail,
    )


async def browser_phase(atlas: Server, base: Server, args) -> list[Figure]:
    from playwright.async_api import async_playwright

    figures = []
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            figures.append(
                await _guard(
                    measure_load(browser, atlas, base, args.runs),
                    "load_ratio",
                    "Time to map polygons, atlas / baseline",
                    "x",
                    f"<= {BUDGET_RATIO:g} x",
                )
            )
            figures.append(
                await _guard(
                    measure_toggles(browser, atlas, args.toggles),
                    "rerun_ms",
                    "Server rerun after a layer toggle",
                    "ms",
                    f"median <= {BUDGET_RERUN_MS:g} ms",
                )
            )
            try:
                from geo.views import ROUTE_IDS

                atlas_pay = await measure_ws_payload(
                    browser, atlas, f"?lang={LANG}&layer=complaints&routes={','.join(ROUTE_IDS)}"
                )
                base_pay = await measure_ws_payload(browser, base, "")
                kb = atlas_pay["component_args_bytes"] / 1000
                figures.append(
                    Figure(
                        "payload_ws_kb",
                        "Map component args over the websocket (all routes, places)",
                        round(kb, 1),
                        "KB",
                        f"<= {BUDGET_PAYLOAD_KB:g} KB",
                        kb <= BUDGET_PAYLOAD_KB,
                        detail={"atlas": atlas_pay, "baseline": base_pay},
                    )
                )
            except Exception as exc:
                figures.append(
                    not_measured(
                        "payload_ws_kb",
                        "Map component args over the websocket",
                        "KB",
                        f"<= {BUDGET_PAYLOAD_KB:g} KB",
                        _why(exc),
                    )
                )
            figures.append(
                await _guard(
                    measure_concurrency(browser, atlas, args.sessions, f"{atlas.url}/?lang={LANG}"),
                    "concurrent_ok",
                    "Concurrent sessions loading the map",
                    f"of {args.sessions}",
                    f"{BUDGET_SESSIONS} of {BUDGET_SESSIONS}, none failing",
                )
            )
            figures.append(
                await _guard(
                    measure_concurrency(
                        browser,
                        base,
                        args.sessions,
                        f"{base.url}/",
                        fid="baseline_concurrent",
                        budget=False,
                    ),
                    "baseline_concurrent",
                    "Baseline page, concurrent sessions",
                    f"of {args.sessions}",
                )
            )
        finally:
            await browser.close()
    return figures


async def _guard(coro, fid, label, unit, budget="") -> Figure:
    """The figure ``coro`` measures, or a not-measured line saying why it could not be."""
    try:
        return await coro
    except Exception as exc:  # one broken measurement must not lose the others
        return not_measured(fid, label, unit, budget, _why(exc))


def _why(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {str(exc).splitlines()[0][:300] if str(exc) else ''}"


# --- report ------------------------------------------------------------------------------------


def _extra(f: Figure) -> str:
    d = f.detail
    if f.id == "load_ratio" and d:
        return f"atlas {d['atlas_median_ms']} ms, baseline {d['baseline_median_ms']} ms"
    if f.id == "rerun_ms" and d:
        return (
            f"p95 {d['p95_ms']} ms over {d['toggles']}, of which gc.collect "
            f"{d['of_which_post_run_gc_median_ms']} ms; in the browser: request->finished "
            f"{d['browser_request_to_finished_median_ms']} ms, click->new title "
            f"{d['click_to_new_title_median_ms']} ms (medians)"
        )
    if f.id == "payload_ws_kb" and d:
        return (
            f"page load {d['atlas']['ws_received_bytes'] / 1000:.1f} KB over ws; baseline map "
            f"{d['baseline']['component_args_bytes'] / 1000:.1f} KB"
        )
    if f.id == "payload_python_kb" and d:
        return ", ".join(f"{k} {v / 1000:.1f}" for k, v in d["bytes_by_part"].items())
    if f.id == "iou_min" and d:
        return f"department {d['worst_department']}"
    if f.id == "png_export_s" and d:
        return f"first call {d['first_call_s']} s"
    if f.id in ("concurrent_ok", "baseline_concurrent") and d:
        return f"p95 {d['p95_ms']} ms; server peak RSS {d['server_peak_rss_mb']} MB"
    if f.id == "map_build_ms" and d:
        return f"p95 {d['p95_ms']} ms"
    return ""


def print_table(figures: list[Figure]) -> None:
    rows = [("figure", "value", "budget", "result", "detail")]
    for f in figures:
        value = "-" if f.value is None else f"{f.value:g} {f.unit}".strip()
        result = {True: "PASS", False: "FAIL", None: "-"}[f.passed]
        if f.note.startswith("not measured"):
            result = "NOT MEASURED"
        rows.append((f.label, value, f.budget, result, f.note if f.value is None else _extra(f)))
    widths = [min(max(len(r[i]) for r in rows), 62) for i in range(4)]
    for r in rows:
        print(
            "  ".join(
                c.ljust(w)[: max(w, len(c)) if i else w]
                for i, (c, w) in enumerate(zip(r[:4], widths, strict=True))
            )
            + "  "
            + r[4]
        )
    failed = [f.label for f in figures if f.passed is False]
    print()
    print("FAIL: " + "; ".join(failed) if failed else "All measured budgets pass.")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="page loads per app (>= 5)")
    parser.add_argument("--toggles", type=int, default=24, help="layer toggles (>= 20)")
    parser.add_argument("--sessions", type=int, default=20, help="concurrent sessions")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="print a cProfile of the map build (the rerun's main cost)",
    )
    args = parser.parse_args()
    started = time.perf_counter()
    load_before = os.getloadavg()
    figures: list[Figure] = []

    print("in-process: IoU, payload, PNG export ...", flush=True)
    logging.disable(logging.WARNING)  # importing streamlit_folium outside a server warns
    for fn in (measure_iou,):
        figures.append(fn())
    try:
        pay, build, prof = measure_python_payload_and_build(args.profile)
        figures += [pay, build]
    except Exception as exc:
        prof = ""
        figures.append(
            not_measured(
                "payload_python_kb",
                "Map component args (Python)",
                "KB",
                f"<= {BUDGET_PAYLOAD_KB:g} KB",
                _why(exc),
            )
        )
    try:
        figures.append(measure_png())
    except Exception as exc:
        figures.append(
            not_measured("png_export_s", "Map PNG export", "s", f"<= {BUDGET_PNG_S:g} s", _why(exc))
        )

    logging.disable(logging.NOTSET)
    print("starting the atlas and the baseline servers ...", flush=True)
    with tempfile.TemporaryDirectory(prefix="atlas-bench-") as scratch:
        # The baseline must be served with the atlas's static folder (Leaflet), which Streamlit
        # looks for next to the main script: run it through links in a scratch folder.
        scratch = Path(scratch)
        (scratch / "baseline_app.py").symlink_to(ROOT / "bench" / "baseline_app.py")
        (scratch / "static").symlink_to(ROOT / "static", target_is_directory=True)
        atlas = Server("atlas", ROOT / "app.py")
        base = Server("baseline", scratch / "baseline_app.py")
        try:
            atlas.wait_healthy()
            base.wait_healthy()
            print("browser: loads, toggles, payload, concurrent sessions ...", flush=True)
            figures += asyncio.run(browser_phase(atlas, base, args))
        finally:
            atlas.stop()
            base.stop()

    order = [
        "load_ratio",
        "rerun_ms",
        "payload_ws_kb",
        "payload_python_kb",
        "iou_min",
        "png_export_s",
        "concurrent_ok",
        "baseline_concurrent",
        "map_build_ms",
    ]
    figures.sort(key=lambda f: order.index(f.id) if f.id in order else len(order))
    elapsed = time.perf_counter() - started
    load_after = os.getloadavg()
    print()
    print_table(figures)
    cpus = os.cpu_count() or 1
    if max(load_before[0], load_after[0]) > cpus:
        print(
            f"\nWARNING: the machine was busy (load average {load_before[0]:.1f} before, "
            f"{load_after[0]:.1f} after, {cpus} CPUs): times are inflated and noisy."
        )
    print(f"\n({elapsed:.0f} s; results in {RESULTS_DIR.relative_to(ROOT) / 'latest.json'})")
    if prof:
        print("\ncProfile of 5 map builds (cumulative):\n" + prof)
    import folium
    import streamlit

    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    (RESULTS_DIR / "latest.json").write_text(
        json.dumps(
            {
                "generated": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "elapsed_s": round(elapsed, 1),
                "load_average_1min": {
                    "before": round(load_before[0], 2),
                    "after": round(load_after[0], 2),
                },
                "machine": {
                    "cpus": os.cpu_count(),
                    "python": platform.python_version(),
                    "platform": platform.platform(),
                    "streamlit": streamlit.__version__,
                    "folium": folium.__version__,
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
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == SERVE_FLAG:  # run.py starting one of its servers
        serve_timed(sys.argv[2:])
    sys.exit(main())
