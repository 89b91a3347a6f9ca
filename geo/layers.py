"""Choropleth layers: report tables joined to the 25 departments, as counts or rates per 100,000.

"Not reported" is kept distinct from zero: a department the report does not give has value NaN and
status ``not_reported``, never 0.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.i18n import t
from geo.names import department_names
from geo.tables import read_table

REPORTED = "reported"
NOT_REPORTED = "not_reported"


@dataclass(frozen=True)
class LayerSpec:
    """What a report layer maps: which table and column, and in which measures."""

    layer_id: str
    table: str
    value_column: str
    measures: tuple[str, ...]
    decimals: dict[str, int]


LAYERS: dict[str, LayerSpec] = {
    "complaints": LayerSpec(
        "complaints",
        "complaints_by_judicial_department",
        "complaints",
        ("count", "per_100k"),
        {"count": 0, "per_100k": 1},
    ),
    "origin": LayerSpec(
        "origin", "victims_by_origin", "victims", ("count", "per_100k"), {"count": 0, "per_100k": 1}
    ),
    "poverty": LayerSpec(
        "poverty", "poverty_2010_as_cited", "poverty_rate_pct", ("pct",), {"pct": 1}
    ),
}
MEASURES = ("count", "per_100k", "pct")
POPULATION_COLUMN = "pop_2010_est"  # 2010 estimate: the denominator for the 2009-2010 figures


def per_100k(counts: pd.Series, population: pd.Series) -> pd.Series:
    """Rate per 100,000 inhabitants; NaN where the count is missing.

    Raises
    ------
    ValueError
        When a population is missing or not positive for a department that has a count.
    """
    needed = counts.notna()
    bad = needed & ~(population > 0)
    if bad.any():
        codes = ", ".join(map(str, counts.index[bad]))
        raise ValueError(f"no positive population for department(s) {codes}: cannot compute a rate")
    return counts / population * 100_000


def join_to_departments(table: pd.DataFrame, value_column: str) -> pd.DataFrame:
    """Join ``table`` (one row per department_code) to all 25 departments.

    Returns a frame indexed by nothing, in code order, with department_code, department, count
    (the table's value, NaN where absent) and status.

    Raises
    ------
    ValueError
        When a department appears twice in ``table``.
    """
    dupes = table["department_code"][table["department_code"].duplicated()]
    if not dupes.empty:
        raise ValueError(
            f"department(s) {', '.join(sorted(set(dupes)))} appear more than once in the layer;"
            " expected one row per department"
        )
    names = department_names()
    frame = pd.DataFrame({"department_code": list(names), "department": list(names.values())})
    values = table.set_index("department_code")[value_column].astype(float)
    frame["count"] = frame["department_code"].map(values)
    frame["status"] = np.where(frame["count"].notna(), REPORTED, NOT_REPORTED)
    return frame


def layer_values(layer_id: str, measure: str) -> pd.DataFrame:
    """The values of a report layer for all 25 departments.

    Parameters
    ----------
    layer_id : one of ``LAYERS``.
    measure : ``count``, ``per_100k`` (per 100,000 inhabitants, 2010 estimate) or ``pct``.

    Returns
    -------
    DataFrame with department_code, department, count (the report's figure), value (in the
    measure), status.
    """
    spec = LAYERS.get(layer_id)
    if spec is None:
        raise ValueError(f"unknown layer {layer_id!r}: expected one of {', '.join(LAYERS)}")
    if measure not in spec.measures:
        raise ValueError(
            f"layer {layer_id!r} has no measure {measure!r}: expected one of {', '.join(spec.measures)}"
        )
    frame = join_to_departments(read_table(spec.table), spec.value_column)
    if measure == "per_100k":
        population = read_table("population").set_index("department_code")[POPULATION_COLUMN]
        counts = frame.set_index("department_code")["count"]
        frame["value"] = per_100k(counts, population.reindex(counts.index).astype(float)).to_numpy()
    else:
        frame["value"] = frame["count"]
    return frame


def default_measure(layer_id: str) -> str:
    """The first measure a layer offers."""
    return LAYERS[layer_id].measures[0]


def caveat(layer_id: str, measure: str, lang: str) -> str:
    """The caveat a report layer carries in ``measure``, in ``lang``.

    Complaint rates add one: each divides a judicial district's complaints by the population of
    the department of the same name, and the department of Lima holds other districts.
    """
    text = t(f"layer.{layer_id}.caveat", lang)
    if (layer_id, measure) == ("complaints", "per_100k"):
        text += " " + t("layer.complaints.caveat.per_100k", lang)
    return text
