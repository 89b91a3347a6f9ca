"""Every word in the reader's language: notices on a bad address, the not-found page, the Data
page's tables, the package's README, the skip link, the scale in kilometres, «» quotes; and the
smaller points of the same issue (the Data page's first table, the story's buttons, the press
kit's margins, the iframe code's heights, SVG labels as text)."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from test_app import run_app

from geo.i18n import catalogue, t
from geo.maps import SCALE, map_rules
from geo.names import department_names
from geo.pages.data import FIRST_TABLE, data_cell, data_page, table_cells
from geo.pages.notices import NOTICE_VALUE_CHARS, address_notices, notice_words, quoted
from geo.routes import ROUTE_IDS
from geo.story import STEP_COUNT
from geo.tables import column_titles, read_table, table_names

ROOT = Path(__file__).resolve().parent.parent
LANGS = ("es", "en")
SNAKE = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)+$")  # department_code, area_km2


def _options(layer: str = "complaints") -> dict:
    from geo.views import layer_ids, layer_measures

    return {
        "layer": layer_ids(False),
        "measure": layer_measures(layer),
        "dept": list(department_names()),
    }


# --- notices on a bad address ------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_each_bad_value_of_the_address_gets_a_notice_naming_it_and_what_is_shown(lang):
    used = {"layer": t("layer.complaints", lang), "measure": t("measure.count", lang)}
    query = {"layer": "bogus", "measure": "nope", "routes": "lima,nowhere", "dept": "99"}
    notices = address_notices(query, _options(), used, lang)
    assert notices == (
        t("notice.layer", lang, value="bogus", used=t("layer.complaints", lang)),
        t("notice.measure", lang, value="nope", used=t("measure.count", lang)),
        t("notice.routes.some", lang, value="lima,nowhere"),
        t("notice.dept", lang, value="99"),
    )
    quote = "«bogus»" if lang == "es" else "“bogus”"
    assert quote in notices[0] and t("layer.complaints", lang) in notices[0]
    good = {"layer": "origin", "measure": "count", "routes": "lima", "dept": "08"}
    assert address_notices(good, _options(), used, lang) == ()
    assert address_notices({"routes": "nowhere"}, _options(), used, lang) == (
        t("notice.routes.all", lang, value="nowhere"),
    )


def test_a_notice_quotes_a_long_value_cut_and_its_words_are_the_catalogues():
    assert quoted("x" * 200) == "x" * (NOTICE_VALUE_CHARS - 1) + "…"
    assert quoted("99") == "99"
    words = notice_words("es")
    assert words["dept"] == t("notice.dept", "es", value="{value}")
    assert "{value}" in words["layer"] and "{used}" in words["layer"]


def _warnings(at) -> list[str]:
    return [str(w.value).replace("\\", "") for w in at.warning]


@pytest.mark.parametrize("lang", LANGS)
def test_the_live_map_says_which_values_of_the_address_it_does_not_have(lang):
    at = run_app({"lang": lang, "layer": "bogus", "dept": "99"})  # and the map's second run
    expected = [
        t("notice.layer", lang, value="bogus", used=t("layer.complaints", lang)),
        t("notice.dept", lang, value="99"),
    ]
    assert _warnings(at) == expected
    assert at.session_state["layer"] == "complaints" and at.session_state["dept"] is None
    at.segmented_control(key="layer").set_value("origin").run()  # the reader's own view
    assert _warnings(at) == []


def test_the_live_map_shows_the_routes_a_link_names_that_the_atlas_has():
    at = run_app({"lang": "en", "routes": "lima,nowhere"})
    assert at.session_state["routes"] == ["lima"]
    assert _warnings(at) == [t("notice.routes.some", "en", value="lima,nowhere")]


def test_a_live_embed_names_every_bad_value_of_its_address():
    at = run_app({"lang": "es", "layer": "bogus", "dept": "99"}, is_embedded=True)
    warnings = _warnings(at)
    assert len(warnings) == 2
    assert "bogus" in warnings[0] and "99" in warnings[1]


def test_the_static_pages_ship_the_notices_words(built_site):
    import json

    for lang in LANGS:
        bundle = (built_site / "assets" / f"map-{lang}.js").read_text(encoding="utf-8")
        for words in notice_words(lang).values():
            assert json.dumps(words, ensure_ascii=False)[1:-1] in bundle or (
                json.dumps(words)[1:-1] in bundle
            )
        deck = (built_site / lang / "story.html").read_text(encoding="utf-8")
        step = t("story.invalid_step", lang, value="{value}", first=1, total=STEP_COUNT)
        assert json.dumps(step)[1:-1] in deck or json.dumps(step, ensure_ascii=False)[1:-1] in deck


# --- the not-found page -----------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_the_not_found_page_names_the_page_asked_for_in_the_readers_language(lang, monkeypatch):
    from ui_compat import streamlit as st_compat

    # What Streamlit hears from a browser at /nonexistent: the page name its address asks for.
    monkeypatch.setattr(st_compat, "intended_page_name", lambda: "nonexistent")
    at = run_app({"lang": lang})  # the not-found page is registered under that path...
    at.switch_page("app_pages/not_found.py").run()  # ...and is the page it opens
    assert not at.exception, [e.value for e in at.exception]
    assert [h.value for h in at.title] == [t("notfound.title", lang)]
    assert _warnings(at) == [t("notfound.asked", lang, value="nonexistent")]
    links = [link.proto.label for link in at.get("page_link")]
    assert links == [
        t(f"page.{p}", lang) for p in ("map", "overview", "routes", "justice", "story", "data")
    ]


def test_the_static_edition_has_a_not_found_page_per_language_and_at_its_root(built_site):
    for lang in LANGS:
        html = (built_site / lang / "404.html").read_text(encoding="utf-8")
        assert f"<h1>{t('notfound.title', lang)}</h1>" in html
        assert 'href="map.html"' in html and 'href="data.html"' in html
    root = (built_site / "404.html").read_text(encoding="utf-8")
    assert t("notfound.title", "es") in root and t("notfound.title", "en") in root
    assert 'href="es/index.html"' in root and 'href="en/index.html"' in root


def test_nginx_answers_an_unknown_address_of_the_site_with_its_not_found_page(tmp_path):
    from deploy import config

    text = config.render_config(["127.0.0.1:9"], "127.0.0.1:8080", tmp_path, ROOT, "")
    assert "error_page 404 $atlas_site_not_found;" in text
    assert "/site/$atlas_lang/404.html" in text and "default /site/404.html;" in text


# --- the Data page in the reader's language ----------------------------------------------------


def test_a_data_cell_is_in_the_readers_format():
    assert data_cell("39249.13", "number", "es") == "39.249,13"
    assert data_cell("39249.13", "number", "en") == "39,249.13"
    assert data_cell("0.40", "number", "es") == "0,40"
    assert data_cell("29461933", "integer", "es") == "29.461.933"
    assert data_cell("true", "boolean", "es") == "sí"
    assert data_cell("01", "string", "es") == "01"
    assert data_cell("", "number", "es") == ""


@pytest.mark.parametrize("lang", LANGS)
def test_every_column_has_a_title_in_the_readers_language_not_its_name(lang):
    for name in table_names():
        titles = column_titles(name, lang)
        assert list(titles) == list(read_table(name).columns)
        assert not [title for title in titles.values() if SNAKE.match(title)], name
    assert column_titles("areas_official", "es")["area_km2"] == "Superficie (km²)"


def test_the_areas_table_reads_in_spanish():
    headers, rows = table_cells("areas_official", "es")
    assert headers[:3] == ("Código del departamento", "Departamento", "Superficie (km²)")
    areas = {row[1]: row[2] for row in rows}
    assert areas["Amazonas"] == "39.249,13"


def test_the_data_page_opens_on_the_complaints_by_department_in_both_editions():
    for lang in LANGS:
        assert data_page(lang).tables[0].name == FIRST_TABLE == "complaints_by_judicial_department"
    at = run_app({"lang": "es"}, "app_pages/data_page.py")
    assert at.selectbox(key="table").value == FIRST_TABLE


def test_the_live_data_page_shows_the_dictionarys_titles_and_the_readers_numbers():
    at = run_app({"lang": "es", "table": "areas_official"}, "app_pages/data_page.py")
    grid = at.main.get("dataframe")[0].value
    assert list(grid.columns) == list(column_titles("areas_official", "es").values())
    assert "39.249,13" in set(grid.to_numpy().ravel())
    assert not [c for c in grid.columns if SNAKE.match(str(c))]


def test_the_static_data_page_shows_the_tables_rows_in_the_readers_format(built_site):
    html = (built_site / "es" / "data.html").read_text(encoding="utf-8")
    assert '<th scope="col">Superficie (km²)</th>' in html and "<td>39.249,13</td>" in html
    first = html.index("<details class='data-table' open")
    assert html.index(f'data-table="{FIRST_TABLE}"') > first
    assert "area_km2</th>" not in html


# --- the data package's README -----------------------------------------------------------------


@pytest.mark.parametrize(("lang", "name"), [("es", "LEAME.txt"), ("en", "README.txt")])
def test_the_package_has_a_readers_readme_in_each_language(lang, name):
    from geo.package import PACKAGE_NAME, package_zip

    with zipfile.ZipFile(io.BytesIO(package_zip())) as archive:
        text = archive.read(f"{PACKAGE_NAME}/{name}").decode("utf-8")
    assert text.startswith(t("package.readme.title", lang))
    for table in table_names():
        assert f"- {table}.csv: " in text
    assert t("data.citation_text", lang) in text
    assert t("package.readme.file.departments_geojson", lang) in text
    assert t("package.readme.source", lang, sources="").strip() in text


# --- the map's scale, quotes -------------------------------------------------------------------


def test_both_maps_show_a_scale_in_kilometres_only():
    from geo.views import MapView, interactive_map, prepare_map

    assert SCALE["imperial"] is False and map_rules()["scale"] == SCALE
    html = interactive_map(prepare_map(MapView(routes=tuple(ROUTE_IDS)))).get_root().render()
    assert '"imperial": false' in html
    assert "L.control.scale().addTo" not in html  # folium's own: miles and kilometres
    script = (ROOT / "geo/site/assets/atlas-map.js").read_text(encoding="utf-8")
    assert "L.control.scale(rules().scale)" in script


def _spanish_texts() -> dict[str, str]:
    """Every Spanish text a reader can meet: the catalogue, the story, the data's Spanish columns."""
    from geo.pages.story import story_page

    texts = {f"po:{key}": value for key, value in catalogue("es").items()}
    for slide in story_page("es").slides:
        for i, text in enumerate((slide.title, slide.body, slide.note, *slide.items)):
            texts[f"story {slide.number}.{i}"] = text or ""
    for name in table_names():
        frame = read_table(name)
        for column in [c for c in frame.columns if c.endswith("_es")]:
            for i, value in enumerate(frame[column]):
                texts[f"{name}.{column}[{i}]"] = str(value)
    return texts


