"""Workbooks read as XML whatever their prefixes, and every text a reader sends kept to a bound.

Workbooks here are written part by part (``_workbook``), as the writers that produce them do: an
Office SDK writer may bind the spreadsheet namespace to a prefix (``<x:c r="A1">``), and a file
built to attack may hold one enormous shared string in a zip of a hundred kilobytes.
"""

from __future__ import annotations

import io
import json
import pickle
import subprocess
import sys
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from geo.uploads import UploadError, parse_upload, parse_upload_bounded
from geo.uploads import excel as excel_module
from geo.uploads.limits import MAX_CELL_CHARS, MAX_HEADER_CHARS, MAX_QUOTED_CHARS

ROOT = Path(__file__).resolve().parent.parent
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"
ROWS = [["Departamento", "Valor"], ["Cusco", 5], ["Lima", 7]]


def _cell(prefix: str, reference: str, value: object, shared: dict[str, int] | None) -> str:
    p = f"{prefix}:" if prefix else ""
    if isinstance(value, str) and shared is not None:
        return f'<{p}c r="{reference}" t="s"><{p}v>{shared[value]}</{p}v></{p}c>'
    if isinstance(value, str):
        text = escape(value)
        return f'<{p}c r="{reference}" t="inlineStr"><{p}is><{p}t>{text}</{p}t></{p}is></{p}c>'
    return f'<{p}c r="{reference}"><{p}v>{value}</{p}v></{p}c>'


def _workbook(
    rows,
    prefix: str = "x",
    far_cell: bool = False,
    shared: bool = False,
    long_string: int = 0,
    book_prefix: str | None = None,
) -> bytes:
    """An .xlsx written part by part, its spreadsheet elements under ``prefix`` (none if "").

    ``shared`` keeps the texts in xl/sharedStrings.xml; ``long_string`` adds one of that many
    characters to it, streamed into the zip (so a 95 MB text costs no 95 MB here).
    ``book_prefix`` is the workbook part's own prefix, when it differs from the sheet's.
    """
    p = f"{prefix}:" if prefix else ""
    ns = f'xmlns:{prefix}="{MAIN}"' if prefix else f'xmlns="{MAIN}"'
    texts = sorted({c for row in rows for c in row if isinstance(c, str)})
    index = {text: i for i, text in enumerate(texts)} if shared else None
    lines = []
    for r, row in enumerate(rows, start=1):
        cells = "".join(_cell(prefix, f"{chr(65 + c)}{r}", v, index) for c, v in enumerate(row))
        lines.append(f'<{p}row r="{r}">{cells}</{p}row>')
    if far_cell:  # the last cell a sheet can have
        far = _cell(prefix, "XFD1048576", "x", None)
        lines.append(f'<{p}row r="1048576">{far}</{p}row>')
    sheet = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<{p}worksheet {ns}><{p}sheetData>'
        f"{''.join(lines)}</{p}sheetData></{p}worksheet>"
    )
    b = p if book_prefix is None else f"{book_prefix}:" if book_prefix else ""
    book_ns = ns if book_prefix is None else f'xmlns{":" + book_prefix if b else ""}="{MAIN}"'
    book = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<{b}workbook {book_ns} xmlns:r="{REL}">'
        f'<{b}sheets><{b}sheet name="Hoja1" sheetId="1" r:id="rId1"/></{b}sheets></{b}workbook>'
    )
    relations = f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    types = (
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    )
    if shared:
        relations += (
            f'<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
        )
        types += (
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?>\n<Types xmlns="http://schemas.openxmlformats'
            '.org/package/2006/content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            f'ContentType="application/xml"/>{types}</Types>',
        )
        archive.writestr(
            "_rels/.rels",
            f'<?xml version="1.0" encoding="UTF-8"?>\n<Relationships xmlns="{PACKAGE}">'
            f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>",
        )
        archive.writestr("xl/workbook.xml", book)
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<?xml version="1.0" encoding="UTF-8"?>\n<Relationships xmlns="{PACKAGE}">'
            f"{relations}</Relationships>",
        )
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        if shared:
            with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
                part.write(f'<?xml version="1.0" encoding="UTF-8"?>\n<{p}sst {ns}>'.encode())
                for text in texts:
                    part.write(f"<{p}si><{p}t>{escape(text)}</{p}t></{p}si>".encode())
                if long_string:
                    part.write(f"<{p}si><{p}t>".encode())
                    chunk = b"A" * (1 << 20)
                    for start in range(0, long_string, len(chunk)):
                        part.write(chunk[: min(len(chunk), long_string - start)])
                    part.write(f"</{p}t></{p}si>".encode())
                part.write(f"</{p}sst>".encode())
    return out.getvalue()


