"""Make user-supplied text safe to show: HTML and markdown escaping, spreadsheet-formula neutralising."""

from __future__ import annotations

import html
import math
import re

import pandas as pd

# A cell whose first character is one of these is run as a formula by Excel, LibreOffice or Google
# Sheets (OWASP "CSV injection"); tab and carriage return are included because some spreadsheet
# programs strip them and then see the next character. The full-width forms are folded to ASCII by
# some importers.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")

# A string that is nothing but a plain decimal number (``-3.5``, ``+12``, ``1e3``) cannot run as a
# formula, so it is left alone: a spreadsheet reads it as the number it is.
_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def escape_html(text: object) -> str:
    """Escape any value for use as HTML text or inside a quoted HTML attribute.

    Use it for every piece of user text put into HTML: tooltips, popups, department profiles,
    legends, standalone HTML exports.

    Parameters
    ----------
    text : any value; None and NaN become the empty string, other values go through ``str``.

    Returns
    -------
    str with ``& < > " '`` replaced by entities.
    """
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return ""
    return html.escape(str(text), quote=True)


# The characters st.markdown may read as syntax rather than text (CommonMark, GitHub tables and
# strikethrough, KaTeX's ``$``).
MARKDOWN_SPECIAL = "\\`*_{}[]()#+-!|~>$<"


def escape_markdown(text: object) -> str:
    """Text shown through st.markdown as written: every markdown character escaped with ``\\``.

    Streamlit shows HTML tags as text unless ``unsafe_allow_html`` is set (the atlas never sets
    it), so no HTML entities are added: an entity would be shown literally once its ``#`` is
    escaped.
    """
    out = str(text)
    for ch in MARKDOWN_SPECIAL:
        out = out.replace(ch, "\\" + ch)
    return out


def neutralise_formula(value: object) -> object:
    """Prefix a string that a spreadsheet would run as a formula with an apostrophe.

    Only strings are changed: numbers (``-3.5`` as a float, or a string that is nothing but a plain
    number) stay as they are, so a negative figure is still a number when the CSV is opened.

    Parameters
    ----------
    value : a cell value of any type.

    Returns
    -------
    The value unchanged, or ``"'" + value`` for a string starting with ``= + - @``, tab or CR.
    """
    if not isinstance(value, str) or not value:
        return value
    if value.startswith(FORMULA_TRIGGERS) and not _PLAIN_NUMBER.match(value):
        return "'" + value
    return value


def _is_text_column(series: pd.Series) -> bool:
    return series.dtype == object or pd.api.types.is_string_dtype(series.dtype)


def safe_csv_bytes(df: pd.DataFrame) -> bytes:
    """A data frame as CSV bytes that are safe to open in a spreadsheet.

    Every string cell, and every column name, goes through :func:`neutralise_formula`. The encoding
    is UTF-8 without a byte-order mark, like every data file of the atlas: a BOM is invisible
    but becomes part of the first column's name for csv readers that do not expect it (Python's
    ``csv``, many R and JavaScript readers, ``cut``/``awk``), which silently breaks joins on that
    column. The price is that a double-click in older Excel for Windows may show accents wrongly;
    Excel's "Data > From Text/CSV" import reads UTF-8 correctly.

    Parameters
    ----------
    df : the table; its index is not written.

    Returns
    -------
    bytes: comma-separated, ``\\n`` line endings, one header row.
    """
    out = df.copy()
    for column in out.columns:
        if _is_text_column(out[column]):
            out[column] = out[column].map(neutralise_formula).astype(object)
    out.columns = [neutralise_formula(str(c)) for c in out.columns]
    return out.to_csv(index=False, lineterminator="\n").encode("utf-8")
