"""Every budget the bench judges, in one table, and how a figure is judged by one.

The design's budgets are those of docs/DESIGN.md ("Budgets"); the bench's own guards (a figure
the design names no budget for, kept so that a regression fails something) are marked as such.
A value is judged as measured, never rounded first: 1.2549 does not meet "<= 1.25". Rounding is
for printing only (``digits_to_show``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

# --- docs/DESIGN.md, "Budgets" ----------------------------------------------------------------
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
STORY_STEP_MS = 1000.0  # server time of a story step, button to the step shown
# The static edition
SITE_RATIO = 1.2  # explorer time to polygons / a bare folium file of the same polygons
DECK_STEP_MS = 100.0  # deck step change, key press to the next frame
SITE_MB = 15.0  # the whole static site
HTTP_CLIENTS = 200  # concurrent loads from nginx, none failing
# On an emulated mid-range phone (bench/phone.py: Lighthouse's mobile throttling)
PHONE_EXPLORER_RATIO = 1.2  # static explorer / the bare folium file, time to polygons
PHONE_EXPLORER_S = 2.5  # static explorer, time to polygons (Core Web Vitals' "good" LCP)
PHONE_EXPLORER_KB = 400.0  # static explorer, transferred
PHONE_LIVE_RATIO = 1.1  # live map page / the bare Streamlit page, both through nginx
PHONE_LIVE_KB = 1200.0  # live map page through nginx, transferred

# --- the bench's own guards (no figure in docs/DESIGN.md) ---------------------------------------
# The whole map page (the department list, the profile and the downloads, which the page draws in
# a second run once the map is drawn) / the baseline's time to polygons. Time to polygons alone
# would not see a regression in that second run. 2.0 leaves room for a busy machine's noise over
# what it measured when it was added (bench/README.md, "The honest bench").
WHOLE_PAGE_RATIO = 2.0
EXPLORER_KB = 600.0  # the explorer page's own files (without Leaflet), uncompressed
UPLOAD_ATTACK_RATIO = 1.5  # a map load while another session uploads the far-cell workbook


@dataclass(frozen=True)
class Budget:
    """What a figure must be (``text``, as the table shows it) and the test of a value against it.

    ``holds(value, settings)`` is None for a figure measured for reference or diagnosis only.
    ``gates``: a failure fails ``make bench``; False for a target (:func:`target`).
    """

    text: str
    holds: Callable[[float, object], bool] | None = None
    gates: bool = True

    def judge(self, value: float | None, settings) -> bool | None:
        """True or False when the raw value meets the budget or not; None without a value or test."""
        if value is None or self.holds is None:
            return None
        return bool(self.holds(value, settings))

    def digits_to_show(self, value: float | None, settings, digits: int) -> int:
        """Decimals to print ``value`` with: ``digits``, or more when fewer would print a value
        that reads as the other verdict (1.2549 against "<= 1.25" prints as 1.255, not 1.25)."""
        verdict = self.judge(value, settings)
        if verdict is None:
            return digits
        while digits < 6 and self.judge(round(value, digits), settings) is not verdict:
            digits += 1
        return digits


def at_most(limit: float, unit: str = "", prefix: str = "") -> Budget:
    """A budget of ``limit`` or less, shown as ``<= limit unit``."""
    return Budget(f"{prefix}<= {limit:g} {unit}".strip(), lambda v, _: v <= limit)


def target(budget: Budget) -> Budget:
    """``budget`` as a target the atlas works towards and has not yet promised: judged on the raw
    value and printed PASS or FAIL like any budget, but its failure does not fail ``make bench``.
    The phone's figures are targets until the work on links that travel fast lands and
    docs/DESIGN.md takes them as budgets; a figure that could not be measured still fails."""
    return Budget(f"{budget.text} (target)", budget.holds, gates=False)


def at_least(limit: float) -> Budget:
    """A budget of ``limit`` or more."""
    return Budget(f">= {limit:g}", lambda v, _: v >= limit)


def every_one(minimum: int, setting: str) -> Budget:
    """Every one of the ``setting`` attempts (sessions, clients) succeeded, and there were at
    least ``minimum`` of them."""
    return Budget(
        f"{minimum} of {minimum}, none failing",
        lambda v, settings: v == getattr(settings, setting) >= minimum,
    )


# Every one of --sessions sessions must load, and there must be at least SESSIONS of them.
EVERY_SESSION = every_one(SESSIONS, "sessions")
# wrk's --clients connections to nginx, none failing: the value is the failed requests.
CLIENTS_NONE_FAILING = Budget(
    f"{HTTP_CLIENTS} clients, none failing",
    lambda v, settings: v == 0 and settings.clients >= HTTP_CLIENTS,
)
REFERENCE = Budget("(reference)")
DIAGNOSTIC = Budget("(diagnostic)")
