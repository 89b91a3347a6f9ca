"""Sessions served by 1 and by 3 atlas replicas behind nginx: time to the map, failures.

Usage: ``python bench/replicas.py [--sessions 20] [--replicas 1,3]`` prints the figures and writes
``bench/results/replicas.json``; ``measure_replicas()`` returns them for ``bench/run.py``.

For each replica count, ``python -m deploy serve --daemon`` starts the replicas and nginx under
supervisord on loopback ports (``python -m deploy stop`` stops them); each
replica is warmed by one visit of its own (caches are per process); then ``sessions`` fresh
browser contexts open the map through nginx at once (staggered by 50 ms), and each is timed from
navigation to 25 department polygons drawn. Loopback only, bounded in count and time.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_VENV_PYTHON = ROOT / ".venv" / "bin" / "python"

# `python bench/replicas.py` from a Python without the project's packages: rerun with the venv.
try:
    import playwright  # noqa: F401
except ImportError:
    if _VENV_PYTHON.exists() and Path(sys.prefix).resolve() != _VENV_PYTHON.parent.parent.resolve():
        os.execv(str(_VENV_PYTHON), [str(_VENV_PYTHON), *sys.argv])
    raise

import argparse  # noqa: E402
import asyncio  # noqa: E402
import contextlib  # noqa: E402
import datetime as dt  # noqa: E402
import json  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

sys.path.insert(0, str(ROOT))
from bench.figures import median as _median  # noqa: E402
from bench.figures import p95 as _p95  # noqa: E402
from bench.figures import rounded as _r  # noqa: E402
from deploy.supervisor import read_state  # noqa: E402
from devtools.chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402  (one launch recipe everywhere)
from devtools.server import free_port  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "replicas.json"
SESSIONS = 20
REPLICA_COUNTS = (1, 3)
LANG = "es"
N_POLYGONS = 25
START_TIMEOUT_S = 300.0  # three cold replicas starting side by side on two cores
LOAD_TIMEOUT_MS = 180_000
VIEWPORT = {"width": 1400, "height": 1000}
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
# In the page: performance.now() once the map iframe holds >= n filled polygons (not the arcs of
# circle markers, not the unfilled route lines), an error if Streamlit shows an exception.
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


class ServedCluster:
    """``python -m deploy serve --daemon`` running ``replicas`` replicas and nginx; a context
    manager that stops them with ``python -m deploy stop``."""

    def __init__(self, replicas: int):
        self.replicas = replicas
        # In /tmp: as root, nginx's workers (nobody) must enter the run folder.
        self._dir = tempfile.TemporaryDirectory(prefix="atlas-bench-replicas-")
        self.run_dir = Path(self._dir.name) / "run"
        self.state: dict = {}

    def _deploy(self, *args: str, timeout: float) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "deploy", *args, "--run-dir", str(self.run_dir)],
            cwd=ROOT, capture_output=True, text=True, timeout=timeout,
        )  # fmt: skip

    def __enter__(self) -> ServedCluster:
        Path(self._dir.name).chmod(0o755)
        args = ("--daemon", "--replicas", str(self.replicas), "--port", str(free_port()))
        started = self._deploy("serve", *args, timeout=START_TIMEOUT_S)
        if started.returncode != 0:
            self.__exit__(None, None, None)
            raise RuntimeError(
                f"python -m deploy serve did not start {self.replicas} replica(s):\n"
                + (started.stdout + started.stderr)[-3000:]
            )
        self.state = read_state(self.run_dir)
        return self

    @property
    def url(self) -> str:
        return self.state["url"]

    @property
    def replica_urls(self) -> list[str]:
        return [f"http://{r['address']}" for r in self.state["replicas"]]

    def __exit__(self, *exc) -> None:
        self._deploy("stop", timeout=120)
        self._dir.cleanup()


async def _load(browser, url: str, timeout_ms: float = LOAD_TIMEOUT_MS) -> dict:
    """Open ``url`` in a fresh context: ms from navigation start to 25 polygons drawn."""
    ctx = await browser.new_context(viewport=VIEWPORT)
    try:
        page = await ctx.new_page()
        await page.goto(url, wait_until="commit", timeout=timeout_ms)
        # Poll every 100 ms, not every frame: twenty pages polling each frame would load the cores.
        handle = await page.wait_for_function(
            POLYGONS_JS, arg=N_POLYGONS, polling=100, timeout=timeout_ms
        )
        value = await handle.json_value()
        if "error" in value:
            return {"error": f"the app raised: {value['error']}"}
        return {"ms": value["ms"]}
    except Exception as exc:  # a failed session is a figure, not the end of the benchmark
        return {"error": f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}"}
    finally:
        await ctx.close()


async def _sessions(browser, url: str, sessions: int, timeout_ms: float) -> dict:
    async def one(i: int) -> dict:
        await asyncio.sleep(0.05 * i)
        return await _load(browser, url, timeout_ms)

    t0 = time.perf_counter()
    results = await asyncio.gather(*(one(i) for i in range(sessions)))
    wall = time.perf_counter() - t0
    times = [r["ms"] for r in results if "ms" in r]
    return {
        "median_ms": _r(_median(times)),
        "p95_ms": _r(_p95(times)),
        "ok": len(times),
        "failures": [r["error"] for r in results if "error" in r],
        "all_ms": [_r(x) for x in times],
        "wall_s": round(wall, 1),
    }


async def _measure(replica_counts, sessions: int, lang: str, timeout_ms: float) -> dict[int, dict]:
    from playwright.async_api import async_playwright

    out: dict[int, dict] = {}
    async with async_playwright() as pw:
        for count in replica_counts:
            print(f"{count} replica(s) behind nginx: {sessions} sessions ...", flush=True)
            # A browser per replica count: a crash of one run must not lose the other's figures.
            browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                with ServedCluster(count) as cluster:
                    # Warm each replica's caches with a visit of its own, not through nginx.
                    for replica_url in cluster.replica_urls:
                        await _load(browser, f"{replica_url}/?lang={lang}", timeout_ms)
                    out[count] = await _sessions(
                        browser, f"{cluster.url}/?lang={lang}", sessions, timeout_ms
                    )
            except Exception as exc:  # reported as not measured, with the reason
                out[count] = {"error": f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}"}
            finally:
                with contextlib.suppress(Exception):
                    await browser.close()
    return out


def measure_replicas(
    sessions: int = SESSIONS,
    replica_counts=REPLICA_COUNTS,
    lang: str = LANG,
    timeout_s: float = LOAD_TIMEOUT_MS / 1000,
) -> list[dict]:
    """Figures for bench/run.py: one per replica count, and the ratio of their p95 times.

    Each figure is a dict with the fields of bench/run.py's ``Figure`` (id, label, value, unit,
    budget, passed, detail, note): ``Figure(**d)`` makes one. No budget: these are measured.
    """
    results = asyncio.run(_measure(tuple(replica_counts), sessions, lang, timeout_s * 1000))
    figures = []
    for count, res in results.items():
        fid = f"replicas_{count}_p95_ms"
        label = f"{sessions} sessions through nginx, {count} replica(s): p95 time to the map"
        if "error" in res:
            figures.append(_figure(fid, label, None, "ms", note=f"not measured: {res['error']}"))
            continue
        figures.append(
            _figure(
                fid,
                label,
                res["p95_ms"],
                "ms",
                detail=res,
                note=f"median {res['median_ms']} ms; {res['ok']} of {sessions} loaded, "
                f"{len(res['failures'])} failed",
            )
        )
    p95 = {c: r.get("p95_ms") for c, r in results.items()}
    counts = sorted(p95)
    if len(counts) >= 2 and all(p95[c] for c in counts):
        low, high = counts[0], counts[-1]
        figures.append(
            _figure(
                "replicas_p95_ratio",
                f"p95 time to the map, {low} replica(s) / {high} replicas",
                round(p95[low] / p95[high], 2),
                "x",
                detail={"p95_ms": p95, "sessions": sessions},
                note="above 1: more replicas serve the same sessions sooner",
            )
        )
    return figures


def _figure(fid, label, value, unit, detail=None, note="") -> dict:
    return {
        "id": fid,
        "label": label,
        "value": value,
        "unit": unit,
        "budget": "(measured)",
        "passed": None,
        "detail": detail or {},
        "note": note,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=SESSIONS, help="concurrent sessions")
    parser.add_argument("--replicas", default="1,3", help="replica counts, comma-separated")
    parser.add_argument(
        "--timeout", type=float, default=LOAD_TIMEOUT_MS / 1000, help="seconds a session may take"
    )
    args = parser.parse_args()
    counts = tuple(int(c) for c in args.replicas.split(","))
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    figures = measure_replicas(args.sessions, counts, timeout_s=args.timeout)
    elapsed = time.perf_counter() - started
    load_after = os.getloadavg()[0]
    for f in figures:
        value = "-" if f["value"] is None else f"{f['value']:g} {f['unit']}"
        print(f"{f['label']:<66} {value:>12}  {f['note']}")
    print(
        f"({elapsed:.0f} s; load average {load_before:.1f} before, {load_after:.1f} after, "
        f"{os.cpu_count()} CPUs)"
    )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(OSError):
        RESULTS.write_text(
            json.dumps(
                {
                    "generated": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                    "elapsed_s": round(elapsed, 1),
                    "load_average_1min": {"before": load_before, "after": load_after},
                    "cpus": os.cpu_count(),
                    "settings": {"sessions": args.sessions, "replicas": counts},
                    "figures": figures,
                },
                indent=1,
            )
            + "\n",
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
