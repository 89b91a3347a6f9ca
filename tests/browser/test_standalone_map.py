"""The standalone map opened from disk in Chromium with the network cut draws with no request."""

from __future__ import annotations

import pytest

from geo.exports import standalone_html
from geo.views import MapView, prepare_map

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser2")]


@pytest.mark.parametrize("lang", ["es", "en"])
def test_standalone_map_draws_offline_with_no_network_request(browser, tmp_path, lang):
    prepared = prepare_map(MapView("origin", "count", (), None, lang))
    path = tmp_path / "map.html"
    path.write_text(standalone_html(prepared), encoding="utf-8")

    blocked: list[str] = []
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    page = context.new_page()

    def route(r):
        if r.request.url.startswith("file://"):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(path.as_uri(), wait_until="load")
        page.wait_for_selector("path.leaflet-interactive", timeout=15_000)
        # No routes were chosen, so every interactive path is a department (places are circles,
        # drawn as paths too, and so are the lakes: count them separately and take them out).
        paths = page.locator("path.leaflet-interactive").count()
        places = len(prepared.places)
        lakes = sum(len(getattr(g, "geoms", [g])) for g in prepared.water.geometry)
        assert paths - places - lakes == 25
        legend = page.locator(".atlas-legend").inner_text()
        assert prepared.text.not_reported in legend
        for label in prepared.class_labels:
            assert label in legend
        assert prepared.text.title in page.locator(".atlas-title").inner_text()
        assert prepared.text.source in page.locator(".atlas-source").inner_text()
        hatched = page.locator('path.leaflet-interactive[fill="url(#atlas-hatch)"]').count()
        assert hatched == int(prepared.values["value"].isna().sum())
    finally:
        context.close()
    assert blocked == [], f"the standalone page asked the network for {blocked}"
    assert errors == []


def test_a_hostile_uploads_offline_map_shows_every_payload_as_written(browser, tmp_path):
    """The downloaded map of a file named, headed and sourced with payloads: no dialog, no element
    from the reader, and the tooltip and the boxes show the words as written (issue: a header
    ``{{7*7}}`` read ``49`` in this file, and the pid probe printed the server's process id)."""
    from geo.downloads import download_bytes
    from geo.uploads.parse import parse_upload
    from geo.views import user_layer
    from tests.hostile_corpus import PID_PROBE, evaluated_in
    from tests.test_hostile_corpus import csv_bytes

    header = "{{7*7}} ${7*7} <img src=x onerror=alert(1)>"
    source = f"{PID_PROBE} </script><script>alert(2)</script> <svg onload=alert(3)>"
    rows = [["departamento", header, "fuente"], ["Cusco", "53", source], ["Puno", "7", source]]
    upload = parse_upload("{{8*8}}.csv", csv_bytes(rows), "en")
    prepared = prepare_map(MapView("upload", lang="en"), user_layer(upload))
    path = tmp_path / "hostile.html"
    path.write_bytes(download_bytes("html", prepared))

    context = browser.new_context(viewport={"width": 1100, "height": 900})
    page = context.new_page()
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(path.as_uri(), wait_until="load")
        page.wait_for_selector("path.leaflet-interactive", timeout=15_000)
        assert header in page.locator(".atlas-title").inner_text()
        assert PID_PROBE in page.locator(".atlas-source").inner_text()
        cusco = page.locator("path.leaflet-interactive").nth(7)
        cusco.hover(force=True)
        tooltip = page.locator(".leaflet-tooltip")
        tooltip.wait_for(timeout=10_000)
        words = tooltip.inner_text()
        assert "{{7*7}}" in words and "${7*7}" in words, words
        assert page.locator("img[src=x], svg[onload], script:text('alert')").count() == 0
        assert evaluated_in(page.content()) == []
    finally:
        context.close()
    assert dialogs == [] and errors == []
