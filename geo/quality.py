"""The report's figures checked against its own counts and its sources: the data-quality findings.

Each finding is one of four kinds, shown at its true weight:

- ``error`` — an error in the report (severity ``warning``): a figure that is wrong, or a sentence
  that its figures do not support;
- ``how_to_read`` — how to read a table (``note``), one per table: what its percentages are shares
  of, and where the rest of its total went;
- ``question`` — a question a reader should ask (``note``): a figure that fits another reading
  better, or a claim the report leaves unexplained;
- ``check`` — a stated figure, recomputed, that checks out (``ok``).

A finding keeps a message key and its parameters (numbers, percentages, lists, other messages),
and is rendered in the reader's language only when it is shown (:meth:`Finding.text`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

import pandas as pd

from geo.i18n import (
    format_count,
    format_list,
    format_number,
    format_percent,
    normalise_language,
    t,
    tn,
)
from geo.names import department_names, resolve_department
from geo.tables import read_table, read_table_text, source_text

ERROR, HOW_TO_READ, QUESTION, CHECK = "error", "how_to_read", "question", "check"
KINDS = (ERROR, HOW_TO_READ, QUESTION, CHECK)  # the order in which findings are listed
SEVERITY = {ERROR: "warning", HOW_TO_READ: "note", QUESTION: "note", CHECK: "ok"}
SEVERITIES = ("ok", "note", "warning")

# INEI's 2010 national poverty figures (the methodology of its May 2011 release, which the report
# cites), as the press reported them: the yardstick for the six figures the report calls extreme
# poverty. Source record in data/provenance.json.
INEI_2010_PRESS_SOURCE = "inei_pobreza_2010_press"
INEI_2010_NATIONAL_EXTREME_PCT = 9.8
INEI_2010_COASTAL_EXTREME_PCT = 2.0
INEI_2010_NATIONAL_TOTAL_PCT = 31.3

# The manual the report's footnote 9 cites for the schooling figures its text credits to INEI.
CHS_MANUAL_SOURCE = "chs_alternativo_2010"

# The report's "Lima" is the Ministerio Público's Lima judicial district, one of several in the
# department: its complaints over the whole department's population are not the department's rate.
LIMA = "15"


# ---------------------------------------------------------------------------------------------
# Parameters, rendered in the reader's language


@dataclass(frozen=True)
class Num:
    """A number with ``decimals`` places."""

    value: float
    decimals: int = 0


@dataclass(frozen=True)
class Count:
    """A count in prose: "six" from two to ten, a numeral otherwise (geo.i18n.format_count)."""

    value: int


@dataclass(frozen=True)
class Pct:
    """A percentage given in percent (0–100), with ``decimals`` places."""

    value: float
    decimals: int = 1


@dataclass(frozen=True)
class Msg:
    """Another message of the catalogue, with its own parameters."""

    key: str
    values: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Plural:
    """A message whose words follow ``count`` (``geo.i18n.tn``); ``count`` fills ``{count}``."""

    key: str
    count: int
    values: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Items:
    """Parameters joined as the reader's language joins a list ("a, b y c")."""

    items: tuple


@dataclass(frozen=True)
class Label:
    """A label from a data table's language columns: ``<column>_es`` or ``<column>_en``."""

    table: str
    key_column: str
    key: str
    column: str
    lower: bool = False  # mid-sentence: "Sexual exploitation" -> "sexual exploitation"


def render(value: object, lang: str) -> str:
    """A finding's parameter as text in ``lang``; plain strings (names, codes) as they are."""
    if isinstance(value, Num):
        return format_number(value.value, value.decimals, lang)
    if isinstance(value, Count):
        return format_count(value.value, lang)
    if isinstance(value, Pct):
        return format_percent(value.value, value.decimals, lang)
    if isinstance(value, Msg):
        return t(value.key, lang, **{k: render(v, lang) for k, v in value.values.items()})
    if isinstance(value, Plural):
        return tn(
            value.key, value.count, lang, **{k: render(v, lang) for k, v in value.values.items()}
        )
    if isinstance(value, Items):
        return format_list([render(item, lang) for item in value.items], lang)
    if isinstance(value, Label):
        frame = read_table(value.table).set_index(value.key_column)
        text = str(frame.loc[value.key, f"{value.column}_{normalise_language(lang)}"])
        return text[:1].lower() + text[1:] if value.lower else text
    return str(value)


