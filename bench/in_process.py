"""Measurements in this process, before any server starts: boundary fidelity, the map's payload
and build time as Python computes them, and the PNG export.
"""

from __future__ import annotations

import cProfile
import functools
import io
import json
import pstats
import time

from bench import budgets
from bench.figures import median, p95, rounded
from bench.page import LANG
from bench.registry import Measurement, NotMeasurable, Result

BUILD_RUNS = 15  # map builds timed
PROFILED_BUILDS = 5  # map builds profiled with --profile
PNG_RUNS = 3  # PNG exports timed, after one untimed


# --- boundaries --------------------------------------------------------------------------------


def measure_iou(bench) -> Result:
    """Lowest IoU of a shipped department with its outline in INEI's file (equal-area CRS)."""
    from geo.boundaries import SOURCE_FILE, read_boundaries
    from geo.boundaries import iou_equal_area as iou

    raw = SOURCE_FILE
    if not raw.exists():
        raise NotMeasurable(f"{raw.name} is missing")
    simple = read_boundaries().set_index("department_code").geometry
    full = read_boundaries(raw).set_index("department_code").geometry
    scores = {code: iou(simple[code], full[code]) for code in simple.index}
    worst = min(scores, key=scores.get)
    detail = {
        "worst_department": worst,
        "per_department": scores,
    }
    return Result(scores[worst], detail)


# --- the map as Python builds it ---------------------------------------------------------------


@functools.cache
def prepared_all_routes():
    """The default view (complaints, count) with every route, prepared once for the bench."""
    from geo.views import ROUTE_IDS, MapView, prepare_map

    return prepare_map(MapView(layer="complaints", measure="count", routes=ROUTE_IDS, lang=LANG))


# The arguments that carry the map itself: what the payload figure adds up.
MAP_ARGS = ("script", "html", "header")


class EmptyCapture(RuntimeError):
    """The recorder put in place of st_folium's component recorded no map: nothing to measure."""


def component_args(fmap) -> dict:
    """The arguments st_folium hands to its component for ``fmap`` (no Streamlit server needed).

    Raises
    ------
    EmptyCapture
        When the component was not called, or called without the map's script: a capture that
        found nothing must not read as a payload of 0 KB.
    """
    from ui_compat import streamlit_folium as folium_compat

    captured = {}

    def capture(**kwargs):
        captured.update(kwargs)
        return kwargs.get("default")

    with folium_compat.component_replaced(capture):
        folium_compat.st_folium(
            fmap,
            key="atlas_map",
            height=720,
            use_container_width=True,
            returned_objects=["last_active_drawing"],
        )
    captured.pop("on_change", None)
    if not captured.get("script"):  # the map's html is empty: folium's script draws it all
        found = ", ".join(sorted(captured)) or "nothing"
        raise EmptyCapture(
            f"st_folium's component was not given the map's script (captured: {found}); "
            "expected the folium map's script"
        )
    return captured


def measure_python_payload(bench) -> Result:
    """The map component's args for the default view with every route, computed in Python."""
    from geo.views import interactive_map

    args = component_args(interactive_map(prepared_all_routes()))
    parts = {k: len((args.get(k) or "").encode("utf-8")) for k in MAP_ARGS}
    whole = len(json.dumps(args, ensure_ascii=False).encode("utf-8"))
    detail = {"bytes_by_part": parts, "all_args_json_bytes": whole}
    return Result(sum(parts.values()) / 1000, detail)


def _profile_builds(prepared) -> str:
    """A cProfile of map builds, cumulative, top 25 entries."""
    from geo.views import interactive_map

    prof = cProfile.Profile()
    prof.enable()
    for _ in range(PROFILED_BUILDS):
        component_args(interactive_map(prepared))
    prof.disable()
    out = io.StringIO()
    pstats.Stats(prof, stream=out).sort_stats("cumulative").print_stats(25)
    return f"cProfile of {PROFILED_BUILDS} map builds (cumulative):\n" + out.getvalue()


def measure_map_build(bench) -> Result:
    """Time to build the map from a prepared view: folium plus the strings st_folium sends."""
    from geo.views import interactive_map

    prepared = prepared_all_routes()
    times = []
    for _ in range(BUILD_RUNS):
        t0 = time.perf_counter()
        component_args(interactive_map(prepared))
        times.append((time.perf_counter() - t0) * 1000)
    detail = {
        "median_ms": rounded(median(times)),
        "p95_ms": rounded(p95(times)),
        "runs": len(times),
    }
    note = "part of every map-page rerun when the prepared view is cached"
    appendix = _profile_builds(prepared) if bench.settings.profile else ""
    return Result(median(times), detail, note=note, appendix=appendix)


# --- PNG export --------------------------------------------------------------------------------


def measure_png(bench) -> Result:
    """Median of three PNG exports of the complaints view with all routes, after an untimed one."""
    try:
        from geo.static_map import static_map
    except ImportError as exc:
        raise NotMeasurable(f"geo.static_map.static_map unavailable ({exc})") from exc
    prepared = prepared_all_routes()
    t0 = time.perf_counter()
    first = static_map(prepared, "png")
    cold = time.perf_counter() - t0
    times = []
    for _ in range(PNG_RUNS):
        t0 = time.perf_counter()
        static_map(prepared, "png")
        times.append(time.perf_counter() - t0)
    detail = {
        "runs_s": [round(x, 3) for x in times],
        "first_call_s": round(cold, 3),
        "png_bytes": len(first),
    }
    return Result(median(times), detail)


MEASUREMENTS = (
    Measurement(
        "payload_python_kb",
        "Map component args (Python: script+html+header)",
        "KB",
        budgets.at_most(budgets.PAYLOAD_KB, "KB"),
        measure_python_payload,
        lambda d: ", ".join(f"{k} {v / 1000:.1f}" for k, v in d["bytes_by_part"].items()),
    ),
    Measurement(
        "iou_min",
        "Lowest department IoU, shipped vs INEI's file",
        "",
        budgets.at_least(budgets.IOU),
        measure_iou,
        lambda d: f"department {d['worst_department']}",
        digits=4,
    ),
    Measurement(
        "png_export_s",
        "Map PNG export (geo.static_map, median of 3)",
        "s",
        budgets.at_most(budgets.PNG_S, "s"),
        measure_png,
        lambda d: f"first call {d['first_call_s']} s",
        digits=2,
    ),
    Measurement(
        "map_build_ms",
        "Map build per rerun (folium + st_folium strings, Python)",
        "ms",
        budgets.DIAGNOSTIC,
        measure_map_build,
        lambda d: f"p95 {d['p95_ms']} ms",
    ),
)
