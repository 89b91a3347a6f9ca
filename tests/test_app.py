"""AppTest of the app: every page in both languages, the map's controls and URL, the story's steps.

AppTest cannot look inside the map's iframe, so the map is checked through what the page sends to
it: the script of the streamlit_folium component, or the HTML of the story's fixed map.
"""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

import pytest
from markupsafe import escape
from streamlit.testing.v1 import AppTest

from geo import layers
from geo.i18n import catalogue, format_number, t
from geo.names import department_names
from geo.routes import ROUTE_IDS
from geo.safety import escape_html
from geo.story import STEP_COUNT, story_step
from geo.tables import read_table
from ui.live_map import REST_KEY
from ui.view_table import TABS_KEY

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app.py"
PAGES = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "app_pages").glob("*_page.py"))
STORY = "app_pages/story_page.py"
TIMEOUT = 30  # the first run imports and prepares everything; later runs hit the caches
LANGS = ("es", "en")
# AppTest formats widget values outside a script run, and Streamlit warns at every such call.
logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").setLevel(logging.ERROR)


def run_app(
    params: dict[str, str] | None = None, page: str | None = None, **context: object
) -> AppTest:
    """A fresh session opened on ``page`` (default: the map) with the URL parameters ``params``.

    ``context`` is what the browser reports (``st.context``): ``is_embedded``, ``url``, ``locale``.
    """
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.context.update(context)
    at.query_params.update(params or {})
    at.run()
    if (page is None or page == "app_pages/map_page.py") and not context.get("is_embedded"):
        at.run()  # the run the drawn map asks for in a browser (ui.live_map.REST_JS): profile, downloads
    if page is not None and page != "app_pages/map_page.py":
        # AppTest's switch_page keeps the query string, as a shared link to the page would have it
        at.query_params.update(params or {})
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def folium_script(at: AppTest) -> str:
    """What the map page sends to its streamlit_folium component (the map's script, as JSON)."""
    maps = [
        el
        for el in at.main.get("component_instance")
        if el.proto.component_name.endswith("st_folium")
    ]
    assert len(maps) == 1, "expected one streamlit_folium map on the page"
    return json.loads(maps[0].proto.json_args)["script"]


MAP_STEPS = [n for n in range(1, STEP_COUNT + 1) if story_step(n, "en").view is not None]


def shown_story_map(at: AppTest) -> int | None:
    """The step whose map the story page shows (the others' frames are kept, hidden), or None."""
    shown = [
        n for n in MAP_STEPS for h in at.get("html") if f".st-key-story_map_{n} " in h.proto.body
    ]
    assert len(shown) <= 1, f"more than one story map shown: {shown}"
    return shown[0] if shown else None


def story_iframe(at: AppTest, number: int):
    """The frame of step ``number``'s map: the map steps so far have one each, in order."""
    frames = at.main.get("iframe")
    index = MAP_STEPS.index(number)
    assert len(frames) > index, "expected a kept frame for each map step up to this one"
    assert shown_story_map(at) == number
    return frames[index].proto


def drawn(text: str, page: str) -> bool:
    """True when the map's page or script carries ``text`` (HTML-escaped, maybe inside JSON).

    Tooltips are escaped by geo.safety.escape_html, the map's boxes by their template (markupsafe:
    ``&#39;`` for ``'``): either spelling counts.
    """
    for escaped in (escape_html(text), str(escape(text))):
        if escaped in page or json.dumps(escaped)[1:-1] in page:
            return True
    return False


def go_to(at: AppTest, page: str, **params: str) -> AppTest:
    """Open another page of the same session as the sidebar does: with only ``params`` in the URL."""
    at.query_params.clear()
    at.query_params.update(params)
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def plain(text: str) -> str:
    """Text shown through markdown, with its escaping backslashes removed."""
    return text.replace("\\", "")


# --- every page ---------------------------------------------------------------------------------


