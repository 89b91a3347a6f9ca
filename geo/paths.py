"""Where the atlas's own files live, resolved from this package, never from the working directory."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
STATIC_DIR = ROOT / "static"
LEAFLET_DIR = STATIC_DIR / "vendor" / "leaflet"
BOUNDARIES_FILE = DATA_DIR / "departments.geojson"
