"""The slow steps a reader meets: a fresh server's first visit, the Data page's first open, the
downloads of a view nobody asked for yet (PNG, SVG, press kit), a click on a department and a
step of the presenter's story.

The first two start a server of their own (``fresh_server``), so that what they time is a process
that has served nobody; the others use the run's warm atlas.
"""

from __future__ import annotations

import contextlib
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from bench import budgets
from bench.figures import median, rounded
from bench.page import (
    LANG,
    N_POLYGONS,
    POLYGONS_JS,
    VIEWPORT,
    WS_LOG_JS,
    load_until_polygons,
    wait_in_page,
    wait_quiet,
)
from bench.registry import Measurement, Result
from bench.servers import BenchServer, atlas_script

WARM_LOADS = 5  # warm visits the first one is compared with
DATA_TABLES = 2  # the Data page's first tab: the table and the sources of its rows
CLICKED = ("08", "21", "15", "16", "25")  # Cusco, Puno, Lima, Loreto, Ucayali: one click each

# In the page: performance.now() once the app's script has finished and the Data page's first tab
# shows its tables (each grid's canvas drawn), else false.
DATA_TABLES_JS = """(n) => {
  const ex = document.querySelector('[data-testid="stException"]');
  if (ex) return {error: ex.innerText.split('\\n')[0].slice(0, 300)};
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  const grids = [...document.querySelectorAll('[data-testid="stDataFrame"]')]
    .filter(g => g.getBoundingClientRect().height > 0 && g.querySelector('canvas'));
  return grids.length >= n ? {ms: performance.now()} : false;
}"""

# In the page: the profile of department ``code`` is shown beside the map (its heading names it).
PROFILE_JS = """(name) => {
  const ex = document.querySelector('[data-testid="stException"]');
  if (ex) return {error: ex.innerText.split('\\n')[0].slice(0, 300)};
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  const heads = [...document.querySelectorAll('[data-testid="stMain"] h3, [data-testid="stMain"] h2')];
  return heads.some(h => h.textContent.includes(name)) ? {ms: performance.now()} : false;
}"""

# In the map's iframe: click department ``code``'s polygon through Leaflet (the layer's own click
# event, as a tap fires it), wherever routes or markers lie over it.
CLICK_JS = """(body, code) => {
  const isMap = (v) => { try { return v instanceof L.Map; } catch (e) { return false; } };
  const maps = Object.values(window).filter(isMap);
  let hit = null;
  for (const map of maps) map.eachLayer(l => {
    const p = l.feature && l.feature.properties;
    const path = l.getElement && l.getElement();
    if (p && p.department_code === code && path && path.isConnected) hit = l;
  });
  if (!hit) return false;
  hit.fire('click', {latlng: hit.getBounds().getCenter(), layer: hit, target: hit});
  return true;
}"""


@contextlib.contextmanager
def fresh_server(name: str) -> Iterator[BenchServer]:
    """A new atlas process, healthy and visited by nobody; stopped on leaving."""
    with tempfile.TemporaryDirectory(prefix="atlas-bench-") as scratch:
        server = BenchServer(name, atlas_script(Path(scratch)))
        try:
            t0 = time.perf_counter()
            server.process.start()
            server.process.wait_healthy()
            server.started_s = time.perf_counter() - t0
            yield server
        finally:
            server.process.stop()


# --- a fresh server's first visit --------------------------------------------------------------


async def measure_first_visit(bench) -> Result:
    """Time to polygons of a new server's first visit, over the median of warm visits after it."""
    browser = await bench.browser()
    with fresh_server("fresh_map") as server:
        url = f"{server.url}/?lang={LANG}"
        first = await load_until_polygons(browser, url, timeout_ms=120_000)
        runs = server.script_runs()
        warm = [await load_until_polygons(browser, url) for _ in range(WARM_LOADS)]
    warm_ms = median([x["ms"] for x in warm])
    detail = {
        "first_ms": rounded(first["ms"]),
        "warm_median_ms": rounded(warm_ms),
        "warm_ms": [rounded(x["ms"]) for x in warm],
        "first_server_run_ms": rounded(runs[0]["ms"]) if runs else None,
        "server_start_s": round(server.started_s, 2),
    }
    return Result(first["ms"] / warm_ms, detail)


def _first_visit_summary(d: dict) -> str:
    return (
        f"first {d['first_ms']} ms (its first script run {d['first_server_run_ms']} ms), "
        f"warm median {d['warm_median_ms']} ms"
    )


# --- the Data page's first open ----------------------------------------------------------------


async def measure_data_first_open(bench) -> Result:
    """A new server's Data page, opened first: navigation to its tables drawn."""
    browser = await bench.browser()
    with fresh_server("fresh_data") as server:
        ms = await _data_open(browser, server.url)
        runs = server.script_runs()
        warm = [await _data_open(browser, server.url) for _ in range(WARM_LOADS)]
        warm_runs = server.script_runs()[len(runs) :]
    detail = {
        "ms": rounded(ms),
        "first_server_runs_ms": [rounded(r["ms"]) for r in runs],
        "warm_server_run_median_ms": rounded(median([r["ms"] for r in warm_runs])),
        "warm_median_ms": rounded(median(warm)),
        "warm_ms": [rounded(x) for x in warm],
    }
    return Result(ms / 1000, detail)


