"""A map view (layer, measure, routes, department, language) turned into everything a map needs.

One function prepares the view for every renderer, so that the interactive map, the static image
and the standalone file show the same classes, colours and words.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field

import folium
import geopandas as gpd
import pandas as pd

from geo import layers
from geo.boundaries import read_boundaries, read_water
from geo.classify import Classification, classify, legend_decimals
from geo.i18n import format_number, normalise_language, t
from geo.maps import (
    LEFT_MARGIN_PX,
    NARROW_MAP_PX,
    PLACE_LABEL,
    ROUTE_COLOURS,
    ROUTE_PADDING,
    MapText,
    RouteLayer,
    add_script,
    atlas_map,
    fit_js,
)
from geo.routes import (
    ROUTE_IDS,
    arrowheads,
    departments_crossed,
    read_waypoints,
    route_bounds,
    route_lines,
)
from geo.tables import read_table
from geo.uploads import Upload, upload_layer_values

UPLOAD_LAYER = "upload"
# The Routes page's map is a map of the route, not of a layer: every department in one neutral
# fill, the ones the route's line crosses a shade darker (its two "classes"), no hatching.
ROUTE_MAP_FILLS = ("#f3f1ec", "#ddd6c6")  # other departments, departments the line crosses
ROUTE_FRAME_PX = 300  # about the route's extent once framed, in pixels (its labels' placing)


@dataclass(frozen=True)
class MapView:
    """What the user looks at; every field round-trips through the URL."""

    layer: str = "complaints"
    measure: str = "count"
    routes: tuple[str, ...] = ()
    department: str | None = None
    lang: str = "es"


@dataclass(frozen=True)
class UserLayer:
    """A layer from a user's file: values per department and the words that go with it."""

    values: pd.DataFrame  # department_code, value, status
    name: str
    source: str
    decimals: int = 1


@dataclass
class PreparedMap:
    """Everything any renderer needs to draw a view."""

    view: MapView
    boundaries: gpd.GeoDataFrame
    values: pd.DataFrame
    classification: Classification | None
    class_labels: list[str]
    tooltips: dict[str, str]
    text: MapText
    routes: list[RouteLayer] = field(default_factory=list)
    places: pd.DataFrame | None = None
    decimals: int = 0
    water: gpd.GeoDataFrame | None = None  # lakes outside the departments: name (in lang), geometry
    # Places named on the map itself (a route's points, numbered as its card lists them):
    # (label, lat, lon, side), drawn as a marker with its label on that side (label_sides).
    labels: tuple[tuple[str, float, float, str], ...] = ()


def layer_ids(with_upload: bool) -> list[str]:
    """The layers the map offers: the report's, then the session's upload when there is one."""
    return [*layers.LAYERS, UPLOAD_LAYER] if with_upload else list(layers.LAYERS)


def layer_measures(layer_id: str) -> list[str]:
    """The measures a layer offers, the default first (an upload is mapped as given: ``count``)."""
    if layer_id == UPLOAD_LAYER:
        return ["count"]
    if layer_id not in layers.LAYERS:
        raise ValueError(
            f"unknown layer {layer_id!r}: expected one of {', '.join(layer_ids(True))}"
        )
    return list(layers.LAYERS[layer_id].measures)


def upload_source(upload: Upload) -> str:
    """The user's source for an upload: its source column's first value, else the file name."""
    if upload.source_column is not None:
        sources = [s for s in upload.harmonised["source"].dropna().astype(str) if s.strip()]
        if sources:
            return sources[0]
    return upload.name


def user_layer(upload: Upload, column: str | None = None, year: int | None = None) -> UserLayer:
    """An upload as a map layer: ``column`` in ``year``, named after them, with the user's source.

    A column or year the file does not have (None, or one left from an earlier file) falls back to
    the first value column and the latest year. Whole numbers are shown without decimals, others
    with one, or more where the legend needs them to read in order.
    """
    if column not in upload.value_columns:
        column = upload.value_columns[0]
    if year not in upload.years:
        year = upload.years[-1] if upload.years else None
    name = f"{column} ({year})" if year is not None else column
    values = upload_layer_values(upload, column, year)
    reported = values["value"].dropna()
    whole = bool((reported == reported.round()).all())
    # One decimal for figures that are not whole, more where the legend needs them to read in order.
    decimals = max(0 if whole else 1, legend_decimals(reported.tolist()))
    return UserLayer(values, name, upload_source(upload), decimals)


