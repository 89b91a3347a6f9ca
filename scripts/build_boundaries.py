"""Build data/departments.geojson from INEI's 2007 departmental limits (the copy in data/raw/).

Steps, all repeatable (the same inputs give byte-identical outputs):

1. Read ``data/raw/inei_2007/peru_departamental_simple.geojson`` (INEI's 2007 limits as published
   in the repository juaneladio/peru-geojson, MPL-2.0) and check its sha256 against the one its
   source record in ``data/sources.json`` states.
2. Give each feature its INEI code: ``FIRST_IDDP`` must name the same department as ``NOMBDEP``
   (both read with ``geo.names.resolve_department``), each of the 25 once.
3. Check each department's geodesic area against INEI's official area (the continental area where
   the official table counts lake water or islands, which INEI's limits leave out: Puno and Lake
   Titicaca, Callao and San Lorenzo...; see geo.boundaries.area_comparison); a department outside
   the tolerance must be one of AREA_EXCEPTIONS, with its reason, which the quality record
   carries. Check every place of ``data/places.csv`` against its department: no exceptions.
4. Simplify only as far as the budget needs: the finest tolerance of TOLERANCES_DEG (0 = none,
   coordinates rounded to DECIMALS) whose file fits TARGET_BYTES while every department keeps an
   IoU >= MIN_IOU with the source (measured in an equal-area CRS) and every place stays inside.
   Simplification runs on the whole coverage at once (shapely.coverage_simplify), so that
   neighbours keep a common border.
5. Write data/departments.geojson and data/boundaries_quality.json, print the per-department
   table and write it into data/README.md (between the boundaries markers).
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import shapely  # noqa: E402
from shapely.geometry import MultiPolygon, Point, Polygon, shape  # noqa: E402
from shapely.geometry.polygon import orient  # noqa: E402
from shapely.validation import make_valid  # noqa: E402

from geo.boundaries import (  # noqa: E402
    SOURCE_FILE,
    area_comparison,
    geodesic_area_km2,
    iou_equal_area,
)
from geo.names import departments, resolve_department  # noqa: E402
from geo.paths import DATA_DIR  # noqa: E402

SOURCE_ID = "inei_2007_limits"
OUT = DATA_DIR / "departments.geojson"
OUT_QUALITY = DATA_DIR / "boundaries_quality.json"
SOURCES = DATA_DIR / "sources.json"
AREAS = DATA_DIR / "areas_official.csv"
PLACES = DATA_DIR / "places.csv"
README = DATA_DIR / "README.md"
TABLE_START = "<!-- boundaries-table:start (written by scripts/build_boundaries.py) -->"
TABLE_END = "<!-- boundaries-table:end -->"

AREA_TOLERANCE_PCT = 5.0
MIN_IOU = 0.98
# departments.geojson's share of the map's 300 KB payload: the routes, places, lakes and the
# page's own HTML and script take about 70 KB of the rest.
TARGET_BYTES = 200_000
DECIMALS = 4  # about 11 m; the source's vertices lie hundreds of metres apart
TOLERANCES_DEG = (0.0, 0.0005, 0.001, 0.002, 0.003, 0.005)
# Departments allowed outside AREA_TOLERANCE_PCT, each with the reason the quality record and
# data/README.md give. Any other department outside it stops the build.
AREA_EXCEPTIONS = {
    "07": (
        "Callao's polygon in INEI's 2007 limits as published (peru-geojson) measures 141.5 km², "
        "9.4 % more than INEI's continental area (129.35 km²; the 146.98 km² total adds 17.63 km² "
        "of islands, which the file does not draw). The excess is in the source file, not in the "
        "atlas's rounding (IoU 0.998 with it). Its cause is not documented: the atlas keeps the "
        "outline, because Callao and Ventanilla lie inside it, and computes nothing from areas"
    ),
}


def read_source(path: Path = SOURCE_FILE) -> tuple[dict, str]:
    """The source FeatureCollection and its sha256, checked against its source record."""
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    record = json.loads(SOURCES.read_text(encoding="utf-8"))["context"][SOURCE_ID]
    if digest != record["sha256"]:
        raise SystemExit(
            f"{path.relative_to(ROOT)} has sha256 {digest}, expected {record['sha256']} "
            f"(data/sources.json, {SOURCE_ID}): the copy is not the recorded file"
        )
    return json.loads(data), digest


def _multipolygon(geom) -> MultiPolygon:
    if not geom.is_valid:
        geom = make_valid(geom)
    if isinstance(geom, Polygon):
        return MultiPolygon([geom])
    if isinstance(geom, MultiPolygon):
        return geom
    parts = [g for g in getattr(geom, "geoms", []) if isinstance(g, Polygon | MultiPolygon)]
    flat: list[Polygon] = []
    for g in parts:
        flat.extend(g.geoms if isinstance(g, MultiPolygon) else [g])
    return MultiPolygon(flat)


def units_by_code(source: dict) -> dict[str, MultiPolygon]:
    """One MultiPolygon per INEI code, in code order; FIRST_IDDP and NOMBDEP must agree."""
    units: dict[str, MultiPolygon] = {}
    problems = []
    for feature in source["features"]:
        props = feature["properties"]
        code = resolve_department(props["FIRST_IDDP"])
        named = resolve_department(props["NOMBDEP"])
        if code != named:
            problems.append(f"FIRST_IDDP {props['FIRST_IDDP']!r} is {code}, NOMBDEP is {named}")
        if code in units:
            problems.append(f"department {code} appears twice")
        units[code] = _multipolygon(shape(feature["geometry"]))
    missing = sorted({d.code for d in departments()} - set(units))
    if missing:
        problems.append(f"missing departments {missing}")
    if problems:
        raise SystemExit("source check failed:\n  " + "\n  ".join(problems))
    return dict(sorted(units.items()))


def read_official(path: Path = AREAS) -> dict[str, dict]:
    """INEI code -> the row of data/areas_official.csv, numbers as floats."""
    with open(path, encoding="utf-8", newline="") as fh:
        return {
            r["department_code"]: {
                k: (v if k in ("department_code", "department", "source_id") else float(v))
                for k, v in r.items()
            }
            for r in csv.DictReader(fh)
        }


def read_places(path: Path = PLACES) -> list[dict]:
    """place, department_code and point of every row of data/places.csv."""
    with open(path, encoding="utf-8", newline="") as fh:
        return [
            {
                "place": r["place"],
                "code": r["department_code"],
                "point": Point(float(r["lon"]), float(r["lat"])),
            }
            for r in csv.DictReader(fh)
        ]


def places_outside(units: dict[str, MultiPolygon], places: list[dict]) -> list[str]:
    """Every place that its department's polygon does not cover, with where it lies instead."""
    out = []
    for p in places:
        if not units[p["code"]].covers(p["point"]):
            lies_in = [c for c, g in units.items() if g.covers(p["point"])] or ["no department"]
            out.append(f"{p['place']} ({p['code']}) lies in {lies_in[0]}")
    return out


