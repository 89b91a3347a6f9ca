"""The overview page's charts of RETA's national figures: purposes, women's age groups, schooling.

Each chart has a ``*_table`` (the data behind it), a ``*_figure`` and an ``*_alt`` (alt text).
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from geo.charts.data import floats, is_missing, table
from geo.charts.frame import OKABE_ITO, finish, left_for, quality_notes
from geo.charts.parts import labelled_bar
from geo.charts.spec import Builders
from geo.charts.text import lower_first, n, pct
from geo.i18n import format_list, normalise_language, t


def _share_of_all(counts: pd.Series, ids: pd.Series) -> pd.Series:
    """Each count as a percentage of the count of the row whose id is ``all``, to 2 decimals."""
    return (counts / counts[ids == "all"].iloc[0] * 100).round(2)


def _split_all(rows: pd.DataFrame, id_column: str, count_column: str) -> tuple[pd.DataFrame, float]:
    """The rows other than the ``all`` row, and the ``all`` row's count."""
    is_all = rows[id_column] == "all"
    return rows[~is_all].reset_index(drop=True), float(rows.loc[is_all, count_column].iloc[0])


def _listed(names: pd.Series, sep: str, labels: pd.Series, lang: str) -> str:
    """Each row as "name<sep>label", all in one list as ``lang`` writes lists (for alt text)."""
    return format_list([f"{a}{sep}{b}" for a, b in zip(names, labels, strict=True)], lang)


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
    data = table("reta_purposes")
    out = pd.DataFrame(
        {
            "purpose_id": data["purpose_id"],
            "purpose": data[f"purpose_{lang}"],
            "complaints": data["complaints"].pipe(floats),
            "stated_pct": data["stated_pct"].pipe(floats),
        }
    )
    out["recomputed_pct"] = _share_of_all(out["complaints"], out["purpose_id"])
    for column in ("period_start", "period_end", "source_id"):
        out[column] = data[column]
    return out


def _purpose_rows(lang: str) -> tuple[pd.DataFrame, float]:
    """The purposes other than ``all`` with their bar labels, and the number of all complaints."""
    rows, total = _split_all(purposes_table(lang), "purpose_id", "complaints")
    rows["bar_label"] = [_purpose_label(r, lang) for r in rows.itertuples()]
    return rows, total


def _purpose_label(row, lang: str) -> str:
    """A purpose's bar label: count (stated share), or the share alone where no count is given."""
    if is_missing(row.complaints):
        return f"{pct(row.stated_pct, lang, 2)} ({t('chart.no_count', lang)})"
    return f"{n(row.complaints, lang)} ({pct(row.stated_pct, lang, 2)})"


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
        fig.add_trace(
            labelled_bar(
                list(part["bar_label"]),
                "%{y}: ",
                x=part["stated_pct"],
                y=part["purpose"],
                orientation="h",
                name=name,
                marker={
                    "color": colour,
                    "pattern": {"shape": pattern, "fgcolor": OKABE_ITO["blue"]},
                },
            )
        )
    fig.update_yaxes(categoryorder="array", categoryarray=list(rows["purpose"])[::-1])
    fig.update_xaxes(
        title=t("chart.purposes.x", lang, total=n(total, lang)),
        range=[0, rows["stated_pct"].max() * 1.45],
        ticksuffix="",
    )
    missing = list(rows.loc[~counted, "purpose"])
    caveat = t(
        "chart.purposes.caveat",
        lang,
        items=format_list([lower_first(m) for m in missing], lang),
        sum=pct(rows["stated_pct"].sum(), lang, 2),
    )
    return finish(
        fig,
        lang,
        t("chart.purposes.title", lang, total=n(total, lang)),
        t("chart.source.reta", lang),
        caveat,
        quality_notes(["reta_purposes"], lang),
        plot_height=260,
        legend=True,
        left=left_for(rows["purpose"]),
    )


def purposes_alt(lang: str) -> str:
    """The purposes chart in one sentence, with every count and share."""
    lang = normalise_language(lang)
    rows, total = _purpose_rows(lang)
    items = _listed(rows["purpose"], " ", rows["bar_label"], lang)
    return t("chart.purposes.alt", lang, total=n(total, lang), items=items)


# --- age groups -----------------------------------------------------------------------------


def age_groups_table(lang: str) -> pd.DataFrame:
    """Women registered as victims by RETA, by age group, with stated and recomputed shares."""
    data = table("reta_women_victims_by_age")
    out = pd.DataFrame(
        {
            "age_group": data["age_group"],
            "age_min": data["age_min"].pipe(floats).astype("Int64"),
            "age_max": data["age_max"].pipe(floats).astype("Int64"),
            "victims": data["victims"].pipe(floats),
            "stated_pct": data["stated_pct"].pipe(floats),
        }
    )
    out["recomputed_pct"] = _share_of_all(out["victims"], out["age_group"])
    for column in ("period_start", "period_end", "source_id"):
        out[column] = data[column]
    return out


