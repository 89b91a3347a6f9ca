"""Read a user's CSV or Excel file of figures by department, reporting every problem at once."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import math
import re
import warnings
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import PurePosixPath

import numpy as np
import pandas as pd

from geo.i18n import LANGUAGES, normalise_language, t, tn
from geo.names import department_names, fold, suggest_departments, try_resolve
from geo.safety import safe_csv_bytes

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000
MAX_COLUMNS = 100
MAX_PROBLEMS = 500  # kept in full; beyond this the error says how many more there were
MAX_UNZIPPED_BYTES = 100 * 1024 * 1024  # an .xlsx inflating beyond this is refused (zip bomb)
PREVIEW_ROWS = 10

TEXT_EXTENSIONS = (".csv", ".tsv", ".txt")
EXCEL_EXTENSIONS = (".xlsx", ".xlsm")
SEPARATORS = ("\t", ";", ",")  # preference order when two fit equally well

REPORTED = "reported"
NOT_REPORTED = "not_reported"

# Header words, compared on geo.names.fold(header).split()[0] (the first word) or the whole header.
_DEPARTMENT_WORDS = {
    "departamento", "departamentos", "department", "departments", "dpto", "depto", "dept",
    "region", "regiones", "regions", "ubigeo", "codigo", "code", "cod", "iso",
}  # fmt: skip
_YEAR_WORDS = {"ano", "anos", "anio", "anios", "year", "years", "yr", "periodo", "period"}
_SOURCE_WORDS = {"fuente", "fuentes", "source", "sources", "referencia", "reference", "cita"}
_ROW_NUMBER_HEADERS = {"", "n", "no", "nro", "num", "numero", "number", "id", "item", "orden"}
# Cells meaning "no figure": read as missing (shown as not reported), never as zero.
_MISSING = {"", "na", "n a", "nd", "n d", "sd", "s d", "sin dato", "sin datos", "no data", "nan"}
# Rows of national totals, skipped with a note.
_TOTALS = {
    "total", "totales", "total general", "total nacional", "nacional", "peru", "total peru",
    "republica del peru", "suma", "sum", "grand total",
}  # fmt: skip

_MAGIC = (
    (b"%PDF", "PDF"),
    (b"\x1f\x8b", "gzip"),
    (b"\x89PNG", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF8", "GIF"),
    (b"Rar!", "RAR"),
    (b"7z\xbc\xaf", "7z"),
)
_ZIP = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97-2003, Word 97-2003


@dataclass(frozen=True)
class UploadProblem:
    """One thing wrong (or worth saying) about an uploaded file.

    Attributes
    ----------
    row : the row number as a spreadsheet shows it (header = 1), or None for the whole file.
    column : the column's header, or None.
    value : the cell as written in the file (text; never interpreted), or None.
    message_es, message_en : what is wrong and what was expected (plain text: escape it for HTML).
    suggestions : closest valid department names, best first.
    code : the kind of problem (``unknown_department``, ``non_numeric``...).
    blocking : False for notes (a total row skipped...) that do not stop the upload.
    """

    row: int | None
    column: str | None
    value: str | None
    message_es: str
    message_en: str
    suggestions: tuple[str, ...] = ()
    code: str = ""
    blocking: bool = True

    def message(self, lang: str) -> str:
        """The message in ``lang`` (``es`` or ``en``)."""
        return self.message_en if normalise_language(lang) == "en" else self.message_es

    def describe(self, lang: str) -> str:
        """The message prefixed with where it is: ``Fila 4, columna «Valor»: ...``."""
        lang = normalise_language(lang)
        if self.row is not None and self.column is not None:
            where = t("uploads.where.row_column", lang, row=self.row, column=self.column)
        elif self.row is not None:
            where = t("uploads.where.row", lang, row=self.row)
        elif self.column is not None:
            where = t("uploads.where.column", lang, column=self.column)
        else:
            return self.message(lang)
        return f"{where}: {self.message(lang)}"


class UploadError(ValueError):
    """A file that cannot be loaded, with every problem found in it.

    Attributes
    ----------
    problems : list of UploadProblem, in file order (blocking ones and notes).
    name : the file name as given.
    lang : the language of the message.
    """

    def __init__(self, problems: Sequence[UploadProblem], name: str = "", lang: str = "es"):
        self.problems = list(problems)
        self.name = name
        self.lang = normalise_language(lang)
        super().__init__(self.summary(self.lang))

    def summary(self, lang: str, limit: int = 10) -> str:
        """A summary line and the first ``limit`` problems, one per line, in ``lang``."""
        blocking = [p for p in self.problems if p.blocking]
        lines = [tn("uploads.summary", len(blocking), lang, name=self.name)]
        lines += [p.describe(lang) for p in blocking[:limit]]
        if len(blocking) > limit:
            lines.append(tn("uploads.more", len(blocking) - limit, lang))
        return "\n".join(lines)


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


class _Abort(Exception):
    """Internal: stop reading, the collected problems are final."""


class _Collector:
    """Collects problems in both languages."""

    def __init__(self) -> None:
        self.problems: list[UploadProblem] = []
        self.dropped = 0

    def add(
        self,
        code: str,
        *,
        row: int | None = None,
        column: str | None = None,
        value: object = None,
        suggestions: Iterable[str] = (),
        blocking: bool = True,
        key: str | None = None,
        **params: object,
    ) -> None:
        if len(self.problems) >= MAX_PROBLEMS:
            self.dropped += 1
            return
        messages = {}
        if value is not None:
            params.setdefault("value", _short(value))
        for lang in LANGUAGES:
            values = {k: (v[lang] if isinstance(v, dict) else v) for k, v in params.items()}
            messages[lang] = t(key or f"uploads.problem.{code}", lang, **values)
        self.problems.append(
            UploadProblem(
                row=row,
                column=column,
                value=None if value is None else _cell_text(value),
                message_es=messages["es"],
                message_en=messages["en"],
                suggestions=tuple(suggestions),
                code=code,
                blocking=blocking,
            )
        )

    @property
    def blocking(self) -> bool:
        return any(p.blocking for p in self.problems)

    def final(self) -> list[UploadProblem]:
        if not self.dropped:
            return list(self.problems)
        more = {lang: tn("uploads.more", self.dropped, lang) for lang in LANGUAGES}
        return [
            *self.problems,
            UploadProblem(None, None, None, more["es"], more["en"], code="more"),
        ]


# ---------------------------------------------------------------------------------------------
# cells


def _cell_text(value: object) -> str:
    """A cell as text, the way a spreadsheet would show it."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    return str(value)


