"""Every finding, in the order a reader meets them; those of one department; the notes that must
stand beside a message of the catalogue."""

from __future__ import annotations

from geo.i18n import t
from geo.messages import Message, render
from geo.names import resolve_department
from geo.paths import DATA_DIR
from geo.quality.education import schooling_findings
from geo.quality.finding import Finding
from geo.quality.justice import justice_count_findings, sentence_findings
from geo.quality.kinds import KINDS, kind_label
from geo.quality.observatorio import complaint_findings, female_share_findings, origin_findings
from geo.quality.poverty import poverty_findings
from geo.quality.reta import age_findings, purpose_findings
from geo.quality.routes import lima_destination_findings

# The findings computed from the data folder in the state it was in (_data_stamp): the charts,
# the profiles and the static edition's pages ask for them again and again.
_FOUND: dict[tuple, tuple[Finding, ...]] = {}


def _data_stamp() -> tuple:
    """Each file of the data folder with its size and time of change: a changed table or source
    list is read again, as geo.tables.read_table reads a changed file again."""
    return tuple(
        (p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in sorted(DATA_DIR.iterdir())
    )


def findings() -> list[Finding]:
    """Every finding: errors in the report first, then how to read the tables, the questions a
    reader should ask, and the figures that check out (each group in the report's order)."""
    stamp = _data_stamp()
    if stamp not in _FOUND:
        _FOUND.clear()
        _FOUND[stamp] = tuple(_every_finding())
    return list(_FOUND[stamp])


def _every_finding() -> list[Finding]:
    found = [
        *poverty_findings(),
        *purpose_findings(),
        *age_findings(),
        *complaint_findings(),
        *origin_findings(),
        *female_share_findings(),
        *lima_destination_findings(),
        *sentence_findings(),
        *justice_count_findings(),
        *schooling_findings(),
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
            text=render(Message(f.brief_key or f.key, f.values), lang),
        )
        for f in findings()
        if message_key in f.quoted_in
    ]
