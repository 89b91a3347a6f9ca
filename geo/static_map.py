"""The map as a print-ready PNG or SVG, drawn on the server with matplotlib (no browser).

Every text is drawn with ``parse_math=False``: matplotlib reads any ``$...$`` in a text as
mathematics, and a reader's column name, file name or source (``cost $\\frac{a}{$``) would be
parsed as TeX, or stop the image with an error (``tests/test_static_map.py`` checks every text).
"""

from __future__ import annotations

import math
import textwrap

import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrow, PathPatch, Polygon, Rectangle
from matplotlib.path import Path
from pyproj import Geod, Transformer
from shapely.geometry.base import BaseGeometry

from geo.classify import NOT_REPORTED_COLOUR, NOT_REPORTED_HATCH
from geo.i18n import t
from geo.image_files import compact_svg, palette_png
from geo.maps import PERU_BOUNDS, SELECTED_OUTLINE, WATER_EDGE, WATER_FILL, MapText, RouteLayer
from geo.views import PreparedMap

PAGE_SIZE_IN = (11.69, 8.27)  # A4 landscape
FORMATS = ("png", "svg")
MAP_CRS = "EPSG:32718"  # UTM zone 18S: Peru's central zone, metres
OCEAN = "#eef3f7"
BORDER = "#5f5f5f"
HATCH = "////"
SCALE_BAR_KM = (0, 100, 200, 300)
MAP_RECT = (0.015, 0.135, 0.56, 0.745)  # the map on the left of the print page
# kind -> (marker, fill, size): cities white circles, sites black circles (as on the interactive
# map), mines black triangles.
PLACE_MARKERS = {
    "city": ("o", "white", 22),
    "site": ("o", "#1a1a1a", 26),
    "mine": ("^", "#1a1a1a", 34),
}
# Place labels go right of the marker, or left-below when a place lies close on the right;
# a few crowded places have a fixed side.
LABEL_PLACEMENT = {
    "right": ((4, 2), "left", "baseline"),
    "left": ((-3, -3), "right", "top"),
    "below": ((0, -5), "center", "top"),
}
LABEL_SIDE = {"Cusco": "below"}  # leaves room for Huepetuhe's label
# Ids given to the drawn artists so that the SVG can be checked: ``dept-<code>`` (fill),
# ``dept-<code>-hatch`` (hatch over a department that is not reported), ``route-<id>``.
DEPT_GID = "dept-{code}"
HALO_GID = "halo-"  # + the label's number: the white copy under a place's name
HALO_WIDTH = 2.2  # points: the halo's stroke around each letter

_GEOD = Geod(ellps="WGS84")


def _transformer() -> Transformer:
    return Transformer.from_crs("EPSG:4326", MAP_CRS, always_xy=True)


def _ring_path(coords, tr: Transformer) -> tuple[np.ndarray, list[int]]:
    lon, lat = np.asarray(coords, dtype=float).T[:2]
    x, y = tr.transform(lon, lat)
    verts = np.column_stack([x, y])
    codes = [Path.MOVETO] + [Path.LINETO] * (len(verts) - 2) + [Path.CLOSEPOLY]
    return verts, codes


def _geometry_path(geom: BaseGeometry, tr: Transformer) -> Path:
    """A (multi)polygon as one matplotlib path with holes, projected."""
    polygons = list(geom.geoms) if geom.geom_type == "MultiPolygon" else [geom]
    verts, codes = [], []
    for polygon in polygons:
        for ring in (polygon.exterior, *polygon.interiors):
            v, c = _ring_path(ring.coords, tr)
            verts.append(v)
            codes.extend(c)
    return Path(np.concatenate(verts), codes)


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width)) if text else ""


def _scale_bar(ax, tr: Transformer, x0: float, y0: float, height: float, lang: str) -> None:
    """A bar of SCALE_BAR_KM, true to the ground at its own position (geodesic along the bar)."""
    lon0, lat0 = tr.transform(x0, y0, direction="INVERSE")
    xs = []
    for km in SCALE_BAR_KM:
        lon, lat, _ = _GEOD.fwd(lon0, lat0, 90.0, km * 1000.0)
        xs.append(tr.transform(lon, lat)[0])
    for i in range(len(xs) - 1):
        ax.add_patch(
            Rectangle(
                (xs[i], y0),
                xs[i + 1] - xs[i],
                height,
                facecolor="#1a1a1a" if i % 2 == 0 else "white",
                edgecolor="#1a1a1a",
                linewidth=0.8,
                zorder=8,
            )
        )
    for x, km in zip(xs, SCALE_BAR_KM, strict=True):
        ax.text(
            x,
            y0 + height * 1.6,
            f"{km}",
            ha="center",
            va="bottom",
            fontsize=7,
            zorder=8,
            parse_math=False,
        )
    ax.text(
        xs[-1] + height * 1.2,
        y0 + height / 2,
        "km",
        ha="left",
        va="center",
        fontsize=7,
        zorder=8,
        parse_math=False,
    )


