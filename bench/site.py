"""The static edition's figures (docs/DESIGN.md, "Budgets": "Static edition"), measured by
``bench/run.py`` on the site that ``bench.site_server`` builds and serves behind nginx with the
deployment's own configuration:

- the build's time (diagnostic), the whole site's size, and the bytes the explorer page fetches
  besides the shared Leaflet;
- explorer time to polygons over HTTP against the physical floor (a bare folium file of the same
  25 polygons, with Leaflet from the same files, on the same server, in the same run);
- deck step change (key press to the next frame with the new step shown);
- ``--sessions`` concurrent browser sessions on the explorer;
- ``--clients`` concurrent HTTP clients (wrk) fetching the explorer and its assets from nginx.

``make bench ONLY=site_load_ratio`` (or ``bench/run.py --only ...``) measures one of them alone.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import subprocess

from bench import budgets
from bench.figures import median, p95
from bench.page import POLYGONS_AT_FRAME_JS, VIEWPORT
from bench.registry import Measurement, NotMeasurable, Result

# 41: single loads on this two-core machine spread over +-30 % (e.g. floor 151-262 ms in one run),
# so the ratio of two medians of 21 loads moved between 1.10 and 1.35 from one run to the next
# with the same files; resampling 100 alternated pairs put its 5-95 % range at 1.18-1.37 for 21
# loads and 1.20-1.34 for 41 (bench/README.md, "The seventh round"). 41 adds about 20 s.
SITE_RUNS = 41
WRK_SECONDS = 10
DECK_VIEWPORT = {"width": 1280, "height": 720}
POLYGONS_NOTED = "() => window.__polygonsMs !== undefined"
WRK_ERRORS = ("connect", "read", "write", "status", "timeout")

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


def add_arguments(parser) -> None:
    """The static edition's options, on bench/run.py's command line."""
    parser.add_argument(
        "--site-runs", type=int, default=SITE_RUNS, help="loads of the explorer and of the floor"
    )
    parser.add_argument(
        "--clients", type=int, default=budgets.HTTP_CLIENTS, help="wrk's connections to nginx"
    )
    parser.add_argument("--seconds", type=int, default=WRK_SECONDS, help="wrk's duration")


def _local(url: str) -> bool:
    """A request to the local server (or a page's own data: and blob: URLs)."""
    return url.startswith(("http://127.0.0.1:", "data:", "blob:", "about:"))


async def load_site_page(browser, url: str, timeout_ms: float = 60_000, polling="raf") -> dict:
    """One load of ``url`` in a fresh context: ms to the polygons (``bench.page``'s probe, noted
    in the page), and the URLs it fetched. A request to another host is an error."""
    context = await browser.new_context(viewport=VIEWPORT)
    await context.add_init_script(POLYGONS_AT_FRAME_JS)
    fetched: list[str] = []
    # Every request is seen, not intercepted: a route with a pattern makes Playwright hold each
    # request until its own process has matched it, a delay per request that a reader never has
    # and that would weigh on the page with more files (the explorer, its shared scripts apart).
    foreign: list[str] = []
    page = await context.new_page()
    page.on("request", lambda req: None if _local(req.url) else foreign.append(req.url))
    page.on("requestfinished", lambda req: fetched.append(req.url))
    try:
        await page.goto(url, wait_until="commit")
        await page.wait_for_function(POLYGONS_NOTED, polling=polling, timeout=timeout_ms)
        ms = await page.evaluate("window.__polygonsMs")
        await page.wait_for_load_state("load")
        if foreign:
            raise RuntimeError(f"{url} asked another host: {foreign[:3]}")
        return {"ms": ms, "fetched": fetched}
    finally:
        await context.close()


async def _explorer_files(bench) -> dict[str, int]:
    """The site's files the explorer page fetches (path under /site/ -> bytes), from one load."""
    site = bench.servers["site"]
    found = await load_site_page(await bench.browser(), site.explorer_url)
    prefix = f"{site.url}/site/"
    paths = sorted(
        {
            u.split("?")[0].split("#")[0][len(prefix) :]
            for u in found["fetched"]
            if u.startswith(prefix)
        }
    )
    return {p: (site.site / p).stat().st_size for p in paths}


# --- sizes -----------------------------------------------------------------------------------


def measure_build(bench) -> Result:
    """Seconds `make site`'s build took (the site was built for this run)."""
    return Result(bench.servers["site"].build_s)


def measure_site_size(bench) -> Result:
    """Every file of the built site, press kit included (the floor page is not the site's)."""
    site = bench.servers["site"]
    return Result(site.site_bytes / 1e6, {"files": site.site_files, "bytes": site.site_bytes})


async def measure_explorer_transfer(bench) -> Result:
    """The bytes of the files the explorer fetches, without Leaflet's (shared by every page)."""
    sizes = await bench.shared("site_explorer_files", _explorer_files)
    own = {k: v for k, v in sizes.items() if "/leaflet/" not in k}
    if not own:
        raise RuntimeError("the explorer fetched none of the site's files")
    detail = {"bytes_by_file": own, "leaflet_bytes": sum(sizes.values()) - sum(own.values())}
    return Result(sum(own.values()) / 1000, detail, note="uncompressed; kilobytes of 1,000 bytes")


# --- the browser -----------------------------------------------------------------------------


async def measure_loads(bench) -> Result:
    """Explorer / floor time to polygons: ``--site-runs`` loads of each, alternating, each in a
    fresh context, after one warm-up load of each; the ratio of the medians."""
    browser, site = await bench.browser(), bench.servers["site"]
    await load_site_page(browser, site.explorer_url)  # warm nginx's files and compiled code
    await load_site_page(browser, site.floor_url)
    explorer, floor = [], []
    for _ in range(bench.settings.site_runs):
        explorer.append((await load_site_page(browser, site.explorer_url))["ms"])
        floor.append((await load_site_page(browser, site.floor_url))["ms"])
    detail = {
        "explorer_median_ms": median(explorer),
        "floor_median_ms": median(floor),
        "explorer_ms": explorer,
        "floor_ms": floor,
    }
    return Result(median(explorer) / median(floor), detail)


async def measure_deck(bench) -> Result:
    """Key press to the next frame with the new step, over every step forward and back; the
    slowest step (the median is in the detail)."""
    from bench.page import LANG

    context = await (await bench.browser()).new_context(viewport=DECK_VIEWPORT)
    try:
        page = await context.new_page()
        await page.goto(f"{bench.servers['site'].url}/site/{LANG}/story.html")
        # Predicates as functions: the deployment's CSP has no 'unsafe-eval', which a bare
        # expression string would need.
        ready = "() => document.documentElement.dataset.ready === 'true'"
        await page.wait_for_function(ready, timeout=60_000)
        await page.evaluate(STEP_TIMER_JS)
        count = int(await page.locator("#deck").get_attribute("data-count"))
        keys = ["ArrowRight"] * (count - 1) + ["ArrowLeft"] * (count - 1)
        for i, key in enumerate(keys, 1):
            await page.keyboard.press(key)
            await page.wait_for_function("(i) => window.__steps.length >= i", arg=i)
        steps = await page.evaluate("window.__steps")
    finally:
        await context.close()
    if count < 2 or steps[count - 2]["step"] != str(count):
        raise RuntimeError(f"the deck did not reach its step {count}: {steps}")
    times = [s["ms"] for s in steps]
    detail = {"median_ms": median(times), "p95_ms": p95(times), "runs_ms": times}
    return Result(max(times), detail)


async def measure_sessions(bench) -> Result:
    """``--sessions`` fresh contexts open the explorer 50 ms apart; each waits for its polygons."""
    browser, url = await bench.browser(), bench.servers["site"].explorer_url

    async def one(i: int) -> dict:
        await asyncio.sleep(0.05 * i)  # the live app's test staggers its sessions the same way
        try:
            return await load_site_page(browser, url, timeout_ms=180_000, polling=100)
        except Exception as exc:  # a session that fails is counted, not raised
            return {"error": str(exc).splitlines()[0][:200]}

    results = await asyncio.gather(*(one(i) for i in range(bench.settings.sessions)))
    times = [r["ms"] for r in results if "ms" in r]
    detail = {
        "median_ms": median(times),
        "p95_ms": p95(times),
        "failures": [r["error"] for r in results if "error" in r],
    }
    return Result(len(times), detail)


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


async def measure_http_clients(bench) -> Result:
    """``--clients`` connections of wrk for ``--seconds``, cycling over the explorer and every
    file it fetched; the value is the failed requests (connect, read, write, timeout, non-2xx)."""
    wrk = shutil.which("wrk")
    if wrk is None:
        raise NotMeasurable(
            "wrk is not installed (Debian package wrk; scripts/install_test_deps.sh)"
        )
    site, settings = bench.servers["site"], bench.settings
    files = await bench.shared("site_explorer_files", _explorer_files)
    paths = [f"/site/{p}" for p in files]
    script = site.run_dir / "paths.lua"
    listed = ", ".join(json.dumps(p) for p in paths)
    script.write_text(WRK_LUA.replace("__PATHS__", listed), encoding="utf-8")
    threads = max(1, min(4, os.cpu_count() or 1))
    argv = [wrk, "-t", str(threads), "-c", str(settings.clients), "-d", f"{settings.seconds}s"]
    run = subprocess.run(
        [*argv, "--timeout", "10s", "-s", str(script), site.url],
        capture_output=True,
        text=True,
        timeout=settings.seconds + 60,
    )
    match = re.search(r"ATLAS (\{.*\})", run.stdout)
    if run.returncode != 0 or match is None:
        raise RuntimeError(f"wrk failed ({run.returncode}): {run.stderr[:300] or run.stdout[:300]}")
    stats = json.loads(match.group(1))
    rps = stats["requests"] / settings.seconds
    detail = {**stats, "requests_per_s": rps, "threads": threads, "paths": paths}
    return Result(sum(stats[k] for k in WRK_ERRORS), detail)


def _wrk_summary(d: dict) -> str:
    return (
        f"{d['requests']:,} requests ({d['requests_per_s']:,.0f} a second), "
        f"p99 {d['p99_us'] / 1000:.1f} ms"
    )


MEASUREMENTS = (
    Measurement(
        "site_build_s",
        "make site (build time)",
        "s",
        budgets.DIAGNOSTIC,
        measure_build,
        servers=("site",),
    ),
    Measurement(
        "site_load_ratio",
        "Static explorer time to polygons / bare folium file (nginx)",
        "x",
        budgets.at_most(budgets.SITE_RATIO, "x"),
        measure_loads,
        lambda d: f"explorer {d['explorer_median_ms']:.1f} ms, floor {d['floor_median_ms']:.1f} ms",
        servers=("site",),
        digits=2,
    ),
    Measurement(
        "site_total_mb",
        "Static site, total size",
        "MB",
        budgets.at_most(budgets.SITE_MB, "MB"),
        measure_site_size,
        lambda d: f"{d['files']} files",
        servers=("site",),
        digits=2,
    ),
    Measurement(
        "explorer_transfer_kb",
        "Explorer page transfer, without the shared Leaflet",
        "KB",
        budgets.at_most(budgets.EXPLORER_KB, "KB"),
        measure_explorer_transfer,
        lambda d: f"Leaflet {d['leaflet_bytes'] / 1000:.1f} KB besides",
        servers=("site",),
    ),
    Measurement(
        "deck_step_ms",
        "Deck step change (key to next frame, slowest step)",
        "ms",
        budgets.at_most(budgets.DECK_STEP_MS, "ms"),
        measure_deck,
        lambda d: f"median {d['median_ms']:.1f} ms, p95 {d['p95_ms']:.1f} ms",
        servers=("site",),
    ),
    Measurement(
        "site_concurrent_ok",
        "Concurrent browser sessions on the static explorer ({sessions})",
        "of {sessions}",
        budgets.EVERY_SESSION,
        measure_sessions,
        lambda d: f"median {d['median_ms']:.1f} ms, p95 {d['p95_ms']:.1f} ms to polygons",
        servers=("site",),
        digits=0,
    ),
    Measurement(
        "site_http_clients",
        "nginx: {clients} concurrent HTTP clients on the explorer, failed requests",
        "failed",
        budgets.CLIENTS_NONE_FAILING,
        measure_http_clients,
        _wrk_summary,
        servers=("site",),
        digits=0,
    ),
)
