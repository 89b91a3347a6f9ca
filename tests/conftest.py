"""Fixtures every test module may share."""

from __future__ import annotations

import io
from pathlib import Path

import pytest


def blank_chart_png(chart_id: str, lang: str, scale: float = 2) -> bytes:
    """A white image the size of a chart's PNG: what the site's preview cards are cut from when
    kaleido's own Chromium is not wanted (tests/test_charts.py and tests/test_previews.py draw the
    real ones)."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (1920, 1000), "white").save(out, format="PNG")
    return out.getvalue()


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The static edition as `make site` builds it, without the press kit and with blank chart
    images under the preview cards: built once per test process (its map images take a while) and
    shared by every module that reads it. Read it, never change it; a module that needs its own
    copy copies it."""
    from geo import charts
    from geo.site.build import build_site

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(charts, "figure_png", blank_chart_png)
        return build_site(tmp_path_factory.mktemp("built-site") / "site", press_kit=False).out
