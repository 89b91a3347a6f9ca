"""Text kept as a catalogue key and its parameters, rendered in the reader's language when shown.

The data-quality findings (``geo.quality``) and the problems of an upload (``geo.uploads``) keep
what they say this way, so that one computation serves both languages and a language switch
needs no new one. A parameter is a plain value (a name, a code: shown as it is), a tuple (joined
as the language lists things: "a, b y c") or a :class:`Part` that renders itself: a number, a
count, a percentage, a list of alternatives, another message. A floor above may add parts of its
own (``geo.quality.Label`` reads a data table's label).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from geo.i18n import format_count, format_list, format_number, format_percent, t, tn


class Part:
    """A message parameter that renders itself in a language (:meth:`render`)."""

    def render(self, lang: str) -> str:
        raise NotImplementedError


def render(value: object, lang: str) -> str:
    """A parameter as text in ``lang``: parts rendered, tuples as a list, None as nothing,
    anything else (a name, a code) as it is."""
    if isinstance(value, Part):
        return value.render(lang)
    if isinstance(value, tuple):
        return format_list((render(v, lang) for v in value), lang)
    return "" if value is None else str(value)


@dataclass(frozen=True)
class Message(Part):
    """A catalogue message and its parameters; with ``count``, one whose words follow the count
    (``geo.i18n.tn``, which fills ``{count}``).

    ``values`` may be given as a mapping; it is kept as (name, value) pairs, so that a message
    can be hashed and compared like the other parts.
    """

    key: str
    values: tuple[tuple[str, object], ...] = field(default=())
    count: int | None = None

    def __post_init__(self) -> None:
        if isinstance(self.values, Mapping):
            object.__setattr__(self, "values", tuple(self.values.items()))

    @classmethod
    def of(cls, key: str, count: int | None = None, **values: object) -> Message:
        """``Message.of("uploads.problem.negative", value="-3")``."""
        return cls(key, tuple(values.items()), count)

    def render(self, lang: str) -> str:
        """The message in ``lang``, its parameters rendered in the same language."""
        values = {name: render(value, lang) for name, value in self.values}
        if self.count is None:
            return t(self.key, lang, **values)
        return tn(self.key, self.count, lang, **values)


@dataclass(frozen=True)
class Number(Part):
    """A number with ``decimals`` places."""

    value: float
    decimals: int = 0

    def render(self, lang: str) -> str:
        return format_number(self.value, self.decimals, lang)


@dataclass(frozen=True)
class Count(Part):
    """A count in prose: "six" from two to ten, a numeral otherwise (geo.i18n.format_count)."""

    value: int

    def render(self, lang: str) -> str:
        return format_count(self.value, lang)


@dataclass(frozen=True)
class Percent(Part):
    """A percentage given in percent (0–100), with ``decimals`` places."""

    value: float
    decimals: int = 1

    def render(self, lang: str) -> str:
        return format_percent(self.value, self.decimals, lang)


@dataclass(frozen=True)
class OneOf(Part):
    """Alternatives, joined as the reader's language says "a, b o c"."""

    items: tuple

    def render(self, lang: str) -> str:
        return format_list([render(item, lang) for item in self.items], lang, style="or")
