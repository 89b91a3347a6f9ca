"""Linked views: the charts that show departments, the department chosen on the map, and a click.

A chart whose bars are departments names them: each bar trace's ``ids`` are its rows'
department codes (:data:`NO_DEPARTMENT` for a row that is none, such as what the report leaves
unallocated), and ``layout.meta["departments"]`` the code of each row of its category axis, top
to bottom. :func:`highlight` outlines the chosen department's bars and sets its row's label in
bold; :func:`clicked_department` reads the department a click on a bar chose. The live pages
(``ui.charts``) apply them in Python; the static chart pages apply the same rule
(:func:`highlight_rule`, shipped in the figure's ``layout.meta``) in ``assets/charts.js``.
"""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

NO_DEPARTMENT = "-"  # the id of a bar that is no department
META_KEY = "departments"  # layout.meta: each category row's department code, top to bottom
RULE_KEY = "highlight"  # layout.meta: the outline of the chosen department's bars
OUTLINE = {"light": "#1a1a1a", "dark": "#ffffff"}  # the chosen bars' outline, by theme
OUTLINE_WIDTH = 3  # px


def mark_departments(fig: go.Figure, codes: Sequence[str]) -> None:
    """Name the departments of ``fig``'s rows: row i (position i of the category axis, 0 on
    top) is department ``codes[i]`` ("" for a row that is none). Every bar trace with one bar
    per row gets them as its ``ids``."""
    ids = [code or NO_DEPARTMENT for code in codes]
    for trace in fig.data:
        if isinstance(trace, go.Bar) and trace.x is not None and len(trace.x) == len(ids):
            trace.ids = ids
    fig.layout.meta = {**(fig.layout.meta or {}), META_KEY: ids, RULE_KEY: highlight_rule()}


def highlight_rule() -> dict:
    """How the chosen department's bars are drawn, for the static edition's script."""
    return {"outline": OUTLINE, "width": OUTLINE_WIDTH}


def departments_of(fig: go.Figure) -> list[str]:
    """The department code of each row of ``fig`` (empty for a chart without departments)."""
    meta = fig.layout.meta or {}
    return list(meta.get(META_KEY, [])) if isinstance(meta, dict) else []


def highlight(fig: go.Figure, code: str | None, theme: str = "light") -> go.Figure:
    """A copy of ``fig`` with department ``code``'s bars outlined and its row's label in bold;
    ``fig`` itself when it shows no such department (or ``code`` is None)."""
    rows = departments_of(fig)
    if not code or code not in rows:
        return fig
    out = go.Figure(fig)
    colour = OUTLINE.get(theme, OUTLINE["light"])
    for trace in out.data:
        if isinstance(trace, go.Bar) and trace.ids is not None:
            widths = [OUTLINE_WIDTH if i == code else 0 for i in trace.ids]
            trace.marker.line = {"color": colour, "width": widths}
    axis = out.layout.yaxis
    if axis.ticktext is not None and len(axis.ticktext) == len(rows):
        labels = list(axis.ticktext)
        at = rows.index(code)
        labels[at] = "<b>" + labels[at] + "</b>"  # plotly markup around the axis label as drawn
        axis.ticktext = labels
    return out


def clicked_department(fig: go.Figure, points: Sequence[dict]) -> str | None:
    """The department of the first bar among ``points`` (a selection's points: curve_number and
    point_index, as Streamlit reports a click), or None when no department's bar was clicked."""
    for point in points:
        curve, index = point.get("curve_number"), point.get("point_index")
        if curve is None or index is None or curve >= len(fig.data):
            continue
        ids = getattr(fig.data[curve], "ids", None)
        if ids is not None and 0 <= index < len(ids) and ids[index] != NO_DEPARTMENT:
            return str(ids[index])
    return None
