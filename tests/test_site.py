"""The static edition (geo.site): what `make site` writes, its links, sizes, escaping and embeds.

The site is built once per test run (tests/conftest.py's ``built_site``), as `make site` builds it.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest

from geo.boundaries import read_boundaries
from geo.exports import external_references
from geo.i18n import LANGUAGES, t
from geo.site import data as site_data
from geo.site.build import MARKER, BuildReport, build_site
from geo.site.charts import chart_ids
from geo.site.embed import SIZER_JS, snippet, static_chart_snippet, static_map_snippet, static_url
from geo.site.html import (
    OWN_ASSETS,
    data_script,
    data_script_later,
    json_script,
    read_data_script,
)
from geo.urls import iframe_code
from geo.views import ROUTE_IDS, MapView, prepare_map

ROOT = Path(__file__).resolve().parent.parent
PAGES = ("index", "map", "story", "overview", "routes", "justice", "data", "embed")
SITE_BUDGET_BYTES = 15_000_000
EXPLORER_BUDGET_BYTES = 600_000  # without the shared Leaflet
HOSTILE = '</script><script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture(scope="module")
def site(built_site) -> BuildReport:
    """What the build wrote: tests/conftest.py's ``built_site``, built once per test run as `make
    site` builds it (press kit included; the chart images under the preview cards are blank,
    kaleido is tested in tests/test_charts.py)."""
    report = BuildReport(built_site)
    for path in sorted(built_site.rglob("*")):
        if path.is_file():
            report.files[path.relative_to(built_site).as_posix()] = path.stat().st_size
    return report


class _Refs(HTMLParser):
    """Every src and href of a page, and the script elements' text."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("src", "href") and value is not None:
                self.refs.append(value)


def _refs(path: Path) -> list[str]:
    parser = _Refs()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.refs


def test_every_page_is_written_in_both_languages_with_embeds_for_every_view_and_chart(site):
    out = site.out
    assert (out / "index.html").is_file() and (out / MARKER).is_file()
    for lang in LANGUAGES:
        for name in PAGES:
            assert (out / lang / f"{name}.html").is_file(), (lang, name)
        for layer, measure in site_data.view_ids():
            embed = out / lang / "embed" / f"map-{layer}-{measure}.html".replace("_", "-")
            assert embed.is_file(), embed
        for chart_id in chart_ids():
            assert (out / lang / "embed" / f"chart-{chart_id.replace('_', '-')}.html").is_file()
    assert len(chart_ids()) == 8


def _bundle_data(site, lang: str) -> tuple[dict, dict, str]:
    """The outlines, the language's data and the code that a language's map bundle and its later
    part hold; the later part holds the deferred keys and nothing else."""
    text = (site.out / "assets" / site_data.map_bundle(lang)).read_text("utf-8")
    later = (site.out / "assets" / site_data.map_bundle_later(lang)).read_text("utf-8")
    *lines, code = text.split("\n", 2)
    now = read_data_script("".join(f"{line}\n" for line in lines))
    assert list(now) == [site_data.GEO_NAME, site_data.DATA_NAME]
    assert not set(now[site_data.GEO_NAME]) & set(site_data.GEO_DEFERRED)
    assert not set(now[site_data.DATA_NAME]) & set(site_data.DATA_DEFERRED)
    found = read_data_script("".join(f"{line}\n" for line in lines) + later)
    assert set(found[site_data.GEO_NAME]) - set(now[site_data.GEO_NAME]) == set(
        site_data.GEO_DEFERRED
    )
    assert set(found[site_data.DATA_NAME]) - set(now[site_data.DATA_NAME]) == set(
        site_data.DATA_DEFERRED
    )
    assert later.count("\n") == len(site_data.GEO_DEFERRED) + len(site_data.DATA_DEFERRED)
    return found[site_data.GEO_NAME], found[site_data.DATA_NAME], code


def test_leaflet_and_plotly_are_written_once_and_each_language_has_one_map_bundle(site):
    names = [Path(p).name for p in site.files]
    assert names.count("leaflet.js") == 1
    assert names.count("plotly.min.js") == 1
    # the map's code reaches the site inside the bundles only, the explorer's inside its page
    assert "atlas-map.js" not in names and "explorer.js" not in names
    for lang in LANGUAGES:
        refs = _refs(site.out / lang / "map.html")
        assert "../assets/leaflet/leaflet.js" in refs
        assert f"../assets/{site_data.map_bundle(lang)}" in refs
        geo, data, code = _bundle_data(site, lang)
        assert len(geo["departments"]["features"]) == 25
        assert '"coordinates"' not in json.dumps(data)  # the outlines once in each bundle
        assert code == (OWN_ASSETS / "atlas-map.js").read_text("utf-8")
        # every page with a map loads the same bundle, and its later part but the explorer,
        # whose map asks for it (atlas-map.js, later)
        for page in ("map.html", "story.html", "routes.html", "embed/map-complaints-count.html"):
            html = (site.out / lang / page).read_text("utf-8")
            assert html.count(site_data.map_bundle(lang)) == 1, page
            later = site_data.map_bundle_later(lang)
            assert html.count(later) == (page != "map.html"), page


def test_every_link_is_relative_and_reaches_a_file_of_the_site(site):
    for rel in site.files:
        if not rel.endswith(".html"):
            continue
        page = site.out / rel
        for ref in _refs(page):
            parts = urlsplit(ref)
            assert not parts.scheme and not parts.netloc and not ref.startswith("/"), (rel, ref)
            if not parts.path:
                continue  # a fragment of the page itself
            target = (page.parent / parts.path).resolve()
            assert target.is_file(), f"{rel} links to {ref}, which is not in the site"


def test_no_page_stylesheet_or_script_of_ours_refers_to_another_host(site):
    vendored = ("assets/leaflet/", "assets/plotly.min.js")
    for rel in site.files:
        if rel.startswith(vendored) or not rel.endswith((".html", ".css", ".js")):
            continue
        text = (site.out / rel).read_text(encoding="utf-8")
        assert external_references(text) == [], rel
        assert "cdn." not in text.lower(), rel


def test_the_site_and_the_explorer_keep_their_size_budgets(site):
    assert site.total_bytes <= SITE_BUDGET_BYTES, site.total_bytes
    page = site.out / "es" / "map.html"
    loaded = [page] + [
        (page.parent / ref).resolve()
        for ref in _refs(page)
        if ref.endswith((".js", ".css")) and "leaflet/" not in ref
    ]
    assert sum(p.stat().st_size for p in loaded) <= EXPLORER_BUDGET_BYTES


def test_downloads_hold_layers_charts_package_press_kit_and_citation(site):
    for lang in LANGUAGES:
        folder = site.out / "downloads" / lang
        for layer, measure in site_data.view_ids():
            stem = f"atlas-peru-{layer}-{measure}-{lang}".replace("_", "-")
            collection = json.loads((folder / f"{stem}.geojson").read_text("utf-8"))
            assert len(collection["features"]) == 25
            lines = (folder / f"{stem}.csv").read_text("utf-8").splitlines()
            assert len([line for line in lines if not line.startswith("#,")]) == 26
        assert len(list(folder.glob("atlas-peru-*-press-kit.zip"))) == 1
        kit = zipfile.ZipFile(next(folder.glob("*-press-kit.zip")))
        assert "CITATION.txt" in kit.namelist()
        assert t("exports.citation.heading", lang) in (folder / "CITATION.txt").read_text("utf-8")
    package = zipfile.ZipFile(site.out / "downloads" / "peru-trafficking-atlas-data.zip")
    assert "peru-trafficking-atlas-data/datapackage.json" in package.namelist()


def _svg_texts(data: bytes) -> list[str]:
    root = ElementTree.fromstring(data)
    return ["".join(e.itertext()) for e in root.iter("{http://www.w3.org/2000/svg}text")]


def test_every_view_has_its_map_as_the_live_apps_png_and_svg_in_both_languages(site):
    """Each layer, measure and language: a valid PNG and SVG, named as the live app names them,
    the live download of the live map's default view (the six routes, no department): the SVG
    byte for byte (so its title, legend and source texts too), the PNG of the default view too."""
    from PIL import Image

    from ui.loaders import load_map_download

    for lang in LANGUAGES:
        folder = site.out / "downloads" / lang
        for layer, measure in site_data.view_ids():
            stem = f"atlas-peru-{layer}-{measure}-{lang}".replace("_", "-")
            png = (folder / f"{stem}.png").read_bytes()
            image = Image.open(io.BytesIO(png))
            assert image.format == "PNG" and image.size == (2338, 1654), stem
            svg = (folder / f"{stem}.svg").read_bytes()
            live = load_map_download("svg", layer, measure, ROUTE_IDS, None, lang)
            assert svg == live, stem
            view = prepare_map(MapView(layer, measure, ROUTE_IDS, None, lang))
            texts = re.sub(r"\s+", " ", " ".join(_svg_texts(svg)))
            for words in (view.text.title, view.text.source, *view.class_labels):
                assert re.sub(r"\s+", " ", words) in texts, (stem, words)
        png = (folder / f"atlas-peru-complaints-count-{lang}.png").read_bytes()
        assert png == load_map_download("png", "complaints", "count", ROUTE_IDS, None, lang)


def test_the_explorer_and_the_downloads_page_link_every_views_images(site):
    for lang in LANGUAGES:
        explorer = (site.out / lang / "map.html").read_text("utf-8")
        for ext in ("png", "svg"):
            pattern = f'data-pattern="../downloads/{lang}/atlas-peru-{{view}}-{lang}.{ext}"'
            assert pattern in explorer
        refs = set(_refs(site.out / lang / "data.html"))
        for layer, measure in site_data.view_ids():
            stem = f"atlas-peru-{layer}-{measure}-{lang}".replace("_", "-")
            assert {f"../downloads/{lang}/{stem}.png", f"../downloads/{lang}/{stem}.svg"} <= refs


def test_explorer_data_holds_every_view_and_every_profile_with_sources(site):
    _geo, data, _code = _bundle_data(site, "en")
    assert set(data["views"]) == {site_data.view_key(*v) for v in site_data.view_ids()}
    assert len(data["profiles"]) == 25
    cusco = data["profiles"]["08"]
    assert cusco["name"] == "Cusco" and cusco["routes"]["lines"]
    assert all(f["source"] for f in cusco["figures"] if not f["note"])  # every figure given
    complaints = data["views"]["complaints/count"]
    assert complaints["fill"]["17"] and complaints["fill"]["01"] is None  # Madre de Dios; Amazonas
    assert complaints["value"]["01"] is None  # not reported is no number, never 0


def test_a_rebuild_replaces_the_site_but_never_a_folder_it_did_not_write(tmp_path):
    other = tmp_path / "mine"
    other.mkdir()
    (other / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(FileExistsError, match="not written by the site builder"):
        build_site(other, langs=("es",), press_kit=False)
    assert (other / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_json_for_scripts_cannot_close_the_script_element():
    text = json_script({"a": HOSTILE, "b": "\u2028"})
    assert "</script" not in text.lower() and "<" not in text and "\u2028" not in text
    assert json.loads(text) == {"a": HOSTILE, "b": "\u2028"}


def test_a_data_script_gives_javascript_the_very_value_it_was_given():
    """The map bundle's data is a JSON.parse of a single-quoted string, its deferred keys parsed on
    first use: quotes, backslashes, escapes, line ends and markup in a text come out in JavaScript
    as they went in, and a deferred key is not parsed before a script reads it."""
    text = {
        "markup": HOSTILE,
        "quotes": "it's \"quoted\" \\ and \\' and \\\\'",
        "lines": "one\ntwo\r\u2028\u2029 tab\t",
        "escapes": "\\u003c \\n \\\\ ');alert(1);//",
        "names": "San Martín, Apurímac, Ñuñoa",
        "numbers": [0, -1.5, 1e-7, None, True],
    }
    value = {"now": text, "later": text, "after": [text]}
    deferred = ("later", "after")
    script = data_script("X", value, deferred) + data_script_later("X", value, deferred)
    assert "<" not in script and "\u2028" not in script and script.count("\n") == 3
    node = shutil.which("node")
    assert node, "node (Debian's nodejs, which npm needs for the tests' axe-core) is not installed"
    probe = (
        "var window = {};" + script + "var d = Object.getOwnPropertyDescriptor(window.X, 'later');"
        "var before = typeof d.get === 'function' && !('value' in d);"
        "var all = JSON.parse(JSON.stringify(window.X));"
        "var after = 'value' in Object.getOwnPropertyDescriptor(window.X, 'later');"
        "process.stdout.write(JSON.stringify({before: before, after: after, all: all}))"
    )
    run = subprocess.run(
        [node, "-e", probe],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=30,
        check=True,
    )
    got = json.loads(run.stdout)
    assert got["before"] and got["after"], "a deferred key is parsed on first use, once"
    assert got["all"] == value
    assert read_data_script(script) == {"X": value}
    with pytest.raises(ValueError, match="must be a word"):
        data_script_later("X", {"a b": 1}, deferred=("a b",))


def test_texts_from_the_data_are_escaped_in_the_deck_and_the_explorer_data(monkeypatch):
    import geo.story
    from geo.profile import Profile, ProfileFigure
    from geo.site import deck
    from geo.site.html import render

    monkeypatch.setattr(geo.story, "conclusions", lambda lang: [HOSTILE, "ok"])
    boundaries = read_boundaries()
    prepared = site_data.prepared_views("en", boundaries)
    html = render(deck.deck_page("en", prepared))
    assert "<img src=x" not in html and '<script>alert("x")' not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html

    def hostile_profile(code, lang, boundaries=None):
        return Profile(code, HOSTILE, [ProfileFigure(HOSTILE, HOSTILE, HOSTILE)], [HOSTILE])

    monkeypatch.setattr(site_data, "department_profile", hostile_profile)
    script = data_script("X", site_data.language_data("en", prepared, boundaries))
    assert "<" not in script and "\u2028" not in script
    assert HOSTILE in read_data_script(script)["X"]["profiles"]["08"]["name"]


def test_the_snippet_sizes_its_own_iframe_from_the_embed_pages_message():
    code = snippet("https://example.org/atlas/es/embed/chart-purposes.html", 'a "title"', 560)
    assert ' src="https://example.org/atlas/es/embed/chart-purposes.html"' in code
    assert 'title="a &#34;title&#34;"' in code and "data-atlas-embed" in code
    assert SIZER_JS in code and "e.source" in SIZER_JS and "atlas-embed:height" in SIZER_JS
    assert code == iframe_code(  # the live app's snippet: both editions size their iframes alike
        "https://example.org/atlas/es/embed/chart-purposes.html", 'a "title"', 560
    )
    embed_js = (ROOT / "geo" / "site" / "assets" / "embed.js").read_text(encoding="utf-8")
    assert "atlas-embed:height" in embed_js and "postMessage" in embed_js


def test_static_snippets_name_the_published_view_under_a_sub_path():
    base = "https://example.org/reports/atlas/"
    code = static_map_snippet(base, "poverty", "count", "en", ["lima"], "17", theme="dark")
    # poverty has no count: its own measure; routes and department in the fragment, as the
    # explorer writes them
    assert (
        'src="https://example.org/reports/atlas/en/embed/map-poverty-pct.html?theme=dark#routes=lima&amp;dept=17"'
        in code
    )
    code = static_map_snippet(base, "upload", None, "es")
    assert "es/embed/map-complaints-count.html" in code
    code = static_chart_snippet(base, "justice_funnel", "es")
    assert "https://example.org/reports/atlas/es/embed/chart-justice-funnel.html" in code


def test_the_published_address_comes_from_atlas_static_url(monkeypatch):
    monkeypatch.delenv("ATLAS_STATIC_URL", raising=False)
    assert static_url() is None
    monkeypatch.setenv("ATLAS_STATIC_URL", "https://example.org/atlas")
    assert static_url() == "https://example.org/atlas/"


def test_the_data_page_offers_the_static_embed_code_when_the_site_is_published(monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("ATLAS_STATIC_URL", "https://example.org/atlas/")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params.update({"lang": "en", "tab": "cite"})
    at.run()
    at.switch_page("app_pages/data_page.py").run()
    assert not at.exception, [e.value for e in at.exception]
    codes = [c.value for c in at.code]
    assert any("https://example.org/atlas/en/embed/map-complaints-count.html" in c for c in codes)
    assert any("atlas-embed:height" in c for c in codes)
    assert not any("?embed=true" in c for c in codes)


def test_without_a_published_site_the_data_page_offers_the_live_embed(monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.delenv("ATLAS_STATIC_URL", raising=False)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["tab"] = "cite"
    at.run()
    at.switch_page("app_pages/data_page.py").run()
    assert any("embed=true" in c.value for c in at.code)


def test_every_catalogue_key_the_site_uses_exists_in_both_languages():
    keys = set()
    for path in (ROOT / "geo" / "site").glob("*.py"):
        keys |= set(
            re.findall(r"""\bt\(\s*f?["']((?:site|data)\.[a-z_.]+)["']""", path.read_text("utf-8"))
        )
    assert keys
    for lang in LANGUAGES:
        for key in keys:
            t(key, lang, **{k: "x" for k in ("title", "view", "date", "url")})


def test_the_explorer_draws_its_map_before_the_rest_of_the_page_is_parsed(site):
    """Leaflet and the language's map bundle run in the head, before the stylesheets (they wait for
    neither the stylesheets nor the body); the explorer's code is written right after the map's
    container, so the map is drawn before the profile, the table and the footer are parsed and
    laid out. The page asks for two files only, Leaflet's script and the bundle, its stylesheets
    written into it: each request is time before the departments are drawn (bench: the
    explorer's time to polygons against a bare folium file, which asks for two)."""
    for lang in ("es", "en"):
        page = site.out / lang / "map.html"
        html = page.read_text(encoding="utf-8")
        head, body = html.split("</head>")
        leaflet = head.index("leaflet/leaflet.js")
        assert leaflet < head.index(site_data.map_bundle(lang)) < head.index("<style>")
        # Leaflet's styles and the site's, in the page: no stylesheet is asked for
        assert 'rel="stylesheet"' not in html and "site.css" not in html
        style = head.split("<style>", 1)[1].split("</style>", 1)[0]
        assert ".leaflet-pane" in style and ".explorer" in style
        images = re.findall(r"url\(([^)]+)\)", style)
        assert "../assets/leaflet/images/layers.png" in images
        for image in images:  # Leaflet's images, from the page
            if not image.startswith(("data:", "#")):
                assert (page.parent / image).resolve().is_file(), image
        container = body.index('id="atlas-map"')
        explorer = body.index("window.AtlasMap.create(")
        assert container < explorer < body.index('id="profile-body"')
        assert body.count("<script") == 1 and "<script src" not in body
        fetched = [r for r in _refs(page) if "/assets/" in r and not r.endswith("favicon.png")]
        assert fetched == [
            "../assets/leaflet/leaflet.js",
            f"../assets/{site_data.map_bundle(lang)}",
        ]


def test_a_script_or_stylesheet_that_would_end_its_element_is_refused(tmp_path, monkeypatch):
    from geo.site import html as site_html

    monkeypatch.setattr(site_html, "OWN_ASSETS", tmp_path)
    site_html.own_asset.cache_clear()
    (tmp_path / "bad.js").write_text("var s = '</SCRIPT><b>';", encoding="utf-8")
    (tmp_path / "bad.css").write_text("a { color: red } </style ><b>", encoding="utf-8")
    (tmp_path / "good.js").write_text("var s = 1 < 2;", encoding="utf-8")
    try:
        with pytest.raises(ValueError, match=r"bad\.js"):
            site_html.inline_script("bad.js")
        with pytest.raises(ValueError, match=r"bad\.css"):
            site_html.inline_text("style", "bad.css")
        assert site_html.inline_script("good.js") == "<script>var s = 1 < 2;</script>"
    finally:
        site_html.own_asset.cache_clear()


# Where a text becomes markup or code in a browser, and the decoding that throws on a bad "%".
SINKS = re.compile(
    r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\s*\(|\bnew\s+Function\b"
    r"|\bFunction\s*\(|set(Timeout|Interval)\s*\(\s*[\"'`]|\$\{|decodeURI|unescape\s*\("
)


@pytest.mark.parametrize("script", sorted(p.name for p in OWN_ASSETS.glob("*.js")))
def test_the_site_scripts_read_the_address_with_urlsearchparams_and_write_no_markup(script):
    """The address is the reader's: its hash and query are read with URLSearchParams (which
    never throws on a malformed %-escape, as decodeURIComponent does) and no script has a way
    to turn a text into markup or code. tests/browser/test_static_hash.py tries the pages."""
    code = (OWN_ASSETS / script).read_text(encoding="utf-8")
    code = re.sub(r"/\*.*?\*/|//[^\n]*", "", code, flags=re.DOTALL)  # comments may name them
    assert not SINKS.search(code), (script, SINKS.search(code).group())
    if re.search(r"location\.(hash|search)|location\b(?!\.href)", code):
        assert "URLSearchParams" in code or "AtlasMap.hashParams(" in code, script


@pytest.mark.parametrize("lang", ["es", "en"])
def test_every_word_of_a_deck_chart_is_drawn_at_the_rooms_size(lang):
    """Axes, ticks, legends, labels and notes of the deck's charts at DECK_FONT_PX (16 px: 14 px
    on a 1280x720 screen, where the slide is drawn at about 0.87; 12 pt on the handout)."""
    from geo.pages.story import story_page
    from geo.site import deck

    small = []

    def walk(node, path):
        if isinstance(node, dict):
            for key, value in node.items():
                number = isinstance(value, (int, float))
                if key == "size" and path.endswith("font") and number and value < deck.DECK_FONT_PX:
                    small.append((path, value))
                walk(value, f"{path}.{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{path}[{i}]")

    charts = [s.chart.chart_id for s in story_page(lang).slides if s.chart is not None]
    assert charts
    for chart_id in charts:
        figure = deck._figure(chart_id, lang)
        assert figure["layout"]["font"]["size"] >= deck.DECK_FONT_PX
        walk(figure, chart_id)
    assert not small, small
