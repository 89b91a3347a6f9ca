"""Addresses the atlas cannot follow, on both editions: an embed with bad values shows the default
map and a notice naming each value and what is shown instead (``geo.pages.notices``' words); with
its notices, the Map page's map still starts in the first 40 % of the screen at 390x844 and
1280x720. Screenshots go to test-results/bad-addresses/.
"""

from __future__ import annotations

import re

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

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

SHOTS = RESULTS / "bad-addresses"
BAD = {"layer": "bogus", "measure": "nope", "routes": "lima,nowhere", "dept": "99"}
TOP_SHARE = 0.4  # the map's top within this share of the screen's height
STRIP_LIVE = ".st-key-address_notices"  # the notices' strip (ui.notices.BOX_KEY)
STRIP_STATIC = "#address-notices"
# On the strip: [whether it scrolls, its "more below" cue's opacity] at its top, or at its end
# (scrolled there first); the cue is the strip's ::after (none, or drawn 0 px wide: opacity 0).
CUE_JS = """async (strip, atEnd) => {
  strip.scrollTop = atEnd ? strip.scrollHeight : 0;
  await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
  const after = getComputedStyle(strip, '::after');
  const drawn = after.content !== 'none' && parseFloat(after.width) > 0 && parseFloat(after.height) > 0;
  const cue = drawn ? parseFloat(after.opacity) : 0;
  return [strip.scrollHeight > strip.clientHeight + 1, cue];
}"""
LIVE_ALERTS = '[data-testid="stMain"] [data-testid="stAlert"]'
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
    """The notices' texts: the live page's alerts that quote a value, the static box's."""
    if not edition.live:
        return page.locator(STATIC_NOTICES)
    alerts = page.locator(LIVE_ALERTS).filter(has_text=re.compile("[«“]"))
    return alerts.locator('[data-testid="stMarkdownContainer"]')


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


@pytest.mark.parametrize("lang", LANGS)
def test_the_map_starts_in_the_first_40_percent_of_the_screen_with_notices(
    new_context, edition, lang
):
    problems = []
    for width, height in ((390, 844), (1280, 720)):
        page = new_context(
            viewport={"width": width, "height": height}, has_touch=width < 600
        ).new_page()
        edition.open_map(page, lang, **BAD)
        expect(notices(edition, page).first).to_be_visible()
        expect(notices(edition, page)).to_have_text(expected_notices(BAD, lang))
        top = edition.map_element(page).bounding_box()["y"]
        if top > TOP_SHARE * height:
            problems.append(f"{width}x{height}: the map starts at y = {top:.0f}")
        shot(page, f"{edition}-map-{width}-{lang}")
        # A strip with more notices than it shows says so until it is scrolled to its end.
        strip = page.locator(STRIP_LIVE if edition.live else STRIP_STATIC)
        scrolls, cue_at_top = strip.evaluate(CUE_JS, False)
        if scrolls:
            _, cue_at_end = strip.evaluate(CUE_JS, True)
            if not (cue_at_top > 0.5 and cue_at_end < 0.5):
                problems.append(
                    f"{width}x{height}: the notices scroll, but their cue's opacity is"
                    f" {cue_at_top} at the top and {cue_at_end} at the end"
                )
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    ("path", "lang", "asked"),
    [("/a/b?lang=es", "es", "a/b"), ("/nonexistent/deeper?lang=en", "en", "nonexistent/deeper")],
)
def test_a_nested_unknown_path_gets_the_atlas_not_found_page(new_context, server, path, lang, asked):
    """Live: /a/b used to be a blank page (its scripts asked for under /a/); the static
    edition's nginx answers /site/es/a/b with its own page (tests/test_deploy.py)."""
    page = new_context(viewport={"width": 1280, "height": 720}).new_page()
    page.goto(server + path)
    wait_idle(page)
    main = page.locator('[data-testid="stMain"]')
    expect(main.locator("h1")).to_have_text(t("notfound.title", lang))
    expect(main.locator('[data-testid="stAlert"] [data-testid="stMarkdownContainer"]')).to_have_text(
        t("notfound.asked", lang, value=asked)
    )
    expect(main.get_by_role("link", name=t("page.routes", lang))).to_be_visible()
    shot(page, f"live-not-found-{asked.replace('/', '-')}-{lang}")
