"""The interactive map, checked through its rendered Leaflet HTML."""

import json
import re

import pytest

from geo.maps import NARROW_MAP_PX
from geo.routes import ROUTE_IDS
from geo.views import MapView, interactive_map, prepare_map

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
    assert sorted(f["properties"]["department_code"] for f in features) == [
        f"{i:02d}" for i in range(1, 26)
    ]


def _route_layers(html: str) -> dict[str, list[str]]:
    """route_id -> geometry types of each GeoJSON layer holding a route."""
    out: dict[str, list[str]] = {}
    for match in re.finditer(r"geo_json_\w+_add\((\{.*?\})\);", html, re.DOTALL):
        features = json.loads(match.group(1))["features"]
        ids = {f["properties"].get("route_id") for f in features}
        if ids != {None}:
            assert len(ids) == 1, f"one layer mixes routes {ids}"
            out[ids.pop()] = [f["geometry"]["type"] for f in features]
    return out


def test_each_route_is_its_own_layer_with_a_curve_and_arrowheads(all_routes_html):
    _, html = all_routes_html
    layers = _route_layers(html)
    assert sorted(layers) == sorted(ROUTE_IDS)
    for route_id, types in layers.items():
        assert types[0] == "LineString" and types.count("LineString") == 1, route_id
        assert types.count("Polygon") >= 1, f"{route_id} has no arrowhead"


def test_no_route_layer_when_routes_are_off():
    prepared = prepare_map(MapView("complaints", "count", (), None, "en"))
    html = interactive_map(prepared).get_root().render()
    assert _route_layers(html) == {}


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
    for host in (
        "cdn.jsdelivr",
        "cdnjs",
        "unpkg",
        "code.jquery",
        "bootstrapcdn",
        "d3js.org",
        "tile.openstreetmap",
    ):
        assert host not in html
    assert "/app/static/vendor/leaflet/leaflet.js" in html


def test_not_reported_departments_are_hatched_not_zero_coloured(all_routes_html):
    prepared, html = all_routes_html
    fills = {
        f["properties"]["department_code"]: f["properties"]["fill"] for f in _departments(html)
    }
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


def test_map_and_joins_work_unchanged_on_inei_style_boundaries(tmp_path, monkeypatch):
    """Official-style boundaries (IDDPTO/NOMBDEP, UTM) named by ATLAS_BOUNDARIES replace ours."""
    import subprocess
    import sys
    from pathlib import Path

    from geo.boundaries import read_boundaries

    script = Path(__file__).resolve().parent.parent / "scripts" / "make_inei_style_boundaries.py"
    path = tmp_path / "DEPARTAMENTOS.shp"
    subprocess.run([sys.executable, str(script), str(path)], check=True, capture_output=True)
    monkeypatch.setenv("ATLAS_BOUNDARIES", str(path))
    swapped = read_boundaries()
    assert list(swapped["department_code"]) == [f"{i:02d}" for i in range(1, 26)]

    shipped = prepare_map(MapView("origin", "per_100k", ROUTE_IDS, "08", "en"))
    prepared = prepare_map(MapView("origin", "per_100k", ROUTE_IDS, "08", "en"), boundaries=swapped)
    assert prepared.values.equals(shipped.values)
    assert prepared.class_labels == shipped.class_labels
    html = interactive_map(prepared).get_root().render()
    features = _departments(html)
    assert len(features) == 25
    fills = {f["properties"]["department_code"]: f["properties"]["fill"] for f in features}
    assert fills["08"] == shipped.classification.colour_of(
        shipped.values.set_index("department_code").loc["08", "value"]
    )
    assert fills["01"] == "url(#atlas-hatch)"


def test_a_map_renders_the_same_without_compiling_its_rendered_parts(monkeypatch):
    """geo.folium_speed: branca's plain-text parts are not compiled by Jinja; the HTML is the same."""
    import branca.element
    import folium.features
    import jinja2

    import geo.folium_speed as speed

    prepared = prepare_map(MapView(routes=ROUTE_IDS, department="08"))
    compiled = []
    original_compile = jinja2.Environment.compile

    def counting(self, source, *args, **kwargs):
        compiled.append(source)
        return original_compile(self, source, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    fast = interactive_map(prepared).get_root().render()
    # Only templates of folium's own are compiled (once per text), never a part already rendered:
    # a rendered part holds the map's data, and compiling it would run any Jinja a reader put there.
    rendered_compiled = [s for s in compiled if s.strip() and s.strip() in fast]
    assert rendered_compiled == [], f"{len(rendered_compiled)} rendered parts compiled again"

    monkeypatch.setattr(branca.element, "Template", speed._COMPILING)  # branca as it comes
    monkeypatch.setattr(folium.features, "Template", speed._FOLIUM_TEMPLATE)  # and folium
    slow = interactive_map(prepared).get_root().render()
    ids = re.compile(r"[0-9a-f]{32}")  # each element's random id
    assert ids.sub("ID", fast) == ids.sub("ID", slow)
    assert speed.LiteralTemplate("a\n").render() == jinja2.Template("a\n").render()


def test_an_element_of_rendered_text_is_never_run_as_jinja():
    """branca's ``Element(text)`` returns ``text`` as it is, whatever Jinja syntax it holds."""
    import branca.element

    for text in ("{{7*7}}", "{% if true %}x{% endif %}", "{# c #}", "{{ cycler.__init__ }}\n"):
        assert branca.element.Element(text).render() == text.removesuffix("\n")


@pytest.mark.parametrize("routes", [ROUTE_IDS, ()])
def test_the_map_is_told_the_bounds_folium_would_find_in_its_layers(routes):
    """st_folium asks for the bounds on every run: the atlas gives them instead of folium's walk."""
    import folium

    fmap = interactive_map(prepare_map(MapView("origin", "per_100k", routes, "21", "en")))
    assert fmap.known_bounds is not None
    walked = folium.Map.get_bounds(fmap)
    flat = [x for corner in fmap.get_bounds() for x in corner]
    assert flat == pytest.approx([x for corner in walked for x in corner], abs=1e-9)


def test_routes_take_no_clicks_so_a_tap_reaches_the_department_under_them(all_routes_html):
    _, html = all_routes_html
    # each route layer is created non-interactive: its lines get no pointer events
    assert len(re.findall(r'"interactive": false', html)) == len(ROUTE_IDS)


def test_legend_and_source_fold_away_on_a_narrow_map(all_routes_html):
    _, html = all_routes_html
    assert html.count("L.DomUtil.create('details'") == 2
    assert f"var now = x >= {NARROW_MAP_PX}; if (now !== wide) {{ wide = now; d.open = now; }}" in html
    assert "map.on('resize', fold)" in html  # decided again when the map is resized across it
    assert "<summary>Leyenda</summary>" in html
