"""The Map page's table tab, share box and keyboard path, and the charts linked to the map, on
both editions and in both languages (tests/browser/editions.py).

- The table tab: one click from the map to the view's values per department; a click on the
  value header sorts them (live: the dataframe's own sorting; static: the header's button, its
  aria-sort following); a department's value is the one its profile shows.
- The share box: "Copy link" puts the view's address on the clipboard and says so in the
  reader's language; "Copy embed code" the embed code of the view (its department too).
- The keyboard: Tab reaches the controls, then the share box and the link past the map, before
  the map; the link moves the focus to the department list.
- Linked views: a department named in the address (carried from the map) is outlined in the
  Overview's charts of departments; a click on a department's bar opens the map on it.
"""

from __future__ import annotations

import math
import re
import time
from urllib.parse import parse_qs, urlsplit

import pytest
from atlas_ui import LANGS, RESULTS, open_page, wait_idle
from editions import Edition
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from geo.i18n import t
from geo.names import department_names

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

SHOTS = RESULTS / "map_tools"
CUSCO, LIMA, MADRE_DE_DIOS = "08", "15", "17"
SKIP_MAP = ".atlas-skip-map"
MOST_STOPS_IN_THE_MAP = 12  # Tab presses from the link past the map to the department list


def _shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


# --- the table tab --------------------------------------------------------------------------


def open_table(edition: Edition, page: Page, lang: str) -> None:
    page.get_by_role("tab", name=t("map.tab.table", lang), exact=True).click()
    if edition.live:
        expect(page.locator(".st-key-view_table")).to_be_visible()
    else:
        expect(page.locator("#panel-table")).to_be_visible()
        expect(page.locator("#atlas-map")).to_be_hidden()


# Glide's grid (st.dataframe) draws on a canvas and keeps its visible cells in an accessible
# table beside it, with the cells' raw values (the numbers underneath; the canvas shows the
# Styler's text): the grid is as tall as its rows, so every row is there.
_LIVE_ROWS_JS = """(grid) => {
  const rows = [...grid.querySelectorAll('table[role=grid] tbody tr')];
  return rows.map(r => [...r.querySelectorAll('td')].map(td => td.textContent.trim()));
}"""


def table_rows(edition: Edition, page: Page) -> list[list[str]]:
    """The table's rows as shown: [department, value, class] each, top to bottom."""
    if edition.live:
        grid = page.locator(".st-key-view_table [data-testid=stDataFrame]")
        expect(grid.locator("table[role=grid] tbody tr")).to_have_count(len(department_names()))
        return [r[-3:] for r in grid.evaluate(_LIVE_ROWS_JS) if len(r) >= 3]
    body = page.locator("#view-table-body tr")
    return [row.locator("th, td").all_inner_texts() for row in body.all()]


def sort_by_value(edition: Edition, page: Page, lang: str, header: str) -> None:
    if edition.live:
        grid = page.locator(".st-key-view_table [data-testid=stDataFrame]")
        box = grid.bounding_box()
        assert box is not None
        headers = grid.locator("table[role=grid] thead th")
        names = [h.strip() for h in headers.all_inner_texts()]  # a sorted one has its arrow
        column = next(i for i, name in enumerate(names) if header in name) - (len(names) - 3)
        # the grid's header row, over the value column (about a third of the width each): a
        # click sorts, in the browser
        page.mouse.click(box["x"] + box["width"] * (column + 0.5) / 3, box["y"] + 17)
    else:
        page.locator("#view-table-head button", has_text=header).click()


def sorted_values(edition: Edition, page: Page, lang: str, descending: bool) -> list:
    """The value column once it reads in order (the live grid's accessible table follows the
    canvas a moment later; a table that never sorts fails here), a missing value the lowest."""
    deadline = time.monotonic() + 10
    while True:
        values = [number(r[1], lang) for r in table_rows(edition, page)]
        keys = [-math.inf if v is None else v for v in values]
        if keys == sorted(keys, reverse=descending) or time.monotonic() > deadline:
            return values
        page.wait_for_timeout(200)


