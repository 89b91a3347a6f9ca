"""Embedding the static edition: the self-sizing iframe snippet and the page that lists every embed.

An embed page posts its height to the page around it (``assets/embed.js``); the snippet's few
lines of script set the iframe's height from those messages, for that iframe only. The live app's
Data page offers the same snippet when ``ATLAS_STATIC_URL`` names where ``site/`` is published.
"""

from __future__ import annotations

import os
from urllib.parse import urljoin

from geo.i18n import normalise_language, t
from geo.site.html import Page, esc

STATIC_URL_ENV = "ATLAS_STATIC_URL"
MESSAGE_TYPE = "atlas-embed:height"
DEFAULT_HEIGHT = {"map": 620, "chart": 560}
# The listener, once per page however many iframes: only a height, from the iframe it names.
SIZER_JS = (
    "(function(){if(window.atlasEmbedSizer)return;window.atlasEmbedSizer=1;"
    "addEventListener('message',function(e){var d=e.data;"
    f"if(!d||d.type!=='{MESSAGE_TYPE}')return;"
    "var f=document.querySelectorAll('iframe[data-atlas-embed]');"
    "for(var i=0;i<f.length;i++)if(f[i].contentWindow===e.source)"
    "f[i].style.height=Math.min(Math.max(+d.height||0,120),4000)+'px';});})();"
)


def snippet(src: str, title: str, height: int) -> str:
    """The HTML to paste into a page: the iframe of ``src`` and the script that sizes it."""
    return (
        f'<iframe src="{esc(src)}" title="{esc(title)}" width="100%" height="{int(height)}"'
        ' style="border:0;width:100%" loading="lazy" data-atlas-embed></iframe>\n'
        f"<script>{SIZER_JS}</script>"
    )


def static_url() -> str | None:
    """Where ``site/`` is published (``ATLAS_STATIC_URL``, ending in ``/``), or None when unset."""
    value = os.environ.get(STATIC_URL_ENV, "").strip()
    if not value:
        return None
    return value if value.endswith("/") else value + "/"


def map_embed_path(layer: str, measure: str, lang: str) -> str:
    """The path of a map view's embed page relative to the site's root."""
    from geo.site.explorer import map_embed_file

    return f"{normalise_language(lang)}/{map_embed_file(layer, measure)}"


def chart_embed_path(chart_id: str, lang: str) -> str:
    """The path of a chart's embed page relative to the site's root."""
    from geo.site.charts import chart_embed_file

    return f"{normalise_language(lang)}/{chart_embed_file(chart_id)}"


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
    measure the layer does not offer its first measure. ``routes`` (None: all six) and ``dept``
    go into the address's fragment, as the explorer writes them; ``theme="dark"`` asks for the
    dark colours.
    """
    from geo.layers import LAYERS

    layer = layer if layer in LAYERS else "complaints"
    measure = measure if measure in LAYERS[layer].measures else LAYERS[layer].measures[0]
    src = urljoin(base_url, map_embed_path(layer, measure, lang))
    if theme == "dark":
        src += "?theme=dark"
    fragment = []
    if routes is not None:
        fragment.append("routes=" + (",".join(routes) or "none"))
    if dept:
        fragment.append(f"dept={dept}")
    if fragment:
        src += "#" + "&".join(fragment)
    title = t(f"layer.{layer}.title", lang)
    return snippet(src, title, DEFAULT_HEIGHT["map"])


def static_chart_snippet(base_url: str, chart_id: str, lang: str, theme: str | None = None) -> str:
    """The snippet of a chart of the static edition published at ``base_url``."""
    from geo.site.charts import chart_title

    src = urljoin(base_url, chart_embed_path(chart_id, lang))
    if theme == "dark":
        src += "?theme=dark"
    return snippet(src, chart_title(chart_id, lang), DEFAULT_HEIGHT["chart"])


def embeds_page(lang: str, maps: list[tuple[str, str, str]], charts: list[tuple[str, str]]) -> Page:
    """The list of every embed with its snippet.

    ``maps`` are (layer, measure, title), ``charts`` (chart_id, title). The snippets name the
    pages relative to this one; a small script makes them absolute from the address the page is
    read at, so that they are right wherever the folder is published.
    """
    from geo.site.charts import chart_embed_file
    from geo.site.explorer import map_embed_file

    def item(file: str, title: str, kind: str) -> str:
        code = snippet(file, title, DEFAULT_HEIGHT[kind])
        return (
            '<li class="embed-item">'
            f'<h3><a href="{esc(file)}">{esc(title)}</a></h3>'
            f'<p><a href="{esc(file)}?theme=dark">{esc(t("site.embed.dark", lang))}</a></p>'
            f'<pre class="snippet" data-src="{esc(file)}"><code>'
            f"{esc(code)}</code></pre></li>"
        )

    map_items = "".join(item(map_embed_file(layer, m), title, "map") for layer, m, title in maps)
    chart_items = "".join(item(chart_embed_file(cid), title, "chart") for cid, title in charts)
    body = (
        f"<h1>{esc(t('site.embed.title', lang))}</h1>"
        f"<p class='intro'>{esc(t('site.embed.intro', lang))}</p>"
        f"<p>{esc(t('site.embed.options', lang))}</p>"
        f"<h2>{esc(t('site.embed.maps', lang))}</h2><ul class='embeds'>{map_items}</ul>"
        f"<h2>{esc(t('site.embed.charts', lang))}</h2><ul class='embeds'>{chart_items}</ul>"
    )
    return Page(
        lang=lang,
        file="embed.html",
        title=f"{t('site.embed.title', lang)} — {t('app.title', lang)}",
        body=body,
        scripts=["embeds.js"],
        body_class="page-embeds",
    )
