"""The interactive map: a folium map of one choropleth layer, the routes and the places, offline.

Everything a screenshot needs (title, legend, source line, caveat) is drawn inside the map as Leaflet
controls, and Leaflet itself is loaded from the app's own static folder (or inlined by the
standalone export): the page never asks another host for anything. No tiles are drawn.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import folium
import geopandas as gpd
import pandas as pd
from jinja2 import Template

import geo.folium_speed  # noqa: F401  (branca compiles no Jinja template for plain text)
from geo.classify import NOT_REPORTED_HATCH, Classification
from geo.compat.branca import MacroElement
from geo.compat.leaflet import KEYBOARD_FOCUS_JS
from geo.safety import escape_html
from geo.templating import Markup, macro

LEAFLET_URL = "/app/static/vendor/leaflet"
BOXES = "geo/map_boxes.html"  # the markup of the title, source and legend boxes
PERU_BOUNDS = [[-18.35, -81.33], [-0.04, -68.65]]
ROUTE_COLOURS = ("#E69F00", "#56B4E9", "#009E73", "#D55E00", "#CC79A7", "#0072B2")  # Okabe-Ito
HATCH_ID = "atlas-hatch"
NOT_REPORTED_FILL = f"url(#{HATCH_ID})"
SELECTED_OUTLINE = "#111111"
# Lakes: a light blue unlike any class colour (YlGnBu) and darker than the background, so that
# Lake Titicaca reads as water and not as a gap in Peru.
WATER_FILL = "#b8d4ea"
WATER_EDGE = "#6b9dc6"
# The legend column: the open legend and source boxes (214 px wide, CSS below) and Leaflet's 10 px
# margin, with room to spare. Peru (or a route) is framed right of it wherever they are open, on a
# map of any width: a share of a narrow map (0.35 until the legend's room was measured) let the
# open legend cover the North Coast on a 556 px map (the Map page at 1280 x 720, the sidebar open)
# and on embeds of 420 to 686 px. The story's frames measure their larger boxes (STORY_MAP_JS).
LEFT_MARGIN_PX = 240
# A map narrower than this (a phone, a narrow embed) has its legend and source folded; any wider
# map shows them open, the story's frames beside the presenter's words included. A map resized
# across this width (a phone turned, an embed's page widened) folds or opens them again.
NARROW_MAP_PX = 420
# After a tap or a click on the map, a profile whose top is below this share of the screen's
# height (or whose bottom is above the screen: a phone, where it is stacked under the map) is
# scrolled into view.
PROFILE_VIEW_SHARE = 0.4
# A route is drawn, not touched: it takes no pointer events, so a click or a tap on a line goes to
# the department under it (as on the static edition's map, which reads these rules: map_rules).
ROUTES_INTERACTIVE = False
ROUTE_STYLE = {"weight": 3.5, "arrow_weight": 1, "opacity": 0.95, "fill_opacity": 1}
# A map framed on a route (the Routes page): room for the legend column left of the route (the
# left margin, as for Peru, on a map wide enough to open the legend; plus "left"), for the title
# above it, and at the right and bottom.
ROUTE_PADDING = {"left": 20, "top": 84, "right": 16, "bottom": 30}
# A place named on the map (a route's points): a marker with its label beside it, never a tab stop.
# Its side of the marker is chosen per place (geo.views.label_sides); Leaflet's offset per side.
PLACE_LABEL = {
    "offsets": {"right": [7, 0], "left": [-7, 0], "top": [0, -7], "bottom": [0, 7]},
    "radius": 4.5,
    "className": "atlas-label",
    "interactive": False,  # the marker and its label take no taps: the department under them does
}
WATER_STYLE = {"fillColor": WATER_FILL, "fillOpacity": 1, "color": WATER_EDGE, "weight": 0.8}
# The scale bar (Leaflet's L.control.scale options): kilometres only, in both languages.
SCALE = {"metric": True, "imperial": False, "position": "bottomleft"}


def map_rules() -> dict:
    """The rules of the atlas's map, stated here once and followed by both editions.

    The live map (below) applies them in Python; the static edition's map script
    (``geo/site/assets/atlas-map.js``) reads this dict from its bundle (``geo.site.data``): the
    framing of Peru beside the legend column, the width under which the legend and the source
    start folded, route lines that take no taps, the lakes' water style, and when a tap brings
    the chosen department's profile into view.
    """
    return {
        "peru_bounds": PERU_BOUNDS,
        "left_margin_px": LEFT_MARGIN_PX,
        "narrow_map_px": NARROW_MAP_PX,
        "profile_view_share": PROFILE_VIEW_SHARE,
        "routes_interactive": ROUTES_INTERACTIVE,
        "route_style": dict(ROUTE_STYLE),
        "water_style": dict(WATER_STYLE),
        "place_label": dict(PLACE_LABEL),
        "route_padding": dict(ROUTE_PADDING),
        "scale": dict(SCALE),
        "shapes_in_tab_order": SHAPES_IN_TAB_ORDER,
    }


@dataclass(frozen=True)
class MapText:
    """The words drawn inside the map, already in the user's language (plain text, not HTML)."""

    title: str
    subtitle: str
    legend_title: str
    not_reported: str
    source: str
    caveat: str
    routes_title: str = ""
    places_title: str = ""
    extra: tuple[str, ...] = field(default_factory=tuple)
    water: str = ""  # the legend's label for the lakes; no row when empty
    # The words of the buttons that fold the legend and the source box away (a narrow map starts
    # with them folded); when empty, the boxes are drawn open, with no button.
    legend_summary: str = ""
    source_summary: str = ""


