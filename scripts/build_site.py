"""Write the static edition into site/ (or the folder given): ``make site``.

Every page in Spanish and English, Leaflet and plotly.js copied once from their installed packages,
the map data, the downloads. Open site/index.html from disk, or publish the folder on any static
host. Idempotent: a rebuild replaces the earlier site.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.site.build import build_site  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", default=str(ROOT / "site"), help="folder to write")
    parser.add_argument(
        "--no-press-kit",
        action="store_true",
        help="leave out the press kit (its images take seconds)",
    )
    args = parser.parse_args(argv)
    report = build_site(args.out, press_kit=not args.no_press_kit)
    print(
        f"wrote {len(report.files)} files, {report.total_bytes / 1e6:.1f} MB, to {report.out}"
        f" in {report.seconds:.1f} s"
    )
    for note in report.notes:
        print(note)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
