"""The arithmetic of the checks: a printed percentage against a count and a total."""

from __future__ import annotations

import math


def stated_decimals(text: str) -> int:
    """Decimal places of a figure as printed: ``"0.40"`` -> 2, ``"12"`` -> 0."""
    return len(str(text).strip().partition(".")[2])


def rounding_tolerance(decimals: int) -> float:
    """Half a unit of the last printed decimal: the widest gap rounding can explain."""
    return 0.5 * 10**-decimals + 1e-9


def reproduces(count: float, denominator: float, stated: float, decimals: int) -> bool:
    """True when ``count / denominator`` rounds to ``stated`` percent printed with ``decimals``."""
    return abs(100 * count / denominator - stated) <= rounding_tolerance(decimals)


def explains(count: float, denominator: int, stated: float, decimals: int) -> bool:
    """True when ``denominator`` accounts for the stated share: it reproduces it, or it is the
    whole number nearest the implied denominator (a last-digit slip such as 53/168 = 31.548 %
    printed 31.6 %)."""
    return (
        reproduces(count, denominator, stated, decimals)
        or round(count / (stated / 100)) == denominator
    )


def whole_counts(stated: float, denominator: int, decimals: int) -> list[int]:
    """The whole counts whose share of ``denominator`` prints as ``stated`` (often none or one)."""
    middle = stated / 100 * denominator
    candidates = range(max(0, math.floor(middle) - 1), math.ceil(middle) + 2)
    return [k for k in candidates if reproduces(k, denominator, stated, decimals)]
