"""An unknown address of more than one segment reaches the not-found page as one segment
(ui_compat.nested_paths); Streamlit's own routes and the app's static files are left alone."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest

from ui_compat.nested_paths import NestedPathRedirect, asked_path, one_segment


@pytest.mark.parametrize(
    ("path", "base", "expected"),
    [
        ("/a/b", "", "/a%E2%88%95b"),
        ("/nonexistent/deeper/", "", "/nonexistent%E2%88%95deeper"),
        ("/routes/x", "", "/routes%E2%88%95x"),
        ("/atlas/a/b", "atlas", "/atlas/a%E2%88%95b"),
        ("/a", "", None),
        ("/", "", None),
        ("/routes", "", None),
        ("/atlas/routes", "/atlas/", None),
        ("/static/js/index.js", "", None),
        ("/_stcore/health", "", None),
        ("/routes/_stcore/host-config", "", None),
        ("/component/streamlit_folium.st_folium/index.html", "", None),
        ("/app/static/vendor/leaflet/leaflet.js", "", None),
        ("/media/abc.png", "", None),
        ("/other/a/b", "atlas", None),
    ],
)
def test_a_nested_path_becomes_one_segment(path, base, expected):
    assert one_segment(path, base) == expected


def test_the_not_found_page_names_the_path_as_asked():
    assert asked_path("a\u2215b") == "a/b"
    assert asked_path("nonexistent") == "nonexistent"


def _call(method: str, raw_path: bytes, query: bytes = b"") -> list[dict]:
    sent, passed = [], []

    async def inner(scope, receive, send):
        passed.append(scope["path"])

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": method, "path": raw_path.decode(), "raw_path": raw_path,
             "query_string": query, "headers": []}  # fmt: skip
    # In a thread of its own: a test process may already run an event loop in this one (a
    # browser test's Playwright), where asyncio.run refuses to start another.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, NestedPathRedirect(inner)(scope, None, send)).result()
    return sent if sent else passed


def test_the_middleware_redirects_a_get_with_its_query_and_passes_the_rest():
    start = _call("GET", b"/a/b", b"lang=es")[0]
    assert start["status"] == 302
    assert (b"location", b"/a%E2%88%95b?lang=es") in start["headers"]
    assert _call("POST", b"/a/b") == ["/a/b"]
    assert _call("GET", b"/routes") == ["/routes"]