def simplify(units: dict[str, MultiPolygon], tolerance: float) -> dict[str, MultiPolygon]:
    """The coverage simplified with ``tolerance`` degrees (0: unchanged), rounded to DECIMALS."""
    codes = list(units)
    geoms = list(units.values())
    if tolerance > 0:
        geoms = list(shapely.coverage_simplify(geoms, tolerance, simplify_boundary=True))
    rounded = shapely.set_precision(geoms, 10**-DECIMALS, mode="pointwise")
    return {c: _multipolygon(g) for c, g in zip(codes, rounded, strict=True)}


def _coords(geom: MultiPolygon) -> dict:
    geom = MultiPolygon([orient(p, sign=1.0) for p in geom.geoms])  # RFC 7946 winding

    def rnd(obj):
        if isinstance(obj, (list, tuple)) and obj and isinstance(obj[0], float):
            return [round(v, DECIMALS) for v in obj]
        return [rnd(o) for o in obj]

    coords = rnd(shapely.geometry.mapping(geom)["coordinates"])
    if len(coords) == 1:
        return {"type": "Polygon", "coordinates": coords[0]}
    return {"type": "MultiPolygon", "coordinates": coords}


def feature_collection(units: dict[str, MultiPolygon]) -> str:
    """GeoJSON text, features in code order, compact, one feature per line."""
    by_code = {d.code: d for d in departments()}
    features = []
    for code, geom in units.items():
        d = by_code[code]
        feature = {
            "type": "Feature",
            "properties": {
                "department_code": code,
                "department": d.name,
                "iso_3166_2": d.iso,
                "area_km2": round(geodesic_area_km2(geom), 1),
            },
            "geometry": _coords(geom),
        }
        features.append(json.dumps(feature, ensure_ascii=False, separators=(",", ":")))
    return '{"type":"FeatureCollection","features":[\n' + ",\n".join(features) + "\n]}\n"


