"""A drawn matplotlib figure as the bytes of a small PNG or SVG, losing nothing a reader sees.

geo.static_map draws the map; this module writes it. The static edition writes one PNG and one SVG
per view and language, and its whole site has a size budget.
"""

from __future__ import annotations

import io
import re
import threading

import matplotlib as mpl
import numpy as np
from matplotlib.figure import Figure

# The PNG keeps its most frequent colours exactly (every fill, line and text colour) and gives the
# rare in-between shades of antialiased edges their nearest one; the SVG's path coordinates, in
# points, are written to tenths (35 µm on the page, a tenth of a hair's width; the static
# edition's site keeps within its size budget with twenty of them).
PNG_COLOURS = 128
SVG_DECIMALS = 1
_SVG_PATH_D = re.compile(rb'(<path\b[^>]*?\sd=")([^"]*)(")')  # "<path" is never reader text (&lt;)
_SVG_NUMBER = re.compile(rb"-?\d+\.\d+")
_SVG_BREAK = re.compile(rb"\s*\n\s*")
_SVG_LOCK = threading.Lock()  # rc_context below changes matplotlib's rcParams while saving


def palette_png(fig: Figure, dpi: int) -> bytes:
    """The drawn figure as a PNG with a palette of its :data:`PNG_COLOURS` most frequent colours,
    kept exact; any other colour (a shade of an antialiased edge) becomes its nearest one. A third
    of the size of the full-colour PNG.

    Pillow's own ``quantize(palette=...)`` moves even the palette's colours (white became
    252, 252, 252), so the nearest colours are found here.
    """
    from PIL import Image

    fig.canvas.draw()  # the figure is opaque (white), so alpha is 255 everywhere
    rgba = np.ascontiguousarray(fig.canvas.buffer_rgba())
    keys = rgba.view(np.uint32)[..., 0]  # one number per pixel, the four bytes as they lie
    colours, counts = np.unique(keys, return_counts=True)
    # most frequent first; among equal counts the lower key first, so the palette is fixed
    palette = colours[np.lexsort((colours, -counts))[:PNG_COLOURS]]
    distance = ((_rgb(colours)[:, None, :] - _rgb(palette)[None, :, :]) ** 2).sum(axis=-1)
    nearest = distance.argmin(axis=1).astype(np.uint8)
    image = Image.fromarray(nearest[np.searchsorted(colours, keys)], mode="P")
    image.putpalette(_rgb(palette).astype(np.uint8).ravel().tolist())
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True, dpi=(dpi, dpi))
    return out.getvalue()


def _rgb(keys: np.ndarray) -> np.ndarray:
    """The pixel keys of :func:`palette_png` as rows of (red, green, blue) integers."""
    return keys.astype(np.uint32).view(np.uint8).reshape(-1, 4)[:, :3].astype(int)


def compact_svg(fig: Figure, halo: tuple[str, float] | None = None) -> bytes:
    """The drawn figure as an SVG with live text (searchable, editable), its paths' coordinates
    to :data:`SVG_DECIMALS` places, on one line each.

    ``halo``: (gid prefix, width in points): the texts whose gid starts with the prefix are
    written without their path effects (a halo's stroke would be every glyph's outline), as text,
    with a stroke of their own fill colour that wide (:func:`stroke_svg_texts`). The figure
    keeps no path effect on them: save it once.
    """
    if halo:
        for text in fig.findobj(lambda a: (a.get_gid() or "").startswith(halo[0])):
            text.set_path_effects([])
    out = io.BytesIO()
    with _SVG_LOCK, mpl.rc_context({"svg.fonttype": "none", "svg.hashsalt": "atlas"}):
        fig.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    data = compact_svg_paths(out.getvalue())
    return stroke_svg_texts(data, *halo) if halo else data


def stroke_svg_texts(data: bytes, gid_prefix: str, width: float) -> bytes:
    """The SVG ``data`` with a stroke of their own fill colour, ``width`` points wide, on the texts
    of the groups whose id starts with ``gid_prefix``: a halo as one text, where a path effect
    writes every glyph's outline twice. Plain stroke and fill, which every SVG reader draws."""
    group = re.compile(
        rb'(<g id="' + re.escape(gid_prefix.encode()) + rb'[^"]*">\s*<text style="[^"]*?'
        rb'fill: (#[0-9a-fA-F]{6}))(")'
    )
    stroke = b"; stroke: %s; stroke-width: " + (b"%g" % width) + b"; stroke-linejoin: round"
    return group.sub(lambda m: m.group(1) + stroke % m.group(2) + m.group(3), data)


def compact_svg_paths(data: bytes) -> bytes:
    """The SVG ``data`` with its paths' coordinates to :data:`SVG_DECIMALS` places, on one line
    each."""

    def number(match: re.Match) -> bytes:
        text = b"%.*f" % (SVG_DECIMALS, float(match.group(0)))
        text = text.rstrip(b"0").rstrip(b".")
        return b"0" if text in (b"-0", b"") else text

    def path(match: re.Match) -> bytes:
        d = _SVG_BREAK.sub(b" ", _SVG_NUMBER.sub(number, match.group(2))).strip()
        return match.group(1) + d + match.group(3)

    return _SVG_PATH_D.sub(path, data)