# ---------------------------------------------------------------------------------------------
# Findings


@dataclass(frozen=True)
class Finding:
    """One finding about the report's figures, kept as a message key and its parameters.

    Attributes
    ----------
    finding_id : stable id, ``"<dataset>:<item>"``.
    kind : ``error``, ``how_to_read``, ``question`` or ``check`` (see the module's docstring).
    dataset : the table it is about (file name without ``.csv``).
    item : what in the table: a department code, a purpose, an age group, or the whole table.
    key : the message that words it; ``values`` are its parameters (:func:`render`).
    department_codes : the INEI codes of the departments it concerns (shown in their profiles).
    source_ids : the provenance records it rests on.
    stated_pct : the percentage as the report prints it, where one figure is checked.
    recomputed_pct : that figure recomputed from the counts, over ``denominator_used``.
    denominator_used : the total the figure was recomputed over.
    implied_denominator : count / (stated_pct / 100): the total the stated figure implies.
    brief_key : a short wording, with the same parameters, for the note inside a chart's image
        and beside a story step.
    disputed : the report's figures (``Pct``) that the finding disputes: no text of the atlas may
        state one as fact without the finding's note beside it.
    quoted_in : the catalogue's messages that quote those figures, or the claim the finding
        questions; each must be shown with the finding's note (:func:`notes_for`).
    """

    finding_id: str
    kind: str
    dataset: str
    item: str
    key: str
    values: dict = field(default_factory=dict)
    department_codes: tuple[str, ...] = ()
    source_ids: tuple[str, ...] = ()
    stated_pct: float | None = None
    recomputed_pct: float | None = None
    denominator_used: int | None = None
    implied_denominator: float | None = None
    brief_key: str | None = None
    disputed: tuple = ()
    quoted_in: tuple[str, ...] = ()

    @property
    def severity(self) -> str:
        """``warning`` for an error in the report, ``note`` for a reading or a question, else ``ok``."""
        return SEVERITY[self.kind]

    def text(self, lang: str) -> str:
        """The finding in words, in ``lang``."""
        return render(Msg(self.key, self.values), lang)

    def brief(self, lang: str) -> str | None:
        """The short wording for a chart's image, or None when the finding has none."""
        return render(Msg(self.brief_key, self.values), lang) if self.brief_key else None

    def labelled(self, lang: str) -> str:
        """The finding with its kind named first: "Error in the report: …"."""
        return t("quality.labelled", lang, kind=kind_label(self.kind, lang), text=self.text(lang))


def kind_label(kind: str, lang: str) -> str:
    """The name of a kind of finding in ``lang``: "Error in the report", "How to read a table"…"""
    if kind not in KINDS:
        raise ValueError(f"unknown kind of finding {kind!r}: expected one of {', '.join(KINDS)}")
    return t(f"quality.kind.{kind}", lang)


# ---------------------------------------------------------------------------------------------
# Arithmetic


def stated_decimals(text: str) -> int:
    """Decimal places of a figure as printed: ``"0.40"`` -> 2, ``"12"`` -> 0."""
    return len(str(text).strip().partition(".")[2])


def rounding_tolerance(decimals: int) -> float:
    """Half a unit of the last printed decimal: the widest gap rounding can explain."""
    return 0.5 * 10**-decimals + 1e-9


def reproduces(count: float, denominator: float, stated: float, decimals: int) -> bool:
    """True when ``count / denominator`` rounds to ``stated`` percent printed with ``decimals``."""
    return abs(100 * count / denominator - stated) <= rounding_tolerance(decimals)


def explains(count: float, denominator: int, stated: float, decimals: int) -> bool:
    """True when ``denominator`` accounts for the stated share: it reproduces it, or it is the
    whole number nearest the implied denominator (a last-digit slip such as 53/168 = 31.548 %
    printed 31.6 %)."""
    return (
        reproduces(count, denominator, stated, decimals)
        or round(count / (stated / 100)) == denominator
    )


def whole_counts(stated: float, denominator: int, decimals: int) -> list[int]:
    """The whole counts whose share of ``denominator`` prints as ``stated`` (often none or one)."""
    middle = stated / 100 * denominator
    candidates = range(max(0, math.floor(middle) - 1), math.ceil(middle) + 2)
    return [k for k in candidates if reproduces(k, denominator, stated, decimals)]


