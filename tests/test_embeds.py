"""Embeds (``?embed=true``): the height posted to the page around, the theme, unknown values.

The iframe code itself is tested in tests/test_urls.py; its sizing in a browser, from a page on
another origin, in tests/browser/test_embed_frames.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo.charts import chart_spec
from geo.charts.theme import DARK_BACKGROUND, dark_colour, themed_figure
from geo.i18n import t
from geo.urls import EMBED_MESSAGE, SIZER_JS
from geo.views import DARK_MAP_CSS

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app.py"
TIMEOUT = 30


def run_app(params: dict[str, str], page: str | None = None, **context: object) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.context.update(context)
    at.query_params.update(params)
    at.run()
    if page is not None:
        at.query_params.update(params)
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def html_bodies(at: AppTest) -> list[str]:
    return [el.proto.body for el in at.get("html")]


def folium_args(at: AppTest) -> dict:
    (component,) = [
        el
        for el in at.main.get("component_instance")
        if el.proto.component_name.endswith("st_folium")
    ]
    return json.loads(component.proto.json_args)


# --- the chart and the map in the dark ------------------------------------------------------


def test_a_dark_chart_turns_its_greys_around_and_keeps_its_hues():
    light = chart_spec("purposes").figure("en")
    dark = themed_figure(light, "dark")
    assert themed_figure(light, "light") is light
    assert dark.layout.paper_bgcolor == dark.layout.plot_bgcolor == DARK_BACKGROUND
    text = dark.layout.font.color
    assert int(text[1:3], 16) > 0xC0, text  # light text on the dark grey
    assert [bar.marker.color for bar in dark.data] == [bar.marker.color for bar in light.data]
    assert dark_colour("#ffffff") == DARK_BACKGROUND and dark_colour("#0072B2") == "#0072B2"
    assert dark_colour("rgba(0,0,0,0.5)") == "rgba(254,254,254,0.5)"
    assert dark_colour("transparent") == "transparent" and dark_colour(3) == 3


# --- the embedded pages ---------------------------------------------------------------------


def test_an_embedded_page_posts_its_height_and_hides_the_blank_band():
    at = run_app({"chart": "purposes"}, "app_pages/overview_page.py", is_embedded=True)
    bodies = html_bodies(at)
    scripts = [b for b in bodies if "postMessage" in b]
    assert len(scripts) == 1 and EMBED_MESSAGE in scripts[0] and "ResizeObserver" in scripts[0]
    assert any('[data-testid="stHeader"]' in b and "display: none" in b for b in bodies)
    assert not any("#1e1e1e" in b for b in bodies)  # light unless asked
    # the message the page posts is the one the iframe code listens for
    assert f"d.type!=='{EMBED_MESSAGE}'" in SIZER_JS


def test_an_unembedded_page_posts_nothing():
    at = run_app({}, "app_pages/overview_page.py", is_embedded=False)
    assert not any("postMessage" in b for b in html_bodies(at))


def test_theme_dark_darkens_an_embedded_chart_and_its_page():
    at = run_app(
        {"chart": "purposes", "theme": "dark"}, "app_pages/overview_page.py", is_embedded=True
    )
    assert any("#1e1e1e" in b for b in html_bodies(at))
    (chart,) = at.get("plotly_chart")
    figure = json.loads(chart.proto.spec)
    assert figure["layout"]["paper_bgcolor"] == DARK_BACKGROUND


def test_theme_dark_darkens_an_embedded_map():
    at = run_app({"layer": "poverty", "theme": "dark"}, is_embedded=True)
    assert DARK_MAP_CSS in folium_args(at)["header"]
    light = run_app({"layer": "poverty"}, is_embedded=True)
    assert DARK_MAP_CSS not in folium_args(light)["header"]


@pytest.mark.parametrize(
    ("params", "page", "named", "expected"),
    [
        ({"chart": "nope"}, "app_pages/overview_page.py", "nope", "purposes"),
        ({"chart": "purposes"}, "app_pages/justice_page.py", "purposes", "justice_funnel"),
    ],
)
def test_an_unknown_chart_says_so_and_lists_what_is_expected(params, page, named, expected):
    at = run_app({"lang": "en", **params}, page, is_embedded=True)
    (warning,) = at.warning
    assert named in warning.value and expected in warning.value
    assert "does not have" in warning.value
    assert not at.get("plotly_chart") and not at.main.get("component_instance")


@pytest.mark.parametrize(
    ("params", "key", "used"),
    [
        ({"layer": "weather"}, "layer", t("layer.complaints", "en")),
        ({"layer": "origin", "measure": "nope"}, "measure", t("measure.count", "en")),
    ],
)
def test_an_embedded_map_with_an_unknown_value_shows_the_default_and_names_it(params, key, used):
    """The map embed's notice is the Map page's (geo.pages.notices), the default view drawn."""
    at = run_app({"lang": "en", **params}, None, is_embedded=True)
    (warning,) = at.warning
    value = params[key]
    assert warning.value.replace("\\", "") == t(f"notice.{key}", "en", value=value, used=used)
    assert at.main.get("component_instance")  # the map


def test_the_unknown_value_message_is_in_spanish_too():
    at = run_app({"lang": "es", "chart": "nope"}, "app_pages/overview_page.py", is_embedded=True)
    (warning,) = at.warning
    assert "que el atlas no tiene" in warning.value and "nope" in warning.value


def test_the_data_page_offers_light_or_dark_embed_code():
    # Spanish: AppTest formats the other widgets outside a run, in Spanish (see tests/test_app.py)
    at = run_app({"lang": "es", "tab": "cite"}, "app_pages/data_page.py")
    codes = [c.value for c in at.code if "<iframe" in c.value]
    assert len(codes) == 2 and all(SIZER_JS in c for c in codes)
    assert not any("theme=dark" in c for c in codes)
    at.segmented_control(key="embed_theme").set_value("dark").run()
    codes = [c.value for c in at.code if "<iframe" in c.value]
    assert len(codes) == 2 and all("theme=dark" in c for c in codes)
