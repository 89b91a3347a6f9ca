"""The static edition in Chromium, opened through file:// with every other request aborted.

The site is built once for the test run and shared by its workers (conftest.static_site, as
`make site` builds it, press kit included). Each test fails if a page asked for anything
but a file of the site, or threw an error.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import WAIT_MS
from playwright.sync_api import expect
from test_accessibility import AXE_TAGS, FAILING_IMPACTS, _axe_source, describe

from geo.i18n import LANGUAGES, t
from geo.names import department_names
from geo.site.charts import chart_ids
from geo.site.data import view_ids
from geo.site.embed import snippet
from geo.story import STEP_COUNT

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser2")]

PAGES = ("index", "map", "story", "overview", "routes", "justice", "data", "embed")
SIZES = ((390, 844), (768, 1024), (1280, 720), (1440, 900), (1920, 1080))
CUSCO = "08"
EMBEDS = [f"embed/map-{layer}-{measure}.html".replace("_", "-") for layer, measure in view_ids()]
EMBEDS += [f"embed/chart-{cid.replace('_', '-')}.html" for cid in chart_ids()]
EVERY_PAGE = ["index.html"] + [
    f"{lang}/{name}" for lang in LANGUAGES for name in [f"{p}.html" for p in PAGES] + EMBEDS
]
EVERY_PAGE += [f"{lang}/{EMBEDS[0]}?theme=dark" for lang in LANGUAGES]
EVERY_PAGE += [f"{lang}/{EMBEDS[-1]}?theme=dark" for lang in LANGUAGES]


@pytest.fixture(scope="module")
def site(static_site) -> Path:
    return static_site


class Offline:
    """A browser context that may read files only: every other request is aborted and noted."""

    def __init__(self, browser, **options) -> None:
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.context = browser.new_context(
            **{"viewport": {"width": 1400, "height": 1000}, **options}
        )
        self.context.set_default_timeout(WAIT_MS)
        self.context.route(re.compile(r"^(?!file:)"), self._abort)
        self.context.on("page", self._watch)

    def _abort(self, route) -> None:
        self.blocked.append(route.request.url)
        route.abort()

    def _watch(self, page) -> None:
        page.on("pageerror", lambda err: self.errors.append(str(err)))
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)

    def open(self, site: Path, rel: str, viewport: dict | None = None):
        """Open ``rel`` of the site (in a window of ``viewport``'s size, when given); wait until
        its scripts say it is drawn (when it has any)."""
        page = self.context.pages[0] if self.context.pages else self.context.new_page()
        if viewport is not None:
            page.set_viewport_size(viewport)
        path, _, query = rel.partition("?")
        path, _, fragment = path.partition("#")
        url = (
            (site / path).as_uri()
            + (f"?{query}" if query else "")
            + (f"#{fragment}" if fragment else "")
        )
        page.goto(url)
        if page.locator("script[src]").count():
            expect(page.locator("html")).to_have_attribute("data-ready", "true")
        return page

    def close(self) -> None:
        self.context.close()
        assert self.blocked == [], f"the site asked the network for {self.blocked}"
        assert self.errors == [], f"errors in the page: {self.errors}"


# --- the explorer ----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_explorer_draws_switches_toggles_and_opens_cuscos_profile(site, offline, lang):
    browser = offline()
    page = browser.open(site, f"{lang}/map.html")
    departments = page.locator("path.atlas-dept")
    expect(departments).to_have_count(25)
    title = page.locator(".atlas-title h2")
    expect(title).to_have_text(t("layer.complaints.title", lang))

    controls = page.locator("#explorer-controls")
    controls.get_by_text(t("layer.origin", lang), exact=True).click()
    expect(title).to_have_text(t("layer.origin.title", lang))
    controls.get_by_text(t("measure.per_100k", lang), exact=True).click()
    expect(page.locator(".atlas-legend h3").first).to_have_text(t("measure.per_100k.origin", lang))
    assert "layer=origin&measure=per_100k" in page.evaluate("location.hash")

    lima = page.locator("path.atlas-route-lima")
    assert lima.count() > 0
    route_name = page.locator("input[name=route][value=lima] + span").inner_text()
    controls.get_by_text(route_name, exact=True).click()
    expect(lima).to_have_count(0)
    expect(page.locator(".atlas-legend .routes")).not_to_contain_text(route_name)
    assert "lima" not in page.evaluate("location.hash")

    # A click on Cusco's outline (dispatched to it: a route or a place may lie over its centre)
    page.locator(f"path.atlas-dept-{CUSCO}").dispatch_event("click")
    profile = page.locator("#profile-body")
    expect(profile.locator("h2")).to_have_text(department_names()[CUSCO])
    figures = profile.locator(".figure")
    assert figures.count() >= 5
    for i in range(figures.count()):
        if "not-reported" not in (figures.nth(i).get_attribute("class") or ""):
            expect(figures.nth(i).locator(".source")).to_contain_text(t("common.source", lang))
    expect(profile.locator("h3", has_text=t("profile.routes", lang))).to_be_visible()
    assert profile.locator("ul li").count() >= 2
    assert f"dept={CUSCO}" in page.evaluate("location.hash")
    expect(page.locator("#dept-select")).to_have_value(CUSCO)
    # A pointer over a department shows its tooltip (one tooltip bound to the whole layer).
    box = page.locator(f"path.atlas-dept-{CUSCO}").bounding_box()
    at = {"clientX": box["x"] + box["width"] / 2, "clientY": box["y"] + box["height"] / 2}
    page.locator(f"path.atlas-dept-{CUSCO}").dispatch_event("mouseover", at)
    expect(page.locator(".leaflet-tooltip")).to_contain_text(department_names()[CUSCO])

    # the address reproduces the view
    hash_ = page.evaluate("location.hash")
    again = browser.open(site, f"{lang}/map.html{hash_}")
    again.reload()
    expect(again.locator("html")).to_have_attribute("data-ready", "true")
    expect(again.locator(".atlas-title h2")).to_have_text(t("layer.origin.title", lang))
    expect(again.locator("#profile-body h2")).to_have_text(department_names()[CUSCO])
    expect(again.locator("path.atlas-route-lima")).to_have_count(0)
    # Back restores the previous view
    again.locator("#dept-select").select_option("17")
    expect(again.locator("#profile-body h2")).to_have_text(department_names()["17"])
    again.go_back()
    expect(again.locator("#profile-body h2")).to_have_text(department_names()[CUSCO])


@pytest.mark.parametrize(("width", "folded"), [(390, True), (768, False), (1280, False)])
def test_on_a_narrow_map_the_legend_and_source_start_folded_and_open_on_a_tap(
    site, offline, width, folded
):
    """As the live map: below 600 px the boxes fold behind their summaries, so that no box hides
    more than a quarter of the map, and a tap opens them."""
    page = offline(viewport={"width": width, "height": 844}).open(site, "es/map.html")
    expect(page.locator("html")).to_have_attribute("data-ready", "true")
    the_map = page.locator("#atlas-map").bounding_box()
    for box_class, key in (
        ("atlas-legend", "map.legend_summary"),
        ("atlas-source", "map.source_summary"),
    ):
        box = page.locator(f"details.{box_class}")
        expect(box.locator("summary")).to_have_text(t(key, "es"))
        assert box.evaluate("d => d.open") is not folded, (box_class, width)
        if folded:
            area = box.bounding_box()
            share = area["width"] * area["height"] / (the_map["width"] * the_map["height"])
            assert share <= 0.25, (box_class, share)
    if folded:
        legend = page.locator("details.atlas-legend")
        legend.locator("summary").click()
        expect(legend.locator(".atlas-box-body h3").first).to_be_visible()
        assert legend.evaluate("d => d.open")


# --- the deck --------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_deck_goes_from_the_first_step_to_the_last_with_arrow_right_alone(site, offline, lang):
    page = offline(viewport={"width": 1280, "height": 720}).open(site, f"{lang}/story.html")
    html = page.locator("html")
    expect(html).to_have_attribute("data-step", "1")
    for step in range(2, STEP_COUNT + 1):
        page.keyboard.press("ArrowRight")
        expect(html).to_have_attribute("data-step", str(step))
        expect(page.locator(f"#step-{step}")).to_be_visible()
        expect(page.locator("#deck-status")).to_have_text(
            t("story.indicator", lang, step=step, total=STEP_COUNT)
        )
    page.keyboard.press("ArrowRight")  # the last step stays
    expect(html).to_have_attribute("data-step", str(STEP_COUNT))
    assert page.evaluate("location.hash") == f"#step={STEP_COUNT}"
    for key, step in (("Home", 1), ("PageDown", 2), ("Space", 3), ("PageUp", 2), ("End", 8)):
        page.keyboard.press(key)
        expect(html).to_have_attribute("data-step", str(step))
    page.keyboard.press("ArrowLeft")
    expect(html).to_have_attribute("data-step", str(STEP_COUNT - 1))
    expect(page.locator("#deck-full")).to_be_enabled()


@pytest.mark.parametrize(("width", "height"), [(1280, 720), (1920, 1080)])
def test_every_step_of_the_deck_fits_the_screen(site, offline, width, height):
    page = offline(viewport={"width": width, "height": height}).open(site, "en/story.html")
    for step in range(1, STEP_COUNT + 1):
        page.evaluate(f"location.hash = '#step={step}'")
        expect(page.locator("html")).to_have_attribute("data-step", str(step))
        fits = page.evaluate(
            """() => {
              const s = document.querySelector('.step.current');
              const text = s.querySelector('.step-text');
              const r = s.getBoundingClientRect();
              const nav = document.querySelector('.deck-nav').getBoundingClientRect();
              return {words: text.scrollHeight <= text.clientHeight + 1,
                      inside: r.left >= -1 && r.right <= innerWidth + 1 && r.bottom <= nav.top + 1,
                      scroll: document.documentElement.scrollHeight <= innerHeight + 1};
            }"""
        )
        assert fits == {"words": True, "inside": True, "scroll": True}, (step, fits)


def test_the_deck_prints_one_step_per_page(site, offline):
    page = offline(viewport={"width": 1280, "height": 720}).open(site, "es/story.html")
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    pages = re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf)
    assert len(pages) == STEP_COUNT


# --- embeds ----------------------------------------------------------------------------------


@pytest.mark.parametrize("embed", [EMBEDS[0], EMBEDS[-1]])
def test_an_embed_sizes_its_iframe_through_the_snippet(site, offline, tmp_path, embed):
    src = (site / "en" / embed).as_uri()
    host = tmp_path / "host.html"
    host.write_text(
        f'<!doctype html><html lang="en"><title>host</title><body style="width:800px">'
        f"{snippet(src, 'embed', 300)}</body></html>",
        encoding="utf-8",
    )
    browser = offline()
    page = browser.context.new_page()
    page.goto(host.as_uri())
    frame = page.frame_locator("iframe[data-atlas-embed]")
    expect(frame.locator("html")).to_have_attribute("data-ready", "true")
    inner = frame.locator("html").evaluate("e => Math.ceil(e.getBoundingClientRect().height)")
    assert inner > 300
    expect(page.locator("iframe")).to_have_attribute("style", re.compile(rf"height: {inner}px"))


def test_the_dark_theme_is_chosen_in_the_address(site, offline):
    browser = offline()
    page = browser.open(site, f"en/{EMBEDS[0]}?theme=dark")
    expect(page.locator("html")).to_have_class(re.compile("theme-dark"))
    page = browser.open(site, f"en/{EMBEDS[-1]}?theme=dark")
    background = page.locator(".main-svg").first.evaluate("e => getComputedStyle(e).background")
    assert "30, 30, 30" in background


# --- every page: accessibility, screen sizes -------------------------------------------------


def run_axe(page) -> list[dict]:
    """axe-core's violations in the page, as tests/browser/test_accessibility.py runs it.

    ``preload: false``: axe would fetch the stylesheets again with XMLHttpRequest, which Chromium
    refuses from file:// (it reads the styles the page already applied instead).
    """
    page.add_script_tag(content=_axe_source())
    return page.evaluate(
        """async (tags) => {
          const r = await axe.run(document, {runOnly: {type: 'tag', values: tags},
            resultTypes: ['violations'], iframes: false, preload: false});
          return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 5).map(n => ({target: n.target.join(' '),
              html: n.html.slice(0, 200), summary: n.failureSummary}))}));
        }""",
        AXE_TAGS,
    )


A11Y_VIEWPORT = {"width": 1400, "height": 1000}  # Offline's own window


@pytest.fixture(scope="module")
def one_offline(browser):
    """One offline context for the module's page-by-page checks: each page is a new document of
    its own, opened in the window size its test names (file:// pages keep no state: no storage,
    no cookies), and a context's first page costs Chromium twice what the next ones do. Closed,
    and checked, at the end."""
    context = Offline(browser)
    yield context
    context.close()


@pytest.fixture
def offline_page(one_offline):
    """The shared offline context; the test fails if its page asked the network for anything or
    logged an error while the test ran (Offline.close's checks, for this test alone)."""
    blocked, errors = len(one_offline.blocked), len(one_offline.errors)
    yield one_offline
    asked, logged = one_offline.blocked[blocked:], one_offline.errors[errors:]
    assert asked == [], f"the site asked the network for {asked}"
    assert logged == [], f"errors in the page: {logged}"


@pytest.mark.parametrize("rel", EVERY_PAGE)
def test_every_page_has_no_serious_accessibility_violation(site, offline_page, rel):
    page = offline_page.open(site, rel, viewport=A11Y_VIEWPORT)
    violations = [v for v in run_axe(page) if v["impact"] in FAILING_IMPACTS]
    assert not violations, describe(page.main_frame, violations)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_no_page_overflows_horizontally_at_the_five_screen_sizes(
    site, offline_page, lang, width, height
):
    wide = []
    for name in PAGES:
        size = {"width": width, "height": height}
        page = offline_page.open(site, f"{lang}/{name}.html", viewport=size)
        widths = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        if widths[0] > widths[1]:
            wide.append((name, widths))
    assert wide == []


# --- charts on a phone and in a narrow embed -------------------------------------------------

# Each chart page's words as boxes: the title and the source, caveat and notes written around
# the figure, the figure's own box, and the legend's.
_CHART_WORDS_JS = """
() => [...document.querySelectorAll('figure.chart')].map((chart, i) => {
  const box = (el) => { const r = el.getBoundingClientRect();
    return {left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width}; };
  const svg = chart.querySelector('.plot svg.main-svg');
  const legend = chart.querySelector('.plot .legend');
  return {
    index: i,
    figure: svg ? box(svg) : null,
    legend: legend ? box(legend) : null,
    words: [...chart.querySelectorAll('.chart-title, .chart-words p')].map(box),
  };
})
"""


@pytest.mark.parametrize("width", [358, 390])
@pytest.mark.parametrize(
    "rel", ["es/overview.html", "es/embed/chart-purposes.html", "en/embed/chart-age-groups.html"]
)
def test_charts_keep_every_word_inside_on_a_phone_and_in_a_narrow_embed(site, offline, rel, width):
    """At 358 px (a phone's chart, a narrow embed) and 390 px: no horizontal scroll; each chart's
    title, labels, legend, source and caveat inside its box; the legend never over the source."""
    from test_screens import chart_text_problems

    page = offline(viewport={"width": width, "height": 844}).open(site, rel)
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"{rel} scrolls sideways at {width} px: {widths}"
    problems = chart_text_problems(page, ".chart .plot")
    for chart in page.evaluate(_CHART_WORDS_JS):
        fig, legend = chart["figure"], chart["legend"]
        assert fig is not None, f"chart {chart['index']} was not drawn"
        if fig["left"] < -1 or fig["right"] > width + 1:
            problems.append(f"chart {chart['index']}: the figure runs past the screen {fig}")
        for word in chart["words"]:
            if word["left"] < -1 or word["right"] > width + 1:
                problems.append(f"chart {chart['index']}: words past the edge {word}")
            if legend and word["top"] < legend["bottom"] - 1 and word["bottom"] > legend["top"]:
                problems.append(f"chart {chart['index']}: the legend over {word}")
    page.screenshot(path=str(Path(site).parent / f"charts-{width}.png"), full_page=True)
    assert not problems, "\n".join(problems)
