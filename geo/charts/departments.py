"""The overview page's charts by department: where complaints were filed against where victims
came from, and the poverty rates the report cites beside complaints.

Each chart has a ``*_table`` (the data behind it), a ``*_figure`` and an ``*_alt`` (alt text).
A department the report gives no figure for is labelled "not reported", never drawn as zero.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from geo.charts.data import floats, indicators, is_missing, num, table
from geo.charts.frame import OKABE_ITO, finish, left_for, quality_notes
from geo.charts.parts import REMAINDER, category_axis, grouped_hbars, labelled_bar, not_reported
from geo.charts.spec import Builders
from geo.charts.text import br, n, pct
from geo.i18n import format_count, format_list, normalise_language, t
from geo.names import department_names

# --- complaints where filed vs victims by origin --------------------------------------------

VS_COLUMNS = [
    "department_code",
    "department",
    "complaints_counted_by",
    "complaints",
    "complaints_stated_pct",
    "victims_counted_by",
    "victims",
    "victims_stated_pct",
    "complaints_status",
    "victims_status",
    "period_start",
    "period_end",
]


def complaints_vs_origin_table(lang: str) -> pd.DataFrame:
    """Complaints per judicial district and victims per department of origin, Dec 2009 – Dec 2010.

    One row per department the report itemises in either list, then one row (statuses
    ``remainder``, an empty department_code: it is no department; hatched in the chart) for what
    the report leaves unallocated: the complaints filed in judicial districts it does not name,
    and the victims whose origin it does not give.

    Returns
    -------
    pandas.DataFrame
        department_code, department (the row's label), complaints_counted_by and
        victims_counted_by (what the row counts: a judicial district of the department's name, a
        department of origin, or what the report does not give), complaints,
        complaints_stated_pct, victims, victims_stated_pct (NaN: not reported, never zero),
        complaints_status, victims_status (``reported`` / ``not_reported`` / ``remainder``),
        period_start, period_end.
    """
    lang = normalise_language(lang)
    names = department_names()
    complaints = table("complaints_by_judicial_department").set_index("department_code")
    victims = table("victims_by_origin").set_index("department_code")
    totals = indicators("observatorio_totals")
    period = {
        "period_start": totals.loc["complaints", "period_start"],
        "period_end": totals.loc["complaints", "period_end"],
    }
    rows = [
        {
            "department_code": code,
            "department": names[code],
            **_reported(complaints, code, "complaints", lang),
            **_reported(victims, code, "victims", lang),
            **period,
        }
        for code in dict.fromkeys([*complaints.index, *victims.index])
    ]
    out = pd.DataFrame(rows, columns=VS_COLUMNS)
    out.loc[len(out)] = {
        "department_code": "",
        "department": t("chart.complaints_vs_origin.other", lang),
        "complaints_counted_by": t("chart.complaints_vs_origin.counted_as.complaints_rest", lang),
        "complaints": num(totals.loc["complaints", "value"]) - out["complaints"].sum(),
        "complaints_stated_pct": math.nan,
        "victims_counted_by": t("chart.complaints_vs_origin.counted_as.victims_rest", lang),
        "victims": num(totals.loc["victims", "value"]) - out["victims"].sum(),
        "victims_stated_pct": math.nan,
        "complaints_status": REMAINDER,
        "victims_status": REMAINDER,
        **period,
    }
    return out


def _reported(data: pd.DataFrame, code: str, column: str, lang: str) -> dict:
    """``column``, what it counts, its stated share and its status for department ``code`` (NaN
    where absent)."""
    if code not in data.index:
        return {
            f"{column}_counted_by": "",
            column: math.nan,
            f"{column}_stated_pct": math.nan,
            f"{column}_status": "not_reported",
        }
    row = data.loc[code]
    return {
        f"{column}_counted_by": t(f"chart.complaints_vs_origin.counted_as.{column}", lang),
        column: num(row[column]),
        f"{column}_stated_pct": num(row["stated_pct"]),
        f"{column}_status": "reported",
    }


def _count_label(column: str, lang: str):
    """A row's label for ``column``: "count (stated %)", or the count where no share is stated."""

    def label(row) -> str:
        if is_missing(row[f"{column}_stated_pct"]):
            return n(row[column], lang)
        return f"{n(row[column], lang)} ({pct(row[f'{column}_stated_pct'], lang, 1)})"

    return label


# Row labels wrapped at this many characters: "Resto (sin desglose en el informe)" on one line took
# half of a phone's width from the bars.
ROW_LABEL_WRAP = 16


def complaints_vs_origin_figure(lang: str) -> go.Figure:
    """Per department: complaints where filed beside victims by origin; blanks say not reported."""
    lang = normalise_language(lang)
    rows = complaints_vs_origin_table(lang)
    labels = [br(name, ROW_LABEL_WRAP) for name in rows["department"]]
    fig = go.Figure()
    grouped_hbars(
        fig,
        rows,
        [
            (
                column,
                t(f"chart.complaints_vs_origin.{column}", lang),
                colour,
                _count_label(column, lang),
            )
            for column, colour in (
                ("complaints", OKABE_ITO["vermillion"]),
                ("victims", OKABE_ITO["blue"]),
            )
        ],
        lang,
    )
    category_axis(fig, labels)
    x_max = max(rows["complaints"].max(), rows["victims"].max())
    fig.update_xaxes(title=t("chart.complaints_vs_origin.x", lang), range=[0, x_max * 1.3])
    itemised = rows[rows["complaints_status"] != REMAINDER]
    return finish(
        fig,
        lang,
        t("chart.complaints_vs_origin.title", lang),
        t("chart.source.observatorio", lang),
        _complaints_vs_origin_caveat(itemised, lang),
        quality_notes(["complaints_by_judicial_department", "victims_by_origin"], lang),
        plot_height=44 * len(rows),
        legend=True,
        left=left_for(line for label in labels for line in label.split("<br>")),
    )


def _complaints_vs_origin_caveat(itemised: pd.DataFrame, lang: str) -> str:
    """How much of each total the itemised departments hold, and how many are left out."""
    totals = indicators("observatorio_totals")
    return t(
        "chart.complaints_vs_origin.caveat",
        lang,
        complaints_listed=n(itemised["complaints"].sum(), lang),
        complaints_total=n(num(totals.loc["complaints", "value"]), lang),
        victims_listed=n(itemised["victims"].sum(), lang),
        victims_total=n(num(totals.loc["victims", "value"]), lang),
        n_districts=format_count(int(itemised["complaints"].notna().sum()), lang),
        n_origins=format_count(int(itemised["victims"].notna().sum()), lang),
        others=format_count(25 - len(itemised), lang),
    )


def complaints_vs_origin_alt(lang: str) -> str:
    """The chart in one sentence: each list largest first, and the unallocated rest."""
    lang = normalise_language(lang)
    rows = complaints_vs_origin_table(lang)
    itemised = rows[rows["complaints_status"] != REMAINDER]
    other = rows[rows["complaints_status"] == REMAINDER].iloc[0]

    def items(column: str) -> str:
        part = itemised[itemised[column].notna()]
        part = part.sort_values(column, ascending=False, kind="stable")
        return format_list(
            [f"{r.department} {n(getattr(r, column), lang)}" for r in part.itertuples()], lang
        )

    return t(
        "chart.complaints_vs_origin.alt",
        lang,
        complaints=items("complaints"),
        victims=items("victims"),
        other_complaints=n(other["complaints"], lang),
        other_victims=n(other["victims"], lang),
    )


# --- poverty vs complaints ------------------------------------------------------------------


def poverty_vs_complaints_table(lang: str) -> pd.DataFrame:
    """The six poverty rates as cited beside complaints 2009–2010, for every department in either.

    Returns
    -------
    pandas.DataFrame
        department_code, department, poverty_rate_pct_as_cited, complaints (NaN where the report
        gives no figure), poverty_status, complaints_status, poverty_period_start,
        poverty_period_end, complaints_period_start, complaints_period_end; the six poverty
        departments first, by rate, then the complaint departments without a poverty figure.
    """
    names = department_names()
    poverty = table("poverty_2010_as_cited").set_index("department_code")
    complaints = table("complaints_by_judicial_department").set_index("department_code")
    codes = list(poverty.sort_values("poverty_rate_pct", key=lambda s: s.pipe(floats)).index)
    codes += [c for c in complaints.index if c not in codes]
    periods = {
        f"{name}_{column}": frame[column].iloc[0]
        for name, frame in (("poverty", poverty), ("complaints", complaints))
        for column in ("period_start", "period_end")
    }
    rows = []
    for code in codes:
        has_p, has_c = code in poverty.index, code in complaints.index
        rows.append(
            {
                "department_code": code,
                "department": names[code],
                "poverty_rate_pct_as_cited": num(poverty.loc[code, "poverty_rate_pct"])
                if has_p
                else math.nan,
                "complaints": num(complaints.loc[code, "complaints"]) if has_c else math.nan,
                "poverty_status": "reported" if has_p else "not_reported",
                "complaints_status": "reported" if has_c else "not_reported",
                **periods,
            }
        )
    return pd.DataFrame(rows)


def poverty_vs_complaints_figure(lang: str) -> go.Figure:
    """Two panels sharing the departments: poverty as cited, and complaints; blanks say so."""
    lang = normalise_language(lang)
    rows = poverty_vs_complaints_table(lang)
    fig = make_subplots(
        rows=1,
        cols=2,
        shared_yaxes=True,
        horizontal_spacing=0.06,
        subplot_titles=(
            t("chart.poverty_vs_complaints.poverty", lang),
            t("chart.poverty_vs_complaints.complaints", lang),
        ),
    )
    for col, column, colour, text in (
        (1, "poverty_rate_pct_as_cited", OKABE_ITO["green"], lambda v: pct(v, lang, 1)),
        (2, "complaints", OKABE_ITO["vermillion"], lambda v: n(v, lang)),
    ):
        _panel(fig, col, rows[column], colour, text, lang)
    category_axis(fig, rows["department"])
    fig.update_xaxes(title=t("chart.poverty_vs_complaints.x_poverty", lang), row=1, col=1)
    fig.update_xaxes(title=t("chart.poverty_vs_complaints.x_complaints", lang), row=1, col=2)
    reported = rows["poverty_status"] == "reported"
    both = rows[reported & (rows["complaints_status"] == "reported")]
    caveat = t(
        "chart.poverty_vs_complaints.caveat",
        lang,
        both=format_list(list(both["department"]), lang),
        n_both=format_count(len(both), lang),
        poverty_missing=25 - int(reported.sum()),
    )
    return finish(
        fig,
        lang,
        t("chart.poverty_vs_complaints.title", lang),
        t("chart.source.poverty", lang),
        caveat,
        quality_notes(["poverty_2010_as_cited"], lang),
        plot_height=40 * len(rows) + 30,
        left=left_for(rows["department"]),
    )


def _panel(fig: go.Figure, col: int, values: pd.Series, colour: str, text, lang: str) -> None:
    """One panel of bars at rows 0, 1, 2..., labelled by ``text(value)``; "not reported" for NaN."""
    labels = ["" if is_missing(v) else text(v) for v in values]
    fig.add_trace(
        labelled_bar(
            labels,
            x=values,
            y=list(range(len(values))),
            orientation="h",
            marker_color=colour,
            width=0.7,
        ),
        row=1,
        col=col,
    )
    for i, v in enumerate(values):
        if is_missing(v):
            not_reported(fig, values.max() * 0.02, i, lang, row=1, col=col)
    fig.update_xaxes(range=[0, values.max() * 1.5], row=1, col=col)


def poverty_vs_complaints_alt(lang: str) -> str:
    """The chart in one sentence: each cited poverty rate with the department's complaints."""
    lang = normalise_language(lang)
    poverty = poverty_vs_complaints_table(lang)
    poverty = poverty[poverty["poverty_status"] == "reported"]
    items = [
        t(
            "chart.poverty_vs_complaints.alt_item",
            lang,
            department=r.department,
            rate=pct(r.poverty_rate_pct_as_cited, lang, 1),
            complaints=t("chart.not_reported", lang)
            if is_missing(r.complaints)
            else n(r.complaints, lang),
        )
        for r in poverty.itertuples()
    ]
    return t("chart.poverty_vs_complaints.alt", lang, items="; ".join(items))


COMPLAINTS_VS_ORIGIN = Builders(
    complaints_vs_origin_figure, complaints_vs_origin_table, complaints_vs_origin_alt
)
POVERTY_VS_COMPLAINTS = Builders(
    poverty_vs_complaints_figure, poverty_vs_complaints_table, poverty_vs_complaints_alt
)