def test_the_app_has_pages_to_test():
    assert "app_pages/map_page.py" in PAGES and STORY in PAGES


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_without_exception_in_both_languages(page, lang):
    at = run_app({"lang": lang}, page)
    assert at.session_state["lang"] == lang
    assert at.query_params["lang"] == lang
    assert t("app.sidebar_note", lang) in [c.value for c in at.sidebar.caption]
    shown = [el for el in at.main if type(el).__name__ != "SpecialBlock"]
    assert shown, f"{page} showed nothing"
    if page != "app_pages/map_page.py":  # switch_page really left the map page
        with pytest.raises(KeyError):
            at.segmented_control(key="layer")


# --- the map page -------------------------------------------------------------------------------
# Widgets are changed in Spanish: the map's format_func read the language from session state,
# which AppTest cannot reach when it serialises a value between runs, so it formats in Spanish.


def test_map_controls_write_the_url():
    at = run_app()
    at.segmented_control(key="layer").set_value("origin").run()
    assert at.query_params["layer"] == "origin"
    at.segmented_control(key="measure").set_value("per_100k").run()
    assert at.query_params["measure"] == "per_100k"
    at.pills(key="routes").set_value(["south_sierra", "lima"]).run()
    assert sorted(at.query_params["routes"].split(",")) == ["lima", "south_sierra"]
    at.selectbox(key="dept").set_value("17").run()
    assert at.query_params["dept"] == "17"
    assert not at.exception


def test_map_controls_change_what_the_map_draws():
    at = run_app()
    routes = read_table("routes")
    names = dict(zip(routes["route_id"], routes["name_es"], strict=True))
    at.pills(key="routes").set_value(["lima"]).run()
    script = folium_script(at)
    assert drawn(names["lima"], script) and not drawn(names["north_coast"], script)
    at.segmented_control(key="layer").set_value("poverty").run()
    assert drawn(t("layer.poverty.title", "es"), folium_script(at))


def test_choosing_the_poverty_layer_forces_the_percentage_measure():
    at = run_app({"layer": "complaints", "measure": "per_100k"})
    assert at.segmented_control(key="measure").value == "per_100k"
    at.segmented_control(key="layer").set_value("poverty").run()
    assert at.session_state["measure"] == "pct"
    assert at.segmented_control(key="measure").value == "pct"
    assert at.query_params["measure"] == "pct"
    assert at.segmented_control(key="measure").options == [t("measure.pct", "es")]


def test_url_parameters_set_the_view_and_open_the_department_profile():
    code = "17"
    at = run_app({"lang": "en", "layer": "origin", "measure": "per_100k", "dept": code})
    assert at.segmented_control(key="layer").value == "origin"
    assert at.segmented_control(key="measure").value == "per_100k"
    assert at.selectbox(key="dept").value == code
    assert [s.value for s in at.subheader] == [department_names()[code]]
    complaints = layers.layer_values("complaints", "count").set_index("department_code")
    rates = layers.layer_values("complaints", "per_100k").set_index("department_code")
    metrics = [m.value for m in at.metric]
    assert format_number(complaints.loc[code, "value"], 0, "en") in metrics
    assert format_number(rates.loc[code, "value"], 1, "en") in metrics
    script = folium_script(at)
    assert drawn(t("layer.origin.title", "en"), script)
    assert len(re.findall(r'"selected":\s*true', script)) == 1


def test_a_first_drawing_of_the_map_page_is_the_map_and_the_drawn_map_asks_for_the_rest():
    """A session's first run sends the controls and the map, whose script asks for the rest once
    drawn; the next run adds the profile's list and the downloads to the same map."""
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.query_params.update({"lang": "es", "dept": "17"})
    at.run()
    first = folium_script(at)
    assert "setComponentValue" in first and REST_KEY in first
    assert not at.get("download_button") and not at.selectbox and not at.subheader
    assert at.query_params["dept"] == "17"
    at.run()  # what the map's report starts in a browser
    assert folium_script(at) == first  # the same map, so its frame stays as it is
    # the map's six downloads; the table tab is drawn only once it is opened (ui.view_table)
    assert len(at.get("download_button")) == 6 and not at.get("dataframe")
    assert at.selectbox(key="dept").value == "17"
    assert [s.value for s in at.subheader] == [department_names()["17"]]
    assert at.query_params["dept"] == "17"
    at.session_state[TABS_KEY] = t("map.tab.table", "es")  # what a click on the tab asks for
    at.run()
    assert len(at.get("dataframe")) == 1 and len(at.get("download_button")) == 7
    assert folium_script(at) == first and at.query_params["dept"] == "17"


