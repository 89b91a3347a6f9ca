"""One layout for five screens: every page, both languages, from a phone to a 1080p projector.

One server and one browser for the module. Each page is loaded three times per language: on a
phone (a touch screen), on a tablet, and once at 1920 px wide, then narrowed to 1440 and 1280 px
(the page is measured again once its charts are redrawn for the narrower window: a reader who
narrows the window sees what a fresh load at that width shows; every width stays above the one
where Streamlit folds its sidebar, so the window crosses no layout rule a fresh load would decide).
Each view is saved as test-results/screens/<size>-<page>-<lang>.png to look at. The map
and the Overview are checked at the same five sizes on both editions, by one test
(test_edition_journeys.py: its map_problems measures the map's boxes with _MAP_BOXES_JS here).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from atlas_ui import (
    LANGS,
    RESULTS,
    open_page,
    page_names,
)
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser2")]

SCREENS = {
    "phone": (390, 844),
    "tablet": (768, 1024),
    "projector": (1280, 720),
    "laptop": (1440, 900),
    "full_hd": (1920, 1080),
}
ON_BOTH_EDITIONS = ("map", "overview")  # test_edition_journeys checks these on both editions
PHONE_WIDTH = 640  # Streamlit stacks columns below this width
LEGEND_SHARE = 0.25  # at most this share of the map under the legend
COVER_SHARE = 0.25  # ...and of Peru under the boxes drawn over the map
SHOTS = RESULTS / "screens"
FIND_MAP = "Object.values(window).find(v => { try { return v instanceof L.Map; } catch (e) {} })"

# Every element wider than the viewport or sticking out of it to the right.
_OVERFLOW_JS = """
() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  const scrollers = [document.documentElement, document.body, ...document.querySelectorAll(
    '[data-testid="stMain"], [data-testid="stAppViewContainer"]')];
  for (const el of scrollers) {
    if (el.scrollWidth > el.clientWidth + 1) {
      out.push(`${el.tagName}.${el.getAttribute('data-testid') || ''} scrolls: ` +
               `${el.scrollWidth} > ${el.clientWidth}`);
    }
  }
  if (out.length) {
    for (const el of document.querySelectorAll('[data-testid="stMain"] *')) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.right > width + 1) {
        out.push(`${el.tagName}.${(el.getAttribute('class') || '').slice(0, 60)} ` +
                 `[${el.getAttribute('data-testid') || ''}] right=${Math.round(r.right)}`);
        if (out.length > 12) break;
      }
    }
  }
  return out;
}
"""

# The words of each plotly chart (title, legend, annotations, axis titles), as boxes, with the
# figure's own box: words outside the figure are clipped, words on words are overprinted.
_CHART_TEXT_JS = """
(selector) => {
  const box = (el) => { const r = el.getBoundingClientRect();
    return {left: r.left, top: r.top, right: r.right, bottom: r.bottom,
            width: r.width, height: r.height}; };
  return [...document.querySelectorAll(selector)]
    .filter(c => c.offsetParent !== null)
    .map((chart, i) => {
      const svg = chart.querySelector('svg.main-svg');
      const words = [];
      const add = (kind, el) => {
        const b = box(el);
        if (b.width > 0 && b.height > 0) words.push({kind, ...b});
      };
      chart.querySelectorAll('.infolayer .gtitle').forEach(el => add('title', el));
      chart.querySelectorAll('.infolayer .legend').forEach(el => add('legend', el));
      chart.querySelectorAll('.annotation').forEach(el => add('annotation', el));
      chart.querySelectorAll('.g-xtitle, .g-ytitle').forEach(el => add('axis title', el));
      chart.querySelectorAll('.bartext').forEach(el => add('bar label', el));
      chart.querySelectorAll('.textpoint').forEach(el => add('point label', el));
      return {index: i, figure: svg ? box(svg) : null, container: box(chart), words};
    });
}
"""

_MAP_BOXES_JS = (
    """
