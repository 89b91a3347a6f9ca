"""Link previews and view addresses of the static edition, and the QR code of the atlas's address.

Every page of the site and every view's own path (``<lang>/map-<layer>-<measure>.html``) has a
description in its language, og: and twitter: metadata, and a 1200 × 630 preview image of at most
300 KB that exists in the site; the QR code on the deck's first and last slides holds the
configured address, module for module (compared with segno's own matrix of that address).
"""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import segno
from PIL import Image

from geo.i18n import LANGUAGES, t
from geo.qr import BORDER, ERROR_LEVEL, atlas_address, qr_figure, qr_svg
from geo.site import data as site_data
from geo.site import previews
from geo.site.build import build_site
from geo.site.embed import STATIC_URL_ENV
from geo.site.files import view_file
from geo.site.html import Page, render
from geo.templating import Markup

BASE = "https://atlas.example.org/site/"
HOSTILE = '"><script>alert(1)</script><meta property="og:title" content="x'


def _blank_chart(chart_id: str, lang: str, scale: float = 2) -> bytes:
    """A blank chart image: the chart cards' own drawing is tested below on a built image."""
    out = io.BytesIO()
    Image.new("RGB", (1920, 1000), "white").save(out, format="PNG")
    return out.getvalue()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The site built once, as published at BASE, without the press kit, and without drawing
    the downloads' map images (a fifth of a build; tests/test_site.py checks them on the shared
    build): each is a placeholder under its own name."""
    from geo import charts
    from geo.downloads import download_name
    from geo.site import downloads

    def map_image_files(prepared):
        return {download_name(kind, prepared): b"not drawn" for kind in downloads.IMAGE_KINDS}

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(STATIC_URL_ENV, BASE)
        mp.setattr(charts, "figure_png", _blank_chart)
        mp.setattr(downloads, "map_image_files", map_image_files)
        return build_site(tmp_path_factory.mktemp("previews") / "site", press_kit=False)


class _Head(HTMLParser):
    """The head's metadata (name or property -> contents), the title, and elements of the body."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, list[str]] = {}
        self.title = ""
        self.in_title = False
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag == "meta" and ("name" in attrs or "property" in attrs):
            key = attrs.get("name") or attrs.get("property")
            self.meta.setdefault(key, []).append(attrs.get("content") or "")
        self.in_title = tag == "title"

    def handle_data(self, data):
        if self.in_title:
            self.title += data

    def handle_endtag(self, tag):
        self.in_title = False


def _head(path: Path) -> _Head:
    parser = _Head()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _pages(site) -> list[str]:
    """The pages a link may point to: not the not-found page (an address nobody shares)."""
    return [
        rel
        for rel in site.files
        if rel.endswith(".html") and rel.split("/")[0] in LANGUAGES and not rel.endswith("/404.html")
    ]


def test_the_folders_entry_page_has_its_preview_too(site):
    head = _head(site.out / "index.html")
    one = {key: values[0] for key, values in head.meta.items()}
    assert one["description"] == t("site.home.intro", "es") and one["og:url"] == BASE
    assert one["og:title"] == head.title and one["twitter:card"] == "summary_large_image"
    image = site.out / one["og:image"].removeprefix(BASE)
    with Image.open(image) as drawn:
        assert drawn.size == (1200, 630)


def test_every_page_and_view_path_has_a_description_metadata_and_a_preview_image(site):
    pages = _pages(site)
    views = [f"{lang}/{view_file(*v)}" for lang in LANGUAGES for v in site_data.view_ids()]
    assert set(views) <= set(pages)
    assert len(pages) == 2 * (8 + 2 * len(site_data.view_ids()) + 8)  # pages, views, embeds
    for rel in pages:
        lang = rel.split("/")[0]
        head = _head(site.out / rel)
        one = {key: values[0] for key, values in head.meta.items() if len(values) == 1}
        assert head.title.strip(), rel
        assert one["description"] and one["og:description"] == one["description"], rel
        assert one["og:title"] == head.title == one["twitter:title"], rel
        assert one["og:type"] == "website" and one["og:site_name"] == t("app.title", lang)
        assert one["og:url"] == BASE + rel, rel
        assert one["og:locale"] == previews.LOCALES[lang]
        assert one["twitter:card"] == "summary_large_image"
        assert one["og:image"] == one["twitter:image"] and one["og:image"].startswith(BASE)
        assert one["og:image:alt"] and one["og:image:alt"] == one["twitter:image:alt"]
        assert len(one["twitter:image:alt"]) <= previews.ALT_CHARS
        assert (one["og:image:width"], one["og:image:height"]) == ("1200", "630")
        image = site.out / one["og:image"].removeprefix(BASE)
        assert image.is_file(), (rel, image)
        assert image.stat().st_size <= previews.MAX_BYTES, image
        with Image.open(image) as drawn:
            assert drawn.size == (1200, 630) and drawn.format == "PNG", image


