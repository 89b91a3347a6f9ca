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
