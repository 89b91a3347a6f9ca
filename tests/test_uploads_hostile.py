"""Uploads built to cost, and values that cannot be shown honestly (issue 15, cases 1, 2, 3, 7, 8).

Costs are measured in a fresh Python process (``_measure``): CPU seconds, so that a machine busy
with other work does not fail a file that costs little, and the growth of the peak resident memory
over the process's level once the parser is imported.
"""

from __future__ import annotations

import csv
import io
import json
import os
import random
import string
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from geo.uploads import (
    UploadError,
    harmonised_csv_bytes,
    parse_upload,
    parse_upload_bounded,
)
from geo.uploads.worker import rss_mb

ROOT = Path(__file__).resolve().parent.parent
FAR_CELL_SECONDS, FAR_CELL_MB = 2.0, 100.0
SMALL_WORDS_SECONDS, LARGE_WORDS_SECONDS = 2.0, 10.0


def _measure(path: Path) -> dict:
    """Parse ``path`` in a fresh process: its outcome, CPU seconds and peak memory growth (MB)."""
    code = f"""
import json, resource, sys, time
sys.path.insert(0, {str(ROOT)!r})
from geo.uploads import UploadError, parse_upload
import python_calamine  # imported before the baseline: its import is not the file's cost
data = open({str(path)!r}, "rb").read()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.process_time()
try:
    parse_upload({path.name!r}, data, "en")
    codes = []
except UploadError as error:
    codes = [p.code for p in error.problems]
seconds = time.process_time() - start
grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak) / 1024
print(json.dumps({{"codes": codes, "seconds": seconds, "mb": grown}}))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _workbook(rows, name: str, tmp_path: Path, far_cell: bool = False) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    if far_cell:  # the last cell a sheet can have, as in the issue: 4.9 KB on disk
        sheet.cell(row=1048576, column=16384, value="x")
    path = tmp_path / name
    book.save(path)
    return path


ROWS = [["Departamento", "Valor"], ["Cusco", 5], ["Lima", 7]]


def test_far_cell_workbook_is_refused_within_2_s_and_100_mb(tmp_path):
    path = _workbook(ROWS, "far.xlsx", tmp_path, far_cell=True)
    assert path.stat().st_size < 6000
    cost = _measure(path)
    assert cost["codes"] == ["sheet_extent"]
    assert cost["seconds"] < FAR_CELL_SECONDS and cost["mb"] < FAR_CELL_MB, cost


def test_far_cell_message_names_the_cell_and_the_limits(tmp_path):
    path = _workbook(ROWS, "far.xlsx", tmp_path, far_cell=True)
    with pytest.raises(UploadError) as caught:
        parse_upload("far.xlsx", path.read_bytes(), "en")
    (problem,) = caught.value.problems
    assert problem.value == "XFD1048576"
    text = problem.message("en")
    assert "XFD1048576" in text and "1,048,576 rows" in text and "16,384 columns" in text
    assert "10,000 rows and 100 columns" in text
    assert "XFD1048576" in problem.message("es") and "1.048.576 filas" in problem.message("es")


def _declare_huge_dimension(path: Path) -> Path:
    """The same workbook claiming A1:XFD1048576 in its <dimension> element."""
    out = path.with_name("dimension.xlsx")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                start = data.index(b"<dimension")
                end = data.index(b">", start) + 1
                data = data[:start] + b'<dimension ref="A1:XFD1048576"/>' + data[end:]
            dst.writestr(info, data)
    return out


def test_huge_declared_dimension_with_few_cells_is_read_within_2_s_and_100_mb(tmp_path):
    path = _declare_huge_dimension(_workbook(ROWS, "small.xlsx", tmp_path))
    assert b"XFD1048576" in zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml")
    cost = _measure(path)
    assert cost["codes"] == []  # read, not refused: only two cells hold figures
    assert cost["seconds"] < FAR_CELL_SECONDS and cost["mb"] < FAR_CELL_MB, cost
    upload = parse_upload("dimension.xlsx", path.read_bytes())
    assert upload.harmonised["Valor"].tolist() == [5.0, 7.0]


def test_far_cell_upload_leaves_the_server_memory_where_it_was(tmp_path):
    path = _workbook(ROWS, "far.xlsx", tmp_path, far_cell=True)
    parse_upload_bounded("d.csv", b"Departamento,Valor\nCusco,1\n")  # the first call's imports
    before = rss_mb(os.getpid())
    for _ in range(3):
        with pytest.raises(UploadError) as caught:
            parse_upload_bounded("far.xlsx", path.read_bytes(), "es")
        assert [p.code for p in caught.value.problems] == ["sheet_extent"]
    assert rss_mb(os.getpid()) - before < 20


def test_a_worker_past_its_time_budget_is_stopped_with_a_message(tmp_path):
    words = _words_csv(10_000, 100)
    with pytest.raises(UploadError) as caught:
        parse_upload_bounded("words.csv", words, "en", seconds=0.05)
    (problem,) = caught.value.problems
    assert problem.code == "too_slow"
    assert "more than 0.05 seconds" in problem.message("en")
    assert "más de 0,05 segundos" in problem.message("es")


def test_a_worker_past_its_memory_budget_is_stopped_with_a_message():
    with pytest.raises(UploadError) as caught:  # a worker holds more than 5 MB before it reads
        parse_upload_bounded("d.csv", _words_csv(2000, 100), "en", memory_mb=5)
    (problem,) = caught.value.problems
    assert problem.code == "too_much_memory"
    assert "5 MB" in problem.message("en") and "5 MB" in problem.message("es")


def test_a_valid_file_comes_back_from_the_worker_whole():
    upload = parse_upload_bounded("d.csv", "Departamento;Víctimas\nCusco;53\nPuno;19\n".encode())
    assert upload.harmonised["department_code"].tolist() == ["08", "21"]
    assert upload.harmonised["Víctimas"].tolist() == [53.0, 19.0]


# --- random words: name matching at bounded cost ---------------------------------------------


def _words_csv(rows: int, columns: int, letters=(2, 6), seed: int = 15) -> bytes:
    rng = random.Random(seed)

    def word():
        return "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(*letters)))

    lines = [",".join(word() for _ in range(columns)) for _ in range(rows + 1)]
    return ("\n".join(lines) + "\n").encode()


@pytest.mark.parametrize(
    ("rows", "letters", "size", "seconds"),
    [
        (200, (3, 7), 120_000, SMALL_WORDS_SECONDS),
        (10_000, (2, 6), 4_800_000, LARGE_WORDS_SECONDS),
    ],
)
def test_random_word_csvs_are_answered_in_bounded_time(tmp_path, rows, letters, size, seconds):
    data = _words_csv(rows, 100, letters)
    assert abs(len(data) - size) < 0.1 * size
    path = tmp_path / "words.csv"
    path.write_bytes(data)
    cost = _measure(path)
    assert "no_department_column" in cost["codes"]
    assert cost["seconds"] < seconds, cost


def test_a_column_of_unknown_names_gets_suggestions_only_for_the_first_ones():
    rows = ["Departamento,Valor"] + [f"Cusco{i},{i}" for i in range(400)]
    with pytest.raises(UploadError) as caught:
        parse_upload("d.csv", "\n".join(rows).encode())
    unknown = [p for p in caught.value.problems if p.code == "unknown_department"]
    assert len(unknown) == 400
    assert unknown[0].suggestions[0] == "Cusco" and "Cusco" in unknown[0].message("es")
    assert sum(bool(p.suggestions) for p in unknown) == 50


def test_the_no_department_message_lists_a_few_columns_and_counts_the_rest():
    with pytest.raises(UploadError) as caught:
        parse_upload("d.csv", _words_csv(5, 30))
    problem = next(p for p in caught.value.problems if p.code == "no_department_column")
    assert "18 more columns" in problem.message("en")
    assert "18 columnas más" in problem.message("es")


# --- the harmonised CSV ----------------------------------------------------------------------


def test_a_carriage_return_formula_does_not_survive_the_harmonised_csv(tmp_path):
    data = (
        b'Departamento,Valor,Fuente\nCusco,1,"ok\r=cmd|\' /C calc\'!A0"\nLima,2,"note\r@SUM(9*9)"\n'
    )
    out = harmonised_csv_bytes(parse_upload("d.csv", data))
    path = tmp_path / "harmonised.csv"
    path.write_bytes(out)
    with path.open(encoding="utf-8", newline=None) as handle:
        rows = list(csv.reader(handle))
    assert len(rows) == 3
    cells = [c for row in rows for c in row] + [
        line for row in rows for c in row for line in c.splitlines()
    ]
    assert not [c for c in cells if c.startswith(("=", "@"))], cells
    back = pd.read_csv(io.BytesIO(out), dtype=str, keep_default_na=False)
    assert back["source"].tolist() == ["ok\r'=cmd|' /C calc'!A0", "note\r'@SUM(9*9)"]


# --- values that cannot be shown honestly ----------------------------------------------------


def test_formulas_without_a_saved_result_are_refused_by_row(tmp_path):
    rows = [["Departamento", '="Val"&"or"'], ["Cusco", "=2+3"], ["Lima", 7]]
    path = _workbook(rows, "formulas.xlsx", tmp_path)
    with pytest.raises(UploadError) as caught:
        parse_upload("formulas.xlsx", path.read_bytes(), "en")
    found = [(p.code, p.row, p.value) for p in caught.value.problems]
    assert found == [
        ("formula_header", 1, '="Val"&"or"'),
        ("formula_no_result", 2, "=2+3"),
    ]
    assert "save it again" in caught.value.problems[1].message("en")


@pytest.mark.parametrize(
    ("cell", "code"),
    [("1.7e308", "too_large_value"), ("1e15", "too_large_value"), ("0.0004", "too_small_value")],
)
def test_values_a_legend_cannot_print_are_refused_by_row(cell, code):
    data = f"Departamento,Valor\nCusco,5\nLima,{cell}\n".encode()
    with pytest.raises(UploadError) as caught:
        parse_upload("d.csv", data, "en")
    assert [(p.code, p.row, p.column, p.value) for p in caught.value.problems] == [
        (code, 3, "Valor", cell)
    ]


def test_values_a_legend_can_print_are_read():
    data = b"Departamento,Valor\nCusco,0.0005\nLima,999999999999999\nPuno,0\n"
    assert parse_upload("d.csv", data).harmonised["Valor"].tolist() == [
        0.0005,
        999999999999999.0,
        0.0,
    ]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_read(encoding):
    data = "Departamento;Víctimas\nApurímac;19\nHuánuco;17\n".encode(encoding)
    upload = parse_upload("d.csv", data)
    assert upload.encoding == encoding
    assert upload.harmonised["department_code"].tolist() == ["03", "10"]


def test_broken_utf16_without_a_byte_order_mark_is_named():
    data = "Departamento;Valor\nCusco;1\n".encode("utf-16-le") + b"\x00\xd8"  # a lone surrogate
    with pytest.raises(UploadError) as caught:
        parse_upload("d.csv", data, "en")
    (problem,) = caught.value.problems
    assert problem.code == "utf16_no_bom" and "UTF-16-LE" in problem.message("en")


def test_past_500_problems_the_rest_are_counted_in_the_readers_language():
    rows = ["Departamento,Valor"] + [f"Narnia{i},{i}" for i in range(600)]
    with pytest.raises(UploadError) as caught:
        parse_upload("d.csv", "\n".join(rows).encode())
    problems = caught.value.problems
    assert len(problems) == 501 and problems[-1].code == "more"
    assert problems[-1].message("en") == "… and 100 more problems."
    assert problems[-1].message("es") == "… y 100 problemas más."