def _short(text: object, limit: int = 80) -> str:
    text = _cell_text(text).replace("\r", " ").replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


@lru_cache(maxsize=4096)
def _fold(text: str) -> str:
    return fold(text)


def _is_missing(value: object) -> bool:
    """Empty, or a marker of "no figure" (``-``, ``n.d.``, ``s/d``, ``NA``...)."""
    if value is None:
        return True
    if not isinstance(value, str):
        return False
    return len(value) <= 20 and not _DIGIT.search(value) and _fold(value) in _MISSING


_DIGIT = re.compile(r"\d")
_CODE_LIKE = re.compile(r"\d{1,2}|\d{6}")


@lru_cache(maxsize=8192)
def _resolve_text(text: str) -> str | None:
    # No department name or alias holds a digit: a figure such as "1.334,5" is not one, and is
    # told apart here without geo.names computing suggestions for it.
    if _DIGIT.search(text) and not _CODE_LIKE.fullmatch(text):
        return None
    return try_resolve(text)


def _resolve(value: object) -> str | None:
    """The INEI code of a cell, or None."""
    if isinstance(value, str):
        return _resolve_text(value.strip()) if len(value) <= 200 else None
    if _is_number(value):
        return try_resolve(value) if math.isfinite(value) else None
    return None


@lru_cache(maxsize=1024)
def _suggest(text: str) -> tuple[str, ...]:
    return tuple(suggest_departments(text)) if len(text) <= 200 else ()


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
def _number_parts(text: str) -> tuple[str, str, str]:
    """(kind, sign, body) of a cell's text: kind is ``plain``, ``ambiguous``, ``point``, ``comma``
    or ``invalid``; body is the digits and marks without sign, spaces or percent sign."""
    s = text.strip()
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


def _classify(text: str) -> str:
    """``plain``, ``ambiguous``, ``point``, ``comma`` or ``invalid``."""
    return _number_parts(text)[0]


def _parse_number(value: object, style: str) -> float | None:
    """The number in a cell under a column's decimal style (``point``/``comma``), or None."""
    if _is_number(value):
        number = float(value)
        return number if math.isfinite(number) else None
    if not isinstance(value, str):
        return None
    kind, sign, s = _number_parts(value)
    if kind not in ("plain", "ambiguous", style):
        return None
    s = s.replace(" ", "")
    s = s.replace(",", "") if style == "point" else s.replace(".", "").replace(",", ".")
    number = float(sign + s)
    return number if math.isfinite(number) else None


