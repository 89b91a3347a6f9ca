"""The bench's plumbing: its registry of named measurements, --only, budgets judged on raw values,
the table, the exit status of `make bench`, and the checks that keep a measurement honest."""

from __future__ import annotations

import json
import sys
import threading
import types
from argparse import Namespace
from pathlib import Path

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
    # docs/DESIGN.md's "story step <= 1 s of server time", and the page drawn whole
    "story_step_ms",
    "whole_page_ratio",
    # the static edition (bench/site.py) and the replicas (bench/replicas.py), registered
    "site_build_s",
    "site_load_ratio",
    "site_total_mb",
    "explorer_transfer_kb",
    "deck_step_ms",
    "site_concurrent_ok",
    "site_http_clients",
    "replicas_1_p95_ms",
    "replicas_3_p95_ms",
    "replicas_p95_ratio",
    # the emulated phone (bench/phone.py)
    "phone_explorer_ratio",
    "phone_explorer_s",
    "phone_explorer_kb",
    "phone_live_ratio",
    "phone_live_kb",
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
    from bench.servers import NAMES

    by_name = {m.name: m for m in registry.all_measurements()}
    assert {n for n, m in by_name.items() if not m.servers} == {
        "payload_python_kb",
        "iou_min",
        "png_export_s",
        "map_build_ms",
        # these start a fresh server of their own, before the shared ones start
        "first_visit_ratio",
        "data_first_open_s",
        # these start their replicas and nginx themselves, once per replica count
        "replicas_1_p95_ms",
        "replicas_3_p95_ms",
        "replicas_p95_ratio",
    }
    assert {s for m in by_name.values() for s in m.servers} <= set(NAMES)


def test_only_selects_the_named_measurements_in_the_registry_order():
    known = registry.all_measurements()
    chosen = registry.select(known, ["iou_min", "load_ratio"])
    assert [m.name for m in chosen] == ["load_ratio", "iou_min"]
    assert registry.select(known, None) == known


def test_a_module_name_selects_all_its_measurements():
    known = registry.all_measurements()
    chosen = registry.select(known, ["site"], registry.groups())
    assert {m.name for m in chosen} == {
        n for n in FIGURES if n.startswith(("site_", "explorer_"))
    } | {"deck_step_ms"}


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
        (budgets.at_most(1.25, "x"), 1.2549, 20, False),  # rounds to 1.25, yet over it
        (budgets.at_least(0.98), 0.97, 20, False),
        (budgets.at_least(0.98), 0.97996, 20, False),  # rounds to 0.98, yet under it
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


def _in_thread(call):
    """``call()``'s value, called in a thread of its own: asyncio.run() refuses to start where an
    event loop runs already, as one does on an xdist worker that drove Playwright's sync API."""
    outcome: dict = {}

    def target() -> None:
        try:
            outcome["value"] = call()
        except BaseException as error:  # re-raised below, in the test's thread
            outcome["error"] = error

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def _run(monkeypatch, tmp_path, capsys, argv: list[str], fakes: tuple[Measurement, ...]):
    """bench/run.py's main on ``fakes`` alone: (its exit status, what it printed, latest.json)."""
    monkeypatch.setattr(registry, "MODULES", (_fake_module(monkeypatch, "fake_bench", *fakes),))
    monkeypatch.setattr(run, "LATEST", tmp_path / "latest.json")
    status = _in_thread(lambda: run.main(argv))
    saved = json.loads((tmp_path / "latest.json").read_text(encoding="utf-8"))
    return status, capsys.readouterr().out, {f["id"]: f for f in saved["figures"]}


def _fakes() -> tuple[Measurement, ...]:
    def broken(bench):
        raise KeyError("gone")

    async def missing(bench):
        raise NotMeasurable("data/extra.geojson is missing")

    return (
        Measurement("fast", "Fast thing", "ms", budgets.at_most(5, "ms"), lambda b: Result(4.0)),
        Measurement("slow", "Slow thing", "ms", budgets.at_most(5, "ms"), lambda b: Result(9.0)),
        Measurement("broken", "Broken thing", "s", budgets.DIAGNOSTIC, broken),
        Measurement("absent", "Absent thing", "", budgets.DIAGNOSTIC, missing),
    )


