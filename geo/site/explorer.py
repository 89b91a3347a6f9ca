"""The map explorer page and the map embed pages of the static edition."""

from __future__ import annotations

from geo.i18n import t
from geo.layers import MEASURES
from geo.site.data import map_bundle, view_key
from geo.site.html import Page, esc, inline_script
from geo.views import ROUTE_IDS, PreparedMap

LEAFLET_CSS = "leaflet/leaflet.css"
LEAFLET_JS = "leaflet/leaflet.js"
INLINED_SCRIPT = "explorer.js"  # written into the explorer page, not loaded: one request fewer
# Set before the page draws: ?theme=dark (or #theme=dark) gives the dark colours.
THEME_JS = (
    "<script>if(/(^|[?&#])theme=dark(&|$)/.test(location.search+'&'+location.hash.slice(1)))"
    "document.documentElement.classList.add('theme-dark');</script>"
)


def map_scripts(lang: str) -> list[str]:
    """The scripts every page with an atlas map loads, in order (paths under assets/): Leaflet,
    shared by every page, then the language's map bundle (outlines, views, the map's code)."""
    return [LEAFLET_JS, map_bundle(lang)]


def _radio(name: str, value: str, label: str, checked: bool) -> str:
    mark = " checked" if checked else ""
    return (
        f'<label class="choice"><input type="radio" name="{name}" value="{esc(value)}"{mark}>'
        f"<span>{esc(label)}</span></label>"
    )


def _controls(lang: str, route_names: dict[str, str]) -> str:
    from geo.layers import LAYERS

    layers = "".join(
        _radio("layer", layer_id, t(f"layer.{layer_id}", lang), i == 0)
        for i, layer_id in enumerate(LAYERS)
    )
    measures = "".join(
        _radio("measure", m, t(f"measure.{m}", lang), i == 0) for i, m in enumerate(MEASURES)
    )
    routes = "".join(
        f'<label class="choice route"><input type="checkbox" name="route" value="{rid}" checked>'
        f"<span>{esc(route_names[rid])}</span></label>"
        for rid in ROUTE_IDS
    )
    return (
        '<form id="explorer-controls" class="controls" onsubmit="return false">'
        f'<fieldset class="layer"><legend>{esc(t("map.layer", lang))}</legend>{layers}</fieldset>'
        f'<fieldset class="measure"><legend>{esc(t("map.measure", lang))}</legend>{measures}'
        "</fieldset>"
        f'<fieldset class="routes"><legend>{esc(t("map.routes", lang))}</legend>{routes}</fieldset>'
        "</form>"
    )


def _profile_panel(lang: str, departments: dict[str, str]) -> str:
    options = "".join(
        f'<option value="{code}">{esc(name)}</option>' for code, name in departments.items()
    )
    return (
        '<aside class="profile" aria-labelledby="profile-heading">'
        f'<h2 id="profile-heading" class="sr-only">{esc(t("site.explorer.profile", lang))}</h2>'
        f'<label for="dept-select">{esc(t("profile.choose", lang))}</label>'
        f'<select id="dept-select"><option value="">{esc(t("profile.placeholder", lang))}'
        f"</option>{options}</select>"
        '<div id="profile-body" aria-live="polite"></div></aside>'
    )


def _table(lang: str) -> str:
    return (
        f'<details class="view-table"><summary>{esc(t("chart.data_table", lang))}</summary>'
        '<table><caption id="table-caption"></caption><thead><tr>'
        f'<th scope="col">{esc(t("site.explorer.department", lang))}</th>'
        f'<th scope="col">{esc(t("profile.value", lang))}</th></tr></thead>'
        '<tbody id="view-table-body"></tbody></table></details>'
    )


def _downloads(lang: str) -> str:
    pattern = f"../downloads/{lang}/atlas-peru-{{view}}-{lang}"
    return (
        f'<p id="view-downloads" class="downloads">{esc(t("site.explorer.download", lang))} '
        f'<a data-pattern="{pattern}.csv" href="{pattern.replace("{view}", "complaints-count")}'
        f'.csv" download>CSV</a> · '
        f'<a data-pattern="{pattern}.geojson" href="'
        f'{pattern.replace("{view}", "complaints-count")}.geojson" download>GeoJSON</a> · '
        f'<a href="data.html">{esc(t("site.explorer.more_downloads", lang))}</a></p>'
    )


def explorer_page(lang: str, prepared: dict[str, PreparedMap], route_names: dict[str, str]) -> Page:
    """The explorer: controls, the map with its words inside, the profile, the data table."""
    first = prepared[view_key("complaints", "count")]
    departments = dict(
        zip(first.values["department_code"], first.values["department"], strict=True)
    )
    page = Page(
        lang=lang,
        file="map.html",
        title=f"{t('map.page_title', lang)} — {t('app.title', lang)}",
        body="",
        css=[LEAFLET_CSS],
        head_scripts=map_scripts(lang),
        inline_css=True,
        body_class="page-map",
    )
    # The map is drawn as soon as its container is parsed (explorer.js, written right after it):
    # before the profile, the table and the footer are parsed and laid out. explorer.js wires the
    # rest once the whole page is there. The page loads two scripts and one stylesheet, Leaflet's
    # (its own styles are in the page): each request is time before the departments are drawn.
    page.body = (
        f"<h1>{esc(t('map.page_title', lang))}</h1>"
        f"{_controls(lang, route_names)}"
        '<div class="explorer">'
        '<div class="map-column">'
        '<div id="atlas-map" class="atlas-map" role="region"'
        f' aria-label="{esc(t("site.explorer.map_label", lang))}"'
        ' aria-describedby="map-alt"></div>'
        f"{inline_script(INLINED_SCRIPT)}"
        f'<p class="hint">{esc(t("map.click_hint", lang))}</p>'
        '<p id="map-alt" class="sr-only"></p>'
        f"{_table(lang)}{_downloads(lang)}"
        "</div>"
        f"{_profile_panel(lang, departments)}"
        "</div>"
    )
    return page


def map_embed_file(layer: str, measure: str) -> str:
    """The embed page of a map view, under the language folder."""
    return f"embed/map-{layer}-{measure}.html".replace("_", "-")


def map_embed_page(lang: str, prepared: PreparedMap) -> Page:
    """One map view alone, for an iframe: the map with its words, sized by its width.

    The routes and the outlined department can be given in the address, as in the explorer
    (``#routes=lima,north_coast&dept=17``); ``?theme=dark`` gives the dark colours.
    """
    view = prepared.view
    key = view_key(view.layer, view.measure)
    body = (
        f'<h1 class="sr-only">{esc(prepared.text.title)}</h1>'
        f'<div id="atlas-map" class="atlas-map embed-map" data-view="{esc(key)}" role="region"'
        f' aria-label="{esc(prepared.text.title)}" aria-describedby="map-alt"></div>'
        f'<p id="map-alt" class="sr-only">{esc(prepared.text.title)}</p>'
    )
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
        head_extra=THEME_JS,
    )
