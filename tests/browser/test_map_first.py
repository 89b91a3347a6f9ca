"""The map first, its key in sight, its profile whole: the Map page on both editions.

At 390×844, 768×1024 and 1280×720, in both languages: the top of the map is within the first
40 % of the screen's height (the title is compact, the controls beside or under the map), and
the legend is open wherever the map is at least the rule's width (``geo.maps.map_rules``), folded
on a narrower one, also when a map is resized across it after it was drawn (an embed), and Peru
is framed right of the open legend, which covers no department. The
department's profile never cuts a label, a value or its unit at 768 and 1280 px.
"""

from __future__ import annotations

import pytest
from atlas_ui import LANGS, MAP_IFRAME, RESULTS, wait_idle
from editions import Edition
from playwright.sync_api import Page, expect
from test_edition_journeys import MAP_BOXES_JS  # the map's boxes and Peru's, on both editions

from geo.maps import map_rules

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser2")]

SHOTS = RESULTS / "map-first"
SIZES = {"phone": (390, 844), "tablet": (768, 1024), "projector": (1280, 720)}
TOP_SHARE = 0.4  # the map's top within this share of the screen's height
# Departments whose profile has the longest labels and values (Loreto: 368.852 km²; Lima: the
# most complaints; Cusco: the "Superficie oficial 71.999 …").
LONG_PROFILES = ("16", "15", "08")
# Every text element of the profile that is cut: wider content than its box, or an ellipsis.
CUT_JS = """(root) => {
  const out = [];
  for (const el of root.querySelectorAll('*')) {
    if (!el.offsetParent || el.closest('svg')) continue;
    const style = getComputedStyle(el);
    const text = (el.innerText || '').trim();
    if (!text) continue;
    if (el.scrollWidth > el.clientWidth + 1 && style.overflowX !== 'visible') {
      out.push(`${el.tagName} '${text.slice(0, 50)}': ${el.scrollWidth} > ${el.clientWidth}`);
    } else if (style.textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth) {
      out.push(`${el.tagName} '${text.slice(0, 50)}': ellipsis`);
    }
    if (text.includes('\u2026') && el.children.length === 0) {
      out.push(`${el.tagName} '${text.slice(0, 50)}': an ellipsis in the text`);
    }
  }
  return out;
}"""


def legend_state(edition: Edition, page: Page) -> tuple[float, bool]:
    """(the map's width, whether its legend is open)."""
    return edition.map_frame(page).evaluate(
        """() => { const m = document.querySelector('.leaflet-container');
          return [m.clientWidth, document.querySelector('details.atlas-legend').open]; }"""
    )


@pytest.mark.parametrize("lang", LANGS)
def test_the_map_comes_first_with_its_legend_open_where_it_has_room(new_context, edition, lang):
    problems = []
    for size, (width, height) in SIZES.items():
        page = new_context(
            viewport={"width": width, "height": height}, has_touch=width < 600
        ).new_page()
        edition.open_map(page, lang)
        expect(edition.legend(page)).to_be_visible()
        top = edition.map_element(page).bounding_box()["y"]
        if top > TOP_SHARE * height:
            problems.append(f"{size}: the map starts at y = {top:.0f}, below {TOP_SHARE:.0%}")
        map_width, open_ = legend_state(edition, page)
        if open_ is (map_width < map_rules()["narrow_map_px"]):
            state = "open" if open_ else "folded"
            problems.append(f"{size}: the legend is {state} on a map {map_width} px wide")
        # ... and Peru is framed right of the open legend: it covers no department (at 1280 x 720
        # the live map is 556 px wide, its sidebar open: the legend covered the North Coast).
        edition.settle(page)
        found = edition.map_frame(page).evaluate(MAP_BOXES_JS)
        legend, peru = found["legend"], found["peru"]
        if found["legendOpen"] and peru["left"] < legend["right"]:
            problems.append(
                f"{size}: the open legend (right edge x = {legend['right']:.0f}) covers Peru's"
                f" west (from x = {peru['left']:.0f}) on a map {map_width} px wide"
            )
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{edition}-{size}-{lang}.png"))
    assert not problems, "\n".join(problems)


