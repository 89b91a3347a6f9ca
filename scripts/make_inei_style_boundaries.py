"""Write a copy of the shipped boundaries with INEI-style attributes, projected, to a given path.

The copy mimics the department layer INEI distributes: IDDPTO ("08"), NOMBDEP ("CUSCO", upper
case without accents), CAPITAL, a running OBJECTID in a different order from the codes, no ISO
column, projected to UTM zone 18S (EPSG:32718). It exists to prove that the atlas works with a
swapped boundary file (``ATLAS_BOUNDARIES``). The format follows the extension: ``.shp``,
``.gpkg``, ``.geojson``/``.json``, or ``.zip`` (a zipped shapefile).

Usage: python scripts/make_inei_style_boundaries.py OUT_PATH
"""

from __future__ import annotations

import sys
import tempfile
import unicodedata
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import geopandas as gpd  # noqa: E402

from geo.boundaries import read_boundaries  # noqa: E402
from geo.names import departments  # noqa: E402

CRS = "EPSG:32718"
DRIVERS = {".shp": "ESRI Shapefile", ".gpkg": "GPKG", ".geojson": "GeoJSON", ".json": "GeoJSON"}


def inei_name(name: str) -> str:
    """'San Martín' -> 'SAN MARTIN': upper case, accents stripped, as INEI layers write names."""
    text = unicodedata.normalize("NFKD", name)
    return "".join(c for c in text if not unicodedata.combining(c)).upper()


def inei_style_frame(source: str | Path | None = None) -> gpd.GeoDataFrame:
    """The shipped boundaries (or ``source``) with INEI-style attributes, in EPSG:32718."""
    shipped = read_boundaries(source)
    capitals = {d.code: d.capital for d in departments()}
    frame = gpd.GeoDataFrame(
        {
            "IDDPTO": shipped["department_code"],
            "NOMBDEP": shipped["department"].map(inei_name),
            "CAPITAL": shipped["department_code"].map(capitals).map(inei_name),
            "FUENTE": "INEI-style copy of the atlas boundaries",
        },
        geometry=shipped.geometry,
        crs=shipped.crs,
    ).to_crs(CRS)
    # Rows in reverse code order with a running OBJECTID, so a reader that took OBJECTID for
    # the department code would put every unit in the wrong place.
    frame = frame.iloc[::-1].reset_index(drop=True)
    frame.insert(0, "OBJECTID", range(1, len(frame) + 1))
    return frame


def write(path: str | Path, source: str | Path | None = None) -> Path:
    """Write the INEI-style copy to ``path`` (format from its extension) and return the path."""
    path = Path(path)
    frame = inei_style_frame(source)
    suffix = path.suffix.lower()
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".zip":
        with tempfile.TemporaryDirectory() as tmp:
            shp = Path(tmp) / f"{path.stem}.shp"
            frame.to_file(shp, driver="ESRI Shapefile", encoding="utf-8")
            with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
                for part in sorted(Path(tmp).iterdir()):
                    zf.write(part, part.name)
        return path
    if suffix not in DRIVERS:
        raise SystemExit(
            f"unsupported extension {suffix!r} for {path}: expected one of "
            f"{', '.join([*DRIVERS, '.zip'])}"
        )
    if suffix == ".shp":
        frame.to_file(path, driver=DRIVERS[suffix], encoding="utf-8")
    else:
        frame.to_file(path, driver=DRIVERS[suffix])
    return path


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    out = write(args[0])
    print(f"wrote {out} ({CRS}, IDDPTO/NOMBDEP attributes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
