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
