"""What a reader sees in their own language, on both editions: a notice for each value of an
address the atlas does not have (the map, an embed, the story), the atlas's own not-found page,
the skip link, the scale in kilometres, the Data page's tables with the dictionary's titles and
the reader's numbers, and the story's buttons with one arrow each."""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

import pytest
from atlas_ui import RESULTS, wait_idle
from editions import Edition
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from geo.i18n import t
from geo.pages.data import FIRST_TABLE
from geo.story import STEP_COUNT
from geo.tables import column_titles
from geo.urls import map_embed_url

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser2")]

SHOTS = RESULTS / "reader-words"
LANGS = ("es", "en")
SNAKE = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)+$")
LIVE_NOTICE = '[data-testid="stMain"] [data-testid="stAlert"]'
STATIC_NOTICE = "#address-notices .address-notice"


@pytest.fixture(scope="module")
def site(static_site) -> Path:
    return static_site


def _shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def notices(edition: Edition, page: Page):
    """The notices' texts: the live page's alerts with the notices' icon, the static box's."""
    if not edition.live:
        return page.locator(STATIC_NOTICE)
    alerts = page.locator(LIVE_NOTICE).filter(has_text=re.compile("[«“]"))
    return alerts.locator('[data-testid="stMarkdownContainer"]')


# --- a notice for each bad value of the address ------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_a_bad_map_address_gets_a_notice_naming_each_value(new_context, edition, lang):
    page = new_context(viewport={"width": 1280, "height": 720}).new_page()
    edition.open_map(page, lang, layer="bogus", dept="99")
    expected = [
        t("notice.layer", lang, value="bogus", used=t("layer.complaints", lang)),
        t("notice.dept", lang, value="99"),
    ]
    expect(notices(edition, page)).to_have_text(expected)
    edition.wait_view(page, layer="complaints", dept=None)  # the address names the view shown
    _shot(page, f"{edition}-map-notice-{lang}")
    edition.choose_layer(page, lang, "origin")  # the reader's own view: the notice has done
    expect(notices(edition, page)).to_have_count(0)


@pytest.mark.parametrize("lang", LANGS)
def test_a_bad_embed_address_gets_a_notice_for_each_value(new_context, edition, lang, site):
    page = new_context(viewport={"width": 800, "height": 900}).new_page()
    if edition.live:
        page.goto(map_embed_url(edition.base + "/", lang, {"layer": "bogus", "dept": "99"}))
        wait_idle(page)
        alerts = notices(edition, page)
        expect(alerts).to_have_count(2)
        expect(alerts.nth(0)).to_contain_text("bogus")
        expect(alerts.nth(1)).to_contain_text("99")
    else:
        page.goto(f"{site.as_uri()}/{lang}/embed/map-complaints-count.html#routes=nowhere&dept=99")
        edition.wait_ready(page)
        expect(page.locator(STATIC_NOTICE)).to_have_text(
            [
                t("notice.routes.all", lang, value="nowhere"),
                t("notice.dept", lang, value="99"),
            ]
        )
    _shot(page, f"{edition}-embed-notice-{lang}")


@pytest.mark.parametrize("lang", LANGS)
def test_a_story_step_it_does_not_have_is_named_until_the_presenter_moves(
    new_context, edition, lang
):
    page = new_context(viewport={"width": 1280, "height": 720}).new_page()
    edition.open_story(page, lang, 999)
    words = t("story.invalid_step", lang, value="999", first=1, total=STEP_COUNT)
    note = page.get_by_text(words, exact=True)
    expect(note).to_be_visible()
    edition.shows_step(page, 1, lang)
    _shot(page, f"{edition}-story-notice-{lang}")
    edition.press(page, "ArrowRight")
    edition.shows_step(page, 2, lang)
    expect(note).to_have_count(0)


