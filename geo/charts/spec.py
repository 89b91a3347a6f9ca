"""What the registry knows of a chart: its id, page, data tables and the builders that draw it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

import pandas as pd
import plotly.graph_objects as go

from geo.i18n import normalise_language


class Builders(NamedTuple):
    """The three functions behind a chart, each taking the language (``"es"`` or ``"en"``)."""

    figure: Callable[[str], go.Figure]
    table: Callable[[str], pd.DataFrame]
    alt_text: Callable[[str], str]


@dataclass(frozen=True)
class ChartSpec:
    """One chart: its builders, the page it belongs to, and the data tables it draws on."""

    chart_id: str
    page: str
    datasets: tuple[str, ...]
    builders: Builders
    # Its rows are departments, in the order of its table's department_code column: the chart
    # is linked to the map (geo.charts.linked).
    by_department: bool = False

    def figure(self, lang: str) -> go.Figure:
        """The plotly figure, with title, source line and caveat inside it."""
        return self.builders.figure(normalise_language(lang))

    def table(self, lang: str) -> pd.DataFrame:
        """The data behind the chart, for a table and a CSV download."""
        return self.builders.table(normalise_language(lang))

    def alt_text(self, lang: str) -> str:
        """One sentence describing what the chart shows, with its key numbers."""
        return self.builders.alt_text(normalise_language(lang))

    def file_name(self, lang: str) -> str:
        """File name without extension, e.g. ``atlas-peru-purposes-es``."""
        return f"atlas-peru-{self.chart_id.replace('_', '-')}-{normalise_language(lang)}"

    def title(self, lang: str) -> str:
        """The chart's title as plain text."""
        return self.figure(lang).layout.title.text.replace("<br>", " ")
