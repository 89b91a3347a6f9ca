"""Draw the press kit's chart images once, at build time: geo/built/charts/<chart>-<lang>-2.png.

kaleido starts a Chromium to draw a chart (seconds on a two-core machine), and the press kit's
charts are the same for every map view; drawn here, a press kit is made without a browser. Each
image is recorded in ``index.json`` with the fingerprint of the figure it was drawn from, and
``geo.charts.figure_png`` uses it only while the figure is unchanged. Run
``python scripts/build_chart_images.py`` (part of ``make data``) after changing a chart;
``tests/test_charts.py`` fails while an image is out of date.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.charts import chart_spec  # noqa: E402
from geo.charts.images import (  # noqa: E402
    BUILT_IMAGES,
    BUILT_INDEX,
    draw_png,
    fingerprint,
    image_key,
)
from geo.exports import OVERVIEW_CHARTS  # noqa: E402
from geo.i18n import LANGUAGES  # noqa: E402

SCALE = 2  # as geo.exports.press_kit draws them


def wanted() -> list[tuple[str, str]]:
    """(chart id, language) of every image the press kit holds."""
    return [(chart_id, lang) for chart_id in OVERVIEW_CHARTS for lang in LANGUAGES]


def fingerprints() -> dict[str, str]:
    """Image name -> the fingerprint of the figure it must be drawn from, as the charts are now."""
    return {
        image_key(chart_id, lang, SCALE): fingerprint(chart_spec(chart_id).figure(lang), SCALE)
        for chart_id, lang in wanted()
    }


def main() -> int:
    BUILT_IMAGES.mkdir(parents=True, exist_ok=True)
    for old in BUILT_IMAGES.glob("*.png"):
        old.unlink()
    index = {}
    for chart_id, lang in wanted():
        fig = chart_spec(chart_id).figure(lang)
        key = image_key(chart_id, lang, SCALE)
        (BUILT_IMAGES / f"{key}.png").write_bytes(draw_png(chart_id, fig, SCALE))
        index[key] = fingerprint(fig, SCALE)
    doc = {"about": "Chart images (scripts/build_chart_images.py); do not edit.", "images": index}
    BUILT_INDEX.write_text(json.dumps(doc, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{BUILT_IMAGES.relative_to(ROOT)}: {len(index)} images drawn")
    return 0


if __name__ == "__main__":
    sys.exit(main())
