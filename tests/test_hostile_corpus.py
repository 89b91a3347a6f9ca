"""Every hostile payload (tests/hostile_corpus.py), in every field a reader controls, through every
output it reaches: nothing is run, no file changes its structure, nothing raises.

Fields: the file name, a column header, the source column, a department cell and a value cell.
Outputs: the live map's HTML and tooltips, the profile, the upload chart, the problems, every map
download (PNG, SVG, HTML, CSV, GeoJSON) and the press kit with every file inside it. URL values are
checked on every page of the live app here (AppTest) and on the static edition's addresses in the
browser tests. A payload counts as run if an output holds what running it would print
(``EVALUATED``, this process's id), a dialog opens (browser tests), a spreadsheet would read a
formula, or the output's structure differs from the same file with plain words.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import xml.etree.ElementTree as ET
import zipfile
from collections import Counter
from html.parser import HTMLParser

import markupsafe
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.charts.upload import upload_figure
from geo.downloads import download_bytes
from geo.exports import press_kit
from geo.profile import user_figure
from geo.safety import FORMULA_TRIGGERS
from geo.uploads.parse import parse_upload
from geo.uploads.problems import UploadError
from geo.views import MapView, interactive_map, prepare_map, user_layer
from tests.hostile_corpus import PAYLOADS, PID_PROBE, TEMPLATES, evaluated_in, payload_id

PLAIN = "plain words"
DEPARTMENTS = ("Cusco", "Puno", "Lima", "Loreto")
_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def csv_bytes(rows) -> bytes:
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    # surrogatepass: a lone surrogate arrives as the bytes a careless writer would send.
    return buf.getvalue().encode("utf-8", "surrogatepass")


def valid_file(
    payload: str, with_source: bool = True, header: str | None = None
) -> tuple[str, bytes]:
    """A loadable file: named after the payload, the payload as its value column's header and
    (``with_source``) as its source; without a source column the file name is the source."""
    header = ["departamento", payload if header is None else header]
    header += ["fuente"] if with_source else []
    rows = [[d, str(5 + i)] + ([payload] if with_source else []) for i, d in enumerate(DEPARTMENTS)]
    return f"{payload}.csv", csv_bytes([header, *rows])


def valid_workbook(payload: str, header: str | None = None) -> tuple[str, bytes]:
    """The same table as an .xlsx whose elements carry a namespace prefix (``<x:c r="A1">``), as
    Office SDK writers produce, with its texts in the shared strings."""
    from tests.test_uploads_bounds import _workbook

    top = ["departamento", payload if header is None else header, "fuente"]
    rows = [top] + [[d, 5 + i, payload] for i, d in enumerate(DEPARTMENTS)]
    return f"{payload}.xlsx", _workbook(rows, prefix="x", shared=True)


def xml_text(payload: str) -> bool:
    """Whether XML 1.0 can carry the payload (no NUL, ESC or lone surrogate)."""
    return not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]", payload)


def refused_file(payload: str) -> tuple[str, bytes]:
    """A file refused for the payload in a department cell and in a value cell."""
    rows = [["departamento", "valor"], ["Cusco", "5"], [payload, "4"], ["Puno", payload]]
    return f"{payload}.csv", csv_bytes(rows)


class _Tags(HTMLParser):
    """Counts the start tags of a page and the attributes that run script."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: Counter[str] = Counter()
        self.handlers: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags[tag] += 1
        self.handlers += [f"{tag} {k}" for k, _ in attrs if k.startswith("on")]


def page_shape(text: str) -> tuple[Counter, list[str]]:
    parser = _Tags()
    parser.feed(text)
    parser.close()
    return parser.tags, parser.handlers