# ---------------------------------------------------------------------------------------------
# reading bytes into rows


def _sniff(data: bytes) -> str:
    """``xlsx``, ``xls``, ``text`` or the name of a binary format."""
    if data.startswith(_OLE2):
        return "xls"
    if data.startswith(_ZIP):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
            return "ZIP"
        return "xlsx" if "xl/workbook.xml" in names else "ZIP"
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    return "text"


def _decode(data: bytes) -> tuple[str, str]:
    """Text and encoding: UTF-16 with a BOM, UTF-8 (BOM or not), Windows-1252, else Latin-1."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            pass
    try:
        text = data.decode("utf-8-sig")
        return text, "utf-8-sig" if data.startswith(codecs.BOM_UTF8) else "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def _looks_binary(text: str) -> bool:
    if "\x00" in text:
        return True
    # C0 controls only: Latin-1 text may hold C1 characters (bytes Windows-1252 leaves undefined).
    controls = sum(1 for c in text if (ord(c) < 32 and c not in "\t\r\n") or c == "\x7f")
    return controls > 2 and controls > len(text) * 0.01


def _csv_records(text: str, separator: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=False))


def _detect_separator(text: str) -> str:
    """The separator under which the header has most columns and the rows agree with it."""
    sample = text[:65536]
    if len(text) > len(sample) and "\n" in sample:
        sample = sample[: sample.rindex("\n")]
    best, best_score = ",", (False, 0.0, 0)
    for separator in SEPARATORS:
        try:
            records = [r for r in _csv_records(sample, separator) if any(c.strip() for c in r)]
        except csv.Error:
            continue
        if not records:
            continue
        width = len(records[0])
        rows = records[1:201]
        agree = sum(len(r) == width for r in rows) / len(rows) if rows else 1.0
        score = (width >= 2, agree, width)
        if score > best_score:
            best, best_score = separator, score
    return best


def _read_text(data: bytes, problems: _Collector) -> tuple[list[list[object]], str, str]:
    text, encoding = _decode(data)
    if not text.strip():
        problems.add("empty")
        raise _Abort
    if _looks_binary(text):
        problems.add("binary", kind={"es": "datos binarios", "en": "binary data"})
        raise _Abort
    separator = _detect_separator(text)
    try:
        records = _csv_records(text, separator)
    except csv.Error:
        problems.add("unreadable")
        raise _Abort from None
    return records, encoding, separator  # type: ignore[return-value]


def _read_excel(data: bytes, problems: _Collector) -> list[list[object]]:
    import openpyxl  # imported here: only Excel uploads pay for it

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unzipped = sum(info.file_size for info in archive.infolist())
        if unzipped > MAX_UNZIPPED_BYTES:
            problems.add("bad_excel")
            raise _Abort
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                sheets = book.worksheets
                if not sheets:
                    problems.add("empty")
                    raise _Abort
                if len(sheets) > 1:
                    problems.add(
                        "other_sheets",
                        key="uploads.note.other_sheets",
                        blocking=False,
                        sheet=sheets[0].title,
                        count=len(sheets),
                    )
                rows: list[list[object]] = []
                filled = 0
                for row in sheets[0].iter_rows(values_only=True, max_col=MAX_COLUMNS + 1):
                    cells = list(row)
                    rows.append(cells)
                    if any(not _is_blank(c) for c in cells):
                        filled += 1
                        if filled > MAX_ROWS + 1:  # the header and one row too many
                            break
            finally:
                book.close()
    except _Abort:
        raise
    except Exception:  # openpyxl raises many kinds on damaged or encrypted workbooks
        problems.add("bad_excel")
        raise _Abort from None
    return rows


# ---------------------------------------------------------------------------------------------
# finding the columns


def _first_word(header: str) -> str:
    words = _fold(header).split()
    return words[0] if words else ""


def _named(header: str, words: set[str]) -> bool:
    return _first_word(header) in words or _fold(header) in words


def _year_of(value: object) -> int | None:
    if isinstance(value, (dt.datetime, dt.date)):
        return value.year
    if _is_number(value):
        number = float(value)
        year = int(number) if math.isfinite(number) and number.is_integer() else None
    elif isinstance(value, str) and re.fullmatch(r"\s*\d{4}(\.0+)?\s*", value):
        year = int(float(value))
    else:
        year = None
    return year if year is not None and 1900 <= year <= 2100 else None


def _values(table: pd.DataFrame, column: str) -> list[object]:
    return [v for v in table[column].tolist() if not _is_blank(v)]


def _department_score(header: str, values: list[object]) -> tuple[float, bool]:
    """Score of a column as the department column, and whether it may be it at all.

    Values that resolve count most, then a department-like header, then text over numbers. A
    column of bare numbers (1, 2, 15) is taken for INEI codes only when its header says so or the
    codes are written as codes (``08``, ``080000``): otherwise it is a column of figures.
    """
    sample = [v for v in values[:300] if not (isinstance(v, str) and _fold(v) in _TOTALS)][:200]
    resolved = [v for v in sample if _resolve(v) is not None]
    rate = len(resolved) / len(sample) if sample else 0.0
    named = _named(header, _DEPARTMENT_WORDS)
    textual = any(isinstance(v, str) and _classify(v) == "invalid" for v in sample)
    coded = any(isinstance(v, str) and re.fullmatch(r"\s*0\d(0000)?\s*", v) for v in resolved)
    eligible = (named and bool(sample)) or (rate >= 0.5 and (textual or coded))
    return rate + 0.75 * named + 0.5 * textual, eligible


def _number_kinds(values: list[object]) -> list[str]:
    """``_classify`` of every cell that is not missing; stored numbers count as ``plain``."""
    kinds = []
    for v in values:
        if _is_missing(v):
            continue
        if _is_number(v):
            kinds.append("plain" if math.isfinite(v) else "invalid")
        else:
            kinds.append(_classify(v) if isinstance(v, str) else "invalid")
    return kinds


def _column_style(kinds: list[str]) -> str | None:
    """The decimal mark most cells show unambiguously, or None when they do not tell."""
    point, comma = kinds.count("point"), kinds.count("comma")
    if point == comma:
        return None
    return "point" if point > comma else "comma"


# ---------------------------------------------------------------------------------------------
# the parser


def parse_upload(name: str, data: bytes, lang: str = "es") -> Upload:
    """Read and check a user's CSV or Excel file of figures by department.

    Parameters
    ----------
    name : the file name as uploaded (its extension picks the reader: .csv/.tsv/.txt or .xlsx).
    data : the file's bytes, at most 5 MB.
    lang : language of the error summary, ``es`` or ``en`` (problems carry both).

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
    name = _cell_text(name)
    problems = _Collector()
    try:
        upload = _parse(name, bytes(data), problems)
    except _Abort:
        upload = None
    except Exception:  # a safety net: the user sees a message, never a traceback
        # code "internal" marks a bug to fix (the fuzz test fails on it); users read "unreadable".
        problems.add("internal", key="uploads.problem.unreadable")
        upload = None
    if upload is None or problems.blocking:
        raise UploadError(problems.final(), name, lang)
    upload.notes = problems.final()
    return upload


