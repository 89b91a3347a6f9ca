"""The pieces every chart is built from: words and numbers, table cells, the frame, shared bars."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
import pytest

from geo.charts import data, frame, parts, text
from geo.i18n import t

# --- text: numbers and words as charts write them -------------------------------------------


@pytest.mark.parametrize(
    ("lang", "number", "share"), [("en", "1,334", "59.44%"), ("es", "1334", "59,44\u00a0%")]
)
def test_numbers_and_shares_are_written_as_the_language_writes_them(lang, number, share):
    assert text.n(1334, lang) == number
    assert text.pct(59.444, lang, 2) == share
    assert text.n(8.75, lang, 1) in ("8.8", "8,8")


def test_wrap_cuts_at_the_width_without_breaking_words_and_keeps_one_line_for_no_text():
    lines = text.wrap("alpha beta gamma delta", 11)
    assert lines == ["alpha beta", "gamma delta"]
    assert text.wrap("", 10) == [""]
    assert text.br("alpha beta gamma delta", 11) == "alpha beta<br>gamma delta"
    assert max(map(len, text.wrap("word " * 100))) <= text.WRAP


def test_labels_mid_sentence_start_lower_case_and_user_text_shows_its_tags_as_text():
    assert text.lower_first("Child begging") == "child begging"
    assert text.lower_first("") == ""
    assert text.plotly_text('<a href="x">A & B</a>') == '&lt;a href="x"&gt;A &amp; B&lt;/a&gt;'


# --- data: table cells ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("3.5", 3.5), (7, 7.0), ("", math.nan), (None, math.nan), ("n/a", math.nan)],
)
def test_cells_read_as_floats_and_empty_cells_as_nan(cell, expected):
    value = data.num(cell)
    assert (math.isnan(value) and math.isnan(expected)) or value == expected
    assert data.is_missing(cell) == math.isnan(expected)


@pytest.mark.parametrize(
    ("cell", "blank"),
    [(None, True), (math.nan, True), (pd.NA, True), ("", True), ("more than", False), (0, False)],
)
def test_blank_cells_are_none_nan_na_and_the_empty_string(cell, blank):
    assert data.is_blank(cell) is blank


def test_columns_read_as_float64_with_na_as_nan():
    column = data.floats(pd.Series(["1", pd.NA, "2.5"], dtype="string"))
    assert column.dtype == "float64" and math.isnan(column[1]) and column[2] == 2.5


def test_finding_messages_follow_the_language_and_can_name_one_item():
    en = data.finding_messages(["observatorio_totals"], "en", item="female_victims_share")
    es = data.finding_messages(["observatorio_totals"], "es", item="female_victims_share")
    assert len(en) == len(es) == 1 and en != es
    assert data.finding_messages(["observatorio_totals"], "en", item="no_such_item") == []
    assert data.indicators("justice").index.name == "indicator_id"


# --- frame: title on top, source, caveat and notes below ------------------------------------


def _framed(lang="en", caveat="A caveat long enough to matter.", notes=(), **sizing) -> go.Figure:
    return frame.finish(go.Figure(), lang, "A title", "Source: a report", caveat, notes, **sizing)


def _named(fig: go.Figure, name: str) -> list:
    return [a for a in fig.layout.annotations if a.name == name]


def test_the_frame_puts_source_caveat_and_notes_below_the_plot_in_that_order():
    fig = _framed(notes=["first note", "second note"])
    source, caveat = _named(fig, "source")[0], _named(fig, "caveat")[0]
    notes = _named(fig, "note")
    assert [a.name for a in fig.layout.annotations] == ["source", "caveat", "note", "note"]
    assert source.yshift == -frame.AXIS_PX  # just under the axis labels
    assert source.yshift > caveat.yshift > notes[0].yshift > notes[1].yshift
    assert notes[0].text == f"{t('chart.quality_note', 'en')}: first note"
    assert fig.layout.title.text == "A title"


def test_the_plot_keeps_its_height_while_notes_add_lines():
    short = _framed(plot_height=300)
    long = _framed(plot_height=300, caveat="word " * 60)  # three lines instead of one
    assert long.layout.height - short.layout.height == 2 * frame.LINE_PX
    plot = short.layout.height - short.layout.margin.t - short.layout.margin.b
    assert plot == 300


def test_a_legend_sits_under_the_axis_and_pushes_the_notes_down():
    plain, legend = _framed(), _framed(legend=True)
    assert not plain.layout.showlegend and legend.layout.showlegend
    shift = _named(plain, "source")[0].yshift - _named(legend, "source")[0].yshift
    assert shift == frame.LEGEND_PX
    assert legend.layout.legend.orientation == "h" and legend.layout.legend.y < 0


def test_the_frame_follows_the_language_and_wraps_a_long_title():
    es, en = _framed("es"), _framed("en")
    assert es.layout.separators == ",." and en.layout.separators == ".,"
    long_title = frame.finish(go.Figure(), "en", "word " * 40, "s", "c")
    assert long_title.layout.title.text.count("<br>") >= 2
    assert long_title.layout.margin.t > en.layout.margin.t


def test_the_left_margin_grows_with_the_longest_label():
    assert frame.left_for(["Lima", "Madre de Dios"]) > frame.left_for(["Lima"])
    assert frame.left_for([]) == 18


# --- parts: bars several charts share -------------------------------------------------------


def test_a_labelled_bar_shows_its_labels_outside_and_on_hover():
    bar = parts.labelled_bar(["1", "2"], "%{y}: ", x=[1, 2], y=["a", "b"])
    assert list(bar.text) == list(bar.customdata) == ["1", "2"]
    assert bar.textposition == "outside" and bar.cliponaxis is False
    assert bar.hovertemplate == "%{y}: %{customdata}<extra></extra>"


def test_grouped_bars_say_not_reported_where_a_figure_is_missing_and_hatch_the_rest_row():
    table = pd.DataFrame(
        {"department_code": ["15", parts.OTHER], "a": [10.0, 4.0], "b": [math.nan, 2.0]}
    )
    fig = go.Figure()
    series = [(c, c.upper(), "#000000", lambda r, c=c: f"{r[c]:g}") for c in ("a", "b")]
    parts.grouped_hbars(fig, table, series, "en")
    a, b = fig.data
    assert list(a.text) == ["10", "4"] and list(b.text) == ["", "2"]
    assert math.isnan(b.x[0])  # no bar, not a zero-length one
    (label,) = [x for x in fig.layout.annotations if x.name == "not_reported"]
    assert label.y == b.y[0] and t("chart.not_reported", "en") in label.text
    assert list(a.marker.pattern.shape) == ["", "/"]  # the unallocated rest is hatched
    assert a.y[0] < b.y[0] < a.y[1]  # the series sit side by side within each row


def test_a_category_axis_puts_the_first_label_on_top():
    fig = go.Figure()
    parts.category_axis(fig, ["Lima", "Cusco", "Puno"])
    axis = fig.layout.yaxis
    assert list(axis.tickvals) == [0, 1, 2] and list(axis.ticktext) == ["Lima", "Cusco", "Puno"]
    assert axis.autorange == "reversed"


# --- the figure a page draws: its words outside, as text that wraps --------------------------


@pytest.mark.parametrize("lang", ["es", "en"])
def test_for_screen_takes_the_words_out_and_keeps_them_in_the_export(lang):
    from geo.charts import CHARTS, for_screen

    for chart_id, spec in CHARTS.items():
        exported = spec.figure(lang)
        screen, words = for_screen(exported)
        assert words.title and words.source and words.caveat, chart_id
        assert words.title == spec.title(lang)
        # the page's figure: no title, no source, caveat or note, no width (its container's)
        assert screen.layout.title.text is None, chart_id
        names = {a.name for a in screen.layout.annotations}
        assert not names & set(frame.BLOCKS), chart_id
        assert screen.layout.width is None and screen.layout.height < exported.layout.height
        # the export keeps them all inside
        kept = {a.name for a in exported.layout.annotations}
        assert {"source", "caveat"} <= kept and exported.layout.title.text, chart_id


def test_for_screen_wraps_axis_and_panel_titles_to_a_phone():
    from geo.charts import CHARTS, for_screen

    screen, _ = for_screen(CHARTS["poverty_vs_complaints"].figure("es"))
    panels = [a.text for a in screen.layout.annotations if a.name is None and a.yanchor == "bottom"]
    assert len(panels) == 2 and all("<br>" in p for p in panels), panels
    screen, _ = for_screen(CHARTS["complaints_vs_origin"].figure("en"))
    assert "<br>" in screen.layout.xaxis.title.text
    # the room under the plot grows with the axis title's lines
    assert screen.layout.margin.b > frame.AXIS_PX + frame.LEGEND_PX


def test_chart_words_are_plain_text():
    fig = frame.finish(go.Figure(), "en", "A &lt;b&gt; title", "Source: x", "Caveat", ["n"])
    words = frame.chart_words(fig)
    assert words.title == "A <b> title"
    assert words.source == "Source: x" and words.caveat == "Caveat"
    assert words.notes == (f"{t('chart.quality_note', 'en')}: n",)
