"""The atlas's URLs: view values in the query string, embed addresses, iframe code."""

from urllib.parse import parse_qs, urlsplit

import pytest

from geo.urls import (
    app_base_url,
    chart_embed_url,
    iframe_code,
    map_embed_url,
    parse_url_value,
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
    assert code.startswith('<iframe src="http://x/?a=1&amp;b=&quot;2&quot;" ')
    assert 'title="Atlas &quot;Perú&quot; &lt;2011&gt;"' in code
    assert 'height="560"' in code and 'width="100%"' in code and 'loading="lazy"' in code
    assert code.endswith("></iframe>")
