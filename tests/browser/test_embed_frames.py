"""Embeds a newsroom can paste: the Data page's iframe code in a page of another origin.

The test page is served by a small HTTP server on another loopback port (another origin than the
atlas's), as a news site would serve it. Its iframes must end up as tall as their content at a
phone's and a desktop's width, in light and dark, with no blank band at the top; an unknown chart
must say so.
"""

from __future__ import annotations

import contextlib
import io

import pytest
from atlas_ui import MAP_IFRAME, RESULTS
from editions import news_pages, settled_height
from playwright.sync_api import expect

from geo.urls import (
    CHART_IFRAME_HEIGHT,
    MAP_IFRAME_HEIGHT,
    chart_embed_url,
    embed_id,
    iframe_code,
    map_embed_url,
)

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

WIDTHS = (390, 1280)
TOLERANCE = 3  # px: the iframe's height against its content's
SETTLE_S = 60  # longest wait for an iframe to take its content's height
BLOCK = '[data-testid="stMainBlockContainer"]'
# The content's height as the embedded page measures it, its scroll overflow, and where the
# first element starts (a blank band would push it down).
INNER_JS = f"""() => {{
  const block = document.querySelector('{BLOCK}');
  const main = document.querySelector('[data-testid="stMain"]');
  const visible = [...block.querySelectorAll('[data-testid="stElementContainer"]')]
    .filter(e => e.getBoundingClientRect().height > 0);
  return {{
    content: block ? Math.ceil(block.getBoundingClientRect().height) : 0,
    overflow: main ? main.scrollHeight - main.clientHeight : -1,
    firstTop: visible.length ? visible[0].getBoundingClientRect().top : -1,
    background: getComputedStyle(document.querySelector('.stApp')).backgroundColor,
  }};
}}"""


@pytest.fixture(scope="module")
def host(tmp_path_factory):
    """A tiny web server on another loopback port: a news site's pages (``write(name, html)``)."""
    with news_pages(tmp_path_factory.mktemp("news-site")) as write:
        yield write


def embeds(server: str, lang: str, theme: str, chart: str = "purposes") -> dict[str, str]:
    """The Data page's iframe code for the map and a chart: {iframe id: code}."""
    base = server.rstrip("/") + "/"
    codes = [
        iframe_code(
            map_embed_url(base, lang, {"layer": "poverty"}, theme), "map", MAP_IFRAME_HEIGHT
        ),
        iframe_code(chart_embed_url(base, chart, lang, theme=theme), "chart", CHART_IFRAME_HEIGHT),
    ]
    return {code.split('id="', 1)[1].split('"', 1)[0]: code for code in codes}


def mean_brightness(png: bytes) -> float:
    """The mean grey level (0 black, 255 white) of a PNG image."""
    from PIL import Image, ImageStat

    return ImageStat.Stat(Image.open(io.BytesIO(png)).convert("L")).mean[0]


def wait_drawn(page, map_id: str, chart_id: str) -> None:
    for ident in (map_id, chart_id):
        page.locator(f"#{ident}").scroll_into_view_if_needed()  # lazy iframes load when near
    expect(
        page.frame_locator(f"#{map_id}").frame_locator(MAP_IFRAME).locator(".atlas-legend")
    ).to_be_visible()
    expect(page.frame_locator(f"#{chart_id}").locator(".main-svg").first).to_be_visible()


@pytest.mark.parametrize(("lang", "theme"), [("es", "light"), ("en", "dark")])
def test_embeds_take_their_contents_height_at_every_width(server, host, new_context, lang, theme):
    codes = embeds(server, lang, theme)
    map_id, chart_id = codes
    address = host(f"story-{theme}.html", "\n".join(codes.values()))
    assert address.split("/")[2] not in server  # another origin than the atlas's
    page = new_context(viewport={"width": WIDTHS[0], "height": 844}).new_page()
    page.goto(address)
    wait_drawn(page, map_id, chart_id)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 844 if width < 800 else 900})
        for ident, kind in ((map_id, "map"), (chart_id, "chart")):
            height, state = settled_height(page, ident, INNER_JS, SETTLE_S)
            label = f"{kind} at {width} px, {theme}"
            assert abs(height - state["content"]) <= TOLERANCE, (label, height, state)
            assert state["overflow"] <= TOLERANCE, (label, "scrolls inside", state)
            assert 0 <= state["firstTop"] <= 8, (label, "blank band at the top", state)
            dark = state["background"] == "rgb(30, 30, 30)"
            assert dark == (theme == "dark"), (label, state["background"])
        page.screenshot(path=str(RESULTS / f"embeds-{theme}-{width}.png"), full_page=True)
    if theme == "dark":
        chart = page.frame_locator(f"#{chart_id}").locator(".main-svg").first
        assert "30, 30, 30" in chart.evaluate("e => getComputedStyle(e).backgroundColor")
        box = page.frame_locator(f"#{map_id}").frame_locator(MAP_IFRAME).locator(".atlas-legend")
        assert "30, 30, 30" in box.evaluate("e => getComputedStyle(e).backgroundColor")
        # The data behind the chart is dark too (a table the page styles, not the light grid).
        frame = page.frame_locator(f"#{chart_id}")
        frame.locator('[data-testid="stExpander"] summary').click()
        table = frame.locator('[data-testid="stTable"]').first
        expect(table).to_be_visible()
        # The expander opens with an animation (slower on a loaded machine): judge the table
        # once it has settled, within a few seconds.
        for _ in range(20):
            brightness = mean_brightness(table.screenshot())
            if brightness < 90:
                break
            page.wait_for_timeout(250)
        assert brightness < 90, f"the chart's data table is light ({brightness:.0f})"


def test_an_unknown_chart_says_so_in_a_frame_of_its_size(server, host, new_context):
    src = chart_embed_url(server.rstrip("/") + "/", "nope", "en")
    address = host("unknown.html", iframe_code(src, "chart", CHART_IFRAME_HEIGHT))
    page = new_context(viewport={"width": 390, "height": 844}).new_page()
    page.goto(address)
    frame = page.frame_locator(f"#{embed_id(src)}")
    message = frame.locator('[data-testid="stAlertContainer"]')
    expect(message).to_contain_text("nope")
    expect(message).to_contain_text("purposes")
    expect(frame.locator(".main-svg")).to_have_count(0)
    height, state = settled_height(page, embed_id(src), INNER_JS, SETTLE_S)
    assert abs(height - state["content"]) <= TOLERANCE and height < CHART_IFRAME_HEIGHT / 2
    with contextlib.suppress(Exception):
        page.screenshot(path=str(RESULTS / "embeds-unknown-chart.png"))