() => {
  const box = (el) => { if (!el) return null; const r = el.getBoundingClientRect();
    return {left: r.left, top: r.top, right: r.right, bottom: r.bottom,
            width: r.width, height: r.height}; };
  const map = FIND_MAP;
  let peru = null;
  map.eachLayer(layer => {
    const p = layer.feature && layer.feature.properties;
    if (!p || !p.department_code || !layer._path) return;
    const r = layer._path.getBoundingClientRect();
    peru = peru ? {left: Math.min(peru.left, r.left), top: Math.min(peru.top, r.top),
                   right: Math.max(peru.right, r.right), bottom: Math.max(peru.bottom, r.bottom)}
                : {left: r.left, top: r.top, right: r.right, bottom: r.bottom};
  });
  const legend = document.querySelector('.atlas-legend');
  return {
    map: box(map.getContainer()),
    peru,
    legend: box(legend),
    legendOpen: legend && legend.tagName === 'DETAILS' ? legend.open : null,
    boxes: [...document.querySelectorAll('.atlas-box')].map(box),
  };
}
"""
).replace("FIND_MAP", FIND_MAP)


def _area(b: dict) -> float:
    return max(0.0, b["right"] - b["left"]) * max(0.0, b["bottom"] - b["top"])


def _overlap(a: dict, b: dict) -> float:
    return _area(
        {
            "left": max(a["left"], b["left"]),
            "top": max(a["top"], b["top"]),
            "right": min(a["right"], b["right"]),
            "bottom": min(a["bottom"], b["bottom"]),
        }
    )


def chart_text_problems(page: Page, charts: str = '[data-testid="stPlotlyChart"]') -> list[str]:
    """Chart words that overlap each other or stick out of their figure, described.

    ``charts``: a CSS selector of the charts' containers (the static edition's: ``.chart .plot``).
    """
    problems = []
    for chart in page.evaluate(_CHART_TEXT_JS, charts):
        fig = chart["figure"]
        if fig is None:
            problems.append(f"chart {chart['index']}: no figure drawn")
            continue
        if fig["right"] > chart["container"]["right"] + 1:
            problems.append(f"chart {chart['index']}: figure wider than its container")
        words = chart["words"]
        for w in words:
            if (
                w["left"] < fig["left"] - 1
                or w["right"] > fig["right"] + 1
                or w["top"] < fig["top"] - 1
                or w["bottom"] > fig["bottom"] + 1
            ):
                problems.append(f"chart {chart['index']}: {w['kind']} outside the figure {w}")
        for i, a in enumerate(words):
            for b in words[i + 1 :]:
                if a["kind"] == b["kind"] == "bar label":
                    continue
                if _overlap(a, b) > 2:
                    problems.append(f"chart {chart['index']}: {a['kind']} over {b['kind']}")
    return problems


def wait_charts(page: Page) -> None:
    """Wait until every chart on the page has drawn its figure (Streamlit shows a skeleton while
    it loads plotly)."""
    expect(page.locator('[data-testid="stMain"] [data-testid^="stSkeleton"]')).to_have_count(0)
    charts = page.locator('[data-testid="stPlotlyChart"]')
    for i in range(charts.count()):
        expect(charts.nth(i).locator("svg.main-svg").first).to_be_attached()
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def save_whole_page(page: Page, path: Path, limit: int = 8000) -> None:
    """A screenshot of the whole page: Streamlit scrolls its main block, not the document, so the
    viewport is made as tall as the page for the picture (widths, and so the layout, unchanged)."""
    size = page.viewport_size
    tall = page.evaluate("document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size(
        {"width": size["width"], "height": min(max(tall, size["height"]), limit)}
    )
    page.screenshot(path=str(path))
    page.set_viewport_size(size)


# Each context is loaded fresh at its first size and narrowed through the others (widest first:
# a chart not yet redrawn for the narrower window is wider than its box, which _REDRAWN_JS waits
# out); the phone and the tablet are at or below Streamlit's sidebar rule, so each loads fresh.
LOADS = (("phone",), ("tablet",), ("full_hd", "laptop", "projector"))
# True once every visible chart's figure fits its box again after the window was narrowed.
_REDRAWN_JS = """
() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
  .filter(c => c.offsetParent !== null)
  .every(c => { const svg = c.querySelector('svg.main-svg');
    return svg && svg.getBoundingClientRect().right <= c.getBoundingClientRect().right + 1; })
"""


def _fit_problems(page: Page, where: str) -> list[str]:
    wait_charts(page)
    problems = [f"{where}: {p}" for p in page.evaluate(_OVERFLOW_JS)]
    return problems + [f"{where}: {p}" for p in chart_text_problems(page)]


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_fits_the_screen(new_context, server, lang):
    SHOTS.mkdir(parents=True, exist_ok=True)
    problems = []
    for screens in LOADS:
        width, height = SCREENS[screens[0]]
        phone = width < PHONE_WIDTH
        page = new_context(viewport={"width": width, "height": height}, has_touch=phone).new_page()
        for name in [n for n in page_names() if n not in ON_BOTH_EDITIONS]:
            for index, screen in enumerate(screens):
                width, height = SCREENS[screen]
                if index == 0:
                    page.set_viewport_size({"width": width, "height": height})
                    open_page(page, server, name, lang=lang)
                else:
                    page.set_viewport_size({"width": width, "height": height})
                    page.wait_for_function(f"() => innerWidth === {width}")
                    page.wait_for_function(_REDRAWN_JS, polling="raf")
                problems += _fit_problems(page, f"{screen} {name}/{lang}")
                save_whole_page(page, SHOTS / f"{screen}-{name}-{lang}.png")
    assert not problems, "\n".join(problems)


def test_exported_charts_keep_their_words_apart_and_inside(new_context):
    """The figures PNG exports draw (title, source and caveat inside, PNG_WIDTH wide), drawn by
    plotly.js in the browser: no word on another, none cut at the figure's edge."""
    import plotly

    from geo.charts import CHARTS, PNG_WIDTH

    bundle = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    page = new_context(viewport={"width": PNG_WIDTH + 40, "height": 900}).new_page()
    page.set_content("<html><body style='margin:0'></body></html>")
    page.add_script_tag(path=str(bundle))
    problems = []
    for chart_id, spec in CHARTS.items():
        for lang in LANGS:
            fig = spec.figure(lang)
            page.evaluate(
                """async ([fig, width]) => {
                  document.body.innerHTML = '<div data-testid="stPlotlyChart"></div>';
                  const div = document.body.firstChild;
                  fig.layout.width = width;
                  await Plotly.newPlot(div, fig.data, fig.layout, {staticPlot: true});
                }""",
                [json.loads(fig.to_json()), PNG_WIDTH],
            )
            titles = page.locator(".infolayer .gtitle")
            expect(titles).to_have_count(1)
            named = page.locator(".annotation")
            assert named.count() >= 2, f"{chart_id}/{lang}: the export lost its source and caveat"
            problems += [f"{chart_id}/{lang}: {p}" for p in chart_text_problems(page)]
    assert not problems, "\n".join(problems)