def test_only_runs_and_prints_the_named_figures(monkeypatch, tmp_path, capsys):
    status, out, saved = _run(monkeypatch, tmp_path, capsys, ["--only", "slow"], _fakes())
    assert "Slow thing" in out and "FAIL: Slow thing" in out
    assert "Fast thing" not in out
    assert list(saved) == ["slow"]
    assert saved["slow"]["passed"] is False and saved["slow"]["budget"] == "<= 5 ms"
    assert status == 1


def test_a_broken_measurement_is_reported_and_the_others_still_measured(
    monkeypatch, tmp_path, capsys
):
    _, out, saved = _run(monkeypatch, tmp_path, capsys, [], _fakes())
    assert saved["fast"]["value"] == 4.0 and saved["fast"]["passed"] is True
    assert saved["broken"]["note"] == "not measured: KeyError: 'gone'"
    assert saved["absent"]["note"] == "not measured: data/extra.geojson is missing"
    assert "NOT MEASURED" in out


# --- judged on raw values, rounded only when printed --------------------------------------------


def _edges() -> tuple[Measurement, ...]:
    return (
        Measurement(
            "ratio", "Ratio", "x", budgets.at_most(1.25, "x"), lambda b: Result(1.2549), digits=2
        ),
        Measurement("iou", "IoU", "", budgets.at_least(0.98), lambda b: Result(0.97996), digits=4),
        Measurement(
            "ok", "Fine", "x", budgets.at_most(1.25, "x"), lambda b: Result(1.25), digits=2
        ),
    )


def test_a_value_is_judged_as_measured_not_as_printed(monkeypatch, tmp_path, capsys):
    """1.2549 is over "<= 1.25" and 0.97996 under ">= 0.98", though each rounds onto its limit;
    the table prints them with the decimals that show it, and latest.json keeps them raw."""
    status, out, saved = _run(monkeypatch, tmp_path, capsys, [], _edges())
    assert saved["ratio"]["passed"] is False and saved["ratio"]["value"] == 1.2549
    assert saved["iou"]["passed"] is False and saved["iou"]["value"] == 0.97996
    assert saved["ok"]["passed"] is True
    rows = {line.split("  ")[0]: line for line in out.splitlines()}
    assert "1.255 x" in rows["Ratio"] and "FAIL" in rows["Ratio"]
    assert "0.97996" in rows["IoU"] and "FAIL" in rows["IoU"]
    assert "1.25 x" in rows["Fine"] and "PASS" in rows["Fine"]
    assert status == 1


class _Loads:
    """A bench whose shared page loads are given: atlas 1254.9 ms, baseline 1000 ms."""

    settings = Namespace(runs=3)

    async def shared(self, key, make):
        atlas = [{"ms": 1254.9, "wall_ms": 1300.0, "whole_ms": 1800.0}] * 3
        return {"atlas": atlas, "baseline": [{"ms": 1000.0, "wall_ms": 1050.0}] * 3}


def test_the_load_ratio_is_returned_unrounded_and_fails_its_budget():
    """bench/run.py judged 1.25 (1.2549 rounded by the measurement) and printed PASS."""
    import asyncio

    from bench import browser

    result = _in_thread(lambda: asyncio.run(browser.measure_load(_Loads())))
    assert result.value == pytest.approx(1.2549)
    load = next(m for m in browser.MEASUREMENTS if m.name == "load_ratio")
    assert load.budget.judge(result.value, Namespace()) is False
    whole = _in_thread(lambda: asyncio.run(browser.measure_whole_page(_Loads())))
    assert whole.value == pytest.approx(1.8)
    assert whole.detail["after_polygons_median_ms"] == pytest.approx(1800.0 - 1254.9)


