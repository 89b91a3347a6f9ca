"""A chart as both editions show it, and the pages made of charts and figures (Overview, Justice).

:class:`ChartBlock` is everything a page says about one chart: its title, source, caveat and notes
(the words ``geo.charts.for_screen`` takes out of the figure), the data-quality findings, the alt
text, the data table as the reader reads it (cells in the reader's number format), the file names
of its downloads and the labels of its links. The figure itself is :func:`screen_figure`, which
both editions draw. :class:`ChartPage` is a page of sections (headline figures, institutions,
charts); ``geo.pages.overview`` and ``geo.pages.justice`` build the two such pages.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from geo import charts
from geo.charts.linked import mark_departments
from geo.charts.theme import themed_figure
from geo.headlines import Headline
from geo.i18n import format_number, normalise_language, t

# An embed shows the chart's title, figure, source, caveat and notes; its alt text is there for
# screen readers only (the live figure's alt, the static page's visually hidden caption).
EMBED_PARTS = ("title", "figure", "source", "caveat", "notes", "table")
MAX_DECIMALS = 3  # a table cell keeps the decimals its number has, up to this many


@dataclass(frozen=True)
class DataTable:
    """The data behind a chart as a reader reads it: header texts and rows of cell texts.

    The headers name the columns of the chart's CSV download in the reader's language, "(code)"
    after a column of codes; the cells are written in the reader's number format ("59,44" in
    Spanish), missing values empty.
    """

    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Download:
    """A file a reader can download: the button's or link's label, file name and type."""

    label: str
    file_name: str
    mime: str


@dataclass(frozen=True)
class ChartBlock:
    """One chart with everything said around it, in one language.

    ``notes`` are the figure's own brief data-quality notes ("Data-quality note: ..."), written
    under it; ``quality`` the full findings about its figures, under ``quality_heading`` (empty
    when there are none). ``png`` needs a server (the image is drawn on request), so the static
    edition leaves it out; ``embed_label`` names the link to the chart alone, for an iframe.
    """

    chart_id: str
    page: str  # the page it belongs to (overview, justice): its embed is that page's
    lang: str
    title: str
    source: str
    caveat: str
    notes: tuple[str, ...]
    quality_heading: str
    quality: tuple[str, ...]
    alt: str
    table_label: str
    table: DataTable
    csv: Download
    png: Download
    embed_label: str
    linked_hint: str = ""  # a chart of departments: a click on a bar opens its profile on the map

    @property
    def words(self) -> charts.ChartWords:
        """The words written around the figure (title, source, caveat, notes)."""
        return charts.ChartWords(self.title, self.source, self.caveat, self.notes)

    @property
    def needs_server(self) -> frozenset[str]:
        """The texts of this block only the live edition shows: the PNG drawn on request."""
        return frozenset({self.png.label})

    def embed_texts(self) -> frozenset[str]:
        """The texts an embed of this chart shows (:data:`EMBED_PARTS`), as a reader reads them."""
        cells = (*self.table.headers, *(cell for row in self.table.rows for cell in row))
        texts = (self.title, self.source, self.caveat, *self.notes, self.table_label, *cells)
        return frozenset(" ".join(text.split()) for text in texts if text and text.strip())


@dataclass(frozen=True)
class Fact:
    """A headline figure: its label, value, source line and any data-quality note (one line,
    "Data-quality note: ...", or "")."""

    fact_id: str
    label: str
    value: str
    source: str
    note: str = ""


@dataclass(frozen=True)
class Institution:
    """An institution the report names, and what it says of it."""

    name: str
    text: str


@dataclass(frozen=True)
class Section:
    """A part of a page under its heading (``anchor``: its id in the address, ``#national``).

    In this order: headline figures, institutions with their source caption, charts.
    """

    anchor: str
    heading: str
    figures: tuple[Fact, ...] = ()
    institutions: tuple[Institution, ...] = ()
    caption: str = ""
    charts: tuple[ChartBlock, ...] = ()


@dataclass(frozen=True)
class ChartPage:
    """A page of headline figures and charts: title, introduction, figures, then its sections."""

    page: str
    lang: str
    title: str
    intro: str
    figures: tuple[Fact, ...]
    sections: tuple[Section, ...]

    @property
    def charts(self) -> tuple[ChartBlock, ...]:
        """Every chart block of the page, in page order."""
        return tuple(block for section in self.sections for block in section.charts)

    @property
    def needs_server(self) -> frozenset[str]:
        """The texts only the live edition shows (the parity test leaves them out)."""
        return frozenset().union(*(block.needs_server for block in self.charts))

    def chart(self, chart_id: str) -> ChartBlock:
        """The block of ``chart_id``.

        Raises
        ------
        KeyError
            When the page has no such chart; the message names the ones it has.
        """
        for block in self.charts:
            if block.chart_id == chart_id:
                return block
        ids = ", ".join(b.chart_id for b in self.charts)
        raise KeyError(f"unknown chart {chart_id!r} on the {self.page} page: expected one of {ids}")


def screen_figure(
    chart_id: str, lang: str, theme: str = "light", plot_height: int | None = None
) -> tuple[go.Figure, charts.ChartWords]:
    """The figure both editions draw for ``chart_id`` and the words it leaves out.

    ``theme="dark"``: the dark version (an embed's ``?theme=dark``); ``plot_height``: the plot
    area's height in px (geo.charts.for_screen). A chart whose rows are departments names them
    (``geo.charts.linked.mark_departments``): the pages highlight the department chosen on the
    map and open the map on a click of a bar.
    """
    spec = charts.chart_spec(chart_id)
    figure = themed_figure(spec.figure(lang), theme)
    if spec.by_department:
        figure = go.Figure(figure)  # the builder's figure is cached: marked on a copy
        mark_departments(figure, list(spec.table(lang)["department_code"]))
    return charts.for_screen(figure, plot_height)


def _decimals(number: float) -> int:
    """The decimals ``number`` has, up to :data:`MAX_DECIMALS` (0 for 299.0, 2 for 59.44)."""
    return len(f"{number:.{MAX_DECIMALS}f}".rstrip("0").partition(".")[2])


def _number(value: object) -> float | None:
    """``value`` as a float when it is a number (NaN for a missing one), else None."""
    if value is None or value is pd.NA:
        return math.nan
    if isinstance(value, bool) or not isinstance(value, int | float | np.number):
        return None
    return float(value)


def cell_text(value: object, lang: str, decimals: int | None = None) -> str:
    """A table cell as the reader reads it: a number in ``lang``'s format with ``decimals``
    places (by default the decimals it has, at most :data:`MAX_DECIMALS`: 299, not 299.0),
    a missing value empty, text as it is."""
    number = _number(value)
    if number is None:
        return str(value)
    if math.isnan(number):
        return ""
    return format_number(number, _decimals(number) if decimals is None else decimals, lang)


def column_header(column: str, lang: str) -> str:
    """A column of a chart's table as its header reads ("Share in the report (%)" for
    ``stated_pct``); the CSV keeps the column's own name.

    Raises
    ------
    KeyError
        For a column the catalogue has no header for (``chart.column.<name>``).
    """
    return t(f"chart.column.{column}", lang)


def data_table(frame: pd.DataFrame, lang: str, caption: str = "") -> DataTable:
    """``frame`` as a :class:`DataTable`: its columns' headers in ``lang``, its cells as text.

    The numbers of a column share its largest count of decimals (59,80 beside 59,44), so that
    they line up as the report prints them.
    """
    columns = []
    for column in frame.columns:
        numbers = [_number(v) for v in frame[column]]
        known = [x for x in numbers if x is not None and not math.isnan(x)]
        places = max((_decimals(x) for x in known), default=0)
        columns.append([cell_text(v, lang, places) for v in frame[column]])
    return DataTable(
        caption=caption,
        headers=tuple(column_header(str(c), lang) for c in frame.columns),
        rows=tuple(zip(*columns, strict=True)) if columns else (),
    )


def chart_block(chart_id: str, lang: str, words: charts.ChartWords | None = None) -> ChartBlock:
    """What both editions show of chart ``chart_id`` in ``lang``.

    ``words``: the figure's words when the caller has drawn it already (the figure is drawn
    otherwise, to read them).

    Raises
    ------
    KeyError
        For a chart id geo.charts does not know.
    """
    lang = normalise_language(lang)
    spec = charts.chart_spec(chart_id)
    if words is None:
        words = charts.chart_words(spec.figure(lang))
    quality = tuple(charts.quality_messages(chart_id, lang))
    file_name = spec.file_name(lang)
    return ChartBlock(
        chart_id=chart_id,
        page=spec.page,
        lang=lang,
        title=words.title,
        source=words.source,
        caveat=words.caveat,
        notes=tuple(words.notes),
        quality_heading=t("chart.quality_heading", lang, n=len(quality)) if quality else "",
        quality=quality,
        alt=spec.alt_text(lang),
        table_label=t("chart.data_table", lang),
        table=data_table(spec.table(lang), lang, caption=words.title),
        csv=Download(t("chart.download_csv", lang), f"{file_name}.csv", "text/csv"),
        png=Download(t("chart.download_png", lang), f"{file_name}.png", "image/png"),
        embed_label=t("site.embed.open", lang),
        linked_hint=t("chart.linked.hint", lang) if spec.by_department else "",
    )


def fact(headline: Headline, lang: str) -> Fact:
    """A headline figure (geo.headlines.Headline) as a page shows it: its note as one line."""
    note = f"{t('chart.quality_note', lang)}: {headline.note}" if headline.note else ""
    return Fact(headline.metric_id, headline.label, headline.value, headline.source, note)
