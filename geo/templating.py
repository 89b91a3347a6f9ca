"""The atlas's HTML templates: one Jinja2 environment, autoescaping every value, built once.

Templates live beside the code that fills them: ``geo/templates/`` (the map's boxes, the
standalone map's head, the embed snippet) is named ``geo/...`` here, ``geo/site/templates/`` (the
static edition's pages) ``site/...``. A template's source is always one of these files, never a
string holding data; every value put into one is escaped, unless the template marks it ``|safe``
with a comment saying why (markup the atlas itself rendered from a template, or a fixed file).
Values for a ``<script>`` go through ``|tojson``: JSON with ``<``, ``>``, ``&``, ``'`` (and U+2028,
U+2029) written as ``\\u`` escapes, so no text can end the element.
"""

from __future__ import annotations

import json
import math
import re
from functools import cache
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

GEO_DIR = Path(__file__).parent
FOLDERS = {"geo": GEO_DIR / "templates", "site": GEO_DIR / "site" / "templates"}

__all__ = ["FOLDERS", "Markup", "environment", "macro", "render", "script_json"]


def script_json(value: object, **_kwargs: object) -> str:
    """``value`` as compact JSON (UTF-8 text kept, no NaN) with U+2028 and U+2029 escaped.

    Used by ``|tojson``, which then writes ``<``, ``>``, ``&`` and ``'`` as ``\\u`` escapes.
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _text_or_empty(value: object) -> object:
    """None and NaN are written as nothing (as geo.safety.escape_html writes them)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return value


_INLINE_CODE = re.compile(r"`([^`]+)`")


def inline_code(text: object) -> Markup:
    """A catalogue text whose `names` the live app shows as code (Streamlit's markdown), written
    with <code> around them: the text is escaped first, so nothing in it becomes markup."""
    return Markup(_INLINE_CODE.sub(r"<code>\1</code>", str(escape(text))))


@cache
def environment() -> jinja2.Environment:
    """The one environment of the process: the atlas's template folders, escaping on, strict."""
    env = jinja2.Environment(
        loader=jinja2.PrefixLoader(
            {prefix: jinja2.FileSystemLoader(folder) for prefix, folder in FOLDERS.items()}
        ),
        autoescape=True,  # every template, whatever its name
        undefined=jinja2.StrictUndefined,  # a misspelt name fails the build, not prints ""
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        auto_reload=False,
        finalize=_text_or_empty,
    )
    env.filters["inline_code"] = inline_code
    env.policies["json.dumps_function"] = script_json
    env.policies["json.dumps_kwargs"] = {}
    return env


def render(name: str, /, **values: object) -> Markup:
    """Template ``name`` (``"site/page.html"``, ``"geo/map_legend.html"``) filled with ``values``.

    The result is markup (every value in it escaped by the template), so that another template
    can take it as it is.
    """
    return Markup(environment().get_template(name).render(**values))


def macro(name: str, macro_name: str):
    """The macro ``macro_name`` of template ``name``, as a function returning escaped markup."""
    return getattr(environment().get_template(name).module, macro_name)