def _parse_elsewhere(data: bytes, tmp_path: Path) -> dict:
    """Parse ``data`` as an .xlsx in a fresh process: its return code and problem codes.

    A fresh process, because a far cell that reaches calamine makes it abort the whole process
    (it asks for the rectangle's memory at once).
    """
    path = tmp_path / "book.xlsx"
    path.write_bytes(data)
    code = f"""
import json, sys
sys.path.insert(0, {str(ROOT)!r})
from geo.uploads import UploadError, parse_upload
try:
    parse_upload("book.xlsx", open({str(path)!r}, "rb").read(), "en")
    codes = []
except UploadError as error:
    codes = [p.code for p in error.problems]
print(json.dumps(codes))
"""
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    codes = json.loads(out.stdout.strip().splitlines()[-1]) if out.returncode == 0 else None
    return {"returncode": out.returncode, "codes": codes}


# --- elements by their local name ------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["x", "ss", ""])
@pytest.mark.parametrize("shared", [False, True])
def test_a_workbook_is_read_whatever_prefix_its_writer_gave_the_elements(prefix, shared):
    upload = parse_upload("book.xlsx", _workbook(ROWS, prefix, shared=shared), "en")
    assert upload.harmonised["department_code"].tolist() == ["08", "15"]
    assert upload.harmonised["Valor"].tolist() == [5.0, 7.0]


@pytest.mark.parametrize(("prefix", "book_prefix"), [("x", None), ("x", ""), ("", None)])
def test_a_far_cell_under_a_prefix_is_refused_before_any_reader_fills_the_sheet(
    prefix, book_prefix, tmp_path
):
    data = _workbook(ROWS, prefix, far_cell=True, book_prefix=book_prefix)
    outcome = _parse_elsewhere(data, tmp_path)
    assert outcome == {"returncode": 0, "codes": ["sheet_extent"]}


