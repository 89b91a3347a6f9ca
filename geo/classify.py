"""Classes and colours for choropleths: one classification serves the interactive and the static map.

The report's own layers are classified when the data are built (``scripts/build_classes.py``
writes ``geo/built/classes.json``); ``classify`` reads those breaks for the values they were
computed from and runs Fisher-Jenks (mapclassify, which imports scipy and matplotlib, slow to
import: bench/README.md, `import ui`) only for other values, a reader's upload say.
"""

from __future__ import annotations

import decimal
import functools
import json
import math
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

# ColorBrewer "YlGnBu" (Cynthia Brewer, Penn State; Apache-2.0-style licence): sequential and
# colour-blind safe. Index by the number of classes.
PALETTES: dict[int, tuple[str, ...]] = {
    1: ("#41b6c4",),
    2: ("#a1dab4", "#225ea8"),
    3: ("#edf8b1", "#7fcdbb", "#2c7fb8"),
    4: ("#ffffcc", "#a1dab4", "#41b6c4", "#225ea8"),
    5: ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"),
}
NOT_REPORTED_COLOUR = "#d9d9d9"
NOT_REPORTED_HATCH = "#8c8c8c"
MAX_CLASSES = 4
SCHEME = "FisherJenks"
# The most decimals a legend may need (geo.uploads refuses figures that would need more).
MAX_LEGEND_DECIMALS = 6
# The breaks of the report's layers, computed when the data are built (scripts/build_classes.py).
BUILT_CLASSES = Path(__file__).resolve().parent / "built" / "classes.json"


@dataclass(frozen=True)
class Classification:
    """Class breaks and colours for a set of values.

    ``upper_bounds`` are inclusive upper limits, ascending; ``lower_bound`` is the minimum value.
    """

    lower_bound: float
    upper_bounds: tuple[float, ...]
    colours: tuple[str, ...]
    scheme: str

    @property
    def k(self) -> int:
        return len(self.upper_bounds)

    def class_of(self, value: float | None) -> int | None:
        """The 0-based class of ``value``, or None for a missing value ("not reported")."""
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return None
        for i, upper in enumerate(self.upper_bounds):
            if value <= upper + 1e-9:
                return i
        return self.k - 1

    def colour_of(self, value: float | None) -> str | None:
        """The fill colour of ``value``; None means "not reported"."""
        cls = self.class_of(value)
        return None if cls is None else self.colours[cls]

    def labels(
        self, decimals: int = 0, fmt: Callable[[float, int], str] | None = None
    ) -> list[str]:
        """One label per class at ``decimals`` places: ``"14"``, ``"15 – 19"``, ``"20 – 32"``.

        A class starts one unit of the last decimal place above the previous class's upper bound,
        so that the labels never overlap; a class holding a single value shows that value.
        """
        out = []
        step = 10.0**-decimals
        lower = self.lower_bound
        for upper in self.upper_bounds:
            fmt = fmt or _fmt
            low, high = fmt(lower, decimals), fmt(upper, decimals)
            out.append(low if low == high else f"{low} – {high}")
            lower = upper + step
        return out


def _fmt(value: float, decimals: int) -> str:
    return f"{value:,.{decimals}f}"


def _reported(values: Sequence[float | None]) -> np.ndarray:
    return np.array(
        [float(v) for v in values if v is not None and not math.isnan(float(v))], dtype=float
    )


def classify(values: Sequence[float | None], k: int = MAX_CLASSES) -> Classification:
    """Natural-breaks (Fisher-Jenks, mapclassify) classes of the reported values.

    Missing values (None, NaN) are "not reported" and take no part. With fewer distinct values
    than ``k`` each distinct value is its own class. Values whose classes were computed when the
    data were built (``BUILT_CLASSES``) get those, without computing them again.

    Raises
    ------
    ValueError
        When no value is reported, or ``k`` is outside 1..5.
    """
    if not 1 <= k <= max(PALETTES):
        raise ValueError(f"k must be between 1 and {max(PALETTES)}, got {k}")
    reported = _reported(values)
    if reported.size == 0:
        raise ValueError("cannot classify: no reported value (expected at least one number)")
    built = built_classes().get(_key(reported, k))
    return built if built is not None else compute_classes(reported, k)


