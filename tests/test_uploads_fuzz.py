"""Generated files, sane and not: parse_upload returns an Upload or raises UploadError only."""

import io
import math

import openpyxl
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from geo.names import department_names, departments
from geo.uploads import Upload, UploadError, parse_upload

NAMES = [*department_names().values(), "Cuzco", "CUSCO", "apurimac", "Huanuco", "08", "8",
         "080000", "PE-CUS", "Lima Metropolitana", "Total", "Narnia", "", "  ", "Cuzko", "26",
         "<script>alert(1)</script>", "=1+2", "Región Lima", "Perú"]  # fmt: skip
departments_by_code = {d.code: d for d in departments()}
HEADERS = ["Departamento", "departamento", "Región", "UBIGEO", "Código", "Department", "Año",
           "Year", "Fuente", "Source", "Valor", "Víctimas", "value", "", "N°", "=cmd", "a;b",
           "Año", "Valor"]  # fmt: skip
NAMES_OF_FILES = ["d.csv", "d.CSV", "d.txt", "d.tsv", "d.xlsx", "d.xls", "d", "d.pdf", "x.tar.gz"]
SEPARATORS = [",", ";", "\t", "|", " "]
ENCODINGS = ["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16"]


@st.composite
def numbers(draw):
    """A number as people write it: decimal comma or point, thousands groups, signs, junk."""
    value = draw(
        st.one_of(st.integers(-5, 3_000_000), st.floats(allow_nan=True, allow_infinity=True))
    )
    style = draw(st.sampled_from(["plain", "comma", "point", "space", "pct", "junk", "empty"]))
    if style == "empty":
        return draw(st.sampled_from(["", "-", "n.d.", "s/d", "NA", "—"]))
    if style == "junk":
        return draw(st.text(max_size=8))
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    text = f"{value:,.2f}" if draw(st.booleans()) else f"{value:,}"
    if style == "comma":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    elif style == "space":
        text = text.replace(",", "\u00a0")
    elif style == "plain":
        text = text.replace(",", "")
    elif style == "pct":
        text += " %"
    return text


@st.composite
def csv_files(draw):
    """CSV-ish bytes: random headers, departments, numbers, separators, quoting and encodings."""
    sep = draw(st.sampled_from(SEPARATORS))
    width = draw(st.integers(1, 5))
    header = [draw(st.sampled_from(HEADERS) | st.text(max_size=6)) for _ in range(width)]
    rows = [header]
    for _ in range(draw(st.integers(0, 12))):
        row = [draw(st.sampled_from(NAMES) | st.text(max_size=10))]
        row += [draw(numbers() | st.sampled_from(NAMES) | st.sampled_from(["2010", "2012"]))
                for _ in range(draw(st.integers(0, width + 1)))]  # fmt: skip
        rows.append(row)
    quote = draw(st.booleans())

    def cell(text):
        if quote or sep in text or '"' in text or "\n" in text:
            return '"' + text.replace('"', '""') + '"'
        return text

    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    text = newline.join(sep.join(cell(c) for c in row) for row in rows)
    if draw(st.booleans()):
        text += newline
    encoding = draw(st.sampled_from(ENCODINGS))
    data = text.encode(encoding, errors="replace")
    if draw(st.integers(0, 9)) == 0:  # a few bytes damaged
        spot = draw(st.integers(0, max(len(data) - 1, 0)))
        data = data[:spot] + draw(st.binary(max_size=4)) + data[spot + 1 :]
    return draw(st.sampled_from(NAMES_OF_FILES)), data


def _quoted(text, sep):
    if any(c in text for c in (sep, '"', "\n", "\r")):
        return '"' + text.replace('"', '""') + '"'
    return text


