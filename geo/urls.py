"""The atlas's URLs: view values in the query string, embed addresses and the iframe code for them.

Every view is in its URL (README, "Using the atlas"): one value per parameter, a list of choices
comma-separated with ``none`` for an empty list.

The iframe code (:func:`iframe_code`) is the same for the live app and the static edition: an
iframe with a first height that fits most widths, and a few lines of script that set its height
from the messages the embedded page posts (``{type: "atlas-embed:height", height: N}``), taken
only from that iframe's window and from the origin of its address.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from urllib.parse import urlencode, urlsplit, urlunsplit

from geo.templating import render

EMPTY_LIST = "none"  # ?routes=none: every route switched off (an empty value reads as "not given")
MAP_VIEW_KEYS = ("layer", "measure", "routes", "dept")  # the map's parameters, in URL order
# The iframe code's first heights, kept by readers with scripts off; with scripts the embedded page
# reports its own. Measured in Chromium: the map's embed is about 730-755 px tall at any width,
# a chart's (figure, alt text, data bar) about 720 px at 1280 px and 800 px at 390 px.
MAP_IFRAME_HEIGHT = 760  # px: the map with its title, legend and source line
CHART_IFRAME_HEIGHT = 800  # px: one chart with its title, source, caveat and alt text
EMBED_CHART = "purposes"  # the chart the Data page offers to embed
THEMES = ("light", "dark")  # ?theme=dark: an embed's dark colours, for news sites in dark mode
EMBED_MESSAGE = "atlas-embed:height"  # the type of the message an embedded page posts
EMBED_HEIGHT_LIMITS = (120, 4000)  # px: a height outside is clamped (a broken page stays usable)
# The listener, once per page however many iframes: a height, from the iframe it names (its
# window and its address's origin; Chromium names a file:// page's origin "file://" in a URL and
# "null" in a message, the same origin here).
SIZER_JS = (
    "(function(){if(window.atlasEmbedSizer)return;window.atlasEmbedSizer=1;"
    "addEventListener('message',function(e){var d=e.data;"
    f"if(!d||d.type!=='{EMBED_MESSAGE}')return;"
    "var f=document.querySelectorAll('iframe[data-atlas-embed]');"
    "function n(o){return o==='file://'?'null':o}"
    "for(var i=0;i<f.length;i++){var o;try{o=new URL(f[i].src,location.href).origin}"
    "catch(x){continue}"
    "if(f[i].contentWindow===e.source&&n(o)===n(e.origin))f[i].style.height="
    f"Math.min(Math.max(+d.height||0,{EMBED_HEIGHT_LIMITS[0]}),{EMBED_HEIGHT_LIMITS[1]})+'px';}}"
    "});})();"
)


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


def theme_of(raw: str | None) -> str:
    """The theme a ``?theme=`` value asks for: ``"dark"``, or ``"light"`` for anything else."""
    return "dark" if raw == "dark" else "light"


def map_embed_url(
    base: str, lang: str, view: Mapping[str, object], theme: str | None = None
) -> str:
    """The embed address of a map view: ``?embed=true``, the language and the view's values.

    ``view`` maps the map's parameters (:data:`MAP_VIEW_KEYS`) to their values; a missing or None
    value is left out, so the embedded map opens with its default. ``theme="dark"`` adds
    ``theme=dark``.
    """
    params = {"embed": "true", "lang": lang}
    for key in MAP_VIEW_KEYS:
        text = url_text(view.get(key))
        if text is not None:
            params[key] = text
    if theme_of(theme) == "dark":
        params["theme"] = "dark"
    return f"{base}?{urlencode(params)}"


def map_view_url(base: str, lang: str, view: Mapping[str, object]) -> str:
    """The address of a map view, as a reader shares it: the language and the view's values
    (:data:`MAP_VIEW_KEYS`; a missing or None value is left out, so the map opens with its
    default), lists comma-separated as the app writes them."""
    params = {"lang": lang}
    for key in MAP_VIEW_KEYS:
        text = url_text(view.get(key))
        if text is not None:
            params[key] = text
    return f"{base}?{urlencode(params, safe=',')}"


def chart_embed_url(
    base: str, chart_id: str, lang: str, page: str = "overview", theme: str | None = None
) -> str:
    """The embed address of one chart of ``page``: that chart alone, framed for an iframe."""
    params = {"embed": "true", "chart": chart_id, "lang": lang}
    if theme_of(theme) == "dark":
        params["theme"] = "dark"
    return f"{base}{page}?{urlencode(params)}"


def embed_id(src: str) -> str:
    """The iframe's ``id``: the same for the same address, different for another one."""
    return "atlas-embed-" + hashlib.sha256(src.encode("utf-8")).hexdigest()[:10]


def iframe_code(src: str, title: str, height: int) -> str:
    """The HTML to paste into a page: the iframe of ``src`` and the few lines that size it.

    Full width, ``height`` pixels until the embedded page reports its own height (and for
    readers with scripts off), no border, loaded lazily; its ``id`` is :func:`embed_id`.
    """
    code = render(
        "geo/iframe_code.html",
        id=embed_id(src),
        src=src,
        title=title,
        height=int(height),
        sizer=SIZER_JS,
    )
    return str(code)  # text to paste, shown as code: no longer markup of ours
