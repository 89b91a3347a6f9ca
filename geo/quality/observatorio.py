"""The Observatorio's tables: complaints by judicial district, victims by origin, the female share.

Its top-N tables print shares of the rows they list, not of the whole total (``geo.quality.shares``).
"""

from __future__ import annotations

import math

from geo.messages import Count, Number, Percent
from geo.names import department_names
from geo.quality.checks import reproduces, stated_decimals, whole_counts
from geo.quality.finding import Finding
from geo.quality.kinds import CHECK, ERROR, HOW_TO_READ, QUESTION
from geo.quality.shares import printed_cells, printed_pct, sources_of, top_table
from geo.tables import read_table

# The report's "Lima" is the Ministerio Público's Lima judicial district, one of several in the
# department: its complaints over the whole department's population are not the department's rate.
LIMA = "15"


def complaint_findings() -> list[Finding]:
    """Complaints by judicial district: shares of the five listed, Lima's rate, "outside Lima"."""
    dataset = "complaints_by_judicial_department"
    out, listed, total, rows = top_table(
        dataset, "complaints", "complaints", "quality.unit.complaints", "complaints"
    )
    sources = sources_of(read_table(dataset))
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
                    "rate": Number(rate, 1),
                    "count": Number(counts[LIMA]),
                    "population": Number(people),
                },
                (LIMA,),
                (*sources, population["source_id"]),
            )
        )

        # "More than 50 % ... in those five departments, confirming that the main destination
        # is located outside Lima": Lima is one of the five.
        totals = read_table("observatorio_totals").set_index("indicator_id")
        claim = totals.loc["top5_complaints_share"]
        claim_text = printed_cells("observatorio_totals", "indicator_id", "value")[
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
                    "stated": printed_pct(claim_text),
                    "n": Count(len(rows)),
                    "listed": Number(listed),
                    "total": Number(total),
                    "share": Percent(100 * listed / total, 1),
                    "lima": names[LIMA],
                    "others_n": Count(len(rows) - 1),
                    "others": Number(others),
                    "others_share": Percent(100 * others / total, 1),
                },
                tuple(r.key for r in rows),
                tuple(dict.fromkeys((*sources, claim["source_id"]))),
                stated_pct=float(claim["value"]),
                recomputed_pct=round(100 * listed / total, 4),
                denominator_used=total,
            )
        )
    return out


def origin_findings() -> list[Finding]:
    """Victims by origin: shares of the six listed (Cuzco's slip), and the six's share of 366."""
    dataset = "victims_by_origin"
    out, listed, total, rows = top_table(
        dataset, "victims", "victims", "quality.unit.victims", "origin"
    )
    totals = read_table("observatorio_totals").set_index("indicator_id")
    text = printed_cells("observatorio_totals", "indicator_id", "value")["top6_origin_share"]
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
                "listed": Number(listed),
                "total": Number(total),
                "share": Percent(share, 2),
                "stated": printed_pct(text),
            },
            source_ids=(totals.loc["top6_origin_share", "source_id"],),
            stated_pct=float(text),
            recomputed_pct=round(share, 4),
            denominator_used=total,
            implied_denominator=round(listed / (float(text) / 100), 4),
            disputed=() if matches else (printed_pct(text),),
        )
    )
    out.append(
        Finding(
            f"{dataset}:cities",
            QUESTION,
            dataset,
            "cities",
            "quality.origin.cities",
            {"n": Count(len(rows)), "stated": printed_pct(text)},
            source_ids=(totals.loc["top6_origin_share", "source_id"],),
            brief_key="quality.origin.cities.brief",
        )
    )
    return out


def female_share_findings() -> list[Finding]:
    """81.6 % female: no whole number of the 366 victims, but 186 of the 228 complaints."""
    totals = read_table("observatorio_totals").set_index("indicator_id")
    text = printed_cells("observatorio_totals", "indicator_id", "value")["female_victims_share"]
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
                {
                    "stated": printed_pct(text),
                    "count": Number(of_victims[0]),
                    "victims": Number(victims),
                },
                recomputed_pct=round(100 * of_victims[0] / victims, 4),
                **common,
            )
        ]
    low, high = math.floor(stated / 100 * victims), math.ceil(stated / 100 * victims)
    values = {
        "stated": printed_pct(text),
        "victims": Number(victims),
        "low": Number(low),
        "low_pct": Percent(100 * low / victims, decimals),
        "high": Number(high),
        "high_pct": Percent(100 * high / victims, decimals),
    }
    of_complaints = whole_counts(stated, complaints, decimals)
    if of_complaints:
        key, brief = (
            "quality.female_share.of_complaints",
            "quality.female_share.of_complaints.brief",
        )
        values |= {
            "count": Number(of_complaints[0]),
            "complaints": Number(complaints),
            "count_pct": Percent(100 * of_complaints[0] / complaints, 2),
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
            disputed=(printed_pct(text),),
            quoted_in=("story.victims.body",),
            **common,
        )
    ]
