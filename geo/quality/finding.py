"""What a finding is: its kind, the table and item it is about, its words as a message key and
parameters, the figures it checks; and the one parameter only findings use, a table's label."""

from __future__ import annotations

from dataclasses import dataclass, field

from geo.i18n import normalise_language, t
from geo.messages import Message, Part, render
from geo.quality.kinds import SEVERITY, kind_label
from geo.tables import read_table


@dataclass(frozen=True)
class Label(Part):
    """A label from a data table's language columns: ``<column>_es`` or ``<column>_en``."""

    table: str
    key_column: str
    key: str
    column: str
    lower: bool = False  # mid-sentence: "Sexual exploitation" -> "sexual exploitation"

    def render(self, lang: str) -> str:
        frame = read_table(self.table).set_index(self.key_column)
        text = str(frame.loc[self.key, f"{self.column}_{normalise_language(lang)}"])
        return text[:1].lower() + text[1:] if self.lower else text


@dataclass(frozen=True)
class Finding:
    """One finding about the report's figures, kept as a message key and its parameters.

    Attributes
    ----------
    finding_id : stable id, ``"<dataset>:<item>"``.
    kind : ``error``, ``how_to_read``, ``question`` or ``check`` (see ``geo.quality``).
    dataset : the table it is about (file name without ``.csv``).
    item : what in the table: a department code, a purpose, an age group, or the whole table.
    key : the message that words it; ``values`` are its parameters (``geo.messages.render``).
    department_codes : the INEI codes of the departments it concerns (shown in their profiles).
    source_ids : the provenance records it rests on.
    stated_pct : the percentage as the report prints it, where one figure is checked.
    recomputed_pct : that figure recomputed from the counts, over ``denominator_used``.
    denominator_used : the total the figure was recomputed over.
    implied_denominator : count / (stated_pct / 100): the total the stated figure implies.
    brief_key : a short wording, with the same parameters, for the note inside a chart's image
        and beside a story step.
    disputed : the report's figures (``Percent``) that the finding disputes: no text of the atlas
        may state one as fact without the finding's note beside it.
    quoted_in : the catalogue's messages that quote those figures, or the claim the finding
        questions; each must be shown with the finding's note (``geo.quality.notes_for``).
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
        return render(Message(self.key, self.values), lang)

    def brief(self, lang: str) -> str | None:
        """The short wording for a chart's image, or None when the finding has none."""
        return render(Message(self.brief_key, self.values), lang) if self.brief_key else None

    def labelled(self, lang: str) -> str:
        """The finding with its kind named first: "Error in the report: …"."""
        return t("quality.labelled", lang, kind=kind_label(self.kind, lang), text=self.text(lang))
