"""Charts as PNG images, drawn by kaleido in a Chromium kept running for the process.

The press kit's charts are drawn when the data are built (``scripts/build_chart_images.py`` writes
``geo/built/charts/``), each with the fingerprint of the figure it was drawn from; ``figure_png``
returns a built image while its figure is unchanged, and draws the others (starting Chromium is
slow).
"""

from __future__ import annotations

import atexit
import functools
import hashlib
import json
import threading
import warnings
from pathlib import Path

from geo.charts.registry import chart_spec

PNG_WIDTH = 960  # px; kaleido's PNG is this wide times ``scale``
BUILT_IMAGES = Path(__file__).resolve().parent.parent / "built" / "charts"
BUILT_INDEX = BUILT_IMAGES / "index.json"

_KALEIDO_LOCK = threading.Lock()
_KALEIDO_SERVER: list[bool] = []  # holds True once a kaleido browser is kept running


class ChartImageError(RuntimeError):
    """A chart could not be drawn as an image (no Chromium for kaleido, or kaleido failed)."""


def _start_kaleido_server() -> None:
    """Keep one kaleido Chromium running for this process (call with _KALEIDO_LOCK held).

    Starting Chromium takes far longer than drawing a chart in it: a kept server pays for the start
    once, not once a chart.
    If it cannot start, each image starts its own browser, as plotly does by default.
    """
    if _KALEIDO_SERVER:
        return
    try:
        import kaleido  # here, not at the top: it is slow to import, and only exports need it

        # No MathJax: kaleido would fetch it from a CDN (no network in a committee room) and
        # then typeset any ``$...$`` of a chart's text as TeX; the atlas's charts use none.
        kaleido.start_sync_server(silence_warnings=True, mathjax=False)
        atexit.register(kaleido.stop_sync_server, silence_warnings=True)
        _KALEIDO_SERVER.append(True)
    except Exception:  # no Chromium, or kaleido too old: plotly's per-call path reports it
        _KALEIDO_SERVER.append(False)


def figure_png(chart_id: str, lang: str, scale: float = 2) -> bytes:
    """The chart as a PNG (``PNG_WIDTH`` × ``scale`` pixels wide), drawn by kaleido in Chromium.

    Raises
    ------
    ChartImageError
        When kaleido finds no Chromium/Chrome, or fails to draw the image.
    """
    fig = chart_spec(chart_id).figure(lang)
    built = built_png(chart_id, lang, scale, fig)
    if built is not None:
        return built
    return draw_png(chart_id, fig, scale)


def image_key(chart_id: str, lang: str, scale: float) -> str:
    """The built image's name in ``BUILT_INDEX``: ``purposes-es-2``."""
    return f"{chart_id}-{lang}-{scale:g}"


def fingerprint(fig, scale: float) -> str:
    """sha256 of what the image is drawn from: the figure's JSON, the width and the scale."""
    text = f"{fig.to_json()}|{PNG_WIDTH}|{scale:g}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@functools.cache
def built_index() -> dict[str, str]:
    """Built image name -> the fingerprint of the figure it was drawn from (empty if none)."""
    try:
        return json.loads(BUILT_INDEX.read_text(encoding="utf-8"))["images"]
    except FileNotFoundError:
        return {}


def built_png(chart_id: str, lang: str, scale: float, fig) -> bytes | None:
    """The image built for this very figure, or None (none built, or the chart changed since)."""
    key = image_key(chart_id, lang, scale)
    if built_index().get(key) != fingerprint(fig, scale):
        return None
    try:
        return (BUILT_IMAGES / f"{key}.png").read_bytes()
    except FileNotFoundError:
        return None


def draw_png(chart_id: str, fig, scale: float = 2) -> bytes:
    """``fig`` drawn by kaleido now (see ``figure_png``)."""
    try:
        with _KALEIDO_LOCK, warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "kopts ignored if using a server": we pass none
            _start_kaleido_server()
            return fig.to_image(
                format="png", width=PNG_WIDTH, height=int(fig.layout.height), scale=scale
            )
    except Exception as exc:  # kaleido/choreographer raise several RuntimeError subclasses
        raise ChartImageError(
            f"could not draw chart {chart_id!r} as a PNG: {exc}. Expected Chromium or Chrome "
            "installed where kaleido can find it (e.g. the Debian package 'chromium', or a path in "
            "the BROWSER_PATH environment variable)."
        ) from exc