def test_each_page_describes_itself_in_its_own_language(site):
    for lang in LANGUAGES:
        home = _head(site.out / lang / "index.html").meta["description"][0]
        assert home == t("site.home.intro", lang)
        prepared = site_data.prepared_views(lang, None)
        for layer, measure in site_data.view_ids():
            text = prepared[site_data.view_key(layer, measure)].text
            head = _head(site.out / lang / view_file(layer, measure))
            assert head.meta["description"][0] == t(
                "site.preview.view", lang, title=text.title, view=text.subtitle
            )
            assert text.title in head.title
    es = _head(site.out / "es" / "map.html").meta["description"][0]
    en = _head(site.out / "en" / "map.html").meta["description"][0]
    assert es != en


def test_each_view_path_opens_the_explorer_on_that_view(site):
    for lang in LANGUAGES:
        for layer, measure in site_data.view_ids():
            head = _head(site.out / lang / view_file(layer, measure))
            tags = head.tags
            maps = [a for tag, a in tags if tag == "div" and a.get("id") == "atlas-map"]
            assert maps and maps[0]["data-view"] == f"{layer}/{measure}"
            checked = {
                a["name"]: a["value"] for tag, a in tags if tag == "input" and "checked" in a
            }
            assert (checked["layer"], checked["measure"]) == (layer, measure)
            # the language switch names the same view in the other language
            switch = [a for tag, a in tags if tag == "a" and "data-keep-hash" in a]
            assert switch[0]["href"].endswith(f"/{view_file(layer, measure)}")
            # the shared map bundle is loaded, not copied into the page
            html = (site.out / lang / view_file(layer, measure)).read_text("utf-8")
            assert f"../assets/{site_data.map_bundle(lang)}" in html
            assert "window.ATLAS_DATA=" not in html and "window.ATLAS_GEO=" not in html


def test_every_view_page_and_card_image_is_small(site):
    views = [size for rel, size in site.files.items() if re.search(r"^(es|en)/map-.+\.html$", rel)]
    assert len(views) == 2 * len(site_data.view_ids())
    # each view page inlines its stylesheets (Leaflet's, 14 KB, and the site's) and the
    # explorer's code (the table tab and the share box among it: 63-68 KB, 14-16 KB once
    # compressed); the site's 15 MB is the bench's budget
    assert max(views) <= 72_000
    cards = [size for rel, size in site.files.items() if "/previews/" in rel]
    assert cards and sum(cards) <= 1_500_000


def _page(preview: previews.Preview | None = None) -> Page:
    page = Page(lang="es", file="map-origin-count.html", title=HOSTILE, body=Markup("<p>x</p>"))
    card = previews.Card(HOSTILE, "assets/previews/map-origin-count-es.png", HOSTILE)
    page.preview = preview or previews.preview(page, card, BASE)
    return page


def test_metadata_texts_are_escaped():
    head = _head_text(render(_page()))
    assert head.meta["description"] == [HOSTILE]
    assert head.meta["og:title"] == [HOSTILE]  # one og:title: the hostile one stayed a value
    assert not any(tag == "script" for tag, _ in head.tags)


def _head_text(html: str) -> _Head:
    parser = _Head()
    parser.feed(html)
    return parser


def test_without_a_public_address_the_image_is_relative_and_there_is_no_og_url():
    page = Page(lang="en", file="embed/map-origin-count.html", title="T", body=Markup(""))
    card = previews.Card("D", "assets/previews/map-origin-count-en.png", "A")
    page.preview = previews.preview(page, card, None)
    head = _head_text(render(page))
    assert "og:url" not in head.meta
    assert head.meta["og:image"] == ["../../assets/previews/map-origin-count-en.png"]
    assert head.meta["og:locale:alternate"] == [previews.LOCALES["es"]]


def test_a_map_card_and_a_chart_card_are_drawn_to_size():
    prepared = site_data.prepared_views("en", None)
    drawn = previews.map_image(prepared[site_data.view_key("origin", "per_100k")])
    with Image.open(io.BytesIO(drawn)) as image:
        assert image.size == (1200, 630)
    assert len(drawn) <= previews.MAX_BYTES
    # purposes is a press-kit chart: its image is built (geo/built/charts), no Chromium needed
    chart = previews.chart_image("purposes", "en")
    with Image.open(io.BytesIO(chart)) as image:
        assert image.size == (1200, 630) and image.convert("L").getextrema()[0] < 100
    assert len(chart) <= previews.MAX_BYTES


def test_a_long_text_is_cut_after_a_sentence():
    text = "One sentence here. " * 40
    cut = previews.clip(text, 100)
    assert len(cut) <= 100 and cut.endswith(".")


