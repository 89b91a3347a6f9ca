"""Measure the atlas against its performance budgets (docs/DESIGN.md); print and save them.

Usage: ``.venv/bin/python bench/run.py [--only NAME[,NAME]]`` (or ``make bench``). Runs the
measurements of ``bench/registry.py``: first those made in this process (or on servers of their
own), then, on the servers they name (the atlas and a baseline Streamlit page on free local ports,
the static edition behind nginx), those made in Chromium through Playwright. Prints one table and
writes ``bench/results/latest.json``. Exit status 1 when a budget fails or a budgeted figure could
not be measured (``report.exit_status``), 2 for bad options, else 0. See bench/README.md.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# A script's own folder (bench/) heads sys.path, not the repository: put the repository there, as
# `python -m bench.run` would, so that `bench` and `devtools` import as the packages they are.
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import argparse  # noqa: E402
import asyncio  # noqa: E402
import inspect  # noqa: E402
import logging  # noqa: E402
import time  # noqa: E402

from bench import registry, report, servers  # noqa: E402
from bench.figures import Figure, why  # noqa: E402
from bench.registry import Measurement, NotMeasurable, Result  # noqa: E402
from devtools.chromium import LAUNCH_OPTIONS  # noqa: E402

LATEST = servers.RESULTS_DIR / "latest.json"


class Bench:
    """What a measurement is given: the settings, the running servers, and a browser on demand."""

    def __init__(self, settings: argparse.Namespace) -> None:
        self.settings = settings
        self.servers: dict[str, servers.BenchServer] = {}
        self._playwright = self._browser = None
        self._shared: dict[str, object] = {}

    async def shared(self, key: str, make):
        """What ``await make(self)`` returns, made once per run: samples two figures share (the
        same page loads give time to polygons and time to the whole page). A ``make`` that raised
        raises again for the next figure, without running again."""
        if key not in self._shared:
            try:
                self._shared[key] = (await make(self), None)
            except Exception as exc:
                self._shared[key] = (None, exc)
        value, error = self._shared[key]
        if error is not None:
            raise error
        return value

    async def browser(self):
        """Debian's Chromium through Playwright, launched on first use and shared by the run."""
        if self._browser is None:
            from playwright.async_api import async_playwright

            self._playwright = await async_playwright().start()
            self._browser = await self._playwright.chromium.launch(**LAUNCH_OPTIONS)
        return self._browser

    async def close(self) -> None:
        """Close the browser, if one was launched."""
        if self._browser is not None:
            await self._browser.close()
        if self._playwright is not None:
            await self._playwright.stop()
        self._playwright = self._browser = None


def figure_of(m: Measurement, settings, result: Result | None, reason: str = "") -> Figure:
    """The figure ``m`` measured (``result``), or a not-measured line giving ``reason``."""
    names = vars(settings)
    label, unit = m.label.format(**names), m.unit.format(**names)
    budgeted = m.budget.holds is not None
    if result is None:
        note = f"{report.NOT_MEASURED}: {reason}"
        return Figure(
            m.name,
            label,
            None,
            unit,
            m.budget.text,
            None,
            note=note,
            has_budget=budgeted,
            gates=m.budget.gates,
        )
    passed = m.budget.judge(result.value, settings)  # the raw value: never rounded first
    digits = m.budget.digits_to_show(result.value, settings, m.digits)
    return Figure(
        m.name,
        label,
        result.value,
        unit,
        m.budget.text,
        passed,
        result.detail,
        result.note,
        has_budget=budgeted,
        gates=m.budget.gates,
        digits=digits,
    )


async def measure(m: Measurement, bench: Bench) -> tuple[Figure, Result | None]:
    """Run one measurement; a failure becomes its figure's reason, never the whole run's end."""
    print(f"  {m.name} ...", flush=True)
    try:
        result = m.measure(bench)
        if inspect.isawaitable(result):
            result = await result
        if result.value is not None and not isinstance(result.value, int | float):
            raise TypeError(f"the value {result.value!r} is not a number")
    except NotMeasurable as exc:
        return figure_of(m, bench.settings, None, str(exc)), None
    except Exception as exc:  # one broken measurement must not lose the others
        return figure_of(m, bench.settings, None, why(exc)), None
    return figure_of(m, bench.settings, result), result


