"""RETA's tables: complaints by purpose (the shares imply another total; a share that is no whole
number of complaints; shares that do not add up) and women victims by age."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from geo.messages import Count, Message, Number, Percent
from geo.quality.checks import reproduces, whole_counts
from geo.quality.finding import Finding, Label
from geo.quality.kinds import CHECK, ERROR, QUESTION
from geo.quality.shares import Row, printed_cells, printed_pct, share_check, sources_of
from geo.tables import read_table

PURPOSES = "reta_purposes"
AGES = "reta_women_victims_by_age"


def purpose_findings() -> list[Finding]:
    """RETA: the shares imply about 503 complaints; 0.14 % is no whole number; they add to 90 %.

    In this order: the shares that check out, the total the others imply, each purpose given
    only as a percentage, the purposes' sum.
    """
    frame = read_table(PURPOSES)
    printed = printed_cells(PURPOSES, "purpose_id", "stated_pct")
    total = int(frame.loc[frame["purpose_id"] == "all", "complaints"].iloc[0])
    purposes = frame[frame["purpose_id"] != "all"]
    sources = sources_of(frame)
    rows = [
        Row(
            pid,
            Label(PURPOSES, "purpose_id", pid, "purpose"),
            None if pd.isna(count) else int(count),
            printed[pid],
        )
        for pid, count in zip(purposes["purpose_id"], purposes["complaints"], strict=True)
    ]
    counted = [r for r in rows if r.count is not None]
    off = [r for r in counted if not reproduces(r.count, total, r.stated, r.decimals)]
    out = [
        share_check(PURPOSES, r, total, "quality.unit.complaints", sources)
        for r in counted
        if r not in off
    ]
    implied = None
    if off:
        implied = round(sorted(r.count / (r.stated / 100) for r in off)[len(off) // 2])
        out.append(_implied_total(off, total, implied, sources))
    denominators = [total] if implied is None else [total, implied]
    out += [_only_pct(r, total, denominators, sources) for r in rows if r.count is None]
    out.append(_sum_of_purposes(rows, sources))
    return out


def _implied_total(off: list[Row], total: int, implied: int, sources: tuple) -> Finding:
    """The shares that ``total`` does not reproduce, and the total they imply."""
    items = tuple(  # a tuple parameter is written as a list: "a, b y c"
        Message(
            "quality.reta.implied_item",
            {
                "purpose": replace(r.label, lower=True),
                "stated": printed_pct(r.stated_text),
                "count": Number(r.count),
                "implied": Number(implied),
                "total": Number(total),
                "recomputed": Percent(100 * r.count / total, r.decimals),
            },
        )
        for r in off
    )
    first = off[0]
    return Finding(
        f"{PURPOSES}:implied_total",
        ERROR,
        PURPOSES,
        "table",
        "quality.reta.implied_total",
        {
            "implied": Number(implied),
            "total": Number(total),
            "items": items,
            "count": Number(first.count),
            "stated": printed_pct(first.stated_text),
            "recomputed": Percent(100 * first.count / total, first.decimals),
        },
        source_ids=sources,
        denominator_used=total,
        implied_denominator=implied,
        brief_key="quality.reta.implied_total.brief",
        disputed=tuple(printed_pct(r.stated_text) for r in off),
        quoted_in=("story.scale.body",),
    )


def _only_pct(r: Row, total: int, denominators: list[int], sources: tuple) -> Finding:
    """A purpose given only as a percentage: a whole number of some total, or of none."""
    whole = {d: whole_counts(r.stated, d, r.decimals) for d in denominators}
    fits = [d for d in denominators if whole[d]]
    purpose = replace(r.label, lower=True)  # mid-sentence
    values = {"purpose": purpose, "stated": printed_pct(r.stated_text), "total": Number(total)}
    if fits:
        return Finding(
            f"{PURPOSES}:{r.key}",
            CHECK,
            PURPOSES,
            r.key,
            "quality.reta.only_pct.matches",
            values | {"count": Number(whole[fits[0]][0]), "total": Number(fits[0])},
            source_ids=sources,
            stated_pct=r.stated,
            denominator_used=fits[0],
        )
    amounts = tuple(
        Message("quality.amount_of", {"amount": Number(r.stated / 100 * d, 1), "total": Number(d)})
        for d in denominators
    )
    return Finding(
        f"{PURPOSES}:{r.key}",
        ERROR,
        PURPOSES,
        r.key,
        "quality.reta.only_pct.no_whole",
        values | {"amounts": amounts, "one": Percent(100 / total, 2)},
        source_ids=sources,
        stated_pct=r.stated,
        denominator_used=total,
        brief_key="quality.reta.only_pct.no_whole.brief",
        disputed=(printed_pct(r.stated_text),),
    )


def _sum_of_purposes(rows: list[Row], sources: tuple) -> Finding:
    """The purposes' stated shares added: a check when they make 100 %, else a question."""
    stated_sum = round(sum(r.stated for r in rows), 4)
    gap = round(100 - stated_sum, 4)
    adds_up = abs(gap) <= 0.05
    return Finding(
        f"{PURPOSES}:sum_of_purposes",
        CHECK if adds_up else QUESTION,
        PURPOSES,
        "sum_of_purposes",
        "quality.reta.sum.matches" if adds_up else "quality.reta.sum.gap",
        {"n": Count(len(rows)), "sum": Percent(stated_sum, 2), "gap": Percent(gap, 2)},
        source_ids=sources,
        stated_pct=stated_sum,
    )


def age_findings() -> list[Finding]:
    """RETA women victims by age: every share of 1,334, and the groups' sum."""
    dataset = AGES
    frame = read_table(dataset)
    printed = printed_cells(dataset, "age_group", "stated_pct")
    total = int(frame.loc[frame["age_group"] == "all", "victims"].iloc[0])
    groups = frame[frame["age_group"] != "all"]
    sources = sources_of(frame)
    out = [
        share_check(
            dataset,
            Row(
                g.age_group,
                Message(
                    "quality.item.age_group", {"min": Number(g.age_min), "max": Number(g.age_max)}
                ),
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
            {"added": Number(added), "total": Number(total)},
            source_ids=sources,
            denominator_used=total,
        )
    )
    return out
