"""Many sessions at once: ``--sessions`` fresh pages loading the map together, on the atlas and,
for reference, on the baseline page.
"""

from __future__ import annotations

import asyncio
import time

from bench import budgets
from bench.figures import median, p95, rounded, why
from bench.page import LANG, load_until_polygons
from bench.registry import Measurement, Result
from bench.servers import RssSampler

STAGGER_S = 0.05  # between one session's start and the next
TIMEOUT_MS = 180_000  # per session
# Poll every 100 ms rather than every frame: twenty pages polling each frame would load the two
# cores that the pages and the server share.
POLLING_MS = 100


async def _one_session(browser, url: str, i: int) -> dict:
    await asyncio.sleep(STAGGER_S * i)
    try:
        return await load_until_polygons(browser, url, timeout_ms=TIMEOUT_MS, polling=POLLING_MS)
    except Exception as exc:
        return {"error": why(exc)}


async def sessions_at_once(bench, server_name: str, path: str) -> Result:
    """``--sessions`` fresh contexts loading ``path`` of a server at once (staggered by 50 ms)."""
    server, sessions = bench.servers[server_name], bench.settings.sessions
    browser = await bench.browser()
    sampler = RssSampler(server)
    rss_before = server.rss_kb()[0]
    sampler.start()
    t0 = time.perf_counter()
    results = await asyncio.gather(
        *(_one_session(browser, f"{server.url}/{path}", i) for i in range(sessions))
    )
    total = time.perf_counter() - t0
    peak = sampler.stop()
    ok = [r for r in results if "error" not in r and r["exceptions"] == 0]
    times = [r["ms"] for r in ok]
    detail = {
        "p95_ms": rounded(p95(times)),
        "median_ms": rounded(median(times)),
        "all_ms": [rounded(x) for x in times],
        "failures": [r for r in results if "error" in r or r.get("exceptions")],
        "server_rss_before_mb": round(rss_before / 1024, 1),
        "server_peak_rss_mb": round(peak / 1024, 1),
        "server_vmhwm_mb": round(server.rss_kb()[1] / 1024, 1),
        "wall_s": round(total, 1),
    }
    return Result(len(ok), detail)


async def measure_atlas(bench) -> Result:
    """The atlas's map page, opened by every session at once."""
    return await sessions_at_once(bench, "atlas", f"?lang={LANG}")


async def measure_baseline(bench) -> Result:
    """The baseline page, opened by every session at once: Streamlit's and the browser's share."""
    return await sessions_at_once(bench, "baseline", "")


def _summary(d: dict) -> str:
    return f"p95 {d['p95_ms']} ms; server peak RSS {d['server_peak_rss_mb']} MB"


MEASUREMENTS = (
    Measurement(
        "concurrent_ok",
        "Concurrent sessions loading the map ({sessions} at once)",
        "of {sessions}",
        budgets.EVERY_SESSION,
        measure_atlas,
        _summary,
        servers=("atlas",),
        digits=0,
    ),
    Measurement(
        "baseline_concurrent",
        "Baseline page, {sessions} concurrent sessions (reference)",
        "of {sessions}",
        budgets.REFERENCE,
        measure_baseline,
        _summary,
        servers=("baseline",),
        digits=0,
    ),
)
