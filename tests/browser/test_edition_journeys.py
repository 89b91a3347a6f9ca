"""Every journey that needs no server, on both editions: one test function, run on each.

The live app (the session's server) and the static edition (built once for this module, opened
through file://, its embeds read over a loopback HTTP server) go through the same steps and must
show the same things: a view opened from a link; the layer, measure and routes changed with the
controls, the address and the map following; Back and Forward through those changes; the other
language from the page's switch, the view kept; the story stepped through by keys; embeds sizing
themselves in a page of another origin, light and dark; the map and a chart page at five screen
sizes. A tap and a click on a department are in test_two_editions.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import test_screens as screens
from atlas_ui import LANGS, MAP_IFRAME, RESULTS, open_page
from editions import FIND_MAP, Edition, news_pages, serve_folder, settled_height
from playwright.sync_api import Page, expect

from geo.i18n import t
from geo.layers import LAYERS
from geo.maps import map_rules
from geo.names import department_names
from geo.routes import ROUTE_IDS, route_lines
from geo.story import STEP_COUNT
from geo.urls import CHART_IFRAME_HEIGHT, MAP_IFRAME_HEIGHT, embed_id, iframe_code

# In the second browser group (with the static site's modules and test_screens, whose map and
# Overview checks moved here): the two groups run on the two workers of `make test`.
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser2")]

SHOTS = RESULTS / "editions"
MADRE_DE_DIOS, LORETO = "17", "16"
SCREENS = {
    "phone": (390, 844),
    "tablet": (768, 1024),
    "projector": (1280, 720),
    "laptop": (1440, 900),
    "full_hd": (1920, 1080),
}
CHART_PAGE = "overview"
EMBED_WIDTHS = (390, 1280)
TOLERANCE = 3  # px: an iframe's height against its content's
BLANK_BAND = 8  # px: the most an embed may leave blank above its first element


def route_names(lang: str) -> dict[str, str]:
    lines = route_lines()
    return dict(zip(lines["route_id"], lines[f"name_{lang}"], strict=True))


@pytest.fixture(scope="module")
def site(static_site) -> Path:
    return static_site


@pytest.fixture(scope="module")
def site_http(site):
    with serve_folder(site) as base:
        yield base


def expect_map(edition: Edition, page: Page, lang: str, layer: str, measure: str, routes) -> None:
    """The map shows ``layer``/``measure`` (title and subtitle) and the ``routes`` in its legend."""
    title = edition.title(page)
    expect(title.locator("h2")).to_have_text(t(f"layer.{layer}.title", lang))
    expect(title.locator("p")).to_have_text(t(f"measure.{measure}.{layer}", lang))
    names = route_names(lang)
    expect(edition.legend_routes(page)).to_have_text([names[r] for r in routes])


# --- a link, the controls, Back and Forward, the language ----------------------------------------


@pytest.mark.parametrize("lang", ["es", "en"])
def test_a_link_opens_the_view_it_names(new_context, edition, lang):
    routes = ["lima", "south_sierra"]
    view = {
        "layer": "origin",
        "measure": "per_100k",
        "routes": ",".join(routes),
        "dept": MADRE_DE_DIOS,
    }
    page = new_context().new_page()
    edition.open_map(page, lang, **view)
    expect_map(edition, page, lang, "origin", "per_100k", routes)
    expect(edition.profile(page)).to_have_text(department_names()[MADRE_DE_DIOS])
    assert edition.outlined(page) == [MADRE_DE_DIOS]
    assert edition.view(page) == view
    if lang == "es":
        page.screenshot(path=str(_shots() / f"{edition}-link-{lang}.png"))


def test_the_controls_change_the_view_and_back_and_forward_restore_it(new_context, edition):
    """Each change is one history entry, and opening the map none: the address is completed in
    place with the whole view, so that it can be shared as it is; Back from the first view
    leaves the atlas."""
    lang = "es"
    every = list(ROUTE_IDS)
    lima = route_names(lang)["lima"]
    without_lima = [r for r in every if r != "lima"]
    page = new_context().new_page()
    edition.open_map(page, lang)
    start = ("complaints", "count", every, None)
    expect_map(edition, page, lang, *start[:3])
    edition.wait_view(page, layer="complaints", measure="count", routes=",".join(every), dept=None)

    steps = [
        (lambda: edition.choose_layer(page, lang, "origin"), ("origin", "count", every, None)),
        (
            lambda: edition.choose_measure(page, lang, "per_100k"),
            ("origin", "per_100k", every, None),
        ),
        (
            lambda: edition.route_switch(page, lima).click(),
            ("origin", "per_100k", without_lima, None),
        ),
        (
            lambda: edition.choose_department(page, LORETO),
            ("origin", "per_100k", without_lima, LORETO),
        ),
    ]
    views = [start]
    for action, view in steps:
        action()
        shows(edition, page, lang, view)
        views.append(view)
        # a measure the layer does not offer is not offered
        offered = [t(f"measure.{m}", lang) for m in LAYERS[view[0]].measures]
        assert [m.strip() for m in edition.offered_measures(page)] == offered
    edition.route_is_on(page, lima, False)

    for view in reversed(views[:-1]):
        page.go_back()
        shows(edition, page, lang, view)
    edition.route_is_on(page, lima, True)
    page.go_forward()
    shows(edition, page, lang, views[1])
    page.go_back()
    shows(edition, page, lang, start)
    page.go_back()  # from the first view, one Back leaves the atlas
    page.wait_for_url("about:blank")


def shows(edition: Edition, page: Page, lang: str, view: tuple) -> None:
    """The map, the profile and the address show ``view`` (layer, measure, routes, dept)."""
    layer, measure, routes, dept = view
    expect_map(edition, page, lang, layer, measure, routes)
    if dept is None:
        expect(edition.profile(page)).to_have_count(0)
    else:
        expect(edition.profile(page)).to_have_text(department_names()[dept])
    edition.wait_view(page, layer=layer, measure=measure, routes=",".join(routes), dept=dept)


def test_the_language_switch_keeps_the_view(new_context, edition):
    """The page's switch to the other language keeps the map's view, and the story's step."""
    page = new_context().new_page()
    view = {"layer": "poverty", "measure": "pct", "dept": LORETO}
    edition.open_map(page, "es", **view)
    expect(edition.title(page).locator("h2")).to_have_text(t("layer.poverty.title", "es"))
    edition.switch_language(page, "en")
    expect(edition.title(page).locator("h2")).to_have_text(t("layer.poverty.title", "en"))
    expect(edition.title(page).locator("p")).to_have_text(t("measure.pct.poverty", "en"))
    expect(edition.profile(page)).to_have_text(department_names()[LORETO])
    edition.wait_view(page, **view)
    assert edition.language(page) == "en"
    # ...and on the story, the step
    edition.open_story(page, "es", 4)
    edition.shows_step(page, 4, "es")
    edition.switch_language(page, "en")
    edition.shows_step(page, 4, "en")


