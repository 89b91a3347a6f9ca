"""geo.quality: the report's figures against its own counts and sources, each finding at its weight.

Every expected number here is computed from the data tables (the report's figures as transcribed),
not copied from the findings' wording.
"""

from __future__ import annotations

import math
import re

import pytest

from geo.i18n import LANGUAGES, catalogue, format_number, format_percent, t
from geo.messages import Message, Number
from geo.names import UnknownDepartmentError, department_names
from geo.quality import (
    CHECK,
    ERROR,
    HOW_TO_READ,
    KINDS,
    QUESTION,
    Finding,
    findings,
    findings_for_department,
    findings_sections,
    findings_table,
    kind_label,
)
from geo.quality.checks import explains, reproduces, stated_decimals, whole_counts
from geo.quality.shares import Row, listed_share
from geo.tables import read_provenance, read_table, read_table_text

TOP_TABLES = {
    # table: (count column, total indicator in observatorio_totals)
    "complaints_by_judicial_department": ("complaints", "complaints"),
    "victims_by_origin": ("victims", "victims"),
}

# Every finding the report's tables give, with its kind. A finding that appears, disappears or
# changes kind fails here first.
EXPECTED_KINDS = {
    "poverty_2010_as_cited:total_not_extreme": ERROR,
    "reta_purposes:implied_total": ERROR,
    "reta_purposes:child_begging": ERROR,
    "victims_by_origin:08": ERROR,
    "complaints_by_judicial_department:how_to_read": HOW_TO_READ,
    "complaints_by_judicial_department:lima_per_100k": HOW_TO_READ,
    "victims_by_origin:how_to_read": HOW_TO_READ,
    "reta_purposes:sum_of_purposes": QUESTION,
    "complaints_by_judicial_department:outside_lima": QUESTION,
    "observatorio_totals:female_victims_share": QUESTION,
    "justice:sentences_above_range": QUESTION,
    "routes:lima_main_destination": QUESTION,
    "justice:to_date_vs_register": QUESTION,
    "justice:last_year_share": QUESTION,
    "education:source": QUESTION,
    "victims_by_origin:cities": QUESTION,
    "reta_purposes:sale_of_children": CHECK,
    **{f"reta_women_victims_by_age:{g}": CHECK for g in ("0-13", "14-17", "18-30", "31-99")},
    "reta_women_victims_by_age:sum_of_groups": CHECK,
    **{f"complaints_by_judicial_department:{c}": CHECK for c in ("17", "15", "08", "21", "16")},
    **{f"victims_by_origin:{c}": CHECK for c in ("15", "16", "03", "10", "12")},
    "victims_by_origin:top6_share": CHECK,
}


@pytest.fixture(scope="module")
def by_id() -> dict[str, Finding]:
    return {f.finding_id: f for f in findings()}


def indicator(name: str) -> float:
    return float(read_table("observatorio_totals").set_index("indicator_id").loc[name, "value"])


def listed_rows(table: str) -> list[tuple[str, int, str]]:
    """(department code, count, stated % as printed) of a top-N table."""
    count_column, _ = TOP_TABLES[table]
    frame = read_table(table)
    printed = dict(read_table_text(table)[["department_code", "stated_pct"]].values)
    return [
        (c, int(n), printed[c])
        for c, n in zip(frame["department_code"], frame[count_column], strict=True)
    ]


# --- kinds and weights ---------------------------------------------------------------------------


