"""The charts of the static edition: Overview, Routes and Justice pages and one embed per chart.

Each chart is the live app's plotly figure (``geo.charts``), written as JSON beside a container and
drawn by the one shared plotly.js; around it go its alt text, its data-quality notes, its data
table and a CSV download. Every text is escaped.
"""

from __future__ import annotations

import functools
import json
import math

import pandas as pd

from geo import charts, headlines
from geo.i18n import t
from geo.site.explorer import LEAFLET_CSS, THEME_JS, map_scripts
from geo.site.html import Page, esc, json_script

PLOTLY_JS = "plotly.min.js"
CHART_SCRIPTS = [PLOTLY_JS, "charts.js"]


def chart_csv_path(chart_id: str, lang: str) -> str:
    """Where a chart's CSV lives, relative to the site's root."""
    return f"downloads/{lang}/{charts.chart_spec(chart_id).file_name(lang)}.csv"


def chart_embed_file(chart_id: str) -> str:
    """The embed page of a chart, under the language folder."""
    return f"embed/chart-{chart_id.replace('_', '-')}.html"


# A build asks for each chart's figure, title and notes several times (pages, embeds, the deck);
# building a plotly figure takes about a second, so each is made once per build.
@functools.cache
def _figure_text(chart_id: str, lang: str) -> str:
    return charts.chart_spec(chart_id).figure(lang).to_json()


@functools.cache
def quality_notes(chart_id: str, lang: str) -> tuple[str, ...]:
    """The data-quality findings about a chart's figures (geo.charts.quality_messages)."""
    return tuple(charts.quality_messages(chart_id, lang))


def clear_cache() -> None:
    """Forget the figures made so far (a new build reads the data again)."""
    _figure_text.cache_clear()
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


def html_table(frame: pd.DataFrame, caption: str = "") -> str:
    """A data frame as an HTML table with escaped cells (empty cells for missing values)."""
    head = "".join(f'<th scope="col">{esc(c)}</th>' for c in frame.columns)
    rows = "".join(
        "<tr>" + "".join(f"<td>{esc(_cell(v))}</td>" for v in row) + "</tr>"
        for row in frame.itertuples(index=False)
    )
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    return (
        f'<div class="table-scroll"><table>{cap}<thead><tr>{head}</tr></thead>'
        f"<tbody>{rows}</tbody></table></div>"
    )


def plot_container(chart_id: str, lang: str, figure: dict | None = None, dom_id: str = "") -> str:
    """The element plotly draws ``chart_id`` in, with the figure's JSON beside it."""
    spec = charts.chart_spec(chart_id)
    figure = figure if figure is not None else figure_json(chart_id, lang)
    dom_id = dom_id or f"chart-{chart_id}"
    return (
        f'<div class="chart-scroll"><div class="plot" id="{dom_id}" data-figure="{dom_id}-figure"'
        f' data-file-name="{esc(spec.file_name(lang))}"></div></div>'
        f'<script type="application/json" id="{dom_id}-figure">{json_script(figure)}</script>'
    )


def chart_block(chart_id: str, lang: str, heading_level: int = 3) -> str:
    """One chart as the chart pages show it: figure, alt text, notes, data table, CSV, embed."""
    spec = charts.chart_spec(chart_id)
    alt = spec.alt_text(lang)
    notes = quality_notes(chart_id, lang)
    title = chart_title(chart_id, lang)
    h = f"h{heading_level}"
    parts = [
        f'<figure class="chart" aria-labelledby="chart-{chart_id}-title">',
        f'<{h} class="sr-only" id="chart-{chart_id}-title">{esc(title)}</{h}>',
        plot_container(chart_id, lang),
        f'<figcaption class="alt">{esc(alt)}</figcaption>',
    ]
    if notes:
        items = "".join(f"<li>{esc(n)}</li>" for n in notes)
        parts.append(
            f'<div class="quality"><p class="quality-heading">'
            f"{esc(t('chart.quality_heading', lang, n=len(notes)))}</p><ul>{items}</ul></div>"
        )
    parts.append(
        f"<details><summary>{esc(t('chart.data_table', lang))}</summary>"
        f"{html_table(spec.table(lang), title)}</details>"
        f'<p class="chart-links"><a href="../{chart_csv_path(chart_id, lang)}" download>'
        f"{esc(t('chart.download_csv', lang))}</a> · "
        f'<a href="{chart_embed_file(chart_id)}">{esc(t("site.embed.open", lang))}</a></p>'
    )
    parts.append("</figure>")
    return "".join(parts)


def _figures(figures, lang: str) -> str:
    """Headline numbers (geo.headlines.Headline) as cards, each with its source and any note."""
    cards = []
    for f in figures:
        note = ""
        if f.note:
            note = f'<p class="note">{esc(t("chart.quality_note", lang))}: {esc(f.note)}</p>'
        cards.append(
            f'<div class="figure"><p class="label">{esc(f.label)}</p>'
            f'<p class="value">{esc(f.value)}</p>'
            f'<p class="source">{esc(t("common.source", lang))}: {esc(f.source)}</p>{note}</div>'
        )
    return f'<div class="figures">{"".join(cards)}</div>'


def _chart_page(lang: str, file: str, title: str, body: str, maps: bool = False) -> Page:
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


