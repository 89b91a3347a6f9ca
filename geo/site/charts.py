"""The charts of the static edition: Overview, Routes and Justice pages and one embed per chart.

Each chart is the live app's plotly figure as a page draws it (``geo.charts.for_screen``: no width,
so it takes its container's, and its title, source, caveat and notes taken out and written around
it as text that wraps, as the live app writes them), as JSON beside a container and drawn by the
one shared plotly.js; around it go its alt text, its data-quality notes, its data table and a CSV
download. The markup is in ``geo/site/templates/`` (chart.html, overview.html,
justice.html, routes.html, chart_embed.html), which escape every text.
"""

from __future__ import annotations

import functools
import json
import math

import pandas as pd

from geo import charts, headlines
from geo.i18n import t
from geo.site.explorer import LEAFLET_CSS, map_scripts
from geo.site.html import Page, words
from geo.templating import Markup
from geo.templating import macro as template_macro
from geo.templating import render as render_template

PLOTLY_JS = "plotly.min.js"
CHART_SCRIPTS = [PLOTLY_JS, "charts.js"]


def chart_csv_path(chart_id: str, lang: str) -> str:
    """Where a chart's CSV lives, relative to the site's root."""
    return f"downloads/{lang}/{charts.chart_spec(chart_id).file_name(lang)}.csv"


def chart_embed_file(chart_id: str) -> str:
    """The embed page of a chart, under the language folder."""
    return f"embed/chart-{chart_id.replace('_', '-')}.html"


# A build asks for each chart's figure, title and notes several times (pages, embeds, the deck);
# building a plotly figure is slow, so each is made once per build.
@functools.cache
def _figure_text(chart_id: str, lang: str) -> str:
    return charts.chart_spec(chart_id).figure(lang).to_json()


@functools.cache
def _screen(chart_id: str, lang: str) -> tuple[str, charts.ChartWords]:
    """The figure as a page draws it (JSON) and the words it leaves out (geo.charts.for_screen)."""
    import plotly.io

    figure, words = charts.for_screen(plotly.io.from_json(_figure_text(chart_id, lang)))
    return figure.to_json(), words


@functools.cache
def quality_notes(chart_id: str, lang: str) -> tuple[str, ...]:
    """The data-quality findings about a chart's figures (geo.charts.quality_messages)."""
    return tuple(charts.quality_messages(chart_id, lang))


def clear_cache() -> None:
    """Forget the figures made so far (a new build reads the data again)."""
    _figure_text.cache_clear()
    _screen.cache_clear()
    quality_notes.cache_clear()


def figure_json(chart_id: str, lang: str) -> dict:
    """The plotly figure of ``chart_id`` as plotly.js takes it (data, layout)."""
    return json.loads(_figure_text(chart_id, lang))


def chart_title(chart_id: str, lang: str) -> str:
    """The chart's title as plain text (as geo.charts.ChartSpec.title, from the cached figure)."""
    return figure_json(chart_id, lang)["layout"]["title"]["text"].replace("<br>", " ")


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def table_rows(frame: pd.DataFrame) -> list[list[str]]:
    """A data frame's cells as text (empty for missing values), for the table macro."""
    return [[_cell(v) for v in row] for row in frame.itertuples(index=False)]


def html_table(frame: pd.DataFrame, caption: str = "") -> Markup:
    """A data frame as an HTML table with escaped cells (empty cells for missing values)."""
    macro = template_macro("site/macros.html", "table")
    return Markup(macro([str(c) for c in frame.columns], table_rows(frame), caption))


def _chart(chart_id: str, lang: str, dom_id: str = "") -> dict:
    """What the templates need of a chart: its ids, words, the figure as a page draws it, files."""
    spec = charts.chart_spec(chart_id)
    figure, words = _screen(chart_id, lang)
    return {
        "id": chart_id,
        "dom_id": dom_id or f"chart-{chart_id}",
        "title": words.title,
        "words": words,
        "file_name": spec.file_name(lang),
        "figure": json.loads(figure),
        "alt": spec.alt_text(lang),
    }


def plot_container(
    chart_id: str, lang: str, figure: dict | None = None, dom_id: str = ""
) -> Markup:
    """The element plotly draws ``chart_id`` in, with the figure's JSON beside it."""
    spec = charts.chart_spec(chart_id)
    figure = figure if figure is not None else figure_json(chart_id, lang)
    macro = template_macro("site/macros.html", "plot")
    return Markup(macro(dom_id or f"chart-{chart_id}", spec.file_name(lang), figure))


def chart_block(chart_id: str, lang: str, heading_level: int = 3) -> Markup:
    """One chart as the chart pages show it: figure, alt text, notes, data table, CSV, embed."""
    spec = charts.chart_spec(chart_id)
    table = spec.table(lang)
    chart = _chart(chart_id, lang) | {
        "level": int(heading_level),
        "notes": quality_notes(chart_id, lang),
        "columns": [str(c) for c in table.columns],
        "rows": table_rows(table),
        "csv": chart_csv_path(chart_id, lang),
        "embed": chart_embed_file(chart_id),
    }
    return render_template("site/chart.html", c=chart, t=words(lang))


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


def _blocks(lang: str):
    def chart(chart_id: str) -> Markup:
        return chart_block(chart_id, lang)

    return chart


def overview_page(lang: str) -> Page:
    """Headline figures and the Overview charts."""
    body = render_template(
        "site/overview.html",
        t=words(lang),
        figures=headlines.headline_figures(lang),
        chart=_blocks(lang),
    )
    return _chart_page(lang, "overview.html", t("overview.title", lang), body)


def justice_page(lang: str) -> Page:
    """The prosecution funnel, penalties, protection, institutions and the timeline."""
    body = render_template(
        "site/justice.html",
        t=words(lang),
        protection=headlines.protection_figures(lang),
        institutions=headlines.institutions(lang),
        chart=_blocks(lang),
    )
    return _chart_page(lang, "justice.html", t("justice.title", lang), body)


def _route_bounds(line) -> list[list[float]]:
    minx, miny, maxx, maxy = line.bounds
    return [[round(miny, 4), round(minx, 4)], [round(maxy, 4), round(maxx, 4)]]


def routes_page(lang: str, boundaries) -> Page:
    """The Routes page's model (geo.pages.routes) laid out: one card per route, each with its map."""
    from geo.pages.routes import routes_page as routes_model
    from geo.routes import route_lines

    model = routes_model(lang, boundaries)
    lines = route_lines().set_index("route_id").geometry
    bounds = {card.route_id: _route_bounds(lines[card.route_id]) for card in model.cards}
    body = render_template("site/routes.html", page=model, bounds=bounds)
    return _chart_page(lang, "routes.html", model.title, body, maps=True)


def chart_embed_page(chart_id: str, lang: str) -> Page:
    """One chart alone, for an iframe: the figure (title, source, caveat inside) and its alt text."""
    title = chart_title(chart_id, lang)
    body = render_template("site/chart_embed.html", c=_chart(chart_id, lang))
    return Page(
        lang=lang,
        file=chart_embed_file(chart_id),
        title=f"{title} — {t('app.title', lang)}",
        body=body,
        scripts=[*CHART_SCRIPTS, "embed.js"],
        body_class="embed",
        chrome=False,
        theme_script=True,
    )


def chart_ids() -> list[str]:
    """Every chart of the Overview and Justice pages, in their order."""
    return [cid for page in charts.PAGES for cid in charts.charts_for_page(page)]
