"""Each view's own page of the static edition opens the explorer on that view; a hash still wins.

``<lang>/map-<layer>-<measure>.html`` is the address a crawler can read (and preview) for a view;
the hash (``#layer=…&measure=…&routes=…&dept=…``) keeps the finer state and overrides the path's
view. Opened from ``file://`` (its relative addresses must work there as from any sub-path). The
last test draws a link card from a view page's metadata, as a chat application would, and keeps
the screenshot (``preview-card.png`` in the test's temporary folder) for a look.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest
from playwright.sync_api import expect

from geo.i18n import t
from geo.site.files import view_file

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser2")]

STATE_JS = """
() => {
  const form = document.getElementById("explorer-controls");
  const one = (name) => form.querySelector("input[name=" + name + "]:checked").value;
  return {layer: one("layer"), measure: one("measure"),
          dept: document.getElementById("dept-select").value,
          title: document.querySelector(".atlas-title h2").textContent,
          departments: document.querySelectorAll("path.atlas-dept").length};
}
"""


@pytest.fixture(scope="module")
def site(built_site):
    return built_site  # tests/conftest.py: built once per test process


@pytest.mark.parametrize("lang", ["es", "en"])
def test_a_view_page_opens_the_explorer_on_its_view_and_a_hash_overrides_it(site, offline, lang):
    browser = offline()
    page = browser.open(site, f"{lang}/{view_file('origin', 'per_100k')}")
    state = page.evaluate(STATE_JS)
    assert (state["layer"], state["measure"], state["departments"]) == ("origin", "per_100k", 25)
    assert state["title"] == t("layer.origin.title", lang)
    # opening a view fills in the address with the view shown, in place, as the explorer and the
    # live app do (test_edition_journeys checks that no history entry is added)
    assert page.evaluate("location.hash").startswith("#layer=origin&measure=per_100k")

    page = browser.open(site, f"{lang}/{view_file('origin', 'per_100k')}#dept=08")
    state = page.evaluate(STATE_JS)
    assert (state["layer"], state["measure"], state["dept"]) == ("origin", "per_100k", "08")

    page = browser.open(site, f"{lang}/{view_file('origin', 'per_100k')}#layer=poverty")
    expect(page.locator(".atlas-title h2")).to_have_text(t("layer.poverty.title", lang))
    state = page.evaluate(STATE_JS)
    assert (state["layer"], state["measure"]) == ("poverty", "pct")

    # a change on the page goes into the hash; the language switch keeps path and hash
    page.locator("#explorer-controls").get_by_text(t("layer.complaints", lang), exact=True).click()
    assert "layer=complaints" in page.evaluate("location.hash")
    switch = page.locator("a[data-keep-hash]")
    assert view_file("origin", "per_100k") in switch.get_attribute("href")
    assert "layer=complaints" in switch.get_attribute("href")
    browser.close()


def test_a_chat_card_drawn_from_a_view_pages_metadata(site, offline, tmp_path):
    """What a chat application shows for a link: title, description and image from the head."""
    browser = offline()
    page = browser.open(site, f"en/{view_file('complaints', 'per_100k')}")
    meta = page.evaluate(
        """() => Object.fromEntries(Array.from(document.querySelectorAll(
             'meta[property^="og:"], meta[name^="twitter:"], meta[name="description"]'),
             (m) => [m.getAttribute("property") || m.getAttribute("name"), m.content]))"""
    )
    image = (site / "en" / meta["og:image"]).resolve()
    assert image.is_file()
    card = tmp_path / "card.html"
    fixtures = Path(__file__).resolve().parent.parent / "fixtures"
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(fixtures), autoescape=True)
    html = env.get_template("preview_card.html").render(meta=meta, image=image.as_uri())
    card.write_text(html, encoding="utf-8")
    page.goto(card.as_uri())
    shown = page.locator(".card img")
    expect(shown).to_have_js_property("naturalWidth", 1200)
    expect(page.locator(".card h1")).to_have_text(meta["og:title"])
    page.locator(".card").screenshot(path=str(tmp_path / "preview-card.png"))
    assert (tmp_path / "preview-card.png").stat().st_size > 10_000
    browser.close()
