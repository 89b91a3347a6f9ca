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
    """The static edition as `make site` builds it, press kit included, with blank chart images
    under the preview cards: built ONCE per test run and shared by every module and every xdist
    worker that reads it (the build takes tens of seconds). Read it, never change it; a module
    that needs its own copy copies it.

    Under xdist the first worker to ask builds it into the run's shared temporary folder (the
    parent of each worker's own) while holding a lock there, and the others wait for it and read
    the same folder (pytest-xdist's recipe "Making session-scoped fixtures execute only once").
    ``builds.log`` beside the site has one line per build, naming the process that built it.
    """
    import fcntl
    import os

    from geo import charts
    from geo.site.build import build_site

    worker = os.environ.get("PYTEST_XDIST_WORKER")
    shared = tmp_path_factory.getbasetemp()
    if worker:
        shared = shared.parent  # the run's folder, shared by its workers
    root = shared / "built-site"
    done = root / "builds.log"
    with open(shared / "built-site.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed
        if not done.is_file():
            with pytest.MonkeyPatch.context() as mp:
                mp.setattr(charts, "figure_png", blank_chart_png)
                build_site(root / "site")
            with done.open("a", encoding="utf-8") as log:
                log.write(f"built by {worker or 'the only process'}\n")
    return root / "site"
