"""The frame every chart shares: palette, title on top, source, caveat and notes below, sizing.

The words are annotations in the figure itself, so that a PNG export carries them. On a page the
figure is drawn by :func:`for_screen`: the same plot without the words, which the page writes
above and below it as text that wraps to any width (plotly wraps no text of its own).
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass

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
LEGEND_PX = 36  # room under the axis title for a horizontal legend, with a gap above the source
BLOCKS = ("source", "caveat", "note")  # the named annotations below the plot
SCREEN_TOP = 28  # px above the plot on a page: room for plotly's toolbar
# The narrowest figure a page draws: a 358 px embed less the static page's margins (12 px a side).
PHONE_CHART_PX = 334
RIGHT_PX = 30  # the figure's right margin (see finish)
AXIS_TITLE_LINE_PX = 15  # height of one more line of a 12 px axis title
SUBPLOT_TITLE_PX = 13  # font size of a panel's title on a page
FONT = "Arial, Helvetica, sans-serif"
# The least distance of the words from the image's left and top edges (px of the figure): a press
# kit's PNG is placed by an editor, and a title 5 px from the edge looked cut. Plotly places a
# title's box, not its letters: the pads below put the letters' ink at EDGE_PX or more.
EDGE_PX = 24
TITLE_PAD = {"t": EDGE_PX + 12, "l": EDGE_PX + 2}


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
    top = TITLE_PAD["t"] + 16 + 24 * len(title_lines)
    fig.update_layout(
        title=_title(title_lines),
        height=top + plot_height + bottom + 10,
        margin={"t": top, "b": bottom + 10, "l": left, "r": 30, "autoexpand": True},
        template="plotly_white",
        font={"family": FONT, "size": 12, "color": "#222222"},
        separators=",." if lang == "es" else ".,",  # as the text: 9.113.684; 8,7
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
            xshift=TITLE_PAD["l"] - left,  # under the title, as far from the figure's left edge
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
        "pad": dict(TITLE_PAD),
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


def quality_notes(
    datasets: Iterable[str], lang: str, items: Iterable[str] | None = None
) -> list[str]:
    """The short wording of each finding about the tables that has one, for the figure itself;
    only the findings about ``items`` (rows of the tables, or ``"table"``) when given.

    The full findings are listed beside the chart (geo.charts.quality_messages); the figure
    carries this brief version so that an exported image keeps it.
    """
    wanted = None if items is None else set(items)
    return [
        note
        for f in findings(datasets)
        if (wanted is None or f.item in wanted) and (note := f.brief(lang))
    ]


@dataclass(frozen=True)
class ChartWords:
    """A chart's words as plain text, for a page to write around the figure."""

    title: str
    source: str
    caveat: str
    notes: tuple[str, ...] = ()


def _plain(text: str | None) -> str:
    """A plotly label as plain text: its line breaks as spaces, its escapes undone."""
    return html.unescape(str(text or "").replace("<br>", " "))


def chart_words(fig: go.Figure) -> ChartWords:
    """The title, source, caveat and notes that :func:`finish` drew in ``fig``."""
    blocks: dict[str, list[str]] = {name: [] for name in BLOCKS}
    for note in fig.layout.annotations:
        if note.name in blocks:
            blocks[note.name].append(_plain(note.text))
    return ChartWords(
        title=_plain(fig.layout.title.text),
        source=" ".join(blocks["source"]),
        caveat=" ".join(blocks["caveat"]),
        notes=tuple(blocks["note"]),
    )


def for_screen(fig: go.Figure, plot_height: int | None = None) -> tuple[go.Figure, ChartWords]:
    """``fig`` as a page draws it, sized by its container, and the words it leaves out.

    ``plot_height`` (px) gives the plot area another height (a story step's compact chart); the
    legend keeps its distance in pixels under the plot, clear of the axis title.

    The title, source, caveat and notes are taken out of the figure (the page writes them as text
    that wraps); the plot keeps its height, the room under it for tick labels, axis title and
    legend, and gains a line for each line an x-axis title wraps to at ``AXIS_TITLE_WRAP``
    characters. No width is set: the figure takes its container's.
    """
    words = chart_words(fig)
    screen = go.Figure(fig)
    layout = screen.layout
    notes = [a for a in layout.annotations if a.name in BLOCKS]
    drawn_height = layout.height - layout.margin.t - layout.margin.b
    plot_height = plot_height or drawn_height
    if layout.showlegend and layout.legend.y is not None and layout.legend.y < 0:
        # a legend under the plot sits a fraction of the plot's height below it: the same pixels
        layout.legend.y = layout.legend.y * drawn_height / plot_height
    # the first block sits just under the axis title and the legend (see finish)
    under = -notes[0].yshift if notes else layout.margin.b
    plot_px = PHONE_CHART_PX - (layout.margin.l or 0) - RIGHT_PX  # the plot's width on a phone
    axes = [layout[k] for k in layout if k.startswith("xaxis")]
    extra = 0
    for axis in axes:
        share = (axis.domain[1] - axis.domain[0]) if axis.domain else 1
        # a lone axis's title may reach into the right margin; a panel's keeps to its panel
        room = share * plot_px + (RIGHT_PX * 2 if len(axes) == 1 else 0)
        lines = _rewrap(axis.title.text, room, 12)
        if lines:
            axis.title.text = "<br>".join(lines)
            extra = max(extra, (len(lines) - 1) * AXIS_TITLE_LINE_PX)
    top = SCREEN_TOP
    for note in layout.annotations:
        if note.name is None and note.xref == "paper" and note.yanchor == "bottom":
            # a panel's title (plotly's subplot_titles): as wide as its panel at most
            share = next((a.domain[1] - a.domain[0] for a in axes if _holds(a, note.x)), 1)
            lines = _rewrap(note.text, share * plot_px, SUBPLOT_TITLE_PX)
            note.font.size = SUBPLOT_TITLE_PX
            if lines:
                note.text = "<br>".join(lines)
            top = max(top, SCREEN_TOP + len(lines or [note.text]) * (SUBPLOT_TITLE_PX + 4))
    if layout.showlegend and layout.legend.y is not None:
        # the legend may wrap to a second row on a narrow screen: room for it below
        layout.legend.y = layout.legend.y - extra / plot_height
        under += LEGEND_PX
    bottom = under + extra
    # assigned, not passed to update_layout, which would update the annotations one by one
    layout.annotations = [a for a in layout.annotations if a.name not in BLOCKS]
    layout.title = None
    screen.update_layout(
        height=top + plot_height + bottom,
        width=None,
        autosize=True,
        margin={"t": top, "b": bottom},
    )
    return screen, words


def _rewrap(text: str | None, width_px: float, font_px: int) -> list[str] | None:
    """``text``'s lines to fit ``width_px`` at ``font_px`` (about 0.55 em a character), or None
    when it fits on one line already (or is empty)."""
    if not text:
        return None
    chars = max(12, int(width_px / (0.55 * font_px)))
    plain = str(text).replace("<br>", " ")
    return wrap(plain, chars) if len(_plain(plain)) > chars else None


def _holds(axis, x: float) -> bool:
    """True when paper position ``x`` lies in ``axis``'s domain."""
    return bool(axis.domain) and axis.domain[0] <= x <= axis.domain[1]