def number(text: str, lang: str) -> float | None:
    """A value as the table writes it ("1.234,5" in Spanish) as a number; None for words."""
    thousands, point = (".", ",") if lang == "es" else (",", ".")
    raw = text.replace("\u00a0", "").replace(" ", "").replace(thousands, "").replace(point, ".")
    return float(raw) if re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", raw) else None


@pytest.mark.parametrize("lang", LANGS)
def test_the_table_tab_shows_the_views_values_sorted_by_a_header(new_context, edition, lang):
    page = new_context(viewport={"width": 1280, "height": 900}).new_page()
    edition.open_map(page, lang, layer="complaints", measure="count", dept=MADRE_DE_DIOS)
    open_table(edition, page, lang)
    names = department_names()
    rows = table_rows(edition, page)
    if not edition.live:  # the live grid shows the rows that fit its height
        assert [r[0] for r in rows] == list(names.values())
    values = {r[0]: r[1] for r in rows}
    # the value the department's profile shows for the layer (live: a metric; static: a card)
    label = t("profile.complaints", lang)
    if edition.live:
        metric = page.locator(".st-key-dept_profile [data-testid=stMetric]").filter(has_text=label)
        shown = metric.locator("[data-testid=stMetricValue]")
    else:
        shown = page.locator("#profile-body .figure").filter(has_text=label).locator(".value")
    expect(shown).to_have_text(values[names[MADRE_DE_DIOS]])
    header = t("measure.count.complaints", lang)
    sort_by_value(edition, page, lang, header)
    if not edition.live:
        th = page.locator("#view-table-head th").nth(1)
        expect(th).to_have_attribute("aria-sort", "ascending")
    # a department without a figure sorts as the lowest value, in both editions
    ascending = sorted_values(edition, page, lang, descending=False)
    lowest = [-math.inf if v is None else v for v in ascending]
    assert lowest == sorted(lowest) and sum(v is not None for v in ascending) >= 5, ascending
    sort_by_value(edition, page, lang, header)
    if not edition.live:
        expect(page.locator("#view-table-head th").nth(1)).to_have_attribute(
            "aria-sort", "descending"
        )
    descending = sorted_values(edition, page, lang, descending=True)
    assert descending[0] == max(v for v in ascending if v is not None), descending
    assert descending[-1] is None, descending
    source = t("layer.complaints.source", lang)
    panel = page.locator(".st-key-view_table" if edition.live else "#panel-table")
    expect(panel).to_contain_text(source)
    expect(panel.get_by_text(t("exports.csv", lang))).to_be_visible()
    _shot(page, f"{edition}-table-{lang}")


# The code of Streamlit's grid (st.dataframe): its own chunk and the Arrow formatting it brings,
# 178 KB compressed of the 339 KB (31 files) a page fetches once it draws a grid.
GRID_CODE = re.compile(r"/static/js/(DataFrame|arrowFormatUtils)\.[^/?]+\.js")


@pytest.mark.parametrize("lang", LANGS)
def test_the_live_map_page_loads_the_tables_grid_only_once_its_tab_is_opened(
    new_context, server, lang
):
    """A visit that never opens the table tab fetches none of the grid's code; opening the tab
    draws the table (ui.view_table.TABS_KEY: the page draws it only while its tab is open)."""
    edition = Edition("live", server)
    context = new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    edition.open_map(page, lang, dept=CUSCO)  # drawn whole: the profile's list, the downloads
    expect(page.get_by_role("tab", name=t("map.tab.table", lang), exact=True)).to_be_visible()
    wait_idle(page)
    assert not [url for url in fetched if GRID_CODE.search(url)], "the first load drew a grid"
    # the keyboard's way to the table: the map's tab, then the arrow key to the table's
    page.get_by_role("tab", name=t("map.tab.map", lang), exact=True).focus()
    page.keyboard.press("ArrowRight")
    table = page.locator(".st-key-view_table [data-testid=stDataFrame]")
    expect(table).to_be_visible()
    expect(page.get_by_role("tab", name=t("map.tab.table", lang), exact=True)).to_be_focused()
    assert [url for url in fetched if GRID_CODE.search(url)], "the table drew no grid"
    edition.wait_view(page, dept=CUSCO)  # the view stays in the address with the table open
    page.get_by_role("tab", name=t("map.tab.map", lang), exact=True).click()
    expect(edition.map_element(page)).to_be_visible()
    expect(table).to_have_count(0)  # the map's tab again: the table is no longer drawn


