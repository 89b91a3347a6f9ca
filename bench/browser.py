"""Measurements in the browser, one page at a time: load time against the baseline, the rerun after
a layer toggle, and the map's payload over the websocket.
"""

from __future__ import annotations

from bench import budgets
from bench.figures import median, p95, rounded
from bench.page import (
    LANG,
    N_POLYGONS,
    POLYGONS_JS,
    TITLE_JS,
    VIEWPORT,
    WS_LOG_JS,
    decode_ws_log,
    load_until_polygons,
    wait_in_page,
    wait_quiet,
)
from bench.registry import Measurement, Result

# --- time to map polygons ----------------------------------------------------------------------


async def _interleaved_loads(bench) -> dict:
    """``--runs`` loads of the atlas and of the baseline, alternating, after one warm-up load of
    each; each atlas load is timed to its polygons and to its whole page."""
    browser = await bench.browser()
    atlas_url, base_url = (
        f"{bench.servers['atlas'].url}/?lang={LANG}",
        f"{bench.servers['baseline'].url}/",
    )
    await load_until_polygons(browser, atlas_url, whole=True)
    await load_until_polygons(browser, base_url)
    atlas, baseline = [], []
    for _ in range(bench.settings.runs):
        atlas.append(await load_until_polygons(browser, atlas_url, whole=True))
        baseline.append(await load_until_polygons(browser, base_url))
    return {"atlas": atlas, "baseline": baseline}


async def measure_load(bench) -> Result:
    """Time to polygons, atlas / baseline: the ratio of their medians."""
    loads = await bench.shared("interleaved_loads", _interleaved_loads)
    a, b = loads["atlas"], loads["baseline"]
    am, bm = median([x["ms"] for x in a]), median([x["ms"] for x in b])
    detail = {
        "atlas_median_ms": am,
        "baseline_median_ms": bm,
        "runs_each": len(a),
        "atlas_ms": [x["ms"] for x in a],
        "baseline_ms": [x["ms"] for x in b],
        "atlas_wall_median_ms": median([x["wall_ms"] for x in a]),
        "baseline_wall_median_ms": median([x["wall_ms"] for x in b]),
    }
    return Result(am / bm, detail)


def _load_summary(d: dict) -> str:
    return f"atlas {d['atlas_median_ms']:.1f} ms, baseline {d['baseline_median_ms']:.1f} ms"


async def measure_whole_page(bench) -> Result:
    """The atlas's map page drawn whole (its list, profile and downloads, drawn by the second run
    the map asks for) / the baseline's time to polygons, in the loads of ``load_ratio``."""
    loads = await bench.shared("interleaved_loads", _interleaved_loads)
    whole = [x["whole_ms"] for x in loads["atlas"]]
    after = [x["whole_ms"] - x["ms"] for x in loads["atlas"]]
    bm = median([x["ms"] for x in loads["baseline"]])
    detail = {
        "whole_median_ms": median(whole),
        "whole_ms": whole,
        "after_polygons_median_ms": median(after),
        "baseline_median_ms": bm,
    }
    return Result(median(whole) / bm, detail)


def _whole_summary(d: dict) -> str:
    return (
        f"whole page {d['whole_median_ms']:.1f} ms, {d['after_polygons_median_ms']:.1f} ms after "
        f"its polygons; baseline's polygons {d['baseline_median_ms']:.1f} ms"
    )


# --- rerun after a layer toggle ----------------------------------------------------------------


def _request_to_finished(log: list[dict], click: float) -> float | None:
    """Ms from the first rerun request after ``click`` to the script_finished that follows it."""
    events = [e for e in decode_ws_log(log) if e[0] >= click]
    sent = next((tm for tm, kind in events if kind == "rerun"), None)
    if sent is None:
        return None
    done = next((tm for tm, kind in events if kind == "finished" and tm >= sent), None)
    return None if done is None else done - sent


async def _toggle_once(page, atlas, button_text: str, title: str) -> dict:
    """Click one layer button; the server's runs it caused and what the browser saw of them."""
    await wait_quiet(page)
    n0 = await page.evaluate("window.__wslog.length")
    runs0 = len(atlas.script_runs())
    await page.locator(".st-key-layer button").filter(has_text=button_text).click()
    shown = await wait_in_page(page, TITLE_JS, title, 30_000)
    await wait_quiet(page)
    runs = atlas.script_runs()[runs0:]
    click, log = await page.evaluate("[window.__lastClick, window.__wslog]")
    return {
        "runs": runs,
        "ws_ms": _request_to_finished(log[n0:], click),
        "visible_ms": shown - click,
    }


def _toggle_result(samples: list[dict]) -> Result:
    """The rerun figure from the toggles' samples: the first run after each click is timed."""
    timed = [s["runs"] for s in samples if s["runs"]]
    server_ms = [runs[0]["ms"] for runs in timed]
    gc_ms = [runs[0].get("gc_ms", 0.0) for runs in timed]
    ws_ms = [s["ws_ms"] for s in samples if s["ws_ms"] is not None]
    visible_ms = [s["visible_ms"] for s in samples]
    med = median(server_ms)
    if med is None:
        raise RuntimeError(f"no script run was logged after any of {len(samples)} toggles")
    detail = {
        "median_ms": rounded(med),
        "p95_ms": rounded(p95(server_ms)),
        "toggles": len(server_ms),
        "all_ms": [rounded(x) for x in server_ms],
        "of_which_post_run_gc_median_ms": rounded(median(gc_ms)),
        "without_gc_median_ms": rounded(
            median([a - b for a, b in zip(server_ms, gc_ms, strict=True)])
        ),
        "further_runs_after_toggles": sum(len(runs) - 1 for runs in timed),
        "browser_request_to_finished_median_ms": rounded(median(ws_ms)),
        "browser_request_to_finished_p95_ms": rounded(p95(ws_ms)),
        "click_to_new_title_median_ms": rounded(median(visible_ms)),
        "click_to_new_title_p95_ms": rounded(p95(visible_ms)),
    }
    return Result(med, detail)


