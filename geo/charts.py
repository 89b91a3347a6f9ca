"""Plotly charts of the report's figures, each with its title, source line and caveat inside it."""

from __future__ import annotations

import atexit
import math
import textwrap
import threading
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from geo.i18n import format_list, format_number, format_percent, normalise_language, t, tn

# Okabe & Ito (2008), the colour-blind-safe palette.
OKABE_ITO = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "black": "#000000",
}
NOT_REPORTED_TEXT = "#595959"  # 7:1 on white; the words "not reported" are never drawn as a bar
PNG_WIDTH = 960  # px; kaleido's PNG is this wide times ``scale``
WRAP = 105  # characters per line of the source and caveat (fits a ~600 px wide chart)
TITLE_WRAP = 72  # characters per line of the title (16 px)
LINE_PX = 15  # height of one line of the 11 px notes below the plot
AXIS_PX = 58  # room under the plot area for tick labels and the axis title
FONT = "Arial, Helvetica, sans-serif"

PAGES = ("overview", "justice")


class ChartImageError(RuntimeError):
    """A chart could not be drawn as an image (no Chromium for kaleido, or kaleido failed)."""


# --- data -----------------------------------------------------------------------------------


def _table(name: str) -> pd.DataFrame:
    """A data table from ``data/`` (validated, codes as strings)."""
    from geo.tables import read_table

    return read_table(name)


def _num(value: object) -> float:
    """A cell as a float; NaN for empty cells."""
    if value is None:
        return math.nan
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


def _floats(series: pd.Series) -> pd.Series:
    """A column as float64, empty cells (NA) as NaN."""
    return pd.to_numeric(series, errors="coerce").astype("float64")


def _is_missing(value: object) -> bool:
    return math.isnan(_num(value))


def _indicators(name: str) -> pd.DataFrame:
    """An indicator table (indicator_id, value, ...) indexed by indicator_id."""
    return _table(name).set_index("indicator_id")


def _findings(datasets: Iterable[str]) -> list:
    """geo.quality's findings (other than "ok") about the given data tables."""
    from geo.quality import findings

    wanted = set(datasets)
    return [f for f in findings() if f.severity != "ok" and f.dataset in wanted]


def quality_messages(chart_id: str, lang: str) -> list[str]:
    """Every data-quality finding (other than "ok") about a chart's figures, its kind named."""
    return [f.labelled(lang) for f in _findings(chart_spec(chart_id).datasets)]


def _quality_notes(datasets: Iterable[str], lang: str) -> list[str]:
    """The short wording of each finding about the tables that has one, for the figure itself.

    The full findings are listed beside the chart (:func:`quality_messages`); the figure carries
    this brief version so that an exported image keeps it.
    """
    return [note for f in _findings(datasets) if (note := f.brief(lang))]


# --- formatting -----------------------------------------------------------------------------


def _n(value: float, lang: str, decimals: int = 0) -> str:
    return format_number(float(value), decimals, lang)


def _pct(value: float, lang: str, decimals: int = 1) -> str:
    return format_percent(float(value), decimals, lang)


def _wrap(text: str, width: int = WRAP) -> list[str]:
    return textwrap.wrap(text, width=width, break_long_words=False) or [""]


def _br(text: str, width: int) -> str:
    return "<br>".join(_wrap(text, width))


def _lower_first(text: str) -> str:
    """A label used mid-sentence: "Child begging" -> "child begging" (names keep their capitals)."""
    return text[:1].lower() + text[1:]


# --- the frame every chart shares -----------------------------------------------------------


def _finish(
    fig: go.Figure,
    lang: str,
    title: str,
    source: str,
    caveat: str,
    notes: Iterable[str] = (),
    plot_height: int = 340,
    axis_px: int = AXIS_PX,
    legend: bool = False,
    left: int = 70,
) -> go.Figure:
    """Give ``fig`` the atlas's frame: title on top; source, caveat and notes below the plot.

    The words are annotations in the figure itself (named ``source``, ``caveat``, ``note``), so
    a PNG export or a screenshot carries them. The figure's height grows with their lines, so the
    plot area keeps ``plot_height`` pixels. ``left`` is the left margin in pixels (room for the
    y-axis labels); the words below the plot start at the figure's left edge.
    """
    lang = normalise_language(lang)
    blocks = [("source", source), ("caveat", caveat)]
    blocks += [("note", f"{t('chart.quality_note', lang)}: {note}") for note in notes]
    shift = axis_px + (28 if legend else 0)
    for name, text in blocks:
        lines = _wrap(text)
        fig.add_annotation(
            name=name,
            text="<br>".join(lines),
            xref="paper",
            yref="paper",
            x=0,
            y=0,
            xanchor="left",
            yanchor="top",
            yshift=-shift,
            xshift=-(left - 6),
            showarrow=False,
            align="left",
            font={"size": 11, "color": "#333333" if name == "source" else "#444444"},
        )
        shift += len(lines) * LINE_PX + 6
    title_lines = _wrap(title, TITLE_WRAP)
    top = 30 + 24 * len(title_lines)
    fig.update_layout(
        title={
            "text": "<br>".join(title_lines),
            "x": 0,
            "xanchor": "left",
            "y": 1,
            "yanchor": "top",
            "yref": "container",
            "pad": {"t": 14, "l": 4},
            "font": {"size": 16},
        },
        height=top + plot_height + shift + 10,
        margin={"t": top, "b": shift + 10, "l": left, "r": 30, "autoexpand": True},
        template="plotly_white",
        font={"family": FONT, "size": 12, "color": "#222222"},
        separators=",\u202f" if lang == "es" else ".,",
        showlegend=legend,
        # plotly has no legend yshift: the legend sits just under the axis title, in paper units
        legend={
            "orientation": "h",
            "x": 0,
            "y": -axis_px / plot_height,
            "yanchor": "top",
            "xanchor": "left",
            "bgcolor": "rgba(0,0,0,0)",
        }
        if legend
        else {},
        hoverlabel={"font": {"family": FONT}},
    )
    return fig