def _north_arrow(ax, tr: Transformer, x: float, y: float, length: float) -> None:
    """An arrow to true north at (x, y): grid and true north differ away from the zone's centre."""
    lon, lat = tr.transform(x, y, direction="INVERSE")
    nx, ny = tr.transform(lon, lat + 0.5)
    angle = math.atan2(nx - x, ny - y)
    dx, dy = length * math.sin(angle), length * math.cos(angle)
    ax.add_patch(
        FancyArrow(
            x,
            y,
            dx,
            dy,
            width=length * 0.12,
            head_width=length * 0.38,
            head_length=length * 0.4,
            length_includes_head=True,
            color="#1a1a1a",
            zorder=8,
        )
    )
    ax.text(
        x + dx * 1.12,
        y + dy * 1.12,
        "N",
        ha="center",
        va="bottom",
        fontsize=11,
        fontweight="bold",
        zorder=8,
        parse_math=False,
    )


def draw_figure(prepared: PreparedMap, dpi: int = 200) -> Figure:
    """The map of ``prepared`` as a matplotlib Figure (A4 landscape), not yet saved.

    The steps below run in drawing order: it decides which artist lies over which, and the order
    of the elements in an SVG.
    """
    tr = _transformer()
    fig = Figure(figsize=PAGE_SIZE_IN, dpi=dpi, facecolor="white")
    FigureCanvasAgg(fig)
    ax, (x_lo, x_hi, y_lo, y_hi), place_kinds = draw_map(fig, prepared, MAP_RECT)
    width, height = x_hi - x_lo, y_hi - y_lo
    lang = prepared.view.lang
    _scale_bar(ax, tr, x_lo + 0.05 * width, y_lo + 0.04 * height, 0.008 * height, lang)
    _north_arrow(ax, tr, x_lo + 0.08 * width, y_hi - 0.14 * height, 0.08 * height)
    _draw_title(fig, prepared.text)
    _draw_class_legend(fig, prepared)
    _draw_symbol_legend(fig, prepared, place_kinds)
    _draw_source(fig, prepared.text, lang)
    return fig


def draw_map(fig: Figure, prepared: PreparedMap, rect: tuple[float, float, float, float]):
    """The map alone in ``rect`` (figure fractions: left, bottom, width, height) of ``fig``:
    water, departments, the chosen one's outline, routes and places, framed on Peru.

    The print image (:func:`draw_figure`) and the preview cards of the static edition
    (``geo.site.previews``) draw their map with it. Returns the axes, the extent in metres
    (x_lo, x_hi, y_lo, y_hi) and the kinds of place drawn.
    """
    tr = _transformer()
    ax = _map_frame(fig, rect)
    # The outlines are added with add_artist, not add_patch: its update of the data limits walks
    # every Bezier segment (a third of the drawing), and the extent is Peru's fixed bounds.
    _draw_water(ax, prepared, tr)
    selected = _draw_departments(ax, prepared, tr)
    if selected is not None:
        _draw_selected(ax, selected)
    _draw_routes(ax, prepared.routes, tr)
    place_kinds = _draw_places(ax, prepared.places, tr)
    return ax, _fit_extent(ax, fig, tr), place_kinds


def _map_frame(fig: Figure, rect: tuple[float, float, float, float]):
    """The map's axes at ``rect``: ocean background, thin grey frame, no ticks."""
    ax = fig.add_axes(rect)
    ax.set_facecolor(OCEAN)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_edgecolor("#9a9a9a")
        spine.set_linewidth(0.6)
    return ax


