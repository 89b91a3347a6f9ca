"""The charts of the static edition: Overview, Routes and Justice pages and one embed per chart.

Every word of these pages comes from their page models (``geo.pages.overview``,
``geo.pages.justice``, ``geo.pages.routes``; a chart's from ``geo.pages.charts.ChartBlock``);
this module only lays them out. Each chart is the figure both editions draw
(``geo.pages.charts.screen_figure``: no width, so it takes its container's; its words written
around it as text that wraps), as JSON beside a container and drawn by the one shared plotly.js.
The markup is in ``geo/site/templates/`` (chart.html, overview.html, justice.html, routes.html,
chart_embed.html, macros.html), which escape every text.
"""

from __future__ import annotations

import functools
import json

from geo import charts
from geo.i18n import t
from geo.pages.charts import ChartBlock, ChartPage, chart_block, screen_figure
from geo.pages.justice import justice_page as justice_model
from geo.pages.overview import overview_page as overview_model
from geo.site.explorer import LEAFLET_CSS, map_scripts
from geo.site.files import chart_embed_file
from geo.site.html import Page
from geo.templating import Markup
from geo.templating import macro as template_macro
from geo.templating import render as render_template

PLOTLY_JS = "plotly.min.js"
CHART_SCRIPTS = [PLOTLY_JS, "charts.js"]


def chart_csv_path(chart_id: str, lang: str) -> str:
    """Where a chart's CSV lives, relative to the site's root."""
    return f"downloads/{lang}/{charts.chart_spec(chart_id).file_name(lang)}.csv"


# A build asks for each chart's figure, title and notes several times (pages, embeds, the deck);
# building a plotly figure is slow, so each is made once per build.
@functools.cache
def _figure_text(chart_id: str, lang: str) -> str:
    return charts.chart_spec(chart_id).figure(lang).to_json()


@functools.cache
def _screen(chart_id: str, lang: str) -> tuple[str, charts.ChartWords]:
    """The figure as both editions draw it (JSON) and its words (geo.pages.charts.screen_figure)."""
    figure, words = screen_figure(chart_id, lang)
    return figure.to_json(), words


def clear_cache() -> None:
    """Forget the figures made so far (a new build reads the data again)."""
    _figure_text.cache_clear()
    _screen.cache_clear()


def figure_json(chart_id: str, lang: str) -> dict:
    """The plotly figure of ``chart_id`` as plotly.js takes it (data, layout)."""
    return json.loads(_figure_text(chart_id, lang))


def chart_title(chart_id: str, lang: str) -> str:
    """The chart's title as plain text (as geo.charts.ChartSpec.title, from the cached figure)."""
    return _screen(chart_id, lang)[1].title


def plot_container(
    chart_id: str, lang: str, figure: dict | None = None, dom_id: str = ""
) -> Markup:
    """The element plotly draws ``chart_id`` in, with the figure's JSON beside it."""
    spec = charts.chart_spec(chart_id)
    figure = figure if figure is not None else figure_json(chart_id, lang)
    macro = template_macro("site/macros.html", "plot")
    return Markup(macro(dom_id or f"chart-{chart_id}", spec.file_name(lang), figure))


def _chart(block: ChartBlock, heading_level: int = 3) -> dict:
    """What the chart templates need besides the block: the figure as both editions draw it,
    the heading's level and the files it links to."""
    figure, _words = _screen(block.chart_id, block.lang)
    return {
        "b": block,
        "figure": json.loads(figure),
        "file_name": charts.chart_spec(block.chart_id).file_name(block.lang),
        "level": int(heading_level),
        "csv": chart_csv_path(block.chart_id, block.lang),
        "embed": chart_embed_file(block.chart_id),
    }


def _block(chart_id: str, lang: str) -> ChartBlock:
    """The model's block of ``chart_id`` (geo.pages.charts), from the figure drawn already."""
    return chart_block(chart_id, lang, words=_screen(chart_id, lang)[1])


def chart_markup(block: ChartBlock, heading_level: int = 3) -> Markup:
    """One chart block laid out as the chart pages show it (chart.html)."""
    return render_template("site/chart.html", c=_chart(block, heading_level))


def _chart_page(lang: str, file: str, title: str, body: Markup, maps: bool = False) -> Page:
    scripts = [*map_scripts(lang), "routes.js"] if maps else CHART_SCRIPTS
    return Page(
        lang=lang,
        file=file,
        title=f"{title} — {t('app.title', lang)}",
        body=body,
        css=[LEAFLET_CSS] if maps else [],
        scripts=scripts,
        body_class="page-charts",
    )


def _model_page(model: ChartPage, template: str) -> Page:
    """A page of headline figures and charts (geo.pages.charts.ChartPage) laid out."""
    body = render_template(template, page=model, chart=chart_markup)
    return _chart_page(model.lang, f"{model.page}.html", model.title, body)


def overview_page(lang: str) -> Page:
    """The Overview page's model (geo.pages.overview) laid out: headline figures and charts."""
    return _model_page(overview_model(lang), "site/overview.html")


def justice_page(lang: str) -> Page:
    """The Justice page's model (geo.pages.justice) laid out: the prosecution funnel, penalties,
    protection, institutions and the timeline."""
    return _model_page(justice_model(lang), "site/justice.html")


def _route_bounds(line) -> list[list[float]]:
    minx, miny, maxx, maxy = line.bounds
    return [[round(miny, 4), round(minx, 4)], [round(maxy, 4), round(maxx, 4)]]


def routes_page(lang: str, boundaries) -> Page:
    """The Routes page's model (geo.pages.routes) laid out: one card per route, each with its map."""
    from geo.pages.routes import routes_page as routes_model
    from geo.routes import route_lines
    from geo.site.data import route_view_data
    from geo.views import prepare_route_map

    model = routes_model(lang, boundaries)
    lines = route_lines().set_index("route_id").geometry
    bounds = {card.route_id: _route_bounds(lines[card.route_id]) for card in model.cards}
    maps = {
        card.route_id: route_view_data(prepare_route_map(card.route_id, lang, boundaries))
        for card in model.cards
    }
    body = render_template("site/routes.html", page=model, bounds=bounds, maps=maps)
    return _chart_page(lang, "routes.html", model.title, body, maps=True)


def chart_embed_page(chart_id: str, lang: str) -> Page:
    """One chart alone, for an iframe: the model's embed parts (geo.pages.charts.EMBED_PARTS) and
    its alt text for screen readers."""
    block = _block(chart_id, lang)
    body = render_template("site/chart_embed.html", c=_chart(block, 1))
    return Page(
        lang=lang,
        file=chart_embed_file(chart_id),
        title=f"{block.title} — {t('app.title', lang)}",
        body=body,
        scripts=[*CHART_SCRIPTS, "embed.js"],
        body_class="embed",
        chrome=False,
        theme_script=True,
    )


def chart_ids() -> list[str]:
    """Every chart of the Overview and Justice pages, in their order."""
    return [cid for page in charts.PAGES for cid in charts.charts_for_page(page)]
