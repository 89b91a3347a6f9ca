"""The interactive map, checked through its rendered Leaflet HTML."""

import json
import re

import pytest

from geo.views import ROUTE_IDS, MapView, interactive_map, prepare_map

CDN = re.compile(r"(?:src|href)=[\"'](?:https?:)?//", re.IGNORECASE)


@pytest.fixture(scope="module")
def all_routes_html():
    prepared = prepare_map(MapView("complaints", "count", ROUTE_IDS, "17", "es"))
    return prepared, interactive_map(prepared).get_root().render()


def _departments(html: str) -> list[dict]:
    match = re.search(r"geo_json_\w+_add\((\{.*?\})\);", html, re.DOTALL)
    assert match, "no GeoJSON layer found in the map"
    return json.loads(match.group(1))["features"]


def test_map_draws_the_25_departments_with_their_codes(all_routes_html):
    _, html = all_routes_html
    features = _departments(html)
    assert len(features) == 25
    assert sorted(f["properties"]["department_code"] for f in features) == [f"{i:02d}" for i in range(1, 26)]


def test_each_route_is_its_own_layer(all_routes_html):
    _, html = all_routes_html
    groups = re.findall(r"var (feature_group_\w+) = L\.featureGroup", html)
    assert len(groups) == 1 + len(ROUTE_IDS)  # places + six routes
    assert html.count("L.polyline(") == len(ROUTE_IDS)


def test_no_route_layer_when_routes_are_off():
    prepared = prepare_map(MapView("complaints", "count", (), None, "en"))
    html = interactive_map(prepared).get_root().render()
    assert html.count("L.polyline(") == 0


def test_legend_title_source_and_caveat_are_inside_the_map(all_routes_html):
    prepared, html = all_routes_html
    for label in prepared.class_labels:
        assert json.dumps(label)[1:-1] in html
    assert "atlas-legend" in html and "atlas-title" in html and "atlas-source" in html
    assert "No reportado" in html
    assert "no miden la prevalencia" in html


def test_no_cdn_address_anywhere(all_routes_html):
    _, html = all_routes_html
    assert not CDN.search(html), CDN.search(html)
    for host in ("cdn.jsdelivr", "cdnjs", "unpkg", "code.jquery", "bootstrapcdn", "d3js.org", "tile.openstreetmap"):
        assert host not in html
    assert '/app/static/vendor/leaflet/leaflet.js' in html


def test_not_reported_departments_are_hatched_not_zero_coloured(all_routes_html):
    prepared, html = all_routes_html
    fills = {f["properties"]["department_code"]: f["properties"]["fill"] for f in _departments(html)}
    reported = set(prepared.values.loc[prepared.values["status"] == "reported", "department_code"])
    assert len(reported) == 5
    for code, fill in fills.items():
        if code in reported:
            assert fill.startswith("#")
        else:
            assert fill == "url(#atlas-hatch)"


def test_selected_department_is_outlined(all_routes_html):
    _, html = all_routes_html
    features = {f["properties"]["department_code"]: f["properties"] for f in _departments(html)}
    assert features["17"]["selected"] is True
    assert sum(p["selected"] for p in features.values()) == 1


def test_tooltips_show_values_in_the_language():
    prepared = prepare_map(MapView("complaints", "per_100k", (), None, "es"))
    assert prepared.tooltips["17"] == "Madre de Dios: 26,4"
    assert prepared.tooltips["01"] == "Amazonas: no reportado"
    prepared = prepare_map(MapView("complaints", "per_100k", (), None, "en"))
    assert prepared.tooltips["17"] == "Madre de Dios: 26.4"


def test_user_text_in_tooltips_is_escaped():
    import pandas as pd

    from geo.views import UserLayer

    values = pd.DataFrame({"department_code": ["08"], "value": [3.0], "status": ["reported"]})
    user = UserLayer(values, "<script>alert(1)</script>", "<img src=x onerror=alert(2)>")
    prepared = prepare_map(MapView("upload", "count", (), None, "en"), user=user)
    html = interactive_map(prepared).get_root().render()
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)" in html
