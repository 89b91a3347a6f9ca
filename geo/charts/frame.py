"""The frame every chart shares: palette, title on top, source, caveat and notes below, sizing.

The words are annotations in the figure itself, so that a PNG export or a screenshot carries them.
"""

from __future__ import annotations

from collections.abc import Iterable

import plotly.graph_objects as go

from geo.charts.data import findings
from geo.charts.text import TITLE_WRAP, wrap
from geo.i18n import normalise_language, t

# Okabe & Ito (2008), the colour-blind-safe palette.
OKABE_ITO = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "black": "#000000",
}
LINE_PX = 15  # height of one line of the 11 px notes below the plot
AXIS_PX = 58  # room under the plot area for tick labels and the axis title
LEGEND_PX = 28  # room under the axis title for a horizontal legend
FONT = "Arial, Helvetica, sans-serif"


def finish(
    fig: go.Figure,
    lang: str,
    title: str,
    source: str,
    caveat: str,
    notes: Iterable[str] = (),
    plot_height: int = 340,
    axis_px: int = AXIS_PX,
    legend: bool = False,
    left: int = 70,
) -> go.Figure:
    """Give ``fig`` the atlas's frame: title on top; source, caveat and notes below the plot.

    The notes are annotations named ``source``, ``caveat`` and ``note``. The figure's height grows
    with their lines, so the plot area keeps ``plot_height`` pixels. ``left`` is the left margin in
    pixels (room for the y-axis labels); the words below the plot start at the figure's left edge.
    """
    lang = normalise_language(lang)
    blocks = [("source", source), ("caveat", caveat)]
    blocks += [("note", f"{t('chart.quality_note', lang)}: {note}") for note in notes]
    bottom = _add_blocks(fig, blocks, axis_px + (LEGEND_PX if legend else 0), left)
    title_lines = wrap(title, TITLE_WRAP)
    top = 30 + 24 * len(title_lines)
    fig.update_layout(
        title=_title(title_lines),
        height=top + plot_height + bottom + 10,
        margin={"t": top, "b": bottom + 10, "l": left, "r": 30, "autoexpand": True},
        template="plotly_white",
        font={"family": FONT, "size": 12, "color": "#222222"},
        separators=",\u202f" if lang == "es" else ".,",
        showlegend=legend,
        legend=_legend(axis_px, plot_height) if legend else {},
        hoverlabel={"font": {"family": FONT}},
    )
    return fig


def _add_blocks(fig: go.Figure, blocks: list[tuple[str, str]], shift: int, left: int) -> int:
    """Stack the named text blocks below the plot, ``shift`` px down; return where they end."""
    for name, text in blocks:
        lines = wrap(text)
        fig.add_annotation(
            name=name,
            text="<br>".join(lines),
            xref="paper",
            yref="paper",
            x=0,
            y=0,
            xanchor="left",
            yanchor="top",
            yshift=-shift,
            xshift=-(left - 6),
            showarrow=False,
            align="left",
            font={"size": 11, "color": "#333333" if name == "source" else "#444444"},
        )
        shift += len(lines) * LINE_PX + 6
    return shift


def _title(lines: list[str]) -> dict:
    """The title's layout: its lines at the top left of the figure."""
    return {
        "text": "<br>".join(lines),
        "x": 0,
        "xanchor": "left",
        "y": 1,
        "yanchor": "top",
        "yref": "container",
        "pad": {"t": 14, "l": 4},
        "font": {"size": 16},
    }


def _legend(axis_px: int, plot_height: int) -> dict:
    """A horizontal legend just under the axis title."""
    # plotly has no legend yshift: the legend's position is in paper units
    return {
        "orientation": "h",
        "x": 0,
        "y": -axis_px / plot_height,
        "yanchor": "top",
        "xanchor": "left",
        "bgcolor": "rgba(0,0,0,0)",
    }


def left_for(labels: Iterable[str]) -> int:
    """A left margin (px) wide enough for these y-axis labels at 12 px."""
    return int(max((len(str(x)) for x in labels), default=0) * 6.6) + 18


def quality_notes(datasets: Iterable[str], lang: str) -> list[str]:
    """The short wording of each finding about the tables that has one, for the figure itself.

    The full findings are listed beside the chart (geo.charts.quality_messages); the figure
    carries this brief version so that an exported image keeps it.
    """
    return [note for f in findings(datasets) if (note := f.brief(lang))]
