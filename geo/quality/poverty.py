"""The report's "extreme poverty" figures against INEI's national figures of the same release."""

from __future__ import annotations

from geo.messages import Count, Message, Number, Percent
from geo.names import department_names
from geo.quality.finding import Finding
from geo.quality.kinds import ERROR
from geo.quality.shares import printed_cells, printed_pct, sources_of
from geo.tables import read_table

# INEI's 2010 national poverty figures (the methodology of its May 2011 release, which the report
# cites), as the press reported them: the yardstick for the six figures the report calls extreme
# poverty. Source record in data/provenance.json.
INEI_2010_PRESS_SOURCE = "inei_pobreza_2010_press"
INEI_2010_NATIONAL_EXTREME_PCT = 9.8
INEI_2010_COASTAL_EXTREME_PCT = 2.0
INEI_2010_NATIONAL_TOTAL_PCT = 31.3


def poverty_findings() -> list[Finding]:
    """The six "extreme poverty" figures are INEI's total poverty rates, the six lowest."""
    frame = read_table("poverty_2010_as_cited")
    printed = printed_cells("poverty_2010_as_cited", "department_code", "poverty_rate_pct")
    figures = tuple(  # a tuple parameter is written as a list: "a, b y c"
        Message(
            "quality.item.department_value", {"department": d, "value": printed_pct(printed[c])}
        )
        for c, d in zip(frame["department_code"], frame["department"], strict=True)
    )
    return [
        Finding(
            "poverty_2010_as_cited:total_not_extreme",
            ERROR,
            "poverty_2010_as_cited",
            "table",
            "quality.poverty.total_not_extreme",
            {
                "figures": figures,
                "national_extreme": Percent(INEI_2010_NATIONAL_EXTREME_PCT, 1),
                "coastal_extreme": Percent(INEI_2010_COASTAL_EXTREME_PCT, 1),
                "national_total": Percent(INEI_2010_NATIONAL_TOTAL_PCT, 1),
                "n": Count(len(frame)),
                "missing": Number(len(department_names()) - len(frame)),
            },
            tuple(frame["department_code"]),
            (*sources_of(frame), "inei_pobreza_2010", INEI_2010_PRESS_SOURCE),
        )
    ]
