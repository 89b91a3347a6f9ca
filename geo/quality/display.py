"""What the Data page shows of the findings: one table of them all, and sections by kind."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from geo.i18n import normalise_language, t
from geo.quality.finding import Finding
from geo.quality.kinds import ERROR, HOW_TO_READ, QUESTION, kind_label
from geo.quality.listing import findings
from geo.tables import source_text

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
