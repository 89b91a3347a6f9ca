"""The justice page's charts: the justice funnel, the penalties, and the timeline of the response.

Each chart has a ``*_table`` (the data behind it), a ``*_figure`` and an ``*_alt`` (alt text).
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from geo.charts.data import indicators, is_blank, num, table
from geo.charts.frame import OKABE_ITO, finish, left_for, quality_notes
from geo.charts.parts import category_axis, grouped_hbars
from geo.charts.spec import Builders
from geo.charts.text import br, n, plotly_text
from geo.i18n import normalise_language, t

# --- justice funnel -------------------------------------------------------------------------

# (series, stage, indicator in justice.csv or None where the report gives no figure)
FUNNEL = (
    ("to_date", "investigated", "cases_investigated"),
    ("to_date", "judiciary", "cases_brought_to_judiciary"),
    ("to_date", "convicted", "traffickers_convicted"),
    ("last_year", "investigated", "last_year_cases_registered"),
    ("last_year", "judiciary", None),
    ("last_year", "convicted", "last_year_convictions"),
)
STAGES = ("investigated", "judiciary", "convicted")
TIMELINE_WRAP = 36  # characters per line of an event's words (fits a phone)
TIMELINE_ROW_PX = 72  # px per event: its date and up to three lines of words


def justice_funnel_table(lang: str) -> pd.DataFrame:
    """The two series of the funnel: to the report's date, and last year.

    Returns
    -------
    pandas.DataFrame
        series, stage, indicator_id (empty where the report gives no figure), label, value (NaN
        where not reported), unit, period_start, period_end, period_as_written (the report's
        words: "to date", "last year"), source_id.
    """
    lang = normalise_language(lang)
    justice = indicators("justice")
    rows = []
    for series, stage, indicator in FUNNEL:
        row = justice.loc[indicator] if indicator else None
        rows.append(
            {
                "series": series,
                "stage": stage,
                "indicator_id": indicator or "",
                "label": row[f"label_{lang}"] if row is not None else t("chart.not_reported", lang),
                "value": num(row["value"]) if row is not None else math.nan,
                "unit": row["unit"] if row is not None else "",
                **_period(row),
                "source_id": row["source_id"] if row is not None else "",
            }
        )
    return pd.DataFrame(rows)


def _period(row) -> dict:
    """period_start, period_end and period_as_written of an indicator row ("" where empty)."""
    columns = ("period_start", "period_end", "period_as_written")
    if row is None:
        return dict.fromkeys(columns, "")
    return {c: "" if is_blank(row[c]) else str(row[c]) for c in columns}


def justice_funnel_figure(lang: str) -> go.Figure:
    """Cases investigated, brought to the judiciary and convicted: to date beside last year."""
    lang = normalise_language(lang)
    rows = justice_funnel_table(lang)
    wide = rows.pivot(index="stage", columns="series", values="value").loc[list(STAGES)]
    series = [
        (s, t(f"chart.justice_funnel.{s}", lang), colour, lambda r, s=s: n(r[s], lang))
        for s, colour in (
            ("to_date", OKABE_ITO["vermillion"]),
            ("last_year", OKABE_ITO["sky_blue"]),
        )
    ]
    fig = go.Figure()
    grouped_hbars(fig, wide.reset_index(), series, lang)
    stages = [t(f"chart.justice_funnel.stage.{s}", lang) for s in STAGES]
    category_axis(fig, stages)
    fig.update_xaxes(title=t("chart.justice_funnel.x", lang), range=[0, rows["value"].max() * 1.2])
    justice = indicators("justice")
    caveat = t(
        "chart.justice_funnel.caveat",
        lang,
        investigated=n(num(justice.loc["cases_investigated", "value"]), lang),
        forced=n(num(justice.loc["cases_forced_labour", "value"]), lang),
        sexual=n(num(justice.loc["cases_sexual_exploitation", "value"]), lang),
    )
    return finish(
        fig,
        lang,
        t("chart.justice_funnel.title", lang),
        t("chart.source.prosecution", lang),
        caveat,
        quality_notes(["justice"], lang, items=[i for _s, _stage, i in FUNNEL if i]),
        plot_height=260,
        legend=True,
        left=left_for(stages),
    )


def justice_funnel_alt(lang: str) -> str:
    """The funnel in one sentence, with its five figures."""
    lang = normalise_language(lang)
    v = justice_funnel_table(lang).set_index(["series", "stage"])["value"]
    return t(
        "chart.justice_funnel.alt",
        lang,
        investigated=n(v["to_date", "investigated"], lang),
        judiciary=n(v["to_date", "judiciary"], lang),
        convicted=n(v["to_date", "convicted"], lang),
        last_investigated=n(v["last_year", "investigated"], lang),
        last_convicted=n(v["last_year", "convicted"], lang),
    )


# --- penalties ------------------------------------------------------------------------------

PENALTY_INDICATORS = (
    "law_28950_penalty_min_years",
    "law_28950_penalty_max_years",
    "max_sentence_imposed_years",
)


def penalties_table(lang: str) -> pd.DataFrame:
    """The legal penalty range as the report gives it and the longest sentence imposed, in years,
    each with its period."""
    lang = normalise_language(lang)
    justice = indicators("justice")
    rows = [
        {
            "indicator_id": i,
            "label": justice.loc[i, f"label_{lang}"],
            "value": num(justice.loc[i, "value"]),
            "unit": justice.loc[i, "unit"],
            "qualifier": ""
            if is_blank(justice.loc[i, "qualifier"])
            else justice.loc[i, "qualifier"],
            **_period(justice.loc[i]),
            "source_id": justice.loc[i, "source_id"],
        }
        for i in PENALTY_INDICATORS
    ]
    return pd.DataFrame(rows)


def _penalty_values(lang: str) -> dict[str, float]:
    """indicator_id -> years, for :data:`PENALTY_INDICATORS`."""
    rows = penalties_table(lang)
    return dict(zip(rows["indicator_id"], rows["value"], strict=True))


def penalties_figure(lang: str) -> go.Figure:
    """The law's range of years as a bar, the longest sentence imposed as a marker beside it."""
    lang = normalise_language(lang)
    v = _penalty_values(lang)
    low, high, imposed = (v[i] for i in PENALTY_INDICATORS)
    law_label = t("chart.penalties.law_range", lang, min=n(low, lang), max=n(high, lang))
    imposed_label = t("chart.penalties.imposed_max", lang, max=n(imposed, lang))
    fig = go.Figure()
    fig.add_bar(
        x=[high - low],
        base=[low],
        y=[0],
        orientation="h",
        width=0.5,
        marker_color=OKABE_ITO["orange"],
        text=[law_label],
        textposition="inside",
        insidetextanchor="middle",
        customdata=[law_label],
        hovertemplate="%{customdata}<extra></extra>",
    )
    fig.add_scatter(
        x=[imposed],
        y=[1],
        mode="markers+text",
        marker={"symbol": "diamond", "size": 16, "color": OKABE_ITO["vermillion"]},
        text=[imposed_label],
        textposition="top left",  # into the plot: on a narrow screen a centred label is cut
        cliponaxis=False,
        customdata=[imposed_label],
        hovertemplate="%{customdata}<extra></extra>",
    )
    fig.add_vline(x=high, line={"dash": "dot", "color": "#555555", "width": 1})
    rows = [t("chart.penalties.law", lang), t("chart.penalties.imposed", lang)]
    fig.update_yaxes(
        tickvals=[0, 1], ticktext=rows, range=[1.6, -0.6], showgrid=False, zeroline=False
    )
    fig.update_xaxes(
        title=t("chart.penalties.x", lang), range=[0, max(high, imposed) * 1.1], dtick=5
    )
    return finish(
        fig,
        lang,
        t("chart.penalties.title", lang),
        t("chart.source.prosecution", lang),
        t("chart.penalties.caveat", lang, imposed=n(imposed, lang), max=n(high, lang)),
        quality_notes(["justice"], lang, items=PENALTY_INDICATORS),
        plot_height=200,
        left=left_for(rows),
    )


