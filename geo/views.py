"""A map view (layer, measure, routes, department, language) turned into everything a map needs.

One function prepares the view for every renderer, so that the interactive map, the static image
and the standalone file show the same classes, colours and words.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import geopandas as gpd
import pandas as pd

from geo import layers
from geo.boundaries import read_boundaries
from geo.classify import Classification, classify
from geo.i18n import format_number, normalise_language, t
from geo.maps import ROUTE_COLOURS, MapText, RouteLayer, atlas_map
from geo.routes import arrowheads, route_lines
from geo.tables import read_table

ROUTE_IDS = ("north_coast", "north_selva", "lima", "south_selva", "south_sierra", "south_coast")
UPLOAD_LAYER = "upload"


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


def prepare_map(view: MapView, user: UserLayer | None = None, boundaries=None) -> PreparedMap:
    """Prepare ``view`` for drawing: values, classes, legend labels, tooltips and words."""
    lang = view.lang
    boundaries = read_boundaries() if boundaries is None else boundaries
    values, decimals = layer_frame(view, user)
    reported = [v for v in values["value"] if not math.isnan(v)]
    classification = classify(reported) if reported else None
    labels = []
    if classification is not None:
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
    )


def interactive_map(prepared: PreparedMap, leaflet_url: str | None = None):
    """The folium map of a prepared view."""
    kwargs = {} if leaflet_url is None else {"leaflet_url": leaflet_url}
    return atlas_map(
        prepared.boundaries,
        prepared.values,
        prepared.classification,
        prepared.class_labels,
        prepared.tooltips,
        prepared.text,
        routes=prepared.routes,
        places=prepared.places,
        selected=prepared.view.department,
        **kwargs,
    )
