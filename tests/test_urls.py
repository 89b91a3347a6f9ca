"""The atlas's URLs: view values in the query string, embed addresses, iframe code."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from geo.urls import (
    EMBED_MESSAGE,
    SIZER_JS,
    THEMES,
    app_base_url,
    chart_embed_url,
    embed_id,
    iframe_code,
    map_embed_url,
    parse_url_value,
    theme_of,
    url_text,
)

ROUTES = ("north_coast", "lima", "south_coast")


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("origin", "origin"),
        (["lima", "north_coast"], "lima,north_coast"),
        ((), "none"),
        ([], "none"),
        (None, None),
        (17, "17"),
    ],
)
def test_a_view_value_is_written_as_the_url_reads_it(value, text):
    assert url_text(value) == text


@pytest.mark.parametrize(
    ("raw", "options", "multi", "value"),
    [
        ("origin", ("complaints", "origin"), False, "origin"),
        ("bogus", ("complaints", "origin"), False, None),
        (None, ("complaints", "origin"), False, None),
        ("anything", None, False, "anything"),
        ("south_coast,lima", ROUTES, True, ["lima", "south_coast"]),  # in the options' order
        ("none", ROUTES, True, []),
        ("", ROUTES, True, []),
        ("lima,nowhere", ROUTES, True, None),  # one unknown item rejects the list
        ("a,b", None, True, ["a", "b"]),
    ],
)
def test_a_url_value_is_read_back_or_rejected(raw, options, multi, value):
    assert parse_url_value(raw, options, multi) == value


@pytest.mark.parametrize("value", [["lima"], [], list(ROUTES)])
def test_a_list_survives_the_round_trip_through_the_url(value):
    assert parse_url_value(url_text(value), ROUTES, multi=True) == value


@pytest.mark.parametrize(
    ("page_url", "base"),
    [
        ("http://localhost:8501/", "http://localhost:8501/"),
        ("http://localhost:8501/data?lang=en", "http://localhost:8501/"),
        ("https://example.org/atlas/overview?chart=purposes", "https://example.org/atlas/"),
        ("https://example.org/atlas/", "https://example.org/atlas/"),
        (None, "http://localhost:8501/"),
        ("", "http://localhost:8501/"),
    ],
)
def test_the_app_root_is_found_from_any_page_address(page_url, base):
    assert app_base_url(page_url) == base


def test_the_map_embed_address_carries_the_view_and_leaves_out_what_is_not_chosen():
    view = {"layer": "origin", "measure": "per_100k", "routes": [], "dept": None}
    url = map_embed_url("https://example.org/atlas/", "en", view)
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == "https://example.org/atlas/"
    assert parse_qs(parts.query, keep_blank_values=True) == {
        "embed": ["true"],
        "lang": ["en"],
        "layer": ["origin"],
        "measure": ["per_100k"],
        "routes": ["none"],  # every route switched off, not "the default routes"
    }


def test_the_chart_embed_address_names_the_page_and_the_chart():
    url = chart_embed_url("http://localhost:8501/", "age_groups", "es")
    parts = urlsplit(url)
    assert parts.path == "/overview"
    assert parse_qs(parts.query) == {"embed": ["true"], "chart": ["age_groups"], "lang": ["es"]}


def test_iframe_code_escapes_its_attributes():
    code = iframe_code('http://x/?a=1&b="2"', 'Atlas "Perú" <2011>', 560)
    assert ' src="http://x/?a=1&amp;b=&#34;2&#34;" ' in code
    assert 'title="Atlas &#34;Perú&#34; &lt;2011&gt;"' in code
    assert 'height="560"' in code and 'width="100%"' in code and 'loading="lazy"' in code
    iframe, script = code.split("\n")
    assert iframe.startswith("<iframe ") and iframe.endswith("></iframe>")
    assert script == f"<script>{SIZER_JS}</script>"


def test_iframe_code_sizes_its_own_iframe_from_its_own_origin_only():
    """The listener takes a height from that iframe's window and its address's origin alone."""
    code = iframe_code("https://atlas.example.org/?embed=true", "Atlas", 760)
    assert "data-atlas-embed" in code
    assert "contentWindow===e.source" in SIZER_JS and "n(o)===n(e.origin)" in SIZER_JS
    assert f"d.type!=='{EMBED_MESSAGE}'" in SIZER_JS
    assert "innerHTML" not in SIZER_JS  # a height is the only thing it takes from a message


def test_iframe_code_has_an_id_of_its_address():
    one = iframe_code("https://a.example/?embed=true&chart=purposes", "A", 560)
    same = iframe_code("https://a.example/?embed=true&chart=purposes", "B", 700)
    other = iframe_code("https://a.example/?embed=true&chart=education", "A", 560)
    ident = re.search(r'id="(atlas-embed-[0-9a-f]{10})"', one)[1]
    assert ident == embed_id("https://a.example/?embed=true&chart=purposes")
    assert f'id="{ident}"' in same and f'id="{ident}"' not in other


def test_the_theme_goes_into_the_embed_address_only_when_dark():
    base = "http://localhost:8501/"
    dark_map = parse_qs(urlsplit(map_embed_url(base, "es", {"layer": "origin"}, "dark")).query)
    assert dark_map["theme"] == ["dark"] and dark_map["layer"] == ["origin"]
    assert "theme" not in map_embed_url(base, "es", {"layer": "origin"}, "light")
    assert "theme" not in map_embed_url(base, "es", {"layer": "origin"}, "<script>")
    dark_chart = parse_qs(urlsplit(chart_embed_url(base, "purposes", "en", theme="dark")).query)
    assert dark_chart == {
        "embed": ["true"],
        "chart": ["purposes"],
        "lang": ["en"],
        "theme": ["dark"],
    }
    assert theme_of("dark") == "dark" and theme_of(None) == theme_of("blue") == "light"
    assert THEMES == ("light", "dark")
    code = iframe_code(chart_embed_url(base, "purposes", "en", theme="dark"), "A", 560)
    assert "theme=dark" in code
