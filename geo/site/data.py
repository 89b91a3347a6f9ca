"""The static edition's map data: prepared views written once, for the browser to draw.

Two kinds of file: the geometry (department outlines, lakes, route curves and arrowheads, place
points) with the map's rules (``geo.maps.map_rules``: how the live map draws and takes taps), the
same for both languages and loaded once; and one file per language holding every view's
colours, legend, words and tooltips and every department's profile, all computed here at build
time from ``geo.views.prepare_map`` and ``geo.profile.department_profile``, so that the browser
only restyles the outlines it already has.
"""

from __future__ import annotations

import math

import geopandas as gpd

from geo.boundaries import read_water
from geo.exports import map_alt_text
from geo.i18n import format_number, t
from geo.layers import LAYERS
from geo.maps import map_rules
from geo.pages.map import profile_model, view_table
from geo.pages.notices import NOTICE_VALUE_CHARS, notice_words
from geo.profile import department_profile
from geo.urls import iframe_code
from geo.views import (
    ROUTE_IDS,
    MapView,
    PreparedMap,
    place_markers,
    prepare_map,
    route_layers,
    route_map_alt,
    water_layer,
)

DECIMALS = 4  # coordinates to about 11 m, as the live map sends them (geo.maps)
GEO_NAME = "ATLAS_GEO"
DATA_NAME = "ATLAS_DATA"
# Keys of each that no map needs before its departments are drawn: written in the bundle's later
# part (map_bundle_later), which the explorer asks for once its departments are drawn, each
# parsed on first use (geo.site.html.data_script_later): the bundle went from 43 to 31 KB as
# gzip sends it, 12.5 KB a phone receives in about 60 ms at 1.6 Mbit/s. A page finds a department
# by DATA.departments, not by its profile.
GEO_DEFERRED = ("routes", "water", "places")
DATA_DEFERRED = ("profiles", "embedCodes")


def map_bundle(lang: str) -> str:
    """The name, under assets/, of the one script a map page of ``lang`` loads after Leaflet.

    It holds the outlines (``window.ATLAS_GEO``), the language's prepared views and profiles
    (``window.ATLAS_DATA``) and the map's code (``atlas-map.js``): one request instead of three,
    each of which a browser pays for before the departments are drawn (bench ``site_load_ratio``).
    """
    return f"map-{lang}.js"


def map_bundle_later(lang: str) -> str:
    """The name, under assets/, of the bundle's later part: the keys ``GEO_DEFERRED`` and
    ``DATA_DEFERRED`` (routes, lakes, places, profiles, embed codes), added to the bundle's
    ``ATLAS_GEO`` and ``ATLAS_DATA``. Every map page loads it after the bundle, but the explorer,
    whose map asks for it once the departments are drawn (atlas-map.js, ``later``)."""
    return f"map-{lang}-later.js"


def view_key(layer: str, measure: str) -> str:
    """The key of a view in ``ATLAS_DATA.views``: ``"complaints/per_100k"``."""
    return f"{layer}/{measure}"


def view_ids() -> list[tuple[str, str]]:
    """Every report view the static edition offers: (layer, measure), in the live app's order."""
    return [(layer_id, measure) for layer_id, spec in LAYERS.items() for measure in spec.measures]


def _round(coords):
    if isinstance(coords[0], (int, float)):
        return [round(float(c), DECIMALS) for c in coords]
    return [_round(c) for c in coords]


def _geometry(geom) -> dict:
    data = geom.__geo_interface__
    return {"type": data["type"], "coordinates": _round(data["coordinates"])}


def geometry_data(boundaries: gpd.GeoDataFrame) -> dict:
    """The shared geometry and rules: departments (code only), lakes, each route's curve and
    arrowheads, places, and the map's rules (:func:`geo.maps.map_rules`).

    Places are ``[lon, lat, 1 if a mine or site else 0]`` in the order of
    :func:`geo.views.place_markers`, whose labels the language files hold; lakes are in the order
    of :func:`geo.boundaries.read_water`, whose names they hold too (``waterNames``).
    """
    departments = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"code": row.department_code},
                "geometry": _geometry(row.geometry),
            }
            for row in boundaries.itertuples()
        ],
    }
    routes = {}
    for route in route_layers(ROUTE_IDS, "es"):
        parts = [route.curve, *route.arrowheads]
        routes[route.route_id] = {
            "type": "FeatureCollection",
            "features": [
                {"type": "Feature", "properties": {}, "geometry": _geometry(part)} for part in parts
            ],
        }
    places = [
        [
            round(float(p.lon), DECIMALS),
            round(float(p.lat), DECIMALS),
            int(p.kind in ("mine", "site")),
        ]
        for p in place_markers("es").itertuples()
    ]
    water = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {}, "geometry": _geometry(geom)}
            for geom in read_water().geometry
        ],
    }
    return {
        "rules": map_rules(),
        "departments": departments,
        "water": water,
        "routes": routes,
        "places": places,
    }