# --- the QR code ------------------------------------------------------------------------------


def _modules(svg: str) -> list[list[int]]:
    """The dark modules of segno's inline SVG (one path of horizontal runs), as a 0/1 matrix."""
    size = int(re.search(r'viewBox="0 0 (\d+) \d+"', svg).group(1))
    path = re.search(r' d="([^"]+)"', svg).group(1)
    grid = [[0] * size for _ in range(size)]
    x = y = 0.0
    for op, args in re.findall(r"([MmHhVv])([-\d. ]+)", path):
        numbers = [float(n) for n in args.split()]
        if op == "M":
            x, y = numbers
        elif op == "m":
            x, y = x + numbers[0], y + numbers[1]
        elif op == "h":
            for column in range(int(x), int(x + numbers[0])):
                grid[int(y - 0.5)][column] = 1
            x += numbers[0]
        else:
            raise AssertionError(f"unexpected path command {op}")
    inner = size - 2 * BORDER
    return [row[BORDER : BORDER + inner] for row in grid[BORDER : BORDER + inner]]


def test_the_qr_code_holds_the_configured_address(monkeypatch):
    monkeypatch.setenv(STATIC_URL_ENV, "https://atlas.example.org/site")
    address = atlas_address("en")
    assert address == "https://atlas.example.org/site/en/"
    figure = str(qr_figure("en"))
    svg = str(qr_svg(address))
    assert svg in figure
    expected = [list(row) for row in segno.make(address, error=ERROR_LEVEL, micro=False).matrix]
    assert _modules(svg) == expected
    other = [list(row) for row in segno.make(BASE, error=ERROR_LEVEL, micro=False).matrix]
    assert _modules(svg) != other
    assert address in figure and t("qr.caption", "en") in figure


def test_the_qr_svg_is_segnos_markup_only():
    svg = str(qr_svg("https://atlas.example.org/?q=<script>&x=\"'"))
    assert svg.startswith("<svg") and "<script" not in svg and "atlas.example" not in svg


def test_without_a_public_address_there_is_no_qr_code(monkeypatch):
    monkeypatch.delenv(STATIC_URL_ENV, raising=False)
    assert atlas_address("es") is None and str(qr_figure("es")) == ""


def test_the_deck_shows_the_code_on_its_first_and_last_slides_at_a_quarter_of_their_height(site):
    from geo.story import STEP_COUNT

    css = (site.out / "assets" / "site.css").read_text("utf-8")
    height = re.search(r"\.atlas-qr-code \{[^}]*height: (\d+)px", css).group(1)
    assert int(height) >= 720 // 4
    for lang in LANGUAGES:
        html = (site.out / lang / "story.html").read_text("utf-8")
        slides = re.findall(r'<section class="step[^"]*" id="step-(\d+)".*?</section>', html, re.S)
        assert len(slides) == STEP_COUNT
        with_code = re.findall(r'id="step-(\d+)"(?:(?!</section>).)*class="atlas-qr"', html, re.S)
        assert with_code == ["1", str(STEP_COUNT)]
        assert html.count('class="qr-code"') == 2
        assert f"{BASE}{lang}/" in html


def test_a_build_without_a_public_address_says_so_once(monkeypatch):
    from geo.site.build import build_notes

    monkeypatch.delenv(STATIC_URL_ENV, raising=False)
    assert build_notes() == [t("site.build.no_qr", "en")]
    monkeypatch.setenv(STATIC_URL_ENV, BASE)
    assert build_notes() == []


def test_the_live_story_shows_the_code_on_its_first_and_last_steps_only(monkeypatch):
    from geo.qr import qr_for_step
    from geo.story import STEP_COUNT

    monkeypatch.setenv(STATIC_URL_ENV, BASE)
    shown = [n for n in range(1, STEP_COUNT + 1) if qr_for_step(n, "es")]
    assert shown == [1, STEP_COUNT]
    assert f"{BASE}es/" in qr_for_step(1, "es")


def test_the_live_story_page_draws_the_code_on_its_first_step(monkeypatch):
    from streamlit.testing.v1 import AppTest

    from geo.story import STEP_COUNT

    monkeypatch.setenv(STATIC_URL_ENV, BASE)
    root = Path(__file__).resolve().parent.parent
    at = AppTest.from_file(str(root / "app.py"), default_timeout=60)
    at.query_params.update({"lang": "en"})
    at.run()
    at.query_params.update({"lang": "en", "step": "1"})
    at.switch_page("app_pages/story_page.py").run()
    assert not at.exception

    def codes() -> int:
        return sum('class="qr-code"' in h.proto.body for h in at.get("html"))

    assert codes() == 1
    at.button(key="story_next").click().run()
    assert codes() == 0
    at.button(key="story_key_end").click().run()
    assert at.query_params["step"] == str(STEP_COUNT) and codes() == 1
