"""Bad department boundary files, built from the shipped one, for the boundary-check tests.

Each builder writes one file to a folder and returns its path; BAD_FILES maps a name to the
builder and to what the refusal must say besides the file's name (department, check).
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import geopandas as gpd
import shapely
from shapely import affinity
from shapely.geometry import Point, Polygon, mapping

from geo.paths import BOUNDARIES_FILE

CUSCO = "08"


def shipped_frame() -> gpd.GeoDataFrame:
    """The shipped boundaries as stored: department_code, department, iso_3166_2, area_km2."""
    return gpd.read_file(BOUNDARIES_FILE)


def _geojson(folder: Path, name: str, frame: gpd.GeoDataFrame, crs: bool = True) -> Path:
    """``frame`` as GeoJSON; without ``crs`` no CRS is written (GeoJSON then means degrees)."""
    path = folder / name
    if crs:
        frame.to_file(path, driver="GeoJSON")
        return path
    features = [
        {"type": "Feature", "properties": {"department_code": r.department_code},
         "geometry": mapping(r.geometry)}
        for r in frame.itertuples()
    ]  # fmt: skip
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return path


def _with_cusco(frame: gpd.GeoDataFrame, geometry) -> gpd.GeoDataFrame:
    out = frame.copy()
    out.loc[out["department_code"] == CUSCO, "geometry"] = geometry
    return out


def _cusco(frame: gpd.GeoDataFrame):
    return frame.loc[frame["department_code"] == CUSCO, "geometry"].iloc[0]


def missing(folder: Path) -> Path:
    return folder / "nowhere.geojson"


def empty(folder: Path) -> Path:
    path = folder / "empty.geojson"
    path.write_bytes(b"")
    return path


def departments_24(folder: Path) -> Path:
    frame = shipped_frame()
    return _geojson(folder, "d24.geojson", frame[frame["department_code"] != "07"])


def cusco_twice(folder: Path) -> Path:
    frame = shipped_frame()
    twice = gpd.GeoDataFrame(
        [*frame.to_dict("records"), frame[frame["department_code"] == CUSCO].iloc[0].to_dict()],
        crs=frame.crs,
    )
    return _geojson(folder, "cusco_twice.geojson", twice)


def a_point(folder: Path) -> Path:
    frame = shipped_frame()
    return _geojson(folder, "point.geojson", _with_cusco(frame, Point(-72.0, -13.5)))


def random_bytes(folder: Path) -> Path:
    path = folder / "noise.geojson"
    path.write_bytes(random.Random(15).randbytes(4096))
    return path


def projected_without_crs(folder: Path) -> Path:
    frame = shipped_frame().to_crs("EPSG:32718")  # UTM 18S metres, written as if degrees
    return _geojson(folder, "utm_no_crs.geojson", frame, crs=False)


def swapped_axes(folder: Path) -> Path:
    frame = shipped_frame()
    frame["geometry"] = shapely.transform(frame.geometry.values, lambda xy: xy[:, ::-1])
    return _geojson(folder, "swapped.geojson", frame)


def self_intersecting(folder: Path) -> Path:
    frame = shipped_frame()
    west, south, east, north = _cusco(frame).bounds
    bow_tie = Polygon([(west, south), (east, north), (east, south), (west, north)])
    return _geojson(folder, "bow_tie.geojson", _with_cusco(frame, bow_tie))


def outside_peru(folder: Path) -> Path:
    frame = shipped_frame()
    moved = affinity.translate(_cusco(frame), xoff=15.0)  # into Brazil and Bolivia
    return _geojson(folder, "cusco_east.geojson", _with_cusco(frame, moved))


def wrong_area(folder: Path) -> Path:
    frame = shipped_frame()
    grown = affinity.scale(_cusco(frame), 1.3, 1.3)  # 1.69 times the area, still inside Peru
    return _geojson(folder, "cusco_grown.geojson", _with_cusco(frame, grown))


def _swap_labels(frame: gpd.GeoDataFrame, *pairs: tuple[str, str]) -> gpd.GeoDataFrame:
    """``frame`` with the attributes of each pair of departments (codes) exchanged."""
    out = frame.copy()
    columns = [c for c in out.columns if c != "geometry"]
    for a, b in pairs:
        rows_a, rows_b = out["department_code"] == a, out["department_code"] == b
        values_a = out.loc[rows_a, columns].to_numpy()
        out.loc[rows_a, columns] = out.loc[rows_b, columns].to_numpy()
        out.loc[rows_b, columns] = values_a
    return out


def swapped_labels(folder: Path) -> Path:
    """Cusco's and Puno's labels exchanged, and Ayacucho's and Junín's: all four areas pass."""
    frame = _swap_labels(shipped_frame(), (CUSCO, "21"), ("05", "12"))
    return _geojson(folder, "swapped_labels.geojson", frame)


# name -> (builder, words the refusal must hold besides the file's name)
BAD_FILES = {
    "missing path": (missing, ["does not exist"]),
    "empty file": (empty, ["is empty"]),
    "24 departments": (departments_24, ["missing 07 Callao"]),
    "Cusco twice": (cusco_twice, ["duplicated 08 Cusco"]),
    "a point": (a_point, ["08 Cusco", "non-polygon"]),
    "random bytes": (random_bytes, ["not a readable geo file"]),
    "projected, no CRS": (projected_without_crs, ["01 Amazonas", "'bounds inside Peru'",
                                                  "not longitude/latitude"]),
    "lon/lat swapped": (swapped_axes, ["01 Amazonas", "'bounds inside Peru'", "swapped"]),
    "self-intersecting Cusco": (self_intersecting, ["08 Cusco", "'valid geometry'",
                                                    "Self-intersection", "not repaired"]),
    "Cusco outside Peru": (outside_peru, ["08 Cusco", "'bounds inside Peru'", "outside Peru"]),
    "Cusco's area": (wrong_area, ["08 Cusco", "'area'", "72,104.41"]),
    "labels swapped": (swapped_labels, ["'places inside their department'",
                                        "Cusco's polygon does not contain Cusco (its capital)",
                                        "Are the labels of Cusco and Puno swapped?",
                                        "Are the labels of Ayacucho and Junín swapped?"]),
}  # fmt: skip

# About 120 times the shipped file's vertices (3,374): far above the budget, and start-up still
# says what it simplified from. Reading, checking and simplifying it costs about a second.
VERTICES_LARGE = 400_000


def large(folder: Path) -> Path:
    """The shipped outlines with :data:`VERTICES_LARGE` vertices (points added along every edge:
    the same shapes, point for point, as the shipped file's)."""
    frame = shipped_frame()
    spacing = shapely.length(frame.geometry.values).sum() / VERTICES_LARGE  # degrees
    frame["geometry"] = shapely.segmentize(frame.geometry.values, spacing)
    path = folder / "large.gpkg"
    frame.to_file(path, driver="GPKG")
    return path