def _printed(table: str, key_column: str, column: str) -> dict[str, str]:
    """Key -> the cell of ``column`` as the file prints it."""
    frame = read_table_text(table)
    return dict(zip(frame[key_column], frame[column], strict=True))


def _sources(frame: pd.DataFrame) -> tuple[str, ...]:
    return tuple(dict.fromkeys(frame["source_id"]))


def _stated(text: str) -> Pct:
    """A stated percentage with the decimals the report prints."""
    return Pct(float(text), stated_decimals(text))


# ---------------------------------------------------------------------------------------------
# Rows that give a count and a stated share


@dataclass(frozen=True)
class _Row:
    key: str
    label: object  # a parameter: a department name or a Label
    count: int | None  # None where the report gives only a percentage
    stated_text: str
    codes: tuple[str, ...] = ()

    @property
    def stated(self) -> float:
        return float(self.stated_text)

    @property
    def decimals(self) -> int:
        return stated_decimals(self.stated_text)


def _share_check(dataset: str, row: _Row, total: int, unit: str, sources: tuple) -> Finding:
    """A row's stated share against ``total``: a check when it reproduces, else an error."""
    recomputed = 100 * row.count / total
    implied = row.count / (row.stated / 100)
    matches = reproduces(row.count, total, row.stated, row.decimals)
    return Finding(
        f"{dataset}:{row.key}",
        CHECK if matches else ERROR,
        dataset,
        row.key,
        "quality.share.matches" if matches else "quality.share.mismatch",
        {
            "label": row.label,
            "count": Num(row.count),
            "total": Num(total),
            "unit": Msg(unit),
            "recomputed": Pct(recomputed, 2),
            "stated": _stated(row.stated_text),
            "implied": Num(implied),
        },
        row.codes,
        sources,
        row.stated,
        round(recomputed, 4),
        total,
        round(implied, 4),
        disputed=() if matches else (_stated(row.stated_text),),
    )


def _listed_share(dataset: str, row: _Row, listed: int, total: int, unit: str, sources: tuple):
    """A row of a top-N table: its stated share of the rows listed, or of the whole total.

    Returns (finding, is_share_of_listed).
    """
    if reproduces(row.count, total, row.stated, row.decimals):
        return _share_check(dataset, row, total, unit, sources), False
    recomputed = 100 * row.count / listed
    values = {
        "label": row.label,
        "count": Num(row.count),
        "listed": Num(listed),
        "unit": Msg(unit),
        "recomputed": Pct(recomputed, 2),
        "stated": _stated(row.stated_text),
    }
    common = dict(
        department_codes=row.codes,
        source_ids=sources,
        stated_pct=row.stated,
        recomputed_pct=round(recomputed, 4),
        denominator_used=listed,
        implied_denominator=round(row.count / (row.stated / 100), 4),
    )
    finding_id = f"{dataset}:{row.key}"
    if reproduces(row.count, listed, row.stated, row.decimals):
        return Finding(
            finding_id, CHECK, dataset, row.key, "quality.listed_share.matches", values, **common
        ), True
    if explains(row.count, listed, row.stated, row.decimals):
        # A slip in the last digit: show the share with two more decimals than printed, and how
        # it rounds, so that the reader sees why the printed figure is wrong.
        values |= {
            "recomputed": Pct(recomputed, row.decimals + 2),
            "rounded": Pct(recomputed, row.decimals),
        }
        return Finding(
            finding_id,
            ERROR,
            dataset,
            row.key,
            "quality.listed_share.slip",
            values,
            brief_key="quality.listed_share.slip.brief",
            disputed=(_stated(row.stated_text),),
            **common,
        ), True
    return _share_check(dataset, row, total, unit, sources), False


def _rows_of(dataset: str, frame: pd.DataFrame, count_column: str) -> list[_Row]:
    """The rows of a top-N table by department, with their stated shares as printed."""
    names = department_names()
    printed = _printed(dataset, "department_code", "stated_pct")
    return [
        _Row(code, names[code], int(count), printed[code], (code,))
        for code, count in zip(frame["department_code"], frame[count_column], strict=True)
    ]


