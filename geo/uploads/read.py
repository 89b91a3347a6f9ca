"""Bytes to a table of cells: the file's kind, its text encoding and separator, its header row."""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile

import pandas as pd

from geo.messages import Message, Number
from geo.uploads.cells import cell_text, is_blank
from geo.uploads.limits import MAX_CELL_CHARS, MAX_COLUMNS, MAX_HEADER_CHARS, MAX_ROWS
from geo.uploads.problems import Abort, Collector

SEPARATORS = ("\t", ";", ",")  # preference order when two fit equally well

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
# C0 control characters other than tab and line breaks, and DEL: text files hold (almost) none.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def sniff(data: bytes) -> str:
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


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` when the bytes look like UTF-16 text with no byte-order mark.

    Latin-script text in UTF-16 has a zero byte in every other position: the odd ones for
    little-endian, the even ones for big-endian. No 8-bit text has that pattern.
    """
    sample = data[:4096]
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    even_zeros = sample[0 : pairs * 2 : 2].count(0)
    odd_zeros = sample[1 : pairs * 2 : 2].count(0)
    if odd_zeros >= 0.3 * pairs and even_zeros <= 0.05 * pairs:
        return "utf-16-le"
    if even_zeros >= 0.3 * pairs and odd_zeros <= 0.05 * pairs:
        return "utf-16-be"
    return None


def decode(data: bytes) -> tuple[str, str] | tuple[None, str]:
    """(text, encoding): UTF-16 with or without a BOM, UTF-8 (BOM or not), Windows-1252, Latin-1.

    (None, ``utf-16-le``/``utf-16-be``) when the bytes look like UTF-16 without a BOM but do not
    decode as such.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            pass
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        try:
            return data.decode(utf16), utf16
        except UnicodeDecodeError:
            return None, utf16
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
    controls = len(_CONTROL.findall(text))
    return controls > 2 and controls > len(text) * 0.01


def _csv_records(text: str, separator: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=False))


def detect_separator(text: str) -> str:
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


def read_text(data: bytes, problems: Collector) -> tuple[list[list[object]], str, str]:
    """Records of a CSV/TSV file, its encoding and its separator."""
    text, encoding = decode(data)
    if text is None:
        raise problems.stop("utf16_no_bom", encoding=encoding.upper())
    if not text.strip():
        raise problems.stop("empty")
    if _looks_binary(text):
        raise problems.stop("binary", kind=Message("uploads.kind.binary"))
    separator = detect_separator(text)
    try:
        records = _csv_records(text, separator)
    except csv.Error as error:
        if "field limit" in str(error):  # a field past csv's own limit (131,072 characters)
            raise problems.stop("long_text", max_chars=Number(MAX_CELL_CHARS)) from None
        raise problems.stop("unreadable") from None
    return records, encoding, separator  # type: ignore[return-value]


# ---------------------------------------------------------------------------------------------
# records to a table


def _data_rows(records: list[list[object]], header_at: int, first_row: int, problems: Collector):
    """(spreadsheet row number, cells) of every non-blank row below the header."""
    rows: list[tuple[int, list[object]]] = []
    for index in range(header_at + 1, len(records)):
        record = records[index]
        if all(is_blank(c) for c in record):
            continue
        rows.append((index + first_row, list(record)))
        if len(rows) > MAX_ROWS:
            raise problems.stop("too_many_rows", max_rows=MAX_ROWS)
    if not rows:
        raise problems.stop("no_rows")
    return rows


def _header(record: list[object], header_row: int, problems: Collector) -> list[str]:
    """The header's names, each cut to MAX_HEADER_CHARS with a note."""
    header = []
    for cell in record:
        name = cell_text(cell).strip()
        if len(name) > MAX_HEADER_CHARS:
            short = name[:MAX_HEADER_CHARS].rstrip()
            problems.add(
                "long_header",
                key="uploads.note.long_header",
                blocking=False,
                row=header_row,
                value=name,
                chars=Number(len(name)),
                max_chars=Number(MAX_HEADER_CHARS),
                renamed=short,
            )
            name = short
        header.append(name)
    return header


def _text_length(cell: object) -> int:
    return len(cell) if type(cell) is str else 0


def _long_cells(rows, used: list[int], names: list[str], problems: Collector) -> None:
    """Refuse, by row and column, every cell longer than a spreadsheet cell can hold.

    Raises
    ------
    Abort
        When there is one: the rest of the reading is not done on such a text.
    """
    found = False
    for row_number, record in rows:
        if sum(map(_text_length, record)) <= MAX_CELL_CHARS:
            continue
        for name, i in zip(names, used, strict=True):
            cell = record[i] if i < len(record) else None
            if _text_length(cell) > MAX_CELL_CHARS:
                problems.add(
                    "long_cell",
                    row=row_number,
                    column=name,
                    value=cell,
                    chars=Number(len(cell)),
                    max_chars=Number(MAX_CELL_CHARS),
                )
                found = True
    if found:
        raise Abort


def _column_names(header: list[str], used: list[int], header_row: int, problems: Collector):
    """Unique names for the used columns: the header, ``column_N`` where it is empty."""
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
                row=header_row,
                value=label,
                renamed=unique,
            )
        names.append(unique)
    return names


def records_to_table(
    records: list[list[object]], problems: Collector, first_row: int = 1
) -> pd.DataFrame:
    """Records to a table of the cells as read, indexed by spreadsheet row number.

    ``first_row`` is the row number of the first record (a sheet's data may start below row 1).
    The header is the first non-blank record; columns with neither a header nor any data
    (trailing separators, a blank column A) are dropped. ``table.attrs["header_row"]`` is the
    header's row number and ``table.attrs["positions"]`` the 0-based position of each column.
    """
    header_at = next((i for i, r in enumerate(records) if any(not is_blank(c) for c in r)), None)
    if header_at is None:
        raise problems.stop("empty")
    header_row = header_at + first_row
    header = _header(records[header_at], header_row, problems)
    rows = _data_rows(records, header_at, first_row, problems)
    width = len(header)
    filled = [False] * width
    for _, record in rows:
        for i, cell in enumerate(record[:width]):
            if not filled[i] and not is_blank(cell):
                filled[i] = True
    used = [i for i in range(width) if header[i] or filled[i]]
    if len(used) > MAX_COLUMNS:
        raise problems.stop("too_many_columns", max_columns=MAX_COLUMNS)
    names = _column_names(header, used, header_row, problems)
    _long_cells(rows, used, names, problems)
    for row_number, record in rows:
        if len(record) > width and any(not is_blank(c) for c in record[width:]):
            problems.add("ragged_row", row=row_number, found=len(record), expected=width)
    cells = [[r[i] if i < len(r) else None for i in used] for _, r in rows]
    table = pd.DataFrame(cells, columns=names, dtype=object)
    table.index = pd.Index([n for n, _ in rows], name="row")
    table.attrs["header_row"] = header_row
    table.attrs["positions"] = dict(zip(names, used, strict=True))
    return table