def test_the_scan_finds_prefixed_cells_and_formulas_without_a_result():
    sheet = (
        f'<x:worksheet xmlns:x="{MAIN}"><x:sheetData><x:row r="2">'
        '<x:c r="B2"><x:f>1+1</x:f></x:c><x:c><x:v>3</x:v></x:c></x:row>'
        "<x:row><x:c><x:v>1</x:v></x:c></x:row></x:sheetData></x:worksheet>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("sheet.xml", sheet)
    with zipfile.ZipFile(out) as archive:
        scan = excel_module.scan_sheet(archive, "sheet.xml")
    # B2, then C2 after it, then A3 in the row after row 2
    assert (scan.first_row, scan.last_row, scan.first_column, scan.last_column) == (2, 3, 1, 3)
    assert scan.bare_formulas == [(2, 2, "1+1")]


def test_a_document_type_in_a_part_is_refused_as_a_damaged_workbook():
    data = _workbook(ROWS, "x")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            part = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                part = part.replace(b"?>\n", b'?>\n<!DOCTYPE x [<!ENTITY a "aaaa">]>', 1)
            dst.writestr(info, part)
    with pytest.raises(UploadError) as caught:
        parse_upload("book.xlsx", out.getvalue(), "en")
    assert [p.code for p in caught.value.problems] == ["bad_excel"]


# --- texts too long for a cell ---------------------------------------------------------------


def _refusal(data: bytes, name: str = "book.xlsx", lang: str = "en") -> UploadError:
    with pytest.raises(UploadError) as caught:
        parse_upload(name, data, lang)
    return caught.value


def test_a_shared_string_longer_than_a_cell_is_refused_as_too_large_when_unzipped():
    error = _refusal(_workbook(ROWS, "", shared=True, long_string=3 * 1024 * 1024))
    (problem,) = error.problems
    assert problem.code == "unzipped_too_large"
    assert "too large when unzipped" in problem.message("en")
    assert "32,767 characters" in problem.message("en")
    assert "demasiado grande al descomprimirlo" in problem.message("es")
    assert "32.767 caracteres" in problem.message("es")
    assert len(pickle.dumps(error)) < 5_000


def test_a_95_mb_shared_string_in_a_100_kb_workbook_comes_back_as_a_short_refusal():
    data = _workbook(ROWS, "", shared=True, long_string=95 * 1000 * 1000)
    assert len(data) < 200_000
    with pytest.raises(UploadError) as caught:
        parse_upload_bounded("book.xlsx", data, "es")
    assert [p.code for p in caught.value.problems] == ["unzipped_too_large"]
    assert len(pickle.dumps(caught.value)) < 5_000


def test_an_inline_string_longer_than_a_cell_is_refused_as_too_large_when_unzipped():
    rows = [["Departamento", "Valor", "Fuente"], ["Cusco", 5, "x" * (MAX_CELL_CHARS + 1)]]
    (problem,) = _refusal(_workbook(rows, "x")).problems
    assert problem.code == "unzipped_too_large"


def test_a_workbook_inflating_past_the_budget_is_refused_as_too_large_when_unzipped(monkeypatch):
    monkeypatch.setattr(excel_module, "MAX_UNZIPPED_BYTES", 20_000)
    rows = [["Departamento", "Valor"]] + [["Cusco", n] for n in range(1000)]
    (problem,) = _refusal(_workbook(rows, "x")).problems
    assert problem.code == "unzipped_too_large"
    assert "damaged" not in problem.message("en")
    assert "too large when unzipped" in problem.message("en")


def test_a_part_inflating_past_what_the_zip_declares_is_stopped_by_the_budget(monkeypatch):
    monkeypatch.setattr(excel_module, "MAX_UNZIPPED_BYTES", 20_000)
    rows = [["Departamento", "Valor"]] + [["Cusco", n] for n in range(1000)]
    with (
        zipfile.ZipFile(io.BytesIO(_workbook(rows, "x"))) as archive,
        pytest.raises(excel_module.PartTooLarge),
    ):
        excel_module.scan_sheet(archive, "xl/worksheets/sheet1.xml")


def test_a_csv_cell_longer_than_a_spreadsheet_cell_is_named_and_quoted_short():
    data = ("Departamento,Valor,Fuente\nCusco,5,ok\nLima,7," + "y" * 100_000 + "\n").encode()
    error = _refusal(data, "d.csv")
    (problem,) = error.problems
    assert (problem.code, problem.row, problem.column) == ("long_cell", 3, "Fuente")
    assert len(problem.value) <= MAX_QUOTED_CHARS and problem.value.endswith("…")
    assert problem.value_chars == 100_000
    assert "100.000 caracteres" in problem.shown_value("es")
    assert "100,000 characters" in problem.shown_value("en")
    assert len(problem.describe("es")) < 500
    assert len(pickle.dumps(error)) < 5_000


def test_every_value_a_problem_carries_is_bounded_with_its_length_said():
    name = "Cuzco" + "z" * 20_000
    error = _refusal(f"Departamento,Valor\n{name},5\nLima,7\n".encode(), "d.csv")
    (problem,) = error.problems
    assert problem.code == "unknown_department"
    assert len(problem.value) <= MAX_QUOTED_CHARS and problem.value_chars == len(name)
    assert len(problem.message("en")) < 600
    assert "20,005 characters" in problem.message("en")
    assert "20.005 caracteres" in problem.message("es")


def test_a_long_column_name_is_cut_with_a_note():
    header = "Víctimas " * 100
    upload = parse_upload("d.csv", f"Departamento,{header}\nCusco,5\nLima,7\n".encode(), "en")
    (column,) = upload.value_columns
    assert len(column) <= MAX_HEADER_CHARS and header.startswith(column)
    (note,) = upload.notes
    assert note.code == "long_header" and not note.blocking
    assert "899 characters" in note.message("en") and "899 caracteres" in note.message("es")


@pytest.fixture
def csv_default_field_limit():
    """csv's own field limit (131,072), whatever an imported library set it to (frictionless
    raises it for the whole process when it is imported)."""
    import csv

    before = csv.field_size_limit(131_072)
    yield
    csv.field_size_limit(before)


def test_a_csv_text_past_what_the_csv_reader_takes_is_named_as_too_long(csv_default_field_limit):
    data = ("Departamento,Valor,Fuente\nCusco,5,ok\nLima,7," + "y" * 5_000_000 + "\n").encode()
    error = _refusal(data, "d.csv")
    (problem,) = error.problems
    assert problem.code == "long_text"
    assert "32,767 characters" in problem.message("en")
    assert "32.767 caracteres" in problem.message("es")


def test_a_long_file_name_is_cut():
    error = _refusal(b"", "n" * 10_000 + ".csv")
    assert len(error.name) <= MAX_QUOTED_CHARS