def view_data(prepared: PreparedMap, table: bool = True) -> dict:
    """One prepared view as the browser draws it: fills, tooltips, values, legend and words, and
    (``table``) the Map page's table of the view."""
    text = prepared.text
    fills, values = {}, {}
    classification = prepared.classification
    for row in prepared.values.itertuples():
        value = row.value
        missing = value is None or math.isnan(value)
        fills[row.department_code] = None if missing else classification.colour_of(value)
        values[row.department_code] = (
            None if missing else format_number(value, prepared.decimals, prepared.view.lang)
        )
    colours = classification.colours if classification is not None else ()
    return {
        "title": text.title,
        "subtitle": text.subtitle,
        "legend_title": text.legend_title,
        "not_reported": text.not_reported,
        "source": text.source,
        "caveat": text.caveat,
        "extra": list(text.extra),
        "routes_title": text.routes_title,
        "water": text.water,
        "classes": [[c, label] for c, label in zip(colours, prepared.class_labels, strict=True)],
        "fill": fills,
        "value": values,
        "tooltip": dict(prepared.tooltips),
        "alt": map_alt_text(prepared),
        **({"table": view_table(prepared).as_data()} if table else {}),  # the Map page's table
    }


def route_view_data(prepared: PreparedMap) -> dict:
    """A route's map (``geo.views.prepare_route_map``) as the Routes page's script draws it: its
    fills, tooltips, legend and words, and its points named on the map (``labels``)."""
    data = view_data(prepared, table=False)
    data["alt"] = route_map_alt(prepared)
    data["places_title"] = prepared.text.places_title
    data["labels"] = [list(label) for label in prepared.labels]
    return data


def prepared_views(lang: str, boundaries: gpd.GeoDataFrame) -> dict[str, PreparedMap]:
    """Every report view in ``lang``, prepared once (no routes, no department chosen)."""
    return {
        view_key(layer, measure): prepare_map(
            MapView(layer, measure, (), None, lang), boundaries=boundaries
        )
        for layer, measure in view_ids()
    }


def language_data(lang: str, prepared: dict[str, PreparedMap], boundaries=None) -> dict:
    """Everything the explorer, the deck and the embeds need in ``lang``, besides geometry."""
    first = next(iter(prepared.values()))
    routes = route_layers(ROUTE_IDS, lang)
    codes = list(first.values["department_code"])
    return {
        "lang": lang,
        "layers": [
            {
                "id": layer_id,
                "label": t(f"layer.{layer_id}", lang),
                "measures": [{"id": m, "label": t(f"measure.{m}", lang)} for m in spec.measures],
            }
            for layer_id, spec in LAYERS.items()
        ],
        "views": {key: view_data(p) for key, p in prepared.items()},
        "routeIds": list(ROUTE_IDS),
        "routeNames": {r.route_id: r.name for r in routes},
        "routeColours": {r.route_id: r.colour for r in routes},
        "places": list(place_markers(lang)["label"]),
        "waterNames": list(water_layer(lang)["name"]),
        "departmentCodes": codes,
        "departments": dict(zip(codes, first.values["department"], strict=True)),
        "profiles": {code: _profile(code, lang, boundaries) for code in codes},
        # The notices of an address naming what the atlas does not have (geo.pages.notices).
        "notices": {"words": notice_words(lang), "chars": NOTICE_VALUE_CHARS},
        "embedCodes": {key: _embed_code(p) for key, p in prepared.items()},
        "strings": {
            "placeholder": t("profile.placeholder", lang),
            "legendSummary": t("map.legend_summary", lang),
            "sourceSummary": t("map.source_summary", lang),
        },
    }


def _embed_code(prepared: PreparedMap) -> dict:
    """The embed code of a view as the embed page lists it (``geo.site.embed``), its address
    relative to the language folder (``file``): the explorer's share button makes it absolute
    and adds the view's routes and department, as ``geo.site.embed.static_map_snippet`` does."""
    from geo.site.files import DEFAULT_HEIGHT, map_embed_file

    view = prepared.view
    file = map_embed_file(view.layer, view.measure)
    title = t(f"layer.{view.layer}.title", view.lang)
    return {"file": file, "code": iframe_code(file, title, DEFAULT_HEIGHT["map"])}


def _profile(code: str, lang: str, boundaries) -> dict:
    """A department's profile as the Map page's model says it (``geo.pages.map``), as data for
    ``explorer.js`` to lay out: every text as the live profile writes it."""
    return profile_model(department_profile(code, lang, boundaries), lang).as_data()
