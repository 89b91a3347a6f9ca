"""Drawing pieces several charts share: labelled bars, grouped bars, "not reported" in place of a bar."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd
import plotly.graph_objects as go

from geo.charts.text import plotly_text
from geo.i18n import t

NOT_REPORTED_TEXT = "#595959"  # 7:1 on white; the words "not reported" are never drawn as a bar
OTHER = "other"  # a department_code for what the report leaves unallocated (a reader's table)
REMAINDER = "remainder"  # the status of the row for what the report leaves unallocated

# (column, legend name, colour, label of a row): one series of grouped bars
Series = tuple[str, str, str, Callable[[pd.Series], str]]


def labelled_bar(labels: Sequence[str], hover_prefix: str = "", **bar) -> go.Bar:
    """A bar trace with ``labels`` outside its bars and in its hover text, after ``hover_prefix``.

    ``hover_prefix`` may name plotly's own fields (``"%{y}: "``); ``bar`` are go.Bar's arguments.
    """
    return go.Bar(
        text=labels,
        textposition="outside",
        cliponaxis=False,
        customdata=labels,
        hovertemplate=f"{hover_prefix}%{{customdata}}<extra></extra>",
        **bar,
    )


def not_reported(fig: go.Figure, x: float, y: float, lang: str, row=None, col=None) -> None:
    """The words "not reported" where a bar would be: never a zero-length bar."""
    fig.add_annotation(
        name="not_reported",
        text="<i>" + plotly_text(t("chart.not_reported", lang)) + "</i>",  # plotly's markup
        x=x,
        y=y,
        xanchor="left",
        showarrow=False,
        font={"size": 11, "color": NOT_REPORTED_TEXT},
        row=row,
        col=col,
    )


def category_axis(fig: go.Figure, labels: Sequence[str]) -> None:
    """The y axis as one row per label, the first on top, at positions 0, 1, 2...."""
    fig.update_yaxes(
        tickvals=list(range(len(labels))),
        ticktext=list(labels),
        autorange="reversed",
        showgrid=False,
        zeroline=False,
    )


def _is_rest(row: pd.Series) -> bool:
    """True for the row of what the report leaves unallocated."""
    if str(row.get("department_code", "")) == OTHER:
        return True
    return any(str(v) == REMAINDER for k, v in row.items() if str(k).endswith("_status"))


def grouped_hbars(fig: go.Figure, table: pd.DataFrame, series: Sequence[Series], lang: str) -> None:
    """Grouped horizontal bars at numeric positions (0 on top); "not reported" where NaN.

    ``series`` are drawn top to bottom within each row; a row of what the report leaves
    unallocated (a ``*_status`` of ``remainder``, or a department_code of :data:`OTHER`) is
    hatched.
    """
    width = 0.8 / len(series)
    x_max = max(table[s[0]].max() for s in series)
    patterns = ["/" if _is_rest(row) else "" for _i, row in table.iterrows()]
    for k, (column, name, colour, label) in enumerate(series):
        offset = (k - (len(series) - 1) / 2) * width
        ys = [i + offset for i in range(len(table))]
        present = table[column].notna()
        texts = [label(r) if present[i] else "" for i, r in table.iterrows()]
        fig.add_trace(
            labelled_bar(
                texts,
                f"{name}: ",
                x=table[column].where(present),
                y=ys,
                width=width * 0.92,
                orientation="h",
                name=name,
                marker={
                    "color": colour,
                    "pattern": {
                        "shape": patterns or "",
                        "fillmode": "overlay",
                        "fgcolor": "#FFFFFF",
                    },
                },
            )
        )
        for i, y in enumerate(ys):
            if not present[i]:
                not_reported(fig, x_max * 0.01, y, lang)