async def _data_open(browser, url: str) -> float:
    """Ms from navigation to the Data page's tables drawn, in a fresh browser context."""
    ctx = await browser.new_context(viewport=VIEWPORT)
    try:
        page = await ctx.new_page()
        await page.goto(f"{url}/data?lang={LANG}", wait_until="commit")
        return await wait_in_page(page, DATA_TABLES_JS, DATA_TABLES, 120_000, polling=50)
    finally:
        await ctx.close()


def _data_summary(d: dict) -> str:
    return (
        f"its server script runs {d['first_server_runs_ms']} ms; warm opens "
        f"{d['warm_median_ms']} ms, their script runs {d['warm_server_run_median_ms']} ms (medians)"
    )


# --- downloads of a new view -------------------------------------------------------------------

# A view per download that no other measurement opens, so that nothing is cached for it.
NEW_VIEWS = {
    "png": "layer=origin&measure=count&routes=north_coast",
    "svg": "layer=poverty&measure=pct&routes=south_sierra",
    "zip": "layer=origin&measure=per_100k&routes=south_selva",
}


async def _download_time(bench, kind: str) -> dict:
    """Open a new view on the warm atlas; seconds from a click on ``kind``'s button to the file."""
    atlas = bench.servers["atlas"]
    ctx = await (await bench.browser()).new_context(viewport=VIEWPORT, accept_downloads=True)
    try:
        await ctx.add_init_script(WS_LOG_JS)
        page = await ctx.new_page()
        await page.goto(f"{atlas.url}/?lang={LANG}&{NEW_VIEWS[kind]}")
        await wait_in_page(page, POLYGONS_JS, N_POLYGONS, 120_000)
        await wait_quiet(page)
        button = page.locator(f".st-key-map_download_{kind} button")
        await button.scroll_into_view_if_needed()
        runs0 = len(atlas.script_runs())
        t0 = time.perf_counter()
        async with page.expect_download(timeout=120_000) as info:
            await button.click()
        download = await info.value
        seconds = time.perf_counter() - t0
        size = Path(await download.path()).stat().st_size
    finally:
        await ctx.close()
    return {"s": seconds, "bytes": size, "script_runs_caused": len(atlas.script_runs()) - runs0}


def _download_measure(kind: str):
    async def measure(bench) -> Result:
        found = await _download_time(bench, kind)
        detail = {"bytes": found["bytes"], "script_runs_caused": found["script_runs_caused"]}
        return Result(found["s"], detail)

    measure.__doc__ = f"Click on the {kind} download of a new view, to the file downloaded."
    return measure


def _download_summary(d: dict) -> str:
    return f"{d['bytes']:,} bytes, {d['script_runs_caused']} script runs caused"


# --- a click on a department -------------------------------------------------------------------


async def measure_department_click(bench) -> Result:
    """Server time of the run a click on a department causes (profile shown), one click each."""
    from geo.names import department_names

    atlas, names = bench.servers["atlas"], department_names()
    ctx = await (await bench.browser()).new_context(viewport=VIEWPORT)
    samples = []
    try:
        await ctx.add_init_script(WS_LOG_JS)
        page = await ctx.new_page()
        await page.goto(f"{atlas.url}/?lang={LANG}&layer=complaints")
        await wait_in_page(page, POLYGONS_JS, N_POLYGONS, 120_000)
        for code in CLICKED:
            await wait_quiet(page)
            frame = page.frame_locator('iframe[title="streamlit_folium.st_folium"]')
            runs0 = len(atlas.script_runs())
            t0 = time.perf_counter()
            clicked = await frame.locator("body").evaluate(CLICK_JS, code)
            if not clicked:
                raise RuntimeError(f"department {code} is not on the map")
            await wait_in_page(page, PROFILE_JS, names[code], 60_000, polling=50)
            seen = time.perf_counter() - t0
            await wait_quiet(page)
            runs = atlas.script_runs()[runs0:]
            samples.append({"code": code, "runs_ms": [r["ms"] for r in runs], "seen_s": seen})
    finally:
        await ctx.close()
    # The click's cost: every script run it caused (the map's report, then the profile's run).
    server_ms = [sum(s["runs_ms"]) for s in samples]
    detail = {
        "median_ms": rounded(median(server_ms)),
        "max_ms": rounded(max(server_ms)),
        "first_click_ms": rounded(server_ms[0]),
        "per_click": [
            {"code": s["code"], "runs_ms": [rounded(x) for x in s["runs_ms"]]} for s in samples
        ],
        "click_to_profile_median_s": round(median([s["seen_s"] for s in samples]), 2),
    }
    return Result(max(server_ms), detail)