# --- the share box --------------------------------------------------------------------------


def expected_link(edition: Edition, page: Page, lang: str, **view: str) -> str:
    if edition.live:
        return edition.map_url(lang, **view)
    return page.url


@pytest.mark.parametrize("lang", LANGS)
def test_the_share_box_copies_the_views_link_and_embed_code(new_context, edition, lang):
    context = new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    view = {"layer": "origin", "measure": "per_100k", "routes": "north_coast,lima", "dept": CUSCO}
    edition.open_map(page, lang, **view)
    edition.wait_view(page, **view)
    box = page.locator(".atlas-share")
    status = box.locator(".atlas-share-status")
    box.get_by_role("button", name=t("map.share.link", lang), exact=True).click()
    expect(status).to_have_text(t("map.share.link_copied", lang))
    copied = page.evaluate("navigator.clipboard.readText()")
    expect(box.locator("textarea")).to_have_value(copied)
    parts = urlsplit(copied)
    given = parse_qs(parts.query if edition.live else parts.fragment)
    assert {k: v[0] for k, v in given.items() if k != "lang"} == view, copied
    if edition.live:
        assert given["lang"] == [lang] and copied.startswith(edition.base)
    else:
        assert copied == page.url and f"/{lang}/map" in copied
    _shot(page, f"{edition}-share-{lang}")

    box.get_by_role("button", name=t("map.share.embed", lang), exact=True).click()
    expect(status).to_have_text(t("map.share.embed_copied", lang))
    code = page.evaluate("navigator.clipboard.readText()")
    assert code.startswith("<iframe") and "data-atlas-embed" in code, code
    src = re.search(r'src="([^"]+)"', code).group(1).replace("&amp;", "&")
    if edition.live:
        assert "embed=true" in src and "dept=08" in src and "layer=origin" in src, src
    else:
        assert re.search(r"/embed/map-origin-per-100k\.html#routes=north_coast,lima&dept=08$", src)
        assert src.startswith("file://"), src


# --- the keyboard path ----------------------------------------------------------------------

_ACTIVE_JS = """() => {
  const a = document.activeElement;
  if (!a) return '';
  const key = [...(a.closest('[class*="st-key-"]')?.classList || [])].find(c => c.startsWith('st-key-'));
  return [a.tagName.toLowerCase(), a.id || '', a.className && a.className.baseVal === undefined
    ? String(a.className).split(' ')[0] : '', key || '', (a.textContent || '').trim().slice(0, 30),
    a.getAttribute('role') || '', a.getAttribute('title') || ''].join('|');
}"""


def tab_path(page: Page, presses: int) -> list[str]:
    """What has the focus after each of ``presses`` Tab presses from the top of the page."""
    page.evaluate("document.activeElement && document.activeElement.blur()")  # from the top
    out = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        out.append(page.evaluate(_ACTIVE_JS))
    return out


def first(path: list[str], pattern: str) -> int:
    for i, stop in enumerate(path):
        if re.search(pattern, stop):
            return i
    raise AssertionError(f"no stop matches {pattern!r} in {path}")


