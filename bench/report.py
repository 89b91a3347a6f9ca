"""The bench's output: the table of figures against their budgets, and ``bench/results/latest.json``."""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
from dataclasses import asdict
from pathlib import Path

from bench.figures import Figure

MAX_COLUMN = 62  # characters; a longer label overflows its column rather than being cut


def result_word(f: Figure) -> str:
    """Whether the figure holds its budget: PASS, FAIL, NOT MEASURED, or - (no budget)."""
    if f.note.startswith("not measured"):
        return "NOT MEASURED"
    return {True: "PASS", False: "FAIL", None: "-"}[f.passed]


def table_rows(figures: list[Figure], summaries: dict[str, str]) -> list[tuple[str, ...]]:
    """(figure, value, budget, result, detail) per figure, after a header row."""
    rows = [("figure", "value", "budget", "result", "detail")]
    for f in figures:
        value = "-" if f.value is None else f"{f.value:g} {f.unit}".strip()
        detail = f.note if f.value is None else summaries.get(f.id, "")
        rows.append((f.label, value, f.budget, result_word(f), detail))
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
    print()
    print("FAIL: " + "; ".join(failed) if failed else "All measured budgets pass.")


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
    """Write every figure with its raw samples, the settings and the machine to ``path``.

    ``loads`` is the 1-minute load average before and after the run.
    """
    record = {
        "generated": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "elapsed_s": round(elapsed_s, 1),
        "load_average_1min": {"before": round(loads[0], 2), "after": round(loads[1], 2)},
        "machine": _machine(),
        "settings": settings,
        "figures": [asdict(f) for f in figures],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(record, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