def _draw_water(ax, prepared: PreparedMap, tr: Transformer) -> None:
    """The lakes outside the departments as water, Lake Titicaca named in italics on it."""
    if prepared.water is None or prepared.water.empty:
        return
    for i, row in enumerate(prepared.water.itertuples()):
        path = _geometry_path(row.geometry, tr)
        ax.add_artist(
            PathPatch(
                path,
                facecolor=WATER_FILL,
                edgecolor=WATER_EDGE,
                linewidth=0.4,
                zorder=1.9,
                gid=f"water-{i}",
            )
        )
    lake = prepared.water.geometry.iloc[0]  # Lake Titicaca (lakes.geojson lists it first)
    # East of the lake, over Bolivia, where no place label is: on it, Puno's label hides it.
    x, y = tr.transform(lake.bounds[2], lake.centroid.y)
    ax.annotate(
        prepared.water["name"].iloc[0],
        (x, y),
        xytext=(3, 0),
        textcoords="offset points",
        ha="left",
        va="center",
        fontsize=5.6,
        fontstyle="italic",
        color="#2b5d87",
        zorder=2.2,
        gid="water-label",
        parse_math=False,
    )


def _draw_departments(ax, prepared: PreparedMap, tr: Transformer) -> Path | None:
    """Fill each department with its class colour, hatch those not reported; the selected path."""
    by_code = prepared.values.set_index("department_code")["value"]
    classification = prepared.classification
    selected = None
    for row in prepared.boundaries.itertuples():
        path = _geometry_path(row.geometry, tr)
        value = by_code.get(row.department_code)
        colour = classification.colour_of(value) if classification is not None else None
        gid = DEPT_GID.format(code=row.department_code)
        fill = colour or NOT_REPORTED_COLOUR
        ax.add_artist(
            PathPatch(path, facecolor=fill, edgecolor=BORDER, linewidth=0.5, zorder=2, gid=gid)
        )
        if colour is None:
            _draw_hatch(ax, path, f"{gid}-hatch")
        if row.department_code == prepared.view.department:
            selected = path
    return selected


def _draw_hatch(ax, path: Path, gid: str) -> None:
    """The "not reported" hatch over a department, drawn on its own so that it has its own colour."""
    ax.add_artist(
        PathPatch(
            path,
            facecolor="none",
            edgecolor=NOT_REPORTED_HATCH,
            linewidth=0,
            hatch=HATCH,
            zorder=2.1,
            gid=gid,
        )
    )


def _draw_selected(ax, path: Path) -> None:
    """The thick outline of the department whose profile is open, over its neighbours."""
    ax.add_artist(
        PathPatch(
            path,
            facecolor="none",
            edgecolor=SELECTED_OUTLINE,
            linewidth=2.4,
            zorder=5,
            gid="selected-department",
        )
    )


def _draw_routes(ax, routes: list[RouteLayer], tr: Transformer) -> None:
    """Each route as a coloured curve with its arrowheads at the destinations."""
    for route in routes:
        x, y = tr.transform(*np.asarray(route.curve.coords).T[:2])
        ax.add_line(
            Line2D(
                x,
                y,
                color=route.colour,
                linewidth=2.2,
                solid_capstyle="round",
                zorder=6,
                gid=f"route-{route.route_id}",
            )
        )
        for head in route.arrowheads:
            hx, hy = tr.transform(*np.asarray(head.exterior.coords).T[:2])
            ax.add_patch(
                Polygon(
                    np.column_stack([hx, hy]),
                    closed=True,
                    facecolor=route.colour,
                    edgecolor=route.colour,
                    linewidth=0.6,
                    zorder=6.1,
                )
            )


def _draw_places(ax, places: pd.DataFrame | None, tr: Transformer) -> list[str]:
    """The places' markers (by kind) and labels; the kinds drawn, in legend order."""
    if places is None or places.empty:
        return []
    lon, lat = places["lon"].to_numpy(float), places["lat"].to_numpy(float)
    px, py = tr.transform(lon, lat)
    kinds = places["kind"].to_numpy()
    for kind, (marker, face, size) in PLACE_MARKERS.items():
        mask = kinds == kind
        if mask.any():
            ax.scatter(
                px[mask],
                py[mask],
                s=size,
                c=face,
                marker=marker,
                edgecolors="#1a1a1a",
                linewidths=1.0,
                zorder=7,
            )
    sides = _label_sides(lon, lat)
    for i, (x, y, name, left) in enumerate(zip(px, py, places["place"], sides, strict=True)):
        _place_label(ax, x, y, name, LABEL_SIDE.get(name, "left" if left else "right"), i)
    return [kind for kind in PLACE_MARKERS if kind in set(kinds)]