async def measure_toggles(bench) -> Result:
    """Rerun after a layer toggle: the server's script run, and what the browser sees of it."""
    from geo.i18n import t
    from geo.layers import LAYERS

    atlas, layer_ids = bench.servers["atlas"], list(LAYERS)
    ctx = await (await bench.browser()).new_context(viewport=VIEWPORT)
    samples = []
    try:
        await ctx.add_init_script(WS_LOG_JS)
        page = await ctx.new_page()
        await page.goto(f"{atlas.url}/?lang={LANG}&layer={layer_ids[0]}")
        await wait_in_page(page, POLYGONS_JS, N_POLYGONS, 60_000)
        for i in range(bench.settings.toggles):  # complaints -> origin -> poverty -> ...
            target = layer_ids[(i + 1) % len(layer_ids)]
            label, title = t(f"layer.{target}", LANG), t(f"layer.{target}.title", LANG)
            samples.append(await _toggle_once(page, atlas, label, title))
    finally:
        await ctx.close()
    return _toggle_result(samples)


def _toggle_summary(d: dict) -> str:
    return (
        f"p95 {d['p95_ms']} ms over {d['toggles']}, of which gc.collect "
        f"{d['of_which_post_run_gc_median_ms']} ms; in the browser: request->finished "
        f"{d['browser_request_to_finished_median_ms']} ms, click->new title "
        f"{d['click_to_new_title_median_ms']} ms (medians)"
    )


# --- the map's payload over the websocket ------------------------------------------------------


def _folium_args_size(frames: list[bytes]) -> tuple[int, int]:
    """(size of the largest streamlit_folium component's args, size of the frame carrying them)."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    component, frame_bytes = 0, 0
    for raw in frames:
        try:
            msg = ForwardMsg.FromString(raw)
        except Exception:
            continue
        if msg.WhichOneof("type") != "delta" or msg.delta.WhichOneof("type") != "new_element":
            continue
        el = msg.delta.new_element
        if el.WhichOneof("type") != "component_instance":
            continue
        ci = el.component_instance
        if "folium" not in ci.component_name:
            continue
        size = len(ci.json_args.encode("utf-8")) + sum(a.ByteSize() for a in ci.special_args)
        if size > component:
            component, frame_bytes = size, len(raw)
    return component, frame_bytes


async def ws_payload(browser, url: str) -> dict:
    """Bytes received over the websocket while loading ``url``, and the map component's args."""
    ctx = await browser.new_context(viewport=VIEWPORT)
    frames: list[bytes] = []

    def keep(payload) -> None:
        frames.append(payload if isinstance(payload, bytes) else payload.encode("utf-8"))

    try:
        page = await ctx.new_page()
        page.on("websocket", lambda ws: ws.on("framereceived", keep))
        await page.goto(url)
        await wait_in_page(page, POLYGONS_JS, N_POLYGONS, 60_000)
        await page.wait_for_timeout(1500)  # the frames that come after the map is drawn count too
    finally:
        await ctx.close()
    component, frame_bytes = _folium_args_size(frames)
    return {
        "component_args_bytes": component,
        "component_frame_bytes": frame_bytes,
        "ws_received_bytes": sum(len(f) for f in frames),
        "ws_frames": len(frames),
    }


async def measure_payload(bench) -> Result:
    """The map component's args over the websocket: the atlas with every route, and the baseline."""
    from geo.views import ROUTE_IDS

    browser = await bench.browser()
    query = f"?lang={LANG}&layer=complaints&routes={','.join(ROUTE_IDS)}"
    atlas = await ws_payload(browser, f"{bench.servers['atlas'].url}/{query}")
    base = await ws_payload(browser, f"{bench.servers['baseline'].url}/")
    if not atlas["component_args_bytes"]:
        raise RuntimeError(
            f"no map component was found in the {atlas['ws_frames']} websocket frames received: "
            "expected the streamlit_folium component's arguments"
        )
    return Result(atlas["component_args_bytes"] / 1000, {"atlas": atlas, "baseline": base})


def _payload_summary(d: dict) -> str:
    return (
        f"page load {d['atlas']['ws_received_bytes'] / 1000:.1f} KB over ws; baseline map "
        f"{d['baseline']['component_args_bytes'] / 1000:.1f} KB"
    )


MEASUREMENTS = (
    Measurement(
        "load_ratio",
        "Time to map polygons, atlas / baseline (median)",
        "x",
        budgets.at_most(budgets.RATIO, "x"),
        measure_load,
        _load_summary,
        servers=("atlas", "baseline"),
        digits=2,
    ),
    Measurement(
        "whole_page_ratio",
        "Whole map page drawn (list, profile, downloads) / baseline polygons",
        "x",
        budgets.at_most(budgets.WHOLE_PAGE_RATIO, "x"),
        measure_whole_page,
        _whole_summary,
        servers=("atlas", "baseline"),
        digits=2,
    ),
    Measurement(
        "rerun_ms",
        "Server rerun after a layer toggle (script run, median)",
        "ms",
        budgets.at_most(budgets.RERUN_MS, "ms", prefix="median "),
        measure_toggles,
        _toggle_summary,
        servers=("atlas",),
    ),
    Measurement(
        "payload_ws_kb",
        "Map component args over the websocket (all routes, places)",
        "KB",
        budgets.at_most(budgets.PAYLOAD_KB, "KB"),
        measure_payload,
        _payload_summary,
        servers=("atlas", "baseline"),
    ),
)
