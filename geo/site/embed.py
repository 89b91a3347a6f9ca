"""Embedding the static edition: the self-sizing iframe snippet and the page that lists every embed.

An embed page posts its height to the page around it (``assets/embed.js``); the snippet's few
lines of script set the iframe's height from those messages, for that iframe only. The snippet is
the live app's (``geo.urls.iframe_code``), so both editions size their iframes the same way. The
live app's Data page offers this edition's snippet when ``ATLAS_STATIC_URL`` names where ``site/``
is published.
"""

from __future__ import annotations

import os
from urllib.parse import urljoin, urlsplit

from geo.i18n import normalise_language, t
from geo.pages.data import data_page
from geo.site.files import DEFAULT_HEIGHT
from geo.site.html import Page, words
from geo.templating import render as render_template
from geo.urls import EMBED_MESSAGE, SIZER_JS, THEMES, iframe_code

__all__ = [
    "SIZER_JS",
    "snippet",
    "static_chart_snippet",
    "static_map_snippet",
    "static_setting",
    "static_url",
]

STATIC_URL_ENV = "ATLAS_STATIC_URL"
MESSAGE_TYPE = EMBED_MESSAGE
DARK_QUERY = "?theme=dark"  # what an embed's address takes for the dark colours


def snippet(src: str, title: str, height: int) -> str:
    """The HTML to paste into a page: the live app's iframe code (:func:`geo.urls.iframe_code`)."""
    return iframe_code(src, title, height)


def static_setting() -> str | None:
    """``ATLAS_STATIC_URL`` as given, ending in ``/``: where ``site/`` is published, as an
    absolute address (``https://example.org/atlas/``) or as a path on the live app's own host
    (``/site/``, as ``make serve`` sets it); None when unset."""
    value = os.environ.get(STATIC_URL_ENV, "").strip()
    if not value:
        return None
    return value if value.endswith("/") else value + "/"


def static_url() -> str | None:
    """Where ``site/`` is published as an absolute address (``ATLAS_STATIC_URL``, ending in
    ``/``), or None when unset or a path on the live app's host, which only a page's own
    address makes absolute (:func:`geo.share.static_address`)."""
    value = static_setting()
    return value if value and urlsplit(value).scheme in ("http", "https") else None


def map_embed_path(layer: str, measure: str, lang: str) -> str:
    """The path of a map view's embed page relative to the site's root."""
    from geo.site.files import map_embed_file

    return f"{normalise_language(lang)}/{map_embed_file(layer, measure)}"


def chart_embed_path(chart_id: str, lang: str) -> str:
    """The path of a chart's embed page relative to the site's root."""
    from geo.site.files import chart_embed_file

    return f"{normalise_language(lang)}/{chart_embed_file(chart_id)}"


def map_fragment(routes: list[str] | tuple[str, ...] | None, dept: str | None) -> str:
    """The ``#routes=…&dept=…`` of a map view's static address, as the explorer writes it
    (``none`` for no route), or an empty string when both are None."""
    parts = []
    if routes is not None:
        parts.append("routes=" + (",".join(routes) or "none"))
    if dept:
        parts.append(f"dept={dept}")
    return "#" + "&".join(parts) if parts else ""


def static_map_src(
    base_url: str,
    layer: str,
    measure: str,
    lang: str,
    routes: list[str] | tuple[str, ...] | None = None,
    dept: str | None = None,
    theme: str | None = None,
) -> str:
    """The address of a map view's embed page in the edition published at ``base_url``."""
    src = urljoin(base_url, map_embed_path(layer, measure, lang))
    if theme == "dark":
        src += DARK_QUERY
    return src + map_fragment(routes, dept)


def static_chart_src(base_url: str, chart_id: str, lang: str, theme: str | None = None) -> str:
    """The address of a chart's embed page in the edition published at ``base_url``."""
    src = urljoin(base_url, chart_embed_path(chart_id, lang))
    return src + DARK_QUERY if theme == "dark" else src


def static_map_snippet(
    base_url: str,
    layer: str | None,
    measure: str | None,
    lang: str,
    routes: list[str] | tuple[str, ...] | None = None,
    dept: str | None = None,
    theme: str | None = None,
) -> str:
    """The snippet of a map view of the static edition published at ``base_url``.

    A layer the static edition does not have (a reader's upload) gives the default view, and a
    measure the layer does not offer its first measure (the live app decides which edition a
    view's code opens with :func:`geo.share.map_share`). ``routes`` (None: all six) and ``dept``
    go into the address's fragment, as the explorer writes them; ``theme="dark"`` asks for the
    dark colours.
    """
    from geo.layers import LAYERS

    layer = layer if layer in LAYERS else "complaints"
    measure = measure if measure in LAYERS[layer].measures else LAYERS[layer].measures[0]
    src = static_map_src(base_url, layer, measure, lang, routes, dept, theme)
    title = t(f"layer.{layer}.title", lang)
    return snippet(src, title, DEFAULT_HEIGHT["map"])


def static_chart_snippet(base_url: str, chart_id: str, lang: str, theme: str | None = None) -> str:
    """The snippet of a chart of the static edition published at ``base_url``."""
    from geo.site.charts import chart_title

    src = static_chart_src(base_url, chart_id, lang, theme)
    return snippet(src, chart_title(chart_id, lang), DEFAULT_HEIGHT["chart"])


def embeds_page(lang: str, maps: list[tuple[str, str, str]], charts: list[tuple[str, str]]) -> Page:
    """The list of every embed with its snippet, a Copy button and a preview, light or dark.

    ``maps`` are (layer, measure, title), ``charts`` (chart_id, title). Each embed's snippet is
    written twice, light and dark (``?theme=dark``, as :func:`static_map_snippet` and the live
    Data page give it); the page's colour choice shows one, which the Copy button copies and the
    preview (the snippet's own iframe, made when the preview is opened) shows. The snippets name
    the pages relative to this one; ``embeds.js`` makes them absolute from the address the page
    is read at, so that they are right wherever the folder is published.
    """
    from geo.site.files import chart_embed_file, map_embed_file, view_file

    def item(file: str, title: str, kind: str, view: str | None = None) -> dict:
        height = DEFAULT_HEIGHT[kind]
        # the snippets' text is shown as text: str() so that the template escapes it
        return {
            "file": file,
            "view": view,  # a map's view page: the link to the view (the live app's, geo.share)
            "title": title,
            "height": height,
            "codes": {
                theme: str(snippet(file + suffix, title, height))
                for theme, suffix in zip(THEMES, ("", DARK_QUERY), strict=True)
            },
        }

    body = render_template(
        "site/embeds.html",
        t=words(lang),
        maps=[
            item(map_embed_file(layer, m), title, "map", view_file(layer, m))
            for layer, m, title in maps
        ],
        charts=[item(chart_embed_file(cid), title, "chart") for cid, title in charts],
        page=data_page(lang),  # the embed section's words, as the live Data page says them
        sizer=SIZER_JS,
    )
    return Page(
        lang=lang,
        file="embed.html",
        title=f"{t('site.embed.title', lang)} — {t('app.title', lang)}",
        body=body,
        scripts=["embeds.js"],
        body_class="page-embeds",
    )
