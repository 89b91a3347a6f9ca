"""Read the first sheet of an .xlsx workbook at a cost bounded by the cells it really stores.

A workbook is a zip of XML files, and a 5 KB one can claim a sheet of 1,048,576 x 16,384 cells:
one value written at ``XFD1048576`` is enough. Readers that fill the rectangle up to the last
cell (openpyxl hands over a million empty rows; calamine allocates the whole rectangle) then spend
minutes and gigabytes on nothing. So the sheet's XML is first scanned as a stream, with regular
expressions, for the cells that hold something: their extent decides whether the sheet is read at
all, and the scan also finds formulas saved without their result, which no reader can recover.
Only then does calamine (Rust, through ``python-calamine``; several times faster than openpyxl on a
10,000-row sheet) read the values.
"""

from __future__ import annotations

import html
import io
import re
import warnings
import zipfile
from dataclasses import dataclass, field

from geo.uploads.limits import MAX_COLUMNS, MAX_ROWS, MAX_STORED_CELLS, MAX_UNZIPPED_BYTES
from geo.uploads.problems import Abort, Collector, Number

_CHUNK = 1 << 20
# The opening tag of a cell that holds something (not self-closing) and its reference, "B12".
_CELL = re.compile(rb'<c\b[^>]*?\br="([A-Z]{1,3})([0-9]{1,7})"[^>]*?(/?)>')
_FORMULA = re.compile(rb"<f\b[^>]*?(?:/>|>(.*?)</f>)", re.DOTALL)
_TAG = re.compile(rb"<(row|c)\b([^>]*?)(/?)>")
_REFERENCE = re.compile(rb'\br="([A-Z]{0,3})([0-9]{1,7})"')
_ROW = re.compile(rb'<row\b[^>]*?\br="([0-9]{1,7})"')
# Cells that hold something, written reference first: their columns, and their rows.
_FILLED_COLUMN = re.compile(rb'<c r="([A-Z]{1,3})[0-9]{1,7}"[^>/]*>')
_FILLED_ROW = re.compile(rb'<c r="[A-Z]{1,3}([0-9]{1,7})"[^>/]*>')
_VALUE = re.compile(rb"<v>[^<]+</v>|<is>", re.DOTALL)
_SHEET = re.compile(rb"<sheet\b[^>]*>")
_ATTRIBUTE = re.compile(rb'([\w:]+)="([^"]*)"')
_RELATIONSHIP = re.compile(rb"<Relationship\b[^>]*>")


def column_index(letters: str) -> int:
    """``"A"`` -> 1, ``"XFD"`` -> 16384."""
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def column_letters(index: int) -> str:
    """1 -> ``"A"``, 16384 -> ``"XFD"``."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass
class SheetScan:
    """What the stream scan of a sheet found: the extent of its cells and bare formulas."""

    first_row: int = 0
    last_row: int = 0
    first_column: int = 0
    last_column: int = 0
    # (row, column index, formula text) of formulas with no saved result
    bare_formulas: list[tuple[int, int, str]] = field(default_factory=list)

    @property
    def cells(self) -> int:
        """Cells in the rectangle a reader fills: from the first stored cell to the last."""
        if not self.last_row:
            return 0
        rows = self.last_row - self.first_row + 1
        return rows * (self.last_column - self.first_column + 1)

    @property
    def farthest(self) -> str:
        """The reference of the rectangle's far corner (``"XFD1048576"``)."""
        return column_letters(self.last_column) + str(self.last_row)

    def add_rows(self, rows: set[int]) -> None:
        if rows:
            low, high = min(rows), max(rows)
            self.first_row = min(self.first_row, low) if self.last_row else low
            self.last_row = max(self.last_row, high)

    def add_columns(self, columns: set[int]) -> None:
        if columns:
            low, high = min(columns), max(columns)
            self.first_column = min(self.first_column, low) if self.last_column else low
            self.last_column = max(self.last_column, high)


def _attributes(tag: bytes) -> dict[bytes, str]:
    return {k: html.unescape(v.decode("utf-8", "replace")) for k, v in _ATTRIBUTE.findall(tag)}


def first_worksheet(archive: zipfile.ZipFile) -> tuple[str, str, int]:
    """(name, path in the zip, number of worksheets) of the workbook's first worksheet.

    Chart sheets are skipped: the first sheet that holds cells is the one read.
    """
    relations = {}
    rels = archive.read("xl/_rels/workbook.xml.rels")
    for tag in _RELATIONSHIP.findall(rels):
        attributes = _attributes(tag)
        relations[attributes.get(b"Id", "")] = attributes.get(b"Target", "")
    sheets = []
    for tag in _SHEET.findall(archive.read("xl/workbook.xml")):
        attributes = _attributes(tag)
        target = relations.get(attributes.get(b"r:id", ""), "")
        if "worksheets/" in target:
            path = target.lstrip("/") if target.startswith("/") else "xl/" + target
            sheets.append((attributes.get(b"name", ""), path))
    if not sheets:
        raise KeyError("no worksheet in the workbook")
    return sheets[0][0], sheets[0][1], len(sheets)


def _bare_formula(block: bytes, start: int) -> str | None:
    """The formula of the cell whose content starts at ``start``, if it has no saved result."""
    end = block.find(b"</c>", start)
    inner = block[start : end if end >= 0 else len(block)]
    formula = _FORMULA.search(inner)
    if formula is None or _VALUE.search(inner) is not None:
        return None
    return html.unescape((formula.group(1) or b"").decode("utf-8", "replace"))


