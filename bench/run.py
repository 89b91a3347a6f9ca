"""Measure the atlas against its performance budgets (docs/DESIGN.md); print and save them.

Usage: ``python bench/run.py [--only NAME[,NAME]]`` (or ``make bench``). Runs the measurements of
``bench/registry.py``: first those made in this process, then, on the atlas and a baseline
Streamlit page served on free local ports, those made in Chromium through Playwright. Prints one
table and writes ``bench/results/latest.json``. Budgets are reported, not enforced: the exit status
is 0 unless the benchmark itself breaks. See bench/README.md for what each figure means.
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
    if result is None:
        return Figure(
            m.name, label, None, unit, m.budget.text, None, note=f"not measured: {reason}"
        )
    passed = m.budget.judge(result.value, settings)
    return Figure(
        m.name, label, result.value, unit, m.budget.text, passed, result.detail, result.note
    )


async def measure(m: Measurement, bench: Bench) -> tuple[Figure, Result | None]:
    """Run one measurement; a failure becomes its figure's reason, never the whole run's end."""
    print(f"  {m.name} ...", flush=True)
    try:
        result = m.measure(bench)
        if inspect.isawaitable(result):
            result = await result
    except NotMeasurable as exc:
        return figure_of(m, bench.settings, None, str(exc)), None
    except Exception as exc:  # one broken measurement must not lose the others
        return figure_of(m, bench.settings, None, why(exc)), None
    return figure_of(m, bench.settings, result), result


async def run_all(selected: list[Measurement], settings) -> list[tuple[Figure, Result | None]]:
    """Measure ``selected``: in-process ones first, then the rest with the servers they name."""
    bench, outcomes = Bench(settings), {}
    in_process = [m for m in selected if not m.servers]
    live = [m for m in selected if m.servers]
    if in_process:
        print("in this process:", flush=True)
        logging.disable(logging.WARNING)  # importing streamlit_folium outside a server warns
        try:
            for m in in_process:
                outcomes[m.name] = await measure(m, bench)
        finally:
            logging.disable(logging.NOTSET)
    if live:
        names = list(dict.fromkeys(name for m in live for name in m.servers))
        print(f"starting the servers ({', '.join(names)}) ...", flush=True)
        with servers.started(names) as running:
            bench.servers = running
            print("with the servers:", flush=True)
            try:
                for m in live:
                    outcomes[m.name] = await measure(m, bench)
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
        help="measure only these figures (see --list)",
    )
    parser.add_argument("--list", action="store_true", help="list the figures' names and stop")
    args = parser.parse_args(argv)
    try:
        registry.select(known, args.only)
    except ValueError as exc:
        parser.error(str(exc))
    return args


def main(argv: list[str] | None = None) -> int:
    """Measure, print the table and write latest.json; 0 unless the bench itself broke."""
    known = registry.all_measurements()
    settings = parse_args(argv, known)
    if settings.list:
        for m in known:
            print(f"{m.name:22} {m.label.format(**vars(settings))}")
        return 0
    selected = registry.select(known, settings.only)
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