def test_the_open_table_tab_stays_open_in_the_other_language_and_the_map_tab_closes_it():
    at = run_app({"lang": "es", "layer": "origin"})
    at.session_state[TABS_KEY] = t("map.tab.table", "es")
    at.run()
    assert [grid.value.columns[1] for grid in at.get("dataframe")] == [
        t("measure.count.origin", "es")
    ]
    at.sidebar.segmented_control(key="lang").set_value("en").run()
    assert at.session_state[TABS_KEY] == t("map.tab.table", "en")
    assert [grid.value.columns[1] for grid in at.get("dataframe")] == [
        t("measure.count.origin", "en")
    ]
    at.session_state[TABS_KEY] = t("map.tab.map", "en")
    at.run()
    assert not at.get("dataframe") and not at.exception


def test_the_map_page_opens_on_its_map_again_after_another_page():
    at = run_app({"lang": "es"})
    at.session_state[TABS_KEY] = t("map.tab.table", "es")
    at.run()
    assert at.get("dataframe")
    go_to(at, "app_pages/overview_page.py", lang="es")
    go_to(at, "app_pages/map_page.py")  # the sidebar's link: the map first, as on a first visit
    at.run()  # the run a drawn map asks for
    assert at.session_state[TABS_KEY] == t("map.tab.map", "es") and not at.get("dataframe")


def test_routes_none_in_the_url_draws_no_route():
    names = list(read_table("routes")["name_en"])
    at = run_app({"lang": "en", "routes": "none"})
    assert at.session_state["routes"] == []
    assert at.query_params["routes"] == "none"
    script = folium_script(at)
    assert not [name for name in names if drawn(name, script)]
    every = run_app({"lang": "en", "routes": ",".join(ROUTE_IDS)})
    assert all(drawn(name, folium_script(every)) for name in names)


def test_invalid_map_parameters_fall_back_to_the_defaults():
    at = run_app(
        {"layer": "bogus", "measure": "nope", "routes": "nowhere", "dept": "99", "lang": "xx"}
    )
    assert at.session_state["layer"] == "complaints"
    assert at.session_state["measure"] == layers.default_measure("complaints")
    assert at.session_state["routes"] == list(ROUTE_IDS)
    assert at.session_state["dept"] is None
    assert at.session_state["lang"] in LANGS
    assert at.query_params["layer"] == "complaints"
    assert "dept" not in at.query_params


def test_map_choices_are_kept_across_pages():
    at = run_app({"lang": "es"})
    at.segmented_control(key="layer").set_value("origin").run()
    at.segmented_control(key="measure").set_value("per_100k").run()
    at.pills(key="routes").set_value(["lima"]).run()
    go_to(at, "app_pages/overview_page.py", lang="es")
    go_to(at, "app_pages/map_page.py")  # the sidebar's link: no view in the URL
    assert at.segmented_control(key="layer").value == "origin"
    assert at.segmented_control(key="measure").value == "per_100k"
    assert at.pills(key="routes").value == ["lima"]
    assert drawn(t("layer.origin.title", "es"), folium_script(at))
    assert (at.query_params["layer"], at.query_params["routes"]) == ("origin", "lima")


