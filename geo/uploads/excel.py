"""Read the first sheet of an .xlsx workbook at a cost bounded by the cells it really stores.

A workbook is a zip of XML files, and a 5 KB one can claim a sheet of 1,048,576 x 16,384 cells:
one value written at ``XFD1048576`` is enough. Readers that fill the rectangle up to the last
cell (openpyxl hands over a million empty rows; calamine allocates the whole rectangle) then spend
minutes and gigabytes on nothing. So the sheet's XML is first read as a stream by an XML parser
(expat), for the cells that hold something: their extent decides whether the sheet is read at
all, and the scan also finds formulas saved without their result, which no reader can recover.
Elements are matched by their local name, whatever namespace prefix a writer gave them
(``<x:c r="XFD1048576">``, as some Office SDK writers produce). The shared strings are scanned
the same way, so that no text longer than a cell can hold (``MAX_CELL_CHARS``) is ever read.
Every part scanned counts against one budget of inflated bytes (``MAX_UNZIPPED_BYTES``), whatever
the zip's directory claims. Only then does calamine (Rust, through ``python-calamine``, much
faster than a pure-Python reader such as openpyxl) read the values.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from xml.parsers import expat

from geo.messages import Number
from geo.uploads.limits import (
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_STORED_CELLS,
    MAX_UNZIPPED_BYTES,
)
from geo.uploads.problems import Abort, Collector

_CHUNK = 1 << 20


class PartTooLarge(OverflowError):
    """The parts a scan reads inflate beyond MAX_UNZIPPED_BYTES (a zip bomb), whatever the zip's
    directory claims; ``read`` is how many bytes had inflated when the scan stopped."""

    def __init__(self, read: int) -> None:
        super().__init__(f"the workbook inflates beyond {MAX_UNZIPPED_BYTES} bytes")
        self.read = read


class TextTooLong(ValueError):
    """A text in the workbook is longer than a cell can hold (MAX_CELL_CHARS)."""

    def __init__(self, length: int) -> None:
        super().__init__(f"a text of {length} characters or more")
        self.length = length


def _local(name: str) -> str:
    """An element's or attribute's name without its namespace prefix (``x:c`` -> ``c``)."""
    return name.rpartition(":")[2]


def _refuse_doctype(*_args) -> None:
    # No part of a workbook has a document type: one is there to define entities (a billion laughs).
    raise ValueError("a document type declaration in a workbook part")


class _Budget:
    """The bytes inflated so far by every part a scan reads, against MAX_UNZIPPED_BYTES."""

    def __init__(self) -> None:
        self.read = 0

    def feed(self, stream, parser) -> None:
        """Inflate ``stream`` a chunk at a time into ``parser`` (an expat parser)."""
        while True:
            chunk = stream.read(_CHUNK)
            self.read += len(chunk)
            if self.read > MAX_UNZIPPED_BYTES:
                raise PartTooLarge(self.read)
            parser.Parse(chunk, not chunk)
            if not chunk:
                return


def _parser():
    """An expat parser without namespace processing (names keep their prefix: see ``_local``),
    which refuses a document type and so any entity but XML's five."""
    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = _refuse_doctype
    parser.EntityDeclHandler = _refuse_doctype
    parser.buffer_text = True
    return parser


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


def _relationships(archive: zipfile.ZipFile, path: str, budget: _Budget) -> dict[str, tuple]:
    """Id -> (Type, Target) of a ``.rels`` part."""
    out: dict[str, tuple[str, str]] = {}

    def start(name, attrs):
        if _local(name) == "Relationship":
            out[attrs.get("Id", "")] = (attrs.get("Type", ""), attrs.get("Target", ""))

    parser = _parser()
    parser.StartElementHandler = start
    with archive.open(path) as stream:
        budget.feed(stream, parser)
    return out


def _part_path(target: str) -> str:
    """A relationship's target from ``xl/workbook.xml`` as a path in the zip."""
    return target.lstrip("/") if target.startswith("/") else "xl/" + target


def first_worksheet(
    archive: zipfile.ZipFile, budget: _Budget | None = None
) -> tuple[str, str, int]:
    """(name, path in the zip, number of worksheets) of the workbook's first worksheet.

    Chart sheets are skipped: the first sheet that holds cells is the one read.
    """
    budget = budget or _Budget()
    relations = _relationships(archive, "xl/_rels/workbook.xml.rels", budget)
    sheets: list[tuple[str, str]] = []

    def start(name, attrs):
        if _local(name) != "sheet":
            return
        # r:id, whatever prefix the relationships' namespace was given
        rid = next((v for k, v in attrs.items() if ":" in k and _local(k) == "id"), "")
        target = relations.get(rid, ("", ""))[1]
        if "worksheets/" in target:
            sheets.append((attrs.get("name", ""), _part_path(target)))

    parser = _parser()
    parser.StartElementHandler = start
    with archive.open("xl/workbook.xml") as stream:
        budget.feed(stream, parser)
    if not sheets:
        raise KeyError("no worksheet in the workbook")
    return sheets[0][0], sheets[0][1], len(sheets)


def shared_strings_path(archive: zipfile.ZipFile, budget: _Budget) -> str | None:
    """Where the workbook keeps its shared strings, or None when it has none."""
    relations = _relationships(archive, "xl/_rels/workbook.xml.rels", budget)
    for kind, target in relations.values():
        if kind.endswith("/sharedStrings"):
            path = _part_path(target)
            return path if path in archive.namelist() else None
    return None


_REFERENCE = re.compile(r"([A-Za-z]{0,3})([0-9]{1,7})")


