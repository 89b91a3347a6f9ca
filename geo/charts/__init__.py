"""Plotly charts of the report's figures, each with its title, source line and caveat inside it.

The package, by subject:

- ``registry``: every chart by id (page, data tables, builders); ``chart_spec``, ``CHARTS``.
- ``spec``: ``ChartSpec`` and the ``Builders`` (figure, table, alt text) of one chart.
- ``overview``, ``departments``: the overview page's charts (national figures; by department).
- ``justice``: the justice page's charts (funnel, penalties, timeline).
- ``upload``: the chart of a user's own layer.
- ``images``: a chart as a PNG (kaleido).
- ``download``: a chart's data as CSV, with ``#`` rows saying title, source, caveat and period.
- ``frame``: the frame every chart shares (palette, title, source, caveat, notes, sizing), and
  the figure as a page draws it (``for_screen``: the words outside, to wrap at any width).
- ``parts``: drawing pieces shared by charts (labelled and grouped bars, "not reported").
- ``text``, ``data``: numbers and words as charts write them; the tables as charts read them.

Headline numbers and institutions are not charts: they live in ``geo.headlines``.
"""

from geo.charts.download import chart_csv
from geo.charts.frame import OKABE_ITO, ChartWords, chart_words, for_screen
from geo.charts.images import PNG_WIDTH, ChartImageError, figure_png
from geo.charts.justice import PENALTY_INDICATORS
from geo.charts.parts import OTHER
from geo.charts.registry import CHARTS, PAGES, chart_spec, charts_for_page, quality_messages
from geo.charts.spec import Builders, ChartSpec
from geo.charts.text import WRAP
from geo.charts.upload import upload_figure

__all__ = [
    "CHARTS",
    "OKABE_ITO",
    "OTHER",
    "PAGES",
    "PENALTY_INDICATORS",
    "PNG_WIDTH",
    "WRAP",
    "Builders",
    "ChartImageError",
    "ChartSpec",
    "ChartWords",
    "chart_csv",
    "chart_spec",
    "chart_words",
    "charts_for_page",
    "figure_png",
    "for_screen",
    "quality_messages",
    "upload_figure",
]