def shown_as_written(payload: str, text: str) -> bool:
    """Whether ``text`` holds the payload as text: as is, HTML-escaped (either style), JSON-quoted
    (``|tojson`` writes ``<>&'`` as ``\\u`` escapes), or JSON-quoted and then HTML-escaped."""
    quoted = json.dumps(payload)[1:-1]
    tojson = quoted
    for char in "<>&'":
        tojson = tojson.replace(char, f"\\u{ord(char):04x}")
    forms = {payload, quoted, tojson}
    forms |= {f(x) for x in (payload, quoted) for f in (html.escape, str_escape, markup_escape)}
    return any(form in text for form in forms)


def str_escape(text: str) -> str:
    return html.escape(text, quote=False)


def markup_escape(text: str) -> str:
    return str(markupsafe.escape(text))


def formula_cells(text: str) -> list[str]:
    """Cells (and parts a reader's program could split off) that a spreadsheet would run."""
    bad = []
    for row in csv.reader(io.StringIO(text, newline="")):
        for cell in row:
            for part in re.split(r"\r\n|[\r\n,;\t]", cell):
                if part.startswith(FORMULA_TRIGGERS) and not _PLAIN_NUMBER.match(part):
                    bad.append(cell)
    return bad


def csv_rows(text: str) -> int:
    """Rows as a program that splits lines on any line break sees them."""
    return len(list(csv.reader(io.StringIO(text))))


def check_html(text: str, plain: str, payload: str, where: str) -> None:
    assert evaluated_in(text) == [], f"{where}: a payload was run"
    assert page_shape(text) == page_shape(plain), f"{where}: the page's structure changed"
    if payload in TEMPLATES:
        assert shown_as_written(payload, text), f"{where}: {payload!r} is not shown as written"


def check_svg(text: str, where: str) -> None:
    assert evaluated_in(text) == [], f"{where}: a payload was run"
    root = ET.fromstring(text)  # raises if the payload broke the XML
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1]
        assert tag not in ("script", "foreignObject", "iframe"), f"{where}: a <{tag}> element"
        assert not [a for a in element.attrib if a.rsplit("}", 1)[-1].startswith("on")], where
        href = [v for k, v in element.attrib.items() if k.endswith("href")]
        assert not [v for v in href if v.strip().lower().startswith("javascript:")], where


def check_csv(text: str, plain: str, where: str) -> None:
    assert evaluated_in(text) == [], f"{where}: a payload was run"
    assert formula_cells(text) == [], f"{where}: a spreadsheet would run a formula"
    assert csv_rows(text) == csv_rows(plain), f"{where}: a line break started a new row"


def check_text(text: str, where: str) -> None:
    assert evaluated_in(text) == [], f"{where}: a payload was run"
    assert "\r" not in text and "\x00" not in text, f"{where}: a raw CR or NUL from a reader"


def check_geojson(data: bytes, plain: bytes, where: str) -> None:
    text = data.decode("utf-8")
    assert evaluated_in(text) == [], f"{where}: a payload was run"
    features = json.loads(text)["features"]
    assert len(features) == len(json.loads(plain)["features"]), where


def _prepared(name: str, data: bytes, lang: str = "en"):
    user = user_layer(parse_upload(name, data, lang))
    return prepare_map(MapView("upload", lang=lang, department="08"), user), user


def _loaded(payload: str, with_source: bool = True):
    """The payload's file, prepared. Where the payload makes the file unreadable (``$$`` has no
    letter to name a column; many ``;`` make ``;`` the separator; a NUL or an ESC makes it binary),
    the refusal is checked and the payload goes on in the fields it can still reach: the source
    under a plain header, else the file name alone."""
    attempts = [(with_source, None), (with_source, "valor"), (False, "valor")]
    for source, header in attempts:
        try:
            return _prepared(*valid_file(payload, source, header=header))
        except UploadError as refused:
            assert all(evaluated_in(p.describe("en")) == [] for p in refused.problems)
    raise AssertionError(f"no file carrying {payload!r} in its name could be loaded")


KIT_PNG_DPI = 72  # the press kit's map PNG in these tests (the kit's own is 200 dpi)