# --- the story by keys ------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_story_steps_by_keys(new_context, edition, lang):
    """From a link to step 3, or the first step, with the keys a presentation clicker sends; then
    Back and Forward."""
    page = new_context(viewport={"width": 1280, "height": 720}).new_page()
    edition.open_story(page, lang, 3 if lang == "en" else None)
    edition.shows_step(page, 3 if lang == "en" else 1, lang)
    if lang == "en":
        edition.press(page, "Home")
        edition.shows_step(page, 1, lang)
    for key, step in (
        ("ArrowRight", 2),
        ("ArrowRight", 3),
        ("ArrowLeft", 2),
        ("End", STEP_COUNT),
        ("ArrowRight", STEP_COUNT),  # past the last step: nothing moves
        ("Home", 1),
        ("ArrowLeft", 1),  # before the first: nothing moves
        ("PageDown", 2),
    ):
        edition.press(page, key)
        edition.shows_step(page, step, lang)
    # Each step reached is one history entry: Back and Forward walk the steps.
    page.go_back()
    edition.shows_step(page, 1, lang)
    page.go_back()
    edition.shows_step(page, STEP_COUNT, lang)
    page.go_forward()
    edition.shows_step(page, 1, lang)


# --- embeds in a page of another origin ------------------------------------------------------

