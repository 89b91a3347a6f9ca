"""What a reader is told about their file, in their language: oversize files, "no figure"
markers, negative zero, empty cells in the problems table, zip bombs."""

from __future__ import annotations

import io
import math
import tomllib
import zipfile
from pathlib import Path

import pytest

from geo.uploads import MAX_BYTES, UploadError, parse_upload, parse_upload_bounded, problems_table
from ui.upload import UPLOAD_STATED_LIMIT_MB, UPLOAD_WIDGET_LIMIT_MB

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))


# --- a file over the limit -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "words"),
    [("es", "El archivo pesa 5,5 MB; el máximo es 5 MB."), ("en", "The file is 5.5 MB")],
)
def test_a_file_just_over_the_limit_reaches_the_atlas_and_is_refused_in_the_readers_language(
    lang, words
):
    data = b"Departamento,Valor\n" + b"Cusco,1\n" * (int(5.5 * 1024 * 1024) // 8)
    # Streamlit's server and its uploader widget let it through (they count MiB) ...
    assert len(data) <= SETTINGS["server"]["maxUploadSize"] * 1024 * 1024
    assert len(data) <= UPLOAD_WIDGET_LIMIT_MB * 1024 * 1024
    # ... so that the atlas's own refusal is the one the reader sees.
    with pytest.raises(UploadError) as caught:
        parse_upload_bounded("big.csv", data, lang)
    (problem,) = caught.value.problems
    assert problem.code == "too_large"
    assert words in problem.message(lang)


def test_the_page_states_the_atlas_limit_not_the_widgets():
    assert UPLOAD_STATED_LIMIT_MB * 1024 * 1024 == MAX_BYTES
    assert UPLOAD_STATED_LIMIT_MB < UPLOAD_WIDGET_LIMIT_MB


# --- "no figure" markers and negative zero ---------------------------------------------------


def test_nan_and_n_a_are_named_in_a_note_with_their_rows():
    data = b"Departamento,Valor\nCusco,NaN\nLima,nan\nPuno,N/A\nPiura,5\nTacna,NaN\n"
    upload = parse_upload("d.csv", data)
    notes = {n.value: n for n in upload.notes if n.code == "missing_marker"}
    assert set(notes) == {"NaN", "nan", "N/A"}
    assert not any(n.blocking for n in notes.values())
    assert notes["NaN"].message("es") == (
        "«NaN» se lee como sin cifra: el departamento se muestra como no reportado (filas 2 y 6)."
    )
    assert notes["N/A"].message("en") == (
        "“N/A” is read as no figure: the department is shown as not reported (row 4)."
    )
    assert (notes["nan"].row, notes["nan"].column) == (3, "Valor")


def test_a_marker_in_many_rows_names_the_first_ones_and_counts_the_rest():
    names = ["Amazonas", "Áncash", "Apurímac", "Arequipa", "Ayacucho", "Cajamarca", "Callao",
             "Cusco", "Huancavelica", "Huánuco", "Ica", "Junín", "La Libertad"]  # fmt: skip
    data = "Departamento,Valor\nLima,1\n" + "".join(f"{n},-\n" for n in names)
    (note,) = [n for n in parse_upload("d.csv", data.encode()).notes if n.code == "missing_marker"]
    assert "filas 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 y 3 más" in note.message("es")
    assert "rows 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, and 3 more" in note.message("en")


def test_negative_zero_is_zero():
    upload = parse_upload("d.csv", b"Departamento,Valor\nCusco,-0\nLima,0\nPuno,-0.0\n")
    values = upload.harmonised["Valor"].tolist()
    assert values == [0.0, 0.0, 0.0]
    assert [math.copysign(1, v) for v in values] == [1.0, 1.0, 1.0]


# --- the problems table ----------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["es", "en"])
def test_a_problem_about_the_whole_file_has_empty_cells_not_none(lang):
    with pytest.raises(UploadError) as caught:
        parse_upload("d.csv", b"", lang)
    shown = problems_table(caught.value.problems, lang)
    row = shown.iloc[0].tolist()
    assert row[:3] == ["", "", ""] and row[4] == ""
    assert "None" not in row and "nan" not in row


# --- zip bombs -------------------------------------------------------------------------------


def test_a_zip_bomb_is_refused_as_too_large_when_unzipped_with_the_limit():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            zeros = b"\0" * (1 << 20)
            for _ in range(101):
                part.write(zeros)
    data = out.getvalue()
    assert len(data) < 1024 * 1024
    with pytest.raises(UploadError) as caught:
        parse_upload("bomb.xlsx", data, "es")
    (problem,) = caught.value.problems
    assert problem.code == "unzipped_too_large"
    assert "demasiado grande al descomprimirlo" in problem.message("es")
    assert "100 MB" in problem.message("es") and "100 MB" in problem.message("en")
    assert "too large when unzipped" in problem.message("en")
    assert "dañado" not in problem.message("es")
