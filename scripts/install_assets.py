"""Copy the browser assets the app serves (Leaflet) from their installed PyPI package into static/vendor/.

Third-party code is installed from a registry, never committed: this runs at set-up (see the
Makefile) and again whenever the installed package changes. Idempotent.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.paths import LEAFLET_DIR  # noqa: E402

FILES = ("leaflet.js", "leaflet.css")


def main() -> int:
    try:
        import xstatic.pkg.leaflet as xleaflet
    except ImportError:
        print("xstatic-leaflet is not installed: run `make setup` (pip install xstatic-leaflet)")
        return 1
    source = Path(xleaflet.BASE_DIR)
    LEAFLET_DIR.mkdir(parents=True, exist_ok=True)
    for name in FILES:
        shutil.copyfile(source / name, LEAFLET_DIR / name)
    images = LEAFLET_DIR / "images"
    if images.exists():
        shutil.rmtree(images)
    shutil.copytree(source / "images", images)
    (LEAFLET_DIR / "VERSION").write_text(f"{xleaflet.VERSION}\n", encoding="utf-8")
    print(f"Leaflet {xleaflet.VERSION} copied to {LEAFLET_DIR.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