def _top_table(
    dataset: str, count_column: str, total_id: str, unit: str, reading: str
) -> tuple[list[Finding], int, int, list[_Row]]:
    """A top-N table's rows checked, and ONE how-to-read note when they are shares of the listed.

    Returns (findings, listed subtotal, total, rows).
    """
    frame = read_table(dataset)
    totals = read_table("observatorio_totals").set_index("indicator_id")
    total = int(totals.loc[total_id, "value"])
    listed = int(frame[count_column].sum())
    rows = _rows_of(dataset, frame, count_column)
    sources = _sources(frame)
    out, of_listed = [], []
    for row in rows:
        finding, share_of_listed = _listed_share(dataset, row, listed, total, unit, sources)
        out.append(finding)
        if share_of_listed and finding.kind == CHECK:
            of_listed.append(row)
    if of_listed:
        example = of_listed[0]
        rest = total - listed
        out.insert(
            0,
            Finding(
                f"{dataset}:how_to_read",
                HOW_TO_READ,
                dataset,
                "table",
                f"quality.{reading}.how_to_read",
                {
                    "n": Count(len(rows)),
                    "listed": Num(listed),
                    "total": Num(total),
                    "example": example.label,
                    "example_stated": _stated(example.stated_text),
                    "example_count": Num(example.count),
                    "example_of_total": Pct(100 * example.count / total, 2),
                    "rest": Plural(f"quality.{reading}.rest", rest),
                    "rest_pct": Pct(100 * rest / total, 1),
                },
                tuple(r.key for r in rows),
                sources,
                denominator_used=listed,
                brief_key=f"quality.{reading}.how_to_read.brief",
            ),
        )
    return out, listed, total, rows


# ---------------------------------------------------------------------------------------------
# The report's tables


def _poverty() -> list[Finding]:
    """The six "extreme poverty" figures are INEI's total poverty rates, the six lowest."""
    frame = read_table("poverty_2010_as_cited")
    printed = _printed("poverty_2010_as_cited", "department_code", "poverty_rate_pct")
    figures = Items(
        tuple(
            Msg("quality.item.department_value", {"department": d, "value": _stated(printed[c])})
            for c, d in zip(frame["department_code"], frame["department"], strict=True)
        )
    )
    return [
        Finding(
            "poverty_2010_as_cited:total_not_extreme",
            ERROR,
            "poverty_2010_as_cited",
            "table",
            "quality.poverty.total_not_extreme",
            {
                "figures": figures,
                "national_extreme": Pct(INEI_2010_NATIONAL_EXTREME_PCT, 1),
                "coastal_extreme": Pct(INEI_2010_COASTAL_EXTREME_PCT, 1),
                "national_total": Pct(INEI_2010_NATIONAL_TOTAL_PCT, 1),
                "n": Count(len(frame)),
                "missing": Num(len(department_names()) - len(frame)),
            },
            tuple(frame["department_code"]),
            (*_sources(frame), "inei_pobreza_2010", INEI_2010_PRESS_SOURCE),
        )
    ]


