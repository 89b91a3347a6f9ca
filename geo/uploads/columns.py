"""Which column holds what: the departments, the year, the source, the figures and their style."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from geo.messages import Message
from geo.names import try_resolve
from geo.uploads.cells import (
    folded,
    is_blank,
    is_number,
    number_kind,
    text_kind,
    year_of,
)
from geo.uploads.problems import Abort, Collector, short

# Header words, compared on the folded header's first word or on the whole folded header.
_DEPARTMENT_WORDS = {
    "departamento", "departamentos", "department", "departments", "dpto", "depto", "dept",
    "region", "regiones", "regions", "ubigeo", "codigo", "code", "cod", "iso",
}  # fmt: skip
_YEAR_WORDS = {"ano", "anos", "anio", "anios", "year", "years", "yr", "periodo", "period"}
_SOURCE_WORDS = {"fuente", "fuentes", "source", "sources", "referencia", "reference", "cita"}
_ROW_NUMBER_HEADERS = {"", "n", "no", "nro", "num", "numero", "number", "id", "item", "orden"}
# Rows of national totals, skipped with a note.
TOTALS = {
    "total", "totales", "total general", "total nacional", "nacional", "peru", "total peru",
    "republica del peru", "suma", "sum", "grand total",
}  # fmt: skip
SAMPLE = 200  # cells of a column looked at to judge whether it holds departments
_DIGIT = re.compile(r"\d")
_CODE_LIKE = re.compile(r"\d{1,2}|\d{6}")
_WRITTEN_CODE = re.compile(r"\s*0\d(0000)?\s*")
_LISTED_COLUMNS = 12  # columns named in "no department column"; the rest are counted


@lru_cache(maxsize=65536)
def _resolve_text(text: str) -> str | None:
    # No department name or alias holds a digit: a figure such as "1.334,5" is told apart here.
    if _DIGIT.search(text) and not _CODE_LIKE.fullmatch(text):
        return None
    return try_resolve(text)


def resolve(value: object) -> str | None:
    """The INEI code of a cell, or None (names and codes in any form; never suggestions)."""
    if isinstance(value, str):
        return _resolve_text(value.strip()) if len(value) <= 200 else None
    if is_number(value):
        return try_resolve(value) if value == value and abs(value) < 1e7 else None
    return None


def is_total(value: object) -> bool:
    """A national total row's label ("Total", "Total nacional", "Perú"...)."""
    return isinstance(value, str) and len(value) <= 40 and folded(value) in TOTALS


def _first_word(header: str) -> str:
    words = folded(header).split()
    return words[0] if words else ""


def named(header: str, words: set[str]) -> bool:
    """True when the header, or its first word, is one of ``words`` (accents and case aside)."""
    return _first_word(header) in words or folded(header) in words


def _department_score(header: str, values: list[object]) -> tuple[float, bool]:
    """Score of a column as the department column, and whether it may be it at all.

    Values that resolve count most, then a department-like header, then text over numbers. A
    column of bare numbers (1, 2, 15) is taken for INEI codes only when its header says so or the
    codes are written as codes (``08``, ``080000``): otherwise it is a column of figures.
    """
    sample = [v for v in values[: SAMPLE + 100] if not is_total(v)][:SAMPLE]
    resolved = [v for v in sample if resolve(v) is not None]
    rate = len(resolved) / len(sample) if sample else 0.0
    is_named = named(header, _DEPARTMENT_WORDS)
    textual = any(isinstance(v, str) and number_kind(v) == "invalid" for v in sample)
    coded = any(isinstance(v, str) and _WRITTEN_CODE.fullmatch(v) for v in resolved)
    eligible = (is_named and bool(sample)) or (rate >= 0.5 and (textual or coded))
    return rate + 0.75 * is_named + 0.5 * textual, eligible


def _number_kinds(cells: list[object]) -> Counter | None:
    """How many cells of each number kind a column holds, leaving out missing cells; None as soon
    as more than half its filled cells are not numbers (it cannot be a value column then)."""
    filled = [c for c in cells if not is_blank(c)]
    kinds: Counter = Counter()
    invalid, most = 0, len(filled) / 2
    for cell in filled:
        kind = text_kind(cell) if isinstance(cell, str) else number_kind(cell)
        kinds[kind] += 1
        if kind == "invalid":
            invalid += 1
            if invalid > most:  # even if every other cell were a number, it would be too few
                return None
    kinds.pop("missing", None)
    return kinds


