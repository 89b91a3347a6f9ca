"""The report's figures checked against its own counts and its sources: the data-quality findings.

Each finding is one of four kinds, shown at its true weight (``kinds``):

- ``error`` — an error in the report (severity ``warning``): a figure that is wrong, or a sentence
  that its figures do not support;
- ``how_to_read`` — how to read a table (``note``), one per table: what its percentages are shares
  of, and where the rest of its total went;
- ``question`` — a question a reader should ask (``note``): a figure that fits another reading
  better, or a claim the report leaves unexplained;
- ``check`` — a stated figure, recomputed, that checks out (``ok``).

A finding keeps a message key and its parameters (``geo.messages``: numbers, percentages, lists,
other messages), and is rendered in the reader's language only when it is shown
(:meth:`Finding.text`).

One module per job: ``kinds`` (the kinds and their weights), ``finding`` (what a finding is),
``checks`` (the arithmetic of a printed percentage), ``shares`` (rows of counts and stated
shares, top-N tables), one module per source of figures (``poverty``, ``reta``,
``observatorio``, ``routes``, ``justice``, ``education``), ``listing`` (every finding in order,
a department's, the notes a message needs) and ``display`` (the Data page's table and sections).
"""

from geo.quality.display import TABLE_COLUMNS, findings_sections, findings_table
from geo.quality.finding import Finding, Label
from geo.quality.kinds import CHECK, ERROR, HOW_TO_READ, KINDS, QUESTION, SEVERITY, kind_label
from geo.quality.listing import findings, findings_for_department, notes_for

__all__ = [
    "CHECK",
    "ERROR",
    "HOW_TO_READ",
    "KINDS",
    "QUESTION",
    "SEVERITY",
    "TABLE_COLUMNS",
    "Finding",
    "Label",
    "findings",
    "findings_for_department",
    "findings_sections",
    "findings_table",
    "kind_label",
    "notes_for",
]
