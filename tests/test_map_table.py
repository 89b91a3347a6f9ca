"""The Map page's table of the view, its share box's texts, and the charts linked to the map.

What the table says is built once (``geo.pages.map.view_table``) and laid out by both editions;
the share box copies the view's address (``geo.urls.map_view_url``); a chart whose bars are
departments names them, outlines the chosen one and reads a click (``geo.charts.linked``).
"""

from __future__ import annotations

import math

import pytest

from geo.charts import chart_spec
from geo.charts.linked import NO_DEPARTMENT, clicked_department, departments_of, highlight
from geo.i18n import LANGUAGES, format_number, t
from geo.layers import LAYERS
from geo.names import department_names
from geo.pages.charts import chart_block, screen_figure
from geo.pages.map import department_page, map_page, view_table
from geo.urls import map_view_url
from geo.views import MapView, prepare_map

LINKED = ("complaints_vs_origin", "poverty_vs_complaints")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_table_of_a_view_is_every_department_with_the_maps_value_source_and_caveat(lang):
    prepared = prepare_map(MapView("complaints", "per_100k", (), None, lang))
    table = view_table(prepared)
    assert [r.code for r in table.rows] == list(department_names())
    assert table.headers == (
        t("site.explorer.department", lang),
        prepared.text.legend_title,
        t("map.table.class", lang),
    )
    assert table.caption == f"{prepared.text.title} — {prepared.text.subtitle}"
    assert (table.source, table.caveat) == (prepared.text.source, prepared.text.caveat)
    values = dict(zip(prepared.values["department_code"], prepared.values["value"], strict=True))
    decimals = LAYERS["complaints"].decimals["per_100k"]
    for row in table.rows:
        if math.isnan(values[row.code]):
            assert (row.value, row.number, row.map_class) == (
                prepared.text.not_reported,
                None,
                prepared.text.not_reported,
            )
        else:
            assert row.number == values[row.code]
            assert row.value == format_number(values[row.code], decimals, lang)
            assert row.map_class in prepared.class_labels
    assert table.csv_name.endswith(".csv") and table.csv_label == t("exports.csv", lang)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_tables_values_are_the_profiles(lang):
    """A layer's first measure in the table reads as the department's profile writes it."""
    from geo.boundaries import read_boundaries

    boundaries = read_boundaries()
    profiles = {code: department_page(code, lang, boundaries) for code in department_names()}
    for layer, spec in LAYERS.items():
        table = view_table(prepare_map(MapView(layer, spec.measures[0], (), None, lang)))
        label = t(f"profile.{layer}", lang)
        for row in table.rows:
            (field,) = [f for f in profiles[row.code].fields if f.label == label]
            assert (field.value if field.reported else None) == (
                row.value if row.number is not None else None
            ), (layer, row.code)


def test_the_static_explorer_ships_the_table_of_each_view():
    from geo.boundaries import read_boundaries
    from geo.site.data import language_data, prepared_views

    boundaries = read_boundaries()
    prepared = prepared_views("es", boundaries)
    data = language_data("es", prepared, boundaries)
    for key, view in prepared.items():
        assert data["views"][key]["table"] == view_table(view).as_data()
        code = data["embedCodes"][key]
        assert f'src="{code["file"]}"' in code["code"] and "data-atlas-embed" in code["code"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_map_page_names_its_tabs_share_box_and_link_past_the_map(lang):
    page = map_page(lang)
    assert page.tabs.options == (
        ("map", t("map.tab.map", lang)),
        ("table", t("map.tab.table", lang)),
    )
    assert page.share.link_copied == t("map.share.link_copied", lang)
    assert page.skip_map == t("map.skip_map", lang)
    assert {"Enlace copiado", "Link copied"} & {page.share.link_copied}


def test_a_views_link_names_the_language_and_the_view():
    view = {"layer": "origin", "measure": "count", "routes": ["lima", "north_coast"], "dept": "08"}
    assert (
        map_view_url("https://atlas.example/", "es", view)
        == "https://atlas.example/?lang=es&layer=origin&measure=count&routes=lima,north_coast&dept=08"
    )
    assert map_view_url("https://atlas.example/", "en", {"routes": []}).endswith("routes=none")


@pytest.mark.parametrize("chart_id", LINKED)
def test_a_chart_of_departments_names_each_bar_and_outlines_the_chosen_one(chart_id):
    fig, _words = screen_figure(chart_id, "es")
    codes = [c or NO_DEPARTMENT for c in chart_spec(chart_id).table("es")["department_code"]]
    assert departments_of(fig) == codes
    bars = [trace for trace in fig.data if trace.type == "bar"]
    assert bars and all(list(trace.ids) == codes for trace in bars)
    chosen = highlight(fig, "15")  # Lima, in both charts
    for trace in (bar for bar in chosen.data if bar.type == "bar"):
        widths = list(trace.marker.line.width)
        assert [w > 0 for w in widths] == [c == "15" for c in codes]
    assert chosen.layout.yaxis.ticktext[codes.index("15")].startswith("<b>")
    assert fig.data[0].marker.line.width is None  # the figure itself is unchanged
    assert highlight(fig, "99") is fig and highlight(fig, None) is fig
    assert chart_block(chart_id, "en").linked_hint == t("chart.linked.hint", "en")


def test_a_click_on_a_departments_bar_chooses_it_and_one_on_the_rest_nothing():
    fig, _words = screen_figure("complaints_vs_origin", "en")
    codes = departments_of(fig)
    at = codes.index("15")
    assert clicked_department(fig, [{"curve_number": 1, "point_index": at}]) == "15"
    rest = codes.index(NO_DEPARTMENT)
    assert clicked_department(fig, [{"curve_number": 0, "point_index": rest}]) is None
    assert clicked_department(fig, [{"curve_number": 9, "point_index": 0}]) is None
    assert chart_block("purposes", "en").linked_hint == ""