def compute_classes(values: Sequence[float | None], k: int = MAX_CLASSES) -> Classification:
    """``classify`` computed afresh, never read from ``BUILT_CLASSES`` (the build script's)."""
    reported = _reported(values)
    if reported.size == 0:
        raise ValueError("cannot classify: no reported value (expected at least one number)")
    distinct = np.unique(reported)
    k = min(k, distinct.size)
    if k == distinct.size:
        uppers = tuple(float(v) for v in distinct)
        scheme = "unique values"
    else:
        import mapclassify  # here, not at the top: it imports scipy and matplotlib (slow)

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "Numba not installed": the pure-Python path is fine
            result = mapclassify.FisherJenks(reported, k=k)
        uppers = tuple(float(b) for b in result.bins)
        scheme = SCHEME
    return Classification(float(distinct[0]), uppers, PALETTES[len(uppers)], scheme)


def _key(reported, k: int) -> tuple:
    return (k, tuple(sorted(float(v) for v in reported)))


def classes_record(values: Sequence[float | None], k: int = MAX_CLASSES) -> dict:
    """The JSON record of ``compute_classes(values, k)`` as ``BUILT_CLASSES`` holds it."""
    c = compute_classes(values, k)
    reported = sorted(float(v) for v in _reported(values))
    return {
        "k": k,
        "values": reported,
        "lower_bound": c.lower_bound,
        "upper_bounds": list(c.upper_bounds),
        "scheme": c.scheme,
    }


@functools.cache
def built_classes() -> dict[tuple, Classification]:
    """(k, sorted values) -> the classes computed for them when the data were built."""
    try:
        records = json.loads(BUILT_CLASSES.read_text(encoding="utf-8"))["classes"]
    except FileNotFoundError:
        return {}
    return {
        _key(r["values"], r["k"]): Classification(
            r["lower_bound"],
            tuple(r["upper_bounds"]),
            PALETTES[len(r["upper_bounds"])],
            r["scheme"],
        )
        for r in records
    }


def _printed(value: float, decimals: int) -> decimal.Decimal:
    """``value`` as a label prints it: Babel rounds the decimal form half to even."""
    quantum = decimal.Decimal(1).scaleb(-decimals)
    return decimal.Decimal(str(value)).quantize(quantum, rounding=decimal.ROUND_HALF_EVEN)


def reads_in_order(values: Sequence[float], classification: Classification, decimals: int) -> bool:
    """True when, at ``decimals`` places, the legend and every value printed tell the truth.

    That is: no figure other than zero prints as 0, and every class's values print above the
    previous class's upper bound, so that each label "low – high" starts after the previous one
    ends and holds the values of its class as they are printed (no class reads backwards).
    """
    reported = [float(v) for v in values if v is not None and not math.isnan(float(v))]
    if any(v != 0 and _printed(v, decimals) == 0 for v in reported):
        return False
    lowest: dict[int, float] = {}
    for v in reported:
        cls = classification.class_of(v)
        if cls is not None:
            lowest[cls] = min(v, lowest.get(cls, v))
    for cls in range(1, classification.k):
        if cls in lowest:
            previous = classification.upper_bounds[cls - 1]
            if _printed(lowest[cls], decimals) <= _printed(previous, decimals):
                return False
    return True


def legend_decimals(
    values: Sequence[float | None],
    classification: Classification | None = None,
    minimum: int = 0,
) -> int:
    """The fewest decimals, at least ``minimum``, at which the values and their legend read true.

    The legend's precision follows the data: whole numbers get none, values of 0.01 to 0.6 get
    two (one would print 0.01 as 0.0 and a class "0.1 – 0.0"). At most MAX_LEGEND_DECIMALS.
    """
    reported = [v for v in values if v is not None and not math.isnan(float(v))]
    if not reported:
        return minimum
    classification = classification or classify(reported)
    for decimals in range(minimum, MAX_LEGEND_DECIMALS + 1):
        if reads_in_order(reported, classification, decimals):
            return decimals
    return max(minimum, MAX_LEGEND_DECIMALS)