def _click_summary(d: dict) -> str:
    return (
        f"median {d['median_ms']} ms, first {d['first_click_ms']} ms; "
        f"click to profile shown {d['click_to_profile_median_s']} s (median)"
    )


# --- a step of the story ------------------------------------------------------------------------

STORY_NEXT, STORY_PREV = ".st-key-story_next button", ".st-key-story_prev button"

# In the page: the story shows the step titled ``title`` (its first heading) and the app is idle.
STORY_STEP_JS = """(title) => {
  const ex = document.querySelector('[data-testid="stException"]');
  if (ex) return {error: ex.innerText.split('\\n')[0].slice(0, 300)};
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  const h = document.querySelector('[data-testid="stMain"] h1');
  return h && h.textContent.trim() === title ? {ms: performance.now()} : false;
}"""


async def measure_story_step(bench) -> Result:
    """Server time of each story step (the runs a click on next or previous causes), through
    every step forward and back; the slowest."""
    from geo.story import STEP_COUNT, story_step

    atlas = bench.servers["atlas"]
    ctx = await (await bench.browser()).new_context(viewport={"width": 1280, "height": 720})
    samples = []
    try:
        await ctx.add_init_script(WS_LOG_JS)
        page = await ctx.new_page()
        await page.goto(f"{atlas.url}/story?lang={LANG}")
        await wait_in_page(page, STORY_STEP_JS, story_step(1, LANG).title, 120_000, polling=50)
        order = [*range(2, STEP_COUNT + 1), *range(STEP_COUNT - 1, 0, -1)]
        shown = 1
        for step in order:
            await wait_quiet(page)
            runs0 = len(atlas.script_runs())
            t0 = time.perf_counter()
            await page.locator(STORY_NEXT if step > shown else STORY_PREV).click()
            title = story_step(step, LANG).title
            await wait_in_page(page, STORY_STEP_JS, title, 60_000, polling=50)
            seen = time.perf_counter() - t0
            await wait_quiet(page)
            runs = atlas.script_runs()[runs0:]
            if not runs:
                raise RuntimeError(f"no script run was logged for the click to step {step}")
            samples.append({"step": step, "runs_ms": [r["ms"] for r in runs], "seen_s": seen})
            shown = step
    finally:
        await ctx.close()
    server_ms = [sum(s["runs_ms"]) for s in samples]
    slowest = max(range(len(samples)), key=server_ms.__getitem__)
    detail = {
        "median_ms": median(server_ms),
        "slowest_step": samples[slowest]["step"],
        "steps": len(samples),
        "per_step": samples,
        "click_to_step_shown_median_s": median([s["seen_s"] for s in samples]),
    }
    return Result(server_ms[slowest], detail)


def _story_summary(d: dict) -> str:
    return (
        f"step {d['slowest_step']}; median {d['median_ms']:.1f} ms over {d['steps']} steps; "
        f"click to step shown {d['click_to_step_shown_median_s']:.2f} s (median)"
    )


MEASUREMENTS = (
    Measurement(
        "first_visit_ratio",
        "Fresh server's first visit / warm visit, time to polygons",
        "x",
        budgets.at_most(budgets.FIRST_VISIT_RATIO, "x"),
        measure_first_visit,
        _first_visit_summary,
        digits=2,
    ),
    Measurement(
        "data_first_open_s",
        "Data page, first open on a fresh server, to its tables",
        "s",
        budgets.at_most(budgets.DATA_FIRST_OPEN_S, "s"),
        measure_data_first_open,
        _data_summary,
        digits=2,
    ),
    Measurement(
        "png_new_view_s",
        "PNG of a new view, click to file",
        "s",
        budgets.at_most(budgets.NEW_VIEW_IMAGE_S, "s"),
        _download_measure("png"),
        _download_summary,
        servers=("atlas",),
        digits=2,
    ),
    Measurement(
        "svg_new_view_s",
        "SVG of a new view, click to file",
        "s",
        budgets.at_most(budgets.NEW_VIEW_IMAGE_S, "s"),
        _download_measure("svg"),
        _download_summary,
        servers=("atlas",),
        digits=2,
    ),
    Measurement(
        "press_kit_s",
        "Press kit of a new view, click to file",
        "s",
        budgets.at_most(budgets.PRESS_KIT_S, "s"),
        _download_measure("zip"),
        _download_summary,
        servers=("atlas",),
        digits=2,
    ),
    Measurement(
        "department_click_ms",
        "Department click to profile, server time (slowest of 5)",
        "ms",
        budgets.at_most(budgets.DEPARTMENT_CLICK_MS, "ms"),
        measure_department_click,
        _click_summary,
        servers=("atlas",),
    ),
    Measurement(
        "story_step_ms",
        "Story step (next/previous), server time (slowest step)",
        "ms",
        budgets.at_most(budgets.STORY_STEP_MS, "ms"),
        measure_story_step,
        _story_summary,
        servers=("atlas",),
    ),
)