def _parse(name: str, data: bytes, problems: _Collector) -> Upload:
    if len(data) > MAX_BYTES:
        problems.add(
            "too_large", size_mb=f"{len(data) / 1024 / 1024:.1f}", max_mb=MAX_BYTES // 1024 // 1024
        )
        raise _Abort
    if not data.strip():
        problems.add("empty")
        raise _Abort
    extension = PurePosixPath(name.replace("\\", "/")).suffix.lower()
    kind = _sniff(data)
    if extension == ".xls" or kind == "xls":
        problems.add("xls")
        raise _Abort
    if extension in EXCEL_EXTENSIONS and kind != "xlsx":
        problems.add("bad_excel")
        raise _Abort
    if extension not in (*TEXT_EXTENSIONS, *EXCEL_EXTENSIONS, ""):
        problems.add("extension", value=extension, ext=extension)
        raise _Abort
    if kind not in ("text", "xlsx"):
        problems.add("binary", kind=kind)
        raise _Abort
    encoding = separator = None
    if kind == "xlsx":
        records = _read_excel(data, problems)
    else:
        records, encoding, separator = _read_text(data, problems)
    table = _table(records, problems)
    return _check(
        name, data, "xlsx" if kind == "xlsx" else "csv", table, encoding, separator, problems
    )


