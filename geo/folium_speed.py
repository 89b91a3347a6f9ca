"""branca never compiles a text it has already rendered: safe, and a faster map build.

branca (folium's base) renders each map part through its macro template, then wraps the text it
rendered in a new ``Element``, whose constructor compiles that text as a Jinja template, to be
rendered a second time when the page is rendered. Whatever the first render put into the text
(a reader's column name, file name or cell, in a tooltip or a legend) was then run as Jinja:
a column named ``{{7*7}}`` became ``49`` in a downloaded map, and
``{{ cycler.__init__.__globals__.os.getpid() }}`` ran Python on the server.

``literal_template`` gives every text handed to ``Element(...)`` a template that returns it as it
is (as Jinja would return a text without syntax: one trailing newline dropped), whatever it holds.
The atlas, folium and branca pass ``Element`` only texts that are already rendered (folium's
``Element(Template(...).render(...))``, branca's ``MacroElement.render``) or plain markup of the
atlas's own; the templates that must be compiled are class attributes built when branca and
folium are imported, before this module installs itself, and are untouched.

It also makes the build faster: about fifty compiles per map, the department and route GeoJSON
inlined in them included, are gone (``map_build_ms`` before and after: bench/README.md, "Changes
made to meet the budgets"). folium's own templates built during a render are
compiled once per text (:func:`folium_template`). Importing this module installs both, once per
process; the map's HTML is unchanged (``tests/test_maps.py``). The names it replaces are branca's
and folium's insides, kept in ``geo.compat`` and checked there on every upgrade.
"""

from __future__ import annotations

import functools

from geo.compat import branca as branca_compat
from geo.compat import folium as folium_compat

_COMPILING = branca_compat.COMPILING_TEMPLATE  # jinja2.Template, as branca imported it


class LiteralTemplate:
    """A text as a template that renders it unchanged (one trailing newline dropped, as Jinja)."""

    def __init__(self, text: str) -> None:
        self.text = text[:-1] if text.endswith("\n") else text

    def render(self, *_args, **_kwargs) -> str:
        return self.text


def literal_template(source, *args, **kwargs):
    """A ``LiteralTemplate`` of any text: ``Element(text)`` never runs ``text`` as Jinja.

    Only what is not a text (a parsed template) is handed to ``jinja2.Template`` as before.
    """
    if isinstance(source, str):
        return LiteralTemplate(source)
    return _COMPILING(source, *args, **kwargs)


_FOLIUM_TEMPLATE = folium_compat.COMPILING_TEMPLATE  # folium.template.Template


@functools.lru_cache(maxsize=64)
def _folium_compiled(source: str):
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
    branca_compat.set_element_template(literal_template)
    folium_compat.set_features_template(folium_template)


install()
