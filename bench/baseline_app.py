"""Benchmark baseline: the smallest Streamlit page showing the 25 departments on a folium map.

The atlas's map-page time is compared with this page's (bench/run.py). Leaflet is loaded from the
same local static folder as the atlas's map (geo.maps.leaflet_assets), so both pages load the same
files and neither touches the network. No tiles, no styling, no controls beyond folium's defaults.
"""

import json
from pathlib import Path

import folium
import streamlit as st
from streamlit_folium import st_folium

# resolve(): servers.py starts this file through a link in a scratch folder that also links static/.
ROOT = Path(__file__).resolve().parent.parent
LEAFLET_URL = "/app/static/vendor/leaflet"


@st.cache_data(show_spinner=False)
def departments() -> dict:
    """The atlas's shipped department outlines, as GeoJSON."""
    return json.loads((ROOT / "data" / "departments.geojson").read_text(encoding="utf-8"))


fmap = folium.Map(location=[-9.2, -75.0], zoom_start=5, tiles=None)
fmap.default_js = [("leaflet", f"{LEAFLET_URL}/leaflet.js")]
fmap.default_css = [("leaflet_css", f"{LEAFLET_URL}/leaflet.css")]
folium.GeoJson(departments(), name="departments").add_to(fmap)
st_folium(
    fmap,
    key="baseline_map",
    height=720,
    use_container_width=True,
    returned_objects=["last_active_drawing"],
)
