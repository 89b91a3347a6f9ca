"""The Back button: one history entry per action, Back restores the view, start-up adds none.

Each test opens a page of the server that is not the atlas first (its health check), so that
"one Back from the first view leaves the atlas" can be seen: the browser returns to that page.
The entries are counted by the browser itself (DevTools' ``Page.getNavigationHistory``): the
page's own ``history.length`` lags behind a ``pushState`` in Chromium now and then.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import pytest
from atlas_ui import choose, click_department, map_frame, url, wait_idle, wait_map, widget
from playwright.sync_api import Page, expect

from geo.i18n import t
from geo.names import department_names

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

BEFORE = "/_stcore/health"  # a page of the same server, outside the atlas
MADRE_DE_DIOS, LORETO, LIMA = "17", "16", "15"


@dataclass(frozen=True)
class View:
    """What the page should show: the map's layer and measure, the profile's department."""

    layer: str
    measure: str
    dept: str | None = None


def history_length(page: Page) -> int:
    """How many entries the tab's history holds, as the browser counts them."""
    session = page.context.new_cdp_session(page)
    try:
        return len(session.send("Page.getNavigationHistory")["entries"])
    finally:
        session.detach()


def wait_history_length(page: Page, wanted: int) -> None:
    """Wait (a little) for the history to hold ``wanted`` entries; an address write may lag."""
    for _ in range(50):
        if history_length(page) >= wanted:
            return
        page.wait_for_timeout(100)


def query(page: Page) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(page.url).query).items()}


def profile_column(page: Page):
    return page.locator('[data-testid="stColumn"]').filter(has=widget(page, "dept"))


def expect_view(page: Page, view: View, lang: str) -> None:
    """The page (map title, measure, profile, department list) and the address show ``view``."""
    wait_idle(page)
    wait_map(page)
    title = map_frame(page).locator(".atlas-title")
    expect(title).to_contain_text(t(f"layer.{view.layer}.title", lang))
    expect(title.locator("p")).to_have_text(t(f"measure.{view.measure}.{view.layer}", lang))
    names = department_names()
    column = profile_column(page)
    combobox = widget(page, "dept").get_by_role("combobox")
    if view.dept is None:
        expect(combobox).to_have_value("")
        for name in names.values():
            expect(column.get_by_role("heading", name=name, exact=True)).to_have_count(0)
    else:
        expect(column.get_by_role("heading", name=names[view.dept], exact=True)).to_be_visible()
        expect(combobox).to_have_value(names[view.dept])
    page.wait_for_url(
        lambda u: (
            (q := {k: v[0] for k, v in parse_qs(urlsplit(u).query).items()}).get("layer")
            == view.layer
            and q.get("measure") == view.measure
            and q.get("dept") == view.dept
            and q.get("lang") == lang
        )
    )


def open_atlas(page: Page, server: str, **params: str) -> int:
    """Open a page outside the atlas, then the atlas; the history's length once it has settled.

    Opening the atlas adds its one entry; its start-up (writing the rest of the view into the
    address) must add none.
    """
    page.goto(server + BEFORE)
    before = history_length(page)
    page.goto(url(server, **params))
    wait_idle(page)
    wait_map(page)
    assert history_length(page) == before + 1, "start-up added a history entry"
    return before + 1


def act(page: Page, entries: int, action, view: View, lang: str) -> int:
    """Do ``action``; it must add exactly one history entry and show ``view``."""
    action()
    expect_view(page, view, lang)
    wait_history_length(page, entries + 1)
    assert history_length(page) == entries + 1, "one action, one history entry"
    return entries + 1


def choose_department(page: Page, code: str) -> None:
    """Pick department ``code`` in the profile's list, by typing its name."""
    name = department_names()[code]
    combobox = widget(page, "dept").get_by_role("combobox")
    combobox.click()
    combobox.fill(name)
    page.get_by_role("option", name=name, exact=True).click()


