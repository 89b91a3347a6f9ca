"""Page models (geo/pages/): what a page says, the same for the live and the static edition."""

from __future__ import annotations

import pytest

from geo.i18n import t
from geo.pages.routes import routes_page
from geo.routes import ROUTE_IDS, read_routes, read_waypoints


@pytest.mark.parametrize(
    ("lang", "label", "source"),
    [
        ("es", "San Martín (departamento; dibujado en Tarapoto)", "Clínica Jurídica PUCP"),
        ("en", "San Martín (department; drawn at Tarapoto)", "PUCP Legal Clinic"),
    ],
)
def test_a_route_card_holds_the_atlas_notes_and_labelled_waypoints_with_sources(
    lang, label, source
):
    page = routes_page(lang)
    assert [c.route_id for c in page.cards] == list(ROUTE_IDS)
    card = page.card("north_selva")
    notes = read_routes().set_index("route_id").loc["north_selva", f"notes_{lang}"]
    assert (t("routes.atlas_notes", lang), notes) in [(f.label, f.text) for f in card.facts]
    drawn = next(w for w in card.waypoints if w.label == label)
    assert drawn.basis == t("routes.basis.report_department", lang)
    assert source in drawn.source and drawn.line.startswith(label) and source in drawn.line
    assert [w.seq for w in card.waypoints] == list(read_waypoints("north_selva")["seq"])
    assert card.map_caption.endswith(t("routes.map_caption", lang))


def test_the_route_chooser_is_the_routes_page_one_part_that_needs_a_server():
    page = routes_page("en")
    assert page.needs_server == {t("routes.choose", "en")}
    with pytest.raises(KeyError, match="'nowhere'"):
        page.card("nowhere")


# --- the Overview and Justice pages and their chart blocks (geo.pages.charts) -----------------


@pytest.mark.parametrize(
    ("lang", "row"),
    [
        ("es", ("sexual_exploitation", "Explotación sexual", "299", "59,44", "59,8")),
        ("en", ("sexual_exploitation", "Sexual exploitation", "299", "59.44", "59.8")),
    ],
)
def test_a_chart_table_is_written_in_the_readers_number_format(lang, row):
    from geo.pages.charts import chart_block

    table = chart_block("purposes", lang).table
    assert table.headers[3] == t("chart.column.stated_pct", lang)  # the CSV's stated_pct
    assert tuple(table.rows[1][:5]) == row  # 299, not 299.0
    assert table.rows[0][3] == ""  # the report gives no share for all purposes: empty, not "nan"


@pytest.mark.parametrize("lang", ["es", "en"])
def test_every_column_of_every_chart_table_has_a_header_in_the_readers_language(lang):
    from geo.charts import CHARTS
    from geo.pages.charts import column_header

    for chart_id, spec in CHARTS.items():
        for column in spec.table(lang).columns:
            assert column_header(column, lang) != column, (chart_id, column)
    with pytest.raises(KeyError, match=r"chart\.column\.nope"):
        column_header("nope", lang)


def test_table_cells_keep_a_columns_decimals_and_group_thousands_by_language():
    import pandas as pd

    from geo.pages.charts import cell_text, data_table

    frame = pd.DataFrame({"value": [59.8, 0.14, None], "victims": [9113684.0, 5.0, None]})
    assert data_table(frame, "es").rows == (("59,80", "9.113.684"), ("0,14", "5"), ("", ""))
    assert data_table(frame, "en").rows[0] == ("59.80", "9,113,684")
    assert cell_text("a <b>", "es") == "a <b>" and cell_text(pd.NA, "en") == ""


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_overview_says_its_figures_once_with_their_sources_and_notes(lang):
    from geo.charts import charts_for_page
    from geo.headlines import headline_figures
    from geo.pages.overview import overview_page

    page = overview_page(lang)
    assert [b.chart_id for b in page.charts] == charts_for_page("overview")
    assert [s.anchor for s in page.sections] == ["national", "regional", "profile"]
    for fact, headline in zip(page.figures, headline_figures(lang), strict=True):
        assert fact.source == headline.source  # one "Source:", as the catalogue writes it
        assert fact.source.count(t("common.source", lang)) == 1
        if headline.note:
            assert fact.note == f"{t('chart.quality_note', lang)}: {headline.note}"
    assert any(f.note for f in page.figures)
    assert page.needs_server == {t("chart.download_png", lang)}


