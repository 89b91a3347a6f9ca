"""A chart's data as a CSV download: the table behind it, with the same ``#`` rows as the layer CSVs.

Above the header, rows starting with ``#`` say what the file is, in the reader's language: the
chart's title, source, caveat and data-quality notes (as the figure draws them), the period each
figure covers, and how the numbers are written. Whole counts are written as whole numbers (32,
not 32.0); percentages keep the decimals the report prints. The press kit, the live app and the
static edition all write a chart's CSV through :func:`chart_csv`.
"""

from __future__ import annotations

import pandas as pd

from geo.charts.data import is_blank
from geo.charts.frame import chart_words
from geo.charts.registry import chart_spec
from geo.i18n import normalise_language, t
from geo.safety import safe_csv_bytes

# Period columns, alone or after a prefix naming the table they belong to (poverty_, complaints_).
PERIOD_PREFIXES = ("", "poverty_", "complaints_")
WRITTEN = ("to date", "last year", "present tense")  # the report's own words for a period


def _month_year(period: str, lang: str) -> str:
    """``"2009-12"`` as "December 2009"; a bare year as it is."""
    year, _, month = str(period).partition("-")
    if not (month.isdigit() and 1 <= int(month) <= 12):
        return year
    name = t("story.months", lang).split(",")[int(month) - 1].strip()
    return t("story.month_year", lang, month=name, year=year)


def _cell(value: object) -> str:
    return "" if is_blank(value) else str(value)


def period_label(start: object, end: object, written: object, lang: str) -> str:
    """One period in words: "December 2009 – December 2010", "up to November 2011 (“to date”)"."""
    start, end, written = _cell(start), _cell(end), _cell(written)
    if start and end:
        text = t(
            "chart.period.range", lang, start=_month_year(start, lang), end=_month_year(end, lang)
        )
    elif end:
        text = t("chart.period.until", lang, end=_month_year(end, lang))
    else:
        return ""
    if written in WRITTEN:
        words = t(f"chart.period.written.{written.replace(' ', '_')}", lang)
        text = t("chart.period.with_words", lang, period=text, words=words)
    return text


def table_period(table: pd.DataFrame, lang: str) -> str:
    """Every period a chart's table covers, in words, each once ("" when it has none).

    Period columns are ``period_start``, ``period_end`` and ``period_as_written``, alone or after
    a prefix (``poverty_period_start``); a table of dated events (``date``) covers its first to
    its last year.
    """
    lang = normalise_language(lang)
    parts: list[str] = []
    for prefix in PERIOD_PREFIXES:
        start, end = f"{prefix}period_start", f"{prefix}period_end"
        if end not in table.columns:
            continue
        written = f"{prefix}period_as_written"
        labels = dict.fromkeys(
            period_label(
                row.get(start),
                row.get(end),
                row.get(written),
                lang,
            )
            for row in table.to_dict("records")
        )
        text = "; ".join(label for label in labels if label)
        if text and prefix:
            text = t(
                "chart.period.of", lang, what=t(f"chart.period.of.{prefix[:-1]}", lang), period=text
            )
        if text:
            parts.append(text)
    if not parts and "date" in table.columns:
        years = sorted(str(d)[:4] for d in table["date"] if not is_blank(d))
        if years:
            parts.append(t("chart.period.range", lang, start=years[0], end=years[-1]))
    return "; ".join(parts)


def whole_counts(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` with every number column that holds only whole numbers as integers (32, not
    32.0), empty cells kept empty; percentages (``*_pct*``) keep the decimals they have."""
    out = table.copy()
    for column in out.columns:
        series = out[column]
        if "_pct" in str(column) or not pd.api.types.is_float_dtype(series):
            continue
        values = series.dropna()
        if len(values) and (values == values.round()).all():
            out[column] = series.round().astype("Int64")
    return out


def chart_notes(
    chart_id: str, lang: str, table: pd.DataFrame | None = None
) -> list[tuple[str, str]]:
    """The ``#`` rows of a chart's CSV: (name, text) for title, source, caveat, period, each
    data-quality note, and how the numbers are written."""
    lang = normalise_language(lang)
    spec = chart_spec(chart_id)
    words = chart_words(spec.figure(lang))
    table = spec.table(lang) if table is None else table
    notes = [
        ("title", words.title),
        ("source", words.source),
        ("caveat", words.caveat),
        ("period", table_period(table, lang)),
    ]
    notes += [("quality_note", note) for note in words.notes]
    notes.append(("notes", t("chart.csv.notes", lang)))
    return [(name, text) for name, text in notes if text]


def chart_csv(chart_id: str, lang: str) -> bytes:
    """A chart's data as spreadsheet-safe CSV bytes, its ``#`` rows first (see module doc).

    Raises
    ------
    KeyError
        For a chart id that geo.charts does not know.
    """
    lang = normalise_language(lang)
    table = chart_spec(chart_id).table(lang)
    return safe_csv_bytes(whole_counts(table), chart_notes(chart_id, lang, table))
