"""One map behaviour: the rules of geo.maps.map_rules, followed by the live map and the static one.

The live map applies them in Python (geo.maps); the static edition's map script reads them from its
bundle (geo.site.data), so that neither restates a rule the other could drift from.
"""

from __future__ import annotations

import re

import pytest

from geo.boundaries import read_boundaries, read_water
from geo.maps import map_rules
from geo.routes import ROUTE_IDS
from geo.site import data as site_data
from geo.site.html import own_asset
from geo.views import MapView, interactive_map, prepare_map


@pytest.fixture(scope="module")
def geometry() -> dict:
    return site_data.geometry_data(read_boundaries())


@pytest.fixture(scope="module")
def live_html() -> str:
    prepared = prepare_map(MapView("complaints", "count", ROUTE_IDS, None, "es"))
    return interactive_map(prepared).get_root().render()


def test_the_static_bundle_carries_the_rules_and_the_lakes(geometry):
    assert geometry["rules"] == map_rules()
    assert geometry["rules"]["routes_interactive"] is False
    assert len(geometry["water"]["features"]) == len(read_water()) > 0
    data = site_data.language_data(
        "en", site_data.prepared_views("en", read_boundaries()), read_boundaries()
    )
    assert data["waterNames"][0] == "Lake Titicaca"
    assert all(view["water"] == "Lakes" for view in data["views"].values())


def test_the_live_map_follows_the_same_rules(live_html):
    rules = map_rules()
    assert live_html.count('"interactive": false') == len(ROUTE_IDS)
    assert f"var now = x >= {rules['narrow_map_px']};" in live_html
    assert rules["water_style"]["fillColor"] in live_html


def test_the_static_map_script_reads_the_rules_and_restates_none():
    code = own_asset("atlas-map.js")
    assert "rules().routes_interactive" in code and "rules().water_style" in code
    assert "rules().narrow_map_px" in code and "rules().peru_bounds" in code
    rules = map_rules()
    restated = [
        str(value)
        for value in (rules["narrow_map_px"], rules["left_margin_px"], rules["peru_bounds"][0][0])
        if re.search(rf"(?<![\w.]){re.escape(str(value))}(?![\w.])", code)
    ]
    assert not restated, f"atlas-map.js restates {restated}: read them from rules()"
    assert "interactive: false" not in code


def test_a_tap_brings_the_profile_into_view_by_the_same_rule_on_both_maps():
    from ui.live_map import SCROLL_JS

    share = map_rules()["profile_view_share"]
    assert f"window.innerHeight * {share} ||" in SCROLL_JS
    code = own_asset("explorer.js")
    assert "rules.profile_view_share" in code
    assert not re.search(rf"(?<![\w.]){re.escape(str(share))}(?![\w.])", code), "restated"
