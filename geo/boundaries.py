"""Read department boundaries (the shipped file or a user's) and match them to INEI codes."""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path

import geopandas as gpd
import pandas as pd
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from geo import boundary_checks

# The measures (geo.areas) and the error (geo.boundary_checks) are this module's public names too,
# where the scripts, the bench and the tests read them; they are defined below it so that the
# checks use them without importing this module, which imports the checks.
from geo.areas import EQUAL_AREA_CRS as EQUAL_AREA_CRS
from geo.areas import geodesic_area_km2
from geo.areas import iou as iou
from geo.areas import iou_equal_area as iou_equal_area
from geo.boundary_checks import BoundaryError
from geo.names import UnknownDepartmentError, departments, resolve_department
from geo.paths import BOUNDARIES_FILE, DATA_DIR

ENV_VAR = "ATLAS_BOUNDARIES"
COLUMNS = ["department_code", "department", "iso_3166_2", "area_km2", "geometry"]
# INEI's 2007 limits as published (MPL-2.0, licence beside it): what departments.geojson is built
# from and the reference its simplification is measured against.
SOURCE_FILE = DATA_DIR / "raw" / "inei_2007" / "peru_departamental_simple.geojson"
# The water INEI's limits leave out of the departments (Lake Titicaca and four smaller lakes),
# built by scripts/build_lakes.py: drawn as water so that it does not read as a gap.
WATER_FILE = DATA_DIR / "lakes.geojson"
WATER_COLUMNS = ["water_id", "name_es", "name_en", "department_code", "geometry"]
# Column names that usually hold the department, best first (compared lower-case); names
# that never do are skipped so that a running number 1..25 is not taken for INEI codes.
_PREFERRED = (
    "department_code",
    "iddpto",
    "ccdd",
    "cod_dep",
    "coddep",
    "ubigeo",
    "iso_3166_2",
    "iso",
    "department",
    "departamento",
    "nombdep",
    "nomdep",
    "dpto",
    "nombre",
    "name",
    "region",
)
_SKIP = re.compile(
    r"^(objectid|object_id|fid|ogc_fid|gid|id|index|cartodb_id|shape_len\w*|shape_area|"
    r"area\w*|perimet\w*|hectares|km2|pop\w*|capital|fuente|source\w*)$",
    re.IGNORECASE,
)


def area_comparison(official: dict) -> tuple[str, float]:
    """Which official area a department's polygon is checked against, and its figure in km².

    INEI's limits hold the land of the coast and the highlands only: they leave lakes out (Lake
    Titicaca is not Puno's land) and draw no islands (Callao's San Lorenzo and El Frontón, the
    Lobos islands of Lambayeque, the guano islands off Áncash and Ica). So where the official
    table counts lake water (``lacustrine_km2`` > 0) or islands (``insular_km2`` > 0) the
    comparison is the continental area; elsewhere the three are one figure, the total area.

    Parameters
    ----------
    official : a row of ``data/areas_official.csv`` (area_km2, continental_km2, lacustrine_km2,
        insular_km2).

    Returns
    -------
    tuple
        (``"continental"`` or ``"total"``, the figure in km²).
    """
    if float(official["lacustrine_km2"]) > 0 or float(official["insular_km2"]) > 0:
        return "continental", float(official["continental_km2"])
    return "total", float(official["area_km2"])


def read_water() -> gpd.GeoDataFrame:
    """The lakes to draw as water (``data/lakes.geojson``), Lake Titicaca first.

    Returns
    -------
    geopandas.GeoDataFrame
        EPSG:4326; columns water_id, name_es, name_en, department_code (the department the lake
        borders or lies in), geometry (Polygon or MultiPolygon). A copy: callers may change it.
    """
    return _water().copy()


