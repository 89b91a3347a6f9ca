"""The story as a deck: the Story page's model (``geo.pages.story``) laid out as slides of one page.

Each step is laid out on a 1280 × 720 slide that the page scales to the screen, so that it fits
1280 × 720 and 1920 × 1080 alike and prints one step per page. A slide shows what the live story
shows at ``?step=N``: the finding, its caveat, the conclusions, a chart's data-quality notes, and
the chart (its title, source and caveat written around the figure, as the live page writes them)
or the map (drawn by ``atlas-map.js`` from the prepared view, its words inside). Every visual is
drawn once; a step change only shows another slide.
"""

from __future__ import annotations

import json

from geo.i18n import t
from geo.pages.notices import NOTICE_VALUE_CHARS
from geo.pages.story import StoryPage, StorySlide, story_page
from geo.qr import atlas_address, qr_figure
from geo.site.charts import PLOTLY_JS, plot_container
from geo.site.data import view_key
from geo.site.explorer import LEAFLET_CSS, map_scripts
from geo.site.html import Page, words
from geo.story import STEP_COUNT
from geo.templating import render as render_template
from geo.views import PreparedMap

# px of plot area of a slide's chart: with its title, source, caveat and legend it fits the
# slide's 672 px column (the live story's chart has less, under Streamlit's own bars).
DECK_PLOT_HEIGHT = 300
# px of every word of a slide's chart (axes, ticks, legend, labels): a slide is drawn at about
# 0.8 of its size on a 1280x720 screen (the header and the navigation take the rest), so 18 px
# are 14 px or more there, and 13.5 pt on the handout's page.
DECK_FONT_PX = 18


def room_type(figure):
    """``figure`` with every word at least DECK_FONT_PX, for a room and a handout."""
    size = DECK_FONT_PX
    figure.update_layout(font_size=size, legend_font_size=size)
    figure.update_xaxes(tickfont_size=size, title_font_size=size)
    figure.update_yaxes(tickfont_size=size, title_font_size=size)
    for note in figure.layout.annotations:
        note.font.size = max(note.font.size or 0, size)
    for trace in figure.data:
        for part in ("textfont", "insidetextfont", "outsidetextfont"):
            if part in trace:
                font = getattr(trace, part)
                font.size = max(font.size or 0, size) if not isinstance(font.size, tuple) else size
    return figure


def _figure(chart_id: str, lang: str) -> dict:
    """The chart's figure as a page draws it at the deck's size (its words left out), in type a
    room can read."""
    from geo.charts import chart_spec, for_screen

    figure, _words = for_screen(chart_spec(chart_id).figure(lang), DECK_PLOT_HEIGHT)
    return json.loads(room_type(figure).to_json())


def _visual(slide: StorySlide, lang: str) -> dict:
    """What a slide shows beside its words: a chart, a map or nothing ({"visual": ""})."""
    if slide.chart is not None:
        chart = slide.chart
        dom_id = f"step-{slide.number}-chart"
        return {
            "visual": "chart",
            "plot": plot_container(chart.chart_id, lang, _figure(chart.chart_id, lang), dom_id),
        }
    if slide.map is not None:
        view = slide.map.view
        return {
            "visual": "map",
            "view": view_key(view.layer, view.measure),
            "routes": list(view.routes),
        }
    return {"visual": ""}


def step_slide(slide: StorySlide, lang: str) -> dict:
    """One slide: its model (words escaped by the template) and its map or chart."""
    return {"s": slide, **_visual(slide, lang)}


def deck_page(lang: str, prepared: dict[str, PreparedMap], model: StoryPage | None = None) -> Page:
    """The deck: every step as a slide, the navigation, keys, full screen and print.

    ``prepared`` are the site's prepared views: the bundle the maps draw from holds them.
    """
    model = model if model is not None else story_page(lang, _boundaries(prepared))
    body = render_template(
        "site/deck.html",
        t=words(lang),
        page=model,
        count=STEP_COUNT,
        slides=[step_slide(slide, lang) for slide in model.slides],
        strings={
            "indicator": t("story.indicator", lang, step="{step}", total="{total}"),
            # the live story's note on a step it does not have, {value} filled by deck.js
            "step": t("story.invalid_step", lang, value="{value}", first=1, total=STEP_COUNT),
            "chars": NOTICE_VALUE_CHARS,
        },
        qr=qr_figure(lang),  # on the first and last slides; empty without a public address
        address=atlas_address(lang) or "",  # the handout's footer; deck.js writes the page's own
    )
    return Page(
        lang=lang,
        file="story.html",
        title=f"{model.title} — {t('app.title', lang)}",
        body=body,
        css=[LEAFLET_CSS],
        scripts=[*map_scripts(lang), PLOTLY_JS, "charts.js", "deck.js"],
        body_class="page-story",
    )


def _boundaries(prepared: dict[str, PreparedMap]):
    first = next(iter(prepared.values()), None)
    return first.boundaries if first is not None else None