async def _with_servers(group: list[Measurement], bench: Bench, outcomes: dict) -> None:
    """Start the servers ``group`` names, then measure it; servers that do not start leave each
    of its figures not measured, with the reason."""
    names = list(dict.fromkeys(name for m in group for name in m.servers))
    print(f"starting the servers ({', '.join(names)}) ...", flush=True)
    try:
        with servers.started(names) as running:
            bench.servers = running
            print("with the servers:", flush=True)
            for m in group:
                outcomes[m.name] = await measure(m, bench)
    except Exception as exc:
        reason = f"the servers ({', '.join(names)}) did not start or stop: {why(exc)}"
        for m in group:
            outcomes.setdefault(m.name, (figure_of(m, bench.settings, None, reason), None))
    finally:
        bench.servers = {}


async def run_all(selected: list[Measurement], settings) -> list[tuple[Figure, Result | None]]:
    """Measure ``selected``: in-process ones first (and those that start servers of their own),
    then those on the Streamlit servers, then those on the static edition's nginx."""
    bench, outcomes = Bench(settings), {}
    in_process = [m for m in selected if not m.servers]
    streamlit = [m for m in selected if set(m.servers) & set(servers.SCRIPTS)]
    others = [m for m in selected if m.servers and m not in streamlit]
    try:
        if in_process:
            print("in this process:", flush=True)
            logging.disable(logging.WARNING)  # importing streamlit_folium outside a server warns
            try:
                for m in in_process:
                    outcomes[m.name] = await measure(m, bench)
            finally:
                logging.disable(logging.NOTSET)
        for group in (streamlit, others):
            if group:
                await _with_servers(group, bench, outcomes)
    finally:
        await bench.close()
    return [outcomes[m.name] for m in selected]


def parse_args(argv: list[str] | None, known: list[Measurement]) -> argparse.Namespace:
    """The command line's settings; ``only`` is a list of known measurement names, or None."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="page loads per app (>= 5)")
    parser.add_argument("--toggles", type=int, default=24, help="layer toggles (>= 20)")
    parser.add_argument("--sessions", type=int, default=20, help="concurrent sessions")
    parser.add_argument(
        "--profile", action="store_true", help="print a cProfile of the map build (map_build_ms)"
    )
    parser.add_argument(
        "--only",
        metavar="NAME[,NAME]",
        type=lambda text: [n.strip() for n in text.split(",") if n.strip()],
        help="measure only these figures (see --list), or a module's (site, replicas, ...)",
    )
    parser.add_argument("--list", action="store_true", help="list the figures' names and stop")
    registry.add_arguments(parser)
    args = parser.parse_args(argv)
    try:
        registry.select(known, args.only, registry.groups())
    except ValueError as exc:
        parser.error(str(exc))
    return args


def main(argv: list[str] | None = None) -> int:
    """Measure, print the table and write latest.json; the exit status of ``report.exit_status``."""
    known = registry.all_measurements()
    settings = parse_args(argv, known)
    if settings.list:
        for m in known:
            print(f"{m.name:22} {m.label.format(**vars(settings))}")
        return 0
    selected = registry.select(known, settings.only, registry.groups())
    started, load_before = time.perf_counter(), os.getloadavg()
    outcomes = asyncio.run(run_all(selected, settings))
    elapsed, load_after = time.perf_counter() - started, os.getloadavg()
    figures = [f for f, _ in outcomes]
    summaries = {
        m.name: m.summary(result.detail)
        for m, (_, result) in zip(selected, outcomes, strict=True)
        if result is not None and result.value is not None and result.detail
    }
    print()
    report.print_table(figures, summaries)
    report.warn_if_busy(load_before, load_after)
    shown = LATEST.relative_to(ROOT) if LATEST.is_relative_to(ROOT) else LATEST
    print(f"\n({elapsed:.0f} s; results in {shown})")
    for _, result in outcomes:
        if result is not None and result.appendix:
            print("\n" + result.appendix)
    loads = (load_before[0], load_after[0])
    report.write_json(LATEST, figures, vars(settings), elapsed, loads)
    status = report.exit_status(figures)
    if status:
        print(f"\nexit status {status}: a budget failed or could not be judged")
    return status


if __name__ == "__main__":
    sys.exit(main())