def _scan_referenced(block: bytes, scan: SheetScan) -> None:
    """Every cell starts with its reference (``<c r="B12"``), as Excel, LibreOffice and openpyxl
    write it: two C-speed searches give the rows and columns of the cells that hold something."""
    scan.add_rows({int(row) for row in set(_FILLED_ROW.findall(block))})
    scan.add_columns({column_index(c.decode()) for c in set(_FILLED_COLUMN.findall(block))})
    if b"<f" in block:
        for match in _CELL.finditer(block):
            formula = None if match.group(3) else _bare_formula(block, match.end())
            if formula is not None:
                row, column = int(match.group(2)), column_index(match.group(1).decode())
                scan.bare_formulas.append((row, column, formula))


def _scan_sequential(block: bytes, scan: SheetScan, position: list[int]) -> None:
    """Cells without a reference sit after the previous cell of their row, as readers place them.

    ``position`` is [row, column] of the last row and cell seen, carried from block to block.
    """
    for match in _TAG.finditer(block):
        reference = _REFERENCE.search(match.group(2))
        if match.group(1) == b"row":
            position[0] = int(reference.group(2)) if reference else position[0] + 1
            position[1] = 0
            continue
        if reference and reference.group(1):
            position[0], position[1] = (
                int(reference.group(2)),
                column_index(reference.group(1).decode()),
            )
        else:
            position[1] += 1
        if match.group(3):
            continue
        scan.add_rows({position[0]})
        scan.add_columns({position[1]})
        formula = _bare_formula(block, match.end()) if b"<f" in block else None
        if formula is not None:
            scan.bare_formulas.append((position[0], position[1], formula))


def scan_sheet(archive: zipfile.ZipFile, path: str) -> SheetScan:
    """Scan a sheet's XML as a stream, never holding more than about two rows of it at once.

    Raises
    ------
    OverflowError
        When the sheet inflates beyond MAX_UNZIPPED_BYTES (a zip bomb), whatever its zip
        directory claims.
    """
    scan, carry, read, position = SheetScan(), b"", 0, [0, 0]
    with archive.open(path) as stream:
        while True:
            chunk = stream.read(_CHUNK)
            read += len(chunk)
            if read > MAX_UNZIPPED_BYTES:
                raise OverflowError(f"{path} inflates beyond {MAX_UNZIPPED_BYTES} bytes")
            block = carry + chunk
            # Cut after the last complete row, so that no cell is split between two blocks.
            cut = len(block) if not chunk else block.rfind(b"</row>") + len(b"</row>")
            if cut < len(b"</row>") and len(block) > 16 * _CHUNK:
                cut = block.rfind(b"</c>") + len(b"</c>")  # one very long row
            done = block[: max(cut, 0)]
            if done.count(b"<c ") + done.count(b"<c>") == done.count(b'<c r="'):
                _scan_referenced(done, scan)
                rows = _ROW.findall(done)  # where a later block's unreferenced cells continue
                position[0] = int(rows[-1]) if rows else position[0]
            else:
                _scan_sequential(done, scan, position)
            carry = block[max(cut, 0) :]
            if not chunk:
                return scan


def _refuse_extent(scan: SheetScan, problems: Collector) -> None:
    """Stop before reading a sheet whose cells reach far beyond any table the atlas reads."""
    if scan.cells <= MAX_STORED_CELLS:
        return
    problems.add(
        "sheet_extent",
        value=scan.farthest,
        cell=scan.farthest,
        rows=Number(scan.last_row - scan.first_row + 1),
        columns=Number(scan.last_column - scan.first_column + 1),
        max_rows=Number(MAX_ROWS),
        max_columns=Number(MAX_COLUMNS),
    )
    raise Abort


def _calamine_rows(data: bytes, name: str) -> tuple[list[list[object]], int, int]:
    """(rows of the sheet's rectangle of cells, its first row number, its first column index).

    The rectangle is bounded by the scan (MAX_STORED_CELLS), so it is read whole.
    """
    import python_calamine  # imported here: only Excel uploads pay for it

    with python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data)) as book:
        sheet = book.get_sheet_by_name(name)
        start = sheet.start or (0, 0)
        rows = sheet.to_python(skip_empty_area=True)
    # calamine gives "" for a cell with no value (a formula saved without its result included)
    rows = [[None if c == "" else c for c in row] for row in rows]
    return rows, start[0] + 1, start[1] + 1


def read_excel(data: bytes, problems: Collector) -> tuple[list[list[object]], int, SheetScan]:
    """Rows of the first worksheet, the row number of the first one, and the sheet's scan.

    Columns left of the first stored cell are not in the rows: ``scan.first_column`` is the
    index (1 = A) of the rows' first cell.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            declared = sum(info.file_size for info in archive.infolist())
            if declared > MAX_UNZIPPED_BYTES:
                raise problems.stop("bad_excel")
            name, path, count = first_worksheet(archive)
            scan = scan_sheet(archive, path)
        _refuse_extent(scan, problems)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            rows, first_row, first_column = _calamine_rows(data, name)
    except Abort:
        raise
    except Exception:  # damaged, encrypted or not a workbook: calamine and zipfile raise many kinds
        raise problems.stop("bad_excel") from None
    if count > 1:
        problems.add(
            "other_sheets", key="uploads.note.other_sheets", blocking=False, sheet=name, count=count
        )
    scan.first_row, scan.first_column = first_row, first_column
    return rows, first_row, scan