def _table(records: list[list[object]], problems: _Collector) -> pd.DataFrame:
    """Records to a table of the cells as read, indexed by spreadsheet row number."""
    header_at = next((i for i, r in enumerate(records) if any(not _is_blank(c) for c in r)), None)
    if header_at is None:
        problems.add("empty")
        raise _Abort
    header = [_cell_text(c).strip() for c in records[header_at]]
    rows: list[tuple[int, list[object]]] = []
    for index in range(header_at + 1, len(records)):
        record = records[index]
        if all(_is_blank(c) for c in record):
            continue
        rows.append((index + 1, list(record)))
        if len(rows) > MAX_ROWS:
            problems.add("too_many_rows", max_rows=MAX_ROWS)
            raise _Abort
    # Columns without a header and without any data (trailing separators, a blank column A).
    width = len(header)
    filled = [False] * width
    for _, record in rows:
        for i, cell in enumerate(record[:width]):
            if not filled[i] and not _is_blank(cell):
                filled[i] = True
    used = [i for i in range(width) if header[i] or filled[i]]
    if len(used) > MAX_COLUMNS:
        problems.add("too_many_columns", max_columns=MAX_COLUMNS)
        raise _Abort
    names: list[str] = []
    for i in used:
        label = header[i] if i < len(header) else ""
        base = label or f"column_{i + 1}"
        unique, n = base, 2
        while unique in names:
            unique, n = f"{base}_{n}", n + 1
        if label and unique != label:
            problems.add(
                "duplicate_header",
                key="uploads.note.duplicate_header",
                blocking=False,
                row=header_at + 1,
                value=label,
                renamed=unique,
            )
        names.append(unique)
    if not rows:
        problems.add("no_rows")
        raise _Abort
    for row_number, record in rows:
        if len(record) > width and any(not _is_blank(c) for c in record[width:]):
            problems.add("ragged_row", row=row_number, found=len(record), expected=width)
    cells = [[r[i] if i < len(r) else None for i in used] for _, r in rows]
    table = pd.DataFrame(cells, columns=names, dtype=object)
    table.index = pd.Index([n for n, _ in rows], name="row")
    table.attrs["header_row"] = header_at + 1
    return table


