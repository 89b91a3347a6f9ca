"""Headline numbers, protection figures and institutions come from the data files, with sources."""

from __future__ import annotations

import csv

import pytest

from geo.headlines import INSTITUTIONS, headline_figures, institutions, protection_figures
from geo.i18n import format_number, t
from geo.paths import DATA_DIR

LANGS = ("es", "en")


def by(name: str, key: str) -> dict[str, dict[str, str]]:
    """A data file read with the csv module, independently of geo.tables, keyed by ``key``."""
    with open(DATA_DIR / f"{name}.csv", encoding="utf-8", newline="") as fh:
        return {row[key]: row for row in csv.DictReader(fh)}


def test_headline_figures_come_from_the_data_files():
    heads = {h.metric_id: h for h in headline_figures("en")}
    totals = by("observatorio_totals", "indicator_id")
    assert heads["reta_complaints"].value == format_number(
        float(by("reta_purposes", "purpose_id")["all"]["complaints"]), 0, "en"
    )
    assert heads["women_victims"].value == format_number(
        float(by("reta_women_victims_by_age", "age_group")["all"]["victims"]), 0, "en"
    )
    assert heads["complaints_2009_2010"].value == totals["complaints"]["value"]
    assert heads["victims_2009_2010"].value == totals["victims"]["value"]
    assert heads["female_victims_share"].value.startswith(totals["female_victims_share"]["value"])
    assert all(h.source and h.source_id for h in heads.values())


@pytest.mark.parametrize("lang", LANGS)
def test_headlines_follow_the_language(lang):
    heads = headline_figures(lang)
    assert [h.label for h in heads] != [
        h.label for h in headline_figures("en" if lang == "es" else "es")
    ]
    assert heads[0].source == t("overview.source.reta", lang)


@pytest.mark.parametrize("lang", LANGS)
def test_protection_figures_say_more_than_and_name_the_missing_protocol(lang):
    figures = {f.metric_id: f for f in protection_figures(lang)}
    data = by("protection", "indicator_id")
    assert set(figures) == set(data)
    shelters = data["inabif_shelters"]
    assert shelters["qualifier"] == "more than"
    assert figures["inabif_shelters"].value == t("justice.more_than", lang, n=shelters["value"])
    assert (
        figures["inabif_development_centres"].value == data["inabif_development_centres"]["value"]
    )
    protocol = (
        "justice.protocol.yes"
        if float(data["trafficking_victim_protocol"]["value"])
        else "justice.protocol.none"
    )
    assert figures["trafficking_victim_protocol"].value == t(protocol, lang)
    assert figures["inabif_shelters"].label == shelters[f"label_{lang}"]


@pytest.mark.parametrize("lang", LANGS)
def test_institutions_are_named_with_the_figures_the_report_gives(lang):
    named = institutions(lang)
    assert [name for name, _ in named] == [
        t(f"justice.institution.{i}.name", lang) for i in INSTITUTIONS
    ]
    inabif = dict(named)[t("justice.institution.inabif.name", lang)]
    assert by("protection", "indicator_id")["inabif_shelters"]["value"] in inabif
    prosecutor = dict(named)[t("justice.institution.ministerio_publico.name", lang)]
    complaints = float(by("observatorio_totals", "indicator_id")["complaints"]["value"])
    assert format_number(complaints, 0, lang) in prosecutor
