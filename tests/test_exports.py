"""The journalist's downloads: offline standalone HTML, layer CSV/GeoJSON, and the press kit ZIP."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import re
import zipfile

import pandas as pd
import pytest
from markupsafe import escape
from PIL import Image

from geo import charts, exports
from geo.i18n import t
from geo.safety import escape_html
from geo.views import MapView, prepare_map

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def prepared():
    return prepare_map(MapView("complaints", "per_100k", ("lima",), "17", "en"))


@pytest.fixture(scope="module")
def page(prepared):
    return exports.standalone_html(prepared)


def _geojson_in_page(page: str) -> dict:
    """The departments layer's FeatureCollection as folium wrote it into the page."""
    for match in re.finditer(r'\{"features":\s*\[|\{"type":\s*"FeatureCollection"', page):
        decoder = json.JSONDecoder()
        try:
            obj, _end = decoder.raw_decode(page[match.start() :])
        except json.JSONDecodeError:
            continue
        if obj.get("type") == "FeatureCollection":
            return obj
    raise AssertionError("no FeatureCollection found in the page")


def test_file_stem_names_layer_measure_and_language(prepared):
    assert exports.file_stem(prepared) == "atlas-peru-complaints-per-100k-en"


def test_standalone_page_has_the_25_departments(page):
    collection = _geojson_in_page(page)
    codes = sorted(f["properties"]["department_code"] for f in collection["features"])
    assert codes == [f"{i:02d}" for i in range(1, 26)]


def test_standalone_page_inlines_leaflet_from_the_installed_package(page):
    js = (exports.leaflet_dir() / "leaflet.js").read_text(encoding="utf-8")
    assert js[:2000] in page
    assert ".leaflet-pane" in page  # the CSS, inlined
    assert "url(images/" not in page  # Leaflet's CSS images became data: URIs
    assert not re.search(r"<script[^>]*\bsrc=", page)
    assert not re.search(r"<link[^>]*\bhref=", page)


def test_standalone_page_references_no_other_host(page):
    # Leaflet's own attribution link is text shown to people, never fetched; cut Leaflet's code out
    # and check the rest of the page, then check that the code itself loads nothing.
    js = (exports.leaflet_dir() / "leaflet.js").read_text(encoding="utf-8")
    rest = re.sub(r"/\*.*?\*/", "", page.replace(js, ""), flags=re.S)  # and CSS comments
    assert exports.external_references(rest) == []
    assert not re.search(r"""\b(?:src|href)\s*=\s*["']?https?:""", rest)
    # The only address left is the SVG namespace of the hatch pattern, an identifier, not a fetch.
    assert set(re.findall(r"https?://[^\s\"'<>]*", rest)) <= {"http://www.w3.org/2000/svg"}


def test_external_references_are_detected():
    assert exports.external_references('<script src="https://cdn.example/x.js">')
    assert exports.external_references("<link href='//cdn.example/x.css'>")
    assert exports.external_references("a{background:url(http://x/y.png)}")
    assert exports.external_references('<a title="http://x">') == []


def test_standalone_page_keeps_legend_source_and_tooltips(prepared, page):
    decoded = json.loads(json.dumps(page))  # the controls are JSON strings in the page's script
    assert "atlas-legend" in decoded
    for words in (
        prepared.text.source,
        prepared.text.caveat,
        prepared.text.not_reported,
        *prepared.class_labels,
        *prepared.text.extra,
    ):
        assert json.dumps(str(escape(words)))[1:-1] in page, words  # escaped by the template
    collection = _geojson_in_page(page)
    tooltips = {
        f["properties"]["department_code"]: f["properties"]["tooltip"]
        for f in collection["features"]
    }
    assert tooltips["17"] == escape_html(prepared.tooltips["17"])
    assert '<html lang="en">' in page
    assert f"<title>{escape(prepared.text.title)}</title>" in page


def test_layer_csv_equals_the_layer_with_not_reported_left_empty(prepared):
    table = pd.read_csv(
        io.BytesIO(exports.layer_csv(prepared)), dtype={"department_code": str}, comment="#"
    )
    values = prepared.values
    assert list(table["department_code"]) == list(values["department_code"])
    for got, want in zip(table["value"], values["value"], strict=True):
        assert (math.isnan(got) and math.isnan(want)) or got == pytest.approx(want, abs=0.005)
    assert set(table.loc[table["value"].isna(), "status"]) == {"not_reported"}
    assert set(table.loc[table["value"].notna(), "status"]) == {"reported"}
    assert (table["value"].dropna() != 0).all()
    assert list(table["count"].dropna()) == list(values["count"].dropna())


