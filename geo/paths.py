"""Where the atlas's own files live, resolved from this package, never from the working directory."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
STATIC_DIR = ROOT / "static"
LEAFLET_DIR = STATIC_DIR / "vendor" / "leaflet"
BOUNDARIES_FILE = DATA_DIR / "departments.geojson"


def leaflet_installed() -> bool:
    """True when the Leaflet files the maps load (leaflet.js and .css) are in static/vendor/."""
    return (LEAFLET_DIR / "leaflet.js").is_file() and (LEAFLET_DIR / "leaflet.css").is_file()