@pytest.fixture(scope="module")
def kit_at_less_cost():
    """The press kit, every file still made by its own code for every payload, at less cost:

    - its chart files (CSV and PNG) are made once for the module: each is drawn from the chart's
      id and the language alone (``geo.charts.chart_csv``, ``figure_png``), never from the
      reader's file, so every payload's kit would hold the same bytes;
    - its map PNG is drawn at :data:`KIT_PNG_DPI` (``geo.static_map.static_map``'s own ``dpi``
      option): the same figure with the same texts, drawn through the same code, on fewer pixels
      (a third of the kit's cost went into the 200 dpi PNG's pixels).
    """
    import functools

    from geo import charts
    from geo import static_map as maps

    draw = maps.static_map

    def static_map(prepared, fmt="png", dpi=200):
        return draw(prepared, fmt, KIT_PNG_DPI if fmt == "png" else dpi)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(charts, "chart_csv", functools.cache(charts.chart_csv))
        mp.setattr(charts, "figure_png", functools.cache(charts.figure_png))
        mp.setattr(maps, "static_map", static_map)
        yield


@pytest.fixture(scope="module")
def plain_outputs(kit_at_less_cost):
    """What each output is for a file with plain words: the structure to compare with."""
    prepared, _user = _prepared(*valid_file(PLAIN))
    kit, _omitted = press_kit(prepared)
    with zipfile.ZipFile(io.BytesIO(kit)) as zf:
        inside = {name: zf.read(name) for name in zf.namelist()}
    return {
        "map": interactive_map(prepared).get_root().render(),
        "html": download_bytes("html", prepared).decode("utf-8"),
        "csv": download_bytes("csv", prepared).decode("utf-8"),
        "geojson": download_bytes("geojson", prepared),
        "kit": inside,
    }


@pytest.mark.parametrize("payload", PAYLOADS, ids=payload_id)
def test_a_payload_in_a_files_name_header_and_source_is_never_run(payload, plain_outputs):
    prepared, user = _loaded(payload)

    # The live map, its tooltips and legend (the folium page st_folium draws).
    check_html(interactive_map(prepared).get_root().render(), plain_outputs["map"], payload, "map")
    # The profile's figure and the upload chart.
    figure = user_figure("08", user, "en")
    assert evaluated_in(f"{figure.label} {figure.value} {figure.source}") == []
    chart = upload_figure(user.values, user.name, user.source, "en")
    texts = [chart.layout.title.text or ""] + [a.text or "" for a in chart.layout.annotations]
    assert evaluated_in(chart.to_json()) == []
    if "<" in payload:  # plotly reads tags in its texts: the reader's must arrive escaped
        assert not [s for s in texts if payload in s], "a chart text carries the reader's tags"

    # Every download.
    check_html(download_bytes("html", prepared).decode("utf-8"), plain_outputs["html"], payload,
               "download html")
    check_csv(download_bytes("csv", prepared).decode("utf-8"), plain_outputs["csv"], "download csv")
    check_geojson(download_bytes("geojson", prepared), plain_outputs["geojson"], "download geojson")

    # The press kit, and every file inside it (its PNG and SVG are the map downloads').
    kit, omitted = press_kit(prepared)
    assert omitted == []
    with zipfile.ZipFile(io.BytesIO(kit)) as zf:
        assert zf.namelist() == list(plain_outputs["kit"]), "the kit's files changed"
        for name in zf.namelist():
            data, plain = zf.read(name), plain_outputs["kit"][name]
            where = f"press kit {name}"
            if name.endswith(".png"):
                assert data.startswith(b"\x89PNG\r\n\x1a\n"), where
            elif name.endswith(".svg"):
                check_svg(data.decode("utf-8"), where)
            elif name.endswith(".html"):
                check_html(data.decode("utf-8"), plain.decode("utf-8"), payload, where)
            elif name.endswith(".csv"):
                check_csv(data.decode("utf-8"), plain.decode("utf-8"), where)
            elif name.endswith(".geojson"):
                check_geojson(data, plain, where)
            else:
                check_text(data.decode("utf-8"), where)


