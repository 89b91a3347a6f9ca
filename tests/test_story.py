"""The story's steps: figures from the data tables, both languages, step links, the fixed map."""

import re

import pytest

import geo.story as story
from geo.i18n import LANGUAGES, catalogue, format_number
from geo.story import STEP_COUNT, STEPS, conclusions, month_year, parse_step, story_step
from geo.tables import read_table


@pytest.mark.parametrize("raw", ["1", "8", " 3 "])
def test_a_step_number_in_range_is_valid(raw):
    assert parse_step(raw) == (int(raw), True)


@pytest.mark.parametrize("raw", ["0", "9", "-1", "2.5", "abc", "", "٣", "1e0", "+2"])
def test_an_invalid_step_falls_back_to_the_first_and_says_so(raw):
    assert parse_step(raw) == (1, False)


def test_no_step_parameter_is_the_first_step():
    assert parse_step(None) == (1, True)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_step_has_a_title_a_text_and_one_visual_or_a_list(lang):
    steps = [story_step(n, lang) for n in range(1, STEP_COUNT + 1)]
    assert [s.step_id for s in steps] == list(STEPS) and len(steps) == 8
    for step in steps:
        assert step.title.strip() and step.body.strip()
        visuals = [v for v in (step.chart, step.view) if v is not None]
        assert len(visuals) == 1 or (not visuals and step.items), step.step_id
        if step.view is not None:
            assert step.view.lang == lang


def test_the_steps_show_the_findings_the_brief_names():
    by_id = {story_step(n, "en").step_id: story_step(n, "en") for n in range(1, STEP_COUNT + 1)}
    assert by_id["scale"].chart == "purposes"
    assert by_id["victims"].chart == "age_groups"
    assert by_id["complaints"].view.layer == "complaints" and not by_id["complaints"].view.routes
    assert by_id["origin"].view.layer == "origin"
    assert set(by_id["routes"].view.routes) == set(read_table("routes")["route_id"])
    assert by_id["poverty"].view.layer == "poverty" and by_id["poverty"].view.measure == "pct"
    assert "total poverty" in by_id["poverty"].note
    assert by_id["justice"].chart == "justice_funnel"


def test_step_texts_quote_the_tables_figures():
    justice = read_table("justice").set_index("indicator_id")["value"]
    body = story_step(STEPS.index("justice") + 1, "en").body
    for key in (
        "cases_investigated",
        "cases_brought_to_judiciary",
        "traffickers_convicted",
        "last_year_cases_registered",
        "last_year_convictions",
    ):
        assert format_number(justice[key], 0, "en") in body
    ages = read_table("reta_women_victims_by_age").set_index("age_group")["victims"]
    assert format_number(ages["all"], 0, "es") in story_step(2, "es").body


def test_a_changed_table_changes_the_step_text(monkeypatch):
    """No figure is written into the strings: the text follows the data file."""
    original = story.read_table

    def patched(name):
        table = original(name)
        if name == "reta_purposes":
            table = table.copy()
            table.loc[table["purpose_id"] == "all", "complaints"] = 777
        return table

    monkeypatch.setattr(story, "read_table", patched)
    step = story_step(1, "en")
    assert "777" in step.title and "777" in step.body
    assert "500" not in step.title


def test_story_strings_hold_no_figures_of_their_own():
    story_keys = {
        k: {lg: catalogue(lg)[k] for lg in LANGUAGES}
        for k in catalogue("es")
        if k.startswith("story.")
    }
    assert story_keys, "the catalogue has no story strings"
    for key, texts in story_keys.items():
        for lang, text in texts.items():
            outside = re.sub(r"{\w+}", "", text)
            assert not re.search(r"\d", outside), f"{key} ({lang}) writes a figure: {text!r}"


def test_conclusions_follow_the_language_and_the_table():
    table = read_table("conclusions").sort_values("number")
    assert conclusions("en") == list(table["text_en"])
    assert conclusions("es") == list(table["text_es"])
    assert story_step(STEP_COUNT, "es").items == tuple(table["text_es"])
    assert "traducción" in story_step(STEP_COUNT, "es").note.lower()


def test_months_are_written_in_the_language():
    assert month_year("2004-01", "es") == "enero de 2004"
    assert month_year("2011-07", "en") == "July 2011"


@pytest.mark.parametrize("bad", ["2004", "2004-13", "enero"])
def test_a_period_that_is_not_a_month_is_an_error_naming_it(bad):
    with pytest.raises(ValueError, match=re.escape(repr(bad))):
        month_year(bad, "es")