@dataclass(frozen=True)
class RouteLayer:
    """One route as drawn: its curve, arrowheads and label."""

    route_id: str
    name: str
    curve: object  # shapely LineString, EPSG:4326
    arrowheads: tuple  # shapely Polygons, EPSG:4326
    colour: str
    tooltip: str


def leaflet_assets(base_url: str = LEAFLET_URL) -> tuple[list, list]:
    """(default_js, default_css) for a folium map that loads only Leaflet, from ``base_url``."""
    return (
        [("leaflet", f"{base_url}/leaflet.js")],
        [("leaflet_css", f"{base_url}/leaflet.css")],
    )


class _Script(MacroElement):
    """A piece of JavaScript run once the map exists; ``{map}`` is the map's variable.

    Written to branca's MacroElement conventions (``_template`` with ``header``/``script``
    macros, ``_name``, ``this._parent``): geo.compat.branca.
    """

    _template = Template(
        """
        {% macro header(this, kwargs) %}{{ this.css }}{% endmacro %}
        {% macro script(this, kwargs) %}
        (function() { var map = {{ this._parent.get_name() }}; {{ this.js }} })();
        {% endmacro %}
        """
    )

    def __init__(self, js: str, css: str = ""):
        super().__init__()
        self._name = "AtlasScript"
        self.js = js
        self.css = css


def add_script(fmap: folium.Map, js: str) -> None:
    """Add ``js`` to ``fmap``, run once the map and its layers exist (``map`` is the map)."""
    fmap.add_child(_Script(js))


CSS = """<style>
.atlas-box{background:rgba(255,255,255,.92);padding:5px 8px;border-radius:4px;
 box-shadow:0 1px 4px rgba(0,0,0,.3);color:#1a1a1a;max-width:360px;
 font:12px/1.3 "Source Sans Pro","Segoe UI",Helvetica,Arial,sans-serif}
.atlas-title{max-width:420px}
.atlas-title h2{font-size:16px;margin:0 0 2px 0;font-weight:700}
.atlas-title p{margin:0;color:#333}
.atlas-legend{width:214px;box-sizing:border-box}
.atlas-legend h3{font-size:12px;margin:0 0 3px 0}
.atlas-legend .row{display:flex;align-items:center;gap:6px;margin:1px 0}
.atlas-legend .routes .row{font-size:11px}
.atlas-legend .sw{width:18px;height:12px;border:1px solid #555;display:inline-block;flex:none}
.atlas-legend .ln{width:18px;height:0;border-top:3px solid;display:inline-block;flex:none}
.atlas-legend .nr{background:repeating-linear-gradient(45deg,#f2f2f2 0 3px,#8c8c8c 3px 4px)}
.atlas-source{font-size:10.5px;width:214px;box-sizing:border-box;line-height:1.25}
.atlas-source p{margin:0 0 2px 0}
details.atlas-box>summary{cursor:pointer;font-weight:700;font-size:12px;min-height:24px;
 display:list-item;line-height:24px}
details.atlas-box:not([open]){width:auto}
details.atlas-box[open]>summary{line-height:18px;min-height:0;margin-bottom:2px}
@media (max-width:599px){.atlas-title{max-width:calc(100vw - 70px)}
 .atlas-title h2{font-size:14px}.atlas-title p{font-size:11px}}
.leaflet-container{background:#eef3f7}
.atlas-legend .pt{width:9px;height:9px;border:1.5px solid #1a1a1a;border-radius:50%;
 background:#fff;display:inline-block;flex:none;margin:0 4px}
.leaflet-tooltip.atlas-label{padding:1px 4px;font:600 12px/1.2 "Source Sans Pro","Segoe UI",
 Helvetica,Arial,sans-serif;color:#1a1a1a;background:rgba(255,255,255,.85);border:0;
 box-shadow:none}
.leaflet-tooltip.atlas-label:before{display:none}
</style>"""


