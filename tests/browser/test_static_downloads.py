"""The static edition's map images and embed page in Chromium, through file:// (the downloads on
a local static host) with every other request aborted: the explorer's image links follow the view
and download the file; on the embed
page Copy puts exactly the shown code on the clipboard, and the preview's iframe loads, sizes
itself, and is dark in the dark colours.

The site is the one built once for the test run (tests/conftest.py's built_site, press kit
included; tests/test_site.py checks its files).
"""

from __future__ import annotations

import functools
import http.server
import re
import threading
from pathlib import Path

import pytest
from playwright.sync_api import expect

from geo.i18n import LANGUAGES, t

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser2")]

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
CLIPBOARD = ["clipboard-read", "clipboard-write"]
DARK_BACKGROUND = "rgb(30, 30, 30)"


@pytest.fixture(scope="module")
def site(built_site) -> Path:
    return built_site  # tests/conftest.py: built once per test run


@pytest.fixture(scope="module")
def host(site):
    """The site on a static host: a file server on a free local port (Chromium ignores a link's
    ``download`` between two file:// pages, which it treats as two origins, and opens the image)."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_the_explorers_image_links_follow_the_view_and_download_its_file(site, host, browser):
    context = browser.new_context(accept_downloads=True)
    asked: list[str] = []
    context.route(re.compile(r".*"), lambda route: _only(host, asked, route))
    try:
        page = context.new_page()
        page.goto(host + "en/map.html")
        expect(page.locator("html")).to_have_attribute("data-ready", "true")
        png = page.locator("#view-downloads a", has_text="PNG")
        svg = page.locator("#view-downloads a", has_text="SVG")
        expect(png).to_have_attribute("href", "../downloads/en/atlas-peru-complaints-count-en.png")
        controls = page.locator("#explorer-controls")
        controls.get_by_text(t("layer.origin", "en"), exact=True).click()
        controls.get_by_text(t("measure.per_100k", "en"), exact=True).click()
        stem = "atlas-peru-origin-per-100k-en"
        expect(png).to_have_attribute("href", f"../downloads/en/{stem}.png")
        expect(svg).to_have_attribute("href", f"../downloads/en/{stem}.svg")
        with page.expect_download() as info:
            png.click()
        download = info.value
        assert download.suggested_filename == f"{stem}.png"
        data = Path(download.path()).read_bytes()
        assert data.startswith(PNG_MAGIC)
        assert data == (site / "downloads" / "en" / f"{stem}.png").read_bytes()
    finally:
        context.close()
    assert not [url for url in asked if not url.startswith(host)], asked


def _only(host: str, asked: list[str], route) -> None:
    """Let the site's own requests through; abort and note any other."""
    asked.append(route.request.url)
    if route.request.url.startswith(host):
        route.continue_()
    else:
        route.abort()


def _shown_code(item) -> str:
    return item.locator("pre.snippet:visible code").inner_text()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_copy_and_preview_of_an_embed_light_and_dark(site, offline, lang):
    page = offline(permissions=CLIPBOARD).open(site, f"{lang}/embed.html")
    item = page.locator(".embed-item").first
    status = item.locator(".copy-status")

    item.get_by_role("button", name=t("site.embed.copy", lang)).click()
    expect(status).to_have_text(t("site.embed.copied", lang))
    code = _shown_code(item)
    assert page.evaluate("navigator.clipboard.readText()") == code
    assert 'src="file://' in code and "?theme=dark" not in code

    # The preview: the snippet's iframe, made when opened, sized by the embedded page's message.
    item.locator("details.embed-preview summary").click()
    frame = item.locator(".preview-page iframe")
    expect(frame).to_have_count(1)
    inner = page.frame_locator(".embed-item >> nth=0 >> iframe")
    expect(inner.locator("html")).to_have_attribute("data-ready", "true")
    expect(inner.locator("path.atlas-dept")).to_have_count(25)
    height = inner.locator("html").evaluate("e => Math.ceil(e.getBoundingClientRect().height)")
    expect(frame).to_have_attribute("style", re.compile(rf"height: {height}px"))
    assert height != int(item.locator("details.embed-preview").get_attribute("data-height"))
    light = inner.locator("body").evaluate("e => getComputedStyle(e).backgroundColor")
    assert light != DARK_BACKGROUND

    # Dark: the shown code, the copied code and the preview all change.
    page.get_by_text(t("data.embed_theme.dark", lang), exact=True).click()
    expect(status).to_have_text("")
    item.get_by_role("button", name=t("site.embed.copy", lang)).click()
    expect(status).to_have_text(t("site.embed.copied", lang))
    dark_code = _shown_code(item)
    assert dark_code != code and "?theme=dark" in dark_code
    assert page.evaluate("navigator.clipboard.readText()") == dark_code
    expect(frame).to_have_attribute("src", re.compile(r"\?theme=dark$"))
    expect(inner.locator("html")).to_have_class(re.compile("theme-dark"))
    expect(inner.locator("html")).to_have_attribute("data-ready", "true")
    background = inner.locator("body").evaluate("e => getComputedStyle(e).backgroundColor")
    assert background == DARK_BACKGROUND
    page_around = item.locator(".preview-page").evaluate("e => getComputedStyle(e).backgroundColor")
    assert page_around == DARK_BACKGROUND


def test_without_the_clipboard_api_copy_selects_the_code(site, offline):
    browser = offline()
    browser.context.add_init_script("Object.defineProperty(navigator, 'clipboard', {value: null})")
    page = browser.open(site, "es/embed.html")
    item = page.locator(".embed-item").nth(1)
    item.get_by_role("button", name=t("site.embed.copy", "es")).click()
    expect(item.locator(".copy-status")).to_have_text(
        re.compile(
            re.escape(t("site.embed.copied", "es"))
            + "|"
            + re.escape(t("site.embed.selected", "es"))
        )
    )
    assert page.evaluate("window.getSelection().toString()") == _shown_code(item)
