"""The performance budgets of docs/DESIGN.md ("Budgets"), and how a figure is judged by one."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

RATIO = 1.25  # time to map polygons, atlas / baseline
RERUN_MS = 150.0  # server rerun after a layer toggle, median
PAYLOAD_KB = 300.0  # the map component's arguments
IOU = 0.98  # lowest department IoU, simplified vs unsimplified
PNG_S = 3.0  # map PNG export
SESSIONS = 20  # concurrent sessions loading the map, none failing
FIRST_VISIT_RATIO = 2.0  # a fresh server's first visit / a warm visit, time to polygons
DATA_FIRST_OPEN_S = 3.0  # the Data page opened first on a fresh server, to its tables
NEW_VIEW_IMAGE_S = 2.0  # PNG or SVG of a view not made before, click to file
PRESS_KIT_S = 8.0  # press kit of a view not made before, click to file
DEPARTMENT_CLICK_MS = 1000.0  # server time of a department click, to its profile


@dataclass(frozen=True)
class Budget:
    """What a figure must be (``text``, as the table shows it) and the test of a value against it.

    ``holds(value, settings)`` is None for a figure measured for reference or diagnosis only.
    """

    text: str
    holds: Callable[[float, object], bool] | None = None

    def judge(self, value: float | None, settings) -> bool | None:
        """True or False when the value meets the budget or not; None without a value or test."""
        if value is None or self.holds is None:
            return None
        return bool(self.holds(value, settings))


def at_most(limit: float, unit: str = "", prefix: str = "") -> Budget:
    """A budget of ``limit`` or less, shown as ``<= limit unit``."""
    return Budget(f"{prefix}<= {limit:g} {unit}".strip(), lambda v, _: v <= limit)


def at_least(limit: float) -> Budget:
    """A budget of ``limit`` or more."""
    return Budget(f">= {limit:g}", lambda v, _: v >= limit)


# Every one of --sessions sessions must load, and there must be at least SESSIONS of them.
EVERY_SESSION = Budget(
    f"{SESSIONS} of {SESSIONS}, none failing",
    lambda v, settings: v == settings.sessions and settings.sessions >= SESSIONS,
)
REFERENCE = Budget("(reference)")
DIAGNOSTIC = Budget("(diagnostic)")