def test_no_measurement_rounds_its_value_before_it_is_judged():
    import ast

    for path in sorted(Path("bench").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Result":
                value = node.args[0] if node.args else None
                called = getattr(getattr(value, "func", None), "id", "")
                assert called not in ("round", "rounded"), f"{path}:{node.lineno} rounds"


@pytest.mark.parametrize(
    ("budget", "value", "digits", "shown"),
    [
        (budgets.at_most(1.25, "x"), 1.2549, 2, 3),  # 1.25 would read as a pass
        (budgets.at_most(1.25, "x"), 1.2449, 2, 2),  # 1.24: the same verdict as the value
        (budgets.at_least(0.98), 0.97996, 4, 5),
        (budgets.at_least(0.98), 0.98004, 4, 4),
        (budgets.REFERENCE, 1.2549, 2, 2),
    ],
)
def test_printed_decimals_never_read_as_the_other_verdict(budget, value, digits, shown):
    assert budget.digits_to_show(value, Namespace(sessions=20), digits) == shown


# --- make bench's exit status ------------------------------------------------------------------


def _figure(passed, note="", has_budget=True, value=1.0) -> Figure:
    return Figure("f", "F", value, "x", "<= 1 x", passed, note=note, has_budget=has_budget)


def test_the_exit_status_fails_on_a_failed_budget_and_only_then():
    assert report.exit_status([_figure(True), _figure(None, has_budget=False)]) == 0
    assert report.exit_status([_figure(True), _figure(False)]) == 1
    assert report.exit_status([]) == 0


def test_a_budget_nobody_could_judge_fails_the_exit_status_and_a_reference_does_not():
    broken = _figure(None, note="not measured: EmptyCapture: nothing", value=None)
    assert report.exit_status([_figure(True), broken]) == 1
    reference = _figure(None, note="not measured: no wrk", has_budget=False, value=None)
    assert report.exit_status([_figure(True), reference]) == 0


def test_a_failed_target_is_printed_fail_and_does_not_fail_the_exit_status():
    from bench import budgets

    missed = budgets.target(budgets.at_most(1.2, "MB"))
    assert missed.text == "<= 1.2 MB (target)" and missed.judge(1.44, None) is False
    failed_target = _figure(False)
    failed_target.gates = missed.gates
    assert report.result_word(failed_target) == "FAIL"
    assert report.exit_status([_figure(True), failed_target]) == 0
    unmeasured_target = _figure(None, note=f"{report.NOT_MEASURED}: the phone did not load")
    unmeasured_target.gates = False
    assert report.exit_status([unmeasured_target]) == 1  # a target nobody could judge still fails


def test_make_bench_is_bench_run_alone_so_its_exit_status_is_makes():
    """`make bench` runs bench/run.py and nothing else (no `-` prefix, no `|| true`): a failed
    budget, run.main's status 1, fails make."""
    lines = Path("Makefile").read_text(encoding="utf-8").splitlines()
    start = lines.index(next(line for line in lines if line.startswith("bench:")))
    recipe = []
    for line in lines[start + 1 :]:
        if not line.startswith("\t"):
            break
        recipe.append(line.strip())
    assert len(recipe) == 1 and recipe[0].startswith("$(PY) bench/run.py"), recipe
    assert "||" not in recipe[0] and not recipe[0].startswith("-")


# --- a capture that found nothing is an error ----------------------------------------------------


def test_an_empty_capture_of_the_map_is_an_error_not_0_kb(monkeypatch):
    """The payload figure replaces st_folium's component by a recorder; if st_folium never calls
    it (a renamed argument, an upgrade), the capture is empty and must not read 0 KB, a pass."""
    from bench import in_process
    from ui_compat import streamlit_folium as folium_compat

    monkeypatch.setattr(folium_compat, "st_folium", lambda fmap, **kwargs: None)
    with pytest.raises(in_process.EmptyCapture, match="not given the map's script"):
        in_process.measure_python_payload(types.SimpleNamespace(settings=Namespace()))


def test_an_empty_capture_fails_the_bench(monkeypatch, tmp_path, capsys):
    from bench import in_process
    from ui_compat import streamlit_folium as folium_compat

    monkeypatch.setattr(folium_compat, "st_folium", lambda fmap, **kwargs: None)
    payload = next(m for m in in_process.MEASUREMENTS if m.name == "payload_python_kb")
    status, _, saved = _run(monkeypatch, tmp_path, capsys, [], (payload,))
    assert saved["payload_python_kb"]["value"] is None
    assert "EmptyCapture" in saved["payload_python_kb"]["note"]
    assert status == 1


def test_the_map_payload_is_captured_whole():
    from bench import in_process

    result = in_process.measure_python_payload(types.SimpleNamespace(settings=Namespace()))
    assert result.detail["bytes_by_part"]["script"] > 10_000
    assert result.value == sum(result.detail["bytes_by_part"].values()) / 1000


# --- one probe, one configuration, modules with one job ------------------------------------------


def test_the_whole_page_probe_names_the_map_pages_own_keys():
    from bench import page
    from ui.live_map import PROFILE_KEY, REST_KEY

    assert (page.REST_KEY, page.PROFILE_KEY) == (REST_KEY, PROFILE_KEY)


def test_the_site_is_served_with_the_deployments_nginx_configuration(monkeypatch, tmp_path):
    """bench.site_server writes what deploy.config.render_config renders, nothing of its own."""
    from bench import site_server

    rendered = {}

    def render(replicas, listen, run_dir, **kwargs):
        rendered.update(replicas=replicas, listen=listen, root=kwargs["root"])
        return "# the deployment's configuration\n"

    class Stop(Exception):
        pass

    def popen(argv, **kwargs):
        raise Stop(argv)

    monkeypatch.setattr(site_server, "render_config", render)
    monkeypatch.setattr(site_server, "find_nginx", lambda: "/usr/sbin/nginx")
    monkeypatch.setattr(site_server.subprocess, "Popen", popen)
    server = site_server.SiteServer(tmp_path / "site", 1.0, 10, 1)
    server.site.mkdir()
    with pytest.raises(Stop):
        site_server.start_nginx(server, tmp_path)
    conf = server.run_dir / "nginx.conf"
    assert conf.read_text(encoding="utf-8") == "# the deployment's configuration\n"
    assert rendered["root"] == tmp_path and rendered["listen"].startswith("127.0.0.1:")


def test_bench_modules_have_one_job_each_and_no_re_execution():
    """No bench module over 600 lines, no function over 120, none re-executes into a venv."""
    import ast

    for path in sorted(Path("bench").glob("*.py")):
        text = path.read_text(encoding="utf-8")
        assert len(text.splitlines()) <= 600, path
        assert "execv" not in text, f"{path} re-executes itself"
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                assert length <= 120, f"{path}: {node.name} is {length} lines"


def test_the_site_bench_counts_only_the_local_server_and_the_pages_own_urls_as_local():
    """bench/site.py watches every request of a timed load (it does not intercept them: that
    would delay each one) and stops on any request to another host."""
    from bench.site import _local

    assert _local("http://127.0.0.1:8080/site/es/map.html")
    assert _local("data:image/png;base64,AAAA") and _local("about:blank")
    assert not _local("https://unpkg.com/leaflet@1.9.3/dist/leaflet.js")
    assert not _local("http://127.0.0.1.example.org/x.js")
    assert not _local("http://localhost:8080/x.js")  # the bench serves on 127.0.0.1 only


def test_shared_samples_are_made_once_and_a_failure_is_not_run_again():
    import asyncio

    calls = []

    async def make(bench):
        calls.append(1)
        if len(calls) > 1:
            raise AssertionError("made twice")
        return {"loads": 3}

    async def broken(bench):
        calls.append("broken")
        raise RuntimeError("no server")

    async def both():
        bench = run.Bench(Namespace())
        assert await bench.shared("loads", make) == await bench.shared("loads", make)
        for _ in range(2):
            with pytest.raises(RuntimeError, match="no server"):
                await bench.shared("other", broken)

    _in_thread(lambda: asyncio.run(both()))
    assert calls == [1, "broken"]


def test_the_phone_counts_the_websocket_as_nginx_logged_it(tmp_path):
    """The phone's websocket bytes are those nginx sent (compressed or not), read from the
    deployment's access log: its format must keep the request, status and bytes in that order."""
    import asyncio

    from bench.phone import Front

    template = Path("deploy/nginx.conf.template").read_text(encoding="utf-8")
    assert "'$remote_addr [$time_local] \"$request\" $status $body_bytes_sent '" in template
    log = tmp_path / "access.log"
    log.write_text(
        '127.0.0.1 [06/Dec/2026:08:10:29 +0000] "GET /static/js/index.C1JORDN2.js HTTP/1.1" '
        '200 215000 upstream=127.0.0.1:9 cookie=r1 served=r1 rt=0.1 "Chromium"\n'
        '127.0.0.1 [06/Dec/2026:08:10:29 +0000] "GET /_stcore/stream HTTP/1.1" 101 49456 '
        'upstream=127.0.0.1:9 cookie=r1 served=r1 rt=3.0 "Chromium"\n'
    )
    front = Front("http://127.0.0.1:9", log)
    assert front.websocket_bytes() == [49456]
    assert _in_thread(lambda: asyncio.run(front.next_websocket_bytes(0))) == 49456
    with open(log, "a") as more:
        more.write('1.2.3.4 [x] "GET /_stcore/stream HTTP/1.1" 101 154191 upstream=a "b"\n')
    assert _in_thread(lambda: asyncio.run(front.next_websocket_bytes(1))) == 154191
