"""The names of the static edition's pages that other pages link to, under a language folder, and
the height of their embeds' iframes.

Only names: the modules that build those pages (``geo.site.explorer``, ``geo.site.charts``) and
those that link to them (``geo.site.embed``, ``geo.site.data``, ``geo.site.previews``,
``geo.share``) all import them from here, so that none of them imports another for a name.
"""

from __future__ import annotations

# The height an embed's iframe code gives a map's and a chart's page until it reports its own.
DEFAULT_HEIGHT = {"map": 620, "chart": 560}


def view_file(layer: str, measure: str) -> str:
    """The explorer opened on a view, under the language folder: ``map-origin-per-100k.html``.

    Beside ``map.html``, not in a folder of its own, so that every relative link of the explorer
    (its header, its downloads, the other language) works unchanged.
    """
    return f"map-{layer}-{measure}.html".replace("_", "-")


def map_embed_file(layer: str, measure: str) -> str:
    """The embed page of a map view, under the language folder."""
    return f"embed/map-{layer}-{measure}.html".replace("_", "-")


def chart_embed_file(chart_id: str) -> str:
    """The embed page of a chart, under the language folder."""
    return f"embed/chart-{chart_id.replace('_', '-')}.html"
