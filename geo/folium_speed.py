"""branca without its Jinja compile of text that holds no template: a faster map build.

branca (folium's base) renders each map part, then wraps the text it rendered in a new ``Element``,
whose constructor compiles it as a Jinja template, the department and route GeoJSON inlined in it
included: about fifty compiles per map. Without them the map's build for st_folium took 240 ms
instead of 380 ms (one interleaved A/B on a loaded two-core machine; bench/README.md). A text
with no Jinja syntax renders as itself, so ``literal_template`` gives such texts a template that
returns them as Jinja would (Jinja drops one trailing newline), and compiles the others as before.
Importing this module installs it, once per process; the map's HTML is unchanged
(``tests/test_maps.py``).
"""

from __future__ import annotations

import branca.element

_JINJA_MARKERS = ("{{", "{%", "{#")
_COMPILING = branca.element.Template  # jinja2.Template, as branca imported it


class LiteralTemplate:
    """A template of text without Jinja syntax: renders as the text, as Jinja would."""

    def __init__(self, text: str) -> None:
        self.text = text[:-1] if text.endswith("\n") else text

    def render(self, *_args, **_kwargs) -> str:
        return self.text


def literal_template(source, *args, **kwargs):
    """``jinja2.Template(source)``, or a ``LiteralTemplate`` when ``source`` has no Jinja syntax."""
    plain = isinstance(source, str) and not any(m in source for m in _JINJA_MARKERS)
    if plain and not args and not kwargs:
        return LiteralTemplate(source)
    return _COMPILING(source, *args, **kwargs)


def install() -> None:
    """Make branca's ``Element`` use ``literal_template`` (idempotent)."""
    branca.element.Template = literal_template


install()
