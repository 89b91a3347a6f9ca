"""Charts carry title, source and caveat inside the figure, show the data files' figures, export."""

from __future__ import annotations

import csv
import math
import re
import shutil
import struct

import plotly.graph_objects as go
import pytest

from geo import charts
from geo.charts import CHARTS, OKABE_ITO, ChartImageError, chart_spec, charts_for_page, figure_png
from geo.i18n import format_number
from geo.paths import DATA_DIR

LANGS = ("es", "en")
ALL = [(chart_id, lang) for chart_id in CHARTS for lang in LANGS]


def rows(name: str) -> list[dict[str, str]]:
    """A data file read with the csv module, independently of geo.tables."""
    with open(DATA_DIR / f"{name}.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def by(name: str, key: str) -> dict[str, dict[str, str]]:
    return {row[key]: row for row in rows(name)}


def num(text: str) -> float:
    return float(text) if text != "" else math.nan


def same(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or a == b


def annotations(fig: go.Figure, name: str) -> list:
    return [a for a in fig.layout.annotations if a.name == name]


def plain(text: str) -> str:
    return text.replace("<br>", " ")


@pytest.fixture(scope="module")
def figures() -> dict[tuple[str, str], go.Figure]:
    return {(cid, lang): CHARTS[cid].figure(lang) for cid, lang in ALL}


# --- the frame: title, source, caveat, inside the figure ------------------------------------


@pytest.mark.parametrize(("chart_id", "lang"), ALL)
def test_every_chart_carries_title_source_and_caveat_inside_the_figure(figures, chart_id, lang):
    fig = figures[chart_id, lang]
    assert fig.layout.title.text.strip()
    for name in ("source", "caveat"):
        (note,) = annotations(fig, name)
        assert len(plain(note.text)) > 30
        # below the plot area, in the figure's own margin, so that a PNG keeps it
        assert note.yref == "paper" and note.y == 0 and note.yanchor == "top" and note.yshift < 0
        assert -note.yshift < fig.layout.margin.b
    source = plain(annotations(fig, "source")[0].text)
    assert source.startswith("Fuente" if lang == "es" else "Source")


@pytest.mark.parametrize("chart_id", list(CHARTS))
def test_titles_and_notes_follow_the_language(figures, chart_id):
    es, en = figures[chart_id, "es"], figures[chart_id, "en"]
    assert es.layout.title.text != en.layout.title.text
    assert annotations(es, "caveat")[0].text != annotations(en, "caveat")[0].text
    assert es.layout.separators != en.layout.separators


@pytest.mark.parametrize(("chart_id", "lang"), ALL)
def test_notes_are_wrapped_so_they_fit_a_narrow_chart(figures, chart_id, lang):
    for note in figures[chart_id, lang].layout.annotations:
        if note.name in ("source", "caveat", "note"):
            assert max(len(line) for line in note.text.split("<br>")) <= charts.WRAP


@pytest.mark.parametrize(("chart_id", "lang"), ALL)
def test_bars_and_markers_use_the_okabe_ito_palette(figures, chart_id, lang):
    palette = {c.upper() for c in OKABE_ITO.values()}
    for trace in figures[chart_id, lang].data:
        colours = trace.marker.color
        colours = [colours] if isinstance(colours, str) else list(colours or [])
        assert colours, f"{chart_id}: trace {trace.name!r} has no explicit colour"
        assert {c.upper() for c in colours} <= palette


@pytest.mark.parametrize(("chart_id", "lang"), ALL)
def test_file_names_say_atlas_chart_and_language(chart_id, lang):
    name = chart_spec(chart_id).file_name(lang)
    assert re.fullmatch(r"atlas-peru-[a-z0-9-]+-(es|en)", name)
    assert name.endswith(f"-{lang}") and chart_id.replace("_", "-") in name


def test_pages_list_their_charts_and_unknown_ids_are_named():
    assert set(charts_for_page("overview")) | set(charts_for_page("justice")) == set(CHARTS)
    assert "purposes" in charts_for_page("overview")
    assert "justice_funnel" in charts_for_page("justice")
    with pytest.raises(KeyError, match="nonexistent"):
        chart_spec("nonexistent")
    with pytest.raises(ValueError, match="nowhere"):
        charts_for_page("nowhere")


# --- the tables behind the charts equal the data files --------------------------------------


@pytest.mark.parametrize(("chart_id", "lang"), ALL)
def test_every_chart_table_has_rows(chart_id, lang):
    assert len(CHARTS[chart_id].table(lang)) > 0


@pytest.mark.parametrize("lang", LANGS)
def test_purposes_table_equals_the_data_file(lang):
    table = CHARTS["purposes"].table(lang).set_index("purpose_id")
    data = by("reta_purposes", "purpose_id")
    assert list(table.index) == list(data)
    for pid, row in data.items():
        assert same(table.loc[pid, "complaints"], num(row["complaints"]))
        assert same(table.loc[pid, "stated_pct"], num(row["stated_pct"]))
        assert table.loc[pid, "purpose"] == row[f"purpose_{lang}"]


def test_age_groups_table_equals_the_data_file():
    table = CHARTS["age_groups"].table("en").set_index("age_group")
    data = by("reta_women_victims_by_age", "age_group")
    assert list(table.index) == list(data)
    for group, row in data.items():
        assert same(table.loc[group, "victims"], num(row["victims"]))
        assert same(table.loc[group, "stated_pct"], num(row["stated_pct"]))


def test_complaints_vs_origin_shows_listed_departments_and_the_unallocated_rest():
    table = CHARTS["complaints_vs_origin"].table("en").set_index("department_code")
    complaints = by("complaints_by_judicial_department", "department_code")
    victims = by("victims_by_origin", "department_code")
    totals = by("observatorio_totals", "indicator_id")
    # the rest is no department: its code is empty, never a made-up one a join would meet
    assert set(table.index) == set(complaints) | set(victims) | {""}
    assert table.loc["", "complaints_status"] == table.loc["", "victims_status"] == "remainder"
    for code in set(complaints) | set(victims):
        expected_c = num(complaints[code]["complaints"]) if code in complaints else math.nan
        expected_v = num(victims[code]["victims"]) if code in victims else math.nan
        assert same(table.loc[code, "complaints"], expected_c)
        assert same(table.loc[code, "victims"], expected_v)
        assert (table.loc[code, "complaints_status"] == "reported") == (code in complaints)
    listed_c = sum(num(r["complaints"]) for r in complaints.values())
    listed_v = sum(num(r["victims"]) for r in victims.values())
    assert table.loc["", "complaints"] == num(totals["complaints"]["value"]) - listed_c
    assert table.loc["", "victims"] == num(totals["victims"]["value"]) - listed_v


def test_poverty_table_keeps_the_six_cited_rates_and_blanks_where_no_complaints():
    table = CHARTS["poverty_vs_complaints"].table("en").set_index("department_code")
    poverty = by("poverty_2010_as_cited", "department_code")
    complaints = by("complaints_by_judicial_department", "department_code")
    assert set(table.index) == set(poverty) | set(complaints)
    assert int((table["poverty_status"] == "reported").sum()) == len(poverty)
    for code in table.index:
        expected_p = num(poverty[code]["poverty_rate_pct"]) if code in poverty else math.nan
        expected_c = num(complaints[code]["complaints"]) if code in complaints else math.nan
        assert same(table.loc[code, "poverty_rate_pct_as_cited"], expected_p)
        assert same(table.loc[code, "complaints"], expected_c)


def test_education_table_equals_the_data_file():
    table = CHARTS["education"].table("es").set_index("area")
    for area, row in by("education", "area").items():
        assert table.loc[area, "years_of_schooling"] == num(row["years_of_schooling"])


def test_justice_tables_equal_the_data_file():
    justice = by("justice", "indicator_id")
    funnel = CHARTS["justice_funnel"].table("en")
    for row in funnel.itertuples():
        if row.indicator_id:
            assert row.value == num(justice[row.indicator_id]["value"])
        else:
            assert math.isnan(row.value)  # not reported, never zero
    assert set(funnel["indicator_id"]) - {""} <= set(justice)
    penalties = CHARTS["penalties"].table("en").set_index("indicator_id")
    for indicator in charts.PENALTY_INDICATORS:
        assert penalties.loc[indicator, "value"] == num(justice[indicator]["value"])


def test_timeline_table_holds_every_event_in_date_order():
    data = by("timeline", "event_id")
    table = CHARTS["timeline"].table("en")
    assert set(table["event_id"]) == set(data)
    for row in table.itertuples():
        assert row.date == data[row.event_id]["date"]
        assert row.label == data[row.event_id]["label_en"]
    years = [int(d[:4]) for d in table["date"]]
    assert years == sorted(years)


# --- not reported is never drawn as zero ----------------------------------------------------


@pytest.mark.parametrize(
    "chart_id", ["complaints_vs_origin", "poverty_vs_complaints", "justice_funnel"]
)
def test_missing_figures_are_labelled_not_reported_and_never_drawn_as_zero(figures, chart_id):
    fig = figures[chart_id, "en"]
    missing = 0
    for trace in fig.data:
        values = [v for v in trace.x]
        assert all(v is None or (isinstance(v, float) and math.isnan(v)) or v > 0 for v in values)
        missing += sum(1 for v in values if v is None or (isinstance(v, float) and math.isnan(v)))
    assert missing > 0
    labels = [a for a in fig.layout.annotations if a.name == "not_reported"]
    assert len(labels) == missing
    assert all("not reported" in a.text for a in labels)


# --- alt text and data-quality notes --------------------------------------------------------


def key_numbers(chart_id: str, lang: str) -> list[str]:
    """Numbers the alt text must mention, formatted as the language writes them."""

    def n(text: str, decimals: int = 0) -> str:
        return format_number(float(text), decimals, lang)

    if chart_id == "purposes":
        return [n(r["complaints"]) for r in rows("reta_purposes") if r["complaints"]]
    if chart_id == "age_groups":
        return [n(r["victims"]) for r in rows("reta_women_victims_by_age")]
    if chart_id == "complaints_vs_origin":
        return [n(r["complaints"]) for r in rows("complaints_by_judicial_department")] + [
            n(r["victims"]) for r in rows("victims_by_origin")
        ]
    if chart_id == "poverty_vs_complaints":
        return [n(r["poverty_rate_pct"], 1) for r in rows("poverty_2010_as_cited")]
    if chart_id == "education":
        return [n(r["years_of_schooling"], 1) for r in rows("education")]
    justice = by("justice", "indicator_id")
    if chart_id == "justice_funnel":
        ids = (
            "cases_investigated",
            "cases_brought_to_judiciary",
            "traffickers_convicted",
            "last_year_cases_registered",
            "last_year_convictions",
        )
        return [n(justice[i]["value"]) for i in ids]
    if chart_id == "penalties":
        return [n(justice[i]["value"]) for i in charts.PENALTY_INDICATORS]
    if chart_id == "timeline":
        return [r["date"][:4] for r in rows("timeline")]
    raise AssertionError(f"no key numbers for {chart_id}")


@pytest.mark.parametrize(("chart_id", "lang"), ALL)
def test_alt_text_mentions_the_key_numbers(chart_id, lang):
    alt = CHARTS[chart_id].alt_text(lang)
    assert alt.endswith(".")
    for number in key_numbers(chart_id, lang):
        assert re.search(rf"(?<![\d.,]){re.escape(number)}(?![\d]|[.,]\d)", alt), (number, alt)


def test_alt_text_writes_thousands_per_language():
    assert "1,334" in CHARTS["age_groups"].alt_text("en")
    assert "1334" in CHARTS["age_groups"].alt_text("es")


def test_stated_shares_of_another_total_are_noted_inside_the_figure(figures):
    purposes = by("reta_purposes", "purpose_id")
    sexual = purposes["sexual_exploitation"]
    implied = round(num(sexual["complaints"]) / num(sexual["stated_pct"]) * 100)
    notes = " ".join(plain(a.text) for a in annotations(figures["purposes", "en"], "note"))
    assert f"about {implied}" in notes and implied != num(purposes["all"]["complaints"])

    listed_c = sum(num(r["complaints"]) for r in rows("complaints_by_judicial_department"))
    listed_v = sum(num(r["victims"]) for r in rows("victims_by_origin"))
    notes = " ".join(
        plain(a.text) for a in annotations(figures["complaints_vs_origin", "es"], "note")
    )
    # Shares of the listed rows, read as such: "of the 5 districts listed (117), not of 228".
    assert f"({int(listed_c)}), no de" in notes and f"({int(listed_v)}), no de" in notes
    assert "distritos fiscales que el informe no nombra" in notes


def test_charts_whose_figures_check_out_carry_no_quality_note(figures):
    assert not annotations(figures["age_groups", "en"], "note")
    assert charts.quality_messages("age_groups", "en") == []
    assert charts.quality_messages("purposes", "es")


def test_poverty_caveat_says_the_figures_are_total_not_extreme_poverty(figures):
    caveat = plain(annotations(figures["poverty_vs_complaints", "en"], "caveat")[0].text)
    assert "extreme" in caveat and "total poverty" in caveat
    assert f"other {25 - len(rows('poverty_2010_as_cited'))}" in caveat


# --- images ---------------------------------------------------------------------------------


def _browser() -> str | None:
    return next(
        (p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None
    )


@pytest.mark.skipif(_browser() is None, reason="no Chromium/Chrome on PATH for kaleido")
def test_figure_png_is_a_png_of_the_stated_width():
    png = figure_png("education", "es", scale=1)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", png[16:24])
    assert width == charts.PNG_WIDTH
    assert height == int(CHARTS["education"].figure("es").layout.height)


def test_figure_png_failure_is_a_chart_image_error_naming_the_chart(monkeypatch):
    def no_browser(self, *args, **kwargs):
        raise RuntimeError("Kaleido requires Google Chrome to be installed.")

    monkeypatch.setattr(go.Figure, "to_image", no_browser)
    with pytest.raises(ChartImageError, match=r"penalties.*Chromium"):
        figure_png("penalties", "en")


def test_the_kept_kaleido_browser_loads_no_mathjax(monkeypatch):
    """kaleido would fetch MathJax from a CDN and typeset ``$...$`` in a chart's text as TeX."""
    import kaleido

    from geo.charts import images

    started = []
    monkeypatch.setattr(kaleido, "start_sync_server", lambda **kw: started.append(kw))
    monkeypatch.setattr(images, "_KALEIDO_SERVER", [])
    monkeypatch.setattr(images.atexit, "register", lambda *a, **kw: None)
    images._start_kaleido_server()
    assert started and started[0].get("mathjax") is False


# --- a user's layer -------------------------------------------------------------------------


def test_upload_figure_shows_user_text_as_text_and_counts_departments_without_figures():
    import pandas as pd

    values = pd.DataFrame(
        {
            "department_code": ["01", "02", "03"],
            "department": ["Amazonas", "Áncash", "Apurímac"],
            "value": [3.5, math.nan, 1.25],
            "status": ["reported", "not_reported", "reported"],
        }
    )
    fig = charts.upload_figure(values, 'Mine <a href="javascript:x">y</a>', "<b>NGO</b>", "en")
    assert "<a " not in fig.layout.title.text and "&lt;a " in fig.layout.title.text
    assert "<b>" not in annotations(fig, "source")[0].text
    assert list(fig.data[0].y) == ["Amazonas", "Apurímac"]  # largest first, no bar for Áncash
    assert "1 department without a figure" in plain(annotations(fig, "caveat")[0].text)


def test_upload_figure_scales_to_negative_values_and_draws_nothing_without_figures():
    import pandas as pd

    values = pd.DataFrame(
        {
            "department_code": ["01", "02"],
            "department": ["Amazonas", "Áncash"],
            "value": [-2.0, 4.0],
            "status": ["reported", "reported"],
        }
    )
    fig = charts.upload_figure(values, "Change", "NGO", "es", decimals=0)
    assert list(fig.layout.xaxis.range) == [-2.4, 4.8]
    assert list(fig.data[0].text) == ["4", "-2"]
    empty = charts.upload_figure(values.assign(value=math.nan), "Change", "NGO", "en")
    assert not len(empty.data[0].x) and empty.layout.xaxis.range is None
    assert "2 departments without a figure" in plain(annotations(empty, "caveat")[0].text)


# --- the pages that show the charts ---------------------------------------------------------


def _page(name: str, lang: str, **params):
    from streamlit.testing.v1 import AppTest

    from geo.paths import ROOT

    at = AppTest.from_file(str(ROOT / "app_pages" / f"{name}_page.py"), default_timeout=60)
    at.session_state["lang"] = lang
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("page", "charts_shown"), [("overview", 5), ("justice", 3), ("routes", 0)])
def test_chart_pages_run_in_both_languages(page, charts_shown, lang):
    at = _page(page, lang)
    assert not at.exception
    assert len(at.get("plotly_chart")) == charts_shown
    # as the reader reads them: the captions' markdown escapes (geo.safety.escape_markdown) undone
    captions = [re.sub(r"\\(.)", r"\1", c.value) for c in at.caption]
    for chart_id in charts_for_page(page) if page != "routes" else []:
        assert CHARTS[chart_id].alt_text(lang) in captions  # the alt text is shown too
    assert at.title[0].value


def test_an_embedded_chart_is_shown_alone():
    at = _page("overview", "en", embed="true", chart="age_groups")
    assert not at.exception
    assert len(at.get("plotly_chart")) == 1
    assert not at.title


def test_choosing_a_route_shows_its_card_and_keeps_it_in_the_url():
    routes = by("routes", "route_id")
    at = _page("routes", "es")
    first = next(iter(routes))
    assert any(routes[first]["name_en"] in c.value for c in at.caption)
    last = list(routes)[-1]
    at.segmented_control(key="route_card").set_value(last).run()
    assert not at.exception
    assert any(routes[last]["name_en"] in c.value for c in at.caption)
    assert at.query_params["route_card"] == [last] or at.query_params["route_card"] == last


def test_the_built_chart_images_are_drawn_from_the_charts_as_they_are():
    import sys

    from geo.charts.images import BUILT_IMAGES, built_index

    sys.path.insert(0, str(BUILT_IMAGES.parents[2] / "scripts"))
    try:
        import build_chart_images
    finally:
        sys.path.pop(0)
    assert built_index() == build_chart_images.fingerprints(), "run scripts/build_chart_images.py"
    for name in built_index():
        assert (BUILT_IMAGES / f"{name}.png").read_bytes().startswith(b"\x89PNG"), name


def test_a_built_chart_image_is_used_without_a_browser_and_a_changed_chart_is_drawn(monkeypatch):
    from geo.charts import images

    def no_browser(*_args, **_kwargs):
        raise AssertionError("kaleido asked to draw")

    monkeypatch.setattr(images, "draw_png", no_browser)
    png = figure_png("purposes", "es", 2)
    assert png == (images.BUILT_IMAGES / "purposes-es-2.png").read_bytes()
    with pytest.raises(AssertionError, match="kaleido asked"):
        figure_png("purposes", "es", 1)  # not built at this scale
    spec = chart_spec("purposes")
    changed = spec.figure("es")
    changed.update_layout(title_text="changed")
    monkeypatch.setattr(type(spec), "figure", lambda self, lang: changed)
    with pytest.raises(AssertionError, match="kaleido asked"):
        figure_png("purposes", "es", 2)  # the built image no longer shows this figure


# --- what the charts state, and their CSV downloads -----------------------------------------------


def _figure_texts(fig: go.Figure) -> str:
    """Every word a figure shows outside its notes: title, axes, bar labels, caveat."""
    parts = [fig.layout.title.text or ""]
    for trace in fig.data:
        for attr in ("text", "customdata"):
            value = getattr(trace, attr, None)
            if value is not None:
                parts += [str(v) for v in (value if not isinstance(value, str) else [value])]
    parts += [str(a.text) for a in fig.layout.annotations if a.name != "note"]
    return plain(" ".join(parts))


@pytest.mark.parametrize("lang", ["es", "en"])
def test_a_chart_that_shows_a_figure_a_finding_disputes_carries_the_findings_note(figures, lang):
    from geo.messages import render
    from geo.quality import findings

    shown_once = 0
    for f in findings():
        for figure in f.disputed:
            text = render(figure, lang)
            for chart_id in CHARTS:
                fig = figures[chart_id, lang]
                said = _figure_texts(fig) + " " + CHARTS[chart_id].alt_text(lang)
                if text in plain(said):
                    shown_once += 1
                    notes = [plain(a.text) for a in annotations(fig, "note")]
                    assert any(f.brief(lang) in note for note in notes), (chart_id, f.finding_id)
    assert shown_once >= 2  # Cusco's 31.6 % and the RETA's 59.44 % are on bars


@pytest.mark.parametrize("lang", ["es", "en"])
def test_law_28950s_range_is_always_the_reports_word(figures, lang):
    """The atlas can only say that the report gives the statute's range."""
    report = {"es": "informe", "en": "report"}[lang]
    texts = [CHARTS["penalties"].alt_text(lang)]
    texts += [t for t in _figure_texts(figures["penalties", lang]).split("  ") if "28950" in t]
    texts += list(CHARTS["penalties"].table(lang)["label"])
    for text in texts:
        if "28950" in text:
            assert report in text.lower(), text


@pytest.mark.parametrize("chart_id", list(CHARTS))
@pytest.mark.parametrize("lang", ["es", "en"])
def test_every_chart_csv_starts_with_title_source_caveat_and_period_rows(chart_id, lang):
    import io

    import pandas as pd

    data = charts.chart_csv(chart_id, lang)
    lines = data.decode("utf-8").splitlines()
    notes = {row[1]: row[2] for row in csv.reader(lines) if row and row[0] == "#"}
    assert {"title", "source", "caveat", "period", "notes"} <= set(notes), chart_id
    words = charts.chart_words(chart_spec(chart_id).figure(lang))

    def one_line(text: str) -> str:  # a note is written on one line, its spaces plain
        return " ".join(text.split())

    assert notes["title"] == one_line(words.title) and notes["source"] == one_line(words.source)
    assert notes["caveat"] == one_line(words.caveat) and notes["period"].strip()
    back = pd.read_csv(io.BytesIO(data), comment="#", dtype=str, keep_default_na=False)
    assert len(back) == len(chart_spec(chart_id).table(lang))


@pytest.mark.parametrize("chart_id", list(CHARTS))
def test_every_chart_table_carries_its_period(chart_id):
    table = chart_spec(chart_id).table("en")
    periods = [c for c in table.columns if c.endswith("period_end")]
    assert periods or "date" in table.columns, chart_id
    for column in periods:
        reported = table[column][table[column].astype(str) != ""]
        assert len(reported) and reported.astype(str).str.fullmatch(r"\d{4}-\d{2}").all()


def test_chart_csvs_write_whole_counts_as_whole_numbers():
    import io

    import pandas as pd

    back = pd.read_csv(
        io.BytesIO(charts.chart_csv("complaints_vs_origin", "en")),
        comment="#",
        dtype=str,
        keep_default_na=False,
    )
    rest = back[back["complaints_status"] == "remainder"].iloc[0]
    assert rest["department_code"] == ""  # no department, and no code that looks like one
    assert (rest["complaints"], rest["victims"]) == ("111", "198")
    assert "judicial districts the report does not name" in rest["complaints_counted_by"]
    assert "origin the report does not give" in rest["victims_counted_by"]
    ages = pd.read_csv(io.BytesIO(charts.chart_csv("age_groups", "en")), comment="#", dtype=str)
    assert ages.loc[ages["age_group"] == "all", "victims"].iloc[0] == "1334"
    assert "3.97" in set(ages["stated_pct"])  # shares keep their decimals
    poverty = pd.read_csv(
        io.BytesIO(charts.chart_csv("poverty_vs_complaints", "en")), comment="#", dtype=str
    )
    assert "14.0" in set(poverty["poverty_rate_pct_as_cited"])  # as the report prints it
