"""The whole reading of one upload: checks on the bytes, the table, its columns and its rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePosixPath

import pandas as pd

from geo.i18n import normalise_language
from geo.messages import Number
from geo.uploads.cells import cell_text
from geo.uploads.columns import find_columns
from geo.uploads.excel import SheetScan, read_excel
from geo.uploads.harmonise import harmonise
from geo.uploads.limits import BUDGET_MEMORY_MB, MAX_BYTES, PREVIEW_ROWS
from geo.uploads.problems import Abort, Collector, UploadError, UploadProblem, cut
from geo.uploads.read import read_text, records_to_table, sniff

TEXT_EXTENSIONS = (".csv", ".tsv", ".txt")
EXCEL_EXTENSIONS = (".xlsx", ".xlsm")


@dataclass
class Upload:
    """A checked upload: the file as given, the table read from it and its harmonised form.

    Attributes
    ----------
    name, data : the original file name and bytes, untouched.
    kind : ``csv`` or ``xlsx``.
    table : the table as decoded (cells as text for CSV, as stored for Excel), indexed by the
        spreadsheet row number (header = row 1).
    department_column : header of the column holding the departments.
    value_columns : headers of the numeric columns (as named in ``harmonised``).
    year_column, source_column : headers of the year and source columns, or None.
    harmonised : department_code, department, one float column per value column (NaN where the
        file has no figure), year (nullable integer), source (text); indexed by spreadsheet row.
    encoding, separator : as detected (None for Excel).
    decimal : value column -> ``"."`` or ``","``, the decimal mark detected for it.
    notes : non-blocking UploadProblems (total rows skipped, repeated headers...).
    preview : the first rows of ``harmonised``.
    """

    name: str
    data: bytes
    kind: str
    table: pd.DataFrame
    department_column: str
    value_columns: list[str]
    year_column: str | None
    source_column: str | None
    harmonised: pd.DataFrame
    encoding: str | None
    separator: str | None
    decimal: dict[str, str]
    notes: list[UploadProblem] = field(default_factory=list)
    preview: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def years(self) -> list[int]:
        """The distinct years in the file, ascending (empty without a year column)."""
        if self.year_column is None:
            return []
        return sorted(int(y) for y in self.harmonised["year"].dropna().unique())


def parse_upload(name: str, data: bytes, lang: str = "es") -> Upload:
    """Read and check a user's CSV or Excel file of figures by department, in this process.

    The server reads uploads through :func:`geo.uploads.worker.parse_upload_bounded`, which runs
    this function in a worker process with a time and memory budget.

    Parameters
    ----------
    name : the file name as uploaded (its extension picks the reader: .csv/.tsv/.txt or .xlsx).
    data : the file's bytes, at most 5 MB.
    lang : language of the exception's own text (problems are rendered when shown).

    Returns
    -------
    Upload

    Raises
    ------
    UploadError
        With every problem found (row numbers as a spreadsheet shows them, header = row 1) when
        any of them blocks the upload. Nothing else is ever raised.
    """
    lang = normalise_language(lang)
    name = cut(cell_text(name))
    problems = Collector()
    try:
        upload = _parse(name, bytes(data), problems)
    except Abort:
        upload = None
    except MemoryError:  # the worker's address-space cap (geo.uploads.worker)
        problems.add("too_much_memory", memory_mb=Number(BUDGET_MEMORY_MB))
        upload = None
    except Exception:  # a safety net: the user sees a message, never a traceback
        # code "internal" marks a bug to fix (the fuzz test fails on it); users read "unreadable".
        problems.add("internal", key="uploads.problem.unreadable")
        upload = None
    if upload is None or problems.blocking:
        raise UploadError(problems.final(), name, lang)
    upload.notes = problems.final()
    return upload


def _kind(name: str, data: bytes, problems: Collector) -> str:
    """``xlsx`` or ``text``, after refusing what is neither."""
    if len(data) > MAX_BYTES:
        raise problems.stop(
            "too_large",
            size_mb=Number(len(data) / 1024 / 1024, 1),
            max_mb=Number(MAX_BYTES / 1024 / 1024),
        )
    if not data.strip():
        raise problems.stop("empty")
    extension = PurePosixPath(name.replace("\\", "/")).suffix.lower()
    kind = sniff(data)
    if extension == ".xls" or kind == "xls":
        raise problems.stop("xls")
    if extension in EXCEL_EXTENSIONS and kind != "xlsx":
        raise problems.stop("bad_excel")
    if extension not in (*TEXT_EXTENSIONS, *EXCEL_EXTENSIONS, ""):
        raise problems.stop("extension", value=extension, ext=extension)
    if kind not in ("text", "xlsx"):
        raise problems.stop("binary", kind=kind)
    return kind


def _bare_formulas(table: pd.DataFrame, scan: SheetScan) -> dict[tuple[int, str], str]:
    """The scan's formulas without a result, by (row, column name) of the table."""
    by_index = {scan.first_column + p: c for c, p in table.attrs["positions"].items()}
    return {
        (row, by_index[column]): formula
        for row, column, formula in scan.bare_formulas
        if column in by_index and (row in table.index or row == table.attrs["header_row"])
    }


def _parse(name: str, data: bytes, problems: Collector) -> Upload:
    kind = _kind(name, data, problems)
    encoding = separator = None
    formulas: dict[tuple[int, str], str] = {}
    if kind == "xlsx":
        records, first_row, scan = read_excel(data, problems)
        table = records_to_table(records, problems, first_row)
        formulas = _bare_formulas(table, scan)
    else:
        records, encoding, separator = read_text(data, problems)
        table = records_to_table(records, problems)
    columns = find_columns(table, separator, problems)
    harmonised = harmonise(table, columns, problems, formulas)
    out = dict(zip(columns.values, harmonised.columns[2:-2], strict=True))
    return Upload(
        name=name,
        data=data,
        kind="xlsx" if kind == "xlsx" else "csv",
        table=table,
        department_column=columns.department,
        value_columns=list(out.values()),
        year_column=columns.year,
        source_column=columns.source,
        harmonised=harmonised,
        encoding=encoding,
        separator=separator,
        decimal={out[c]: "." if s == "point" else "," for c, s in columns.styles.items()},
        preview=harmonised.head(PREVIEW_ROWS),
    )
