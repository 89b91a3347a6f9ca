"""The bench's plumbing: its registry of named measurements, --only, budgets and the table."""

from __future__ import annotations

import json
import sys
import threading
import types
from argparse import Namespace

import pytest

from bench import budgets, registry, report, run
from bench.figures import Figure
from bench.registry import Measurement, NotMeasurable, Result

# The figures the bench reported before it was split into modules; none may go missing.
FIGURES = {
    "load_ratio",
    "rerun_ms",
    "payload_ws_kb",
    "payload_python_kb",
    "iou_min",
    "png_export_s",
    "concurrent_ok",
    "baseline_concurrent",
    "map_build_ms",
    "upload_attack",
    # the first visit and the slow steps (bench/first_visit.py)
    "first_visit_ratio",
    "data_first_open_s",
    "png_new_view_s",
    "svg_new_view_s",
    "press_kit_s",
    "department_click_ms",
}


def _fake_module(monkeypatch, name: str, *measurements: Measurement) -> str:
    module = types.ModuleType(name)
    module.MEASUREMENTS = measurements
    monkeypatch.setitem(sys.modules, name, module)
    return name


def test_the_registry_names_every_figure_once():
    names = [m.name for m in registry.all_measurements()]
    assert set(names) == FIGURES
    assert len(names) == len(set(names))


def test_in_process_measurements_name_no_server_and_the_others_name_known_ones():
    from bench.servers import SCRIPTS

    by_name = {m.name: m for m in registry.all_measurements()}
    assert {n for n, m in by_name.items() if not m.servers} == {
        "payload_python_kb",
        "iou_min",
        "png_export_s",
        "map_build_ms",
        # these start a fresh server of their own, before the shared ones start
        "first_visit_ratio",
        "data_first_open_s",
    }
    assert {s for m in by_name.values() for s in m.servers} <= set(SCRIPTS)


def test_only_selects_the_named_measurements_in_the_registry_order():
    known = registry.all_measurements()
    chosen = registry.select(known, ["iou_min", "load_ratio"])
    assert [m.name for m in chosen] == ["load_ratio", "iou_min"]
    assert registry.select(known, None) == known


def test_an_unknown_name_is_named_with_the_known_ones():
    with pytest.raises(ValueError, match=r"unknown measurement nope; expected any of: load_ratio"):
        registry.select(registry.all_measurements(), ["iou_min", "nope"])


def test_a_name_used_twice_is_refused(monkeypatch):
    twin = Measurement("twin", "Twin", "", budgets.DIAGNOSTIC, lambda bench: Result(1))
    first = _fake_module(monkeypatch, "fake_bench_a", twin)
    second = _fake_module(monkeypatch, "fake_bench_b", twin)
    with pytest.raises(ValueError, match="used twice: twin"):
        registry.all_measurements([first, second])


@pytest.mark.parametrize(
    ("budget", "value", "sessions", "holds"),
    [
        (budgets.at_most(1.25, "x"), 1.25, 20, True),
        (budgets.at_most(1.25, "x"), 1.26, 20, False),
        (budgets.at_least(0.98), 0.97, 20, False),
        (budgets.EVERY_SESSION, 20, 20, True),
        (budgets.EVERY_SESSION, 19, 20, False),
        (budgets.EVERY_SESSION, 5, 5, False),  # too few sessions to meet the budget
        (budgets.REFERENCE, 20, 20, None),
        (budgets.at_most(150, "ms"), None, 20, None),  # nothing measured
    ],
)
def test_a_budget_judges_a_value(budget, value, sessions, holds):
    assert budget.judge(value, Namespace(sessions=sessions)) is holds


def test_budget_texts_are_what_the_table_shows():
    assert budgets.at_most(150.0, "ms", prefix="median ").text == "median <= 150 ms"
    assert budgets.at_most(300.0, "KB").text == "<= 300 KB"
    assert budgets.at_least(0.98).text == ">= 0.98"


def test_the_table_states_value_budget_and_whether_it_holds():
    figures = [
        Figure("a", "Alpha", 1.5, "x", "<= 1.25 x", False),
        Figure("b", "Beta", None, "s", "<= 3 s", None, note="not measured: no PNG"),
    ]
    rows = report.table_rows(figures, {"a": "atlas 3 ms"})
    assert rows[1] == ("Alpha", "1.5 x", "<= 1.25 x", "FAIL", "atlas 3 ms")
    assert rows[2] == ("Beta", "-", "<= 3 s", "NOT MEASURED", "not measured: no PNG")


def _run_fakes(monkeypatch, tmp_path, capsys, argv: list[str]):
    def broken(bench):
        raise KeyError("gone")

    fakes = (
        Measurement("fast", "Fast thing", "ms", budgets.at_most(5, "ms"), lambda b: Result(4.0)),
        Measurement("slow", "Slow thing", "ms", budgets.at_most(5, "ms"), lambda b: Result(9.0)),
        Measurement("broken", "Broken thing", "s", budgets.DIAGNOSTIC, broken),
    )

    async def missing(bench):
        raise NotMeasurable("data/extra.geojson is missing")

    fakes += (Measurement("absent", "Absent thing", "", budgets.DIAGNOSTIC, missing),)
    monkeypatch.setattr(registry, "MODULES", (_fake_module(monkeypatch, "fake_bench", *fakes),))
    monkeypatch.setattr(run, "LATEST", tmp_path / "latest.json")
    # In a thread of its own: asyncio.run() refuses to start where an event loop runs already,
    # as one does on an xdist worker that drove Playwright's sync API before this test.
    outcome: dict = {}

    def main() -> None:
        try:
            outcome["status"] = run.main(argv)
        except BaseException as error:  # re-raised below, in the test's thread
            outcome["error"] = error

    thread = threading.Thread(target=main)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    assert outcome["status"] == 0
    saved = json.loads((tmp_path / "latest.json").read_text(encoding="utf-8"))
    return capsys.readouterr().out, {f["id"]: f for f in saved["figures"]}


def test_only_runs_and_prints_the_named_figures(monkeypatch, tmp_path, capsys):
    out, saved = _run_fakes(monkeypatch, tmp_path, capsys, ["--only", "slow"])
    assert "Slow thing" in out and "FAIL: Slow thing" in out
    assert "Fast thing" not in out
    assert list(saved) == ["slow"]
    assert saved["slow"]["passed"] is False and saved["slow"]["budget"] == "<= 5 ms"


def test_a_broken_measurement_is_reported_and_the_others_still_measured(
    monkeypatch, tmp_path, capsys
):
    out, saved = _run_fakes(monkeypatch, tmp_path, capsys, [])
    assert saved["fast"]["value"] == 4.0 and saved["fast"]["passed"] is True
    assert saved["broken"]["note"] == "not measured: KeyError: 'gone'"
    assert saved["absent"]["note"] == "not measured: data/extra.geojson is missing"
    assert "NOT MEASURED" in out


def test_the_site_bench_counts_only_the_local_server_and_the_pages_own_urls_as_local():
    """bench/site.py watches every request of a timed load (it does not intercept them: that
    would delay each one) and stops on any request to another host."""
    from bench.site import _local

    assert _local("http://127.0.0.1:8080/site/es/map.html")
    assert _local("data:image/png;base64,AAAA") and _local("about:blank")
    assert not _local("https://unpkg.com/leaflet@1.9.3/dist/leaflet.js")
    assert not _local("http://127.0.0.1.example.org/x.js")
    assert not _local("http://localhost:8080/x.js")  # the bench serves on 127.0.0.1 only