def _place_label(ax, x: float, y: float, name: str, side: str, index: int) -> None:
    """A place's name beside its marker, on ``side`` (a key of LABEL_PLACEMENT), with a halo.

    The halo is a white copy of the name under it (its gid starts with HALO_GID), so the name
    itself stays one text in an SVG (searchable, editable). matplotlib draws a text with path
    effects as glyph outlines, which in an SVG weigh 40 times the text: there the copy is a text
    too, stroked by geo.image_files.compact_svg.
    """
    offset, ha, va = LABEL_PLACEMENT[side]
    for colour, effects, gid in (
        ("white", [_halo()], f"{HALO_GID}{index}"),
        ("#1a1a1a", [], None),
    ):
        ax.annotate(
            name,
            (x, y),
            xytext=offset,
            textcoords="offset points",
            ha=ha,
            va=va,
            fontsize=6.2,
            zorder=7,
            color=colour,
            path_effects=effects,
            gid=gid,
            parse_math=False,
        )


def _fit_extent(ax, fig: Figure, tr: Transformer) -> tuple[float, float, float, float]:
    """Frame Peru in the axes at one scale in x and y; the extent (x_lo, x_hi, y_lo, y_hi)."""
    x_lo, x_hi, y_lo, y_hi = _extent(tr, fig, ax)
    ax.set_xlim(x_lo, x_hi)
    ax.set_ylim(y_lo, y_hi)
    ax.set_aspect("equal", adjustable="box")
    return x_lo, x_hi, y_lo, y_hi


def _draw_title(fig: Figure, text: MapText) -> None:
    """The title, and the subtitle (the measure) under it, across the top of the page."""
    fig.text(
        0.015,
        0.975,
        _wrap(text.title, 105),
        ha="left",
        va="top",
        fontsize=15,
        fontweight="bold",
        color="#1a1a1a",
        gid="map-title",
        parse_math=False,
    )
    if text.subtitle:
        fig.text(
            0.015,
            0.925,
            text.subtitle,
            ha="left",
            va="top",
            fontsize=11,
            color="#333333",
            gid="map-subtitle",
            parse_math=False,
        )


def _swatch(**style) -> Rectangle:
    """A legend key: a unit rectangle in ``style``."""
    return Rectangle((0, 0), 1, 1, **style)


def _draw_class_legend(fig: Figure, prepared: PreparedMap) -> None:
    """The legend of classes, "not reported" and the selected department, top right."""
    handles, labels = [], []
    if prepared.classification is not None:
        for colour, label in zip(
            prepared.classification.colours, prepared.class_labels, strict=True
        ):
            handles.append(_swatch(facecolor=colour, edgecolor=BORDER, linewidth=0.5))
            labels.append(label)
    handles.append(
        _swatch(
            facecolor=NOT_REPORTED_COLOUR, edgecolor=NOT_REPORTED_HATCH, hatch=HATCH, linewidth=0.5
        )
    )
    labels.append(prepared.text.not_reported)
    if prepared.water is not None and not prepared.water.empty and prepared.text.water:
        handles.append(_swatch(facecolor=WATER_FILL, edgecolor=WATER_EDGE, linewidth=0.5))
        labels.append(prepared.text.water)
    if prepared.view.department is not None:
        handles.append(_swatch(facecolor="none", edgecolor=SELECTED_OUTLINE, linewidth=2.0))
        labels.append(_selected_label(prepared))
    title = _wrap(prepared.text.legend_title, 42)
    _legend(fig, handles, labels, title, 0.88, "legend-classes", (9.5, 10.5), handleheight=1.3)


def _draw_symbol_legend(fig: Figure, prepared: PreparedMap, place_kinds: list[str]) -> None:
    """The legend of the routes and the kinds of place drawn, under the classes."""
    handles, labels = [], []
    for route in prepared.routes:
        handles.append(Line2D([], [], color=route.colour, linewidth=2.4))
        labels.append(route.name)
    for kind in place_kinds:
        marker, face, _size = PLACE_MARKERS[kind]
        handles.append(
            Line2D(
                [],
                [],
                linestyle="none",
                marker=marker,
                markersize=5.5,
                markerfacecolor=face,
                markeredgecolor="#1a1a1a",
            )
        )
        labels.append(t(f"map.place.{kind}", prepared.view.lang).capitalize())
    if handles:
        title = _wrap(prepared.text.routes_title, 46) if prepared.routes else None
        _legend(fig, handles, labels, title, 0.52, "legend-routes", (9, 9.5))