def test_layer_geojson_has_null_never_zero_for_not_reported(prepared):
    collection = json.loads(exports.layer_geojson(prepared))
    assert collection["type"] == "FeatureCollection"
    assert len(collection["features"]) == 25
    by_code = prepared.values.set_index("department_code")["value"]
    for feature in collection["features"]:
        props = feature["properties"]
        want = by_code[props["department_code"]]
        if math.isnan(want):
            assert props["value"] is None and props["status"] == "not_reported"
            assert props["fill"] is None
        else:
            assert props["value"] == pytest.approx(want) and props["status"] == "reported"
            assert props["fill"] == prepared.classification.colour_of(want)
    assert collection["source"] == prepared.text.source


def test_map_alt_text_names_the_reported_departments_highest_first(prepared):
    text = exports.map_alt_text(prepared)
    reported = prepared.values.dropna(subset=["value"]).sort_values("value", ascending=False)
    positions = [text.index(name) for name in reported["department"]]
    assert positions == sorted(positions)
    assert str(25 - len(reported)) in text
    assert prepared.text.caveat in text


def _fake_png(chart_id: str, lang: str, scale: float = 2) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (8, 4), "white").save(buf, format="PNG")
    return buf.getvalue()


@pytest.fixture(scope="module")
def kit(prepared):
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(charts, "figure_png", _fake_png)
        data, omitted = exports.press_kit(
            prepared, "en", exports.OVERVIEW_CHARTS, accessed=dt.date(2024, 5, 17)
        )
    return zipfile.ZipFile(io.BytesIO(data)), omitted


def test_press_kit_holds_map_layer_charts_citation_and_alt_text(prepared, kit):
    zf, omitted = kit
    assert omitted == []
    stem = exports.file_stem(prepared)
    names = set(zf.namelist())
    expected = {f"{stem}.{ext}" for ext in ("png", "svg", "html", "csv", "geojson")}
    expected |= {"CITATION.txt", "ALT-TEXT.txt"}
    for chart_id in exports.OVERVIEW_CHARTS:
        name = charts.chart_spec(chart_id).file_name("en")
        expected |= {f"{name}.png", f"{name}.csv"}
    assert names == expected
    for name in names:
        assert zf.getinfo(name).file_size > 0, name
    assert zf.read(f"{stem}.png").startswith(PNG_MAGIC)
    assert zf.read(f"{stem}.csv") == exports.layer_csv(prepared)


def test_press_kit_chart_csvs_equal_the_charts_data(kit):
    zf, _omitted = kit
    for chart_id in exports.OVERVIEW_CHARTS:
        spec = charts.chart_spec(chart_id)
        data = zf.read(f"{spec.file_name('en')}.csv")
        assert data == charts.chart_csv(chart_id, "en")
        got = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, comment="#")
        assert list(got.columns) == list(spec.table("en").columns)
        assert len(got) == len(spec.table("en"))


def test_press_kit_chart_csvs_say_what_they_are_like_the_layer_csv(kit, prepared):
    """Every CSV of the kit starts with # rows: title, source, caveat and period."""
    zf, _omitted = kit
    for name in zf.namelist():
        if not name.endswith(".csv"):
            continue
        lines = zf.read(name).decode("utf-8").splitlines()
        named = {line.split(",")[1] for line in lines if line.startswith("#,")}
        assert {"title", "source", "caveat", "period"} <= named, name
    assert exports.file_stem(prepared) + ".csv" in zf.namelist()


@pytest.mark.parametrize("layer", ["complaints", "origin", "poverty"])
def test_a_report_layers_csv_says_its_period(layer):
    for lang, words in (("en", "2010"), ("es", "2010")):
        data = exports.layer_csv(
            prepare_map(MapView(layer, "count" if layer != "poverty" else "pct", (), None, lang))
        )
        rows = [line for line in data.decode("utf-8").splitlines() if line.startswith("#,period,")]
        assert len(rows) == 1 and words in rows[0], (layer, lang)


def test_press_kit_citation_names_the_report_and_the_access_date(kit):
    zf, _omitted = kit
    citation = zf.read("CITATION.txt").decode("utf-8")
    for words in (
        "Clínica Jurídica de Acciones de Interés Público",
        "PUCP",
        "Human Rights Commission",
        "2011",
        "E/C.12/PER/Q/2-4",
        "trafficking in persons in Peru",
        "2024-05-17",
        "Peru Trafficking Atlas",
    ):
        assert words in citation, words


