"""The chart of a user's uploaded layer: bars by department, in the user's own words and source."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from geo.charts.frame import OKABE_ITO, finish, left_for
from geo.charts.parts import labelled_bar
from geo.charts.text import n, plotly_text
from geo.i18n import normalise_language, t, tn


def upload_figure(
    values: pd.DataFrame, name: str, source: str, lang: str, decimals: int = 1
) -> go.Figure:
    """Bars of a user's layer by department, labelled with the user's own name and source.

    Parameters
    ----------
    values : department_code, department, value (NaN where the file gives none), status.
    name, source : the user's words for the figure and its source (escaped: plotly reads tags).
    decimals : decimals shown on the bars.
    """
    lang = normalise_language(lang)
    reported = values[values["value"].notna()].sort_values("value", ascending=False, kind="stable")
    missing = len(values) - len(reported)
    fig = go.Figure(
        labelled_bar(
            [n(v, lang, decimals) for v in reported["value"]],
            "%{y}: ",
            x=reported["value"],
            y=[plotly_text(d) for d in reported["department"]],
            orientation="h",
            marker_color=OKABE_ITO["purple"],
        )
    )
    fig.update_yaxes(autorange="reversed", showgrid=False)
    if len(reported):
        low, high = reported["value"].min(), reported["value"].max()
        fig.update_xaxes(range=[min(0, low * 1.2), max(0, high) * 1.2 or 1])
    caveat = t("layer.upload.caveat", lang)
    if missing:
        caveat = f"{caveat} {tn('chart.upload.missing', missing, lang)}"
    return finish(
        fig,
        lang,
        plotly_text(name),
        plotly_text(t("layer.upload.source", lang, source=source)),
        caveat,
        plot_height=max(120, 24 * len(reported)),
        left=left_for(reported["department"]),
    )
