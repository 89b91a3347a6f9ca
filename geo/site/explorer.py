"""The map explorer page and the map embed pages of the static edition."""

from __future__ import annotations

from geo.i18n import t
from geo.pages.map import MapPage, map_page
from geo.site.data import map_bundle, map_bundle_later, view_key
from geo.site.files import map_embed_file, view_file
from geo.site.html import Page, inline_script, words
from geo.templating import render as render_template
from geo.views import PreparedMap

LEAFLET_CSS = "leaflet/leaflet.css"
LEAFLET_JS = "leaflet/leaflet.js"
INLINED_SCRIPT = "explorer.js"  # written into the explorer page, not loaded: one request fewer
SHARE_SCRIPT = "share.js"  # the share box's code, the live Map page's too (ui/share.py)


def map_scripts(lang: str) -> list[str]:
    """The scripts a page with an atlas map loads, in order (paths under assets/): Leaflet,
    shared by every page, then the language's map bundle (outlines, views, the map's code) and
    its later part (routes, lakes, places, profiles, embed codes)."""
    return [LEAFLET_JS, map_bundle(lang), map_bundle_later(lang)]


def explorer_scripts(lang: str) -> list[str]:
    """The explorer's: Leaflet and the bundle. Its map draws the departments, then asks for the
    bundle's later part (atlas-map.js, ``later``): on a phone, 12.5 KB (compressed) fewer before
    the departments."""
    return [LEAFLET_JS, map_bundle(lang)]


def explorer_page(
    lang: str,
    prepared: dict[str, PreparedMap],
    model: MapPage | None = None,
    view: tuple[str, str] | None = None,
) -> Page:
    """The explorer: the Map page's model (``geo.pages.map``) laid out: controls, the map with
    its words inside, the profile (drawn by explorer.js from the shipped profiles), the view's
    table, and a note on what only the live atlas can do.

    With ``view`` (layer, measure), the page of that view (:func:`view_file`): the explorer
    opened on it, with the view's title; an address's ``#layer=…&measure=…`` still wins.
    """
    layer, measure = view or ("complaints", "count")
    first = prepared[view_key(layer, measure)]
    departments = dict(
        zip(first.values["department_code"], first.values["department"], strict=True)
    )
    title = f"{t('map.page_title', lang)} — {t('app.title', lang)}"
    if view is not None:
        title = f"{first.text.title} — {first.text.subtitle} — {t('app.title', lang)}"
    page = Page(
        lang=lang,
        file=view_file(layer, measure) if view is not None else "map.html",
        title=title,
        body="",
        css=[LEAFLET_CSS],
        head_scripts=explorer_scripts(lang),
        inline_css=True,
        body_class="page-map",
    )
    # The map is drawn as soon as its container is parsed (explorer.js, written right after it):
    # before the profile, the table and the footer are parsed and laid out. explorer.js wires the
    # rest once the whole page is there. The page loads two scripts and one stylesheet, Leaflet's
    # (its own styles are in the page): each request is time before the departments are drawn.
    pattern = f"../downloads/{lang}/atlas-peru-{{view}}-{lang}"
    page.body = render_template(
        "site/explorer.html",
        t=words(lang),
        page=model if model is not None else map_page(lang),
        # the share box's code first: explorer.js wires the box with it once the page is parsed
        script=inline_script(SHARE_SCRIPT, INLINED_SCRIPT),
        pattern=pattern,
        first=pattern.replace("{view}", f"{layer}-{measure}".replace("_", "-")),
        departments=list(departments.items()),
        view=(layer, measure),
    )
    return page


def map_embed_page(lang: str, prepared: PreparedMap) -> Page:
    """One map view alone, for an iframe: the map with its words, sized by its width.

    The routes and the outlined department can be given in the address, as in the explorer
    (``#routes=lima,north_coast&dept=17``); ``?theme=dark`` gives the dark colours.
    """
    view = prepared.view
    key = view_key(view.layer, view.measure)
    body = render_template("site/map_embed.html", title=prepared.text.title, view=key)
    return Page(
        lang=lang,
        file=map_embed_file(view.layer, view.measure),
        title=f"{prepared.text.title} — {t('app.title', lang)}",
        body=body,
        css=[LEAFLET_CSS],
        head_scripts=map_scripts(lang),
        inline_css=True,
        scripts=["embed-map.js", "embed.js"],
        body_class="embed",
        chrome=False,
        theme_script=True,
    )
