"""The report's tables as the charts and headlines read them: cells as floats, findings as text."""

from __future__ import annotations

import math
from collections.abc import Iterable

import pandas as pd

from geo.quality import findings as quality_findings
from geo.tables import read_table


def table(name: str) -> pd.DataFrame:
    """A data table from ``data/`` (validated, codes as strings)."""
    return read_table(name)


def indicators(name: str) -> pd.DataFrame:
    """An indicator table (indicator_id, value, ...) indexed by indicator_id."""
    return table(name).set_index("indicator_id")


def num(value: object) -> float:
    """A cell as a float; NaN for empty cells."""
    if value is None:
        return math.nan
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


def floats(series: pd.Series) -> pd.Series:
    """A column as float64, empty cells (NA) as NaN."""
    return pd.to_numeric(series, errors="coerce").astype("float64")


def is_missing(value: object) -> bool:
    """True where a cell holds no number (the report gives none)."""
    return math.isnan(num(value))


def is_blank(value: object) -> bool:
    """True for None, NaN, pd.NA and the empty string."""
    return value is None or bool(pd.isna(value)) or str(value) == ""


def findings(datasets: Iterable[str]) -> list:
    """geo.quality's findings (other than "ok") about the given data tables."""
    wanted = set(datasets)
    return [f for f in quality_findings() if f.severity != "ok" and f.dataset in wanted]


def finding_messages(datasets: Iterable[str], lang: str, item: str | None = None) -> list[str]:
    """The findings of :func:`findings` in ``lang``, each with its kind named; only those about
    ``item`` when given (then without the kind: the caller says what they are)."""
    if item is not None:
        return [f.text(lang) for f in findings(datasets) if f.item == item]
    return [f.labelled(lang) for f in findings(datasets)]