@pytest.mark.parametrize("lang", LANGS)
def test_tab_goes_from_the_controls_past_the_map_to_the_department_list(new_context, edition, lang):
    page = new_context(viewport={"width": 1280, "height": 720}).new_page()
    edition.open_map(page, lang)
    path = tab_path(page, 60)
    layer = first(path, r"st-key-layer" if edition.live else r"^input\|.*\|radio|^input\|\|\|")
    skip = first(path, re.escape(t("map.skip_map", lang)[:30]))
    the_map = first(path, r"^iframe\|" if edition.live else r"leaflet-container|atlas-map")
    dept = first(path, r"st-key-dept\b|st-key-dept\|" if edition.live else r"^select\|dept-select")
    share = first(path, re.escape(t("map.share.link", lang)))
    assert layer < share < skip < the_map < dept, path
    assert dept - skip <= MOST_STOPS_IN_THE_MAP + 3, path[skip : dept + 1]
    # the link past the map: the next stop is the department list
    for _ in range(len(path) - skip):
        page.keyboard.press("Shift+Tab")
        if re.search(re.escape(t("map.skip_map", lang)[:30]), page.evaluate(_ACTIVE_JS)):
            break
    expect(page.locator(SKIP_MAP).first).to_be_visible()  # shown while it has the focus
    _shot(page, f"{edition}-skip-map-{lang}")
    page.keyboard.press("Enter")
    focused = page.evaluate(_ACTIVE_JS)
    if edition.live:
        assert "st-key-dept" in focused, focused
    else:
        assert focused.startswith("select|dept-select"), focused


# --- linked views ---------------------------------------------------------------------------

_OUTLINED_JS = """(plot) => {
  const rows = plot.layout.meta.departments;
  return plot._fullData.filter(t => t.type === 'bar' && t.ids).map(t =>
    t.ids.filter((id, i) => (Array.isArray(t.marker.line.width) ? t.marker.line.width[i]
      : t.marker.line.width) > 0));
}"""


def chart(edition: Edition, page: Page, chart_id: str):
    if edition.live:
        block = page.locator(".stPlotlyChart, [data-testid=stPlotlyChart]")
        return block.locator(".js-plotly-plot").nth(_live_index(chart_id))
    return page.locator(f"#chart-{chart_id}")


def _live_index(chart_id: str) -> int:
    from geo.charts import charts_for_page

    return charts_for_page("overview").index(chart_id)


def open_overview(edition: Edition, page: Page, lang: str, **params: str) -> None:
    if edition.live:
        open_page(page, edition.base, "overview", lang=lang, **params)
    else:
        page.goto(edition.page_url("overview", lang, **params))
        edition.wait_ready(page)


@pytest.mark.parametrize("lang", LANGS)
def test_the_chosen_department_is_outlined_and_a_bar_opens_the_map(new_context, edition, lang):
    page = new_context(viewport={"width": 1280, "height": 900}).new_page()
    # chosen on the map, the department goes with the reader to the Overview
    edition.open_map(page, lang, dept=LIMA)
    link = page.get_by_role("link", name=t("page.overview", lang), exact=True).first
    link.click()
    if edition.live:
        page.wait_for_url(re.compile(r"/overview\b"))
        wait_idle(page)
    else:
        edition.wait_ready(page)
    plots = {cid: chart(edition, page, cid) for cid in ("complaints_vs_origin",)}
    plot = plots["complaints_vs_origin"]
    plot.scroll_into_view_if_needed()
    expect(plot.locator(".bars .point").first).to_be_visible()
    outlined = plot.evaluate(_OUTLINED_JS)
    assert outlined and all(ids == [LIMA] for ids in outlined), outlined
    _shot(page, f"{edition}-linked-{lang}")
    # a click on Cusco's bar opens Cusco's profile on the map
    at = plot.evaluate("p => p.layout.meta.departments.indexOf('08')")
    bar = plot.locator(".trace.bars").first.locator(".point").nth(at).locator("path").first
    if edition.live:
        # The page may still move after the switch (the charts below are drawn after this one):
        # the bar is brought into view and measured just before each click. A click that lands
        # while Streamlit replaces the chart is lost; a reader clicks again, and so does the test
        # (at most three times: a bar that never opens the map still fails).
        for attempt in range(3):
            wait_idle(page)
            bar.scroll_into_view_if_needed()
            box = bar.bounding_box()
            assert box is not None
            page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
            try:
                page.wait_for_url(re.compile(r"dept=08"), timeout=20_000)
                break
            except PlaywrightTimeout:
                if attempt == 2:
                    raise
        wait_idle(page)
    else:
        bar.scroll_into_view_if_needed()
        box = bar.bounding_box()
        assert box is not None
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.wait_for_url(re.compile(r"/map\.html#.*dept=08"))
        edition.wait_ready(page)
    expect(edition.profile(page)).to_have_text(department_names()[CUSCO])