def _legend(fig: Figure, handles, labels, title, top: float, gid: str, sizes, **extra) -> None:
    """A frameless legend in the right-hand panel, its top at ``top``; ``sizes``: (text, title)."""
    legend = fig.legend(
        handles,
        labels,
        title=title,
        loc="upper left",
        bbox_to_anchor=(0.6, top),
        frameon=False,
        fontsize=sizes[0],
        title_fontsize=sizes[1],
        alignment="left",
        handlelength=2.2,
        **extra,
    )
    legend.set_gid(gid)
    for text in (legend.get_title(), *legend.get_texts()):
        text.set_parse_math(False)  # a reader's column name or class label is never mathematics


def _draw_source(fig: Figure, text: MapText, lang: str) -> None:
    """The source line, caveat and attribution along the bottom; the atlas's name top right."""
    lines = [_wrap(line, 200) for line in (text.source, text.caveat, *text.extra) if line]
    fig.text(
        0.015,
        0.11,
        "\n".join(lines),
        ha="left",
        va="top",
        fontsize=7.6,
        color="#333333",
        linespacing=1.35,
        gid="map-source",
        parse_math=False,
    )
    fig.text(
        0.985,
        0.975,
        t("app.title", lang),
        ha="right",
        va="top",
        fontsize=8,
        color="#666666",
        gid="map-credit",
        parse_math=False,
    )


def _extent(tr: Transformer, fig: Figure, ax) -> tuple[float, float, float, float]:
    """Peru's bounds, projected, padded and widened to the axes' own shape (equal scale in x, y)."""
    (south, west), (north, east) = PERU_BOUNDS
    xs, ys = tr.transform([west, east, west, east], [south, south, north, north])
    x_lo, x_hi, y_lo, y_hi = min(xs), max(xs), min(ys), max(ys)
    pad = 0.03 * (y_hi - y_lo)
    x_lo, x_hi, y_lo, y_hi = x_lo - pad, x_hi + pad, y_lo - pad, y_hi + pad
    box = ax.get_position()
    fig_w, fig_h = fig.get_size_inches()
    box_ratio = (box.width * fig_w) / (box.height * fig_h)
    data_ratio = (x_hi - x_lo) / (y_hi - y_lo)
    if data_ratio < box_ratio:
        extra = ((y_hi - y_lo) * box_ratio - (x_hi - x_lo)) / 2
        x_lo, x_hi = x_lo - extra, x_hi + extra
    else:
        extra = ((x_hi - x_lo) / box_ratio - (y_hi - y_lo)) / 2
        y_lo, y_hi = y_lo - extra, y_hi + extra
    return x_lo, x_hi, y_lo, y_hi


def _label_sides(lon: np.ndarray, lat: np.ndarray) -> list[bool]:
    """True where a place's label goes on its left: another place lies close by on its right."""
    left = []
    for i in range(len(lon)):
        near_east = (np.abs(lat - lat[i]) < 0.45) & (lon > lon[i]) & (lon - lon[i] < 0.8)
        left.append(bool(near_east.any()))
    return left


def _halo():
    from matplotlib import patheffects

    return patheffects.withStroke(linewidth=HALO_WIDTH, foreground="white")


def _selected_label(prepared: PreparedMap) -> str:
    row = prepared.boundaries[prepared.boundaries["department_code"] == prepared.view.department]
    name = row["department"].iloc[0] if not row.empty else prepared.view.department
    return t("exports.selected", prepared.view.lang, department=name)


def static_map(prepared: PreparedMap, fmt: str = "png", dpi: int = 200) -> bytes:
    """The prepared view as a print-ready image: an A4-landscape PNG or an SVG with live text.

    Classes and colours are ``prepared.classification``'s, so the image matches the interactive
    map; departments that are not reported are light grey with a hatch and named in the legend.

    Parameters
    ----------
    prepared : the view from geo.views.prepare_map.
    fmt : ``"png"`` (a palette of its most frequent colours: geo.image_files) or
        ``"svg"`` (text kept as text, so it can be searched and edited).
    dpi : resolution of the PNG (pixel size = 11.69 x 8.27 inches x dpi); 72-600.

    Returns
    -------
    bytes of the image file.

    Raises
    ------
    ValueError
        When ``fmt`` is not png/svg or ``dpi`` is outside 72-600.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown image format {fmt!r}: expected one of {', '.join(FORMATS)}")
    if not 72 <= dpi <= 600:
        raise ValueError(f"dpi {dpi} is out of range: expected 72 to 600")
    fig = draw_figure(prepared, dpi=dpi)
    if fmt == "png":
        return palette_png(fig, dpi)
    return compact_svg(fig, halo=(HALO_GID, HALO_WIDTH))
