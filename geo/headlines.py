"""The pages' headline numbers, protection figures and institutions: figures shown as text, not charts.

Each number is read from the data tables and carries its source (and any data-quality note).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from geo.charts.data import finding_messages, indicators, is_blank, num, table
from geo.charts.text import n, pct
from geo.i18n import normalise_language, t

INSTITUTIONS = ("dirincri", "ministerio_publico", "inabif", "labour")


@dataclass(frozen=True)
class Headline:
    """One headline number for a page: its words, value, source and any data-quality note."""

    metric_id: str
    label: str
    value: str
    source: str
    source_id: str
    note: str | None = None


def headline_figures(lang: str) -> list[Headline]:
    """The overview's headline numbers, read from the data tables, each with its source."""
    lang = normalise_language(lang)
    purposes = table("reta_purposes").set_index("purpose_id")
    ages = table("reta_women_victims_by_age").set_index("age_group")
    totals = indicators("observatorio_totals")
    reta, observatorio = t("overview.source.reta", lang), t("overview.source.observatorio", lang)

    def count(metric_id: str, key: str, row: pd.Series, column: str, source: str) -> Headline:
        label = t(f"overview.metric.{key}", lang)
        return Headline(metric_id, label, n(num(row[column]), lang), source, row["source_id"])

    female = totals.loc["female_victims_share"]
    notes = finding_messages(["observatorio_totals"], lang, item="female_victims_share")
    return [
        count("reta_complaints", "reta_complaints", purposes.loc["all"], "complaints", reta),
        count("women_victims", "women_victims", ages.loc["all"], "victims", reta),
        count(
            "complaints_2009_2010", "complaints", totals.loc["complaints"], "value", observatorio
        ),
        count("victims_2009_2010", "victims", totals.loc["victims"], "value", observatorio),
        Headline(
            "female_victims_share",
            t("overview.metric.female_share", lang),
            pct(num(female["value"]), lang, 1),
            observatorio,
            female["source_id"],
            notes[0] if notes else None,
        ),
    ]


def protection_figures(lang: str) -> list[Headline]:
    """The protection figures (``protection.csv``): INABIF's shelters, centres and protocol."""
    lang = normalise_language(lang)
    source = t("justice.source.protection", lang)
    return [
        Headline(
            row.indicator_id,
            getattr(row, f"label_{lang}"),
            _protection_value(row, lang),
            source,
            row.source_id,
        )
        for row in table("protection").itertuples()
    ]


def _protection_value(row, lang: str) -> str:
    """A protection figure as text: the protocol as yes/none, "more than N", or the number."""
    value = num(row.value)
    if row.indicator_id == "trafficking_victim_protocol":
        return t("justice.protocol.yes" if value else "justice.protocol.none", lang)
    if not is_blank(row.qualifier) and str(row.qualifier) == "more than":
        return t("justice.more_than", lang, n=n(value, lang))
    return n(value, lang)


def institutions(lang: str) -> list[tuple[str, str]]:
    """(name, what the report says of it) for the institutions the justice page presents."""
    lang = normalise_language(lang)
    protection = indicators("protection")
    totals = indicators("observatorio_totals")
    values = {
        "shelters": n(num(protection.loc["inabif_shelters", "value"]), lang),
        "centres": n(num(protection.loc["inabif_development_centres", "value"]), lang),
        "complaints": n(num(totals.loc["complaints", "value"]), lang),
    }
    return [
        (
            t(f"justice.institution.{i}.name", lang),
            t(f"justice.institution.{i}.text", lang, **values),
        )
        for i in INSTITUTIONS
    ]
