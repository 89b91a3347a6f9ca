"""Make user-supplied text safe to show: HTML and markdown escaping, spreadsheet-formula neutralising."""

from __future__ import annotations

import csv
import html
import math
import re
from collections.abc import Sequence

import pandas as pd

# A cell whose first character is one of these is run as a formula by Excel, LibreOffice or Google
# Sheets (OWASP "CSV injection"); tab and carriage return are included because some spreadsheet
# programs strip them and then see the next character. The full-width forms are folded to ASCII by
# some importers.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")

# A string that is nothing but a plain decimal number (``-3.5``, ``+12``, ``1e3``) cannot run as a
# formula, so it is left alone: a spreadsheet reads it as the number it is.
_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
# Where a reader's program may start a new cell inside a string: line breaks and separators.
_SPLIT = re.compile(r"(\r\n|[\r\n,;\t])")


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


# Characters no reader's text keeps: C0 and C1 controls other than tab, line feed and carriage
# return (XML 1.0 forbids them, so an SVG or XLSX holding one is broken; terminals run ESC
# sequences), DEL, and lone surrogates (no UTF-8 encoder writes them: matplotlib, the ZIP and
# the HTTP response raise).
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def _replacement(match: re.Match) -> str:
    return " " if match.group().isspace() else "\ufffd"


def plain_text(text: str) -> str:
    """``text`` with every character no output can carry (see ``_NOT_TEXT``) replaced: a space
    for those that separate words or lines (vertical tab, form feed, NEL, the information
    separators), U+FFFD for the others, which shows the reader that something stood there."""
    return _NOT_TEXT.sub(_replacement, text)


# The characters st.markdown may read as syntax rather than text (CommonMark, GitHub tables and
# strikethrough, KaTeX's ``$``).
MARKDOWN_SPECIAL = "\\`*_{}[]()#+-!|~>$<"


def css_string(text: object) -> str:
    """``text`` as a quoted CSS string (for ``content:``), which cannot end the string or the rule.

    Backslashes, quotes, line breaks and ``<`` (a ``</style>`` in ``st.html``) become CSS escapes.
    """
    out = []
    for char in str(text):
        if char in "\\\"'<>" or ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\{ord(char):x} ")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


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


def _neutralise_segment(segment: str) -> str:
    if segment.startswith(FORMULA_TRIGGERS) and not _PLAIN_NUMBER.match(segment):
        return "'" + segment
    return segment


def neutralise_formula(value: object) -> object:
    """Prefix with an apostrophe every part of a string that a spreadsheet could run as a formula.

    A part is the string itself, and whatever follows a line break, a carriage return, a comma,
    a semicolon or a tab in it: a program that splits lines on a bare carriage return, or fields
    on the separator of its own locale (Excel in Spanish splits on ";"), would otherwise hand the
    spreadsheet a cell such as ``=cmd|' /C calc'!A0`` taken from the middle of the string.
    Only strings are changed: numbers (``-3.5`` as a float, or a string that is nothing but a
    plain number) stay as they are, so a negative figure is still a number when the CSV is opened.

    Parameters
    ----------
    value : a cell value of any type.

    Returns
    -------
    The value unchanged, or the string with ``'`` before each part starting with ``= + - @``,
    tab or CR (or their full-width forms).
    """
    if not isinstance(value, str) or not value:
        return value
    if not _SPLIT.search(value):
        return _neutralise_segment(value)
    parts = _SPLIT.split(value)  # text, separator, text, separator, ..., text
    return "".join(part if i % 2 else _neutralise_segment(part) for i, part in enumerate(parts))


def _is_text_column(series: pd.Series) -> bool:
    return series.dtype == object or pd.api.types.is_string_dtype(series.dtype)


def _text_cell(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(neutralise_formula(value if isinstance(value, str) else str(value)))


def _formatted(series: pd.Series) -> list[str]:
    """A column's cells as pandas writes them to CSV; text cells neutralised."""
    if _is_text_column(series):
        return [_text_cell(v) for v in series.tolist()]
    # Numbers, dates, booleans: pandas's own formatting, which holds no separator, quote or break.
    lines = series.to_frame().to_csv(index=False, header=False, lineterminator="\n").split("\n")
    return ["" if line == '""' else line for line in lines[: len(series)]]


class _Lines(list):
    """A file-like list: csv.writer writes one row per call."""

    write = list.append


def safe_csv_bytes(df: pd.DataFrame, notes: Sequence[tuple[str, str]] = ()) -> bytes:
    """A data frame as CSV bytes that are safe to open in a spreadsheet.

    ``notes`` (name, text) come first, one row each: ``#``, the name, the text. A spreadsheet
    shows them above the table, each text whole in one cell; a program skips them as comments
    (pandas ``read_csv(comment="#")``, R ``read.csv(comment.char = "#")``).

    Every string cell, and every column name, goes through :func:`neutralise_formula`, and every
    cell holding a line break or a carriage return is quoted, so that no reader, whatever its
    idea of a line, sees a new row starting inside it. The encoding is UTF-8 without a
    byte-order mark, like every data file of the atlas: a BOM is invisible but becomes part of the
    first column's name for csv readers that do not expect it (Python's ``csv``, many R and
    JavaScript readers, ``cut``/``awk``), which silently breaks joins on that column. The price is
    that a double-click in older Excel for Windows may show accents wrongly; Excel's "Data > From
    Text/CSV" import reads UTF-8 correctly.

    Parameters
    ----------
    df : the table; its index is not written.
    notes : what the file is (title, source, caveat...), as (name, text) pairs.

    Returns
    -------
    bytes: comma-separated, ``\\n`` line endings, the notes, then one header row.
    """
    columns = [_formatted(df.iloc[:, i]) for i in range(df.shape[1])]
    lines = _Lines()
    # With "\r\n" as the terminator the csv module quotes any cell holding "\r" or "\n" (with
    # "\n" alone it leaves a bare "\r" unquoted); each row's terminator is then made "\n".
    writer = csv.writer(lines, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    for name, text in notes:
        # On one line: a comment ends at the line's end for most readers, even inside quotes.
        writer.writerow(["#", _text_cell(name), _text_cell(" ".join(str(text).split()))])
    writer.writerow([_text_cell(str(c)) for c in df.columns])
    for row in zip(*columns, strict=True) if columns else ():
        writer.writerow(row)
    return "".join(line[:-2] + "\n" for line in lines).encode("utf-8")