@st.composite
def plausible_csv_files(draw):
    """A file as a user would make it, and the figures it holds: {column: {code: value}}.

    One row per department in any name form, one number style per file (decimal comma only with
    semicolons), two decimals so that no cell is ambiguous, some cells left empty.
    """
    sep = draw(st.sampled_from([",", ";", "\t"]))
    comma = sep == ";" and draw(st.booleans())
    codes = draw(st.lists(st.sampled_from(list(departments_by_code)), min_size=1, max_size=25,
                          unique=True))  # fmt: skip
    columns = draw(st.lists(st.sampled_from(["Víctimas", "Denuncias", "Tasa", "Value"]),
                            min_size=1, max_size=3, unique=True))  # fmt: skip
    with_year, with_source = draw(st.booleans()), draw(st.booleans())
    header = [draw(st.sampled_from(["Departamento", "Región", "Department", "Lugar"])), *columns]
    header += ["Año"] * with_year + ["Fuente"] * with_source
    rows, expected = [header], {c: {} for c in columns}
    for code in codes:
        d = departments_by_code[code]
        forms = [d.name, d.name.upper(), d.iso]
        if header[0] != "Lugar":  # bare codes under a header that does not say so are figures
            forms += [code, code + "0000"]
        form = draw(st.sampled_from(forms))
        row = [form]
        for column in columns:
            if len(rows) > 1 and draw(st.integers(0, 4)) == 0:  # the first row has every figure
                row.append(draw(st.sampled_from(["", "n.d.", "-"])))
                continue
            value = round(draw(st.floats(0, 1e7, allow_nan=False)), 2)
            text = f"{value:,.2f}" if draw(st.booleans()) else f"{value:.2f}"
            if comma:
                text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
            row.append(text)
            expected[column][code] = value
        row += ["2012"] * with_year
        row += [draw(st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=12))] * (
            with_source
        )
        rows.append(row)
    text = "\n".join(sep.join(_quoted(c, sep) for c in row) for row in rows) + "\n"
    encoding = draw(st.sampled_from(ENCODINGS))
    return "datos.csv", text.encode(encoding, errors="replace"), expected


@st.composite
def xlsx_files(draw):
    """A small workbook with cells of any type where numbers and names are expected."""
    book = openpyxl.Workbook()
    sheet = book.active
    cells = st.one_of(
        st.sampled_from(NAMES),
        st.integers(-10, 10**9),
        st.floats(allow_nan=False, allow_infinity=False),
        st.none(),
        st.booleans(),
        st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=8),
    )
    width = draw(st.integers(1, 4))
    sheet.append([draw(st.sampled_from(HEADERS)) for _ in range(width)])
    for _ in range(draw(st.integers(0, 8))):
        sheet.append([draw(cells) for _ in range(width)])
    out = io.BytesIO()
    book.save(out)
    return draw(st.sampled_from(["d.xlsx", "d.csv", "d"])), out.getvalue()


files = st.one_of(
    st.tuples(st.sampled_from(NAMES_OF_FILES), st.binary(max_size=3000)),
    csv_files(),
    plausible_csv_files().map(lambda made: made[:2]),
    xlsx_files(),
)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files, st.sampled_from(["es", "en"]))
def test_parse_upload_only_ever_raises_upload_error(file, lang):
    name, data = file
    try:
        upload = parse_upload(name, data, lang)
    except UploadError as error:
        assert error.problems, "an UploadError must say what is wrong"
        assert any(p.blocking for p in error.problems)
        # "internal" is the safety net catching an unexpected exception: a bug to fix.
        assert "internal" not in [p.code for p in error.problems]
        event(f"refused: {next(p.code for p in error.problems if p.blocking)}")
        for problem in error.problems:
            assert problem.message("es") and problem.message("en")
            assert problem.row is None or problem.row >= 1
        return
    assert isinstance(upload, Upload)
    event("accepted")
    frame = upload.harmonised
    assert frame["department_code"].isin(list(department_names())).all()
    for column in upload.value_columns:
        values = frame[column].dropna()
        assert (values >= 0).all() and values.map(math.isfinite).all()
    assert not frame.duplicated(["department_code", "year"]).any()


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plausible_csv_files())
def test_plausible_files_are_read_to_the_figure(made):
    name, data, expected = made
    upload = parse_upload(name, data)
    frame = upload.harmonised
    for column, figures in expected.items():
        read = dict(zip(frame["department_code"], frame[column], strict=True))
        assert {code: v for code, v in read.items() if not math.isnan(v)} == figures