def _layer_text(view: MapView, user: UserLayer | None) -> tuple[str, str, str, str]:
    lang = view.lang
    if view.layer == UPLOAD_LAYER:
        assert user is not None
        return (
            t("layer.upload.title", lang, name=user.name),
            "",
            t("layer.upload.source", lang, source=user.source),
            t("layer.upload.caveat", lang),
        )
    return (
        t(f"layer.{view.layer}.title", lang),
        t(f"measure.{view.measure}.{view.layer}", lang),
        t(f"layer.{view.layer}.source", lang),
        layers.caveat(view.layer, view.measure, lang),
    )


def layer_frame(view: MapView, user: UserLayer | None = None) -> tuple[pd.DataFrame, int]:
    """(values of the view's layer for the 25 departments, decimals to show)."""
    if view.layer == UPLOAD_LAYER:
        if user is None:
            raise ValueError("the upload layer needs a loaded file; none is loaded")
        frame = layers.join_to_departments(
            user.values[user.values["status"] == layers.REPORTED], "value"
        )
        frame["value"] = frame["count"]
        return frame, user.decimals
    spec = layers.LAYERS[view.layer]
    return layers.layer_values(view.layer, view.measure), spec.decimals[view.measure]


def route_layers(route_ids: tuple[str, ...], lang: str) -> list[RouteLayer]:
    """The chosen routes as drawable layers, in the report's order, one colour each."""
    lines = route_lines().set_index("route_id")
    heads = arrowheads()
    out = []
    for i, route_id in enumerate(ROUTE_IDS):
        if route_id not in route_ids:
            continue
        row = lines.loc[route_id]
        name = row[f"name_{normalise_language(lang)}"]
        out.append(
            RouteLayer(
                route_id=route_id,
                name=name,
                curve=row.geometry,
                arrowheads=tuple(heads[heads["route_id"] == route_id].geometry),
                colour=ROUTE_COLOURS[i],
                tooltip=name,
            )
        )
    return out


def place_markers(lang: str) -> pd.DataFrame:
    """The places the report names, with a label in ``lang``: place, lat, lon, kind, label."""
    places = read_table("places")
    places = places[places["named_in_report"].astype(str).str.lower() == "true"].copy()
    places["label"] = [f"{p.place} ({t('map.place.' + p.kind, lang)})" for p in places.itertuples()]
    return places[["place", "lat", "lon", "kind", "label"]]


def water_layer(lang: str) -> gpd.GeoDataFrame:
    """The lakes outside the departments, each with its name in ``lang``: name, geometry."""
    water = read_water()
    water["name"] = water[f"name_{normalise_language(lang)}"]
    return water[["name", "geometry"]]


def prepare_map(view: MapView, user: UserLayer | None = None, boundaries=None) -> PreparedMap:
    """Prepare ``view`` for drawing: values, classes, legend labels, tooltips and words."""
    lang = view.lang
    boundaries = read_boundaries() if boundaries is None else boundaries
    values, decimals = layer_frame(view, user)
    reported = [v for v in values["value"] if not math.isnan(v)]
    classification = classify(reported) if reported else None
    labels = []
    if classification is not None:  # as many decimals as the data need to read in order
        decimals = legend_decimals(reported, classification, decimals)
        labels = classification.labels(decimals, lambda v, d: format_number(v, d, lang))
    tooltips = {}
    for row in values.itertuples():
        if math.isnan(row.value):
            tooltips[row.department_code] = t(
                "map.tooltip.not_reported", lang, department=row.department
            )
        else:
            tooltips[row.department_code] = t(
                "map.tooltip.value",
                lang,
                department=row.department,
                value=format_number(row.value, decimals, lang),
            )
        if user is not None:  # say whose figure it is: the user's column and source
            tooltips[row.department_code] += f" — {user.name} ({user.source})"
    title, subtitle, source, caveat = _layer_text(view, user)
    text = MapText(
        title=title,
        subtitle=subtitle,
        legend_title=subtitle or title,
        not_reported=t("map.not_reported", lang),
        source=source,
        caveat=caveat,
        routes_title=t("map.routes_title", lang),
        extra=(t("map.boundaries", lang),),
        water=t("map.water", lang),
        legend_summary=t("map.legend_summary", lang),
        source_summary=t("map.source_summary", lang),
    )
    return PreparedMap(
        view=view,
        boundaries=boundaries,
        values=values,
        classification=classification,
        class_labels=labels,
        tooltips=tooltips,
        text=text,
        routes=route_layers(view.routes, lang),
        places=place_markers(lang),
        decimals=decimals,
        water=water_layer(lang),
    )