def _check(
    name: str,
    data: bytes,
    kind: str,
    table: pd.DataFrame,
    encoding: str | None,
    separator: str | None,
    problems: _Collector,
) -> Upload:
    columns = list(table.columns)
    values = {c: _values(table, c) for c in columns}

    # The department column: values that resolve, a department-like header, text over numbers.
    department_column, best = None, -1.0
    for column in columns:
        score, eligible = _department_score(column, values[column])
        if eligible and score > best:
            department_column, best = column, score
    if (
        department_column is not None
        and _resolve(department_column) is not None
        and not _named(department_column, _DEPARTMENT_WORDS)
    ):
        problems.add(
            "headerless",
            row=table.attrs["header_row"],
            column=department_column,
            value=department_column,
        )

    rest = [c for c in columns if c != department_column]
    year_column = next(
        (
            c
            for c in rest
            if _named(c, _YEAR_WORDS)
            and values[c]
            and sum(_year_of(v) is not None for v in values[c]) * 2 >= len(values[c])
        ),
        None,
    )
    rest = [c for c in rest if c != year_column]
    source_column = next((c for c in rest if _named(c, _SOURCE_WORDS)), None)
    value_columns = []
    kinds: dict[str, list[str]] = {}
    for column in rest:
        if column == source_column or _fold(column) in _ROW_NUMBER_HEADERS:
            continue
        if _named(column, _DEPARTMENT_WORDS) and _department_score(column, values[column])[1]:
            continue  # a second department identifier (ubigeo beside the name)
        kinds[column] = _number_kinds(values[column])
        numeric = len(kinds[column]) - kinds[column].count("invalid")
        if numeric and numeric * 2 >= len(kinds[column]):
            value_columns.append(column)

    if department_column is None:
        problems.add("no_department_column", columns=", ".join(_short(c, 40) for c in columns))
    if not value_columns:
        problems.add("no_value_column")
    if department_column is None or not value_columns:
        raise _Abort

    # Decimal style per column; undecided columns follow the file, then the separator.
    styles = {c: _column_style(kinds[c]) for c in value_columns}
    decided = [s for s in styles.values() if s]
    if decided.count("point") != decided.count("comma"):
        default = max(("point", "comma"), key=decided.count)
    else:
        default = "comma" if separator == ";" else "point"
    styles = {c: s or default for c, s in styles.items()}

    names = department_names()
    out_columns = _output_names(value_columns)
    records = []
    seen: dict[tuple[str, int | None], int] = {}
    cells = {c: table[c].tolist() for c in table.columns}
    for position, row_number in enumerate(table.index.tolist()):
        row = {c: cells[c][position] for c in cells}
        raw = row[department_column]
        text = _cell_text(raw).strip()
        if isinstance(raw, str) and _fold(raw) in _TOTALS:
            problems.add(
                "total_row",
                key="uploads.note.total_row",
                blocking=False,
                row=row_number,
                column=department_column,
                value=raw,
            )
            continue
        code = None
        if _is_blank(raw):
            problems.add("missing_department", row=row_number, column=department_column)
        else:
            code = _resolve(raw)
            if code is None:
                suggestions = _suggest(text) if len(problems.problems) < MAX_PROBLEMS else ()
                hint = (
                    {
                        lang: t("uploads.problem.did_you_mean", lang, names=", ".join(suggestions))
                        for lang in LANGUAGES
                    }
                    if suggestions
                    else ""
                )
                problems.add(
                    "unknown_department",
                    row=row_number,
                    column=department_column,
                    value=raw,
                    suggestions=suggestions,
                    hint=hint,
                )
        year = None
        if year_column is not None:
            year_raw = row[year_column]
            if not _is_missing(year_raw):
                year = _year_of(year_raw)
                if year is None:
                    problems.add("bad_year", row=row_number, column=year_column, value=year_raw)
        year_ok = year is not None or year_column is None or _is_missing(row[year_column])
        if code is not None and year_ok:
            key = (code, year)
            if key in seen:
                problems.add(
                    "duplicate_department",
                    row=row_number,
                    column=department_column,
                    value=raw,
                    department=names[code],
                    first_row=seen[key],
                    year=(
                        {
                            lang: t("uploads.problem.year_part", lang, year=year)
                            for lang in LANGUAGES
                        }
                        if year is not None
                        else ""
                    ),
                )
            else:
                seen[key] = row_number
        numbers = {}
        for column in value_columns:
            cell = row[column]
            if _is_missing(cell):
                numbers[column] = np.nan
                continue
            number = _parse_number(cell, styles[column])
            if number is None:
                problems.add(
                    "non_numeric",
                    row=row_number,
                    column=column,
                    value=cell,
                    style={lang: t(f"uploads.style.{styles[column]}", lang) for lang in LANGUAGES},
                )
            elif number < 0:
                problems.add("negative", row=row_number, column=column, value=cell)
            numbers[column] = number if number is not None else np.nan
        source = row[source_column] if source_column is not None else None
        records.append(
            {
                "row": row_number,
                "department_code": code,
                "department": names.get(code or "", ""),
                **{out_columns[c]: numbers[c] for c in value_columns},
                "year": year,
                "source": "" if _is_blank(source) else _cell_text(source),
            }
        )
    if problems.blocking:
        raise _Abort
    harmonised = pd.DataFrame.from_records(
        records,
        columns=["row", "department_code", "department", *out_columns.values(), "year", "source"],
    ).set_index("row")
    harmonised["department_code"] = harmonised["department_code"].astype(object)
    harmonised["department"] = harmonised["department"].astype(object)
    for column in out_columns.values():
        harmonised[column] = harmonised[column].astype(float)
    harmonised["year"] = pd.array(harmonised["year"].tolist(), dtype="Int64")
    harmonised["source"] = harmonised["source"].astype(object)
    return Upload(
        name=name,
        data=data,
        kind=kind,
        table=table,
        department_column=department_column,
        value_columns=list(out_columns.values()),
        year_column=year_column,
        source_column=source_column,
        harmonised=harmonised,
        encoding=encoding,
        separator=separator,
        decimal={out_columns[c]: "." if s == "point" else "," for c, s in styles.items()},
        preview=harmonised.head(PREVIEW_ROWS),
    )


def _output_names(value_columns: list[str]) -> dict[str, str]:
    """Value column names in the harmonised frame, clear of its fixed columns."""
    taken = {"row", "department_code", "department", "year", "source"}
    out = {}
    for column in value_columns:
        name = column
        while name in taken:
            name = f"{name}_value"
        taken.add(name)
        out[column] = name
    return out


# ---------------------------------------------------------------------------------------------
# using an upload


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
    return safe_csv_bytes(upload.table.map(_cell_text))


def harmonised_csv_bytes(upload: Upload) -> bytes:
    """The cleaned table (codes, canonical names, numbers) as CSV safe to open in a spreadsheet."""
    return safe_csv_bytes(upload.harmonised)