def test_a_link_with_a_view_wins_over_the_choices_kept_for_the_session():
    at = run_app({"lang": "es"})
    at.segmented_control(key="layer").set_value("origin").run()
    go_to(at, "app_pages/overview_page.py", lang="es")
    go_to(at, "app_pages/map_page.py", lang="es", layer="poverty")
    assert at.segmented_control(key="layer").value == "poverty"
    assert at.session_state["measure"] == "pct"
    assert drawn(t("layer.poverty.title", "es"), folium_script(at))


def test_the_url_goes_back_to_an_earlier_view():
    """Back in the browser gives the session an address it wrote before: that view is shown."""
    at = run_app({"lang": "es", "layer": "complaints"})
    at.segmented_control(key="layer").set_value("origin").run()
    assert at.query_params["layer"] == "origin"
    at.query_params["layer"] = "complaints"  # what Back does to the address
    at.run()
    assert at.segmented_control(key="layer").value == "complaints"
    assert drawn(t("layer.complaints.title", "es"), folium_script(at))


def test_the_chosen_layer_and_measure_cannot_be_unselected():
    at = run_app({"lang": "en"})
    for key in ("layer", "measure"):
        assert at.segmented_control(key=key).proto.required
    assert at.sidebar.segmented_control(key="lang").proto.required


UPLOAD = b"department,alpha,beta\nCusco,1,10\nLima,2,20\nPuno,3,30\n"


def test_the_upload_column_chosen_on_the_data_page_stays_on_the_map():
    """The column's list is not drawn on the map page; its choice must hold there, run after run."""
    at = run_app({"lang": "es", "tab": "upload"}, "app_pages/data_page.py")
    at.file_uploader(key="upload_file").upload("mine.csv", UPLOAD, "text/csv").run()
    assert not at.exception
    at.selectbox(key="upload_column").set_value("beta").run()
    go_to(at, "app_pages/map_page.py", layer="upload", lang="es")
    beta = t("layer.upload.title", "es", name="beta")
    assert drawn(beta, folium_script(at))
    at.run()  # any later run: a click elsewhere, a route switched on
    assert drawn(beta, folium_script(at))
    at.pills(key="routes").set_value(["lima"]).run()
    assert drawn(beta, folium_script(at))
    go_to(at, "app_pages/data_page.py", lang="es", tab="upload")
    assert at.selectbox(key="upload_column").value == "beta"


# --- embedding ----------------------------------------------------------------------------------


def test_an_embedded_map_shows_the_map_alone():
    at = run_app({"lang": "en", "layer": "origin"}, is_embedded=True)
    assert drawn(t("layer.origin.title", "en"), folium_script(at))
    assert "setComponentValue" not in folium_script(at)  # nothing follows the map: it asks nothing
    assert not at.title and not at.sidebar.segmented_control
    with pytest.raises(KeyError):
        at.segmented_control(key="layer")
    assert at.query_params["lang"] == "en"


def test_the_embed_code_is_the_map_view_last_shown():
    base = "https://atlas.example.org/peru/"
    at = run_app({"lang": "es"}, url=base)
    at.segmented_control(key="layer").set_value("origin").run()
    at.pills(key="routes").set_value([]).run()
    go_to(at, "app_pages/data_page.py", lang="es", tab="cite")
    at.context["url"] = base + "data"
    at.run()
    codes = [c.value for c in at.code]
    map_src = f"{base}?embed=true&amp;lang=es&amp;layer=origin&amp;measure=count&amp;routes=none"
    assert any(f'src="{map_src}"' in c for c in codes), codes
    chart_src = f"{base}overview?embed=true&amp;chart=purposes&amp;lang=es"
    assert any(f'src="{chart_src}"' in c for c in codes), codes


# --- the story page -----------------------------------------------------------------------------


