"""The dark version of a chart, for an embed on a news site in dark mode (``?theme=dark``).

Greys are turned around (dark text becomes light, white backgrounds dark) and every hue is kept,
so the colour-blind-safe palette (Okabe-Ito, YlGnBu) reads the same. The static edition's
``assets/charts.js`` does the same to its figures in the browser.
"""

from __future__ import annotations

import re

import plotly.graph_objects as go

DARK_BACKGROUND = "#1e1e1e"
GREY_SPREAD = 24  # a colour whose channels differ by at most this much is a grey
_HEX6 = re.compile(r"^#([0-9a-f]{6})$")
_HEX3 = re.compile(r"^#([0-9a-f]{3})$")
_RGB = re.compile(r"^rgba?\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*(?:,\s*([\d.]+)\s*)?\)$")


def dark_colour(value: object) -> object:
    """A grey of lightness v becomes one of ``30 + (255 - v) * 0.88``; anything else is kept."""
    if not isinstance(value, str):
        return value
    s = value.strip().lower()
    alpha = None
    if m := _HEX6.match(s):
        r, g, b = (int(m[1][i : i + 2], 16) for i in (0, 2, 4))
    elif m := _HEX3.match(s):
        r, g, b = (int(c * 2, 16) for c in m[1])
    elif m := _RGB.match(s):
        r, g, b = (float(m[i]) for i in (1, 2, 3))
        alpha = None if m[4] is None else float(m[4])
    elif s == "white":
        r = g = b = 255
    elif s == "black":
        r = g = b = 0
    else:
        return value
    if max(r, g, b) - min(r, g, b) > GREY_SPREAD or alpha == 0:
        return value
    v = round(30 + (255 - (r + g + b) / 3) * 0.88)
    if alpha is None:
        return f"#{v:02x}{v:02x}{v:02x}"
    return f"rgba({v},{v},{v},{alpha:g})"


def _darken(node: object) -> object:
    if isinstance(node, dict):
        return {key: _darken(value) for key, value in node.items()}
    if isinstance(node, list | tuple):
        return [_darken(value) for value in node]
    return dark_colour(node)


def themed_figure(figure: go.Figure, theme: str) -> go.Figure:
    """``figure`` itself for the light theme; for ``"dark"`` a dark copy (template included)."""
    if theme != "dark":
        return figure
    spec = _darken(figure.to_plotly_json())
    dark = go.Figure(spec)
    dark.update_layout(paper_bgcolor=DARK_BACKGROUND, plot_bgcolor=DARK_BACKGROUND)
    return dark