def test_every_finding_has_its_expected_kind_and_the_severity_of_that_kind(by_id):
    assert {i: f.kind for i, f in by_id.items()} == EXPECTED_KINDS
    assert len(by_id) == len(findings())  # ids are unique
    for f in by_id.values():
        assert f.severity == {ERROR: "warning", HOW_TO_READ: "note", QUESTION: "note"}.get(
            f.kind, "ok"
        ), f.finding_id


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_kind_is_shown_at_the_weight_a_reader_must_see(lang):
    """Beside a department's figures and a chart's, an error in the report is a warning, a reading
    or a question a plain note, and a figure that checks out is no note at all (it is listed with
    the recomputed figures). Written from the kinds, not from the module's own weights."""
    from geo.charts.data import findings as chart_findings
    from geo.profile import department_profile

    for code in department_names():
        shown = {n.text: n.warning for n in department_profile(code, lang).notes}
        for f in findings_for_department(code):
            if f.kind == CHECK:
                assert f.text(lang) not in shown, (code, f.finding_id)
            else:
                assert shown[f.text(lang)] is (f.kind == ERROR), (code, f.finding_id)
    in_charts = {f.finding_id for f in chart_findings({f.dataset for f in findings()})}
    assert in_charts == {f.finding_id for f in findings() if f.kind != CHECK}


def test_findings_are_listed_errors_first_then_readings_questions_and_checks():
    kinds = [f.kind for f in findings()]
    assert kinds == sorted(kinds, key=KINDS.index)
    assert kinds[0] == ERROR and kinds[-1] == CHECK


@pytest.mark.parametrize("table", TOP_TABLES)
def test_a_correct_share_of_the_listed_subtotal_is_never_a_warning(by_id, table):
    rows = listed_rows(table)
    listed = sum(n for _, n, _ in rows)
    correct = [c for c, n, s in rows if reproduces(n, listed, float(s), stated_decimals(s))]
    assert len(correct) >= len(rows) - 1  # all but a slip: the table IS shares of the listed
    for code in correct:
        f = by_id[f"{table}:{code}"]
        assert f.severity == "ok" and f.kind == CHECK, f.finding_id
        assert f.denominator_used == listed
    warned = {f.item for f in findings() if f.dataset == table and f.severity == "warning"}
    assert not warned & set(correct)


def test_a_share_of_the_listed_is_a_check_and_a_last_digit_slip_an_error():
    # 32 of 117 = 27.35 % printed 27.4 %: right for the listed, wrong for 228.
    right, of_listed = listed_share("t", Row("17", "A", 32, "27.4"), 117, 228, "u", ())
    assert (right.kind, right.severity, of_listed) == (CHECK, "ok", True)
    # 53 of 168 = 31.548 % printed 31.6 %: a slip.
    slip, _ = listed_share("t", Row("08", "B", 53, "31.6"), 168, 366, "u", ())
    assert (slip.kind, slip.severity) == (ERROR, "warning")
    # 50 of 200 = 25 %: a share of the whole total, whatever the listed add up to.
    whole, of_listed = listed_share("t", Row("01", "C", 50, "25"), 117, 200, "u", ())
    assert (whole.kind, of_listed) == (CHECK, False)


@pytest.mark.parametrize("table", TOP_TABLES)
def test_each_top_table_has_one_how_to_read_note_not_one_per_row(by_id, table):
    notes = [f for f in findings() if f.dataset == table and f.item == "table"]
    assert [f.kind for f in notes] == [HOW_TO_READ]
    rows = listed_rows(table)
    listed = sum(n for _, n, _ in rows)
    total = int(indicator(TOP_TABLES[table][1]))
    assert notes[0].department_codes == tuple(c for c, _, _ in rows)
    for lang in LANGUAGES:
        text = notes[0].text(lang)
        for number in (listed, total, total - listed):
            assert format_number(number, 0, lang) in text, (number, text)
        assert format_percent(100 * (total - listed) / total, 1, lang) in text


# --- errors in the report ----------------------------------------------------------------------