def _reta_purposes() -> list[Finding]:
    """RETA: the shares imply about 503 complaints; 0.14 % is no whole number; they add to 90 %."""
    dataset = "reta_purposes"
    frame = read_table(dataset)
    printed = _printed(dataset, "purpose_id", "stated_pct")
    total = int(frame.loc[frame["purpose_id"] == "all", "complaints"].iloc[0])
    purposes = frame[frame["purpose_id"] != "all"]
    sources = _sources(frame)
    rows = [
        _Row(
            pid,
            Label(dataset, "purpose_id", pid, "purpose"),
            None if pd.isna(count) else int(count),
            printed[pid],
        )
        for pid, count in zip(purposes["purpose_id"], purposes["complaints"], strict=True)
    ]
    counted = [r for r in rows if r.count is not None]
    only_pct = [r for r in rows if r.count is None]

    out: list[Finding] = []
    off = [r for r in counted if not reproduces(r.count, total, r.stated, r.decimals)]
    out += [
        _share_check(dataset, r, total, "quality.unit.complaints", sources)
        for r in counted
        if r not in off
    ]
    implied = None
    if off:
        implied = round(sorted(r.count / (r.stated / 100) for r in off)[len(off) // 2])
        items = Items(
            tuple(
                Msg(
                    "quality.reta.implied_item",
                    {
                        "purpose": replace(r.label, lower=True),
                        "stated": _stated(r.stated_text),
                        "count": Num(r.count),
                        "implied": Num(implied),
                        "total": Num(total),
                        "recomputed": Pct(100 * r.count / total, r.decimals),
                    },
                )
                for r in off
            )
        )
        first = off[0]
        out.append(
            Finding(
                f"{dataset}:implied_total",
                ERROR,
                dataset,
                "table",
                "quality.reta.implied_total",
                {
                    "implied": Num(implied),
                    "total": Num(total),
                    "items": items,
                    "count": Num(first.count),
                    "stated": _stated(first.stated_text),
                    "recomputed": Pct(100 * first.count / total, first.decimals),
                },
                source_ids=sources,
                denominator_used=total,
                implied_denominator=implied,
                brief_key="quality.reta.implied_total.brief",
                disputed=tuple(_stated(r.stated_text) for r in off),
                quoted_in=("story.scale.body",),
            )
        )

    denominators = [total] if implied is None else [total, implied]
    for r in only_pct:
        whole = {d: whole_counts(r.stated, d, r.decimals) for d in denominators}
        fits = [d for d in denominators if whole[d]]
        purpose = replace(r.label, lower=True)  # mid-sentence
        values = {"purpose": purpose, "stated": _stated(r.stated_text), "total": Num(total)}
        if fits:
            finding = Finding(
                f"{dataset}:{r.key}",
                CHECK,
                dataset,
                r.key,
                "quality.reta.only_pct.matches",
                values | {"count": Num(whole[fits[0]][0]), "total": Num(fits[0])},
                source_ids=sources,
                stated_pct=r.stated,
                denominator_used=fits[0],
            )
        else:
            amounts = Items(
                tuple(
                    Msg(
                        "quality.amount_of", {"amount": Num(r.stated / 100 * d, 1), "total": Num(d)}
                    )
                    for d in denominators
                )
            )
            finding = Finding(
                f"{dataset}:{r.key}",
                ERROR,
                dataset,
                r.key,
                "quality.reta.only_pct.no_whole",
                values | {"amounts": amounts, "one": Pct(100 / total, 2)},
                source_ids=sources,
                stated_pct=r.stated,
                denominator_used=total,
                brief_key="quality.reta.only_pct.no_whole.brief",
                disputed=(_stated(r.stated_text),),
            )
        out.append(finding)

    stated_sum = round(sum(r.stated for r in rows), 4)
    gap = round(100 - stated_sum, 4)
    adds_up = abs(gap) <= 0.05
    out.append(
        Finding(
            f"{dataset}:sum_of_purposes",
            CHECK if adds_up else QUESTION,
            dataset,
            "sum_of_purposes",
            "quality.reta.sum.matches" if adds_up else "quality.reta.sum.gap",
            {"n": Count(len(rows)), "sum": Pct(stated_sum, 2), "gap": Pct(gap, 2)},
            source_ids=sources,
            stated_pct=stated_sum,
        )
    )
    return out


def _reta_ages() -> list[Finding]:
    """RETA women victims by age: every share of 1,334, and the groups' sum."""
    dataset = "reta_women_victims_by_age"
    frame = read_table(dataset)
    printed = _printed(dataset, "age_group", "stated_pct")
    total = int(frame.loc[frame["age_group"] == "all", "victims"].iloc[0])
    groups = frame[frame["age_group"] != "all"]
    sources = _sources(frame)
    out = [
        _share_check(
            dataset,
            _Row(
                g.age_group,
                Msg("quality.item.age_group", {"min": Num(g.age_min), "max": Num(g.age_max)}),
                int(g.victims),
                printed[g.age_group],
            ),
            total,
            "quality.unit.women_victims",
            sources,
        )
        for g in groups.itertuples(index=False)
    ]
    added = int(groups["victims"].sum())
    out.append(
        Finding(
            f"{dataset}:sum_of_groups",
            CHECK if added == total else ERROR,
            dataset,
            "sum_of_groups",
            "quality.ages.sum.matches" if added == total else "quality.ages.sum.mismatch",
            {"added": Num(added), "total": Num(total)},
            source_ids=sources,
            denominator_used=total,
        )
    )
    return out


def _complaints() -> list[Finding]:
    """Complaints by judicial district: shares of the five listed, Lima's rate, "outside Lima"."""
    dataset = "complaints_by_judicial_department"
    out, listed, total, rows = _top_table(
        dataset, "complaints", "complaints", "quality.unit.complaints", "complaints"
    )
    sources = _sources(read_table(dataset))
    counts = {r.key: r.count for r in rows}
    names = department_names()

    if LIMA in counts:
        population = read_table("population").set_index("department_code").loc[LIMA]
        people = int(population["pop_2010_est"])
        rate = counts[LIMA] / people * 100_000
        out.append(
            Finding(
                f"{dataset}:lima_per_100k",
                HOW_TO_READ,
                dataset,
                "lima_per_100k",
                "quality.complaints.lima_rate",
                {
                    "lima": names[LIMA],
                    "rate": Num(rate, 1),
                    "count": Num(counts[LIMA]),
                    "population": Num(people),
                },
                (LIMA,),
                (*sources, population["source_id"]),
            )
        )

        # "More than 50 % ... in those five departments, confirming that the main destination
        # is located outside Lima": Lima is one of the five.
        totals = read_table("observatorio_totals").set_index("indicator_id")
        claim = totals.loc["top5_complaints_share"]
        claim_text = _printed("observatorio_totals", "indicator_id", "value")[
            "top5_complaints_share"
        ]
        others = listed - counts[LIMA]
        out.append(
            Finding(
                f"{dataset}:outside_lima",
                QUESTION,
                dataset,
                "outside_lima",
                "quality.complaints.outside_lima",
                {
                    "stated": _stated(claim_text),
                    "n": Count(len(rows)),
                    "listed": Num(listed),
                    "total": Num(total),
                    "share": Pct(100 * listed / total, 1),
                    "lima": names[LIMA],
                    "others_n": Count(len(rows) - 1),
                    "others": Num(others),
                    "others_share": Pct(100 * others / total, 1),
                },
                tuple(r.key for r in rows),
                tuple(dict.fromkeys((*sources, claim["source_id"]))),
                stated_pct=float(claim["value"]),
                recomputed_pct=round(100 * listed / total, 4),
                denominator_used=total,
            )
        )
    return out


def _origin() -> list[Finding]:
    """Victims by origin: shares of the six listed (Cuzco's slip), and the six's share of 366."""
    dataset = "victims_by_origin"
    out, listed, total, rows = _top_table(
        dataset, "victims", "victims", "quality.unit.victims", "origin"
    )
    totals = read_table("observatorio_totals").set_index("indicator_id")
    text = _printed("observatorio_totals", "indicator_id", "value")["top6_origin_share"]
    share = 100 * listed / total
    matches = reproduces(listed, total, float(text), stated_decimals(text))
    out.append(
        Finding(
            f"{dataset}:top{len(rows)}_share",
            CHECK if matches else ERROR,
            dataset,
            f"top{len(rows)}_share",
            "quality.origin.top_share.matches" if matches else "quality.origin.top_share.mismatch",
            {
                "n": Count(len(rows)),
                "listed": Num(listed),
                "total": Num(total),
                "share": Pct(share, 2),
                "stated": _stated(text),
            },
            source_ids=(totals.loc["top6_origin_share", "source_id"],),
            stated_pct=float(text),
            recomputed_pct=round(share, 4),
            denominator_used=total,
            implied_denominator=round(listed / (float(text) / 100), 4),
            disputed=() if matches else (_stated(text),),
        )
    )
    out.append(
        Finding(
            f"{dataset}:cities",
            QUESTION,
            dataset,
            "cities",
            "quality.origin.cities",
            {"n": Count(len(rows)), "stated": _stated(text)},
            source_ids=(totals.loc["top6_origin_share", "source_id"],),
            brief_key="quality.origin.cities.brief",
        )
    )
    return out


def _female_share() -> list[Finding]:
    """81.6 % female: no whole number of the 366 victims, but 186 of the 228 complaints."""
    totals = read_table("observatorio_totals").set_index("indicator_id")
    text = _printed("observatorio_totals", "indicator_id", "value")["female_victims_share"]
    stated, decimals = float(text), stated_decimals(text)
    victims = int(totals.loc["victims", "value"])
    complaints = int(totals.loc["complaints", "value"])
    source = (totals.loc["female_victims_share", "source_id"],)
    common = dict(
        source_ids=source,
        stated_pct=stated,
        denominator_used=victims,
        implied_denominator=None,
    )
    finding_id, item = "observatorio_totals:female_victims_share", "female_victims_share"
    of_victims = whole_counts(stated, victims, decimals)
    if of_victims:
        return [
            Finding(
                finding_id,
                CHECK,
                "observatorio_totals",
                item,
                "quality.female_share.matches",
                {"stated": _stated(text), "count": Num(of_victims[0]), "victims": Num(victims)},
                recomputed_pct=round(100 * of_victims[0] / victims, 4),
                **common,
            )
        ]
    low, high = math.floor(stated / 100 * victims), math.ceil(stated / 100 * victims)
    values = {
        "stated": _stated(text),
        "victims": Num(victims),
        "low": Num(low),
        "low_pct": Pct(100 * low / victims, decimals),
        "high": Num(high),
        "high_pct": Pct(100 * high / victims, decimals),
    }
    of_complaints = whole_counts(stated, complaints, decimals)
    if of_complaints:
        key, brief = (
            "quality.female_share.of_complaints",
            "quality.female_share.of_complaints.brief",
        )
        values |= {
            "count": Num(of_complaints[0]),
            "complaints": Num(complaints),
            "count_pct": Pct(100 * of_complaints[0] / complaints, 2),
        }
    else:
        key, brief = "quality.female_share.no_whole", "quality.female_share.no_whole.brief"
    return [
        Finding(
            finding_id,
            QUESTION,
            "observatorio_totals",
            item,
            key,
            values,
            brief_key=brief,
            disputed=(_stated(text),),
            quoted_in=("story.victims.body",),
            **common,
        )
    ]


def _sentences() -> list[Finding]:
    """Convictions "up to 30 years" against the 8 to 25 years the report gives for Law 28950."""
    justice = read_table("justice").set_index("indicator_id")

    def value(indicator: str) -> int:
        return int(justice.loc[indicator, "value"])

    imposed, high = value("max_sentence_imposed_years"), value("law_28950_penalty_max_years")
    if imposed <= high:
        return []
    return [
        Finding(
            "justice:sentences_above_range",
            QUESTION,
            "justice",
            "max_sentence_imposed_years",
            "quality.justice.sentences_above_range",
            {
                "convicted": Num(value("traffickers_convicted")),
                "imposed": Num(imposed),
                "min": Num(value("law_28950_penalty_min_years")),
                "max": Num(high),
            },
            source_ids=_sources(justice),
        )
    ]


def _lima_destination() -> list[Finding]:
    """The routes make Lima "the main destination"; the complaints put it "outside Lima"."""
    routes = read_table("routes").set_index("route_id")
    if "lima" not in routes.index:
        return []
    totals = read_table("observatorio_totals").set_index("indicator_id")
    return [
        Finding(
            "routes:lima_main_destination",
            QUESTION,
            "routes",
            "lima",
            "quality.routes.lima_destination",
            {
                "lima": department_names()[LIMA],
                "route": Label("routes", "route_id", "lima", "name"),
            },
            (LIMA,),
            tuple(
                dict.fromkeys(
                    (routes.loc["lima", "source_id"], totals.loc["complaints", "source_id"])
                )
            ),
            brief_key="quality.routes.lima_destination.brief",
            quoted_in=("story.complaints.body",),
        )
    ]


def _justice_counts() -> list[Finding]:
    """83 cases "to date" against 500 complaints since 2004; "last year" leaves 5 and 3 before."""
    justice = read_table("justice").set_index("indicator_id")
    purposes = read_table("reta_purposes").set_index("purpose_id")
    timeline = read_table("timeline").set_index("event_id")

    def value(indicator: str) -> int:
        return int(justice.loc[indicator, "value"])

    investigated, convicted = value("cases_investigated"), value("traffickers_convicted")
    last_cases, last_convictions = (
        value("last_year_cases_registered"),
        value("last_year_convictions"),
    )
    complaints = int(purposes.loc["all", "complaints"])
    since = str(purposes.loc["all", "period_start"])[:4]
    unit_year = str(timeline.loc["dirincri_unit", "date"])[:4]
    sources = _sources(read_table("justice"))
    out = [
        Finding(
            "justice:to_date_vs_register",
            QUESTION,
            "justice",
            "cases_investigated",
            "quality.justice.to_date_vs_register",
            {
                "investigated": Num(investigated),
                "complaints": Num(complaints),
                "since": since,
                "end": str(purposes.loc["all", "period_end"])[:4],
            },
            source_ids=tuple(dict.fromkeys((*sources, purposes.loc["all", "source_id"]))),
            brief_key="quality.justice.to_date_vs_register.brief",
        )
    ]
    if last_cases <= investigated and last_convictions <= convicted:
        out.append(
            Finding(
                "justice:last_year_share",
                QUESTION,
                "justice",
                "last_year_cases_registered",
                "quality.justice.last_year_share",
                {
                    "last_cases": Num(last_cases),
                    "investigated": Num(investigated),
                    "last_convictions": Num(last_convictions),
                    "convicted": Num(convicted),
                    "cases_before": Num(investigated - last_cases),
                    "convictions_before": Num(convicted - last_convictions),
                    "unit_year": unit_year,
                },
                source_ids=tuple(
                    dict.fromkeys((*sources, timeline.loc["dirincri_unit", "source_id"]))
                ),
                brief_key="quality.justice.last_year_share.brief",
                quoted_in=("story.justice.body",),
            )
        )
    return out


def _schooling_source() -> list[Finding]:
    """The schooling figures: credited to INEI in the text, footnoted to CHS Alternativo."""
    frame = read_table("education").set_index("area")
    return [
        Finding(
            "education:source",
            QUESTION,
            "education",
            "table",
            "quality.education.source",
            {
                "urban": Num(float(frame.loc["urban", "years_of_schooling"]), 1),
                "rural": Num(float(frame.loc["rural", "years_of_schooling"]), 1),
            },
            source_ids=(*_sources(read_table("education")), CHS_MANUAL_SOURCE),
            brief_key="quality.education.source.brief",
        )
    ]


def findings() -> list[Finding]:
    """Every finding: errors in the report first, then how to read the tables, the questions a
    reader should ask, and the figures that check out (each group in the report's order)."""
    found = [
        *_poverty(),
        *_reta_purposes(),
        *_reta_ages(),
        *_complaints(),
        *_origin(),
        *_female_share(),
        *_lima_destination(),
        *_sentences(),
        *_justice_counts(),
        *_schooling_source(),
    ]
    return sorted(found, key=lambda f: KINDS.index(f.kind))


def findings_for_department(code: object) -> list[Finding]:
    """The findings that concern one department (any reference geo.names resolves: ``"08"``,
    ``"Cuzco"``, ``"PE-CUS"``).

    Raises
    ------
    geo.names.UnknownDepartmentError
        When ``code`` names no department.
    """
    resolved = resolve_department(code)
    return [f for f in findings() if resolved in f.department_codes]


def notes_for(message_key: str, lang: str) -> list[str]:
    """The notes that must be shown beside the catalogue message ``message_key``: for each finding
    that names it in ``quoted_in`` (a figure it disputes, a claim it questions), its short wording
    with its kind named first ("Question a reader should ask: …")."""
    return [
        t(
            "quality.labelled",
            lang,
            kind=kind_label(f.kind, lang),
            text=render(Msg(f.brief_key or f.key, f.values), lang),
        )
        for f in findings()
        if message_key in f.quoted_in
    ]


# ---------------------------------------------------------------------------------------------
# What the Data page shows

TABLE_COLUMNS = (
    "kind",
    "finding",
    "table",
    "stated_pct",
    "recomputed_pct",
    "denominator",
    "implied_denominator",
    "sources",
)


def _optional(value: float | None, decimals: int) -> float | None:
    return None if value is None else round(value, decimals)


def findings_table(lang: str, found: Iterable[Finding] | None = None) -> pd.DataFrame:
    """Every finding as a table in ``lang``, in the order of :func:`findings`, its kind named.

    Columns (headers in ``lang``): kind, finding, table, stated %, recomputed %, denominator
    used, implied denominator, sources.
    """
    lang = normalise_language(lang)
    found = findings() if found is None else list(found)
    rows = [
        (
            kind_label(f.kind, lang),
            f.text(lang),
            f.dataset,
            f.stated_pct,
            _optional(f.recomputed_pct, 2),
            f.denominator_used,
            _optional(f.implied_denominator, 1),
            "; ".join(source_text(s, lang) for s in f.source_ids),
        )
        for f in found
    ]
    headers = [t(f"quality.column.{c}", lang) for c in TABLE_COLUMNS]
    return pd.DataFrame(rows, columns=headers)


def findings_sections(lang: str) -> list[tuple[str, str, list[str]]]:
    """(kind, heading, texts) for errors, how-to-read notes and questions, in that order.

    The figures that check out are left to :func:`findings_table`.
    """
    found = findings()
    return [
        (kind, t(f"quality.heading.{kind}", lang), [f.text(lang) for f in found if f.kind == kind])
        for kind in (ERROR, HOW_TO_READ, QUESTION)
        if any(f.kind == kind for f in found)
    ]
