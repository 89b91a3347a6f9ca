"""User uploads: encodings, separators, number styles, name forms, Excel, every kind of bad file."""

import io
import math
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from geo.i18n import catalogue
from geo.uploads import (
    MAX_BYTES,
    MAX_ROWS,
    UploadError,
    harmonised_csv_bytes,
    parse_upload,
    upload_layer_values,
    upload_to_csv_bytes,
)

FIXTURES = Path(__file__).parent / "fixtures"


def make_csv(rows, sep=";", encoding="utf-8", newline="\n"):
    """Rows of cells to CSV bytes, quoting a cell only when it holds the separator or a quote."""

    def cell(value):
        text = str(value)
        if sep in text or '"' in text or "\n" in text:
            return '"' + text.replace('"', '""') + '"'
        return text

    text = newline.join(sep.join(cell(c) for c in row) for row in rows) + newline
    return text.encode(encoding)


def make_xlsx(rows, blank_rows_above=0, sheets=1):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Datos"
    for _ in range(blank_rows_above):
        sheet.append([])
    for row in rows:
        sheet.append(row)
    for n in range(1, sheets):
        book.create_sheet(f"Otra {n}").append(["x"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def problems_of(name, data, lang="es"):
    with pytest.raises(UploadError) as caught:
        parse_upload(name, data, lang)
    return caught.value.problems


def codes_of(problems):
    return [p.code for p in problems]


def values_by_department(upload, column):
    frame = upload.harmonised
    return dict(zip(frame["department"], frame[column], strict=True))


# --- encodings -------------------------------------------------------------------------------

ACCENTED = [["Departamento", "Víctimas"], ["Apurímac", "19"], ["Huánuco", "17"], ["Junín", "17"]]


@pytest.mark.parametrize(
    ("encoding", "detected"),
    [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("cp1252", "cp1252"), ("utf-16", "utf-16")],
)
def test_each_encoding_is_detected_and_accents_survive(encoding, detected):
    upload = parse_upload("datos.csv", make_csv(ACCENTED, encoding=encoding))
    assert upload.encoding == detected
    assert upload.department_column == "Departamento"
    assert upload.value_columns == ["Víctimas"]
    assert list(upload.table["Departamento"]) == ["Apurímac", "Huánuco", "Junín"]
    assert list(upload.harmonised["department_code"]) == ["03", "10", "12"]


def test_bytes_undefined_in_windows_1252_fall_back_to_latin_1():
    # 0x81 is undefined in cp1252: only Latin-1 decodes this file.
    data = make_csv(
        [["Departamento", "Valor", "Fuente"], ["Apurímac", "3", "x\x81y"]], encoding="latin-1"
    )
    upload = parse_upload("datos.csv", data)
    assert upload.encoding == "latin-1"
    assert upload.harmonised["department"].tolist() == ["Apurímac"]


def test_utf8_bom_does_not_leak_into_the_first_header():
    upload = parse_upload("datos.csv", make_csv(ACCENTED, encoding="utf-8-sig"))
    assert upload.table.columns[0] == "Departamento"


# --- separators and numbers ------------------------------------------------------------------


@pytest.mark.parametrize("sep", [",", ";", "\t"])
def test_each_separator_is_detected(sep):
    rows = [["Departamento", "Denuncias", "Víctimas"], ["Cusco", "21", "53"], ["Lima", "31", "38"]]
    upload = parse_upload("datos.csv", make_csv(rows, sep=sep))
    assert upload.separator == sep
    assert upload.value_columns == ["Denuncias", "Víctimas"]
    assert values_by_department(upload, "Víctimas") == {"Cusco": 53.0, "Lima": 38.0}


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_any_line_ending_is_read(newline):
    data = make_csv([["Departamento", "Valor"], ["Cusco", "1"], ["Puno", "2"]], newline=newline)
    assert parse_upload("d.csv", data).harmonised["department_code"].tolist() == ["08", "21"]


@pytest.mark.parametrize(
    ("sep", "cells", "expected"),
    [
        (";", ["8,7", "13,5"], [8.7, 13.5]),
        (";", ["1.334", "527"], [1334.0, 527.0]),  # semicolons: the point groups thousands
        (";", ["1.334", "8,7"], [1334.0, 8.7]),
        (";", ["1.334,5", "2"], [1334.5, 2.0]),
        (";", ["8.7", "1,334.5"], [8.7, 1334.5]),  # the column shows a decimal point
        (",", ["1,334", "527"], [1334.0, 527.0]),  # commas: the comma groups thousands
        (",", ["8.7", "13.5"], [8.7, 13.5]),
        (",", ["1,334.5", "2"], [1334.5, 2.0]),
        (",", ["8,7", "11,6"], [8.7, 11.6]),  # quoted decimal commas
        ("\t", ["1 334", "29\u00a0461\u00a0933"], [1334.0, 29461933.0]),
        ("\t", ["1\u202f334,5", "0,5"], [1334.5, 0.5]),
        (";", ["59,44 %", "30,02%"], [59.44, 30.02]),
    ],
)
def test_decimal_marks_and_thousands_separators_are_read_per_column(sep, cells, expected):
    rows = [["Departamento", "Valor"], ["Cusco", cells[0]], ["Lima", cells[1]]]
    upload = parse_upload("d.csv", make_csv(rows, sep=sep))
    assert upload.harmonised["Valor"].tolist() == pytest.approx(expected)


def test_columns_decide_their_decimal_mark_independently():
    rows = [
        ["Departamento", "Pobreza", "Personas"],
        ["Ica", "11,6", "1.334"],
        ["Tacna", "14,0", "527"],
    ]
    upload = parse_upload("d.csv", make_csv(rows, sep=";"))
    assert upload.decimal == {"Pobreza": ",", "Personas": ","}
    assert upload.harmonised["Pobreza"].tolist() == [11.6, 14.0]
    assert upload.harmonised["Personas"].tolist() == [1334.0, 527.0]


def test_a_column_mixing_decimal_marks_is_reported_not_guessed():
    rows = [["Departamento", "Valor"], ["Ica", "8,7"], ["Tacna", "13.5"], ["Lima", "2,5"]]
    problems = problems_of("d.csv", make_csv(rows, sep=";"))
    assert [(p.code, p.row, p.column, p.value) for p in problems] == [
        ("non_numeric", 3, "Valor", "13.5")
    ]
    assert "8,7" in problems[0].message("es")


def test_missing_markers_are_not_reported_never_zero():
    rows = [["Departamento", "Valor"], ["Cusco", "5"], ["Lima", ""], ["Puno", "-"], ["Ica", "n.d."]]
    upload = parse_upload("d.csv", make_csv(rows, sep=";"))
    values = upload.harmonised["Valor"]
    assert values.iloc[0] == 5.0 and values.iloc[1:].isna().all()
    layer = upload_layer_values(upload, "Valor").set_index("department_code")
    assert layer.loc["21", "status"] == "not_reported" and math.isnan(layer.loc["21", "value"])


# --- department names and columns ------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["Cusco", "CUSCO", "cusco", "Cuzco", "  Cusco ", "8", "08", "080000", "PE-CUS",
     "Departamento de Cusco", "Región Cusco"],
)  # fmt: skip
def test_every_form_of_a_department_name_resolves(name):
    upload = parse_upload("d.csv", make_csv([["Departamento", "Valor"], [name, "1"]], sep=";"))
    assert upload.harmonised["department_code"].tolist() == ["08"]
    assert upload.harmonised["department"].tolist() == ["Cusco"]