def test_the_justice_page_holds_its_charts_protection_and_institutions_in_order():
    from geo.pages.justice import justice_page

    page = justice_page("en")
    assert [s.anchor for s in page.sections] == [
        "prosecution",
        "protection",
        "institutions",
        "timeline",
    ]
    assert [b.chart_id for b in page.charts] == ["justice_funnel", "penalties", "timeline"]
    protection, institutions = page.sections[1], page.sections[2]
    assert protection.figures and not protection.charts
    assert len(institutions.institutions) == 4
    assert institutions.caption == t("justice.source.institutions", "en")
    block = page.chart("penalties")
    assert block.csv.file_name == "atlas-peru-penalties-en.csv" and block.page == "justice"
    assert block.embed_texts() >= {block.title, block.source, block.caveat}
    assert block.alt not in block.embed_texts()  # for screen readers, not written in an embed
    with pytest.raises(KeyError, match=r"'purposes'.*justice_funnel"):
        page.chart("purposes")


# --- the story -------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["es", "en"])
def test_each_story_slide_is_its_step_with_the_words_of_its_chart_or_map(lang):
    from geo.charts import chart_spec, chart_words, quality_messages
    from geo.exports import map_alt_text
    from geo.pages.story import story_page
    from geo.story import STEP_COUNT, story_step
    from geo.views import prepare_map

    page = story_page(lang)
    assert [s.number for s in page.slides] == list(range(1, STEP_COUNT + 1))
    for slide in page.slides:
        step = story_step(slide.number, lang)
        assert (slide.title, slide.body, slide.note, slide.items) == (
            step.title,
            step.body,
            step.note,
            step.items,
        )
        assert slide.count == t("story.indicator", lang, step=slide.number, total=STEP_COUNT)
        assert (slide.chart is None) == (step.chart is None)
        assert (slide.map is None) == (step.view is None)
        if slide.chart is not None:
            words = chart_words(chart_spec(step.chart).figure(lang))
            assert (slide.chart.title, slide.chart.source, slide.chart.caveat) == (
                words.title,
                words.source,
                words.caveat,
            )
            assert slide.chart.notes == tuple(quality_messages(step.chart, lang))
            assert slide.chart.alt == chart_spec(step.chart).alt_text(lang)
        if slide.map is not None:
            assert slide.map.alt == map_alt_text(prepare_map(step.view))
    poverty = next(s for s in page.slides if s.step_id == "poverty")
    assert poverty.note_is_warning and not page.slides[0].note_is_warning
    assert page.nav.keys == t("story.keys", lang) and page.nav.next == t("story.next", lang)
    assert page.needs_server == frozenset() and page.static_only == {page.title}


def test_the_deck_writes_a_charts_words_around_a_figure_that_has_none():
    import json
    import re

    from geo.pages.story import story_page
    from geo.site import data as site_data
    from geo.site.deck import deck_page
    from geo.site.html import render

    model = story_page("en")
    html = render(deck_page("en", site_data.prepared_views("en", None), model))
    chart = model.slides[0].chart
    for text in (chart.title, chart.source, chart.caveat, chart.notes_heading, *chart.notes):
        assert text.replace("'", "&#39;").replace('"', "&#34;") in html
    figure = re.search(r'id="step-1-chart-figure">(.*?)</script>', html).group(1)
    layout = json.loads(figure)["layout"]
    assert not layout.get("title", {}).get("text")  # the page writes the title, not plotly
    assert t("story.keys", "en").split(":")[0] in html


