"""The report's figures as printed, and its tables of rows that give a count and a stated share:
each share recomputed, and a top-N table's shares read as shares of the rows it lists."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from geo.messages import Count, Message, Number, Percent
from geo.names import department_names
from geo.quality.checks import explains, reproduces, stated_decimals
from geo.quality.finding import Finding
from geo.quality.kinds import CHECK, ERROR, HOW_TO_READ
from geo.tables import read_table, read_table_text


def printed_cells(table: str, key_column: str, column: str) -> dict[str, str]:
    """Key -> the cell of ``column`` as the file prints it."""
    frame = read_table_text(table)
    return dict(zip(frame[key_column], frame[column], strict=True))


def sources_of(frame: pd.DataFrame) -> tuple[str, ...]:
    """The provenance records of a table's rows, each once, in order."""
    return tuple(dict.fromkeys(frame["source_id"]))


def printed_pct(text: str) -> Percent:
    """A stated percentage with the decimals the report prints."""
    return Percent(float(text), stated_decimals(text))


@dataclass(frozen=True)
class Row:
    """A row that gives a count (None where the report gives only a percentage) and a share."""

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


def share_check(dataset: str, row: Row, total: int, unit: str, sources: tuple) -> Finding:
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
            "count": Number(row.count),
            "total": Number(total),
            "unit": Message(unit),
            "recomputed": Percent(recomputed, 2),
            "stated": printed_pct(row.stated_text),
            "implied": Number(implied),
        },
        row.codes,
        sources,
        row.stated,
        round(recomputed, 4),
        total,
        round(implied, 4),
        disputed=() if matches else (printed_pct(row.stated_text),),
    )


def listed_share(dataset: str, row: Row, listed: int, total: int, unit: str, sources: tuple):
    """A row of a top-N table: its stated share of the rows listed, or of the whole total.

    Returns (finding, is_share_of_listed).
    """
    if reproduces(row.count, total, row.stated, row.decimals):
        return share_check(dataset, row, total, unit, sources), False
    recomputed = 100 * row.count / listed
    values = {
        "label": row.label,
        "count": Number(row.count),
        "listed": Number(listed),
        "unit": Message(unit),
        "recomputed": Percent(recomputed, 2),
        "stated": printed_pct(row.stated_text),
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
            "recomputed": Percent(recomputed, row.decimals + 2),
            "rounded": Percent(recomputed, row.decimals),
        }
        return Finding(
            finding_id,
            ERROR,
            dataset,
            row.key,
            "quality.listed_share.slip",
            values,
            brief_key="quality.listed_share.slip.brief",
            disputed=(printed_pct(row.stated_text),),
            **common,
        ), True
    return share_check(dataset, row, total, unit, sources), False


def department_rows(dataset: str, frame: pd.DataFrame, count_column: str) -> list[Row]:
    """The rows of a top-N table by department, with their stated shares as printed."""
    names = department_names()
    printed = printed_cells(dataset, "department_code", "stated_pct")
    return [
        Row(code, names[code], int(count), printed[code], (code,))
        for code, count in zip(frame["department_code"], frame[count_column], strict=True)
    ]


def top_table(
    dataset: str, count_column: str, total_id: str, unit: str, reading: str
) -> tuple[list[Finding], int, int, list[Row]]:
    """A top-N table's rows checked, and ONE how-to-read note when they are shares of the listed.

    Returns (findings, listed subtotal, total, rows).
    """
    frame = read_table(dataset)
    totals = read_table("observatorio_totals").set_index("indicator_id")
    total = int(totals.loc[total_id, "value"])
    listed = int(frame[count_column].sum())
    rows = department_rows(dataset, frame, count_column)
    sources = sources_of(frame)
    out, of_listed = [], []
    for row in rows:
        finding, share_of_listed = listed_share(dataset, row, listed, total, unit, sources)
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
                    "listed": Number(listed),
                    "total": Number(total),
                    "example": example.label,
                    "example_stated": printed_pct(example.stated_text),
                    "example_count": Number(example.count),
                    "example_of_total": Percent(100 * example.count / total, 2),
                    "rest": Message(f"quality.{reading}.rest", count=rest),
                    "rest_pct": Percent(100 * rest / total, 1),
                },
                tuple(r.key for r in rows),
                sources,
                denominator_used=listed,
                brief_key=f"quality.{reading}.how_to_read.brief",
            ),
        )
    return out, listed, total, rows