def _legend_html(
    classification: Classification | None,
    labels: list[str],
    text: MapText,
    routes: list[RouteLayer],
) -> Markup:
    classes = []
    if classification is not None:
        classes = list(zip(classification.colours, labels, strict=True))
    legend = macro(BOXES, "legend")
    return legend(text, classes, WATER_FILL, WATER_EDGE, routes)


def _control_js(position: str, css_class: str, html: Markup, summary: str = "") -> str:
    """A Leaflet control holding ``html``; with a ``summary``, a box that folds away behind it.

    A folding box is a <details> element, open on a wide map and folded on a map narrower than
    NARROW_MAP_PX (the frame's own width: a phone, or a narrow embed on a wide page). The map
    decides again whenever it is resized across that width (a frame still without its size, see
    fit_js, decides when it gets one); a resize that stays on one side keeps the reader's choice.
    """
    html = macro(BOXES, "box")(html, summary)  # html: markup from BOXES' macros, kept as it is
    if summary:
        make = (
            "var d = L.DomUtil.create('details', {css}); d.innerHTML = {html}; var wide = null;"
            " var fold = function () { var x = map.getSize().x; if (!x) return;"
            f" var now = x >= {NARROW_MAP_PX}; if (now !== wide) {{ wide = now; d.open = now; }} }};"
            " fold(); map.on('resize', fold);"
        )
    else:
        make = "var d = L.DomUtil.create('div', {css}); d.innerHTML = {html};"
    make = make.replace("{css}", json.dumps(css_class)).replace("{html}", json.dumps(html))
    return (
        f"var c = L.control({{position: {json.dumps(position)}}}); c.onAdd = function() {{"
        f" {make} L.DomEvent.disableClickPropagation(d); L.DomEvent.disableScrollPropagation(d);"
        " return d; }; c.addTo(map);"
    )


HATCH_JS = (
    f"if (!document.getElementById('{HATCH_ID}')) {{"
    " var ns = 'http://www.w3.org/2000/svg'; var svg = document.createElementNS(ns, 'svg');"
    " svg.setAttribute('width', 0); svg.setAttribute('height', 0);"
    " svg.setAttribute('aria-hidden', 'true'); svg.style.position = 'absolute';"
    f' svg.innerHTML = \'<defs><pattern id="{HATCH_ID}" patternUnits="userSpaceOnUse"'
    ' width="7" height="7" patternTransform="rotate(45)"><rect width="7" height="7"'
    f' fill="#f2f2f2"/><line x1="0" y1="0" x2="0" y2="7" stroke="{NOT_REPORTED_HATCH}"'
    ' stroke-width="1.6"/></pattern></defs>\';'
    " document.body.appendChild(svg); }"
)
# Focus the map on a mouse press without scrolling the page around its frame (Leaflet's keyboard
# handler, overridden: geo.compat.leaflet).
FOCUS_JS = KEYBOARD_FOCUS_JS
# Leaflet 1.9 listens for focus on every shape with a tooltip (to open it from the keyboard), and
# Chromium makes an SVG shape with a focus listener a Tab stop: the departments, lakes and places
# were some sixty stops before the department list. Each shape gets tabindex -1 as it is added
# (Leaflet's public layeradd event and Path.getElement): the list beside the map is the keyboard's
# way to a department. The static map does the same (atlas-map.js, rules' shapes_in_tab_order).
SHAPES_IN_TAB_ORDER = False
NO_TAB_STOPS_JS = (
    "function atlasNoTab(layer) { var shape = layer.getElement && layer.getElement();"
    " if (shape && shape.tagName.toLowerCase() === 'path') shape.setAttribute('tabindex', '-1'); }"
    " map.eachLayer(atlasNoTab); map.on('layeradd', function (e) { atlasNoTab(e.layer); });"
)


