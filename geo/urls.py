"""The atlas's URLs: view values in the query string, embed addresses and the iframe code for them.

Every view is in its URL (README, "Using the atlas"): one value per parameter, a list of choices
comma-separated with ``none`` for an empty list.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from urllib.parse import urlencode, urlsplit, urlunsplit

from geo.safety import escape_html

EMPTY_LIST = "none"  # ?routes=none: every route switched off (an empty value reads as "not given")
MAP_VIEW_KEYS = ("layer", "measure", "routes", "dept")  # the map's parameters, in URL order
MAP_IFRAME_HEIGHT = 760  # px: the map with its title, legend and source line
CHART_IFRAME_HEIGHT = 560  # px: one chart with its title, source and caveat
EMBED_CHART = "purposes"  # the chart the Data page offers to embed


def url_text(value: object) -> str | None:
    """A view value as the query string writes it; None (no value) means no parameter."""
    if value is None:
        return None
    if isinstance(value, list | tuple):
        return ",".join(str(v) for v in value) or EMPTY_LIST
    return str(value)


def parse_url_value(
    raw: str | None, options: Sequence[str] | None = None, multi: bool = False
) -> str | list[str] | None:
    """A query-string value read back: None when absent or not one of ``options``.

    A list (``multi``) comes back in the order of ``options``, whatever the URL's order, and
    ``none`` or an empty value is the empty list; one unknown item rejects the whole list.
    """
    if raw is None:
        return None
    if multi:
        items = [] if raw in ("", EMPTY_LIST) else raw.split(",")
        if options is None:
            return items
        if any(item not in options for item in items):
            return None
        return [option for option in options if option in items]
    if options is not None and raw not in options:
        return None
    return raw


def app_base_url(page_url: str | None, fallback: str = "http://localhost:8501/") -> str:
    """The app's root address (ending in ``/``) from the address of any of its pages.

    The pages sit one level below the root (``/data``, ``/overview``), and the map is the root
    itself, so the root is the page address without its query and last path segment. Without a
    page address (a bare run) the local default is given.
    """
    if not page_url:
        return fallback
    parts = urlsplit(page_url)
    root = parts.path.rsplit("/", 1)[0] + "/"
    return urlunsplit((parts.scheme, parts.netloc, root, "", ""))


def map_embed_url(base: str, lang: str, view: Mapping[str, object]) -> str:
    """The embed address of a map view: ``?embed=true``, the language and the view's values.

    ``view`` maps the map's parameters (:data:`MAP_VIEW_KEYS`) to their values; a missing or None
    value is left out, so the embedded map opens with its default.
    """
    params = {"embed": "true", "lang": lang}
    for key in MAP_VIEW_KEYS:
        text = url_text(view.get(key))
        if text is not None:
            params[key] = text
    return f"{base}?{urlencode(params)}"


def chart_embed_url(base: str, chart_id: str, lang: str, page: str = "overview") -> str:
    """The embed address of one chart of ``page``: that chart alone, framed for an iframe."""
    return f"{base}{page}?{urlencode({'embed': 'true', 'chart': chart_id, 'lang': lang})}"


def iframe_code(src: str, title: str, height: int) -> str:
    """The HTML that embeds ``src``: full width, ``height`` pixels, no border, loaded lazily."""
    return (
        f'<iframe src="{escape_html(src)}" title="{escape_html(title)}" width="100%" '
        f'height="{int(height)}" style="border:0" loading="lazy"></iframe>'
    )