def overview_page(lang: str) -> Page:
    """Headline figures and the Overview charts."""
    body = [
        f"<h1>{esc(t('overview.title', lang))}</h1>",
        f"<p class='intro'>{esc(t('overview.intro', lang))}</p>",
        _figures(headlines.headline_figures(lang), lang),
        f"<h2>{esc(t('overview.national_heading', lang))}</h2>",
        chart_block("purposes", lang),
        chart_block("age_groups", lang),
        f"<h2>{esc(t('overview.regional_heading', lang))}</h2>",
        chart_block("complaints_vs_origin", lang),
        chart_block("poverty_vs_complaints", lang),
        f"<h2>{esc(t('overview.profile_heading', lang))}</h2>",
        chart_block("education", lang),
    ]
    return _chart_page(lang, "overview.html", t("overview.title", lang), "".join(body))


def justice_page(lang: str) -> Page:
    """The prosecution funnel, penalties, protection, institutions and the timeline."""
    institutions = "".join(
        f'<div class="card"><h3>{esc(name)}</h3><p>{esc(text)}</p></div>'
        for name, text in headlines.institutions(lang)
    )
    body = [
        f"<h1>{esc(t('justice.title', lang))}</h1>",
        f"<p class='intro'>{esc(t('justice.intro', lang))}</p>",
        f"<h2>{esc(t('justice.prosecution_heading', lang))}</h2>",
        chart_block("justice_funnel", lang),
        chart_block("penalties", lang),
        f"<h2>{esc(t('justice.protection_heading', lang))}</h2>",
        _figures(headlines.protection_figures(lang), lang),
        f"<h2>{esc(t('justice.institutions_heading', lang))}</h2>",
        f'<div class="cards">{institutions}</div>',
        f"<p class='source'>{esc(t('justice.source.institutions', lang))}</p>",
        f"<h2>{esc(t('justice.timeline_heading', lang))}</h2>",
        chart_block("timeline", lang),
    ]
    return _chart_page(lang, "justice.html", t("justice.title", lang), "".join(body))


def _route_bounds(line) -> list[list[float]]:
    minx, miny, maxx, maxy = line.bounds
    return [[round(miny, 4), round(minx, 4)], [round(maxy, 4), round(maxx, 4)]]


def routes_page(lang: str, boundaries) -> Page:
    """One card per route: the report's sentence, destinations, departments, waypoints, its map."""
    from geo.exports import map_alt_text
    from geo.routes import read_routes, read_waypoints, route_lines, route_table
    from geo.views import MapView, prepare_map

    routes = read_routes().set_index("route_id")
    summary = route_table(lang, boundaries=boundaries).set_index("route_id")
    lines = route_lines().set_index("route_id").geometry
    cards = []
    for route_id in summary.index:
        route, row = routes.loc[route_id], summary.loc[route_id]
        waypoints = read_waypoints(route_id)
        prepared = prepare_map(
            MapView("complaints", "count", (route_id,), None, lang), boundaries=boundaries
        )
        table = pd.DataFrame(
            {
                "#": waypoints["seq"],
                t("routes.waypoints", lang): waypoints["name"],
                t("site.routes.basis", lang): [
                    t(f"routes.basis.{b}", lang) for b in waypoints["basis"]
                ],
            }
        )
        bounds = json_script(_route_bounds(lines[route_id]))
        name = route[f"name_{lang}"]
        cards.append(
            f'<section class="route-card" id="route-{route_id}" aria-labelledby="route-{route_id}-h">'
            f'<div class="route-text"><h2 id="route-{route_id}-h">{esc(name)}</h2>'
            f'<p class="names">{esc(route["name_es"])} · {esc(route["name_en"])}</p>'
            f"<p><strong>{esc(t('routes.report_says', lang))}</strong></p>"
            f"<blockquote>{esc(route['report_sentence'])}</blockquote>"
            f"<p><strong>{esc(t('routes.destinations', lang))}:</strong> {esc(row['destinations'])}</p>"
            f"<p><strong>{esc(t('routes.departments', lang))}:</strong> "
            f"{esc(row['departments_crossed'])}</p>"
            f"<details><summary>{esc(t('routes.waypoints', lang))}</summary>"
            f"{html_table(table, name)}</details></div>"
            f'<figure class="route-map"><div class="atlas-map fixed-map" data-route="{route_id}"'
            f' data-bounds=\'{esc(bounds)}\' role="region" aria-label="{esc(name)}"></div>'
            f"<figcaption>{esc(map_alt_text(prepared))} {esc(t('routes.map_caption', lang))}"
            "</figcaption></figure></section>"
        )
    body = (
        f"<h1>{esc(t('routes.title', lang))}</h1><p class='intro'>{esc(t('routes.intro', lang))}</p>"
        + "".join(cards)
    )
    return _chart_page(lang, "routes.html", t("routes.title", lang), body, maps=True)


def chart_embed_page(chart_id: str, lang: str) -> Page:
    """One chart alone, for an iframe: the figure (title, source, caveat inside) and its alt text."""
    spec = charts.chart_spec(chart_id)
    title = chart_title(chart_id, lang)
    body = (
        f'<figure class="chart embed-chart" aria-labelledby="chart-{chart_id}-title">'
        f'<h1 class="sr-only" id="chart-{chart_id}-title">{esc(title)}</h1>'
        f"{plot_container(chart_id, lang)}"
        f'<figcaption class="sr-only">{esc(spec.alt_text(lang))}</figcaption></figure>'
    )
    return Page(
        lang=lang,
        file=chart_embed_file(chart_id),
        title=f"{title} — {t('app.title', lang)}",
        body=body,
        scripts=[*CHART_SCRIPTS, "embed.js"],
        body_class="embed",
        chrome=False,
        head_extra=THEME_JS,
    )


def chart_ids() -> list[str]:
    """Every chart of the Overview and Justice pages, in their order."""
    return [cid for page in charts.PAGES for cid in charts.charts_for_page(page)]