def _left_for(labels: Iterable[str]) -> int:
    """A left margin (px) wide enough for these y-axis labels at 12 px."""
    return int(max((len(str(x)) for x in labels), default=0) * 6.6) + 18


def _not_reported(fig: go.Figure, x: float, y: float, lang: str, row=None, col=None) -> None:
    """The words "not reported" where a bar would be: never a zero-length bar."""
    fig.add_annotation(
        name="not_reported",
        text=f"<i>{t('chart.not_reported', lang)}</i>",
        x=x,
        y=y,
        xanchor="left",
        showarrow=False,
        font={"size": 11, "color": NOT_REPORTED_TEXT},
        row=row,
        col=col,
    )


# --- purposes -------------------------------------------------------------------------------


def purposes_table(lang: str) -> pd.DataFrame:
    """RETA complaints by purpose (Jan 2004 – Jul 2011), with the stated and recomputed shares.

    Returns
    -------
    pandas.DataFrame
        purpose_id, purpose, complaints (NaN where the report gives only a percentage),
        stated_pct, recomputed_pct (complaints / all complaints × 100), period_start, period_end,
        source_id; the ``all`` row first.
    """
    lang = normalise_language(lang)
    data = _table("reta_purposes")
    total = _num(data.set_index("purpose_id").loc["all", "complaints"])
    out = pd.DataFrame(
        {
            "purpose_id": data["purpose_id"],
            "purpose": data[f"purpose_{lang}"],
            "complaints": data["complaints"].pipe(_floats),
            "stated_pct": data["stated_pct"].pipe(_floats),
        }
    )
    out["recomputed_pct"] = (out["complaints"] / total * 100).round(2)
    for column in ("period_start", "period_end", "source_id"):
        out[column] = data[column]
    return out


def _purpose_rows(lang: str) -> tuple[pd.DataFrame, float]:
    table = purposes_table(lang)
    total = float(table.loc[table["purpose_id"] == "all", "complaints"].iloc[0])
    return table[table["purpose_id"] != "all"].reset_index(drop=True), total


def purposes_figure(lang: str) -> go.Figure:
    """Horizontal bars of the stated share of complaints per purpose, counts where given."""
    lang = normalise_language(lang)
    rows, total = _purpose_rows(lang)
    counted = rows["complaints"].notna()
    fig = go.Figure()
    for mask, name, colour, pattern in (
        (counted, t("chart.purposes.counted", lang), OKABE_ITO["blue"], ""),
        (~counted, t("chart.purposes.pct_only", lang), OKABE_ITO["sky_blue"], "/"),
    ):
        part = rows[mask]
        if part.empty:
            continue
        labels = [
            f"{_n(r.complaints, lang)} ({_pct(r.stated_pct, lang, 2)})"
            if counted[i]
            else f"{_pct(r.stated_pct, lang, 2)} ({t('chart.no_count', lang)})"
            for i, r in part.iterrows()
        ]
        fig.add_bar(
            x=part["stated_pct"],
            y=part["purpose"],
            orientation="h",
            name=name,
            marker={"color": colour, "pattern": {"shape": pattern, "fgcolor": OKABE_ITO["blue"]}},
            text=labels,
            textposition="outside",
            cliponaxis=False,
            customdata=labels,
            hovertemplate="%{y}: %{customdata}<extra></extra>",
        )
    fig.update_yaxes(categoryorder="array", categoryarray=list(rows["purpose"])[::-1])
    fig.update_xaxes(
        title=t("chart.purposes.x", lang, total=_n(total, lang)),
        range=[0, rows["stated_pct"].max() * 1.45],
        ticksuffix="",
    )
    missing = list(rows.loc[~counted, "purpose"])
    caveat = t(
        "chart.purposes.caveat",
        lang,
        items=format_list([_lower_first(m) for m in missing], lang),
        sum=_pct(rows["stated_pct"].sum(), lang, 2),
    )
    return _finish(
        fig,
        lang,
        t("chart.purposes.title", lang, total=_n(total, lang)),
        t("chart.source.reta", lang),
        caveat,
        _quality_notes(["reta_purposes"], lang),
        plot_height=260,
        legend=True,
        left=_left_for(rows["purpose"]),
    )


def purposes_alt(lang: str) -> str:
    lang = normalise_language(lang)
    rows, total = _purpose_rows(lang)
    items = [
        f"{r.purpose} {_n(r.complaints, lang)} ({_pct(r.stated_pct, lang, 2)})"
        if not _is_missing(r.complaints)
        else f"{r.purpose} {_pct(r.stated_pct, lang, 2)} ({t('chart.no_count', lang)})"
        for r in rows.itertuples()
    ]
    return t("chart.purposes.alt", lang, total=_n(total, lang), items=format_list(items, lang))


# --- age groups -----------------------------------------------------------------------------


def age_groups_table(lang: str) -> pd.DataFrame:
    """Women registered as victims by RETA, by age group, with stated and recomputed shares."""
    data = _table("reta_women_victims_by_age")
    total = _num(data.set_index("age_group").loc["all", "victims"])
    out = pd.DataFrame(
        {
            "age_group": data["age_group"],
            "age_min": data["age_min"].pipe(_floats).astype("Int64"),
            "age_max": data["age_max"].pipe(_floats).astype("Int64"),
            "victims": data["victims"].pipe(_floats),
            "stated_pct": data["stated_pct"].pipe(_floats),
        }
    )
    out["recomputed_pct"] = (out["victims"] / total * 100).round(2)
    out["source_id"] = data["source_id"]
    return out