# --- the not-found page ------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_an_unknown_page_gets_the_atlases_not_found_page(new_context, edition, lang, site):
    page = new_context(viewport={"width": 1280, "height": 720}).new_page()
    if edition.live:
        page.goto(f"{edition.base}/nonexistent?lang={lang}")
        wait_idle(page)
        main = page.locator('[data-testid="stMain"]')
        expect(main.locator("h1")).to_have_text(t("notfound.title", lang))
        expect(main).to_contain_text(t("notfound.asked", lang, value="nonexistent"))
        expect(page.get_by_role("dialog")).to_have_count(0)  # Streamlit's English one
        expect(page.get_by_text("Page not found", exact=True)).to_have_count(
            1 if lang == "en" else 0
        )
    else:
        page.goto(f"{site.as_uri()}/{lang}/404.html")
        expect(page.locator("main h1")).to_have_text(t("notfound.title", lang))
    _shot(page, f"{edition}-not-found-{lang}")
    page.get_by_role("link", name=t("page.data", lang), exact=True).last.click()
    if edition.live:
        wait_idle(page)
        expect(page.locator('[data-testid="stMain"] h1').first).to_have_text(t("data.title", lang))
    else:
        expect(page.locator("main h1")).to_have_text(t("data.title", lang))


# --- the skip link, the scale, the Data page, the story's buttons ------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_the_skip_link_is_in_the_readers_language(new_context, edition, lang):
    page = new_context().new_page()
    edition.open_map(page, lang)
    link = page.locator('[data-testid="stSkipToContent"]' if edition.live else "a.skip-link")
    expect(link).to_have_text(t("site.skip", lang))
    if edition.live:
        expect(page.locator("html")).to_have_attribute("lang", lang)


def test_the_scale_is_in_kilometres_only(new_context, edition):
    page = new_context().new_page()
    edition.open_map(page, "en")
    lines = edition.on_map(page).locator(".leaflet-control-scale-line")
    expect(lines).to_have_count(1)
    expect(lines).to_have_text(re.compile(r"^\d+ k?m$"))


def test_the_spanish_data_page_has_no_english_header(new_context, edition):
    page = new_context(viewport={"width": 1280, "height": 900}).new_page()
    titles = list(column_titles(FIRST_TABLE, "es").values())
    if edition.live:
        page.goto(edition.page_url("data", "es"))
        wait_idle(page)
        grid = page.locator('[data-testid="stDataFrame"]').first
        expect(grid).to_be_visible()
        headers = grid.locator('[role="columnheader"]')
        expect(headers.first).to_be_attached()
        shown = [h.strip() for h in headers.all_inner_texts() if h.strip()]
    else:
        page.goto(edition.page_url("data", "es"))
        first = page.locator("details.data-table[open]").first
        expect(first).to_have_attribute("data-table", FIRST_TABLE)
        shown = [h.strip() for h in first.locator("table").first.locator("th").all_inner_texts()]
    assert shown and set(shown) <= set(titles), shown
    assert not [h for h in shown if SNAKE.match(h)]
    _shot(page, f"{edition}-data-es")


@pytest.mark.parametrize("lang", LANGS)
def test_the_story_buttons_show_one_arrow_each(new_context, edition, lang):
    page = new_context(viewport={"width": 1280, "height": 720}).new_page()
    edition.open_story(page, lang, 2)
    for name, label in (("prev", t("story.prev", lang)), ("next", t("story.next", lang))):
        if edition.live:
            button = page.locator(f".st-key-story_{name} button")
            arrows = button.locator('[data-testid="stIconMaterial"]').count()
            arrows += len(re.findall("[←→]", button.inner_text()))
        else:
            button = page.locator(f"#deck-{name}")
            arrows = len(re.findall("[←→]", button.inner_text()))
        expect(button).to_contain_text(label)
        assert arrows == 1, (name, button.inner_text())


def test_the_live_map_embed_leaves_no_band_under_its_map(new_context, server):
    """The embed's content ends with its map: no blank band under it (it was 32 px)."""
    page = new_context(viewport={"width": 900, "height": 1000}).new_page()
    page.goto(map_embed_url(server + "/", "es", {"layer": "origin"}))
    wait_idle(page)
    expect(page.locator('iframe[title="streamlit_folium.st_folium"]').first).to_be_visible()
    band = """() => {
        const block = document.querySelector('[data-testid="stMainBlockContainer"]');
        const frame = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
        const pad = parseFloat(getComputedStyle(block).paddingBottom);
        return block.getBoundingClientRect().bottom - pad - frame.getBoundingClientRect().bottom;
    }"""
    # the hidden script containers arrive with the run: give the layout a moment to settle
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function(f"({band})() <= 2", timeout=5000)
    assert page.evaluate(band) <= 2, f"{page.evaluate(band)} px of blank band under the map"