def fit_js(bounds: list[list[float]], padding_js: str) -> str:
    """Frame ``bounds`` (``[[south, west], [north, east]]``) once the map has room for them.

    ``padding_js`` is a JavaScript expression of ``size`` (the map's size, a Leaflet point)
    giving ``[topLeft, bottomRight]`` paddings in pixels. A map drawn in a frame that has no size
    yet (Streamlit creates a component's frame before laying it out, and quick reruns replace
    frames before they are shown) has less room than its paddings: Leaflet's ``fitBounds`` then
    finds no zoom (NaN), leaves the map's view NaN and throws ``Invalid LatLng object: (NaN,
    NaN)``, and so does every later move. Such a map is framed at its first resize instead.
    """
    return (
        f"(function fit() {{ var size = map.getSize(), pad = {padding_js};"
        " if (size.x <= pad[0][0] + pad[1][0] || size.y <= pad[0][1] + pad[1][1]) {"
        " map.once('resize', fit); return; }"
        f" map.fitBounds({json.dumps(bounds)},"
        " {paddingTopLeft: pad[0], paddingBottomRight: pad[1]}); })();"
    )


def _fit_js() -> str:
    """Frame Peru right of a left margin that holds the legend and the source over the Pacific.

    The margin is LEFT_MARGIN_PX, the legend column, on any map whose legend is open, so that no
    box hides a department. A map narrower than NARROW_MAP_PX folds its legend and source away, so
    Peru takes the width, below the title.
    """
    fit = fit_js(
        PERU_BOUNDS,
        f"size.x < {NARROW_MAP_PX} ? [[8, 64], [8, 36]]"
        f" : [[{LEFT_MARGIN_PX}, 8], [8, 8]]",
    )
    # A map resized across NARROW_MAP_PX is framed again, as its boxes fold or open.
    return (
        f"{fit} (function () {{ var was = map.getSize().x < {NARROW_MAP_PX};"
        " map.on('resize', function () { var x = map.getSize().x;"
        f" if (!x || (x < {NARROW_MAP_PX}) === was) return; was = x < {NARROW_MAP_PX}; {fit} }});"
        " })();"
    )


def _r(value: float) -> float:
    """Coordinates to 4 decimals (about 11 m): finer than the drawing, lighter to send."""
    return round(float(value), 4)


def _rounded(geometry) -> dict:
    """A shapely geometry as GeoJSON with coordinates rounded by :func:`_r`."""

    def walk(coords):
        if isinstance(coords[0], (int, float)):
            return [_r(c) for c in coords]
        return [walk(c) for c in coords]

    data = geometry.__geo_interface__
    return {"type": data["type"], "coordinates": walk(data["coordinates"])}


def _highlight(feature: dict) -> dict:
    """The outline under the pointer; the selected department keeps its thicker outline."""
    return {"weight": 3.5 if feature["properties"]["selected"] else 2.5, "color": "#222222"}


def _water_style(feature: dict) -> dict:
    return dict(WATER_STYLE)


def _place_style(feature: dict) -> dict:
    site = feature["properties"]["site"]
    return {"radius": 5 if site else 4, "fillColor": "#1a1a1a" if site else "#ffffff"}


def _route_style(colour: str):
    def style(feature: dict) -> dict:
        line = feature["geometry"]["type"] == "LineString"
        return {
            "color": colour,
            "weight": ROUTE_STYLE["weight"] if line else ROUTE_STYLE["arrow_weight"],
            "opacity": ROUTE_STYLE["opacity"],
            "fillColor": colour,
            "fillOpacity": ROUTE_STYLE["fill_opacity"],
        }

    return style