def test_spanish_quotes_are_angle_quotes():
    wrong = {k: v for k, v in _spanish_texts().items() if re.search(r"[“”]|\"\w", v)}
    assert not wrong, f'Spanish text quoting with “…” or "…" instead of «…»: {wrong}'


# --- the smaller points ------------------------------------------------------------------------


def test_the_live_story_buttons_carry_one_arrow_each_their_shortcut():
    at = run_app({"lang": "es", "step": "2"}, "app_pages/story_page.py")
    for key, shortcut in (("story_prev", "left"), ("story_next", "right")):
        button = at.button(key=key).proto
        # Streamlit draws the shortcut as an arrow after the label: an icon would be a second one
        assert button.shortcut.lower() == shortcut and not button.icon, key


def _ink_box(png: bytes, rows: int | None = None) -> tuple[int, int]:
    """(left, top) of the first pixel that is not the background, in the PNG's pixels (in its
    first ``rows`` rows only, with ``rows``)."""
    from PIL import Image, ImageChops

    image = Image.open(io.BytesIO(png)).convert("RGB")
    if rows is not None:
        image = image.crop((0, 0, image.width, rows))
    background = Image.new("RGB", image.size, image.getpixel((0, 0)))
    box = ImageChops.difference(image, background).getbbox()
    assert box is not None
    return box[0], box[1]