@pytest.mark.parametrize(("name", "code"), [("Apurimac", "03"), ("HUANUCO", "10"), ("junin", "12")])
def test_names_without_accents_resolve(name, code):
    upload = parse_upload("d.csv", make_csv([["Región", "Valor"], [name, "1"]], sep=";"))
    assert upload.harmonised["department_code"].tolist() == [code]


@pytest.mark.parametrize(
    "headers",
    [["departamento", "valor"], ["Department", "Value"], ["Región", "Víctimas"],
     ["UBIGEO", "Casos"], ["Lugar", "Cifra"]],
)  # fmt: skip
def test_department_column_is_found_by_header_or_by_its_values(headers):
    first = "080000" if headers[0] == "UBIGEO" else "Cusco"
    rows = [headers, [first, "4"], ["Puno" if first == "Cusco" else "210000", "5"]]
    upload = parse_upload("d.csv", make_csv(rows, sep=","))
    assert upload.department_column == headers[0]
    assert upload.harmonised["department_code"].tolist() == ["08", "21"]


def test_names_are_preferred_to_a_region_column_of_other_things():
    rows = [
        ["Región natural", "Departamento", "Valor"],
        ["Sierra", "Cusco", "1"],
        ["Selva", "Loreto", "2"],
    ]
    upload = parse_upload("d.csv", make_csv(rows, sep=","))
    assert upload.department_column == "Departamento"
    assert upload.value_columns == ["Valor"]