def _age_label(row, lang: str) -> str:
    """An age group's name: "0–13 years", or "all ages"."""
    if row.age_group == "all":
        return t("chart.age_groups.all", lang)
    return t("chart.age_groups.range", lang, min=int(row.age_min), max=int(row.age_max))


def _age_rows(lang: str) -> tuple[pd.DataFrame, float]:
    """The age groups other than ``all``, each with its label, and the number of all victims."""
    rows, total = _split_all(age_groups_table(lang), "age_group", "victims")
    rows["label"] = [_age_label(r, lang) for r in rows.itertuples()]
    rows["bar_label"] = [
        f"{n(r.victims, lang)} ({pct(r.stated_pct, lang, 2)})" for r in rows.itertuples()
    ]
    return rows, total


def age_groups_figure(lang: str) -> go.Figure:
    """Bars of women victims per age group, labelled with count and stated share."""
    lang = normalise_language(lang)
    rows, total = _age_rows(lang)
    fig = go.Figure(
        labelled_bar(
            list(rows["bar_label"]),
            "%{x}: ",
            x=rows["label"],
            y=rows["victims"],
            marker_color=OKABE_ITO["vermillion"],
        )
    )
    fig.update_yaxes(title=t("chart.age_groups.y", lang), range=[0, rows["victims"].max() * 1.18])
    fig.update_xaxes(title=t("chart.age_groups.x", lang))
    return finish(
        fig,
        lang,
        t("chart.age_groups.title", lang, total=n(total, lang)),
        t("chart.source.reta", lang),
        t("chart.age_groups.caveat", lang),
        quality_notes(["reta_women_victims_by_age"], lang),
    )


def age_groups_alt(lang: str) -> str:
    """The age-group chart in one sentence, with every count and share."""
    lang = normalise_language(lang)
    rows, total = _age_rows(lang)
    items = _listed(rows["label"], ": ", rows["bar_label"], lang)
    return t("chart.age_groups.alt", lang, total=n(total, lang), items=items)


# --- education ------------------------------------------------------------------------------


def education_table(lang: str) -> pd.DataFrame:
    """Average years of schooling of women, urban and rural, as the report gives them (its text
    credits INEI, its footnote CHS Alternativo), with the report's date as their period."""
    data = table("education")
    return pd.DataFrame(
        {
            "area": data["area"],
            "area_label": [t(f"chart.education.{a}", lang) for a in data["area"]],
            "years_of_schooling": data["years_of_schooling"].pipe(floats),
            "period_start": data["period_start"],
            "period_end": data["period_end"],
            "period_as_written": data["period_as_written"],
            "source_id": data["source_id"],
        }
    )


def education_figure(lang: str) -> go.Figure:
    """Two bars: women's years of schooling in urban and in rural areas."""
    lang = normalise_language(lang)
    rows = education_table(lang)
    colours = {"urban": OKABE_ITO["blue"], "rural": OKABE_ITO["orange"]}
    fig = go.Figure(
        labelled_bar(
            [t("chart.years", lang, n=n(v, lang, 1)) for v in rows["years_of_schooling"]],
            "%{x}: ",
            x=rows["area_label"],
            y=rows["years_of_schooling"],
            width=0.5,
            marker_color=[colours.get(a, OKABE_ITO["black"]) for a in rows["area"]],
        )
    )
    fig.update_yaxes(
        title=t("chart.education.y", lang), range=[0, rows["years_of_schooling"].max() * 1.2]
    )
    return finish(
        fig,
        lang,
        t("chart.education.title", lang),
        t("chart.source.education", lang),
        t("chart.education.caveat", lang),
        quality_notes(["education"], lang),
        plot_height=280,
        axis_px=36,
    )


def education_alt(lang: str) -> str:
    """The schooling chart in one sentence: urban, rural and the gap."""
    lang = normalise_language(lang)
    values = education_table(lang).set_index("area")["years_of_schooling"]
    return t(
        "chart.education.alt",
        lang,
        urban=n(values["urban"], lang, 1),
        rural=n(values["rural"], lang, 1),
        gap=n(values["urban"] - values["rural"], lang, 1),
    )


PURPOSES = Builders(purposes_figure, purposes_table, purposes_alt)
AGE_GROUPS = Builders(age_groups_figure, age_groups_table, age_groups_alt)
EDUCATION = Builders(education_figure, education_table, education_alt)
