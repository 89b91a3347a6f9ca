"""The chart registry names every chart with its page, data tables and builders."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pytest

from geo.charts import departments, justice, overview
from geo.charts.registry import CHARTS, PAGES, chart_spec, charts_for_page, quality_messages
from geo.charts.spec import Builders, ChartSpec

# Every chart the pages show, in display order: a chart added or dropped changes this list.
CHART_IDS = (
    "purposes",
    "age_groups",
    "complaints_vs_origin",
    "poverty_vs_complaints",
    "education",
    "justice_funnel",
    "penalties",
    "timeline",
)
SUBJECTS = {"overview": (overview, departments), "justice": (justice,)}


def test_the_registry_names_every_chart_id_in_display_order():
    assert tuple(CHARTS) == CHART_IDS
    assert all(spec.chart_id == chart_id for chart_id, spec in CHARTS.items())


@pytest.mark.parametrize("chart_id", CHART_IDS)
def test_each_chart_is_drawn_by_its_own_named_builders_from_its_page_subject(chart_id):
    spec = CHARTS[chart_id]
    figure, table, alt_text = spec.builders
    assert figure.__name__ == f"{chart_id}_figure"
    assert table.__name__ == f"{chart_id}_table"
    assert alt_text.__name__ == f"{chart_id}_alt"
    modules = {m.__name__ for m in SUBJECTS[spec.page]}
    assert {figure.__module__, table.__module__, alt_text.__module__} <= modules
    assert spec.datasets and all(isinstance(d, str) for d in spec.datasets)


def test_an_unknown_chart_id_is_a_key_error_naming_the_known_ids():
    with pytest.raises(KeyError) as error:
        chart_spec("pie")
    message = str(error.value)
    assert "'pie'" in message
    assert all(chart_id in message for chart_id in CHART_IDS)


def test_pages_list_their_charts_in_display_order_and_unknown_pages_are_named():
    assert PAGES == ("overview", "justice")
    assert charts_for_page("overview") == list(CHART_IDS[:5])
    assert charts_for_page("justice") == list(CHART_IDS[5:])
    with pytest.raises(ValueError, match=r"'routes'.*overview, justice"):
        charts_for_page("routes")


def test_quality_messages_are_the_findings_on_the_charts_tables_in_the_language():
    es, en = quality_messages("purposes", "es"), quality_messages("purposes", "en")
    assert len(es) == len(en) > 0 and es != en
    assert any("sexual exploitation" in m for m in en)  # the findings of the purposes' table
    # schooling's figures: credited to INEI in the text, footnoted to CHS Alternativo
    assert [m for m in quality_messages("education", "en") if "CHS Alternativo" in m]
    with pytest.raises(KeyError, match="nowhere"):
        quality_messages("nowhere", "en")


def test_a_spec_hands_its_builders_a_normalised_language():
    asked = []

    def figure(lang: str) -> go.Figure:
        asked.append(lang)
        return go.Figure(layout={"title": {"text": "Two<br>lines"}})

    def table(lang: str) -> pd.DataFrame:
        asked.append(lang)
        return pd.DataFrame({"lang": [lang]})

    def alt_text(lang: str) -> str:
        asked.append(lang)
        return lang

    spec = ChartSpec("my_chart", "overview", ("education",), Builders(figure, table, alt_text))
    assert spec.alt_text("EN-gb") == "en"
    assert spec.table(None)["lang"].iloc[0] == "es"
    assert spec.title("en") == "Two lines"
    assert asked == ["en", "es", "en"]
    assert spec.file_name("en-US") == "atlas-peru-my-chart-en"