def test_each_action_is_one_entry_and_back_restores_each_view(page, server):
    lang = "es"  # the browser's language: the bare address carries none
    entries = open_atlas(page, server)  # a bare "/", written out by the atlas
    start = View("complaints", "count")
    expect_view(page, start, lang)

    views = [start]
    steps = [
        (lambda: choose(page, "layer", t("layer.origin", lang)), View("origin", "count")),
        (lambda: choose(page, "measure", t("measure.per_100k", lang)), View("origin", "per_100k")),
        (lambda: click_department(page, MADRE_DE_DIOS), View("origin", "per_100k", MADRE_DE_DIOS)),
        (lambda: click_department(page, LORETO), View("origin", "per_100k", LORETO)),
        (lambda: choose_department(page, LIMA), View("origin", "per_100k", LIMA)),
    ]
    for action, view in steps:
        entries = act(page, entries, action, view, lang)
        views.append(view)

    for view in reversed(views[:-1]):
        page.go_back()
        expect_view(page, view, lang)
        assert history_length(page) == entries, "Back added or removed an entry"

    page.go_back()  # from the first view, one Back leaves the atlas
    page.wait_for_url(lambda u: urlsplit(u).path == BEFORE)


def test_english_address_is_completed_in_place_and_a_page_change_is_one_entry(page, server):
    lang = "en"
    entries = open_atlas(page, server, lang="en")  # only the language: the rest is filled in
    start, poverty = View("complaints", "count"), View("poverty", "pct")
    expect_view(page, start, lang)
    entries = act(
        page, entries, lambda: choose(page, "layer", t("layer.poverty", lang)), poverty, lang
    )
    page.go_back()
    expect_view(page, start, lang)
    page.go_forward()
    expect_view(page, poverty, lang)

    # Another page from the sidebar: one entry (Streamlit's own), its address completed in place.
    nav = page.locator('[data-testid="stSidebarNav"]')
    nav.get_by_role("link", name=t("page.overview", lang)).click()
    page.wait_for_url(lambda u: urlsplit(u).path == "/overview" and "lang=en" in u)
    wait_idle(page)
    wait_history_length(page, entries + 1)
    assert history_length(page) == entries + 1, "a page change, one history entry"
    page.go_back()
    expect_view(page, poverty, lang)
    page.go_back()
    expect_view(page, start, lang)
    page.go_back()
    page.wait_for_url(lambda u: urlsplit(u).path == BEFORE)
    assert history_length(page) == entries + 1


def test_a_data_tab_is_one_entry_runs_alone_and_back_reopens_the_previous_tab(page, server):
    lang = "en"
    page.goto(server + BEFORE)
    entries = history_length(page) + 1
    page.goto(url(server, "data", lang=lang))
    wait_idle(page)
    tables = page.get_by_role("tab", name=t("data.tab.tables", lang))
    quality = page.get_by_role("tab", name=t("data.tab.quality", lang))
    expect(tables).to_have_attribute("aria-selected", "true")
    expect(page.locator('[data-testid="stDataFrame"]').first).to_be_visible()
    # Only the open tab runs: the other tabs' content is not on the page at all.
    heading = page.get_by_text(t("quality.heading.question", lang), exact=True)
    expect(heading).to_have_count(0)
    expect(page.locator('[data-testid="stFileUploader"]')).to_have_count(0)
    assert history_length(page) == entries, "opening the Data page added an entry of its own"

    quality.click()
    expect(heading).to_be_visible()
    page.wait_for_url(lambda u: parse_qs(urlsplit(u).query).get("tab") == ["quality"])
    wait_history_length(page, entries + 1)
    assert history_length(page) == entries + 1, "one tab, one history entry"

    page.go_back()
    expect(tables).to_have_attribute("aria-selected", "true")
    expect(heading).to_have_count(0)
    page.wait_for_url(lambda u: "tab" not in parse_qs(urlsplit(u).query))
    page.go_forward()
    expect(quality).to_have_attribute("aria-selected", "true")
    expect(heading).to_be_visible()
