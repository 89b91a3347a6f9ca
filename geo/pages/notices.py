"""The notices an address gets when it names what the atlas does not have, for both editions.

A link may name a layer, a measure, a route, a department or a story step that the atlas does not
have (a typo, an old link, an edited address). The view falls back to a value the atlas has, and
the reader is told, in their language, which value was not understood and what is shown instead.
The live map page words its notices with :func:`address_notices`; the static edition's scripts
(``explorer.js``, ``embed-map.js``, ``deck.js``) fill in the same catalogue messages, shipped with
``{value}`` and ``{used}`` left open (:func:`notice_words`), so no edition words a notice itself.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from geo.i18n import normalise_language, t
from geo.routes import ROUTE_IDS
from geo.urls import EMPTY_LIST

NOTICE_VALUE_CHARS = 40  # the most of an address's value a notice quotes
NOTICE_KEYS = ("layer", "measure", "routes.all", "routes.some", "dept")


def quoted(raw: object) -> str:
    """An address's value as a notice quotes it: at most :data:`NOTICE_VALUE_CHARS` characters."""
    text = str(raw)
    return text if len(text) <= NOTICE_VALUE_CHARS else text[: NOTICE_VALUE_CHARS - 1] + "…"


def notice_words(lang: str) -> dict[str, str]:
    """Each notice's words in ``lang`` with ``{value}`` and ``{used}`` left for a script to fill."""
    lang = normalise_language(lang)
    return {key: t(f"notice.{key}", lang, value="{value}", used="{used}") for key in NOTICE_KEYS}


def routes_named(raw: str | None) -> list[str] | None:
    """The routes a ``routes`` value names that the atlas has, in the atlas's order.

    None when the value is absent or names only routes the atlas has (nothing to correct); every
    route when it names none the atlas has. This is the static edition's rule too
    (``atlas-map.js``'s ``routesFrom``).
    """
    if raw is None or raw in ("", EMPTY_LIST):
        return None
    asked = raw.split(",")
    if all(item in ROUTE_IDS for item in asked):
        return None
    known = [route for route in ROUTE_IDS if route in asked]
    return known or list(ROUTE_IDS)


def address_notices(
    query: Mapping[str, str],
    options: Mapping[str, Sequence[str]],
    used: Mapping[str, str],
    lang: str,
) -> tuple[str, ...]:
    """The notices for the map's values in ``query`` that are not among their ``options``.

    Parameters
    ----------
    query : the address's parameters (``layer``, ``measure``, ``routes``, ``dept``; others are
        not the map's and are left alone).
    options : for each of those parameters, the values the atlas has (the measures of the layer
        shown).
    used : the label of what is shown instead, for ``layer`` and ``measure``.
    lang : the reader's language.

    Returns
    -------
    tuple of str
        One notice per wrong value, in the order layer, measure, routes, department.
    """
    lang = normalise_language(lang)
    notices = []
    for key in ("layer", "measure"):
        raw = query.get(key)
        if raw and raw not in options[key]:
            notices.append(t(f"notice.{key}", lang, value=quoted(raw), used=used[key]))
    known = routes_named(query.get("routes"))
    if known is not None:
        asked = query["routes"].split(",")
        some = [route for route in known if route in asked]
        key = "notice.routes.some" if some else "notice.routes.all"
        notices.append(t(key, lang, value=quoted(query["routes"])))
    raw = query.get("dept")
    if raw and raw not in options["dept"]:
        notices.append(t("notice.dept", lang, value=quoted(raw)))
    return tuple(notices)
