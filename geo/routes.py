"""The report's six trafficking routes: schematic curves, arrowheads, departments crossed."""

from __future__ import annotations

import functools
import itertools
from collections.abc import Sequence

import geopandas as gpd
import numpy as np
import pandas as pd
from pyproj import CRS, Geod, Transformer
from shapely.geometry import LineString, Point, Polygon
from shapely.geometry.base import BaseGeometry

from geo.boundaries import boundaries_path, read_boundaries
from geo.i18n import t
from geo.names import department_names
from geo.tables import read_table

ROUTE_IDS = ("north_coast", "north_selva", "lima", "south_selva", "south_sierra", "south_coast")
BASES = ("report", "report_department", "chs_2011", "chs_amazonia", "drawing")
# Points that are destinations the report names: a place, or a department drawn at a city in it.
DESTINATION_BASES = ("report", "report_department")
# The source each basis rests on: a waypoint's source_id must be its basis's.
SOURCE_OF_BASIS = {
    "report": "report_regional",
    "report_department": "report_regional",
    "chs_2011": "chs_alternativo_2011",
    "chs_amazonia": "chs_rutas_amazonia",
    "drawing": "atlas_drawing",
}
LANGUAGES = ("es", "en")

# The drawing rules, the same for every route (the report gives no volumes, so no widths either).
BOW_FRACTION = 0.08  # each leg bows to the left of travel by this share of its length
SAMPLES_PER_SPAN = 16  # curve vertices between two consecutive knots
ARROW_LENGTH_KM = 30.0
ARROW_WIDTH_KM = 22.0
MIN_CROSSING_KM = 1.0  # shorter grazes of a department (border touches) do not count

# One Peru-centred equidistant plane for drawing the curves, so bows are in km, not degrees.
PERU_PLANE = CRS.from_proj4("+proj=aeqd +lat_0=-9.2 +lon_0=-75 +datum=WGS84 +units=m +no_defs")
_TO_PLANE = Transformer.from_crs("EPSG:4326", PERU_PLANE, always_xy=True)
_FROM_PLANE = Transformer.from_crs(PERU_PLANE, "EPSG:4326", always_xy=True)
_GEOD = Geod(ellps="WGS84")


def _read(name: str) -> pd.DataFrame:
    """One validated data table, with empty text cells as ``""`` rather than missing."""
    frame = read_table(name)
    text = [c for c in frame.columns if c not in ("seq", "lat", "lon")]
    frame[text] = frame[text].fillna("").astype(str)
    return frame


def _check_route_id(route_id: str) -> str:
    if route_id not in ROUTE_IDS:
        raise ValueError(f"unknown route_id {route_id!r}: expected one of {', '.join(ROUTE_IDS)}")
    return route_id


def read_routes() -> pd.DataFrame:
    """The six routes (``data/routes.csv``), in the report's order.

    Returns
    -------
    pandas.DataFrame
        route_id, name_es, name_en, report_sentence, destinations (``;``-separated place_ids,
        in the report's order), notes_es, notes_en (what the atlas chose where the report is
        silent), source_id.
    """
    routes = _read("routes")
    unknown = sorted(set(routes["route_id"]) - set(ROUTE_IDS))
    if unknown:
        raise ValueError(f"routes.csv: unknown route_id {unknown}: expected {', '.join(ROUTE_IDS)}")
    return routes.set_index("route_id").loc[list(ROUTE_IDS)].reset_index()


