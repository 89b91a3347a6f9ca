"""Words and numbers as the charts write them: formatted for the language, wrapped, escaped."""

from __future__ import annotations

import textwrap

from geo.i18n import format_number, format_percent

WRAP = 105  # characters per line of the source and caveat (fits a ~600 px wide chart)
TITLE_WRAP = 72  # characters per line of the title (16 px)


def n(value: float, lang: str, decimals: int = 0) -> str:
    """A number as ``lang`` writes it."""
    return format_number(float(value), decimals, lang)


def pct(value: float, lang: str, decimals: int = 1) -> str:
    """A percentage (0-100) as ``lang`` writes it."""
    return format_percent(float(value), decimals, lang)


def wrap(text: str, width: int = WRAP) -> list[str]:
    """``text`` cut into lines of at most ``width`` characters (one empty line for no text)."""
    return textwrap.wrap(text, width=width, break_long_words=False) or [""]


def br(text: str, width: int) -> str:
    """``text`` wrapped for plotly, whose labels break lines at ``<br>``."""
    return "<br>".join(wrap(text, width))


def lower_first(text: str) -> str:
    """A label used mid-sentence: "Child begging" -> "child begging" (names keep their capitals)."""
    return text[:1].lower() + text[1:]


def plotly_text(text: object) -> str:
    """User text for a plotly label: its tags shown as text (plotly reads <b>, <a href=...>)."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