@functools.lru_cache(maxsize=1)
def _water() -> gpd.GeoDataFrame:
    frame = gpd.read_file(WATER_FILE)
    missing = [c for c in WATER_COLUMNS if c not in frame.columns]
    if missing:
        raise BoundaryError(
            f"{WATER_FILE.name}: missing properties {missing}: expected {WATER_COLUMNS}"
        )
    return frame[WATER_COLUMNS].to_crs("EPSG:4326")


def boundaries_path(path: str | os.PathLike | None = None) -> Path:
    """The boundary file to use: ``path``, else ``$ATLAS_BOUNDARIES``, else the shipped file."""
    if path is not None:
        return Path(path)
    env = os.environ.get(ENV_VAR, "").strip()
    return Path(env) if env else BOUNDARIES_FILE


def read_boundaries(
    path: str | os.PathLike | None = None, *, check: bool = True
) -> gpd.GeoDataFrame:
    """Read a department boundary file and match its units to INEI codes.

    Parameters
    ----------
    path : a GeoJSON, shapefile (``.shp`` or a ``.zip`` holding one) or GeoPackage, in any CRS
        and with any attribute names. None means ``$ATLAS_BOUNDARIES`` if set, else
        ``data/departments.geojson``.
    check : run geo.boundary_checks (valid geometry, bounds inside Peru, official areas) and
        keep the result for the process; the file the app uses (``path`` None) is also simplified
        to the shipped file's vertex count when it has far more. False only reads and matches
        (for synthetic test files).

    Returns
    -------
    geopandas.GeoDataFrame
        EPSG:4326; columns department_code, department, iso_3166_2, area_km2 (geodesic, of the
        geometry as read), geometry; 25 rows in INEI code order.

    Raises
    ------
    BoundaryError
        Naming the file when it cannot be read, holds no polygons, or when its departments are
        missing, duplicated or unmatched (with the closest names as suggestions).
    """
    file = boundaries_path(path)
    if check:
        read = lambda f: read_boundaries(f, check=False)  # noqa: E731
        return boundary_checks.read_checked(file, read, fit=path is None)
    frame = _read(file)
    column, codes, unmatched = _department_column(frame, file)
    _check_coverage(file, column, frame, codes, unmatched)

    frame = frame.assign(department_code=codes.to_numpy())
    by_code = {d.code: d for d in departments()}
    rows = []
    for code in sorted(by_code):
        geom = _polygonal(frame.loc[frame["department_code"] == code, "geometry"].iloc[0])
        if geom is None:
            raise BoundaryError(
                f"boundary file {file}: department {code} {by_code[code].name} has an empty "
                "or non-polygon geometry; expected a Polygon or MultiPolygon"
            )
        rows.append(
            {
                "department_code": code,
                "department": by_code[code].name,
                "iso_3166_2": by_code[code].iso,
                "area_km2": round(geodesic_area_km2(geom), 1),
                "geometry": geom,
            }
        )
    return gpd.GeoDataFrame(rows, columns=COLUMNS, geometry="geometry", crs="EPSG:4326")


def _read(file: Path) -> gpd.GeoDataFrame:
    if not file.exists():
        raise BoundaryError(f"boundary file {file} does not exist")
    try:
        frame = gpd.read_file(file)
    except Exception as exc:  # pyogrio raises several types for unreadable input
        raise BoundaryError(
            f"boundary file {file} is not a readable geo file: expected GeoJSON, a shapefile "
            f"(.shp or .zip) or a GeoPackage ({type(exc).__name__}: {str(exc).split(';')[0]})"
        ) from exc
    if not isinstance(frame, gpd.GeoDataFrame) or frame.geometry.name not in frame:
        raise BoundaryError(f"boundary file {file} holds no geometries: expected polygons")
    if len(frame) == 0 or frame.geometry.isna().all():
        raise BoundaryError(f"boundary file {file} holds no features: expected 25 departments")
    if frame.crs is None:
        minx, miny, maxx, maxy = frame.total_bounds
        if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
            raise BoundaryError(
                f"boundary file {file} has no coordinate reference system and its coordinates "
                "are not longitude/latitude: expected a CRS (a .prj file for shapefiles)"
            )
        frame = frame.set_crs("EPSG:4326")
    return frame.to_crs("EPSG:4326")


