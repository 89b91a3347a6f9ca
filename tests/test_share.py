"""geo.share: which edition a view's link and embed code open, over every layer, measure,
language and theme; the static edition's addresses are pages a build writes."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from geo.charts import PAGES, charts_for_page
from geo.i18n import LANGUAGES, t
from geo.routes import ROUTE_IDS
from geo.share import LIVE, STATIC, Settings, chart_share, map_share, static_address
from geo.site.data import view_ids
from geo.urls import (
    CHART_IFRAME_HEIGHT,
    MAP_IFRAME_HEIGHT,
    chart_embed_url,
    map_embed_url,
    map_view_url,
)

STATIC_BASE = "https://atlas.example.org/reports/"
PAGE = "https://live.example.org/peru/data?lang=es&tab=cite"  # the live page in the browser
LIVE_BASE = "https://live.example.org/peru/"
PUBLISHED = Settings(static=STATIC_BASE)
NOTHING = Settings(static=None)
VIEWS = [(layer, measure, lang) for layer, measure in view_ids() for lang in LANGUAGES]
CHARTS = [(cid, page) for page in PAGES for cid in charts_for_page(page)]


def _file(text: str) -> str:
    return text.replace("_", "-")


@pytest.mark.parametrize(("layer", "measure", "lang"), VIEWS)
@pytest.mark.parametrize("theme", ["light", "dark"])
def test_a_report_view_opens_the_static_page_of_that_view(layer, measure, lang, theme):
    view = {"layer": layer, "measure": measure, "routes": ["lima", "north_coast"], "dept": "17"}
    shared = map_share(view, lang, PAGE, theme, settings=PUBLISHED)
    name = _file(f"map-{layer}-{measure}.html")
    routes = ",".join(r for r in ROUTE_IDS if r in ("lima", "north_coast"))
    assert shared.edition == STATIC and shared.why is None
    assert shared.link == f"{STATIC_BASE}{lang}/{name}#routes={routes}&dept=17"
    dark = "?theme=dark" if theme == "dark" else ""
    assert shared.embed == f"{STATIC_BASE}{lang}/embed/{name}{dark}#routes={routes}&dept=17"
    assert f'src="{shared.embed}"' in shared.code.replace("&amp;", "&")
    assert shared.title == t(f"layer.{layer}.title", lang)
    assert shared.static == STATIC_BASE


@pytest.mark.parametrize(("layer", "measure", "lang"), VIEWS)
def test_without_the_setting_every_link_is_the_live_app_s_as_before(layer, measure, lang):
    view = {"layer": layer, "measure": measure, "routes": [], "dept": None}
    shared = map_share(view, lang, PAGE, settings=NOTHING)
    assert shared.edition == LIVE and shared.why is None and shared.static is None
    assert shared.embed == map_embed_url(LIVE_BASE, lang, view)
    assert shared.link == map_view_url(LIVE_BASE, lang, view)
    query = parse_qs(urlsplit(shared.link).query)
    assert query == {"lang": [lang], "layer": [layer], "measure": [measure], "routes": ["none"]}
    assert shared.height == MAP_IFRAME_HEIGHT and shared.title == t("app.title", lang)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_uploaded_layer_keeps_the_live_app_and_says_why_in_the_reader_s_language(lang):
    view = {"layer": "upload", "measure": "count", "routes": ["lima"], "dept": "15"}
    shared = map_share(view, lang, PAGE, settings=PUBLISHED)
    assert shared.edition == LIVE and shared.why == t("share.live.upload", lang)
    assert shared.link.startswith(LIVE_BASE + "?") and "layer=upload" in shared.link
    assert shared.embed.startswith(LIVE_BASE + "?") and "embed=true" in shared.embed
    assert STATIC_BASE not in shared.code


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_server_with_other_boundaries_keeps_the_live_app_and_says_why(lang):
    settings = Settings(static=STATIC_BASE, own_boundaries=False)
    shared = map_share({"layer": "origin", "measure": "count"}, lang, PAGE, settings=settings)
    assert shared.edition == LIVE and shared.why == t("share.live.boundaries", lang)
    assert shared.link.startswith(LIVE_BASE)


def test_a_measure_the_layer_does_not_have_keeps_the_live_app():
    shared = map_share({"layer": "poverty", "measure": "count"}, "en", PAGE, settings=PUBLISHED)
    assert shared.edition == LIVE and shared.why == t("share.live.view", "en")


def test_missing_values_are_the_default_view_with_every_route():
    shared = map_share({}, "es", PAGE, settings=PUBLISHED)
    assert shared.link == f"{STATIC_BASE}es/map-complaints-count.html"
    shared = map_share({"layer": "origin", "routes": ()}, "en", PAGE, settings=PUBLISHED)
    assert shared.link == f"{STATIC_BASE}en/map-origin-count.html#routes=none"


def test_an_unknown_route_or_department_is_left_out_of_the_static_address():
    view = {"layer": "origin", "measure": "count", "routes": ["lima", "<x>"], "dept": "99"}
    shared = map_share(view, "es", PAGE, settings=PUBLISHED)
    assert shared.link == f"{STATIC_BASE}es/map-origin-count.html#routes=lima"


@pytest.mark.parametrize(
    ("setting", "page", "expected"),
    [
        ("https://atlas.example.org/x", None, "https://atlas.example.org/x/"),
        ("/site/", "http://127.0.0.1:8080/data?tab=cite", "http://127.0.0.1:8080/site/"),
        ("/site", "https://atlas.example.org/peru/overview", "https://atlas.example.org/site/"),
        ("/site/", None, None),  # a path needs the page's host
        ("/site/", "file:///tmp/x.html", None),
        ("//evil.example/", "http://127.0.0.1:8080/", None),  # another host, not a path
        ("javascript:alert(1)//", "http://127.0.0.1:8080/", None),
        ("site/", "http://127.0.0.1:8080/", None),
        (None, "http://127.0.0.1:8080/", None),
    ],
)
def test_the_static_address_is_absolute_or_a_path_on_the_live_page_s_host(setting, page, expected):
    assert static_address(setting, page) == expected


def test_a_path_setting_opens_the_static_edition_on_the_host_the_reader_uses():
    settings = Settings(static="/site/")
    page = "http://127.0.0.1:8080/data?lang=en&tab=cite"
    shared = map_share({"layer": "origin", "measure": "per_100k"}, "en", page, settings=settings)
    assert shared.link == "http://127.0.0.1:8080/site/en/map-origin-per-100k.html"
    assert map_share({}, "en", None, settings=settings).edition == LIVE


@pytest.mark.parametrize(("chart_id", "page"), CHARTS)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_chart_opens_its_static_embed_page(chart_id, page, lang):
    shared = chart_share(chart_id, lang, PAGE, page, "dark", settings=PUBLISHED)
    name = _file(f"chart-{chart_id}.html")
    assert shared.edition == STATIC
    assert shared.link == f"{STATIC_BASE}{lang}/embed/{name}"
    assert shared.embed == f"{STATIC_BASE}{lang}/embed/{name}?theme=dark"
    live = chart_share(chart_id, lang, PAGE, page, settings=NOTHING)
    assert live.edition == LIVE and live.why is None
    assert live.link == chart_embed_url(LIVE_BASE, chart_id, lang, page=page)
    assert live.height == CHART_IFRAME_HEIGHT


def test_an_unknown_chart_keeps_the_live_app_and_says_why():
    shared = chart_share("nope", "es", PAGE, settings=PUBLISHED)
    assert shared.edition == LIVE and shared.why == t("share.live.view", "es")


def test_the_settings_come_from_the_environment(monkeypatch, tmp_path):
    from geo.paths import BOUNDARIES_FILE

    monkeypatch.delenv("ATLAS_STATIC_URL", raising=False)
    monkeypatch.delenv("ATLAS_BOUNDARIES", raising=False)
    assert Settings.from_environment() == Settings(static=None, own_boundaries=True)
    monkeypatch.setenv("ATLAS_STATIC_URL", "/site")
    monkeypatch.setenv("ATLAS_BOUNDARIES", str(BOUNDARIES_FILE))
    assert Settings.from_environment() == Settings(static="/site/", own_boundaries=True)
    other = tmp_path / "other.geojson"
    other.write_bytes(BOUNDARIES_FILE.read_bytes())
    monkeypatch.setenv("ATLAS_BOUNDARIES", str(other))
    assert Settings.from_environment().own_boundaries is False


def test_every_static_address_is_a_page_the_build_writes(built_site):
    for layer, measure, lang in VIEWS:
        shared = map_share({"layer": layer, "measure": measure}, lang, PAGE, settings=PUBLISHED)
        for address in (shared.link, shared.embed):
            path = urlsplit(address).path.removeprefix("/reports/")
            assert (built_site / path).is_file(), address
            html = (built_site / path).read_text("utf-8")
            assert re.search(rf'data-view="{layer}/{measure}"', html), address
    for chart_id, page in CHARTS:
        for lang in LANGUAGES:
            shared = chart_share(chart_id, lang, PAGE, page, settings=PUBLISHED)
            path = urlsplit(shared.embed).path.removeprefix("/reports/")
            assert (built_site / path).is_file(), shared.embed
            assert f'id="chart-{chart_id}-title"' in (built_site / path).read_text("utf-8")


# --- what the live app hands out (AppTest) ------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent
SERVED = "http://127.0.0.1:8080/"  # the live app behind `make serve`'s nginx


def _data_page_after_the_map(monkeypatch, setting: str | None):
    """A session that looked at a view on the map, then opened the Data page's citation tab."""
    from streamlit.testing.v1 import AppTest

    if setting is None:
        monkeypatch.delenv("ATLAS_STATIC_URL", raising=False)
    else:
        monkeypatch.setenv("ATLAS_STATIC_URL", setting)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.context["url"] = SERVED
    at.query_params.update(
        {"lang": "es", "layer": "origin", "measure": "per_100k", "routes": "lima", "dept": "17"}
    )
    at.run()
    at.query_params.clear()
    at.query_params.update({"lang": "es", "tab": "cite"})
    at.context["url"] = SERVED + "data?lang=es&tab=cite"
    at.switch_page("app_pages/data_page.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_the_data_page_hands_out_the_static_link_and_code_of_the_view_last_shown(monkeypatch):
    at = _data_page_after_the_map(monkeypatch, "/site/")
    codes = [c.value for c in at.code]
    page = f"{SERVED}site/es/map-origin-per-100k.html"
    assert f"{page}#routes=lima&dept=17" in codes
    embed = f"{SERVED}site/es/embed/map-origin-per-100k.html#routes=lima&amp;dept=17"
    assert any(f'src="{embed}"' in c for c in codes), codes
    assert any(f'src="{SERVED}site/es/embed/chart-purposes.html"' in c for c in codes), codes
    assert not any("embed=true" in c for c in codes)


def test_without_the_setting_the_data_page_hands_out_the_live_link(monkeypatch):
    at = _data_page_after_the_map(monkeypatch, None)
    codes = [c.value for c in at.code]
    link = f"{SERVED}?lang=es&layer=origin&measure=per_100k&routes=lima&dept=17"
    assert link in codes
    assert not any("/site/" in c for c in codes)


def test_a_chart_s_link_to_itself_alone_opens_the_static_embed_page(monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("ATLAS_STATIC_URL", "https://atlas.example.org/reports/")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["lang"] = "en"
    at.run()
    at.switch_page("app_pages/justice_page.py").run()
    assert not at.exception, [e.value for e in at.exception]
    texts = [m.value for m in at.markdown]
    address = "https://atlas.example.org/reports/en/embed/chart-justice-funnel.html"
    assert any(f"]({address})" in text for text in texts), texts


def test_the_static_embed_page_links_each_map_embed_to_its_view_page(built_site):
    for lang in LANGUAGES:
        html = (built_site / lang / "embed.html").read_text("utf-8")
        for layer, measure in view_ids():
            name = _file(f"map-{layer}-{measure}.html")
            assert f'<a href="{name}">{t("share.link", lang)}</a>' in html
            assert (built_site / lang / name).is_file()