def assert_shows_step(at: AppTest, number: int, lang: str) -> None:
    step = story_step(number, lang)
    assert [plain(x.value) for x in at.title] == [step.title]
    assert plain(step.body) in [plain(m.value) for m in at.markdown]
    assert at.query_params["step"] == str(number)
    indicator = t("story.indicator", lang, step=number, total=STEP_COUNT)
    assert indicator in at.get("progress")[0].proto.text
    assert at.button(key="story_prev").disabled == (number == 1)
    assert at.button(key="story_next").disabled == (number == STEP_COUNT)
    if step.view is not None:
        html = story_iframe(at, number).srcdoc
        assert drawn(t(f"layer.{step.view.layer}.title", lang), html)
        assert '"dragging": false' in html and '"scrollWheelZoom": false' in html
    else:
        assert shown_story_map(at) is None


@pytest.mark.parametrize("lang", LANGS)
def test_story_walks_every_step_with_the_next_and_previous_buttons(lang):
    at = run_app({"lang": lang}, STORY)
    assert_shows_step(at, 1, lang)
    for number in range(2, STEP_COUNT + 1):
        at.button(key="story_next").click().run()
        assert not at.exception
        assert_shows_step(at, number, lang)
    at.button(key="story_prev").click().run()
    assert_shows_step(at, STEP_COUNT - 1, lang)


@pytest.mark.parametrize("lang", LANGS)
def test_story_steps_open_from_their_links(lang):
    for number in range(1, STEP_COUNT + 1):
        if number in (1, STEP_COUNT):  # a fresh session, as a shared link opens
            at = run_app({"lang": lang, "step": str(number)}, STORY)
        else:  # the URL edited in an open session
            at.query_params["step"] = str(number)
            at.run()
            assert not at.exception
        assert_shows_step(at, number, lang)
        invalid = catalogue(lang)["story.invalid_step"].split("{value}")[0]
        assert not [i for i in at.info if plain(i.value).startswith(invalid)]


def test_the_routes_step_draws_every_route_and_the_complaints_step_none():
    names = list(read_table("routes")["name_en"])
    at = run_app({"lang": "en", "step": "5"}, STORY)
    assert story_step(5, "en").step_id == "routes"
    html = story_iframe(at, 5).srcdoc
    assert all(drawn(name, html) for name in names)
    at.query_params["step"] = "3"
    at.run()
    assert not [name for name in names if drawn(name, story_iframe(at, 3).srcdoc)]


def test_story_builds_its_maps_one_step_ahead_and_keeps_them():
    first = MAP_STEPS[0]
    at = run_app({"lang": "en", "step": str(first - 2)}, STORY)
    assert not at.main.get("iframe"), "a map built before the step ahead needs it"
    at.button(key="story_next").click().run()  # the step before the first map: its map waits
    assert len(at.main.get("iframe")) == 1 and shown_story_map(at) is None
    at.button(key="story_next").click().run()
    assert story_iframe(at, first)
    at.button(key="story_prev").click().run()  # back: the frame stays, hidden
    assert len(at.main.get("iframe")) == 2 and shown_story_map(at) is None


@pytest.mark.parametrize("raw", ["abc", "0", "9", "-1", "2.5"])
def test_an_invalid_story_step_shows_the_first_with_a_gentle_message(raw):
    at = run_app({"lang": "en", "step": raw}, STORY)
    assert_shows_step(at, 1, "en")
    message = t("story.invalid_step", "en", value=raw, first=1, total=STEP_COUNT)
    assert message in [plain(i.value) for i in at.info]
    at.button(key="story_next").click().run()  # the message goes once the presenter moves on
    assert_shows_step(at, 2, "en")
    assert message not in [plain(i.value) for i in at.info]


def test_the_conclusions_step_lists_the_report_conclusions_in_the_chosen_language():
    table = read_table("conclusions").sort_values("number")
    for lang in LANGS:
        at = run_app({"lang": lang, "step": str(STEP_COUNT)}, STORY)
        shown = plain("\n".join(m.value for m in at.markdown))
        assert all(text in shown for text in table[f"text_{lang}"])
        other = "en" if lang == "es" else "es"
        assert not [text for text in table[f"text_{other}"] if text in shown]
        assert plain(t("story.conclusions.note", lang)) in [plain(i.value) for i in at.info]


