"""HTML escaping and spreadsheet-formula neutralising of user text."""

import io
import math
import re

import pandas as pd
import pytest

from geo.safety import escape_html, escape_markdown, neutralise_formula, safe_csv_bytes


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("<script>alert(2)</script>", "&lt;script&gt;alert(2)&lt;/script&gt;"),
        ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"),
        ('" onmouseover="x', "&quot; onmouseover=&quot;x"),
        ("O'Higgins & Cía", "O&#x27;Higgins &amp; Cía"),
        ("Apurímac", "Apurímac"),
    ],
)
def test_html_special_characters_are_escaped(text, escaped):
    assert escape_html(text) == escaped


@pytest.mark.parametrize(
    ("value", "text"), [(None, ""), (float("nan"), ""), (8.7, "8.7"), (12, "12")]
)
def test_non_text_values_become_safe_text(value, text):
    assert escape_html(value) == text


@pytest.mark.parametrize(
    "value",
    ["=1+2", "+1+2", "-1+2", "@SUM(A1)", "\t=1", "\r=1", '=HYPERLINK("http://x")', "-", "＝1+1"],
)
def test_strings_a_spreadsheet_would_run_get_an_apostrophe(value):
    assert neutralise_formula(value) == "'" + value


@pytest.mark.parametrize("value", ["-3.5", "+12", "-1e3", "Cusco", "", " =1", "8,7"])
def test_plain_numbers_and_ordinary_text_stay_as_they_are(value):
    assert neutralise_formula(value) == value


@pytest.mark.parametrize("value", [-3.5, -12, 0, None])
def test_non_strings_are_never_changed(value):
    assert neutralise_formula(value) is value


def test_nan_is_left_alone():
    assert math.isnan(neutralise_formula(float("nan")))


def test_safe_csv_neutralises_text_cells_and_headers_but_not_numbers():
    frame = pd.DataFrame(
        {
            "department": ["Cusco", "=cmd|' /C calc'!A0", None],
            "value": [-3.5, 2.0, float("nan")],
            "=head": ["@x", "-1", "ok"],
        }
    )
    out = safe_csv_bytes(frame)
    assert not out.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(out), keep_default_na=False, dtype=str)
    assert back.columns.tolist() == ["department", "value", "'=head"]
    assert back["department"].tolist() == ["Cusco", "'=cmd|' /C calc'!A0", ""]
    assert back["value"].tolist() == ["-3.5", "2.0", ""]
    assert back["'=head"].tolist() == ["'@x", "-1", "ok"]
    assert frame.loc[1, "department"] == "=cmd|' /C calc'!A0"  # the input is not modified


def test_safe_csv_is_utf8_and_keeps_accents():
    out = safe_csv_bytes(pd.DataFrame({"department": ["Apurímac", "Huánuco"], "value": [1, 2]}))
    assert out.decode("utf-8").splitlines() == ["department,value", "Apurímac,1", "Huánuco,2"]


def test_safe_csv_handles_pandas_string_dtype():
    frame = pd.DataFrame({"source": pd.array(["=x", "ok", None], dtype="string")})
    assert safe_csv_bytes(frame).decode().splitlines() == ["source", "'=x", "ok", '""']


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("*bold* _it_", r"\*bold\* \_it\_"),
        ("# title", r"\# title"),
        ("[link](http://x)", r"\[link\]\(http://x\)"),
        ("<b>x</b>", r"\<b\>x\</b\>"),
        ("$1 + 2$", r"\$1 \+ 2\$"),
        ("a\\b", "a\\\\b"),
        ("Apurímac 12,5", "Apurímac 12,5"),
    ],
)
def test_markdown_characters_are_shown_as_written(text, escaped):
    assert escape_markdown(text) == escaped


def test_a_markdown_escaped_text_reads_back_as_written():
    text = r"x*_`#+-!|~>$<{}[]()\y"
    assert re.sub(r"\\(.)", r"\1", escape_markdown(text)) == text