@pytest.mark.parametrize("chart_id", ["purposes", "age_groups", "justice_funnel"])
def test_a_press_kit_chart_has_its_title_24_px_from_the_edges(chart_id):
    from geo.charts import figure_png

    png = figure_png(chart_id, "es", scale=1)
    _, top = _ink_box(png)
    left, _ = _ink_box(png, rows=top + 40)  # the title's first line
    assert left >= 24 and top >= 24, (left, top)


def test_the_readme_gives_the_iframe_codes_heights():
    from geo.urls import CHART_IFRAME_HEIGHT, MAP_IFRAME_HEIGHT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    stated = re.search(r"(\d+) px for a map, (\d+) px for a chart", readme)
    assert stated is not None
    assert (int(stated[1]), int(stated[2])) == (MAP_IFRAME_HEIGHT, CHART_IFRAME_HEIGHT)


def test_svg_city_labels_stay_text():
    import xml.etree.ElementTree as ET

    from geo.static_map import static_map
    from geo.views import MapView, prepare_map

    prepared = prepare_map(MapView(routes=tuple(ROUTE_IDS), lang="es"))
    root = ET.fromstring(static_map(prepared, "svg"))
    texts = {"".join(el.itertext()).strip() for el in root.iter("{http://www.w3.org/2000/svg}text")}
    places = set(prepared.places["place"])
    assert places and places <= texts, sorted(places - texts)