# The embedded page's content height, scroll overflow and background, as each edition lays it
# out: the live page scrolls in Streamlit's main block, the static page in its document.
LIVE_INNER_JS = """() => {
  const block = document.querySelector('[data-testid="stMainBlockContainer"]');
  const main = document.querySelector('[data-testid="stMain"]');
  return {
    content: block ? Math.ceil(block.getBoundingClientRect().height) : 0,
    overflow: main ? main.scrollHeight - main.clientHeight : -1,
    background: getComputedStyle(document.querySelector('.stApp')).backgroundColor,
    firstTop: Math.min(...[...block.querySelectorAll('[data-testid="stElementContainer"]')]
      .map(e => e.getBoundingClientRect()).filter(r => r.height > 0).map(r => r.top)),
  };
}"""
STATIC_INNER_JS = """() => {
  const root = document.documentElement;
  return {
    content: Math.ceil(root.getBoundingClientRect().height),
    overflow: root.scrollHeight - root.clientHeight,
    background: getComputedStyle(document.body).backgroundColor,
    firstTop: Math.min(...[...document.body.children, ...document.querySelectorAll('main > *')]
      .map(e => e.getBoundingClientRect()).filter(r => r.height > 1 && r.bottom > 0)
      .map(r => r.top)),
  };
}"""
DARK_BACKGROUND = "rgb(30, 30, 30)"
DARK_BOX = "30, 30, 30"  # the dark legend's and figure's background (perhaps with an alpha)
BACKGROUND_JS = "e => getComputedStyle(e).backgroundColor"


@pytest.fixture(scope="module")
def news_site(tmp_path_factory):
    """A news site on another loopback port: ``write(name, html)`` gives the page's address."""
    with news_pages(tmp_path_factory.mktemp("news")) as write:
        yield write


@pytest.mark.parametrize(("lang", "theme"), [("es", "light"), ("en", "dark")])
def test_embeds_size_themselves_in_a_page_of_another_origin(
    request, new_context, edition, news_site, lang, theme
):
    if not edition.live:
        edition.http = request.getfixturevalue("site_http")
    sources = {
        "map": edition.map_embed(lang, "poverty", "pct", theme, MADRE_DE_DIOS),
        "chart": edition.chart_embed(lang, "purposes", theme),
    }
    heights = {"map": MAP_IFRAME_HEIGHT, "chart": CHART_IFRAME_HEIGHT}
    code = "\n".join(iframe_code(src, kind, heights[kind]) for kind, src in sources.items())
    address = news_site(f"{edition}-{theme}.html", code)
    for src in sources.values():
        assert src.split("/")[2] != address.split("/")[2], "the same origin as the news site"
    page = new_context(viewport={"width": EMBED_WIDTHS[0], "height": 844}).new_page()
    edition.watch(page)
    page.goto(address)
    ids = {kind: embed_id(src) for kind, src in sources.items()}
    for ident in ids.values():
        page.locator(f"#{ident}").scroll_into_view_if_needed()  # lazy iframes load when near
    outer = page.frame_locator(f"#{ids['map']}")
    inner_map = outer.frame_locator(MAP_IFRAME) if edition.live else outer
    expect(inner_map.locator(".atlas-legend")).to_be_visible()
    expect(page.frame_locator(f"#{ids['chart']}").locator(".main-svg").first).to_be_visible()
    map_frame = edition.embedded_map_frame(page, ids["map"])
    expect(map_frame.locator(".atlas-title h2")).to_have_text(t("layer.poverty.title", lang))
    assert edition.outlined(page, map_frame) == [MADRE_DE_DIOS]
    # the map's boxes and the chart's figure wear the theme too
    backgrounds = [
        map_frame.locator(".atlas-legend").evaluate(BACKGROUND_JS),
        page.frame_locator(f"#{ids['chart']}").locator(".main-svg").first.evaluate(BACKGROUND_JS),
    ]
    assert [DARK_BOX in b for b in backgrounds] == [theme == "dark"] * 2, backgrounds
    script = LIVE_INNER_JS if edition.live else STATIC_INNER_JS
    for width in EMBED_WIDTHS:
        page.set_viewport_size({"width": width, "height": 844 if width < 800 else 900})
        for kind, ident in ids.items():
            height, state = settled_height(page, ident, script)
            label = f"{kind} at {width} px, {theme}"
            assert abs(height - state["content"]) <= TOLERANCE, (label, height, state)
            assert state["overflow"] <= TOLERANCE, (label, "scrolls inside", state)
            assert 0 <= state["firstTop"] <= BLANK_BAND, (label, "blank band at the top", state)
            assert (state["background"] == DARK_BACKGROUND) == (theme == "dark"), (label, state)
        page.screenshot(
            path=str(_shots() / f"{edition}-embeds-{theme}-{width}.png"), full_page=True
        )