def test_press_kit_alt_text_has_one_paragraph_per_image(prepared, kit):
    zf, _omitted = kit
    alt = zf.read("ALT-TEXT.txt").decode("utf-8")
    assert exports.map_alt_text(prepared) in alt
    for chart_id in exports.OVERVIEW_CHARTS:
        spec = charts.chart_spec(chart_id)
        assert f"{spec.file_name('en')}.png\n{spec.alt_text('en')}" in alt


def test_press_kit_lists_chart_images_it_could_not_draw(prepared, monkeypatch):
    def no_browser(chart_id, lang, scale=2):
        raise charts.ChartImageError(f"could not draw chart {chart_id!r}: no Chromium")

    monkeypatch.setattr(charts, "figure_png", no_browser)
    data, omitted = exports.press_kit(prepared, "es", ("purposes", "age_groups"))
    zf = zipfile.ZipFile(io.BytesIO(data))
    pngs = [charts.chart_spec(c).file_name("es") + ".png" for c in ("purposes", "age_groups")]
    assert omitted == pngs
    note = zf.read("OMITTED.txt").decode("utf-8")
    assert note.startswith(t("exports.omitted.heading", "es"))
    for name in pngs:
        assert name not in zf.namelist()
        assert name in note and "no Chromium" in note
    for chart_id in ("purposes", "age_groups"):  # the data still travels
        assert charts.chart_spec(chart_id).file_name("es") + ".csv" in zf.namelist()
    assert exports.file_stem(prepared) + ".png" in zf.namelist()


def test_press_kit_refuses_an_unknown_chart(prepared):
    with pytest.raises(KeyError, match="no_such_chart"):
        exports.press_kit(prepared, "en", ("no_such_chart",))


def test_download_buttons_draw_no_file_until_clicked(monkeypatch):
    from streamlit.testing.v1 import AppTest

    import geo.static_map

    def refuse(*_args, **_kwargs):
        raise AssertionError("an export was generated on a rerun")

    for module, name in (
        (geo.static_map, "static_map"),
        (exports, "press_kit"),
        (exports, "standalone_html"),
        (exports, "layer_csv"),
        (exports, "layer_geojson"),
    ):
        monkeypatch.setattr(module, name, refuse)

    def script():
        from geo.views import MapView
        from ui.downloads import map_downloads

        map_downloads(MapView("origin", "per_100k", ("lima",), "08", "en"))

    at = AppTest.from_function(script, default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    ids = [el.proto.id for el in at.get("download_button")]
    assert len(ids) == 6
    for kind in ("png", "svg", "html", "csv", "geojson", "zip"):
        assert any(f"map_download_{kind}" in element_id for element_id in ids), kind


@pytest.mark.parametrize("lang", ["es", "en"])
def test_layer_csv_says_what_it_is_above_a_table_programs_read(lang):
    """Title, source and caveat in rows a spreadsheet shows; snake_case columns, two decimals."""
    prepared = prepare_map(MapView(layer="complaints", measure="per_100k", lang=lang))
    data = exports.layer_csv(prepared)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    notes = {row[1]: row[2] for row in rows if row[0] == "#"}
    assert all(len(row) == 3 for row in rows if row[0] == "#")  # name and text, each one cell
    assert notes["title"] == prepared.text.title
    assert notes["source"] == prepared.text.source
    assert notes["caveat"] == prepared.text.caveat
    assert notes["notes"] == t("exports.csv.notes", lang, decimals=2)
    header = next(row for row in rows if row[0] != "#")
    assert all(re.fullmatch(r"[a-z0-9_]+", name) for name in header), header
    table = pd.read_csv(io.BytesIO(data), comment="#", dtype={"department_code": str})
    assert len(table) == 25
    text_values = [row[header.index("value")] for row in rows[len(notes) + 1 :]]
    for text in filter(None, text_values):  # point decimals, at most two of them
        assert re.fullmatch(r"\d+(\.\d{1,2})?", text), text
    cusco = table.set_index("department_code").loc["08"]
    assert cusco["value"] == 1.65 and cusco["count"] == 21  # 21 / 1,274,742 * 100,000
    assert cusco["class"] == "1.43 – 1.65"
