"""One measured figure as the table and ``latest.json`` show it, and the statistics behind it."""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass, field


@dataclass
class Figure:
    """One measured figure with its budget, as written to ``latest.json``."""

    id: str
    label: str
    value: float | None
    unit: str
    budget: str
    passed: bool | None  # None: not measured, or no budget
    detail: dict = field(default_factory=dict)
    note: str = ""
    has_budget: bool = False  # judged against a budget (not reference, not diagnostic)
    gates: bool = True  # its failure fails `make bench` (False: a target, budgets.target)
    digits: int = 1  # decimals the table prints; ``value`` itself is as measured, never rounded

    def shown(self) -> str:
        """The value as the table prints it, with its unit: rounded here, and only here."""
        if self.value is None:
            return "-"
        return f"{self.value:,.{self.digits}f} {self.unit}".strip()


def median(xs):
    """The median of ``xs``, or None when there is nothing to take it of."""
    return statistics.median(xs) if xs else None


def p95(xs):
    """Nearest-rank 95th percentile of ``xs``, or None when empty."""
    if not xs:
        return None
    s = sorted(xs)
    return s[max(0, math.ceil(0.95 * len(s)) - 1)]


def rounded(x, nd=1):
    """``x`` rounded to ``nd`` decimals; None stays None."""
    return None if x is None else round(x, nd)


def why(exc: BaseException) -> str:
    """An exception in one line: its type and the first line of its message."""
    return f"{type(exc).__name__}: {str(exc).splitlines()[0][:300] if str(exc) else ''}"