class _SheetReader:
    """Expat handlers that follow a sheet's cells: where each one is and whether it holds
    something, its formula when it has no saved result, and the length of its text."""

    def __init__(self, parser) -> None:
        self.parser = parser
        self.scan = SheetScan()
        self.row = self.column = 0
        self.in_cell = False
        self.filled = self.valued = False
        self.formula: list[str] | None = None
        self.capturing = ""  # "f", "v" or "t" while inside one in a cell
        self.chars = 0  # characters of text in the current cell
        self.locals: dict[str, str] = {}

    def _name(self, name: str) -> str:
        local = self.locals.get(name)
        if local is None:
            local = self.locals[name] = _local(name)
        return local

    def start(self, name: str, attrs: dict[str, str]) -> None:
        local = self._name(name)
        if local == "c":
            reference = _REFERENCE.fullmatch(attrs.get("r", ""))
            if reference and reference.group(1):
                self.row = int(reference.group(2))
                self.column = column_index(reference.group(1).upper())
            else:
                self.column += 1
            self.in_cell, self.filled, self.valued = True, False, False
            self.formula, self.chars = None, 0
        elif local == "row":
            number = attrs.get("r", "")
            self.row = int(number) if number.isdigit() else self.row + 1
            self.column = 0
        elif self.in_cell:
            self.filled = True
            if local == "is":
                self.valued = True
            if local in ("f", "v", "t"):
                self.capturing = local
                if local == "f":
                    self.formula = []
                self.parser.CharacterDataHandler = self.text

    def text(self, data: str) -> None:
        self.chars += len(data)
        if self.chars > MAX_CELL_CHARS:
            raise TextTooLong(self.chars)
        if self.capturing == "v" and data:
            self.valued = True
        elif self.capturing == "f" and self.formula is not None:
            self.formula.append(data)

    def end(self, name: str) -> None:
        local = self._name(name)
        if self.capturing and local == self.capturing:
            self.capturing = ""
            self.parser.CharacterDataHandler = None
        elif local == "c":
            self.in_cell = False
            if self.filled:
                self._add(self.row, self.column)
                if self.formula is not None and not self.valued:
                    formula = "".join(self.formula)
                    self.scan.bare_formulas.append((self.row, self.column, formula))

    def _add(self, row: int, column: int) -> None:
        scan = self.scan
        if not scan.last_row:
            scan.first_row = scan.last_row = row
            scan.first_column = scan.last_column = column
            return
        if row < scan.first_row:
            scan.first_row = row
        elif row > scan.last_row:
            scan.last_row = row
        if column < scan.first_column:
            scan.first_column = column
        elif column > scan.last_column:
            scan.last_column = column


def scan_sheet(archive: zipfile.ZipFile, path: str, budget: _Budget | None = None) -> SheetScan:
    """Read a sheet's XML as a stream of elements, holding no more than a chunk of it at once.

    Raises
    ------
    PartTooLarge
        When the parts read inflate beyond MAX_UNZIPPED_BYTES (a zip bomb), whatever the zip's
        directory claims.
    TextTooLong
        When a cell's text (a value, an inline string or a formula) is longer than MAX_CELL_CHARS.
    """
    parser = _parser()
    reader = _SheetReader(parser)
    parser.StartElementHandler = reader.start
    parser.EndElementHandler = reader.end
    with archive.open(path) as stream:
        (budget or _Budget()).feed(stream, parser)
    return reader.scan


def scan_shared_strings(archive: zipfile.ZipFile, path: str, budget: _Budget) -> None:
    """Read the shared strings as a stream and refuse any longer than a cell can hold.

    Raises
    ------
    PartTooLarge, TextTooLong
        As for :func:`scan_sheet`.
    """
    parser = _parser()
    chars = [0]

    def start(name, _attrs):
        if _local(name) == "si":
            chars[0] = 0

    def text(data):
        chars[0] += len(data)
        if chars[0] > MAX_CELL_CHARS:
            raise TextTooLong(chars[0])

    parser.StartElementHandler = start
    parser.CharacterDataHandler = text
    with archive.open(path) as stream:
        budget.feed(stream, parser)


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


def _too_large(problems: Collector, key: str = "uploads.problem.unzipped_too_large") -> Abort:
    return problems.stop(
        "unzipped_too_large",
        key=key,
        max_mb=Number(MAX_UNZIPPED_BYTES / 1024 / 1024),
        max_chars=Number(MAX_CELL_CHARS),
    )


def read_excel(data: bytes, problems: Collector) -> tuple[list[list[object]], int, SheetScan]:
    """Rows of the first worksheet, the row number of the first one, and the sheet's scan.

    Columns left of the first stored cell are not in the rows: ``scan.first_column`` is the
    index (1 = A) of the rows' first cell.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            declared = sum(info.file_size for info in archive.infolist())
            if declared > MAX_UNZIPPED_BYTES:
                raise _too_large(problems)
            budget = _Budget()
            name, path, count = first_worksheet(archive, budget)
            strings = shared_strings_path(archive, budget)
            if strings is not None:
                scan_shared_strings(archive, strings, budget)
            scan = scan_sheet(archive, path, budget)
        _refuse_extent(scan, problems)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            rows, first_row, first_column = _calamine_rows(data, name)
    except Abort:
        raise
    except PartTooLarge:
        raise _too_large(problems) from None
    except TextTooLong:
        raise _too_large(problems, "uploads.problem.unzipped_long_text") from None
    except Exception:  # damaged, encrypted or not a workbook: calamine and zipfile raise many kinds
        raise problems.stop("bad_excel") from None
    if count > 1:
        problems.add(
            "other_sheets", key="uploads.note.other_sheets", blocking=False, sheet=name, count=count
        )
    scan.first_row, scan.first_column = first_row, first_column
    return rows, first_row, scan
