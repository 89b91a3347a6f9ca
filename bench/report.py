"""The bench's one report: the table of figures against their budgets, ``latest.json``, and the
exit status (``make bench`` fails when a budget fails)."""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
from dataclasses import asdict
from pathlib import Path

from bench.figures import Figure

MAX_COLUMN = 62  # characters; a longer label overflows its column rather than being cut
NOT_MEASURED = "not measured"  # how a figure's note begins when it could not be measured
# Exit statuses of bench/run.py: a budget failed (or a budgeted figure could not be measured);
# the benchmark itself could not run (bad options: argparse's 2).
EXIT_OK, EXIT_BUDGET_FAILED = 0, 1


def result_word(f: Figure) -> str:
    """Whether the figure holds its budget: PASS, FAIL, NOT MEASURED, or - (no budget)."""
    if f.note.startswith(NOT_MEASURED):
        return "NOT MEASURED"
    return {True: "PASS", False: "FAIL", None: "-"}[f.passed]


def unjudged(f: Figure) -> bool:
    """A figure with a budget that was not measured: nobody knows whether the budget holds."""
    return f.has_budget and f.note.startswith(NOT_MEASURED)


def exit_status(figures: list[Figure]) -> int:
    """1 when a budget failed or a budgeted figure could not be measured, else 0 (a target that
    failed is printed FAIL and does not count: budgets.target).

    A budget that was not judged is not a pass: a measurement that breaks (an empty capture, a
    page that never draws) must fail ``make bench`` as a budget over its limit does.
    """
    if any((f.passed is False and f.gates) or unjudged(f) for f in figures):
        return EXIT_BUDGET_FAILED
    return EXIT_OK


def table_rows(figures: list[Figure], summaries: dict[str, str]) -> list[tuple[str, ...]]:
    """(figure, value, budget, result, detail) per figure, after a header row."""
    rows = [("figure", "value", "budget", "result", "detail")]
    for f in figures:
        detail = f.note if f.value is None else summaries.get(f.id, "")
        rows.append((f.label, f.shown(), f.budget, result_word(f), detail))
    return rows


def print_table(figures: list[Figure], summaries: dict[str, str]) -> None:
    """Print one line per figure, its budget and whether it holds; then the failures, if any."""
    rows = table_rows(figures, summaries)
    widths = [min(max(len(r[i]) for r in rows), MAX_COLUMN) for i in range(4)]
    for r in rows:
        pairs = enumerate(zip(r[:4], widths, strict=True))
        cells = (c.ljust(w)[: max(w, len(c)) if i else w] for i, (c, w) in pairs)
        print("  ".join(cells) + "  " + r[4])
    failed = [f.label for f in figures if f.passed is False]
    missing = [f.label for f in figures if unjudged(f)]
    print()
    if failed:
        print("FAIL: " + "; ".join(failed))
    if missing:
        print("NOT MEASURED (a budget nobody judged): " + "; ".join(missing))
    if not failed and not missing:
        print("All measured budgets pass.")


def warn_if_busy(load_before: tuple[float, ...], load_after: tuple[float, ...]) -> None:
    """Say so when the 1-minute load average exceeded the CPUs: the times are then inflated."""
    cpus = os.cpu_count() or 1
    if max(load_before[0], load_after[0]) > cpus:
        print(
            f"\nWARNING: the machine was busy (load average {load_before[0]:.1f} before, "
            f"{load_after[0]:.1f} after, {cpus} CPUs): times are inflated and noisy."
        )


def _machine() -> dict:
    import folium
    import streamlit

    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "streamlit": streamlit.__version__,
        "folium": folium.__version__,
    }


def write_json(path: Path, figures: list[Figure], settings: dict, elapsed_s: float, loads) -> None:
    """Write every figure with its raw value and samples, the settings and the machine to ``path``.

    ``loads`` is the 1-minute load average before and after the run.
    """
    record = {
        "generated": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "elapsed_s": round(elapsed_s, 1),
        "load_average_1min": {"before": round(loads[0], 2), "after": round(loads[1], 2)},
        "machine": _machine(),
        "settings": settings,
        "exit_status": exit_status(figures),
        "figures": [asdict(f) for f in figures],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(record, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