# --- five screens -----------------------------------------------------------------------------

# Whether the document (and Streamlit's main area, where there is one) scrolls sideways.
SIDEWAYS_JS = """() => [document.documentElement, document.body,
    ...document.querySelectorAll('[data-testid="stMain"], [data-testid="stAppViewContainer"]')]
  .filter(e => e.scrollWidth > e.clientWidth + 1)
  .map(e => `${e.tagName}.${e.getAttribute('data-testid') || ''}: ${e.scrollWidth} > ${e.clientWidth}`)
"""


# The map's, the legend's, Peru's and the word boxes' rectangles (test_screens' measure), with the
# map found on either edition and the departments by either edition's property.
MAP_BOXES_JS = screens._MAP_BOXES_JS.replace(screens.FIND_MAP, FIND_MAP).replace(
    "!p.department_code", "!(p.department_code || p.code)"
)


def map_problems(edition: Edition, page: Page) -> list[str]:
    """What is wrong with the map on this screen: a legend or boxes hiding too much of it (as
    test_screens measures the live map), a legend folded or open against the rule's width."""
    found = edition.map_frame(page).evaluate(MAP_BOXES_JS)
    problems = []
    share = screens._area(found["legend"]) / screens._area(found["map"])
    if share > screens.LEGEND_SHARE:
        problems.append(f"legend covers {share:.0%} of the map")
    peru = found["peru"]
    covered = sum(screens._overlap(b, peru) for b in found["boxes"]) / screens._area(peru)
    if covered > screens.COVER_SHARE:
        problems.append(f"boxes over the map cover {covered:.0%} of Peru's box")
    # Folded on a map narrower than the rule's width (geo.maps.map_rules), open on a wider one.
    width = found["map"]["width"]
    if found["legendOpen"] is (width < map_rules()["narrow_map_px"]):
        state = "open" if found["legendOpen"] else "folded"
        problems.append(f"the legend is {state} on a map {width:.0f} px wide")
    return problems


@pytest.mark.parametrize("screen", list(SCREENS))
def test_the_map_and_a_chart_page_fit_each_screen(new_context, edition, screen):
    """At each size, in turn in each language: the map and the Overview's charts, without
    sideways scroll, the map whole on the screen with its legend, every chart word inside."""
    width, height = SCREENS[screen]
    index = list(SCREENS).index(screen)
    map_lang, chart_lang = LANGS[index % 2], LANGS[(index + 1) % 2]
    page = new_context(
        viewport={"width": width, "height": height}, has_touch=width < 600
    ).new_page()
    edition.open_map(page, map_lang)
    expect(edition.legend(page)).to_be_visible()
    problems = [f"map/{map_lang}: {p}" for p in page.evaluate(SIDEWAYS_JS)]
    box = edition.map_element(page).bounding_box()
    if box["x"] < -1 or box["x"] + box["width"] > width + 1:
        problems.append(f"map/{map_lang}: the map runs past the screen: {box}")
    problems += [f"map/{map_lang}: {p}" for p in map_problems(edition, page)]

    if edition.live:
        open_page(page, edition.base, CHART_PAGE, lang=chart_lang)
        screens.wait_charts(page)
        charts = '[data-testid="stPlotlyChart"]'
    else:
        page.goto(edition.page_url(CHART_PAGE, chart_lang))
        edition.wait_ready(page)
        charts = ".chart .plot"
    expect(page.locator(charts).first.locator("svg.main-svg").first).to_be_visible()
    label = f"{CHART_PAGE}/{chart_lang}"
    problems += [f"{label}: {p}" for p in page.evaluate(SIDEWAYS_JS)]
    problems += [f"{label}: {p}" for p in screens.chart_text_problems(page, charts)]
    page.screenshot(path=str(_shots() / f"{edition}-{screen}-{CHART_PAGE}.png"))
    assert not problems, "\n".join(problems)


def _shots() -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    return SHOTS
