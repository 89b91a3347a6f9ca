"""HTML escaping and spreadsheet-formula neutralising of user text."""

import csv
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
    ["=1+2", "+1+2", "-1+2", "@SUM(A1)", '=HYPERLINK("http://x")', "-", "＝1+1"],
)
def test_strings_a_spreadsheet_would_run_get_an_apostrophe(value):
    assert neutralise_formula(value) == "'" + value


@pytest.mark.parametrize(
    ("value", "neutralised"),
    [
        ("\t=1", "\t'=1"),
        ("\r=1", "\r'=1"),
        ("ok\r=cmd|' /C calc'!A0", "ok\r'=cmd|' /C calc'!A0"),
        ("note\r@SUM(9*9)", "note\r'@SUM(9*9)"),
        ("a\r\n=1+2", "a\r\n'=1+2"),
        ("x;=y", "x;'=y"),
        ("Lima,+51 1", "Lima,'+51 1"),
        ("-3,-4", "-3,-4"),  # numbers after a split are still numbers
    ],
)
def test_every_part_a_reader_could_split_off_is_neutralised(value, neutralised):
    assert neutralise_formula(value) == neutralised


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


HOSTILE = ["ok\r=cmd|' /C calc'!A0", "note\r@SUM(9*9)", "a\n+1", "b\r\n-2+3", "c;=1", "\r\n@x"]


def _cells_start_safely(cells):
    bad = [c for c in cells if c[:1] in ("=", "+", "-", "@") and not c.lstrip("+-").isdigit()]
    assert not bad, bad


def test_safe_csv_read_back_with_universal_newlines_has_no_formula(tmp_path):
    frame = pd.DataFrame({"note": HOSTILE, "value": range(len(HOSTILE))})
    path = tmp_path / "export.csv"
    path.write_bytes(safe_csv_bytes(frame))
    with path.open(encoding="utf-8", newline=None) as handle:  # universal newlines: \r is a break
        rows = list(csv.reader(handle))
    assert len(rows) == len(HOSTILE) + 1  # no line break inside a cell starts a new row
    cells = [cell for row in rows for cell in row]
    _cells_start_safely(cells)
    # and every line and every ;-separated piece of the file, as a careless reader splits it
    text = path.read_bytes().decode()
    pieces = [
        p.strip('"') for line in re.split(r"\r\n|\r|\n", text) for p in re.split("[,;]", line)
    ]
    _cells_start_safely(pieces)


def test_safe_csv_read_back_with_pandas_keeps_each_hostile_cell_whole():
    frame = pd.DataFrame({"note": HOSTILE})
    back = pd.read_csv(io.BytesIO(safe_csv_bytes(frame)), dtype=str, keep_default_na=False)
    assert len(back) == len(HOSTILE)
    assert back["note"].tolist()[:2] == ["ok\r'=cmd|' /C calc'!A0", "note\r'@SUM(9*9)"]
    _cells_start_safely(back["note"].tolist())


def test_safe_csv_quotes_every_cell_with_a_line_break_or_carriage_return():
    out = safe_csv_bytes(pd.DataFrame({"a": ["x\ry", "x\ny", "plain"]})).decode()
    assert out == 'a\n"x\ry"\n"x\ny"\nplain\n'


def test_css_string_cannot_end_the_string_the_rule_or_the_style_element():
    import re

    from geo.safety import css_string

    text = "a\"b'c\\d</style><script>\n}"
    quoted = css_string(text)
    inner = quoted[1:-1]
    assert quoted[0] == quoted[-1] == '"'
    assert not set("\"'<>\n") & set(inner)
    # Every backslash starts a CSS escape, and the escapes give back the text.
    assert re.sub(r"\\([0-9a-f]{1,6}) ", lambda m: chr(int(m.group(1), 16)), inner) == text
    assert css_string("Hasta 5 MB · CSV") == '"Hasta 5 MB · CSV"'


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("nul\x00byte", "nul\ufffdbyte"),
        ("\x1b[31mred", "\ufffd[31mred"),
        ("lone \ud800 half", "lone \ufffd half"),
        ("del\x7f c1\x9b", "del\ufffd c1\ufffd"),
        ("vt\x0bff\x0cnel\x85sep\x1e", "vt ff nel sep "),
        ("tab\tline\ncr\r", "tab\tline\ncr\r"),  # left to the CSV writer's quoting
        ("Apurímac \u202eRTL\u202c «x»", "Apurímac \u202eRTL\u202c «x»"),
    ],
)
def test_plain_text_replaces_what_no_output_can_carry(text, plain):
    from geo.safety import plain_text

    assert plain_text(text) == plain
    assert len(plain_text(text)) == len(text)
    plain_text(text).encode("utf-8")  # no lone surrogate left