def readme_table(quality: dict) -> str:
    """The per-department table for data/README.md."""
    lines = [
        "| code | department | area of the shipped polygon (km²) | official (km²) | basis | "
        "difference | IoU with INEI's file |",
        "|---|---|---:|---:|---|---:|---:|",
    ]
    for code, u in quality["units"].items():
        lines.append(
            f"| {code} | {u['department']} | {u['area_km2']:,.1f} | {u['official_km2']:,.2f} | "
            f"{u['official_basis']} | {u['area_diff_pct']:+.2f} % | {u['iou_vs_source']:.4f} |"
        )
    return "\n".join(lines)


def update_readme(table: str) -> None:
    text = README.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(TABLE_START) + ".*?" + re.escape(TABLE_END), re.S)
    if not pattern.search(text):
        raise SystemExit(f"{README.relative_to(ROOT)} has no {TABLE_START} marker")
    block = f"{TABLE_START}\n\n{table}\n\n{TABLE_END}"
    README.write_text(pattern.sub(lambda _: block, text), encoding="utf-8")


def main() -> int:
    source, digest = read_source()
    exact = units_by_code(source)
    official = read_official()
    places = read_places()

    # Checks on the source itself: areas within tolerance, every place in its department.
    failures = [f"place outside its department: {p}" for p in places_outside(exact, places)]
    for code, geom in exact.items():
        basis, figure = area_comparison(official[code])
        diff = 100 * (geodesic_area_km2(geom) - figure) / figure
        if abs(diff) > AREA_TOLERANCE_PCT:
            # Allowed only for AREA_EXCEPTIONS, which data/README.md names with its figures;
            # the boundaries test holds that line.
            print(f"note: {code} is {diff:+.2f} % off its official {basis} area")
            if code not in AREA_EXCEPTIONS:
                failures.append(f"{code} is {diff:+.2f} % off its official {basis} area")
    if failures:
        raise SystemExit("source check failed:\n  " + "\n  ".join(failures))

    chosen = None
    for tol in TOLERANCES_DEG:
        units = simplify(exact, tol)
        text = feature_collection(units)
        ious = {c: iou_equal_area(units[c], exact[c]) for c in units}
        size = len(text.encode("utf-8"))
        ok = (
            min(ious.values()) >= MIN_IOU
            and not places_outside(units, places)
            and all(g.is_valid for g in units.values())
        )
        print(
            f"tolerance {tol:<7} size {size / 1000:7.1f} kB  min IoU {min(ious.values()):.4f}"
            f"  {'ok' if ok else 'fails the quality floor'}"
        )
        if not ok:
            break
        chosen = (tol, units, text, ious)
        if size <= TARGET_BYTES:
            break
    if chosen is None or len(chosen[2].encode("utf-8")) > TARGET_BYTES:
        raise SystemExit("no tolerance meets both the size target and the quality floor")
    tol, units, text, ious = chosen
    OUT.write_text(text, encoding="utf-8")

    names = {d.code: d.name for d in departments()}
    quality = {
        "source_id": SOURCE_ID,
        "source_file": SOURCE_FILE.relative_to(DATA_DIR).as_posix(),
        "source_sha256": digest,
        "simplify_tolerance_deg": tol,
        "coordinate_decimals": DECIMALS,
        "area_tolerance_pct": AREA_TOLERANCE_PCT,
        "iou_crs": "equal-area (geo.boundaries.EQUAL_AREA_CRS)",
        "min_iou_floor": MIN_IOU,
        "min_iou": round(min(ious.values()), 4),
        "file_bytes": len(text.encode("utf-8")),
        "places_checked": len(places),
        "places_outside": places_outside(units, places),
        "area_exceptions": {},
        "units": {},
    }
    for code, geom in units.items():
        basis, figure = area_comparison(official[code])
        area = round(geodesic_area_km2(geom), 1)
        quality["units"][code] = {
            "department": names[code],
            "area_km2": area,
            "area_source_km2": round(geodesic_area_km2(exact[code]), 1),
            "official_km2": figure,
            "official_basis": basis,
            "area_diff_pct": round(100 * (area - figure) / figure, 2),
            "iou_vs_source": round(ious[code], 4),
        }
        if abs(quality["units"][code]["area_diff_pct"]) > AREA_TOLERANCE_PCT:
            quality["area_exceptions"][code] = AREA_EXCEPTIONS[code]
    OUT_QUALITY.write_text(
        json.dumps(quality, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    table = readme_table(quality)
    update_readme(table)
    print("\n" + table)
    print(
        f"\nwrote {OUT.relative_to(ROOT)} ({quality['file_bytes'] / 1000:.1f} kB, tolerance "
        f"{tol} deg, min IoU {quality['min_iou']}), {OUT_QUALITY.relative_to(ROOT)}; "
        f"{len(places)} places checked, each inside its department"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