def _age_label(row, lang: str) -> str:
    if row.age_group == "all":
        return t("chart.age_groups.all", lang)
    return t("chart.age_groups.range", lang, min=int(row.age_min), max=int(row.age_max))


def _age_rows(lang: str) -> tuple[pd.DataFrame, float]:
    table = age_groups_table(lang)
    total = float(table.loc[table["age_group"] == "all", "victims"].iloc[0])
    rows = table[table["age_group"] != "all"].reset_index(drop=True)
    rows["label"] = [_age_label(r, lang) for r in rows.itertuples()]
    return rows, total


def age_groups_figure(lang: str) -> go.Figure:
    """Bars of women victims per age group, labelled with count and stated share."""
    lang = normalise_language(lang)
    rows, total = _age_rows(lang)
    labels = [f"{_n(r.victims, lang)} ({_pct(r.stated_pct, lang, 2)})" for r in rows.itertuples()]
    fig = go.Figure(
        go.Bar(
            x=rows["label"],
            y=rows["victims"],
            marker_color=OKABE_ITO["vermillion"],
            text=labels,
            textposition="outside",
            cliponaxis=False,
            customdata=labels,
            hovertemplate="%{x}: %{customdata}<extra></extra>",
        )
    )
    fig.update_yaxes(title=t("chart.age_groups.y", lang), range=[0, rows["victims"].max() * 1.18])
    fig.update_xaxes(title=t("chart.age_groups.x", lang))
    return _finish(
        fig,
        lang,
        t("chart.age_groups.title", lang, total=_n(total, lang)),
        t("chart.source.reta", lang),
        t("chart.age_groups.caveat", lang),
        _quality_notes(["reta_women_victims_by_age"], lang),
    )


def age_groups_alt(lang: str) -> str:
    lang = normalise_language(lang)
    rows, total = _age_rows(lang)
    items = [
        f"{r.label}: {_n(r.victims, lang)} ({_pct(r.stated_pct, lang, 2)})"
        for r in rows.itertuples()
    ]
    return t("chart.age_groups.alt", lang, total=_n(total, lang), items=format_list(items, lang))


# --- complaints where filed vs victims by origin --------------------------------------------

OTHER = "other"


def complaints_vs_origin_table(lang: str) -> pd.DataFrame:
    """Complaints per judicial district and victims per department of origin, Dec 2009 – Dec 2010.

    One row per department the report itemises in either list, then one row (department_code
    ``"other"``) for what the report leaves unallocated: total minus the itemised departments.

    Returns
    -------
    pandas.DataFrame
        department_code, department, complaints, complaints_stated_pct, victims,
        victims_stated_pct (NaN: not reported, never zero), complaints_status, victims_status
        (``reported`` / ``not_reported`` / ``remainder``).
    """
    from geo.names import department_names

    lang = normalise_language(lang)
    names = department_names()
    complaints = _table("complaints_by_judicial_department").set_index("department_code")
    victims = _table("victims_by_origin").set_index("department_code")
    totals = _indicators("observatorio_totals")
    codes = list(dict.fromkeys([*complaints.index, *victims.index]))
    rows = []
    for code in codes:
        c = complaints.loc[code] if code in complaints.index else None
        v = victims.loc[code] if code in victims.index else None
        rows.append(
            {
                "department_code": code,
                "department": names[code],
                "complaints": math.nan if c is None else _num(c["complaints"]),
                "complaints_stated_pct": math.nan if c is None else _num(c["stated_pct"]),
                "victims": math.nan if v is None else _num(v["victims"]),
                "victims_stated_pct": math.nan if v is None else _num(v["stated_pct"]),
                "complaints_status": "not_reported" if c is None else "reported",
                "victims_status": "not_reported" if v is None else "reported",
            }
        )
    out = pd.DataFrame(rows)
    out.loc[len(out)] = {
        "department_code": OTHER,
        "department": t("chart.complaints_vs_origin.other", lang),
        "complaints": _num(totals.loc["complaints", "value"]) - out["complaints"].sum(),
        "complaints_stated_pct": math.nan,
        "victims": _num(totals.loc["victims", "value"]) - out["victims"].sum(),
        "victims_stated_pct": math.nan,
        "complaints_status": "remainder",
        "victims_status": "remainder",
    }
    return out


def _grouped_hbars(
    fig: go.Figure,
    table: pd.DataFrame,
    series,
    lang: str,
    row=None,
    col=None,
    x_max: float | None = None,
) -> None:
    """Grouped horizontal bars at numeric positions (0 on top); "not reported" where NaN.

    ``series``: (column, name, colour, label function) tuples, drawn top to bottom per row.
    """
    n = len(series)
    width = 0.8 / n
    x_max = x_max or max(table[s[0]].max() for s in series)
    for k, (column, name, colour, label) in enumerate(series):
        offset = (k - (n - 1) / 2) * width
        ys = [i + offset for i in range(len(table))]
        values = table[column]
        present = values.notna()
        texts = [label(r) if present[i] else "" for i, r in table.iterrows()]
        patterns = ["/" if str(code) == OTHER else "" for code in table.get("department_code", [])]
        fig.add_trace(
            go.Bar(
                x=values.where(present),
                y=ys,
                width=width * 0.92,
                orientation="h",
                name=name,
                marker={
                    "color": colour,
                    "pattern": {
                        "shape": patterns or "",
                        "fillmode": "overlay",
                        "fgcolor": "#FFFFFF",
                    },
                },
                text=texts,
                textposition="outside",
                cliponaxis=False,
                customdata=texts,
                hovertemplate=f"{name}: %{{customdata}}<extra></extra>",
            ),
            row=row,
            col=col,
        )
        for i, y in enumerate(ys):
            if not present[i]:
                _not_reported(fig, x_max * 0.01, y, lang, row=row, col=col)


