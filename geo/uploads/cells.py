"""One cell at a time: its text as a spreadsheet shows it, "no figure" markers, numbers, years."""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from geo.names import fold
from geo.safety import plain_text

# Cells meaning "no figure": read as missing (shown as not reported), never as zero.
_MISSING = {"", "na", "n a", "nd", "n d", "sd", "s d", "sin dato", "sin datos", "no data", "nan"}
_DIGIT = re.compile(r"\d")
# A letter that no marker holds: most words are told apart without folding them.
_NOT_MARKER = re.compile(r"[^\W\d_adinostADINOST]")


def cell_text(value: object) -> str:
    """A cell as text, the way a spreadsheet would show it; characters that no output can carry
    (controls, lone surrogates: ``geo.safety.plain_text``) become U+FFFD."""
    if value is None:
        return ""
    if isinstance(value, str):
        return plain_text(value)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    return str(value)


def is_blank(value: object) -> bool:
    """None, or text of nothing but spaces."""
    return value is None or (isinstance(value, str) and not value.strip())


def is_number(value: object) -> bool:
    """A number as stored in a workbook (a bool is not one)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


@lru_cache(maxsize=4096)
def folded(text: str) -> str:
    """geo.names.fold, cached: headers and markers repeat."""
    return fold(text)


def is_missing(value: object) -> bool:
    """Empty, or a marker of "no figure" (``-``, ``n.d.``, ``s/d``, ``NA``...)."""
    if value is None:
        return True
    if not isinstance(value, str):
        return False
    if len(value) > 20 or (value.isascii() and _NOT_MARKER.search(value)):
        return False
    return not _DIGIT.search(value) and folded(value) in _MISSING


# Numbers. "point" and "comma" are the decimal marks; "plain" fits both (12, 1 334) and
# "ambiguous" is one group of three digits after a single mark (1.334, 1,334), read by the style.
_SPACE = re.compile(r"[\s\u00a0\u2007\u2009\u202f]+")
# One pattern, tried in order; the name of the group that matched is the kind of number.
_NUMBER = re.compile(
    r"(?P<plain>\d+|\d{1,3}(?: \d{3})+)"
    r"|(?P<grouped_comma>\d{1,3}(?:,\d{3})+)"
    r"|(?P<grouped_point>\d{1,3}(?:\.\d{3})+)"
    r"|(?P<point>(?:\d{1,3}(?:[ ,]\d{3})+|\d+)?\.\d+|\d+(?:\.\d+)?[eE][+-]?\d+)"
    r"|(?P<comma>(?:\d{1,3}(?:[ .]\d{3})+|\d+)?,\d+)",
    re.ASCII,
)


@lru_cache(maxsize=65536)
def number_parts(text: str) -> tuple[str, str, str]:
    """(kind, sign, body) of a cell's text: kind is ``plain``, ``ambiguous``, ``point``, ``comma``
    or ``invalid``; body is the digits and marks without sign, spaces or percent sign."""
    s = text.strip()
    if not _DIGIT.search(s):  # words, the common case in a column of text: no pattern to try
        return "invalid", "", s
    if not s.isascii() or " " in s or "\t" in s:
        s = _SPACE.sub(" ", s)
    if s.endswith("%"):
        s = s[:-1].rstrip()
    sign = ""
    if s[:1] in ("+", "-", "−"):
        sign, s = ("-" if s[0] != "+" else ""), s[1:].lstrip()
    match = _NUMBER.fullmatch(s) if 0 < len(s) <= 40 else None
    if match is None:
        return "invalid", sign, s
    kind = match.lastgroup or "invalid"
    if kind == "grouped_comma":
        kind = "ambiguous" if s.count(",") == 1 else "point"
    elif kind == "grouped_point":
        kind = "ambiguous" if s.count(".") == 1 else "comma"
    return kind, sign, s


def number_kind(value: object) -> str:
    """``plain``, ``ambiguous``, ``point``, ``comma`` or ``invalid``; stored numbers are plain."""
    if isinstance(value, str):
        return number_parts(value)[0]
    if is_number(value):
        return "plain" if math.isfinite(value) else "invalid"
    return "invalid"


# Cells repeat (figures, markers, names), so what a text means is worked out once per text.
_CACHE = 1 << 17


@lru_cache(maxsize=_CACHE)
def text_kind(text: str) -> str:
    """``missing`` for a "no figure" marker, else the text's number kind (see number_parts)."""
    return "missing" if is_missing(text) else number_parts(text)[0]


@lru_cache(maxsize=_CACHE)
def _text_number(text: str, style: str) -> float | None:
    kind, sign, s = number_parts(text)
    if kind not in ("plain", "ambiguous", style):
        return None
    s = s.replace(" ", "")
    s = s.replace(",", "") if style == "point" else s.replace(".", "").replace(",", ".")
    number = float(sign + s)
    return number if math.isfinite(number) else None


def parse_number(value: object, style: str) -> float | None:
    """The number in a cell under a column's decimal style (``point``/``comma``), or None."""
    if isinstance(value, str):
        return _text_number(value, style)
    if is_number(value):
        number = float(value)
        return number if math.isfinite(number) else None
    return None


_YEAR = re.compile(r"\s*\d{4}(\.0+)?\s*")


def year_of(value: object) -> int | None:
    """The year in a cell (a date, 2012, "2012"), or None; years run from 1900 to 2100."""
    if isinstance(value, (dt.datetime, dt.date)):
        return value.year
    if is_number(value):
        number = float(value)
        year = int(number) if math.isfinite(number) and number.is_integer() else None
    elif isinstance(value, str) and _YEAR.fullmatch(value):
        year = int(float(value))
    else:
        year = None
    return year if year is not None and 1900 <= year <= 2100 else None


@dataclass
class Distinct:
    """A column's cells as distinct values, so that each is read once however often it repeats.

    ``cells[i]`` is ``values[codes[i]]``; a blank cell has code -1. ``counts[k]`` is how many cells
    hold ``values[k]``.
    """

    values: list[object]
    codes: np.ndarray
    counts: np.ndarray

    @classmethod
    def of(cls, cells: list[object]) -> Distinct:
        """The distinct values of ``cells`` (booleans kept apart from the numbers 0 and 1)."""
        # pandas hashes True like 1: booleans (rare, Excel only) are keyed by their text instead.
        keyed = cells
        if any(type(c) is bool for c in cells):
            keyed = [cell_text(c) if type(c) is bool else c for c in cells]
        codes, uniques = pd.factorize(pd.Series(keyed, dtype=object), use_na_sentinel=True)
        values = list(uniques)
        blank = np.array([is_blank(v) for v in values] + [True], dtype=bool)
        codes = np.where(blank[codes], -1, codes)  # code -1 indexes the appended True
        counts = np.bincount(codes[codes >= 0], minlength=len(values))
        return cls(values, codes, counts)
