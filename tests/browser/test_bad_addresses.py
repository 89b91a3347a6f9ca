"""Addresses the atlas cannot follow, on both editions: an embed with bad values shows the default
map and a notice naming each value and what is shown instead (``geo.pages.notices``' words).
Screenshots go to test-results/bad-addresses/.
"""

from __future__ import annotations

import pytest
from atlas_ui import LANGS, MAP_IFRAME, RESULTS, wait_idle
from editions import Edition
from playwright.sync_api import Page, expect

from geo.i18n import t
from geo.names import department_names
from geo.pages.notices import address_notices
from geo.routes import route_names
from geo.urls import map_embed_url
from geo.views import layer_ids, layer_measures

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser2")]

SHOTS = RESULTS / "bad-addresses"
BAD = {"layer": "bogus", "measure": "nope", "routes": "lima,nowhere", "dept": "99"}
LIVE_NOTICES = '[data-testid="stMain"] [data-testid="stAlert"] [data-testid="stMarkdownContainer"]'
STATIC_NOTICES = "#address-notices .address-notice"


def expected_notices(query: dict[str, str], lang: str) -> list[str]:
    """The notices the address gets, as geo.pages.notices words them (the default shown)."""
    used = {"layer": t("layer.complaints", lang), "measure": t("measure.count", lang)}
    options = {
        "layer": layer_ids(False),
        "measure": layer_measures("complaints"),
        "dept": list(department_names()),
    }
    return list(address_notices(query, options, used, lang))


def notices(edition: Edition, page: Page):
    return page.locator(LIVE_NOTICES if edition.live else STATIC_NOTICES)


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


@pytest.mark.parametrize("lang", LANGS)
def test_an_embed_with_bad_values_shows_the_default_map_and_names_each_value(
    new_context, edition, lang
):
    page = new_context(viewport={"width": 800, "height": 900}).new_page()
    if edition.live:  # every value of the view is in the live embed's address
        query = dict(BAD)
        page.goto(map_embed_url(edition.base + "/", lang, query))
        wait_idle(page)
        on_map = page.frame_locator(MAP_IFRAME)
    else:  # the static embed's file is its layer and measure; its routes and dept in the hash
        query = {"routes": BAD["routes"], "dept": BAD["dept"]}
        embed = f"{edition.base}{lang}/embed/map-complaints-count.html"
        page.goto(f"{embed}#routes=lima,nowhere&dept=99")
        edition.wait_ready(page)
        on_map = page
    expect(notices(edition, page)).to_have_text(expected_notices(query, lang))
    expect(on_map.locator(".atlas-title h2")).to_have_text(t("layer.complaints.title", lang))
    expect(on_map.locator(".atlas-legend .routes .row")).to_have_text([route_names(lang)["lima"]])
    shot(page, f"{edition}-embed-{lang}")