def complaints_vs_origin_figure(lang: str) -> go.Figure:
    """Per department: complaints where filed beside victims by origin; blanks say not reported."""
    lang = normalise_language(lang)
    table = complaints_vs_origin_table(lang)
    fig = go.Figure()

    def label(column: str, pct_column: str):
        def text(r) -> str:
            if _is_missing(r[pct_column]):
                return _n(r[column], lang)
            return f"{_n(r[column], lang)} ({_pct(r[pct_column], lang, 1)})"

        return text

    _grouped_hbars(
        fig,
        table,
        [
            (
                "complaints",
                t("chart.complaints_vs_origin.complaints", lang),
                OKABE_ITO["vermillion"],
                label("complaints", "complaints_stated_pct"),
            ),
            (
                "victims",
                t("chart.complaints_vs_origin.victims", lang),
                OKABE_ITO["blue"],
                label("victims", "victims_stated_pct"),
            ),
        ],
        lang,
    )
    x_max = max(table["complaints"].max(), table["victims"].max())
    fig.update_yaxes(
        tickvals=list(range(len(table))),
        ticktext=list(table["department"]),
        autorange="reversed",
        showgrid=False,
        zeroline=False,
    )
    fig.update_xaxes(title=t("chart.complaints_vs_origin.x", lang), range=[0, x_max * 1.3])
    totals = _indicators("observatorio_totals")
    itemised = table[table["department_code"] != OTHER]
    caveat = t(
        "chart.complaints_vs_origin.caveat",
        lang,
        complaints_listed=_n(itemised["complaints"].sum(), lang),
        complaints_total=_n(_num(totals.loc["complaints", "value"]), lang),
        victims_listed=_n(itemised["victims"].sum(), lang),
        victims_total=_n(_num(totals.loc["victims", "value"]), lang),
        others=25 - len(itemised),
    )
    return _finish(
        fig,
        lang,
        t("chart.complaints_vs_origin.title", lang),
        t("chart.source.observatorio", lang),
        caveat,
        _quality_notes(["complaints_by_judicial_department", "victims_by_origin"], lang),
        plot_height=44 * len(table),
        legend=True,
        left=_left_for(table["department"]),
    )


def complaints_vs_origin_alt(lang: str) -> str:
    lang = normalise_language(lang)
    table = complaints_vs_origin_table(lang)
    itemised = table[table["department_code"] != OTHER]
    other = table[table["department_code"] == OTHER].iloc[0]

    def items(column: str) -> str:
        part = itemised[itemised[column].notna()]
        part = part.sort_values(column, ascending=False, kind="stable")
        return format_list(
            [f"{r.department} {_n(getattr(r, column), lang)}" for r in part.itertuples()], lang
        )

    return t(
        "chart.complaints_vs_origin.alt",
        lang,
        complaints=items("complaints"),
        victims=items("victims"),
        other_complaints=_n(other["complaints"], lang),
        other_victims=_n(other["victims"], lang),
    )


# --- poverty vs complaints ------------------------------------------------------------------


def poverty_vs_complaints_table(lang: str) -> pd.DataFrame:
    """The six poverty rates as cited beside complaints 2009–2010, for every department in either.

    Returns
    -------
    pandas.DataFrame
        department_code, department, poverty_rate_pct_as_cited, complaints (NaN where the report
        gives no figure), poverty_status, complaints_status; the six poverty departments first,
        by rate, then the complaint departments without a poverty figure.
    """
    from geo.names import department_names

    names = department_names()
    poverty = _table("poverty_2010_as_cited").set_index("department_code")
    complaints = _table("complaints_by_judicial_department").set_index("department_code")
    codes = list(poverty.sort_values("poverty_rate_pct", key=lambda s: s.pipe(_floats)).index)
    codes += [c for c in complaints.index if c not in codes]
    rows = []
    for code in codes:
        has_p, has_c = code in poverty.index, code in complaints.index
        rows.append(
            {
                "department_code": code,
                "department": names[code],
                "poverty_rate_pct_as_cited": _num(poverty.loc[code, "poverty_rate_pct"])
                if has_p
                else math.nan,
                "complaints": _num(complaints.loc[code, "complaints"]) if has_c else math.nan,
                "poverty_status": "reported" if has_p else "not_reported",
                "complaints_status": "reported" if has_c else "not_reported",
            }
        )
    return pd.DataFrame(rows)


