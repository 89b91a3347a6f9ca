"""Row by row: departments to INEI codes, years, figures checked to be showable, a tidy table.

The figures are read a column at a time, once per distinct cell (a 10,000-row file of 100 columns
holds a million cells but far fewer distinct ones); the rows are then walked once, in file order,
so that problems are listed as a reader meets them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd

from geo.messages import Message, Number, OneOf
from geo.names import department_names, suggest_departments
from geo.uploads.cells import (
    Distinct,
    cell_text,
    is_blank,
    is_missing,
    parse_number,
    text_kind,
    year_of,
)
from geo.uploads.columns import Columns, is_total, resolve
from geo.uploads.limits import MAX_DECIMALS, MAX_SUGGESTED, MAX_VALUE
from geo.uploads.problems import Abort, Collector

FIXED_COLUMNS = ("row", "department_code", "department", "year", "source")
# The smallest figure other than zero that a legend at MAX_DECIMALS places does not print as 0.
SMALLEST_SHOWN = 0.5 * 10.0**-MAX_DECIMALS


@lru_cache(maxsize=1024)
def _suggest(text: str) -> tuple[str, ...]:
    return tuple(suggest_departments(text)) if len(text) <= 200 else ()


def output_names(value_columns: list[str]) -> dict[str, str]:
    """Value column names in the harmonised frame, clear of its fixed columns."""
    taken = set(FIXED_COLUMNS)
    out = {}
    for column in value_columns:
        name = column
        while name in taken:
            name = f"{name}_value"
        taken.add(name)
        out[column] = name
    return out


# --- figures, a column at a time ------------------------------------------------------------


def _figure(cell: object, style: str) -> tuple[float, str, dict]:
    """(the number, or NaN; the problem code, or ""; the problem's parameters) of one cell."""
    if isinstance(cell, str):
        return _text_figure(cell, style)
    return _cell_figure(cell, style)


@lru_cache(maxsize=1 << 17)
def _text_figure(text: str, style: str) -> tuple[float, str, dict]:
    # Figures repeat across columns and rows: each text is judged once per style.
    return _cell_figure(text, style)


def _cell_figure(cell: object, style: str) -> tuple[float, str, dict]:
    if cell is None or (isinstance(cell, str) and text_kind(cell) == "missing"):
        return np.nan, "", {}
    number = parse_number(cell, style)
    if number is None:
        return np.nan, "non_numeric", {"style": Message(f"uploads.style.{style}")}
    if number == 0:
        number = 0.0  # "-0" is zero, not a class of its own below it
    if number < 0:
        return number, "negative", {}
    if number >= MAX_VALUE:
        return number, "too_large_value", {"max": Number(MAX_VALUE)}
    if 0 < number < SMALLEST_SHOWN:
        return number, "too_small_value", {"decimals": MAX_DECIMALS}
    return number, "", {}


@dataclass
class _Figures:
    """One value column read: its numbers, and the cells with a problem by row position."""

    numbers: np.ndarray
    problems: dict[int, tuple[str, str, dict]]  # position -> (code, cell text, parameters)
    # "no figure" markers written in the column ("NaN", "N/A", "-"...) -> their row positions
    markers: dict[str, np.ndarray] = field(default_factory=dict)


def _markers(distinct: Distinct) -> dict[str, np.ndarray]:
    """The column's "no figure" markers other than an empty cell, and where they are."""
    return {
        value: np.flatnonzero(distinct.codes == k)
        for k, value in enumerate(distinct.values)
        if isinstance(value, str) and not is_blank(value) and text_kind(value) == "missing"
    }


def _figures(cells: list[object], style: str) -> _Figures:
    distinct = Distinct.of(cells)
    read = [_figure(value, style) for value in distinct.values]
    numbers = np.array([number for number, _, _ in read] + [np.nan], dtype=float)
    bad = [k for k, (_, code, _) in enumerate(read) if code]
    problems = {}
    if bad:
        for position in np.flatnonzero(np.isin(distinct.codes, bad)).tolist():
            value = distinct.values[distinct.codes[position]]
            _, code, params = read[distinct.codes[position]]
            problems[position] = (code, cell_text(value), params)
    return _Figures(numbers[distinct.codes], problems, _markers(distinct))


# --- rows, in file order --------------------------------------------------------------------


@dataclass
class _Rows:
    """What the row checks carry from one row to the next."""

    columns: Columns
    formulas: dict[tuple[int, str], str]
    names: dict[str, str] = field(default_factory=department_names)
    seen: dict[tuple[str, int | None], int] = field(default_factory=dict)
    suggested: set[str] = field(default_factory=set)
    flagged: set[int] = field(default_factory=set)  # positions of rows with a figure to report
    keep: list[int] = field(default_factory=list)  # positions of the rows kept (not totals)
    codes: list[str | None] = field(default_factory=list)
    years: list[int | None] = field(default_factory=list)


def _formula(state: _Rows, row: int, column: str, problems: Collector) -> bool:
    """Report a formula saved without its result; True when the cell had one."""
    formula = state.formulas.get((row, column)) if state.formulas else None
    if formula is None:
        return False
    problems.add("formula_no_result", row=row, column=column, value=f"={formula}")
    return True


def _department(state: _Rows, row: int, raw: object, problems: Collector) -> str | None:
    """The row's INEI code, or None after recording why not."""
    column = state.columns.department
    if _formula(state, row, column, problems):
        return None
    if is_blank(raw):
        problems.add("missing_department", row=row, column=column)
        return None
    code = resolve(raw)
    if code is not None:
        return code
    text = cell_text(raw).strip()
    # Suggestions cost a difflib search: only for the first distinct names, which is what a
    # reader fixing a column of misspellings needs, and never for a column of anything else.
    if text not in state.suggested and len(state.suggested) < MAX_SUGGESTED and not problems.full:
        state.suggested.add(text)
    suggestions = _suggest(text) if text in state.suggested else ()
    hint = (
        Message.of("uploads.problem.did_you_mean", names=OneOf(suggestions)) if suggestions else ""
    )
    problems.add(
        "unknown_department",
        row=row,
        column=column,
        value=cell_text(raw),
        suggestions=suggestions,
        hint=hint,
    )
    return None


def _year(state: _Rows, row: int, raw: object, problems: Collector) -> tuple[int | None, bool]:
    """(the row's year or None, whether the year cell is usable)."""
    column = state.columns.year
    if column is None:
        return None, True
    if _formula(state, row, column, problems):
        return None, False
    if is_missing(raw):
        return None, True
    year = year_of(raw)
    if year is None:
        problems.add("bad_year", row=row, column=column, value=cell_text(raw))
    return year, year is not None


def _duplicate(state: _Rows, row: int, code: str, year: int | None, raw, problems: Collector):
    key = (code, year)
    if key not in state.seen:
        state.seen[key] = row
        return
    problems.add(
        "duplicate_department",
        row=row,
        column=state.columns.department,
        value=cell_text(raw),
        department=state.names[code],
        first_row=state.seen[key],
        year=Message.of("uploads.problem.year_part", year=year) if year is not None else "",
    )


def _row_figures(state, row, position, figures: dict[str, _Figures], problems: Collector) -> None:
    if position not in state.flagged:
        return
    for column, read in figures.items():
        if _formula(state, row, column, problems):
            read.numbers[position] = np.nan
        elif position in read.problems:
            code, text, params = read.problems[position]
            problems.add(code, row=row, column=column, value=text, **params)


def _row(state: _Rows, row: int, position: int, cells: dict, figures, problems) -> None:
    columns = state.columns
    raw = cells[columns.department][position]
    if is_total(raw):
        problems.add(
            "total_row",
            key="uploads.note.total_row",
            blocking=False,
            row=row,
            column=columns.department,
            value=raw,
        )
        return
    code = _department(state, row, raw, problems)
    year_raw = cells[columns.year][position] if columns.year is not None else None
    year, year_ok = _year(state, row, year_raw, problems)
    if code is not None and year_ok:
        _duplicate(state, row, code, year, raw, problems)
    _row_figures(state, row, position, figures, problems)
    state.keep.append(position)
    state.codes.append(code)
    state.years.append(year)


def _other_formulas(table: pd.DataFrame, state: _Rows, problems: Collector) -> None:
    """Formulas without a result outside the columns read: in the header, or in a note column."""
    used = {state.columns.department, state.columns.year, *state.columns.values}
    header_row = table.attrs["header_row"]
    for (row, column), formula in state.formulas.items():
        if row == header_row:
            problems.add("formula_header", row=row, column=column, value=f"={formula}")
        elif column not in used:
            problems.add(
                "formula_no_result",
                key="uploads.note.formula_no_result",
                blocking=False,
                row=row,
                column=column,
                value=f"={formula}",
            )


LISTED_ROWS = 10  # rows named in a note; the rest are counted


def _marker_notes(table, state: _Rows, figures: dict[str, _Figures], problems: Collector) -> None:
    """A note for each "no figure" marker of a value column, naming its rows: "NaN" or "N/A"
    shown as not reported is the reader's to confirm, not a silent reading."""
    kept = np.zeros(len(table), dtype=bool)
    kept[np.array(state.keep, dtype=int)] = True
    index = table.index.to_numpy()
    for column, read in figures.items():
        for marker, positions in read.markers.items():
            rows = [int(index[p]) for p in positions if kept[p]]
            if not rows:
                continue
            listed: list[object] = [str(row) for row in rows[:LISTED_ROWS]]
            if len(rows) > LISTED_ROWS:
                listed.append(Message.of("uploads.note.more_rows", count=len(rows) - LISTED_ROWS))
            problems.add(
                "missing_marker",
                key="uploads.note.missing_marker",
                blocking=False,
                row=rows[0],
                column=column,
                value=marker,
                rows=Message("uploads.note.rows", {"rows": tuple(listed)}, len(rows)),
            )


def _frame(table: pd.DataFrame, state: _Rows, figures: dict[str, _Figures]) -> pd.DataFrame:
    keep = np.array(state.keep, dtype=int)
    source = state.columns.source
    sources = table[source].tolist() if source is not None else [None] * len(table)
    names = [state.names.get(c or "", "") for c in state.codes]
    out = pd.DataFrame(
        {
            "department_code": np.array(state.codes, dtype=object),
            "department": np.array(names, dtype=object),
        },
        index=pd.Index(table.index.to_numpy()[keep], name="row"),
    )
    for column, name in output_names(state.columns.values).items():
        out[name] = figures[column].numbers[keep].astype(float)
    out["year"] = pd.array(state.years, dtype="Int64")
    out["source"] = np.array(
        ["" if is_blank(sources[p]) else cell_text(sources[p]).strip() for p in state.keep],
        dtype=object,
    )
    return out


def harmonise(
    table: pd.DataFrame,
    columns: Columns,
    problems: Collector,
    formulas: dict[tuple[int, str], str] | None = None,
) -> pd.DataFrame:
    """The upload as a tidy table: department_code, department, the value columns, year, source.

    Parameters
    ----------
    table : cells as read, indexed by spreadsheet row number.
    columns : the role of each column (geo.uploads.columns.find_columns).
    problems : where every problem found is recorded, by row and column.
    formulas : (row, column) -> formula text of the cells saved without their result.

    Raises
    ------
    Abort
        When any blocking problem was found (in this step or before).
    """
    state = _Rows(columns, dict(formulas or {}))
    _other_formulas(table, state, problems)
    cells = {c: table[c].tolist() for c in (columns.department, columns.year) if c is not None}
    figures = {c: _figures(table[c].tolist(), columns.styles[c]) for c in columns.values}
    state.flagged = set().union(*(f.problems for f in figures.values()))
    if state.formulas:
        rows = {row: position for position, row in enumerate(table.index.tolist())}
        state.flagged |= {rows[row] for row, _ in state.formulas if row in rows}
    for position, row in enumerate(table.index.tolist()):
        _row(state, row, position, cells, figures, problems)
    _marker_notes(table, state, figures, problems)
    if problems.blocking:
        raise Abort
    return _frame(table, state, figures)
