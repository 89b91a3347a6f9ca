"""The four kinds of finding, the order they are listed in, the weight each is shown at."""

from __future__ import annotations

from geo.i18n import t

ERROR, HOW_TO_READ, QUESTION, CHECK = "error", "how_to_read", "question", "check"
KINDS = (ERROR, HOW_TO_READ, QUESTION, CHECK)  # the order in which findings are listed
# The weight a page shows a finding at: an error in the report as a warning, a reading or a
# question as a note; a figure that checks out is listed only with the recomputed figures.
SEVERITY = {ERROR: "warning", HOW_TO_READ: "note", QUESTION: "note", CHECK: "ok"}


def kind_label(kind: str, lang: str) -> str:
    """The name of a kind of finding in ``lang``: "Error in the report", "How to read a table"…"""
    if kind not in KINDS:
        raise ValueError(f"unknown kind of finding {kind!r}: expected one of {', '.join(KINDS)}")
    return t(f"quality.kind.{kind}", lang)