def poverty_vs_complaints_figure(lang: str) -> go.Figure:
    """Two panels sharing the departments: poverty as cited, and complaints; blanks say so."""
    lang = normalise_language(lang)
    table = poverty_vs_complaints_table(lang)
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
        (1, "poverty_rate_pct_as_cited", OKABE_ITO["green"], lambda v: _pct(v, lang, 1)),
        (2, "complaints", OKABE_ITO["vermillion"], lambda v: _n(v, lang)),
    ):
        values = table[column]
        labels = ["" if _is_missing(v) else text(v) for v in values]
        fig.add_trace(
            go.Bar(
                x=values,
                y=list(range(len(table))),
                orientation="h",
                marker_color=colour,
                width=0.7,
                text=labels,
                textposition="outside",
                cliponaxis=False,
                customdata=labels,
                hovertemplate="%{customdata}<extra></extra>",
            ),
            row=1,
            col=col,
        )
        for i, v in enumerate(values):
            if _is_missing(v):
                _not_reported(fig, values.max() * 0.02, i, lang, row=1, col=col)
        fig.update_xaxes(range=[0, values.max() * 1.5], row=1, col=col)
    fig.update_yaxes(
        tickvals=list(range(len(table))),
        ticktext=list(table["department"]),
        autorange="reversed",
        showgrid=False,
        zeroline=False,
    )
    fig.update_xaxes(title=t("chart.poverty_vs_complaints.x_poverty", lang), row=1, col=1)
    fig.update_xaxes(title=t("chart.poverty_vs_complaints.x_complaints", lang), row=1, col=2)
    reported = table["poverty_status"] == "reported"
    both = table[reported & (table["complaints_status"] == "reported")]
    caveat = t(
        "chart.poverty_vs_complaints.caveat",
        lang,
        both=format_list(list(both["department"]), lang),
        n_both=len(both),
        poverty_missing=25 - int(reported.sum()),
    )
    return _finish(
        fig,
        lang,
        t("chart.poverty_vs_complaints.title", lang),
        t("chart.source.poverty", lang),
        caveat,
        _quality_notes(["poverty_2010_as_cited"], lang),
        plot_height=40 * len(table) + 30,
        left=_left_for(table["department"]),
    )


def poverty_vs_complaints_alt(lang: str) -> str:
    lang = normalise_language(lang)
    table = poverty_vs_complaints_table(lang)
    poverty = table[table["poverty_status"] == "reported"]
    items = []
    for r in poverty.itertuples():
        complaints = (
            t("chart.not_reported", lang) if _is_missing(r.complaints) else _n(r.complaints, lang)
        )
        items.append(
            t(
                "chart.poverty_vs_complaints.alt_item",
                lang,
                department=r.department,
                rate=_pct(r.poverty_rate_pct_as_cited, lang, 1),
                complaints=complaints,
            )
        )
    return t("chart.poverty_vs_complaints.alt", lang, items="; ".join(items))


# --- education ------------------------------------------------------------------------------


def education_table(lang: str) -> pd.DataFrame:
    """Average years of schooling of women, urban and rural, as the report cites INEI."""
    data = _table("education")
    return pd.DataFrame(
        {
            "area": data["area"],
            "area_label": [t(f"chart.education.{a}", lang) for a in data["area"]],
            "years_of_schooling": data["years_of_schooling"].pipe(_floats),
            "source_id": data["source_id"],
        }
    )


def education_figure(lang: str) -> go.Figure:
    lang = normalise_language(lang)
    table = education_table(lang)
    colours = {"urban": OKABE_ITO["blue"], "rural": OKABE_ITO["orange"]}
    labels = [t("chart.years", lang, n=_n(v, lang, 1)) for v in table["years_of_schooling"]]
    fig = go.Figure(
        go.Bar(
            x=table["area_label"],
            y=table["years_of_schooling"],
            width=0.5,
            marker_color=[colours.get(a, OKABE_ITO["black"]) for a in table["area"]],
            text=labels,
            textposition="outside",
            cliponaxis=False,
            customdata=labels,
            hovertemplate="%{x}: %{customdata}<extra></extra>",
        )
    )
    fig.update_yaxes(
        title=t("chart.education.y", lang), range=[0, table["years_of_schooling"].max() * 1.2]
    )
    return _finish(
        fig,
        lang,
        t("chart.education.title", lang),
        t("chart.source.education", lang),
        t("chart.education.caveat", lang),
        _quality_notes(["education"], lang),
        plot_height=280,
        axis_px=36,
    )


def education_alt(lang: str) -> str:
    lang = normalise_language(lang)
    values = education_table(lang).set_index("area")["years_of_schooling"]
    return t(
        "chart.education.alt",
        lang,
        urban=_n(values["urban"], lang, 1),
        rural=_n(values["rural"], lang, 1),
        gap=_n(values["urban"] - values["rural"], lang, 1),
    )


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


def justice_funnel_table(lang: str) -> pd.DataFrame:
    """The two series of the funnel: to the report's date, and last year.

    Returns
    -------
    pandas.DataFrame
        series, stage, indicator_id (empty where the report gives no figure), label, value (NaN
        where not reported), unit, source_id.
    """
    lang = normalise_language(lang)
    justice = _indicators("justice")
    rows = []
    for series, stage, indicator in FUNNEL:
        row = justice.loc[indicator] if indicator else None
        rows.append(
            {
                "series": series,
                "stage": stage,
                "indicator_id": indicator or "",
                "label": row[f"label_{lang}"] if row is not None else t("chart.not_reported", lang),
                "value": _num(row["value"]) if row is not None else math.nan,
                "unit": row["unit"] if row is not None else "",
                "source_id": row["source_id"] if row is not None else "",
            }
        )
    return pd.DataFrame(rows)