def _polygonal(geom: BaseGeometry | None) -> BaseGeometry | None:
    if geom is None or geom.is_empty:
        return None
    if isinstance(geom, Polygon | MultiPolygon):  # invalid ones are refused by boundary_checks
        return geom
    polys = [g for g in getattr(geom, "geoms", []) if isinstance(g, Polygon | MultiPolygon)]
    if not polys:
        return None
    flat: list[Polygon] = []
    for g in polys:
        flat.extend(g.geoms if isinstance(g, MultiPolygon) else [g])
    return MultiPolygon(flat)


def _candidates(frame: gpd.GeoDataFrame) -> list[str]:
    cols = [c for c in frame.columns if c != frame.geometry.name and not _SKIP.match(str(c))]

    def rank(col: str) -> tuple[int, int]:
        low = str(col).lower()
        pref = _PREFERRED.index(low) if low in _PREFERRED else len(_PREFERRED)
        numeric = int(pd.api.types.is_numeric_dtype(frame[col]))
        return (numeric, pref)

    return sorted(cols, key=rank)


def _resolve_all(values: pd.Series) -> tuple[pd.Series, dict[str, list[str]]]:
    codes: list[str | None] = []
    unmatched: dict[str, list[str]] = {}
    for value in values:
        try:
            codes.append(resolve_department(value))
        except UnknownDepartmentError as err:
            codes.append(None)
            unmatched[str(value)] = err.suggestions
    return pd.Series(codes, index=values.index, dtype=object), unmatched


def _department_column(
    frame: gpd.GeoDataFrame, file: Path
) -> tuple[str, pd.Series, dict[str, list[str]]]:
    best: tuple[int, str, pd.Series, dict[str, list[str]]] | None = None
    for col in _candidates(frame):
        codes, unmatched = _resolve_all(frame[col])
        hits = int(codes.notna().sum())
        # candidates come best-named first, so only a strictly better hit count displaces one
        if best is None or hits > best[0]:
            best = (hits, col, codes, unmatched)
    if best is None or best[0] == 0:
        names = ", ".join(str(c) for c in frame.columns if c != frame.geometry.name) or "none"
        raise BoundaryError(
            f"boundary file {file}: no column names Peruvian departments (columns: {names}); "
            "expected department names, INEI codes (08 or 080000) or ISO codes (PE-CUS)"
        )
    _, col, codes, unmatched = best
    return col, codes, unmatched


def _check_coverage(
    file: Path,
    column: str,
    frame: gpd.GeoDataFrame,
    codes: pd.Series,
    unmatched: dict[str, list[str]],
) -> None:
    names = {d.code: d.name for d in departments()}
    found = codes.dropna()
    counts = found.value_counts()
    duplicated = sorted(counts[counts > 1].index)
    missing = sorted(set(names) - set(found))
    problems = []
    if missing:
        problems.append("missing " + ", ".join(f"{c} {names[c]}" for c in missing))
    if duplicated:
        dup_text = []
        for code in duplicated:
            values = sorted({str(v) for v in frame.loc[codes == code, column]})
            dup_text.append(
                f"{code} {names[code]} ({int(counts[code])} features: {', '.join(values)})"
            )
        problems.append("duplicated " + "; ".join(dup_text))
    if unmatched:
        items = []
        for value, suggestions in unmatched.items():
            hint = f" (did you mean {', '.join(suggestions)}?)" if suggestions else ""
            items.append(f"{value!r}{hint}")
        problems.append("unmatched " + ", ".join(items))
    if problems:
        raise BoundaryError(
            f"boundary file {file}, department column {column!r}: "
            + "; ".join(problems)
            + ". Expected the 25 departments of Peru once each."
        )