def test_a_ubigeo_column_beside_the_names_is_not_a_value_column():
    rows = [
        ["Ubigeo", "Departamento", "Víctimas"],
        ["080000", "Cusco", "53"],
        ["150000", "Lima", "38"],
    ]
    upload = parse_upload("d.csv", make_csv(rows, sep=","))
    assert upload.value_columns == ["Víctimas"]


def test_year_and_source_columns_are_recognised_in_spanish_and_english():
    for headers in (
        ["Departamento", "Año", "Fuente", "Valor"],
        ["Department", "Year", "Source", "Value"],
    ):
        rows = [headers, ["Cusco", "2012", "INEI <b>", "7"], ["Cusco", "2013", "INEI", "9"]]
        upload = parse_upload("d.csv", make_csv(rows, sep=";"))
        assert (upload.year_column, upload.source_column) == (headers[1], headers[2])
        assert upload.years == [2012, 2013]
        assert upload.harmonised["source"].tolist() == ["INEI <b>", "INEI"]  # kept, not escaped


def test_text_cells_are_kept_verbatim_from_the_xss_fixture():
    data = (FIXTURES / "upload_xss.csv").read_bytes()
    upload = parse_upload("upload_xss.csv", data)
    assert upload.separator == ";"
    assert upload.value_columns == ["Víctimas"]
    assert "<img src=x onerror=alert(1)>" in upload.harmonised["source"].tolist()
    assert "<script>alert(2)</script>" in upload.table["Nota"].tolist()
    assert upload_to_csv_bytes(upload) == data


def test_total_rows_are_skipped_with_a_note():
    rows = [["Departamento", "Valor"], ["Cusco", "5"], ["Total", "5"], ["Total nacional", "5"]]
    upload = parse_upload("d.csv", make_csv(rows, sep=";"))
    assert upload.harmonised["department_code"].tolist() == ["08"]
    assert [(n.code, n.row, n.blocking) for n in upload.notes] == [
        ("total_row", 3, False),
        ("total_row", 4, False),
    ]


# --- Excel -----------------------------------------------------------------------------------


def test_excel_round_trip_keeps_numbers_codes_and_text():
    rows = [["Departamento", "Víctimas", "Pobreza", "Año", "Fuente"],
            ["Apurímac", 19, 8.7, 2012, "@SUM(1+1)*cmd"],
            [8, 53, "13,5", 2012, "INEI"],
            ["PE-LIM", 1334, 11.6, 2012, None]]  # fmt: skip
    data = make_xlsx(rows)
    upload = parse_upload("datos.xlsx", data)
    assert upload.kind == "xlsx" and upload.separator is None and upload.data == data
    assert upload.harmonised["department_code"].tolist() == ["03", "08", "15"]
    assert upload.harmonised["Víctimas"].tolist() == [19.0, 53.0, 1334.0]
    assert upload.harmonised["Pobreza"].tolist() == [8.7, 13.5, 11.6]
    assert upload.years == [2012]
    back = pd.read_csv(io.BytesIO(upload_to_csv_bytes(upload)), dtype=str, keep_default_na=False)
    assert back.columns.tolist() == rows[0]
    assert back["Departamento"].tolist() == ["Apurímac", "8", "PE-LIM"]
    assert back["Fuente"].tolist() == ["'@SUM(1+1)*cmd", "INEI", ""]


def test_excel_problems_name_the_row_a_spreadsheet_shows():
    rows = [["Departamento", "Valor"], ["Cusco", 1], ["Cuzko", 2], ["Lima", -3]]
    problems = problems_of("datos.xlsx", make_xlsx(rows, blank_rows_above=2))
    assert [(p.code, p.row, p.column) for p in problems] == [
        ("unknown_department", 5, "Departamento"),
        ("negative", 6, "Valor"),
    ]


def test_excel_reads_the_first_sheet_and_says_so():
    upload = parse_upload("d.xlsx", make_xlsx([["Departamento", "Valor"], ["Puno", 3]], sheets=2))
    assert upload.harmonised["department_code"].tolist() == ["21"]
    assert [n.code for n in upload.notes] == ["other_sheets"]


def test_xls_is_refused_with_a_clear_message():
    ole2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
    for name in ("viejo.xls", "viejo.csv"):
        problems = problems_of(name, ole2, "en")
        assert codes_of(problems) == ["xls"]
        assert ".xlsx" in problems[0].message("en") and ".xlsx" in problems[0].message("es")


# --- bad files -------------------------------------------------------------------------------