def justice_funnel_figure(lang: str) -> go.Figure:
    lang = normalise_language(lang)
    table = justice_funnel_table(lang)
    wide = table.pivot(index="stage", columns="series", values="value").loc[list(STAGES)]
    wide = wide.reset_index()
    series = [
        (s, t(f"chart.justice_funnel.{s}", lang), colour, lambda r, s=s: _n(r[s], lang))
        for s, colour in (
            ("to_date", OKABE_ITO["vermillion"]),
            ("last_year", OKABE_ITO["sky_blue"]),
        )
    ]
    fig = go.Figure()
    _grouped_hbars(fig, wide, series, lang)
    fig.update_yaxes(
        tickvals=list(range(len(STAGES))),
        ticktext=[t(f"chart.justice_funnel.stage.{s}", lang) for s in STAGES],
        autorange="reversed",
        showgrid=False,
        zeroline=False,
    )
    fig.update_xaxes(title=t("chart.justice_funnel.x", lang), range=[0, table["value"].max() * 1.2])
    justice = _indicators("justice")
    caveat = t(
        "chart.justice_funnel.caveat",
        lang,
        investigated=_n(_num(justice.loc["cases_investigated", "value"]), lang),
        forced=_n(_num(justice.loc["cases_forced_labour", "value"]), lang),
        sexual=_n(_num(justice.loc["cases_sexual_exploitation", "value"]), lang),
    )
    return _finish(
        fig,
        lang,
        t("chart.justice_funnel.title", lang),
        t("chart.source.prosecution", lang),
        caveat,
        _quality_notes(["justice"], lang),
        plot_height=260,
        legend=True,
        left=_left_for(t(f"chart.justice_funnel.stage.{s}", lang) for s in STAGES),
    )


def justice_funnel_alt(lang: str) -> str:
    lang = normalise_language(lang)
    v = justice_funnel_table(lang).set_index(["series", "stage"])["value"]
    return t(
        "chart.justice_funnel.alt",
        lang,
        investigated=_n(v["to_date", "investigated"], lang),
        judiciary=_n(v["to_date", "judiciary"], lang),
        convicted=_n(v["to_date", "convicted"], lang),
        last_investigated=_n(v["last_year", "investigated"], lang),
        last_convicted=_n(v["last_year", "convicted"], lang),
    )


# --- penalties ------------------------------------------------------------------------------

PENALTY_INDICATORS = (
    "law_28950_penalty_min_years",
    "law_28950_penalty_max_years",
    "max_sentence_imposed_years",
)


def penalties_table(lang: str) -> pd.DataFrame:
    """The legal penalty range and the longest sentence imposed, in years."""
    lang = normalise_language(lang)
    justice = _indicators("justice")
    rows = [
        {
            "indicator_id": i,
            "label": justice.loc[i, f"label_{lang}"],
            "value": _num(justice.loc[i, "value"]),
            "unit": justice.loc[i, "unit"],
            "qualifier": justice.loc[i, "qualifier"]
            if not _is_blank(justice.loc[i, "qualifier"])
            else "",
            "source_id": justice.loc[i, "source_id"],
        }
        for i in PENALTY_INDICATORS
    ]
    return pd.DataFrame(rows)


def _is_blank(value: object) -> bool:
    """True for None, NaN, pd.NA and the empty string."""
    return value is None or bool(pd.isna(value)) or str(value) == ""


def _penalty_values(lang: str) -> dict[str, float]:
    return dict(
        zip(penalties_table(lang)["indicator_id"], penalties_table(lang)["value"], strict=True)
    )


def penalties_figure(lang: str) -> go.Figure:
    lang = normalise_language(lang)
    v = _penalty_values(lang)
    low, high, imposed = (v[i] for i in PENALTY_INDICATORS)
    law_label = t("chart.penalties.law_range", lang, min=_n(low, lang), max=_n(high, lang))
    imposed_label = t("chart.penalties.imposed_max", lang, max=_n(imposed, lang))
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
        textposition="top center",
        customdata=[imposed_label],
        hovertemplate="%{customdata}<extra></extra>",
    )
    fig.add_vline(x=high, line={"dash": "dot", "color": "#555555", "width": 1})
    fig.update_yaxes(
        tickvals=[0, 1],
        ticktext=[t("chart.penalties.law", lang), t("chart.penalties.imposed", lang)],
        range=[1.6, -0.6],
        showgrid=False,
        zeroline=False,
    )
    fig.update_xaxes(
        title=t("chart.penalties.x", lang), range=[0, max(high, imposed) * 1.1], dtick=5
    )
    caveat = t("chart.penalties.caveat", lang, imposed=_n(imposed, lang), max=_n(high, lang))
    return _finish(
        fig,
        lang,
        t("chart.penalties.title", lang),
        t("chart.source.prosecution", lang),
        caveat,
        _quality_notes(["justice"], lang),
        plot_height=200,
        left=_left_for([t("chart.penalties.law", lang), t("chart.penalties.imposed", lang)]),
    )