def test_the_poverty_figures_are_one_error_about_six_departments_with_its_sources(by_id):
    f = by_id["poverty_2010_as_cited:total_not_extreme"]
    poverty = read_table("poverty_2010_as_cited")
    assert f.department_codes == tuple(poverty["department_code"])
    assert f.severity == "warning"
    # The yardstick: every cited figure lies between coastal extreme poverty and national total
    # poverty, as total-poverty rates of the least poor departments would.
    assert all(2.0 < r < 31.3 for r in poverty["poverty_rate_pct"])
    assert {"inei_pobreza_2010", "inei_pobreza_2010_press"} <= set(f.source_ids)
    text = f.text("en")
    assert "total poverty" in text and "do not support" in text
    assert "9.8%" in text and "2.0%" in text and "31.3%" in text
    assert f"other {25 - len(poverty)} departments" in text
    assert "8,7\u00a0%" in f.text("es") and "pobreza total" in f.text("es")


def test_every_finding_names_sources_that_have_a_provenance_record():
    sources = read_provenance()["sources"]
    for f in findings():
        assert f.source_ids, f.finding_id
        assert set(f.source_ids) <= set(sources), f.finding_id


def test_the_reta_percentages_imply_503_complaints_not_500(by_id):
    purposes = read_table("reta_purposes").set_index("purpose_id")
    total = int(purposes.loc["all", "complaints"])
    f = by_id["reta_purposes:implied_total"]
    assert (f.denominator_used, f.implied_denominator) == (total, 503)
    for pid in ("sexual_exploitation", "labour_exploitation"):
        count, stated = int(purposes.loc[pid, "complaints"]), float(purposes.loc[pid, "stated_pct"])
        assert reproduces(count, 503, stated, 2) and not reproduces(count, total, stated, 2)
        assert round(count / (stated / 100)) == 503
    assert "about 503" in f.text("en") and "59.80%" in f.text("en")
    assert "unas 503" in f.text("es") and "59,44\u00a0%" in f.text("es")
    assert "about 503" in f.brief("en")


def test_child_begging_is_no_whole_number_of_500_or_503_complaints(by_id):
    f = by_id["reta_purposes:child_begging"]
    assert f.kind == ERROR and f.stated_pct == 0.14
    assert whole_counts(0.14, 500, 2) == whole_counts(0.14, 503, 2) == []
    assert "0.7 of 500 and 0.7 of 503" in f.text("en")
    # 0.40 % is 2 complaints of 500 (and of 503): that one checks out.
    assert whole_counts(0.40, 500, 2) == [2] == whole_counts(0.40, 503, 2)
    assert by_id["reta_purposes:sale_of_children"].kind == CHECK


def test_cuzcos_31_6_percent_is_31_5_percent_of_168(by_id):
    rows = {c: (n, s) for c, n, s in listed_rows("victims_by_origin")}
    listed = sum(n for n, _ in rows.values())
    count, printed = rows["08"]
    assert (listed, count, printed) == (168, 53, "31.6")
    assert round(100 * count / listed, 1) == 31.5 and explains(count, listed, 31.6, 1)
    f = by_id["victims_by_origin:08"]
    assert (f.kind, f.denominator_used, f.department_codes) == (ERROR, 168, ("08",))
    assert "31.5%" in f.text("en") and "31.6%" in f.text("en")
    assert "31,5\u00a0%" in f.brief("es")


# --- how to read a table -----------------------------------------------------------------------


def test_limas_complaint_rate_is_caveated_as_a_district_over_the_whole_department(by_id):
    f = by_id["complaints_by_judicial_department:lima_per_100k"]
    lima = read_table("complaints_by_judicial_department").set_index("department_code")
    population = read_table("population").set_index("department_code")
    count, people = int(lima.loc["15", "complaints"]), int(population.loc["15", "pop_2010_est"])
    assert f.department_codes == ("15",)
    text = f.text("en")
    assert format_number(count / people * 100_000, 1, "en") in text
    assert f"the {count} complaints of the Lima judicial district" in text
    assert format_number(people, 0, "en") in text
    assert "distrito fiscal de Lima" in f.text("es")


# --- questions a reader should ask -------------------------------------------------------------