@pytest.mark.parametrize("bad", [0, 9, "2", True])
def test_a_step_out_of_range_is_an_error(bad):
    with pytest.raises(ValueError, match="expected 1 to 8"):
        story_step(bad, "es")


def test_the_story_map_cannot_be_panned_or_zoomed():
    view = story_step(STEPS.index("routes") + 1, "en").view
    html = story.story_map_html(view)
    for option in (
        "dragging",
        "scrollWheelZoom",
        "doubleClickZoom",
        "touchZoom",
        "boxZoom",
        "keyboard",
    ):
        assert f'"{option}": false' in html
    assert ".leaflet-control-zoom{display:none}" in html
    assert "fitBounds" in html


def test_a_story_map_is_framed_beside_its_boxes_in_type_a_room_reads_and_hands_on_keys():
    """The story map's legend and source at 14 px or more (16 px in a projector-size frame),
    Peru framed right of them and below the title, the presenter's keys handed to the page."""
    view = story_step(STEPS.index("routes") + 1, "en").view
    html = story.story_map_html(view)
    assert ".leaflet-container .atlas-source{font-size:14px}" in html
    sizes = [float(x) for x in re.findall(r"font-size:([0-9.]+)px", story.FIXED_MAP_CSS)]
    assert min(sizes) >= 14, sizes
    assert "offsetLeft + b.offsetWidth" in html and "paddingTopLeft: [left + 10, top + 6]" in html
    assert "map.on('resize', soon)" in html and "addEventListener('toggle', soon, true)" in html
    assert "window.parent.postMessage({atlasStoryKey: event.key}, '*')" in html


def test_the_interactive_map_stays_pannable():
    """The fixed framing is the story's alone: the map page's map keeps its handlers."""
    from geo.views import interactive_map, prepare_map

    view = story_step(STEPS.index("origin") + 1, "es").view
    html = interactive_map(prepare_map(view)).get_root().render()
    assert '"dragging": false' not in html


def test_the_poverty_step_names_the_lowest_and_highest_rate():
    poverty = read_table("poverty_2010_as_cited")
    low = poverty.loc[poverty["poverty_rate_pct"].idxmin()]
    high = poverty.loc[poverty["poverty_rate_pct"].idxmax()]
    body = story_step(STEPS.index("poverty") + 1, "en").body
    assert f"{format_number(low['poverty_rate_pct'], 1, 'en')}% in {low['department']}" in body
    assert f"{format_number(high['poverty_rate_pct'], 1, 'en')}% in {high['department']}" in body


# --- figures a finding disputes -----------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_step_states_a_figure_a_finding_disputes_without_the_findings_note(lang):
    """81.6 % is no whole number of the 366 victims: a step that quotes it carries the question."""
    from geo.messages import render
    from geo.quality import findings

    steps = [story_step(n, lang) for n in range(1, STEP_COUNT + 1)]
    quoted = 0
    for f in findings():
        for figure in f.disputed:
            shown = render(figure, lang)
            for step in steps:
                if shown in step.title + step.body + " ".join(step.items):
                    quoted += 1
                    assert f.brief(lang) in step.note, (f.finding_id, step.step_id, shown)
    assert quoted >= 2  # 81.6 % (victims) and 59.44 % (scale) are quoted


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_step_carries_the_note_of_every_finding_that_names_its_words(lang):
    from geo.quality import findings

    by_key = {f"story.{s}.body": n for n, s in enumerate(STEPS, start=1)}
    named = [(f, key) for f in findings() for key in f.quoted_in if key in by_key]
    assert {f.finding_id for f, _ in named} >= {
        "observatorio_totals:female_victims_share",
        "routes:lima_main_destination",
        "justice:last_year_share",
    }
    for f, key in named:
        assert f.brief(lang) in story_step(by_key[key], lang).note, (f.finding_id, key)


def test_the_female_share_is_the_reports_word_not_the_atlass():
    for lang, says in (("en", "the report says"), ("es", "el informe dice")):
        assert says in story_step(STEPS.index("victims") + 1, lang).body


@pytest.mark.parametrize("lang", LANGUAGES)
def test_small_counts_are_words_in_the_steps(lang):
    six = {"en": "six", "es": "seis"}[lang]
    origin = story_step(STEPS.index("origin") + 1, lang)
    routes = story_step(STEPS.index("routes") + 1, lang)
    assert f"{six} " in origin.body and f"{six} " in routes.title
    assert not re.search(r"\b6 (departments|departamentos|routes|rutas)", origin.body + routes.body)