def penalties_alt(lang: str) -> str:
    lang = normalise_language(lang)
    v = _penalty_values(lang)
    return t(
        "chart.penalties.alt",
        lang,
        min=_n(v["law_28950_penalty_min_years"], lang),
        max=_n(v["law_28950_penalty_max_years"], lang),
        imposed=_n(v["max_sentence_imposed_years"], lang),
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
    data = _table("timeline")
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
    lang = normalise_language(lang)
    table = timeline_table(lang)
    xs = [_plot_date(d) for d in table["date"]]
    fig = go.Figure(
        go.Scatter(
            x=xs,
            y=[0] * len(xs),
            mode="lines+markers",
            marker={
                "size": 12,
                "color": OKABE_ITO["blue"],
                "line": {"color": "#FFFFFF", "width": 1},
            },
            line={"color": "#888888", "width": 2},
            customdata=[
                f"{d}: {label}"
                for d, label in zip(table["date_label"], table["label"], strict=True)
            ],
            hovertemplate="%{customdata}<extra></extra>",
        )
    )
    for i, (x, r) in enumerate(zip(xs, table.itertuples(), strict=True)):
        up = i % 2 == 0
        fig.add_annotation(
            name="event",
            x=x,
            y=0,
            ax=0,
            ay=-48 if up else 48,
            showarrow=True,
            arrowhead=0,
            arrowcolor="#888888",
            yanchor="bottom" if up else "top",
            text=f"<b>{r.date_label}</b><br>{_br(r.label, 26)}",
            align="center",
            font={"size": 11},
        )
    first, last = min(xs), max(xs)
    fig.update_xaxes(
        range=[first - pd.Timedelta(days=420), last + pd.Timedelta(days=420)],
        showgrid=False,
        dtick="M12",
        tickformat="%Y",
    )
    fig.update_yaxes(visible=False, range=[-3, 3])
    return _finish(
        fig,
        lang,
        t("chart.timeline.title", lang),
        t("chart.source.timeline", lang),
        t("chart.timeline.caveat", lang),
        _quality_notes(["timeline"], lang),
        plot_height=380,
        axis_px=34,
        left=30,
    )


def timeline_alt(lang: str) -> str:
    lang = normalise_language(lang)
    table = timeline_table(lang)
    items = [f"{r.date_label}: {r.label}" for r in table.itertuples()]
    return t("chart.timeline.alt", lang, n=len(items), items="; ".join(items))


# --- a user's uploaded layer ----------------------------------------------------------------


def _plotly_text(text: object) -> str:
    """User text for a plotly label: its tags shown as text (plotly reads <b>, <a href=...>)."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def upload_figure(
    values: pd.DataFrame, name: str, source: str, lang: str, decimals: int = 1
) -> go.Figure:
    """Bars of a user's layer by department, labelled with the user's own name and source.

    Parameters
    ----------
    values : department_code, department, value (NaN where the file gives none), status.
    name, source : the user's words for the figure and its source (escaped: plotly reads tags).
    decimals : decimals shown on the bars.
    """
    lang = normalise_language(lang)
    reported = values[values["value"].notna()].sort_values("value", ascending=False, kind="stable")
    missing = len(values) - len(reported)
    labels = [_n(v, lang, decimals) for v in reported["value"]]
    fig = go.Figure(
        go.Bar(
            x=reported["value"],
            y=[_plotly_text(d) for d in reported["department"]],
            orientation="h",
            marker_color=OKABE_ITO["purple"],
            text=labels,
            textposition="outside",
            cliponaxis=False,
            customdata=labels,
            hovertemplate="%{y}: %{customdata}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed", showgrid=False)
    if len(reported):
        fig.update_xaxes(
            range=[
                min(0, reported["value"].min() * 1.2),
                max(0, reported["value"].max()) * 1.2 or 1,
            ]
        )
    caveat = t("layer.upload.caveat", lang)
    if missing:
        caveat = f"{caveat} {tn('chart.upload.missing', missing, lang)}"
    return _finish(
        fig,
        lang,
        _plotly_text(name),
        _plotly_text(t("layer.upload.source", lang, source=source)),
        caveat,
        plot_height=max(120, 24 * len(reported)),
        left=_left_for(reported["department"]),
    )


# --- registry -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChartSpec:
    """One chart: its builders, the page it belongs to, and the data tables it draws on."""

    chart_id: str
    page: str
    datasets: tuple[str, ...]
    build_figure: Callable[[str], go.Figure]
    build_table: Callable[[str], pd.DataFrame]
    build_alt_text: Callable[[str], str]

    def figure(self, lang: str) -> go.Figure:
        """The plotly figure, with title, source line and caveat inside it."""
        return self.build_figure(normalise_language(lang))

    def table(self, lang: str) -> pd.DataFrame:
        """The data behind the chart, for a table and a CSV download."""
        return self.build_table(normalise_language(lang))

    def alt_text(self, lang: str) -> str:
        """One sentence describing what the chart shows, with its key numbers."""
        return self.build_alt_text(normalise_language(lang))

    def file_name(self, lang: str) -> str:
        """File name without extension, e.g. ``atlas-peru-purposes-es``."""
        return f"atlas-peru-{self.chart_id.replace('_', '-')}-{normalise_language(lang)}"

    def title(self, lang: str) -> str:
        """The chart's title as plain text."""
        return self.figure(lang).layout.title.text.replace("<br>", " ")


def _spec(chart_id: str, page: str, datasets: tuple[str, ...]) -> ChartSpec:
    scope = globals()
    return ChartSpec(
        chart_id,
        page,
        datasets,
        scope[f"{chart_id}_figure"],
        scope[f"{chart_id}_table"],
        scope[f"{chart_id}_alt"],
    )


CHARTS: dict[str, ChartSpec] = {
    chart_id: _spec(chart_id, page, datasets)
    for chart_id, page, datasets in (
        ("purposes", "overview", ("reta_purposes",)),
        ("age_groups", "overview", ("reta_women_victims_by_age",)),
        (
            "complaints_vs_origin",
            "overview",
            ("complaints_by_judicial_department", "victims_by_origin"),
        ),
        ("poverty_vs_complaints", "overview", ("poverty_2010_as_cited",)),
        ("education", "overview", ("education",)),
        ("justice_funnel", "justice", ("justice",)),
        ("penalties", "justice", ("justice",)),
        ("timeline", "justice", ("timeline",)),
    )
}


def chart_spec(chart_id: str) -> ChartSpec:
    """The registered chart ``chart_id``.

    Raises
    ------
    KeyError
        Naming the unknown id and the known ones.
    """
    try:
        return CHARTS[chart_id]
    except KeyError:
        raise KeyError(f"unknown chart {chart_id!r}: expected one of {', '.join(CHARTS)}") from None


def charts_for_page(page: str) -> list[str]:
    """The ids of the charts shown on ``page`` (``overview`` or ``justice``), in display order."""
    if page not in PAGES:
        raise ValueError(f"unknown page {page!r}: expected one of {', '.join(PAGES)}")
    return [cid for cid, spec in CHARTS.items() if spec.page == page]


_KALEIDO_LOCK = threading.Lock()
_KALEIDO_SERVER: list[bool] = []  # holds True once a kaleido browser is kept running


def _start_kaleido_server() -> None:
    """Keep one kaleido Chromium running for this process (call with _KALEIDO_LOCK held).

    Starting Chromium costs about 5 s a chart; a kept server draws the next ones in about 0.3 s.
    If it cannot start, each image starts its own browser, as plotly does by default.
    """
    if _KALEIDO_SERVER:
        return
    try:
        import kaleido

        kaleido.start_sync_server(silence_warnings=True)
        atexit.register(kaleido.stop_sync_server, silence_warnings=True)
        _KALEIDO_SERVER.append(True)
    except Exception:  # no Chromium, or kaleido too old: plotly's per-call path reports it
        _KALEIDO_SERVER.append(False)


def figure_png(chart_id: str, lang: str, scale: float = 2) -> bytes:
    """The chart as a PNG (``PNG_WIDTH`` × ``scale`` pixels wide), drawn by kaleido in Chromium.

    Raises
    ------
    ChartImageError
        When kaleido finds no Chromium/Chrome, or fails to draw the image.
    """
    fig = chart_spec(chart_id).figure(lang)
    try:
        with _KALEIDO_LOCK, warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "kopts ignored if using a server": we pass none
            _start_kaleido_server()
            return fig.to_image(
                format="png", width=PNG_WIDTH, height=int(fig.layout.height), scale=scale
            )
    except Exception as exc:  # kaleido/choreographer raise several RuntimeError subclasses
        raise ChartImageError(
            f"could not draw chart {chart_id!r} as a PNG: {exc}. Expected Chromium or Chrome "
            "installed where kaleido can find it (e.g. the Debian package 'chromium', or a path in "
            "the BROWSER_PATH environment variable)."
        ) from exc


# --- page figures: headline numbers, protection, institutions --------------------------------


@dataclass(frozen=True)
class Headline:
    """One headline number for a page: its words, value, source and any data-quality note."""

    metric_id: str
    label: str
    value: str
    source: str
    source_id: str
    note: str | None = None


def headline_figures(lang: str) -> list[Headline]:
    """The overview's headline numbers, read from the data tables, each with its source."""
    lang = normalise_language(lang)
    purposes = _table("reta_purposes").set_index("purpose_id")
    ages = _table("reta_women_victims_by_age").set_index("age_group")
    totals = _indicators("observatorio_totals")
    female_notes = [
        f.text(lang) for f in _findings(["observatorio_totals"]) if f.item == "female_victims_share"
    ]
    return [
        Headline(
            "reta_complaints",
            t("overview.metric.reta_complaints", lang),
            _n(_num(purposes.loc["all", "complaints"]), lang),
            t("overview.source.reta", lang),
            purposes.loc["all", "source_id"],
        ),
        Headline(
            "women_victims",
            t("overview.metric.women_victims", lang),
            _n(_num(ages.loc["all", "victims"]), lang),
            t("overview.source.reta", lang),
            ages.loc["all", "source_id"],
        ),
        Headline(
            "complaints_2009_2010",
            t("overview.metric.complaints", lang),
            _n(_num(totals.loc["complaints", "value"]), lang),
            t("overview.source.observatorio", lang),
            totals.loc["complaints", "source_id"],
        ),
        Headline(
            "victims_2009_2010",
            t("overview.metric.victims", lang),
            _n(_num(totals.loc["victims", "value"]), lang),
            t("overview.source.observatorio", lang),
            totals.loc["victims", "source_id"],
        ),
        Headline(
            "female_victims_share",
            t("overview.metric.female_share", lang),
            _pct(_num(totals.loc["female_victims_share", "value"]), lang, 1),
            t("overview.source.observatorio", lang),
            totals.loc["female_victims_share", "source_id"],
            female_notes[0] if female_notes else None,
        ),
    ]


def protection_figures(lang: str) -> list[Headline]:
    """The protection figures (``protection.csv``): INABIF's shelters, centres and protocol."""
    lang = normalise_language(lang)
    out = []
    for row in _table("protection").itertuples():
        value = _num(row.value)
        if row.indicator_id == "trafficking_victim_protocol":
            text = t("justice.protocol.yes" if value else "justice.protocol.none", lang)
        elif not _is_blank(row.qualifier) and str(row.qualifier) == "more than":
            text = t("justice.more_than", lang, n=_n(value, lang))
        else:
            text = _n(value, lang)
        out.append(
            Headline(
                row.indicator_id,
                getattr(row, f"label_{lang}"),
                text,
                t("justice.source.protection", lang),
                row.source_id,
            )
        )
    return out


INSTITUTIONS = ("dirincri", "ministerio_publico", "inabif", "labour")


def institutions(lang: str) -> list[tuple[str, str]]:
    """(name, what the report says of it) for the institutions the justice page presents."""
    lang = normalise_language(lang)
    protection = _indicators("protection")
    totals = _indicators("observatorio_totals")
    values = {
        "shelters": _n(_num(protection.loc["inabif_shelters", "value"]), lang),
        "centres": _n(_num(protection.loc["inabif_development_centres", "value"]), lang),
        "complaints": _n(_num(totals.loc["complaints", "value"]), lang),
    }
    return [
        (
            t(f"justice.institution.{i}.name", lang),
            t(f"justice.institution.{i}.text", lang, **values),
        )
        for i in INSTITUTIONS
    ]
