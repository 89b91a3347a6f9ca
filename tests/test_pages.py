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
    assert [table.name for table in page.tables] == table_names()
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