def atlas_map(
    boundaries: gpd.GeoDataFrame,
    values: pd.DataFrame,
    classification: Classification | None,
    class_labels: list[str],
    tooltips: dict[str, str],
    text: MapText,
    routes: list[RouteLayer] | tuple = (),
    places: pd.DataFrame | None = None,
    selected: str | None = None,
    leaflet_url: str = LEAFLET_URL,
    water: gpd.GeoDataFrame | None = None,
) -> folium.Map:
    """Build the atlas map.

    Parameters
    ----------
    boundaries : the 25 departments (department_code, department, geometry), EPSG:4326.
    values : department_code, value (NaN = not reported).
    classification : classes of the reported values, or None when none is reported.
    class_labels : one legend label per class.
    tooltips : department_code -> plain-text tooltip (escaped here).
    text : the words drawn inside the map.
    routes : the route layers to draw, each as its own feature group.
    places : place, lat, lon, kind; drawn as one marker layer.
    selected : the INEI code of the department whose profile is open, outlined.
    leaflet_url : where the page loads Leaflet from.
    water : lakes outside the departments (name, geometry), drawn as water beside them.
    """
    fmap = _base_map(leaflet_url)
    add_script(fmap, f"L.control.scale({json.dumps(SCALE)}).addTo(map);")
    fmap.known_bounds = _bounds(boundaries, routes, places, water)
    features = _department_features(boundaries, values, classification, tooltips, selected)
    _department_layer(features).add_to(fmap)
    if water is not None and not water.empty:
        _water_layer(water).add_to(fmap)
    if places is not None and not places.empty:
        _place_layer(places).add_to(fmap)
    for route in routes:
        _route_layer(route).add_to(fmap)
    legend = _legend_html(classification, class_labels, text, list(routes))
    fmap.add_child(_Script(_controls_js(text, legend), CSS))
    return fmap


class _KnownBoundsMap(folium.Map):
    """folium's Map, told its bounds instead of finding them in every coordinate of every layer.

    st_folium asks each map for its bounds on every run (for a value the atlas does not ask it to
    return); folium finds them by walking each GeoJSON coordinate in Python, a large part of the
    map's build (``map_build_ms`` before and after: bench/README.md, "The next round"). The atlas
    knows them: its layers' total bounds
    (:func:`_bounds`, equal to folium's own answer: ``tests/test_maps.py``).
    """

    known_bounds: list[list[float]] | None = None

    def get_bounds(self) -> list[list[float | None]]:
        if self.known_bounds is not None:
            return self.known_bounds
        return super().get_bounds()


def _bounds(
    boundaries: gpd.GeoDataFrame,
    routes: list[RouteLayer] | tuple,
    places: pd.DataFrame | None,
    water: gpd.GeoDataFrame | None,
) -> list[list[float]]:
    """[[south, west], [north, east]] of the departments, the water, the routes and the places."""
    boxes = [tuple(boundaries.total_bounds)]  # (west, south, east, north), as shapely gives them
    if water is not None and not water.empty:
        boxes.append(tuple(water.total_bounds))
    boxes += [shape.bounds for route in routes for shape in (route.curve, *route.arrowheads)]
    if places is not None and not places.empty:
        lon, lat = places["lon"], places["lat"]
        boxes.append((lon.min(), lat.min(), lon.max(), lat.max()))
    west, south = min(b[0] for b in boxes), min(b[1] for b in boxes)
    east, north = max(b[2] for b in boxes), max(b[3] for b in boxes)
    return [[float(south), float(west)], [float(north), float(east)]]


def _base_map(leaflet_url: str) -> folium.Map:
    """An empty map with no tiles that loads Leaflet from ``leaflet_url`` and nothing else."""
    fmap = _KnownBoundsMap(
        location=[-9.2, -75.0],
        zoom_start=5,
        tiles=None,
        zoom_control=False,
        control_scale=False,  # the atlas's own scale bar, in kilometres only (SCALE)
        min_zoom=4,
        max_zoom=10,
        zoom_snap=0.25,
        zoom_delta=0.5,
    )
    fmap.default_js, fmap.default_css = leaflet_assets(leaflet_url)
    return fmap


def _collection(features: list[dict]) -> dict:
    """A GeoJSON FeatureCollection of ``features``."""
    return {"type": "FeatureCollection", "features": features}


def _tooltip() -> folium.GeoJsonTooltip:
    """A tooltip that follows the pointer with a feature's ``tooltip`` property (escaped) alone."""
    return folium.GeoJsonTooltip(fields=["tooltip"], labels=False, sticky=True)


def _department_features(
    boundaries: gpd.GeoDataFrame,
    values: pd.DataFrame,
    classification: Classification | None,
    tooltips: dict[str, str],
    selected: str | None,
) -> list[dict]:
    """One GeoJSON feature per department with its fill, selection and escaped tooltip."""
    by_code = values.set_index("department_code")["value"]
    features = []
    for row in boundaries.itertuples():
        value = by_code.get(row.department_code)
        colour = classification.colour_of(value) if classification is not None else None
        features.append(
            {
                "type": "Feature",
                "geometry": row.geometry.__geo_interface__,
                "properties": {
                    "department_code": row.department_code,
                    "department": row.department,
                    "fill": colour or NOT_REPORTED_FILL,
                    "selected": row.department_code == selected,
                    "tooltip": escape_html(tooltips.get(row.department_code, row.department)),
                },
            }
        )
    return features