def test_the_female_share_matches_186_of_228_complaints_not_a_number_of_366_victims(by_id):
    f = by_id["observatorio_totals:female_victims_share"]
    victims, complaints = int(indicator("victims")), int(indicator("complaints"))
    assert whole_counts(81.6, victims, 1) == []
    assert whole_counts(81.6, complaints, 1) == [186]
    assert f.kind == QUESTION
    text = f.text("en")
    assert "186 of the 228 complaints" in text and "298" in text and "299" in text


def test_lima_is_one_of_the_five_and_the_other_four_hold_86_of_228(by_id):
    f = by_id["complaints_by_judicial_department:outside_lima"]
    counts = {c: n for c, n, _ in listed_rows("complaints_by_judicial_department")}
    total = int(indicator("complaints"))
    assert "15" in counts and 100 * sum(counts.values()) / total > indicator(
        "top5_complaints_share"
    )  # the report's "more than 50 %" holds; its reading does not
    others = sum(counts.values()) - counts["15"]
    assert (others, round(100 * others / total, 1)) == (86, 37.7)
    assert "the other four hold 86 of 228 (37.7%)" in f.text("en")
    assert "los otros cuatro suman 86 de 228" in f.text("es")
    assert len(f.source_ids) == len(set(f.source_ids))  # the report's section once
    assert "15" in f.department_codes and f.kind == QUESTION


def test_sentences_above_the_laws_range_are_a_question_that_asserts_nothing_of_the_statute(by_id):
    justice = read_table("justice").set_index("indicator_id")["value"]
    assert justice["max_sentence_imposed_years"] > justice["law_28950_penalty_max_years"]
    f = by_id["justice:sentences_above_range"]
    assert f.kind == QUESTION and f.source_ids == ("report_prosecution",)
    text = f.text("en")
    assert "up to 30 years" in text and "from 8 to 25 years" in text
    assert "does not say" in text


def test_the_four_purposes_leave_ten_percent_unexplained(by_id):
    f = by_id["reta_purposes:sum_of_purposes"]
    assert f.stated_pct == pytest.approx(90.0) and f.kind == QUESTION


# --- every finding in both languages -----------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_finding_renders_in_both_languages_with_no_placeholder_left(lang):
    for f in findings():
        for text in (f.text(lang), f.labelled(lang), f.brief(lang) or "x"):
            assert text.strip() and not re.search(r"[{}]", text), (f.finding_id, text)
        assert f.labelled(lang).startswith(kind_label(f.kind, lang))
    assert {kind_label(k, lang) for k in KINDS} <= set(catalogue(lang).values())


def test_findings_differ_by_language_but_not_in_their_numbers(by_id):
    f = by_id["victims_by_origin:how_to_read"]
    assert f.text("es") != f.text("en")
    assert re.findall(r"\b\d{3}\b", f.text("es")) == re.findall(r"\b\d{3}\b", f.text("en"))


def test_a_message_missing_from_a_catalogue_is_an_error_not_a_fallback():
    broken = Finding("x:y", QUESTION, "x", "y", "quality.no_such_message", {"n": Number(1)})
    with pytest.raises(KeyError):
        broken.text("en")
    with pytest.raises(ValueError, match="expected one of"):
        kind_label("mistake", "en")


def test_nested_messages_render_in_the_readers_language():
    item = Message("quality.item.age_group", {"min": Number(0), "max": Number(13)})
    values = dict(item.values)
    assert Finding("x:y", CHECK, "x", "y", "quality.item.age_group", values).text("es") == (
        "0 a 13 años"
    )


# --- the judicial districts the report does not name ---------------------------------------------

REMAINDER_WORDS = {"en": "judicial district", "es": "distrito"}
REMAINDER_WRONG = re.compile(
    r"unallocated|not allocated|sin asignar|not itemised|sin desglose|departments the report "
    r"does not name|departamentos que el informe no nombra",
)


