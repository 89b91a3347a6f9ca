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