# The dark map (an embed's ?theme=dark): the static edition's dark colours (geo/site/assets/site.css).
# The class colours (YlGnBu), the routes' (Okabe-Ito) and the hatch stay as they are.
DARK_MAP_CSS = """<style>
html, body { background: #1e1e1e; }
html .leaflet-container { background: #17232c; }
html .atlas-box { background: rgba(30,30,30,.94); color: #eeeeee; box-shadow: 0 1px 4px rgba(0,0,0,.8); }
html .atlas-title p { color: #d0d0d0; }
html .atlas-legend .sw { border-color: #bbbbbb; }
html .atlas-legend .nr { background: repeating-linear-gradient(45deg,#3a3a3a 0 3px,#a6a6a6 3px 4px); }
html .leaflet-tooltip { background: #262626; color: #eeeeee; border-color: #666666; }
html .leaflet-bar a { background: #262626; color: #eeeeee; border-color: #555555; }
html .leaflet-control-scale-line { background: rgba(30,30,30,.8); color: #eeeeee; border-color: #cccccc; }
html .leaflet-container a { color: #8cc4ff; }
html .leaflet-container .leaflet-control-attribution { background: rgba(30,30,30,.8); color: #d0d0d0; }
path[stroke="#5f5f5f"] { stroke: #a0a0a0; }
</style>"""


def interactive_map(prepared: PreparedMap, leaflet_url: str | None = None, theme: str = "light"):
    """The folium map of a prepared view; ``theme="dark"`` adds the dark colours."""
    kwargs = {} if leaflet_url is None else {"leaflet_url": leaflet_url}
    fmap = atlas_map(
        prepared.boundaries,
        prepared.values,
        prepared.classification,
        prepared.class_labels,
        prepared.tooltips,
        prepared.text,
        routes=prepared.routes,
        places=prepared.places,
        selected=prepared.view.department,
        water=prepared.water,
        **kwargs,
    )
    if theme == "dark":
        fmap.get_root().header.add_child(folium.Element(DARK_MAP_CSS), name="atlas_dark")
    return fmap


def prepare_route_map(route_id: str, lang: str, boundaries=None) -> PreparedMap:
    """The map of route ``route_id`` (the Routes page's, in both editions), prepared like a view.

    Titled with the route's name; the departments in one neutral fill, those its line crosses a
    shade darker (``ROUTE_MAP_FILLS``), none hatched; the route's line; its points named on the
    map, numbered as its card lists them (``labels``); a legend saying what is drawn.

    Raises
    ------
    ValueError
        On an unknown route (the message names the routes there are).
    """
    lang = normalise_language(lang)
    boundaries = read_boundaries() if boundaries is None else boundaries
    crossed = set(departments_crossed(route_id, boundaries))
    values = boundaries[["department_code", "department"]].copy()
    values["value"] = [1.0 if code in crossed else 0.0 for code in values["department_code"]]
    classification = Classification(0.0, (0.0, 1.0), ROUTE_MAP_FILLS, "route")
    tooltips = {
        row.department_code: t(
            "routes.map.tooltip_crossed" if row.value else "routes.map.tooltip",
            lang,
            department=row.department,
        )
        for row in values.itertuples()
    }
    route = route_layers((route_id,), lang)[0]
    points = [
        (t("routes.map.place", lang, n=int(p.seq), name=p.name), float(p.lat), float(p.lon))
        for p in read_waypoints(route_id).itertuples()
    ]
    (south, west), (north, east) = route_bounds(route_id)
    sides = label_sides(points, ROUTE_FRAME_PX / max(east - west, north - south, 0.5))
    labels = tuple((*point, side) for point, side in zip(points, sides, strict=True))
    text = MapText(
        title=route.name,
        subtitle=t("routes.map.subtitle", lang),
        legend_title=t("routes.map.legend_title", lang),
        not_reported="",  # every department is drawn as what it is: crossed or not
        source=t("routes.map.source", lang),
        caveat="",  # the drawing's caveat is the map's caption, under it
        routes_title=t("map.routes_title", lang),
        places_title=t("routes.map.places", lang),
        extra=(t("map.boundaries", lang),),
        water=t("map.water", lang),
        legend_summary=t("map.legend_summary", lang),
        source_summary=t("map.source_summary", lang),
    )
    return PreparedMap(
        view=MapView("complaints", "count", (route_id,), None, lang),
        boundaries=boundaries,
        values=values,
        classification=classification,
        class_labels=[t("routes.map.other", lang), t("routes.map.crossed", lang)],
        tooltips=tooltips,
        text=text,
        routes=[route],
        places=None,
        water=water_layer(lang),
        labels=labels,
    )