def remainder_texts(lang: str) -> dict[str, str]:
    """Every text a reader sees that speaks of the complaints the report does not place."""
    from geo import charts, layers
    from geo.exports import layer_geojson, map_alt_text
    from geo.story import STEPS, story_step
    from geo.views import MapView, prepare_map

    complaints = next(f for f in findings() if f.finding_id.endswith("how_to_read"))
    prepared = prepare_map(MapView("complaints", "count", lang=lang))
    figure = charts.chart_spec("complaints_vs_origin").figure(lang)
    notes = [a.text for a in figure.layout.annotations if a.name == "note"]
    return {
        "map caveat (count)": layers.caveat("complaints", "count", lang),
        "map caveat (rate)": layers.caveat("complaints", "per_100k", lang),
        "map alt text": map_alt_text(prepared),
        "GeoJSON export": layer_geojson(prepared).decode("utf-8")[:3000],
        "chart caveat": next(a.text for a in figure.layout.annotations if a.name == "caveat"),
        "chart alt text": charts.chart_spec("complaints_vs_origin").alt_text(lang),
        "chart note": next(n for n in notes if "117" in n),
        "finding": complaints.text(lang),
        "story note": story_step(STEPS.index("complaints") + 1, lang).note,
    }


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_unplaced_complaints_are_called_judicial_districts_wherever_shown(lang):
    for where, text in remainder_texts(lang).items():
        plain = text.replace("<br>", " ")
        assert REMAINDER_WORDS[lang] in plain, (where, plain)
        assert not REMAINDER_WRONG.search(plain), (where, plain)


def test_the_data_package_describes_the_remainder_as_judicial_districts():
    from geo.tables import read_datapackage

    resources = {r["name"]: r for r in read_datapackage()["resources"]}
    description = resources["complaints_by_judicial_department"]["description"]
    assert "111" in description and "judicial districts the report does not name" in description


# --- what the Data page and the profile show ---------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_findings_table_names_each_kind_in_order_with_sources(lang):
    table = findings_table(lang)
    kind, text, sources = (t(f"quality.column.{c}", lang) for c in ("kind", "finding", "sources"))
    assert list(table[kind]) == [kind_label(f.kind, lang) for f in findings()]
    assert list(table[text]) == [f.text(lang) for f in findings()]
    assert table[sources].str.len().min() > 0
    assert list(findings_sections(lang)) == [
        (k, t(f"quality.heading.{k}", lang), [f.text(lang) for f in findings() if f.kind == k])
        for k in (ERROR, HOW_TO_READ, QUESTION)
    ]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_profile_shows_the_findings_that_concern_the_department(lang):
    from geo.profile import department_profile

    notes = department_profile("15", lang).notes
    expected = [f for f in findings_for_department("15") if f.kind != CHECK]
    assert notes and all(n.text for n in notes)
    assert [n.text for n in notes] == [f.text(lang) for f in expected]
    assert [n.label for n in notes] == [kind_label(f.kind, lang) for f in expected]
    assert [n.warning for n in notes] == [f.kind == ERROR for f in expected]
    assert {f.finding_id for f in expected} >= {
        "poverty_2010_as_cited:total_not_extreme",
        "complaints_by_judicial_department:lima_per_100k",
        "complaints_by_judicial_department:outside_lima",
    }
    # a department whose district the report does not name: one note, that its complaints are
    # among the 111 the report does not place (Callao, a district of its own, says so)
    for code in ("01", "07"):
        (note,) = department_profile(code, lang).notes
        assert note.kind == HOW_TO_READ and format_number(111, 0, lang) in note.text
    assert "Callao" in department_profile("07", lang).notes[0].text


def test_findings_for_department_accepts_any_reference():
    ids = {f.finding_id for f in findings_for_department("Cuzco")}
    assert "victims_by_origin:08" in ids and "complaints_by_judicial_department:08" in ids
    assert findings_for_department("08") == findings_for_department("PE-CUS")
    assert findings_for_department("01") == []
    with pytest.raises(UnknownDepartmentError):
        findings_for_department("Atlantis")


