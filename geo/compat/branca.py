"""What the atlas relies on inside branca (folium's base), checked against TESTED_VERSION.

Uses (all checked by ``tests/test_compat.py``):

- ``branca.element.Template``: the module-level name that ``Element.__init__`` calls to compile a
  text given as ``Element(text)``. ``geo.folium_speed`` replaces it (:func:`set_element_template`)
  so that such a text is never compiled as Jinja; :data:`COMPILING_TEMPLATE` is branca's own
  (``jinja2.Template``).
- ``MacroElement``'s conventions, used by ``geo.maps._Script``: a class attribute ``_template``
  whose module defines ``header``/``script`` macros (``MacroElement.render`` reads
  ``self._template.module``), ``self._name`` (the element's name in the page), and
  ``this._parent.get_name()`` in the template (the variable of the map it is added to).
"""

from __future__ import annotations

import branca.element

TESTED_VERSION = "0.8.2"
# branca's own compiling template (jinja2.Template), as branca imported it.
COMPILING_TEMPLATE = branca.element.Template
Element = branca.element.Element
MacroElement = branca.element.MacroElement


def set_element_template(factory) -> None:
    """Make ``Element(text)`` build its template with ``factory(text)`` instead of Jinja's."""
    branca.element.Template = factory


def element_template():
    """What ``Element(text)`` builds its template with now."""
    return branca.element.Template
