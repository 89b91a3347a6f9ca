"""branca without its Jinja compile of text that holds no template: a faster map build.

branca (folium's base) renders each map part, then wraps the text it rendered in a new ``Element``,
whose constructor compiles it as a Jinja template, the department and route GeoJSON inlined in it
included: about fifty compiles per map. Without them the map's build for st_folium took 240 ms
instead of 380 ms (one interleaved A/B on a loaded two-core machine; bench/README.md). A text
with no Jinja syntax renders as itself, so ``literal_template`` gives such texts a template that
returns them as Jinja would (Jinja drops one trailing newline), and compiles the others as before.
folium's own templates built during a render are compiled once per text (:func:`folium_template`).
Importing this module installs both, once per process; the map's HTML is unchanged
(``tests/test_maps.py``).
"""

from __future__ import annotations

import functools

import branca.element
import folium.features
import folium.template

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


_FOLIUM_TEMPLATE = folium.template.Template


@functools.lru_cache(maxsize=64)
def _folium_compiled(source: str) -> folium.template.Template:
    return _FOLIUM_TEMPLATE(source)


def folium_template(source, *args, **kwargs):
    """``folium.template.Template(source)``, compiled once per text and then reused.

    folium's GeoJSON tooltip compiles the same small stylesheet template on every render (three
    per atlas map); a compiled template keeps no state between renders, so one serves them all.
    """
    if isinstance(source, str) and not args and not kwargs:
        return _folium_compiled(source)
    return _FOLIUM_TEMPLATE(source, *args, **kwargs)


def install() -> None:
    """Make branca's ``Element`` use ``literal_template``, and folium's features reuse their
    compiled templates (idempotent)."""
    branca.element.Template = literal_template
    folium.features.Template = folium_template


install()