# --- arithmetic ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "decimals"), [("0.40", 2), ("12", 0), ("27.4", 1)])
def test_stated_decimals_count_the_printed_places(text, decimals):
    assert stated_decimals(text) == decimals


def test_rounding_rules():
    assert reproduces(32, 117, 27.4, 1)  # 27.35 -> 27.4
    assert not reproduces(32, 228, 27.4, 1)
    assert explains(53, 168, 31.6, 1)  # 31.548 printed 31.6: the nearest whole denominator
    assert not explains(53, 366, 31.6, 1)
    assert whole_counts(81.6, 228, 1) == [186]
    assert math.isclose(100 * 186 / 228, 81.58, abs_tol=0.01)


# --- the pages (AppTest) -------------------------------------------------------------------------


def _run(params: dict[str, str], page: str | None = None):
    """A fresh session of the app on ``page`` (default: the map) with URL parameters ``params``."""
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(Path(__file__).parent.parent / "app.py"), default_timeout=60)
    at.query_params.update(params)
    at.run()
    if page is None:
        at.run()  # the run the drawn map asks for in a browser (ui.live_map.REST_JS): the profile
    else:
        at.query_params.update(params)
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _plain(text: str) -> str:
    return text.replace("\\", "")  # markdown escaping


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_data_page_lists_errors_then_readings_then_questions_each_kind_named(lang):
    at = _run({"lang": lang, "tab": "quality"}, "app_pages/data_page.py")
    errors = [f.text(lang) for f in findings() if f.kind == ERROR]
    assert [_plain(w.value) for w in at.warning][: len(errors)] == errors
    shown = [_plain(m.value) for m in at.markdown]
    headings = [f"**{t(f'quality.heading.{k}', lang)}**" for k in (ERROR, HOW_TO_READ, QUESTION)]
    positions = [shown.index(h) for h in headings]
    assert positions == sorted(positions)
    readings = [f"- {f.text(lang)}" for f in findings() if f.kind == HOW_TO_READ]
    questions = [f"- {f.text(lang)}" for f in findings() if f.kind == QUESTION]
    assert shown[positions[1] + 1 : positions[2]] == readings
    assert shown[positions[2] + 1 : positions[2] + 1 + len(questions)] == questions
    kind = t("quality.column.kind", lang)
    (table,) = [d.value for d in at.dataframe if kind in d.value.columns]
    assert list(table[kind]) == [kind_label(f.kind, lang) for f in findings()]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_map_profile_shows_limas_findings_at_their_weight(lang):
    at = _run({"lang": lang, "dept": "15"})
    warnings = [_plain(w.value) for w in at.warning]
    infos = [_plain(i.value) for i in at.info]
    for f in findings_for_department("15"):
        shown = f"**{kind_label(f.kind, lang)}:** {f.text(lang)}"
        if f.kind == ERROR:
            assert shown in warnings, f.finding_id
        elif f.kind != CHECK:
            assert shown in infos, f.finding_id
        else:
            assert shown not in warnings + infos, f.finding_id


# --- the report's inconsistencies the editor's third read found --------------------------------


def test_the_routes_lima_main_destination_is_a_question_beside_the_complaints_outside_lima(by_id):
    f = by_id["routes:lima_main_destination"]
    routes = read_table("routes").set_index("route_id")
    assert "main destination" in routes.loc["lima", "report_sentence"]
    assert f.kind == QUESTION and f.department_codes == ("15",)
    assert "story.complaints.body" in f.quoted_in
    assert "outside Lima" in f.text("en") and "fuera de Lima" in f.text("es")


