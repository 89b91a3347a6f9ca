"""The schooling figures: who the report credits them to, and whom its footnote cites."""

from __future__ import annotations

from geo.messages import Number
from geo.quality.finding import Finding
from geo.quality.kinds import QUESTION
from geo.quality.shares import sources_of
from geo.tables import read_table

# The manual the report's footnote 9 cites for the schooling figures its text credits to INEI.
CHS_MANUAL_SOURCE = "chs_alternativo_2010"


def schooling_findings() -> list[Finding]:
    """The schooling figures: credited to INEI in the text, footnoted to CHS Alternativo."""
    frame = read_table("education").set_index("area")
    return [
        Finding(
            "education:source",
            QUESTION,
            "education",
            "table",
            "quality.education.source",
            {
                "urban": Number(float(frame.loc["urban", "years_of_schooling"]), 1),
                "rural": Number(float(frame.loc["rural", "years_of_schooling"]), 1),
            },
            source_ids=(*sources_of(read_table("education")), CHS_MANUAL_SOURCE),
            brief_key="quality.education.source.brief",
        )
    ]