def route_names(lang: str) -> dict[str, str]:
    """route_id -> the route's name in ``lang`` (``"es"`` or ``"en"``), in the report's order."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}: expected one of {', '.join(LANGUAGES)}")
    routes = read_routes()
    return dict(zip(routes["route_id"], routes[f"name_{lang}"], strict=True))


def read_waypoints(route_id: str | None = None) -> pd.DataFrame:
    """Waypoints (``data/route_waypoints.csv``) in travel order, of one route or of all.

    Returns
    -------
    pandas.DataFrame
        route_id, seq, place_id, name, note_es, note_en, lat, lon, basis, source_id, and
        label_es, label_en: the name as the route card shows it ("San Martín (department; drawn
        at Tarapoto)").

    Raises
    ------
    ValueError
        On an unknown route or basis, a source that is not its basis's, or when a route's
        ``seq`` is not 1..n.
    """
    points = _read("route_waypoints")
    bad = sorted(set(points["basis"]) - set(BASES))
    if bad:
        raise ValueError(f"route_waypoints.csv: unknown basis {bad}: expected {', '.join(BASES)}")
    for row in points.itertuples():
        if row.source_id != SOURCE_OF_BASIS[row.basis]:
            raise ValueError(
                f"route_waypoints.csv: {row.route_id} {row.seq} {row.name!r} has basis "
                f"{row.basis!r} but source_id {row.source_id!r}: expected "
                f"{SOURCE_OF_BASIS[row.basis]!r}"
            )
    for lang in LANGUAGES:
        points[f"label_{lang}"] = [
            t("routes.waypoint_noted", lang, name=name, note=note) if note else name
            for name, note in zip(points["name"], points[f"note_{lang}"], strict=True)
        ]
    for rid, group in points.groupby("route_id"):
        _check_route_id(rid)
        if sorted(group["seq"]) != list(range(1, len(group) + 1)):
            raise ValueError(
                f"route_waypoints.csv: route {rid!r} has seq {sorted(group['seq'])}: expected 1..n"
            )
    if route_id is not None:
        points = points[points["route_id"] == _check_route_id(route_id)]
    order = {rid: i for i, rid in enumerate(ROUTE_IDS)}
    points = points.sort_values(
        ["route_id", "seq"], key=lambda s: s.map(order) if s.name == "route_id" else s
    )
    return points.reset_index(drop=True)


def smooth_curve(
    points: Sequence[Sequence[float]] | np.ndarray,
    corners: Sequence[int] = (),
    bow_fraction: float = BOW_FRACTION,
    samples_per_span: int = SAMPLES_PER_SPAN,
) -> np.ndarray:
    """A smooth curve through planar points, each leg bowed to the left of travel.

    Every leg A→B gets a knot at its midpoint pushed sideways (to the left of the direction of
    travel) by ``bow_fraction`` × |AB|; a centripetal Catmull-Rom spline then runs through all the
    points and these knots. The curve passes exactly through every input point and two routes
    drawn along the same leg in opposite directions bow apart. It is tangent-continuous except at
    ``corners``, where the spline restarts: a route turns there (at a destination, under its
    arrowhead) instead of swinging wide around it.

    Parameters
    ----------
    points : (n, 2) planar coordinates (metres in a projected CRS), n >= 2, in travel order.
    corners : indices of interior points where the curve may change direction.
    bow_fraction : sideways offset of each leg's midpoint, as a share of the leg's length.
    samples_per_span : vertices drawn between two consecutive knots.

    Returns
    -------
    numpy.ndarray
        (m, 2) vertices, m = 2 (n - 1) ``samples_per_span`` + 1; input point k is vertex
        2 k ``samples_per_span``.
    """
    pts = np.asarray(points, dtype=float)
    if pts.ndim != 2 or pts.shape[1] != 2 or len(pts) < 2:
        raise ValueError(f"expected at least 2 points of shape (n, 2), got shape {pts.shape}")
    bad = [c for c in corners if not 0 < c < len(pts) - 1]
    if bad:
        raise ValueError(
            f"corners {bad} are not interior point indices: expected 1..{len(pts) - 2}"
        )
    cuts = [0, *sorted(set(corners)), len(pts) - 1]
    pieces = [
        _smooth_piece(pts[a : b + 1], bow_fraction, samples_per_span)[:-1]
        for a, b in itertools.pairwise(cuts)
    ]
    return np.vstack([*pieces, pts[-1:]])


def _smooth_piece(pts: np.ndarray, bow_fraction: float, samples_per_span: int) -> np.ndarray:
    """smooth_curve without corners."""
    legs = np.diff(pts, axis=0)
    lengths = np.hypot(legs[:, 0], legs[:, 1])
    if np.any(lengths == 0):
        raise ValueError(
            f"consecutive points repeat at leg(s) {np.flatnonzero(lengths == 0).tolist()}"
        )
    left = np.column_stack([-legs[:, 1], legs[:, 0]]) / lengths[:, None]
    mids = (pts[:-1] + pts[1:]) / 2 + bow_fraction * lengths[:, None] * left
    knots = np.empty((2 * len(pts) - 1, 2))
    knots[0::2], knots[1::2] = pts, mids
    padded = np.vstack([2 * knots[0] - knots[1], knots, 2 * knots[-1] - knots[-2]])
    pieces = [
        _catmull_rom_span(*padded[i : i + 4], samples_per_span) for i in range(len(knots) - 1)
    ]
    return np.vstack([*pieces, knots[-1:]])


def _catmull_rom_span(p0, p1, p2, p3, samples: int, alpha: float = 0.5) -> np.ndarray:
    """Centripetal Catmull-Rom from p1 (included) to p2 (excluded); Barry-Goldman evaluation."""
    t0 = 0.0
    t1 = t0 + np.linalg.norm(p1 - p0) ** alpha
    t2 = t1 + np.linalg.norm(p2 - p1) ** alpha
    t3 = t2 + np.linalg.norm(p3 - p2) ** alpha
    t = np.linspace(t1, t2, samples, endpoint=False)[:, None]
    a1 = (t1 - t) / (t1 - t0) * p0 + (t - t0) / (t1 - t0) * p1
    a2 = (t2 - t) / (t2 - t1) * p1 + (t - t1) / (t2 - t1) * p2
    a3 = (t3 - t) / (t3 - t2) * p2 + (t - t2) / (t3 - t2) * p3
    b1 = (t2 - t) / (t2 - t0) * a1 + (t - t0) / (t2 - t0) * a2
    b2 = (t3 - t) / (t3 - t1) * a2 + (t - t1) / (t3 - t1) * a3
    return (t2 - t) / (t2 - t1) * b1 + (t - t1) / (t2 - t1) * b2


def curve_lonlat(
    lonlat: Sequence[Sequence[float]] | np.ndarray, corners: Sequence[int] = ()
) -> LineString:
    """The route curve (:func:`smooth_curve`) through lon/lat waypoints, drawn in a Peru-centred
    equidistant plane and returned in lon/lat (EPSG:4326); ``corners`` as for smooth_curve."""
    pts = np.asarray(lonlat, dtype=float)
    x, y = _TO_PLANE.transform(pts[:, 0], pts[:, 1])
    curve = smooth_curve(np.column_stack([x, y]), corners)
    lon, lat = _FROM_PLANE.transform(curve[:, 0], curve[:, 1])
    return LineString(np.column_stack([lon, lat]))


def route_lines() -> gpd.GeoDataFrame:
    """One schematic curved line per route, in travel order through its waypoints.

    Computed once per process from the data files (a copy is returned each time).

    Smooth between destinations, turning at each destination the report names (see
    :func:`smooth_curve`).

    Returns
    -------
    geopandas.GeoDataFrame
        route_id, name_es, name_en, geometry (LineString); EPSG:4326; the six routes in the
        report's order.
    """
    return _route_lines().copy()


@functools.lru_cache(maxsize=1)
def _route_lines() -> gpd.GeoDataFrame:
    routes = read_routes()
    points = read_waypoints()
    geoms = []
    for rid in routes["route_id"]:
        group = points[points["route_id"] == rid]
        if len(group) < 2:
            raise ValueError(f"route {rid!r} has {len(group)} waypoint(s): expected at least 2")
        # Destinations before the last are corners: the route arrives, then sets off again.
        corners = np.flatnonzero(group["basis"].isin(DESTINATION_BASES).to_numpy()[:-1])
        geoms.append(curve_lonlat(group[["lon", "lat"]].to_numpy(), corners[corners > 0].tolist()))
    return gpd.GeoDataFrame(
        routes[["route_id", "name_es", "name_en"]], geometry=geoms, crs="EPSG:4326"
    )


def route_bounds(route_id: str) -> list[list[float]]:
    """``[[south, west], [north, east]]`` of a route's curve, in degrees (folium's fit_bounds)."""
    lines = route_lines()
    curve = lines.loc[lines["route_id"] == _check_route_id(route_id)].geometry.iloc[0]
    west, south, east, north = curve.bounds
    return [[south, west], [north, east]]


def arrowhead(
    tip: tuple[float, float],
    behind: tuple[float, float],
    length_km: float = ARROW_LENGTH_KM,
    width_km: float = ARROW_WIDTH_KM,
) -> Polygon:
    """A triangle with its point at ``tip``, pointing in the direction ``behind`` → ``tip``.

    Parameters
    ----------
    tip, behind : (lon, lat) in degrees; ``behind`` is any point before the tip on the line.
    length_km, width_km : the triangle's length along the line and its base width, measured in
        an equidistant projection centred on the tip.

    Returns
    -------
    shapely.geometry.Polygon
        In lon/lat (EPSG:4326), vertices tip, base corner, base corner.
    """
    if length_km <= 0 or width_km <= 0:
        raise ValueError(
            f"arrow size must be positive, got length {length_km} km, width {width_km} km"
        )
    if tuple(behind) == tuple(tip):
        raise ValueError(f"arrowhead direction undefined: point behind {behind} equals tip {tip}")
    # Geodesic offsets from the tip (no projection to build per arrow: a Geod is cheap).
    back_azimuth, _, _ = _GEOD.inv(tip[0], tip[1], behind[0], behind[1])
    base_lon, base_lat, _ = _GEOD.fwd(tip[0], tip[1], back_azimuth, length_km * 1000)
    lon, lat, _ = _GEOD.fwd(
        [base_lon, base_lon],
        [base_lat, base_lat],
        [back_azimuth + 90, back_azimuth - 90],
        [width_km * 500, width_km * 500],
    )
    return Polygon([tip, (lon[0], lat[0]), (lon[1], lat[1])])


def arrowheads(
    route_id: str | None = None,
    length_km: float = ARROW_LENGTH_KM,
    width_km: float = ARROW_WIDTH_KM,
) -> gpd.GeoDataFrame:
    """Arrowheads at each destination the report names, pointing along the curve into it.

    Parameters
    ----------
    route_id : one of :data:`ROUTE_IDS`, or None for all six routes.
    length_km, width_km : triangle size in kilometres (see :func:`arrowhead`).

    Returns
    -------
    geopandas.GeoDataFrame
        route_id, seq, place_id, name, geometry (Polygon); EPSG:4326; one row per report-named
        destination, in travel order.
    """
    lines = route_lines()
    if route_id is not None:
        lines = lines[lines["route_id"] == _check_route_id(route_id)]
    points = read_waypoints()
    rows = []
    for rid, line in zip(lines["route_id"], lines.geometry, strict=True):
        coords = np.asarray(line.coords)
        for wp in points[points["route_id"] == rid].itertuples():
            if wp.basis not in DESTINATION_BASES:
                continue
            # Waypoint k is knot 2k of smooth_curve; the vertex just before it gives the direction.
            index = (wp.seq - 1) * 2 * SAMPLES_PER_SPAN
            if index == 0:
                raise ValueError(
                    f"route {rid!r}: destination {wp.name!r} is the first waypoint; "
                    "expected an origin before every destination"
                )
            tip = (wp.lon, wp.lat)
            rows.append(
                {
                    "route_id": rid,
                    "seq": wp.seq,
                    "place_id": wp.place_id,
                    "name": wp.name,
                    "geometry": arrowhead(tip, tuple(coords[index - 1]), length_km, width_km),
                }
            )
    return gpd.GeoDataFrame(
        rows,
        columns=["route_id", "seq", "place_id", "name", "geometry"],
        geometry="geometry",
        crs="EPSG:4326",
    )


def departments_along(
    line: LineString, boundaries: gpd.GeoDataFrame, min_length_km: float = MIN_CROSSING_KM
) -> list[str]:
    """INEI codes of the departments a lon/lat line runs through, in order of first entry.

    Parameters
    ----------
    line : LineString in lon/lat (EPSG:4326), in travel order.
    boundaries : GeoDataFrame with department_code and polygon geometry, any CRS (lon/lat if
        it has none).
    min_length_km : a department counts only if the line runs at least this far inside it
        (geodesic length), so border touches are ignored.

    Returns
    -------
    list[str]
        Each code once, ordered by where the line first enters it.
    """
    if "department_code" not in boundaries:
        raise ValueError(
            f"boundaries have columns {list(boundaries.columns)}: expected a department_code column"
        )
    lonlat = boundaries.to_crs("EPSG:4326") if boundaries.crs else boundaries
    entries = []
    for code, geom in zip(lonlat["department_code"], lonlat.geometry, strict=True):
        if geom is None or geom.is_empty or not line.intersects(geom):
            continue
        # Running along a border is not crossing: only the part off the boundary counts.
        inside = line.intersection(geom).difference(geom.boundary)
        if inside.is_empty or _GEOD.geometry_length(inside) < min_length_km * 1000:
            continue
        # Position along the line orders the entries; no distance is read from it.
        entry = min(line.project(Point(c)) for part in _parts(inside) for c in part.coords)
        entries.append((entry, str(code)))
    return [code for _, code in sorted(entries)]


def _parts(geom: BaseGeometry) -> list[BaseGeometry]:
    return list(geom.geoms) if hasattr(geom, "geoms") else [geom]


def departments_crossed(route_id: str, boundaries: gpd.GeoDataFrame | None = None) -> list[str]:
    """INEI codes of the departments a route's curve crosses, in order of travel.

    Parameters
    ----------
    route_id : one of :data:`ROUTE_IDS`.
    boundaries : department polygons with department_code; None reads the atlas's boundaries
        (:func:`geo.boundaries.read_boundaries`).
    """
    _check_route_id(route_id)
    if boundaries is None:  # the atlas's own: worked out once per process and boundary file
        return list(_crossed(route_id, str(boundaries_path())))
    lines = route_lines()
    line = lines.loc[lines["route_id"] == route_id].geometry.iloc[0]
    return departments_along(line, boundaries)


@functools.lru_cache(maxsize=64)
def _crossed(route_id: str, _path: str) -> tuple[str, ...]:
    """departments_crossed of the boundaries read from ``_path`` (the cache's key)."""
    return tuple(departments_crossed(route_id, read_boundaries()))


def route_table(lang: str, boundaries: gpd.GeoDataFrame | None = None) -> pd.DataFrame:
    """One row per route for the Routes page.

    Parameters
    ----------
    lang : ``"es"`` or ``"en"`` (the route names; places and departments keep their own names).
    boundaries : as for :func:`departments_crossed`; read once for all routes when None.

    Returns
    -------
    pandas.DataFrame
        route_id, name, report_sentence (the report's words, in English), destinations (labels,
        ``", "``-joined, in travel order), departments_crossed (Spanish names, ``", "``-joined, in
        order of travel), departments_crossed_codes (list of INEI codes), notes (what the atlas
        chose where the report is silent, in ``lang``).
    """
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}: expected one of {', '.join(LANGUAGES)}")
    if boundaries is None:
        boundaries = read_boundaries()
    names = department_names()
    routes = read_routes()
    points = read_waypoints()
    lines = route_lines().set_index("route_id").geometry
    rows = []
    for route in routes.itertuples():
        group = points[
            (points["route_id"] == route.route_id) & points["basis"].isin(DESTINATION_BASES)
        ]
        codes = departments_along(lines[route.route_id], boundaries)
        rows.append(
            {
                "route_id": route.route_id,
                "name": getattr(route, f"name_{lang}"),
                "report_sentence": route.report_sentence,
                "destinations": ", ".join(group[f"label_{lang}"]),
                "departments_crossed": ", ".join(names[c] for c in codes),
                "departments_crossed_codes": codes,
                "notes": getattr(route, f"notes_{lang}"),
            }
        )
    return pd.DataFrame(rows)