def _department_style(feature: dict) -> dict:
    """A department's fill (a class colour or the hatch) and its outline, thick when selected."""
    props = feature["properties"]
    return {
        "fillColor": props["fill"],
        "fillOpacity": 0.9,
        "color": SELECTED_OUTLINE if props["selected"] else "#5f5f5f",
        "weight": 3.5 if props["selected"] else 0.8,
    }


def _department_layer(features: list[dict]) -> folium.GeoJson:
    """The choropleth: one GeoJSON layer of the departments, with tooltips and hover outlines."""
    return folium.GeoJson(
        _collection(features),
        name="departments",
        style_function=_department_style,
        highlight_function=_highlight,
        tooltip=_tooltip(),
        zoom_on_click=False,
    )


def _water_layer(water: gpd.GeoDataFrame) -> folium.GeoJson:
    """The lakes, after the departments (the first layer stays the departments'), which they never
    overlap; without a department code, so a click on one selects nothing."""
    features = [
        {
            "type": "Feature",
            "geometry": _rounded(w.geometry),
            "properties": {"tooltip": escape_html(w.name)},
        }
        for w in water.itertuples()
    ]
    return folium.GeoJson(
        _collection(features),
        name="water",
        style_function=_water_style,
        tooltip=folium.GeoJsonTooltip(fields=["tooltip"], labels=False, sticky=True),
        zoom_on_click=False,
    )


def _place_layer(places: pd.DataFrame) -> folium.GeoJson:
    """The places as one GeoJSON layer of circle markers (not a marker each: a lighter page)."""
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [_r(p.lon), _r(p.lat)]},
            "properties": {"site": p.kind in ("mine", "site"), "tooltip": escape_html(p.label)},
        }
        for p in places.itertuples()
    ]
    return folium.GeoJson(
        _collection(features),
        name="places",
        marker=folium.CircleMarker(
            radius=4, weight=1.5, color="#1a1a1a", fill=True, fill_opacity=1
        ),
        style_function=_place_style,
        tooltip=_tooltip(),
        zoom_on_click=False,
    )


def _route_layer(route: RouteLayer) -> folium.GeoJson:
    """One route as its own GeoJSON layer: its curve and its arrowheads.

    The route takes no pointer events (``interactive: false``): a click or a tap on a line goes
    to the department under it, which it selects. The legend names each route by its colour.
    """
    properties = {"route_id": route.route_id}
    features = [
        {"type": "Feature", "geometry": _rounded(shape), "properties": properties}
        for shape in (route.curve, *route.arrowheads)
    ]
    return folium.GeoJson(
        _collection(features),
        name=f"route:{route.route_id}",
        style_function=_route_style(route.colour),
        zoom_on_click=False,
        interactive=ROUTES_INTERACTIVE,
    )


def _controls_js(text: MapText, legend_html: Markup) -> str:
    """The script that draws the hatch, the zoom buttons, the framing, title, source and legend."""
    title_html = macro(BOXES, "title")(text)
    source_html = macro(BOXES, "source")([text.source, text.caveat, *text.extra])
    return " ".join(
        [
            HATCH_JS,
            FOCUS_JS,
            "" if SHAPES_IN_TAB_ORDER else NO_TAB_STOPS_JS,
            "L.control.zoom({position: 'topright'}).addTo(map);",
            _fit_js(),
            _control_js("topleft", "atlas-box atlas-title", title_html),
            # Bottom corners stack upwards: the source line goes first, the legend above it.
            _control_js("bottomleft", "atlas-box atlas-source", source_html, text.source_summary),
            _control_js("bottomleft", "atlas-box atlas-legend", legend_html, text.legend_summary),
        ]
    )


def document_html(fmap: folium.Map, title: str, lang: str) -> str:
    """The map as a whole HTML document with its language and a title (plain text, escaped).

    A frame or file without them is unnamed to screen readers.
    """
    page = fmap.get_root().render()
    page = page.replace("<html>", macro(BOXES, "html_tag")(lang), 1)
    return page.replace("<head>", macro(BOXES, "head_start")(title), 1)
