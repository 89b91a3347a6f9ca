"""Write geo/built/classes.json: the classes of every report layer, computed once, at build time.

Fisher-Jenks (mapclassify) imports scipy and matplotlib, seconds of a server's first visit; the
report's layers never change between builds, so their breaks are computed here and read at run time
(``geo.classify.classify``). Run ``python scripts/build_classes.py`` (part of ``make data``) after
any data change; ``tests/test_classify.py`` fails while the file disagrees with a fresh computation.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.classify import BUILT_CLASSES, MAX_CLASSES, classes_record  # noqa: E402
from geo.layers import LAYERS, layer_values  # noqa: E402


def records() -> list[dict]:
    """One record per report layer and measure: its reported values and their classes."""
    out = []
    for layer_id, spec in LAYERS.items():
        for measure in spec.measures:
            values = [v for v in layer_values(layer_id, measure)["value"] if not math.isnan(v)]
            if values:
                out.append(
                    {"layer": layer_id, "measure": measure, **classes_record(values, MAX_CLASSES)}
                )
    return out


def document() -> dict:
    """The whole file, as written."""
    return {
        "about": "Classes of the report's layers (scripts/build_classes.py); do not edit.",
        "classes": records(),
    }


def main() -> int:
    BUILT_CLASSES.parent.mkdir(parents=True, exist_ok=True)
    doc = document()
    BUILT_CLASSES.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{BUILT_CLASSES.relative_to(ROOT)}: {len(doc['classes'])} layers classified")
    return 0


if __name__ == "__main__":
    sys.exit(main())