def _column_style(kinds: Counter) -> str | None:
    """The decimal mark most cells show unambiguously, or None when they do not tell."""
    point, comma = kinds["point"], kinds["comma"]
    if point == comma:
        return None
    return "point" if point > comma else "comma"


@dataclass
class Columns:
    """The role of each column of an upload."""

    department: str
    values: list[str]
    styles: dict[str, str]  # value column -> "point" or "comma"
    year: str | None = None
    source: str | None = None


def _head(cells: list[object]) -> list[object]:
    """The first cells that are not blank: enough to judge a column by."""
    out = []
    for cell in cells:
        if not is_blank(cell):
            out.append(cell)
            if len(out) >= SAMPLE + 100:
                break
    return out


def _department_column(heads: dict[str, list[object]]) -> str | None:
    best_column, best = None, -1.0
    for column, head in heads.items():
        score, eligible = _department_score(column, head)
        if eligible and score > best:
            best_column, best = column, score
    return best_column


def _year_column(candidates: list[str], cells: dict[str, list[object]]) -> str | None:
    for column in candidates:
        if named(column, _YEAR_WORDS):
            filled = [c for c in cells[column] if not is_blank(c)]
            years = sum(year_of(c) is not None for c in filled)
            if years and years * 2 >= len(filled):
                return column
    return None


def _value_columns(
    candidates: list[str], cells: dict[str, list[object]], heads: dict[str, list[object]]
) -> dict[str, Counter]:
    """Columns where at least half the cells that are not missing are numbers, and their kinds."""
    out = {}
    for column in candidates:
        if folded(column) in _ROW_NUMBER_HEADERS:
            continue
        if named(column, _DEPARTMENT_WORDS) and _department_score(column, heads[column])[1]:
            continue  # a second department identifier (ubigeo beside the name)
        kinds = _number_kinds(cells[column])
        total = sum(kinds.values()) if kinds is not None else 0
        if total and (total - kinds["invalid"]) * 2 >= total:
            out[column] = kinds
    return out


def _styles(kinds: dict[str, Counter], separator: str | None) -> dict[str, str]:
    """Decimal style per column; undecided columns follow the file, then the separator."""
    styles = {c: _column_style(k) for c, k in kinds.items()}
    decided = [s for s in styles.values() if s]
    if decided.count("point") != decided.count("comma"):
        default = max(("point", "comma"), key=decided.count)
    else:
        default = "comma" if separator == ";" else "point"
    return {c: s or default for c, s in styles.items()}


def _no_department_column(table: pd.DataFrame, problems: Collector) -> None:
    names: list[object] = [short(c, 40) for c in table.columns[:_LISTED_COLUMNS]]
    if len(table.columns) > _LISTED_COLUMNS:
        more = len(table.columns) - _LISTED_COLUMNS
        names.append(Message("uploads.problem.more_columns", count=more))
    problems.add("no_department_column", columns=tuple(names))


def find_columns(table: pd.DataFrame, separator: str | None, problems: Collector) -> Columns:
    """The department, year, source and value columns of a table read from an upload.

    Raises
    ------
    Abort
        After recording the problem, when there is no department column or no value column.
    """
    lists = {c: table[c].tolist() for c in table.columns}
    heads = {c: _head(cells) for c, cells in lists.items()}
    department = _department_column(heads)
    header_is_data = department is not None and resolve(department) is not None
    if header_is_data and not named(department, _DEPARTMENT_WORDS):
        problems.add(
            "headerless", row=table.attrs["header_row"], column=department, value=department
        )
    rest = [c for c in table.columns if c != department]
    year = _year_column(rest, lists)
    rest = [c for c in rest if c != year]
    source = next((c for c in rest if named(c, _SOURCE_WORDS)), None)
    kinds = _value_columns([c for c in rest if c != source], lists, heads)
    if department is None:
        _no_department_column(table, problems)
    if not kinds:
        problems.add("no_value_column")
    if department is None or not kinds:
        raise Abort
    return Columns(department, list(kinds), _styles(kinds, separator), year, source)
