"""What the atlas relies on inside folium, checked against TESTED_VERSION.

Uses (all checked by ``tests/test_compat.py``):

- ``folium.features.Template``: the module-level name folium's features (the GeoJSON tooltip's
  stylesheet, among others) call during a render to compile a template. ``geo.folium_speed``
  replaces it (:func:`set_features_template`) with one that compiles each text once;
  :data:`COMPILING_TEMPLATE` is folium's own (``folium.template.Template``).
- ``folium.Map.get_bounds()``: overridden by ``geo.maps._KnownBoundsMap`` with the bounds the
  atlas knows; st_folium calls it on every run.
- ``folium.Map.default_js`` / ``default_css``: lists of ``(name, url)`` that the page loads,
  replaced by ``geo.maps.leaflet_assets`` so that only the atlas's own Leaflet is loaded.
"""

from __future__ import annotations

import folium
import folium.features
import folium.template

TESTED_VERSION = "0.20.0"
# folium's own compiling template (a jinja2.Template with folium's filters).
COMPILING_TEMPLATE = folium.template.Template
Map = folium.Map


def set_features_template(factory) -> None:
    """Make folium's features build the templates of their renders with ``factory(text)``."""
    folium.features.Template = factory


def features_template():
    """What folium's features build their render-time templates with now."""
    return folium.features.Template