def test_the_legend_folds_and_opens_with_the_width_of_a_resized_map(new_context, edition):
    """An embed drawn on a phone and widened (or a phone turned) opens its legend; narrowed
    again, folds it: the map decides again across the rule's width."""
    page = new_context(viewport={"width": 390, "height": 844}).new_page()
    edition.watch(page)
    if edition.live:
        page.goto(f"{edition.base}/?embed=true&lang=en&layer=poverty&measure=pct")
        wait_idle(page)
        expect(page.frame_locator(MAP_IFRAME).locator(".atlas-legend")).to_be_attached()
    else:
        page.goto(f"{edition.base}en/embed/map-poverty-pct.html")
        edition.wait_ready(page)
    frame = edition.map_frame(page) if not edition.live else None

    def state() -> tuple[float, bool]:
        inner = frame or page.locator(MAP_IFRAME).first.element_handle().content_frame()
        return inner.evaluate(
            """() => [document.querySelector('.leaflet-container').clientWidth,
                      document.querySelector('details.atlas-legend').open]"""
        )

    narrow = map_rules()["narrow_map_px"]
    width, open_ = state()
    assert width < narrow and not open_, (width, open_)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.wait_for_function("() => innerWidth === 1280")
    deadline_ok = False
    for _ in range(50):  # the frame's resize reaches Leaflet after a frame or two
        width, open_ = state()
        if width >= narrow and open_:
            deadline_ok = True
            break
        page.wait_for_timeout(100)
    assert deadline_ok, f"a map widened to {width} px keeps its legend folded"
    page.set_viewport_size({"width": 390, "height": 844})
    for _ in range(50):
        width, open_ = state()
        if width < narrow and not open_:
            break
        page.wait_for_timeout(100)
    assert width < narrow and not open_, f"a map narrowed to {width} px keeps its legend open"


# The profile is measured at each width of PROFILE_WIDTHS on one load per department: drawn at
# the widest, then the window narrowed (Streamlit folds its sidebar as the window crosses its rule,
# as a fresh load at that width does; the profile's layout is the page's CSS alone).
PROFILE_WIDTHS = ((1280, 720), (768, 1024))
SIDEBAR_RULE = 768  # px: Streamlit folds its sidebar at this window width or narrower
# True once the sidebar is folded (or absent): after the window crossed Streamlit's rule.
SIDEBAR_FOLDED_JS = """() => { const s = document.querySelector('[data-testid="stSidebar"]');
  return !s || s.getBoundingClientRect().width === 0 || s.getBoundingClientRect().right <= 0; }"""
# True once the element's box has stood still for five animation frames.
BOX_STILL_JS = """(el) => new Promise(done => {
  let last = '', same = 0;
  const look = () => { const r = el.getBoundingClientRect();
    const key = [r.left, r.top, r.width, r.height].join(',');
    same = key === last ? same + 1 : 0; last = key;
    if (same >= 5) done(true); else requestAnimationFrame(look); };
  requestAnimationFrame(look);
})"""


@pytest.mark.parametrize("lang", LANGS)
def test_the_profile_cuts_no_label_value_or_unit(new_context, edition, lang):
    problems = []
    width, height = PROFILE_WIDTHS[0]
    page = new_context(viewport={"width": width, "height": height}).new_page()
    for code in LONG_PROFILES:
        page.set_viewport_size({"width": width, "height": height})
        edition.open_map(page, lang, dept=code)
        expect(edition.profile(page)).to_be_visible()
        if edition.live:
            root = page.locator(".st-key-dept_profile").first
            expect(root.locator('[data-testid="stMetric"]').first).to_be_visible()
        else:
            root = page.locator("#profile-body")
            expect(root.locator(".figure").first).to_be_visible()
        for index, (at_width, at_height) in enumerate(PROFILE_WIDTHS):
            if index:
                page.set_viewport_size({"width": at_width, "height": at_height})
                page.wait_for_function(f"() => innerWidth === {at_width}")
                if edition.live and at_width <= SIDEBAR_RULE:
                    page.wait_for_function(SIDEBAR_FOLDED_JS)
                root.evaluate(BOX_STILL_JS)
            cut = root.evaluate(CUT_JS)
            problems += [f"{at_width} px, {code}: {c}" for c in cut]
            if code == LONG_PROFILES[-1]:
                root.scroll_into_view_if_needed()
                SHOTS.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(SHOTS / f"{edition}-profile-{at_width}-{lang}.png"))
    assert not problems, "\n".join(problems)