def _zip_bytes():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("datos.csv", "Departamento,Valor\nCusco,1\n")
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("d.csv", b"", "empty"),
        ("d.csv", b"  \r\n\t\n", "empty"),
        ("d.csv", b"\xef\xbb\xbf", "empty"),
        ("d.csv", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "binary"),
        ("d.csv", _zip_bytes(), "binary"),
        ("d.xlsx", _zip_bytes(), "bad_excel"),
        ("d.xlsx", b"Departamento,Valor\nCusco,1\n", "bad_excel"),
        ("d.csv", bytes(range(256)) * 4, "binary"),
        ("d.json", b'{"Cusco": 1}', "extension"),
        ("d.csv", b"Departamento,Valor\n", "no_rows"),
        ("d.csv", b"Color,Valor\nrojo,1\nazul,2\n", "no_department_column"),
        ("d.csv", b"Departamento,Nota\nCusco,alta\nLima,baja\n", "no_value_column"),
        ("d.csv", b"Cusco,53\nLima,38\n", "headerless"),
    ],
)
def test_bad_files_raise_upload_error_with_the_reason(name, data, code):
    problems = problems_of(name, data)
    assert code in codes_of(problems)


def test_a_file_over_5_mb_is_refused_before_reading():
    problems = problems_of("d.csv", b"Departamento,Valor\n" + b"Cusco,1\n" * (MAX_BYTES // 8 + 1))
    assert codes_of(problems) == ["too_large"]
    assert "5 MB" in problems[0].message("es")


def test_more_than_10000_rows_are_refused():
    rows = [["Departamento", "Valor"]] + [["Cusco", "1"]] * (MAX_ROWS + 1)
    assert codes_of(problems_of("d.csv", make_csv(rows))) == ["too_many_rows"]


def test_exactly_10000_rows_are_read_to_the_end():
    # 25 departments x 201 years cannot fill 10,000 distinct rows: the last rows repeat, and are
    # reported as repeats, which shows the whole file was read and not refused for its size.
    rows = [["Departamento", "Año", "Valor"]] + [
        [f"{1 + i % 25:02d}", str(1900 + (i // 25) % 201), str(i)] for i in range(MAX_ROWS)
    ]
    problems = problems_of("d.csv", make_csv(rows, sep=","))
    assert "too_many_rows" not in codes_of(problems)
    assert problems[0].code == "duplicate_department" and problems[0].row == 25 * 201 + 2


def test_every_row_problem_is_collected_at_once_with_row_and_column():
    rows = [
        ["Departamento", "Valor", "Año"],  # row 1
        ["Cuzko", "5", "2010"],  # 2: unknown name
        ["Lima", "-1", "2010"],  # 3: negative
        ["Puno", "mucho", "2010"],  # 4: not a number
        ["Lima", "4", "2010"],  # 5: Lima 2010 again
        ["Lima", "4", "2011"],  # 6: fine, another year
        [],  # 7: blank line, still counted
        ["", "3", "2010"],  # 8: no department
        ["Tacna", "3", "hace poco"],  # 9: not a year
    ]
    problems = problems_of("d.csv", make_csv(rows, sep=","))
    assert [(p.code, p.row, p.column, p.value) for p in problems] == [
        ("unknown_department", 2, "Departamento", "Cuzko"),
        ("negative", 3, "Valor", "-1"),
        ("non_numeric", 4, "Valor", "mucho"),
        ("duplicate_department", 5, "Departamento", "Lima"),
        ("missing_department", 8, "Departamento", None),
        ("bad_year", 9, "Año", "hace poco"),
    ]
    assert problems[0].suggestions[0] == "Cusco"
    assert "Cusco" in problems[0].message("es") and "Cusco" in problems[0].message("en")
    assert "3" in problems[3].message("en")  # the row where Lima first appears


def test_error_summary_is_in_the_chosen_language():
    data = make_csv([["Departamento", "Valor"], ["Narnia", "1"]])
    with pytest.raises(UploadError) as es:
        parse_upload("d.csv", data, "es")
    with pytest.raises(UploadError) as en:
        parse_upload("d.csv", data, "en")
    assert str(es.value).startswith("No se pudo cargar") and "Fila 2" in str(es.value)
    assert str(en.value).startswith("Could not load") and "Row 2" in str(en.value)
    assert isinstance(en.value, ValueError)


def test_a_non_bytes_argument_is_still_an_upload_error():
    with pytest.raises(UploadError):
        parse_upload("d.csv", None)  # type: ignore[arg-type]


def test_every_problem_code_has_messages_in_the_catalogue():
    problem_keys = {k.split(".")[-1] for k in catalogue("es") if k.startswith("uploads.problem.")}
    note_keys = {k.split(".")[-1] for k in catalogue("es") if k.startswith("uploads.note.")}
    expected = {"empty", "too_large", "xls", "binary", "bad_excel", "extension", "no_rows",
                "too_many_rows", "no_department_column", "no_value_column", "unknown_department",
                "duplicate_department", "negative", "non_numeric", "bad_year",
                "missing_department"}  # fmt: skip
    assert expected <= problem_keys
    assert {"total_row", "other_sheets", "duplicate_header"} <= note_keys


# --- using an upload -------------------------------------------------------------------------


def _yearly_upload():
    rows = [
        ["Departamento", "Año", "Víctimas"],
        ["Cusco", "2011", "53"],
        ["Cusco", "2012", "60"],
        ["Lima", "2012", "38"],
        ["Puno", "2011", "19"],
    ]
    return parse_upload("d.csv", make_csv(rows, sep=";"))


def test_layer_values_have_the_layers_shape_and_mark_absent_departments():
    layer = upload_layer_values(_yearly_upload(), "Víctimas")
    assert layer.columns.tolist() == ["department_code", "department", "value", "status"]
    assert layer["department_code"].tolist() == [f"{i:02d}" for i in range(1, 26)]
    reported = layer[layer["status"] == "reported"].set_index("department_code")["value"]
    assert reported.to_dict() == {"08": 60.0, "15": 38.0}  # the latest year, 2012
    assert layer.loc[layer["status"] == "not_reported", "value"].isna().all()


def test_layer_values_for_a_chosen_year():
    layer = upload_layer_values(_yearly_upload(), "Víctimas", year=2011).set_index(
        "department_code"
    )
    assert layer.loc["08", "value"] == 53.0 and layer.loc["21", "value"] == 19.0
    assert layer.loc["15", "status"] == "not_reported"


def test_layer_values_name_a_wrong_column_or_year():
    upload = _yearly_upload()
    with pytest.raises(ValueError, match="Víctimas"):
        upload_layer_values(upload, "Denuncias")
    with pytest.raises(ValueError, match="2011, 2012"):
        upload_layer_values(upload, "Víctimas", year=1999)


def test_csv_back_is_the_original_bytes():
    data = make_csv(ACCENTED, encoding="cp1252")
    assert upload_to_csv_bytes(parse_upload("d.csv", data)) == data


def test_harmonised_csv_is_clean_and_neutralises_formulas():
    rows = [
        ["Departamento", "Valor", "Fuente"],
        ["cuzco", "1.334", "=1+2"],
        ["PE-LIM", "8,7", "@x"],
    ]
    out = harmonised_csv_bytes(parse_upload("d.csv", make_csv(rows, sep=";")))
    assert not out.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(out), dtype={"department_code": str})
    assert back.columns.tolist() == ["department_code", "department", "Valor", "year", "source"]
    assert back["department_code"].tolist() == ["08", "15"]
    assert back["department"].tolist() == ["Cusco", "Lima"]
    assert back["Valor"].tolist() == [1334.0, 8.7]
    assert back["source"].tolist() == ["'=1+2", "'@x"]


def test_a_row_with_more_cells_than_the_header_is_named():
    data = b"Departamento;Valor\nCusco;5\nLima;5;Ministerio; Publico\n"
    problems = problems_of("d.csv", data, "en")
    assert [(p.code, p.row) for p in problems] == [("ragged_row", 3)]
    assert "4" in problems[0].message("en") and "2" in problems[0].message("en")


def test_trailing_separators_are_not_extra_columns():
    upload = parse_upload("d.csv", b"Departamento;Valor;;\nCusco;5;;\nLima;6;;\n")
    assert upload.table.columns.tolist() == ["Departamento", "Valor"]


def test_more_than_100_columns_are_refused():
    header = ["Departamento"] + [f"V{i}" for i in range(100)]
    data = make_csv([header, ["Cusco"] + ["1"] * 100], sep=",")
    assert codes_of(problems_of("d.csv", data)) == ["too_many_columns"]


def test_repeated_headers_are_renamed_with_a_note():
    upload = parse_upload("d.csv", b"Departamento,Valor,Valor\nCusco,1,2\n")
    assert upload.value_columns == ["Valor", "Valor_2"]
    assert [(n.code, n.row, n.value) for n in upload.notes] == [("duplicate_header", 1, "Valor")]
