"""The justice figures: sentences against the law's range, cases "to date" against the register."""

from __future__ import annotations

from geo.messages import Number
from geo.quality.finding import Finding
from geo.quality.kinds import QUESTION
from geo.quality.shares import sources_of
from geo.tables import read_table


def sentence_findings() -> list[Finding]:
    """Convictions "up to 30 years" against the 8 to 25 years the report gives for Law 28950."""
    justice = read_table("justice").set_index("indicator_id")

    def value(indicator: str) -> int:
        return int(justice.loc[indicator, "value"])

    imposed, high = value("max_sentence_imposed_years"), value("law_28950_penalty_max_years")
    if imposed <= high:
        return []
    return [
        Finding(
            "justice:sentences_above_range",
            QUESTION,
            "justice",
            "max_sentence_imposed_years",
            "quality.justice.sentences_above_range",
            {
                "convicted": Number(value("traffickers_convicted")),
                "imposed": Number(imposed),
                "min": Number(value("law_28950_penalty_min_years")),
                "max": Number(high),
            },
            source_ids=sources_of(justice),
        )
    ]


def justice_count_findings() -> list[Finding]:
    """83 cases "to date" against 500 complaints since 2004; "last year" leaves 5 and 3 before."""
    justice = read_table("justice").set_index("indicator_id")
    purposes = read_table("reta_purposes").set_index("purpose_id")
    timeline = read_table("timeline").set_index("event_id")

    def value(indicator: str) -> int:
        return int(justice.loc[indicator, "value"])

    investigated, convicted = value("cases_investigated"), value("traffickers_convicted")
    last_cases, last_convictions = (
        value("last_year_cases_registered"),
        value("last_year_convictions"),
    )
    complaints = int(purposes.loc["all", "complaints"])
    since = str(purposes.loc["all", "period_start"])[:4]
    unit_year = str(timeline.loc["dirincri_unit", "date"])[:4]
    sources = sources_of(read_table("justice"))
    out = [
        Finding(
            "justice:to_date_vs_register",
            QUESTION,
            "justice",
            "cases_investigated",
            "quality.justice.to_date_vs_register",
            {
                "investigated": Number(investigated),
                "complaints": Number(complaints),
                "since": since,
                "end": str(purposes.loc["all", "period_end"])[:4],
            },
            source_ids=tuple(dict.fromkeys((*sources, purposes.loc["all", "source_id"]))),
            brief_key="quality.justice.to_date_vs_register.brief",
        )
    ]
    if last_cases <= investigated and last_convictions <= convicted:
        out.append(
            Finding(
                "justice:last_year_share",
                QUESTION,
                "justice",
                "last_year_cases_registered",
                "quality.justice.last_year_share",
                {
                    "last_cases": Number(last_cases),
                    "investigated": Number(investigated),
                    "last_convictions": Number(last_convictions),
                    "convicted": Number(convicted),
                    "cases_before": Number(investigated - last_cases),
                    "convictions_before": Number(convicted - last_convictions),
                    "unit_year": unit_year,
                },
                source_ids=tuple(
                    dict.fromkeys((*sources, timeline.loc["dirincri_unit", "source_id"]))
                ),
                brief_key="quality.justice.last_year_share.brief",
                quoted_in=("story.justice.body",),
            )
        )
    return out
