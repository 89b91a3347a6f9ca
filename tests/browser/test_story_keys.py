"""The presenter's story driven by the keys a keyboard or a presentation clicker sends.

From step 1 to the last and back with keys alone (ArrowRight, Space, PageDown forward; ArrowLeft,
PageUp back; Home and End), every step fitting the screen without scrolling; the first map step
shows a frame drawn before the key was pressed (no blank frame); at 1920x1080 the story map's
legend, source and caveat are at least 16 px; a key typed in a text field moves nothing.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from atlas_ui import LANGS, open_page, shot, wait_idle
from playwright.sync_api import Page, expect

from geo.i18n import t
from geo.story import STEP_COUNT, story_step

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

FORWARD = ("ArrowRight", "Space", "PageDown")
BACK = ("ArrowLeft", "PageUp")
MIN_MAP_TEXT_PX = 16.0
# The page scrolls in Streamlit's main area, not in the document: both must fit the window.
SCROLL_JS = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  return {
    document: document.documentElement.scrollHeight, window: window.innerHeight,
    main: main.scrollHeight, mainBox: main.clientHeight,
  };
}"""
# Computed font sizes (px) of the map's title, legend, source and caveat lines.
MAP_TEXT_JS = """() => [...document.querySelectorAll(
  '.atlas-title h2, .atlas-title p, .atlas-legend h3, .atlas-legend .row, .atlas-source p'
)].map(e => [
  e.className || e.tagName, e.textContent.slice(0, 40), parseFloat(getComputedStyle(e).fontSize),
])"""


def shows_step(page: Page, step: int, lang: str) -> None:
    """The page shows ``step``: its indicator and its title, once the run has ended."""
    main = page.locator('[data-testid="stMain"]')
    expect(main).to_contain_text(t("story.indicator", lang, step=step, total=STEP_COUNT))
    expect(main.locator("h1").first).to_have_text(story_step(step, lang).title)
    wait_idle(page)


def assert_no_scroll(page: Page, step: int) -> None:
    sizes = page.evaluate(SCROLL_JS)
    assert sizes["document"] <= sizes["window"], f"step {step}: the page scrolls: {sizes}"
    assert sizes["main"] <= sizes["mainBox"], f"step {step}: the main area scrolls: {sizes}"


def shown_map(page: Page, step: int):
    """The frame of step ``step``'s map, once its departments are drawn."""
    frame = page.locator(f".st-key-story_map_{step} iframe")
    expect(frame).to_be_visible()
    inner = frame.content_frame
    expect(inner.locator("path.leaflet-interactive").first).to_be_visible()
    expect(inner.locator(".atlas-legend")).to_be_visible()
    return frame


def press(page: Page, key: str) -> None:
    page.locator("body").press(key)


@pytest.mark.parametrize("lang", LANGS)
def test_keys_alone_walk_the_story_without_scrolling(new_context, server, lang):
    page = new_context(viewport={"width": 1280, "height": 720}).new_page()
    open_page(page, server, "story", lang=lang)
    shows_step(page, 1, lang)
    for step in range(1, STEP_COUNT + 1):  # forward, taking turns with the three keys
        shows_step(page, step, lang)
        if story_step(step, lang).view is not None:
            shown_map(page, step)
        assert_no_scroll(page, step)
        if step in (1, 3):
            shot(page, f"story-keys-1280-{lang}-{step}")
        following = step + 1 if step < STEP_COUNT else None
        kept = following is not None and story_step(following, lang).view is not None
        if kept and story_step(step, lang).view is None:
            # No blank frame: the next step's map is drawn already, and its frame is kept.
            nxt = page.locator(f".st-key-story_map_{following} iframe").content_frame
            expect(nxt.locator("path.leaflet-interactive").first).to_be_attached()
            nxt.locator("body").evaluate("() => { window.__keptFrame = true; }")
        if step < STEP_COUNT:
            press(page, FORWARD[step % len(FORWARD)])
        if kept and story_step(step, lang).view is None:
            shows_step(page, following, lang)
            assert nxt.locator("body").evaluate("() => window.__keptFrame === true"), (
                "the map's frame was loaded again"
            )
    press(page, "ArrowRight")  # past the last step: nothing moves
    shows_step(page, STEP_COUNT, lang)
    for step in range(STEP_COUNT - 1, 0, -1):  # and back
        press(page, BACK[step % len(BACK)])
        shows_step(page, step, lang)
        assert_no_scroll(page, step)
    press(page, "End")
    shows_step(page, STEP_COUNT, lang)
    press(page, "Home")
    shows_step(page, 1, lang)
    page.wait_for_url(lambda u: parse_qs(urlsplit(u).query).get("step") == ["1"])


@pytest.mark.parametrize("lang", ["en"])  # the keys test walks both languages
def test_story_map_text_is_large_at_1920_and_keys_stay_out_of_text_fields(
    new_context, server, lang
):
    page = new_context(viewport={"width": 1920, "height": 1080}).new_page()
    map_steps = [n for n in range(1, STEP_COUNT + 1) if story_step(n, lang).view is not None]
    open_page(page, server, "story", lang=lang, step=str(map_steps[0]))
    for step in map_steps:
        shows_step(page, step, lang)
        frame = shown_map(page, step)
        sizes = frame.content_frame.locator("body").evaluate(MAP_TEXT_JS)
        assert sizes, "no title, legend or source in the story map"
        small = [s for s in sizes if s[2] < MIN_MAP_TEXT_PX]
        assert not small, f"step {step}: map text under {MIN_MAP_TEXT_PX} px: {small}"
        assert_no_scroll(page, step)
        if step == map_steps[0]:
            shot(page, f"story-map-1920-{lang}")
        press(page, "PageDown")
    # A key typed into a text field is the reader's, not the presenter's: the step stays. The
    # story has no text field of its own, so the test puts one on the page.
    step = map_steps[-1] + 1
    shows_step(page, step, lang)
    page.evaluate(
        """() => { const f = document.createElement('input'); f.type = 'text'; f.id = 'typing';
        document.querySelector('[data-testid="stMain"]').prepend(f); }"""
    )
    field = page.locator("#typing")
    for key in ("ArrowRight", "Space", "End", "Home"):
        field.press(key)
    page.wait_for_timeout(500)  # a shortcut's run would have begun by now (it starts at once)
    wait_idle(page)
    shows_step(page, step, lang)
    expect(field).to_have_value(" ")  # the space went into the field
