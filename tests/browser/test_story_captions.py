"""The story's map steps at 1280x720 (a projector), on both editions: the map's source and caveat
lines under it are whole, in the window, on no other line and on no part of the map, with the
sidebar open and in presentation mode (live ``?present=1``; the static deck has no sidebar).
Screenshots of each step go to test-results/story-captions/.
"""

from __future__ import annotations

import pytest
from atlas_ui import LANGS, RESULTS
from editions import Edition
from playwright.sync_api import Page

from geo.story import STEP_COUNT, story_step

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

SHOTS = RESULTS / "story-captions"
MAP_STEPS = tuple(n for n in range(1, STEP_COUNT + 1) if story_step(n, "es").view is not None)
# The caption's lines and the map's frame, as drawn: [top, bottom, left, right] each, and whether
# a line is cut (its text taller or wider than its box).
LIVE_JS = """() => {
  const box = e => { const b = e.getBoundingClientRect(); return [b.top, b.bottom, b.left, b.right]; };
  const frame = [...document.querySelectorAll('.st-key-story_maps iframe')].find(
    f => getComputedStyle(f.closest('[class*="st-key-story_map_"]')).visibility === 'visible');
  const lines = [...document.querySelectorAll('.st-key-story_map_words p')];
  return {frame: box(frame), lines: lines.map(p => [box(p), p.scrollHeight > p.clientHeight + 1
    || p.scrollWidth > p.clientWidth + 1, p.textContent.slice(0, 40)]), height: innerHeight};
}"""
STATIC_JS = """() => {
  const box = e => { const b = e.getBoundingClientRect(); return [b.top, b.bottom, b.left, b.right]; };
  const step = document.querySelector('.step.current');
  const lines = [...step.querySelectorAll('.chart-words p')];
  return {frame: box(step.querySelector('.step-map')), lines: lines.map(p => [box(p),
    p.scrollHeight > p.clientHeight + 1 || p.scrollWidth > p.clientWidth + 1,
    p.textContent.slice(0, 40)]), height: innerHeight};
}"""


def caption_problems(drawn: dict, where: str) -> list[str]:
    """What is wrong with the caption's lines: cut, out of the window, over another line or the
    map (a pixel of rounding allowed)."""
    problems = []
    lines = drawn["lines"]
    if not lines:
        return [f"{where}: no source line under the map"]
    frame = drawn["frame"]
    for i, (box, cut, text) in enumerate(lines):
        if cut:
            problems.append(f"{where}: {text!r} is cut")
        if box[1] > drawn["height"] + 1:
            problems.append(f"{where}: {text!r} ends at {box[1]:.0f}, below the window")
        if box[0] < frame[1] - 1 and box[1] > frame[0] + 1:
            problems.append(f"{where}: {text!r} is over the map ({box[0]:.0f} < {frame[1]:.0f})")
        if i and box[0] < lines[i - 1][0][1] - 1:
            problems.append(
                f"{where}: {text!r} starts at {box[0]:.0f}, over the line above "
                f"(ending at {lines[i - 1][0][1]:.0f})"
            )
    return problems


def open_step(edition: Edition, page: Page, lang: str, step: int, present: bool) -> None:
    if edition.live:
        params = "&present=1" if present else ""
        page.goto(f"{edition.base}/story?lang={lang}&step={step}{params}")
    else:
        page.goto(edition.page_url("story", lang, step=str(step)))
    edition.shows_step(page, step, lang)
    if edition.live:
        page.locator(".st-key-story_map_words p").first.wait_for()
        page.wait_for_timeout(300)  # the frame's height, set by the page's CSS
    else:
        page.locator(".step.current .step-map .atlas-legend").wait_for()


@pytest.mark.parametrize("lang", LANGS)
def test_the_story_maps_source_is_whole_and_covers_nothing_at_1280x720(new_context, edition, lang):
    problems = []
    page = new_context(viewport={"width": 1280, "height": 720}).new_page()
    for present in (False, True) if edition.live else (False,):
        for step in MAP_STEPS:
            open_step(edition, page, lang, step, present)
            drawn = page.evaluate(LIVE_JS if edition.live else STATIC_JS)
            mode = "present" if present else "sidebar"
            problems += caption_problems(drawn, f"step {step} ({mode})")
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / f"{edition}-{step}-{mode}-{lang}.png"))
    assert not problems, "\n".join(problems)