def label_sides(points: list[tuple[str, float, float]], px_per_degree: float) -> list[str]:
    """The side of its marker each label of ``points`` (text, lat, lon) is drawn on, so that
    labels overlap each other and the markers as little as they can.

    In the map's order, each label takes the first side (right, left, below, above) where its
    box, estimated at ``px_per_degree`` (the map's scale once framed) and the label's length,
    overlaps the markers and the labels placed before it least, and reaches least far past the
    route's east and west ends (where the frame's edge may cut it).
    """
    marker, gap, char_px, height, margin = 6.0, 9.0, 7.0, 16.0, 10.0
    spots = [(lon * px_per_degree, -lat * px_per_degree) for _text, lat, lon in points]
    boxes = [(x - marker, y - marker, x + marker, y + marker) for x, y in spots]
    west = min(x for x, _y in spots) - margin  # a label far past the route's ends may be cut
    east = max(x for x, _y in spots) + margin  # by the frame's edge: it counts as an overlap

    def overlap(box: tuple[float, ...]) -> float:
        outside = (max(0.0, west - box[0]) + max(0.0, box[2] - east)) * (box[3] - box[1])
        return outside + sum(
            max(0.0, min(box[2], b[2]) - max(box[0], b[0]))
            * max(0.0, min(box[3], b[3]) - max(box[1], b[1]))
            for b in boxes
        )

    sides = []
    for (text, _lat, _lon), (x, y) in zip(points, spots, strict=True):
        w, h = char_px * len(text) + 8, height
        options = {
            "right": (x + gap, y - h / 2, x + gap + w, y + h / 2),
            "left": (x - gap - w, y - h / 2, x - gap, y + h / 2),
            "bottom": (x - w / 2, y + gap, x + w / 2, y + gap + h),
            "top": (x - w / 2, y - gap - h, x + w / 2, y - gap),
        }
        side = min(options, key=lambda name: overlap(options[name]))  # the first of the least
        boxes.append(options[side])
        sides.append(side)
    return sides


def route_map_alt(prepared: PreparedMap) -> str:
    """The words of a route's map (:func:`prepare_route_map`) for a reader who cannot see it:
    the route, the departments its line crosses and its points, in order, one line."""
    values = prepared.values
    crossed = values[values["value"] > 0]["department"]
    return t(
        "routes.map.alt",
        prepared.view.lang,
        name=prepared.text.title,
        departments=", ".join(crossed),
        places=", ".join(label[0] for label in prepared.labels),
    )


def _labels_js(labels: tuple[tuple[str, float, float, str], ...]) -> str:
    """Draw ``labels`` (text, lat, lon, side): a marker each with its text beside it, as text, never
    as HTML (the static map draws them alike: atlas-map.js, PLACE_LABEL)."""
    data = json.dumps([list(label) for label in labels])
    data = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return (
        f"var rule = {json.dumps(PLACE_LABEL)}; {data}.forEach(function (p) {{"
        " var m = L.circleMarker([p[1], p[2]], {radius: rule.radius, weight: 1.5,"
        " color: '#1a1a1a', fillColor: '#ffffff', fillOpacity: 1, interactive: rule.interactive});"
        " var s = document.createElement('span'); s.textContent = p[0];"
        " m.bindTooltip(s, {permanent: true, direction: p[3], offset: rule.offsets[p[3]],"
        " className: rule.className, interactive: rule.interactive}); m.addTo(map); });"
    )


def route_map(prepared: PreparedMap):
    """The folium map of a view with one route, framed on that route.

    Raises
    ------
    ValueError
        When the view does not show exactly one route.
    """
    if len(prepared.view.routes) != 1:
        raise ValueError(
            f"a route map shows one route: the view has {len(prepared.view.routes)} "
            f"({', '.join(prepared.view.routes) or 'none'})"
        )
    fmap = interactive_map(prepared)
    if prepared.labels:
        add_script(fmap, _labels_js(prepared.labels))
    # After the atlas's own framing of Peru, and like it only once the frame has room (fit_js).
    # Room for the title above and the legend column left of the route, none on a narrow map
    # whose legend starts folded (ROUTE_PADDING; the static edition's route maps alike).
    pad = ROUTE_PADDING
    padding = (
        f"[[(size.x < {NARROW_MAP_PX} ? 0 : {LEFT_MARGIN_PX}) + {pad['left']}, {pad['top']}],"
        f" [{pad['right']}, {pad['bottom']}]]"
    )
    add_script(fmap, fit_js(route_bounds(prepared.view.routes[0]), padding))
    return fmap