@pytest.mark.parametrize("payload", PAYLOADS, ids=payload_id)
def test_a_payload_as_the_file_name_that_is_the_source_is_never_run(payload, plain_outputs):
    """Without a source column the file's name is the layer's source, in every output."""
    prepared, _user = _loaded(payload, with_source=False)
    check_html(download_bytes("html", prepared).decode("utf-8"), plain_outputs["html"], payload,
               "download html")
    check_svg(download_bytes("svg", prepared).decode("utf-8"), "download svg")
    check_csv(download_bytes("csv", prepared).decode("utf-8"), plain_outputs["csv"], "download csv")


@pytest.mark.parametrize("payload", [p for p in PAYLOADS if xml_text(p)], ids=payload_id)
def test_a_payload_in_a_prefixed_workbooks_header_and_source_is_never_run(payload, plain_outputs):
    """A workbook is read as XML whatever prefix its writer gave the elements (a regular
    expression scan saw no cell in ``<x:c>`` and the file was refused or left unchecked)."""
    try:
        prepared, _user = _prepared(*valid_workbook(payload))
    except UploadError as refused:  # ``$$`` names no column: the payload goes on as the source
        assert all(evaluated_in(p.describe("en")) == [] for p in refused.problems)
        prepared, _user = _prepared(*valid_workbook(payload, header="valor"))
    check_html(download_bytes("html", prepared).decode("utf-8"), plain_outputs["html"], payload,
               "download html")
    check_svg(download_bytes("svg", prepared).decode("utf-8"), "download svg")
    check_csv(download_bytes("csv", prepared).decode("utf-8"), plain_outputs["csv"], "download csv")


@pytest.mark.parametrize("lang", ["es", "en"])
@pytest.mark.parametrize("payload", PAYLOADS, ids=payload_id)
def test_a_payload_in_department_and_value_cells_is_named_as_text(payload, lang):
    """The refusal names the cells as written, bounded, in the reader's language; nothing runs."""
    name, data = refused_file(payload)
    with pytest.raises(UploadError) as refused:
        parse_upload(name, data, lang)
    problems = refused.value.problems
    assert problems, "the file was refused without a problem"
    for problem in problems:
        text = problem.describe(lang)
        assert evaluated_in(text) == []
        assert len(text) <= 1_000, f"a message of {len(text)} characters"
        assert problem.value is None or len(problem.value) <= 500, "a problem keeps a huge cell"


# Built from the corpus's fragments and any text: what a reader might paste, whole or in part.
_fragments = st.sampled_from([*PAYLOADS, "{{", "}}", "{%", "%}", "${", "}", "$", "<", ">", "="])
hostile_text = st.lists(_fragments | st.text(max_size=12), min_size=1, max_size=4).map("".join)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(header=hostile_text, source=hostile_text)
def test_generated_hostile_headers_and_sources_are_never_run(header, source):
    rows = [["departamento", header, "fuente"]] + [
        [d, str(5 + i), source] for i, d in enumerate(DEPARTMENTS)
    ]
    try:
        prepared, _user = _prepared("x.csv", csv_bytes(rows))
    except UploadError as refused:  # a blank or repeated header: refused with a message
        assert all(evaluated_in(p.describe("en")) == [] for p in refused.problems)
        return
    page = download_bytes("html", prepared).decode("utf-8")
    assert evaluated_in(page) == []
    assert page_shape(page)[1] == []  # no handler attribute came from the reader
    check_svg(download_bytes("svg", prepared).decode("utf-8"), "svg")
    assert formula_cells(download_bytes("csv", prepared).decode("utf-8")) == []


def test_the_pid_probe_stays_literally_in_the_tooltip_of_the_downloaded_map():
    """The issue's reproduction: the probe is the tooltip's text, not the server's process id."""
    prepared, _user = _prepared(*valid_file(PID_PROBE, with_source=False))
    page = download_bytes("html", prepared).decode("utf-8")
    assert shown_as_written(PID_PROBE, page)
    assert evaluated_in(page) == []
