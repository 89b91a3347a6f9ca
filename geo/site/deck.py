"""The story as a deck: the eight steps of ``geo.story`` as slides of one page, for a presenter.

Each step is laid out on a 1280 × 720 slide that the page scales to the screen, so that it fits
1280 × 720 and 1920 × 1080 alike and prints one step per page. Maps and charts are the live
atlas's prepared views and figures, drawn once each; a step change only shows another slide.
"""

from __future__ import annotations

from geo.exports import map_alt_text
from geo.i18n import t
from geo.qr import qr_figure
from geo.site.charts import PLOTLY_JS, plot_container
from geo.site.data import view_key
from geo.site.explorer import LEAFLET_CSS, map_scripts
from geo.site.html import Page, words
from geo.story import STEP_COUNT, StoryStep, story_step
from geo.templating import render as render_template
from geo.views import PreparedMap


def _visual(step: StoryStep, lang: str, prepared: dict[str, PreparedMap]) -> dict:
    """What a slide shows beside its words: a chart, a map or nothing ({"visual": ""})."""
    if step.chart is not None:
        from geo.charts import chart_spec

        return {
            "visual": "chart",
            "plot": plot_container(step.chart, lang, dom_id=f"step-{step.number}-chart"),
            "alt": chart_spec(step.chart).alt_text(lang),
        }
    if step.view is not None:
        view = step.view
        base = prepared[view_key(view.layer, view.measure)]
        # the alt text names the step's routes: prepare the view with them (cheap: cached data)
        from geo.views import prepare_map

        return {
            "visual": "map",
            "view": view_key(view.layer, view.measure),
            "routes": list(view.routes),
            "label": base.text.title,
            "alt": map_alt_text(prepare_map(view, boundaries=base.boundaries)),
        }
    return {"visual": ""}


def step_slide(step: StoryStep, lang: str, prepared: dict[str, PreparedMap]) -> dict:
    """One slide's words (escaped by the template) and its map or chart."""
    return {
        "number": step.number,
        "count": t("story.indicator", lang, step=step.number, total=STEP_COUNT),
        "title": step.title,
        "body": step.body,
        "note": step.note,
        "points": list(step.items or ()),
        **_visual(step, lang, prepared),
    }


def deck_page(lang: str, prepared: dict[str, PreparedMap]) -> Page:
    """The deck: every step as a slide, the navigation, keys, full screen and print."""
    steps = [story_step(n, lang) for n in range(1, STEP_COUNT + 1)]
    body = render_template(
        "site/deck.html",
        t=words(lang),
        count=STEP_COUNT,
        steps=[step_slide(step, lang, prepared) for step in steps],
        first=t("story.indicator", lang, step=1, total=STEP_COUNT),
        indicator=t("story.indicator", lang, step="{step}", total="{total}"),
        qr=qr_figure(lang),  # on the first and last slides; empty without a public address
    )
    return Page(
        lang=lang,
        file="story.html",
        title=f"{t('story.page_title', lang)} — {t('app.title', lang)}",
        body=body,
        css=[LEAFLET_CSS],
        scripts=[*map_scripts(lang), PLOTLY_JS, "charts.js", "deck.js"],
        body_class="page-story",
    )