def test_83_cases_to_date_are_questioned_against_the_500_complaints_of_the_register(by_id):
    justice = read_table("justice").set_index("indicator_id")["value"]
    purposes = read_table("reta_purposes").set_index("purpose_id")
    f = by_id["justice:to_date_vs_register"]
    assert f.kind == QUESTION
    investigated = format_number(justice["cases_investigated"], 0, "en")
    complaints = format_number(purposes.loc["all", "complaints"], 0, "en")
    assert f"{investigated} potential cases" in f.text(
        "en"
    ) and f"{complaints} complaints" in f.text("en")


def test_last_years_share_leaves_five_cases_and_three_convictions_for_the_years_before(by_id):
    justice = read_table("justice").set_index("indicator_id")["value"]
    cases = int(justice["cases_investigated"] - justice["last_year_cases_registered"])
    convictions = int(justice["traffickers_convicted"] - justice["last_year_convictions"])
    assert (cases, convictions) == (5, 3)
    f = by_id["justice:last_year_share"]
    unit = read_table("timeline").set_index("event_id").loc["dirincri_unit", "date"]
    assert f.kind == QUESTION and "story.justice.body" in f.quoted_in
    assert f"leaves {cases} cases and {convictions} convictions" in f.text("en")
    assert f"since {unit}" in f.text("en")


def test_the_schooling_figures_are_credited_to_inei_but_footnoted_to_chs_alternativo(by_id):
    f = by_id["education:source"]
    assert f.kind == QUESTION and "chs_alternativo_2010" in f.source_ids
    assert "p. 27" in f.text("en") and "p. 27" in f.text("es")
    # the atlas's own source line no longer credits INEI alone
    for lang in LANGUAGES:
        line = t("chart.source.education", lang)
        assert "CHS Alternativo" in line and "27" in line


def test_those_cities_are_six_departments(by_id):
    f = by_id["victims_by_origin:cities"]
    assert f.kind == QUESTION
    assert "six departments" in f.text("en") and "seis departamentos" in f.text("es")


def test_no_finding_lists_a_source_twice():
    for f in findings():
        assert len(f.source_ids) == len(set(f.source_ids)), f.finding_id


def test_a_figure_a_finding_disputes_names_the_messages_that_quote_it():
    """Each disputed figure is a Percent; each message a finding names exists in both catalogues."""
    disputed = [f for f in findings() if f.disputed]
    assert {f.finding_id for f in disputed} >= {
        "observatorio_totals:female_victims_share",
        "reta_purposes:implied_total",
        "victims_by_origin:08",
    }
    for f in findings():
        assert not f.disputed or f.kind in (ERROR, QUESTION), f.finding_id
        assert not f.disputed or f.brief_key, f.finding_id  # a note short enough to sit beside
        for key in f.quoted_in:
            for lang in LANGUAGES:
                assert key in catalogue(lang), (f.finding_id, key)
    female = next(f for f in disputed if f.item == "female_victims_share")
    assert "story.victims.body" in female.quoted_in


def test_the_atlas_no_longer_says_the_six_poverty_figures_are_the_lowest_in_peru():
    """No stored INEI table by department backs "the lowest in Peru": the atlas says it cannot."""
    for lang in LANGUAGES:
        for key in (
            "quality.poverty.total_not_extreme",
            "story.poverty.note",
            "chart.poverty_vs_complaints.caveat",
        ):
            text = t(key, lang)
            assert "lowest total poverty" not in text and "menor pobreza total" not in text, key


def test_the_unallocated_victims_are_of_an_origin_the_report_does_not_give(by_id):
    """The report says "mainly" from the six: the other 198's origin is not given, not "other
    departments" (some may come from the same six, or from abroad)."""
    for lang in LANGUAGES:
        text = by_id["victims_by_origin:how_to_read"].text(lang)
        assert "origin the report does not give" in text or "origen el informe no indica" in text
        assert "departments the report does not name" not in text
        assert "departamentos que el informe no nombra" not in text