# --- the map page ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "area"),
    [("es", "71.999 km²"), ("en", "71,999 km²")],
)
def test_a_profile_field_has_its_value_unit_note_and_whole_source_line(lang, area):
    from geo.pages.map import NOT_REPORTED_MARK, department_page

    puno = department_page("21", lang)
    fields = {f.label: f for f in puno.fields}
    official = fields[t("profile.area", lang)]
    assert (official.shown, official.unit, official.note) == (area, "km²", "")
    assert official.source.startswith(t("common.source", lang) + ": INEI")
    origin = fields[t("profile.origin", lang)]  # Puno is not among the report's six origins
    assert (origin.value, origin.note, origin.source) == (
        NOT_REPORTED_MARK,
        t("profile.not_reported", lang),
        "",
    )
    assert not origin.reported and official.reported
    assert puno.figures_heading == t("profile.figures", lang)
    assert puno.texts[:2] == ("Puno", t("profile.figures", lang))
    amazonas = department_page("01", lang)
    assert amazonas.places.lines == (t("profile.none", lang),)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_map_page_names_what_needs_a_server_and_where_to_find_the_files(lang):
    from geo.pages.map import map_page

    page = map_page(lang)
    # The static edition builds each view's CSV, GeoJSON, PNG and SVG; a server makes the offline
    # interactive map and the press kit of the exact view, and its help says files are made on a
    # click.
    server_made = {t("exports.html", lang), t("exports.press_kit", lang)}
    assert page.needs_server == {t("exports.help", lang), *server_made}
    assert {d.label for d in page.downloads if d.static} == {
        t(f"exports.{kind}", lang) for kind in ("csv", "geojson", "png", "svg")
    }
    for part in page.server_parts:
        assert part.label in page.elsewhere
    assert {p.part_id for p in page.server_parts} == {"upload", "boundaries", "downloads"}
    assert page.elsewhere_line in page.static_only
    assert page.measure_ids("poverty") == ("pct",)
    assert page.measure_ids("complaints") == ("count", "per_100k")


def test_the_static_explorer_ships_each_profile_as_the_model_says_it():
    from geo.boundaries import read_boundaries
    from geo.pages.map import department_page
    from geo.site import data as site_data

    boundaries = read_boundaries()
    shipped = site_data._profile("08", "en", boundaries)
    assert shipped == department_page("08", "en", boundaries).as_data()
    assert shipped["figures"][1]["value"].endswith(" km²")


def test_the_maps_words_are_the_prepared_views_title_legend_source_and_caveat():
    from geo.pages.map import map_words
    from geo.views import MapView, prepare_map

    prepared = prepare_map(MapView("poverty", "pct", (), None, "es"))
    words = map_words(prepared)
    assert words.texts[0] == prepared.text.title
    assert words.classes == tuple(prepared.class_labels) and words.classes
    assert {prepared.text.source, prepared.text.caveat, t("map.legend_summary", "es")} <= set(
        words.texts
    )


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        ("es", "areas_official.csv — Superficie oficial de los departamentos"),
        ("en", "areas_official.csv — Official department areas"),
    ],
)
def test_the_data_page_lists_every_table_with_its_title_sources_and_record_in_the_language(
    lang, title
):
    from geo.package import provenance_rows
    from geo.pages.data import data_page
    from geo.tables import table_names

    page = data_page(lang)
    assert page.title == t("data.title", lang)
    assert sorted(table.name for table in page.tables) == table_names()
    areas = page.table("areas_official")
    assert areas.title == title  # the static page once showed the English title in Spanish
    rows = provenance_rows("areas_official", lang)
    assert areas.sources == tuple(tuple(row.values()) for row in rows)
    assert areas.source_columns[0] == t("data.sources.col.source_id", lang)
    assert areas.record.startswith("sha256 ") and areas.description
    assert page.citation == t("data.citation_text", lang)
    assert page.quality and all(section.texts for section in page.quality)
    assert len(page.quality_rows) > 10 and len(page.quality_columns) == 8
    with pytest.raises(KeyError, match="areas_official"):
        page.table("nope")


def test_the_upload_tab_and_the_live_embed_help_are_what_needs_a_server():
    from geo.pages.data import data_page

    for lang in ("es", "en"):
        page = data_page(lang)
        assert page.needs_server == {t("data.tab.upload", lang), t("data.embed_help", lang)}
        assert page.tabs["upload"] in page.server_note
