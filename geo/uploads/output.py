"""Using a checked upload: a map layer of one column and year, the file back as CSV, and the
tables that show it (the preview and the problems) with nothing a spreadsheet could run."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from geo.i18n import normalise_language, t
from geo.names import department_names
from geo.safety import neutralise_formula, safe_csv_bytes
from geo.uploads.cells import cell_text
from geo.uploads.parse import Upload
from geo.uploads.problems import UploadProblem

REPORTED = "reported"
NOT_REPORTED = "not_reported"


def upload_layer_values(upload: Upload, column: str, year: int | None = None) -> pd.DataFrame:
    """The values of one uploaded column for all 25 departments, shaped like ``layer_values``.

    Parameters
    ----------
    upload : a parsed upload.
    column : one of ``upload.value_columns``.
    year : which year to map when the file has a year column; None takes the latest year in it.

    Returns
    -------
    DataFrame in code order with department_code, department, value (float, NaN where the file
    gives no figure) and status (``reported``/``not_reported``).

    Raises
    ------
    ValueError
        When ``column`` is not a value column, or ``year`` is not in the file.
    """
    if column not in upload.value_columns:
        raise ValueError(
            f"no value column {column!r} in the upload: expected one of "
            f"{', '.join(map(repr, upload.value_columns))}"
        )
    frame = upload.harmonised
    if upload.year_column is not None and upload.years:
        chosen = max(upload.years) if year is None else year
        if chosen not in upload.years:
            years = ", ".join(map(str, upload.years))
            raise ValueError(f"no year {year!r} in the upload: expected one of {years}")
        frame = frame[frame["year"] == chosen]
    elif year is not None:
        raise ValueError(f"the upload has no year column: cannot select the year {year!r}")
    values = frame.set_index("department_code")[column].astype(float)
    names = department_names()
    out = pd.DataFrame({"department_code": list(names), "department": list(names.values())})
    out["value"] = out["department_code"].map(values).astype(float)
    out["status"] = np.where(out["value"].notna(), REPORTED, NOT_REPORTED)
    return out


def upload_to_csv_bytes(upload: Upload) -> bytes:
    """The file back as it was loaded.

    For a CSV upload these are the original bytes, unchanged (encoding and separator included).
    An Excel upload has no original CSV: its first sheet is returned as read, through
    :func:`geo.safety.safe_csv_bytes`; the original workbook is ``upload.data``.
    """
    if upload.kind == "csv":
        return upload.data
    return safe_csv_bytes(upload.table.map(cell_text))


def harmonised_csv_bytes(upload: Upload) -> bytes:
    """The cleaned table (codes, canonical names, numbers) as CSV safe to open in a spreadsheet."""
    return safe_csv_bytes(upload.harmonised)


# --- the tables a page shows -----------------------------------------------------------------

# Line breaks of every kind, tabs and the other control characters: a grid's own "Download as
# CSV" writes a cell as it is and quotes only commas, quotes and "\n" (a bare "\r" would start a
# row in many readers), so a shown cell has none of them.
_BREAKS = re.compile(r"\r\n|[\r\n\t\v\f\x85\u2028\u2029]")
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def grid_text(value: object) -> object:
    """A cell or column name as a grid may show and export it: on one line, without control
    characters, and with an apostrophe before anything a spreadsheet could run as a formula
    (``=HYPERLINK(…)``, ``@SUM(…)``, ``+1+1``, ``＝1+1``). Other values are returned unchanged."""
    if not isinstance(value, str):
        return value
    text = _CONTROLS.sub("", _BREAKS.sub(" ", value))
    return neutralise_formula(text)


def _grid_names(names: Sequence[object]) -> list[str]:
    """Column names made grid-safe and still unique."""
    out: list[str] = []
    for name in names:
        shown, n = str(grid_text(str(name))), 2
        unique = shown
        while unique in out:
            unique, n = f"{shown} ({n})", n + 1
        out.append(unique)
    return out


def preview_table(upload: Upload) -> pd.DataFrame:
    """The harmonised table as the upload section shows it in a grid (see :func:`grid_text`)."""
    frame = upload.harmonised.copy()
    for column in frame.columns:
        if frame[column].dtype == object or pd.api.types.is_string_dtype(frame[column].dtype):
            frame[column] = frame[column].map(grid_text)
    frame.columns = _grid_names(frame.columns)
    return frame


def problems_table(problems: Sequence[UploadProblem], lang: str) -> pd.DataFrame:
    """The problems as rows of a grid in ``lang``: row, column, value, problem, suggestions.

    An empty cell where a problem has no row, column or value (never the word "None"); a long
    value cut, with its length; every text made grid-safe (see :func:`grid_text`).
    """
    lang = normalise_language(lang)
    columns = [t(f"uploads.col.{name}", lang) for name in COLUMNS]
    rows = [
        [
            "" if p.row is None else str(p.row),
            "" if p.column is None else p.column,
            p.shown_value(lang),
            p.message(lang),
            ", ".join(p.suggestions),
        ]
        for p in problems
    ]
    frame = pd.DataFrame(rows, columns=columns, dtype=object)
    return frame.map(grid_text) if len(frame) else frame


COLUMNS = ("row", "column", "value", "problem", "suggestions")