def penalties_alt(lang: str) -> str:
    """The penalties in one sentence: the law's range and the longest sentence imposed."""
    lang = normalise_language(lang)
    v = _penalty_values(lang)
    return t(
        "chart.penalties.alt",
        lang,
        min=n(v["law_28950_penalty_min_years"], lang),
        max=n(v["law_28950_penalty_max_years"], lang),
        imposed=n(v["max_sentence_imposed_years"], lang),
    )


# --- timeline -------------------------------------------------------------------------------


def _date_label(date: str, lang: str) -> str:
    """``2007-01-16`` → "16 ene. 2007" / "16 Jan 2007"; a bare year stays as it is."""
    parts = date.split("-")
    if len(parts) != 3:
        return date
    month = t("chart.months", lang).split(",")[int(parts[1]) - 1]
    return f"{int(parts[2])} {month} {parts[0]}"


def _plot_date(date: str) -> pd.Timestamp:
    """Where an event sits on the axis: its day, or 1 July for a bare year."""
    return pd.Timestamp(date if len(date) > 4 else f"{date}-07-01")


def timeline_table(lang: str) -> pd.DataFrame:
    """The timeline's events in date order: event_id, date, date_label, label, source_id."""
    lang = normalise_language(lang)
    data = table("timeline")
    dates = data["date"].astype(str)
    out = pd.DataFrame(
        {
            "event_id": data["event_id"],
            "date": dates,
            "date_label": [_date_label(d, lang) for d in dates],
            "label": data[f"label_{lang}"],
            "source_id": data["source_id"],
        }
    )
    order = sorted(range(len(out)), key=lambda i: (_plot_date(dates.iloc[i]), i))
    return out.iloc[order].reset_index(drop=True)


