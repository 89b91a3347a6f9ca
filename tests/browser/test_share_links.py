"""Readers land on the fast edition: the links and embed codes the live app hands out, through
`make serve`'s configuration (`python -m deploy serve`: nginx serving the static edition at
/site/ and proxying one replica, which learns the edition's address from the launcher).

A report view's link and embed code, copied from the live Data page, open the static edition's
page of that view, and its map shows the same view (title, routes, department); an uploaded
layer's open the live app, with a line saying why. A link pasted into a chat is drawn as a card
from what the page's head says to a program that runs no script: the static page's and the live
page's (nginx writes the static page's head into it); the cards are saved as
test-results/preview-card-*.png.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from atlas_ui import MAP_IFRAME, map_frame, shot, url, wait_idle, wait_map, widget
from editions import Edition, news_pages
from playwright.sync_api import Page, expect

from deploy import cli as deploy_cli
from deploy.previews import read_head
from deploy.supervisor import read_state
from devtools.server import free_port
from geo.i18n import t
from geo.routes import ROUTE_IDS
from geo.urls import embed_id

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

ROOT = Path(__file__).resolve().parents[2]
UPLOAD = ROOT / "tests" / "fixtures" / "upload_replicas.csv"
UPLOAD_COLUMN = "albergues"  # the fixture's value column: the uploaded layer's title shows it
LOAD_TIMEOUT = 120_000  # ms
VIEW = {"layer": "origin", "measure": "per_100k", "routes": "north_coast,lima", "dept": "17"}
# A chat application's link card, drawn from the values a previewer reads (filled in as text).
CARD_PAGE = """<!doctype html><html><head><meta charset="utf-8"><style>
body{margin:0;padding:24px;background:#f4f5f7;font:15px/1.4 Arial,"Liberation Sans",sans-serif}
.card{width:520px;border-left:4px solid #0b5394;background:#fff;border-radius:6px;padding:12px;
box-shadow:0 1px 3px #0003}
.site{color:#555;font-size:13px}.title{color:#0b5394;font-weight:bold;margin:4px 0}
.description{color:#222;display:-webkit-box;-webkit-line-clamp:3;-webkit-box-orient:vertical;
overflow:hidden}.url{color:#777;font-size:12px;margin:2px 0 8px}
img{width:100%;border-radius:4px;display:block}</style></head><body>
<p class="message">Mira esto:</p><div class="card"><div class="site"></div><div class="title">
</div><div class="url"></div><div class="description"></div><img alt=""></div></body></html>"""
FILL_CARD_JS = """(v) => {
  const card = document.querySelector('.card');
  card.querySelector('.site').textContent = v.site;
  card.querySelector('.title').textContent = v.title;
  card.querySelector('.url').textContent = v.url;
  card.querySelector('.description').textContent = v.description;
  const img = card.querySelector('img');
  img.alt = v.alt;
  img.src = v.image;
  document.querySelector('.message').textContent = 'Mira esto: ' + v.link;
}"""


@pytest.fixture(scope="module")
def served(built_site):
    """One replica and nginx started by `python -m deploy serve --daemon`, the built static
    edition in --root's site/ (so the replica is told /site/); stopped at the end."""
    # Not pytest's tmp_path: its parents are private, and nginx's workers run as nobody as root.
    folder = Path(tempfile.mkdtemp(prefix="atlas-share-"))
    folder.chmod(0o755)
    root, run = folder / "root", folder / "run"
    shutil.copytree(built_site, root / "site")
    started = subprocess.run(
        [sys.executable, "-m", "deploy", "serve", "--daemon", "--run-dir", str(run),
         "--replicas", "1", "--port", str(free_port()), "--root", str(root)],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
        env={k: v for k, v in os.environ.items() if k != "ATLAS_STATIC_URL"},
    )  # fmt: skip
    try:
        assert started.returncode == 0, started.stdout + started.stderr
        assert "open the static edition at" in started.stdout, started.stdout
        state = read_state(run)
        assert state["static_url"] == "/site/"
        state["folder"] = folder
        yield state
    finally:
        subprocess.run(
            [sys.executable, "-m", "deploy", "stop", "--run-dir", str(run)],
            cwd=ROOT, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert deploy_cli.supervisord_pid(run) is None
        shutil.rmtree(folder, ignore_errors=True)


def _data_page_codes(page: Page, lang: str) -> tuple[str, list[str], list[str]]:
    """Go to the Data page as a reader does (the sidebar: the same session), open the citation
    tab; (the page's text, its link codes, its iframe codes)."""
    page.get_by_role("link", name=t("page.data", lang)).first.click()
    wait_idle(page)
    page.get_by_role("tab", name=t("data.tab.cite", lang)).click()
    wait_idle(page)
    codes = page.locator('[data-testid="stMain"] [data-testid="stCode"] code')
    expect(codes.filter(has_text="<iframe").first).to_be_visible()
    texts = [text.strip() for text in codes.all_inner_texts()]
    links = [text for text in texts if text.startswith("http")]
    frames = [text for text in texts if "<iframe" in text]
    return page.locator('[data-testid="stMain"]').inner_text(), links, frames


def _src(code: str) -> str:
    src = code.split('src="', 1)[1].split('"', 1)[0]
    return src.replace("&amp;", "&")


def test_a_report_view_s_link_and_embed_code_open_its_static_page(served, new_context):
    base, lang = served["url"], "es"
    live, static = Edition("live", base), Edition("static", base + "/site/")
    context = new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    live.open_map(page, lang, **VIEW)
    seen = {
        "title": live.title(page).locator("h2, p").all_inner_texts(),
        "routes": live.legend_routes(page).all_inner_texts(),
        "outlined": live.outlined(page),
    }
    assert seen["outlined"] == ["17"] and len(seen["routes"]) == 2

    routes = ",".join(r for r in ROUTE_IDS if r in VIEW["routes"].split(","))
    name = "map-origin-per-100k.html"
    # The Map page's share box copies the same link and embed code as the Data page offers.
    box = page.locator(".atlas-share")
    box.get_by_role("button", name=t("map.share.link", lang), exact=True).click()
    expect(box.locator(".atlas-share-status")).to_have_text(t("map.share.link_copied", lang))
    copied_link = page.evaluate("navigator.clipboard.readText()")
    box.get_by_role("button", name=t("map.share.embed", lang), exact=True).click()
    expect(box.locator(".atlas-share-status")).to_have_text(t("map.share.embed_copied", lang))
    copied_code = page.evaluate("navigator.clipboard.readText()")
    assert copied_link == f"{base}/site/{lang}/{name}#routes={routes}&dept=17"
    assert _src(copied_code) == f"{base}/site/{lang}/embed/{name}#routes={routes}&dept=17"

    text, links, frames = _data_page_codes(page, lang)
    assert t("data.embed_static", lang, url=f"{base}/site/") in text
    assert links == [copied_link]
    map_code = next(code for code in frames if "/embed/map-" in code)
    assert _src(map_code) == _src(copied_code)

    # The link, opened: the static page of the same view, drawn as the live map drew it.
    opened = context.new_page()
    static.watch(opened)
    opened.goto(links[0])
    static.wait_ready(opened)
    assert urlsplit(opened.url).path == f"/site/{lang}/{name}"
    expect(static.title(opened).locator("h2, p")).to_have_text(seen["title"])
    expect(static.legend_routes(opened)).to_have_text(seen["routes"])
    assert static.outlined(opened) == ["17"]

    # The embed code, pasted into a news site's page (another origin): the same view.
    with tempfile.TemporaryDirectory(prefix="atlas-news-") as folder, news_pages(Path(folder)) as write:
        news = context.new_page()
        static.watch(news)
        news.goto(write("story.html", map_code))
        ident = embed_id(_src(map_code))
        expect(news.frame_locator(f"#{ident}").locator("html")).to_have_attribute(
            "data-ready", "true", timeout=LOAD_TIMEOUT
        )
        frame = static.embedded_map_frame(news, ident)
        assert urlsplit(frame.url).path == f"/site/{lang}/embed/{name}"
        assert frame.locator(".atlas-title").locator("h2, p").all_inner_texts() == seen["title"]
        assert static.outlined(news, frame) == ["17"]


def test_an_uploaded_layer_s_link_and_embed_code_open_the_live_app(served, new_context):
    base, lang = served["url"], "en"
    context = new_context()
    page = context.new_page()
    page.goto(url(base, "data", lang=lang, tab="upload"))
    wait_idle(page)
    widget(page, "upload_file").locator("input[type=file]").set_input_files(str(UPLOAD))
    page.get_by_role("link", name=t("uploads.show_on_map", lang)).click()
    page.wait_for_url(lambda u: "layer=upload" in u)
    wait_idle(page)
    wait_map(page)
    expect(map_frame(page).locator(".atlas-title")).to_contain_text(UPLOAD_COLUMN)

    text, links, frames = _data_page_codes(page, lang)
    assert t("share.live.upload", lang) in text
    assert len(links) == 1 and links[0].startswith(f"{base}/?") and "layer=upload" in links[0]
    map_code = next(code for code in frames if "layer=upload" in code)
    src = _src(map_code)
    assert src.startswith(f"{base}/?") and "embed=true" in src and "/site/" not in src

    opened = context.new_page()  # the link, opened: the live app's map page
    opened.goto(links[0])
    wait_idle(opened, LOAD_TIMEOUT)
    assert urlsplit(opened.url).path == "/"
    expect(opened.locator(MAP_IFRAME).first).to_be_attached(timeout=LOAD_TIMEOUT)


def test_a_chart_alone_link_opens_its_static_embed_page(served, new_context):
    base = served["url"]
    page = new_context().new_page()
    page.goto(url(base, "justice", lang="en"))
    wait_idle(page)
    link = page.get_by_role("link", name=t("site.embed.open", "en")).first
    assert link.get_attribute("href") == f"{base}/site/en/embed/chart-justice-funnel.html"


def _head(address: str) -> dict[str, str]:
    """What a link previewer reads of ``address``: the page as served, no script run."""
    with urllib.request.urlopen(address, timeout=30) as response:
        html = response.read()
    folder = Path(tempfile.mkdtemp(prefix="atlas-head-"))
    try:
        (folder / "page.html").write_bytes(html)
        head = read_head(folder / "page.html")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return {"title": head.title, **{key: content for _, key, content in head.metas}}


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("static", "/site/es/map-origin-count.html"),
        ("live", "/?lang=es&layer=origin&measure=count"),
    ],
)
def test_a_chat_application_draws_the_link_s_card(served, new_context, name, path):
    address = served["url"] + path
    head = _head(address)
    assert head["og:description"] and head["og:title"]
    image = urljoin(address, head["og:image"])
    page = new_context(viewport={"width": 600, "height": 640}).new_page()
    page.set_content(CARD_PAGE)
    page.evaluate(
        FILL_CARD_JS,
        {
            "site": head["og:site_name"],
            "title": head["og:title"],
            "url": urlsplit(address).netloc,
            "description": head["og:description"],
            "image": image,
            "alt": head["og:image:alt"],
            "link": address,
        },
    )
    page.wait_for_function(
        "() => { const i = document.querySelector('.card img'); return i.complete && i.naturalWidth; }"
    )
    assert page.evaluate("document.querySelector('.card img').naturalWidth") == 1200
    expect(page.locator(".card .title")).to_have_text(head["og:title"])
    shot(page, f"preview-card-{name}")
