"""What the upload section's grids hold, and the press kit's citation: nothing a spreadsheet runs.

Streamlit's grid toolbar has a "Download as CSV" that writes each cell as the grid holds it, and
quotes a cell only when it has a comma, a double quote or a "\\n" (its ``H_`` in Streamlit 1.67's
DataFrame bundle): ``_grid_csv`` below does the same, so the tests read what a reader downloads.
"""

from __future__ import annotations

import csv
import io
import re

import pandas as pd
import pytest

from geo.exports import citation_text
from geo.safety import FORMULA_TRIGGERS
from geo.uploads import (
    UploadError,
    harmonised_csv_bytes,
    parse_upload,
    preview_table,
    problems_table,
)
from geo.views import UPLOAD_LAYER, MapView, prepare_map, user_layer

SOURCES = ['=HYPERLINK("http://x.test","clic")', "@SUM(1)", "+1+1", "＝1+1", "ok\r=1+1", "\tnota"]
NAMES = ["Cusco", "Lima", "Puno", "Piura", "Tacna", "Junín"]


def _grid_csv(frame: pd.DataFrame) -> str:
    """The grid toolbar's CSV of ``frame`` (Streamlit 1.67), headers included."""

    def cell(value: object) -> str:
        text = "" if value is None else str(value)
        return f'"{text.replace(chr(34), 2 * chr(34))}"' if re.search('[,"\n]', text) else text

    rows = [list(frame.columns), *frame.astype(object).itertuples(index=False)]
    return "".join(",".join(cell(v) for v in row) + "\n" for row in rows)


def _cells_a_spreadsheet_sees(text: str) -> list[str]:
    """Every cell of ``text`` for a reader that also ends a row at a bare CR."""
    lines = re.split(r"\r\n|\r|\n", text)
    return [c for line in lines for c in next(csv.reader([line]), [])]


def _upload():
    rows = [["Departamento", "=1+1", "Fuente"]]
    rows += [[n, str(i + 1), s] for i, (n, s) in enumerate(zip(NAMES, SOURCES, strict=True))]
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)  # quotes a cell holding "\r"
    return parse_upload("d.csv", out.getvalue().encode())


def test_the_preview_grid_holds_no_formula_and_no_bare_carriage_return():
    upload = _upload()
    shown = preview_table(upload)
    text = _grid_csv(shown)
    assert "\r" not in text and "\t" not in text
    cells = _cells_a_spreadsheet_sees(text)
    assert not [c for c in cells if c.strip().startswith(FORMULA_TRIGGERS)], cells
    assert '\'=HYPERLINK("http://x.test","clic")' in shown.iloc[:, -1].tolist()
    assert "'=1+1" in shown.columns  # a reader's column name is text too
    assert shown["'=1+1"].tolist() == [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]  # figures stay numbers


def test_a_harmonised_source_never_starts_with_a_tab():
    upload = _upload()
    assert upload.harmonised["source"].tolist()[-1] == "nota"
    back = pd.read_csv(io.BytesIO(harmonised_csv_bytes(upload)), dtype=str, keep_default_na=False)
    assert not [c for c in back["source"] if c.startswith(FORMULA_TRIGGERS)]


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_problems_grid_holds_no_formula_and_no_none(lang):
    rows = 'Departamento,Valor\n=HYPERLINK("http://x.test")\r,1\n@SUM(1),2\n+1+1,3\n,4\nLima,x\n'
    with pytest.raises(UploadError) as caught:
        parse_upload("d.csv", rows.encode(), lang)
    shown = problems_table(caught.value.problems, lang)
    text = _grid_csv(shown)
    assert "None" not in text and "nan" not in text.lower().split(",")
    assert "\r" not in text
    cells = _cells_a_spreadsheet_sees(text)
    assert not [c for c in cells if c.strip().startswith(FORMULA_TRIGGERS)], cells
    header = {"es": "Valor", "en": "Value"}[lang]
    assert header in shown.columns
    assert "" in shown.iloc[:, 2].tolist()  # the missing department's empty value cell


def test_the_citation_writes_a_readers_source_on_one_line():
    upload = parse_upload(
        "d.csv",
        'Departamento,Valor,Fuente\nCusco,1,"Mi fuente\r=1+1\x0b\x85fin"\nLima,2,x\n'.encode(),
    )
    user = user_layer(upload, "Valor")
    prepared = prepare_map(MapView(UPLOAD_LAYER, "count", (), None, "es"), user=user)
    text = citation_text(prepared)
    assert "\r" not in text and "\x0b" not in text and "\x85" not in text
    assert "Mi fuente =1+1 fin" in text
    assert all(line == line.strip("\t") for line in text.split("\n"))


# --- the page draws these tables -------------------------------------------------------------


def _data_page(lang: str):
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(
        str(Path(__file__).resolve().parent.parent / "app.py"), default_timeout=60
    )
    at.query_params.update({"lang": lang, "tab": "upload"})
    at.run()
    at.query_params.update({"lang": lang, "tab": "upload"})
    at.switch_page("app_pages/data_page.py").run()
    return at


def _grids(at) -> list[pd.DataFrame]:
    return [element.value for element in at.dataframe]


def test_the_upload_section_shows_the_grid_safe_preview():
    at = _data_page("es")
    data = (
        'Departamento,=1+1,Fuente\nCusco,1,"=HYPERLINK(""http://x.test"")"\nLima,2,"ok\r@SUM(1)"\n'
    )
    at.file_uploader(key="upload_file").upload("d.csv", data.encode(), "text/csv").run()
    assert not at.exception, [e.value for e in at.exception]
    (preview,) = [g for g in _grids(at) if "department_code" in g.columns]
    text = _grid_csv(preview)
    assert "\r" not in text
    assert not [c for c in _cells_a_spreadsheet_sees(text) if c.startswith(FORMULA_TRIGGERS)]


def test_the_problems_table_in_spanish_shows_no_none():
    at = _data_page("es")
    at.file_uploader(key="upload_file").upload("d.csv", b"Nada\n", "text/csv").run()
    assert not at.exception, [e.value for e in at.exception]
    (problems,) = [g for g in _grids(at) if "Problema" in g.columns]
    cells = problems.astype(object).to_numpy().ravel().tolist()
    assert None not in cells and "None" not in cells, cells