def timeline_figure(lang: str) -> go.Figure:
    """The events down a line, one row each in date order, date and words to the right.

    Rows, not a scale of years: the words then never run into each other or off the figure,
    however narrow the screen.
    """
    lang = normalise_language(lang)
    rows = timeline_table(lang)
    ys = list(range(len(rows)))
    fig = go.Figure(
        go.Scatter(
            x=[0] * len(ys),
            y=ys,
            mode="lines+markers",
            marker={
                "size": 12,
                "color": OKABE_ITO["blue"],
                "line": {"color": "#FFFFFF", "width": 1},
            },
            line={"color": "#888888", "width": 2},
            customdata=[
                f"{d}: {label}" for d, label in zip(rows["date_label"], rows["label"], strict=True)
            ],
            hovertemplate="%{customdata}<extra></extra>",
        )
    )
    for y, r in zip(ys, rows.itertuples(), strict=True):
        # plotly's label markup: the texts escaped, then its own <b> and <br> around them
        label = br(plotly_text(r.label), TIMELINE_WRAP)
        _event_label(fig, y, "<b>" + plotly_text(r.date_label) + "</b><br>" + label)
    fig.update_xaxes(visible=False, range=[-0.02, 1], fixedrange=True)
    fig.update_yaxes(visible=False, range=[len(ys) - 0.5, -0.5], fixedrange=True)
    return finish(
        fig,
        lang,
        t("chart.timeline.title", lang),
        t("chart.source.timeline", lang),
        t("chart.timeline.caveat", lang),
        quality_notes(["timeline"], lang),
        plot_height=TIMELINE_ROW_PX * len(ys),
        axis_px=10,
        left=30,
    )


def _event_label(fig: go.Figure, y: int, text: str) -> None:
    """An event's date and words to the right of its point on the line."""
    fig.add_annotation(
        name="event",
        x=0,
        y=y,
        xanchor="left",
        xshift=14,
        showarrow=False,
        text=text,
        align="left",
        font={"size": 11},
    )


def timeline_alt(lang: str) -> str:
    """The timeline in one sentence: every event with its date."""
    lang = normalise_language(lang)
    items = [f"{r.date_label}: {r.label}" for r in timeline_table(lang).itertuples()]
    return t("chart.timeline.alt", lang, n=len(items), items="; ".join(items))


JUSTICE_FUNNEL = Builders(justice_funnel_figure, justice_funnel_table, justice_funnel_alt)
PENALTIES = Builders(penalties_figure, penalties_table, penalties_alt)
TIMELINE = Builders(timeline_figure, timeline_table, timeline_alt)