def _presenting(at) -> bool:
    """Whether the page draws the presentation mode's style (the sidebar hidden)."""
    from ui.story import PRESENT_CSS

    return any(h.proto.body == PRESENT_CSS for h in at.get("html"))


def test_presentation_mode_opens_from_its_link_and_its_key_and_stays_in_the_address():
    at = run_app({"lang": "en", "step": "5", "present": "1"}, STORY)
    assert_shows_step(at, 5, "en")
    assert _presenting(at) and at.query_params["present"] == "1"
    at.button(key="story_next").click().run()  # a step on keeps the mode
    assert _presenting(at) and at.query_params["present"] == "1"
    at.button(key="story_key_present").click().run()  # the P key's button: the mode ends
    assert not _presenting(at) and "present" not in at.query_params
    assert at.query_params["step"] == "6"
    at.button(key="story_key_present").click().run()
    assert _presenting(at) and at.query_params["present"] == "1"
    plain_run = run_app({"lang": "es", "step": "2"}, STORY)
    assert not _presenting(plain_run) and "present" not in plain_run.query_params
    hint = t("story.present_hint", "es", param="?present=1")
    assert hint in [plain(c.value) for c in plain_run.sidebar.get("caption")]


def test_the_story_page_presses_the_button_of_each_key_a_map_frame_hands_it():
    """A key pressed after a click in a story map reaches the page (geo.story.STORY_MAP_JS posts
    it; ui.story.KEYS_JS presses the button that key presses): every key the story answers."""
    from ui.story import KEY_BUTTONS

    at = run_app({"lang": "en", "step": "5"}, STORY)
    scripts = [h.proto.body for h in at.get("html") if "atlasStoryKey" in h.proto.body]
    assert len(scripts) == 1
    buttons = json.loads(re.search(r"var BUTTONS = (\{.*?\});", scripts[0]).group(1))
    assert buttons["ArrowRight"] == "story_next" and buttons["ArrowLeft"] == "story_prev"
    assert buttons[" "] == "story_key_space" and buttons["p"] == "story_key_present"
    assert {key for key, _shortcut, _delta in KEY_BUTTONS} <= set(buttons.values())
    for key in buttons.values():
        assert at.button(key=key) is not None
    frame = story_iframe(at, 5).srcdoc
    for key in buttons:
        assert json.dumps(key) in frame or f"'{key}'" in frame, key
    assert "window.parent.postMessage({atlasStoryKey: event.key}" in frame


def test_switching_language_keeps_the_story_step():
    at = run_app({"lang": "es", "step": "4"}, STORY)
    assert_shows_step(at, 4, "es")
    at.sidebar.segmented_control(key="lang").set_value("en").run()
    assert not at.exception
    assert at.query_params["lang"] == "en"
    assert_shows_step(at, 4, "en")


@pytest.mark.parametrize("lang", LANGS)
def test_missing_leaflet_files_are_named_with_the_fix_instead_of_a_blank_map(
    lang, tmp_path, monkeypatch
):
    """Without the installed Leaflet files the page says so and how to install them."""
    import geo.paths

    monkeypatch.setattr(geo.paths, "LEAFLET_DIR", tmp_path / "no-leaflet")
    at = run_app({"lang": lang})
    assert [e.value for e in at.error] == [t("map.assets_missing", lang)]
    assert not [
        el
        for el in at.main.get("component_instance")
        if el.proto.component_name.endswith("st_folium")
    ]


def test_the_upload_chart_labels_whole_numbers_without_decimals():
    """The chart takes the layer's decimals (53, not 53.0), as its map and legend do."""
    at = run_app({"lang": "es", "tab": "upload"}, "app_pages/data_page.py")
    data = b"departamento,casos\nCusco,53\nPuno,7\n"
    at.file_uploader(key="upload_file").upload("casos.csv", data, "text/csv").run()
    assert not at.exception
    (chart,) = at.get("plotly_chart")
    labels = json.loads(chart.proto.spec)["data"][0]["text"]
    assert labels == ["53", "7"], labels
