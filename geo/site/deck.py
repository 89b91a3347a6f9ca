"""The story as a deck: the eight steps of ``geo.story`` as slides of one page, for a presenter.

Each step is laid out on a 1280 × 720 slide that the page scales to the screen, so that it fits
1280 × 720 and 1920 × 1080 alike and prints one step per page. Maps and charts are the live
atlas's prepared views and figures, drawn once each; a step change only shows another slide.
"""

from __future__ import annotations

from geo.exports import map_alt_text
from geo.i18n import t
from geo.site.charts import PLOTLY_JS, plot_container
from geo.site.data import view_key
from geo.site.explorer import LEAFLET_CSS, map_scripts
from geo.site.html import Page, esc, json_script
from geo.story import STEP_COUNT, StoryStep, story_step
from geo.views import PreparedMap


def _visual(step: StoryStep, lang: str, prepared: dict[str, PreparedMap]) -> str:
    if step.chart is not None:
        from geo.charts import chart_spec

        spec = chart_spec(step.chart)
        return (
            '<figure class="step-visual" data-visual="chart">'
            f"{plot_container(step.chart, lang, dom_id=f'step-{step.number}-chart')}"
            f'<figcaption class="sr-only">{esc(spec.alt_text(lang))}</figcaption></figure>'
        )
    if step.view is not None:
        view = step.view
        base = prepared[view_key(view.layer, view.measure)]
        # the alt text names the step's routes: prepare the view with them (cheap: cached data)
        from geo.views import prepare_map

        alt = map_alt_text(prepare_map(view, boundaries=base.boundaries))
        return (
            '<figure class="step-visual" data-visual="map">'
            f'<div class="atlas-map step-map" data-view="{esc(view_key(view.layer, view.measure))}"'
            f" data-routes='{esc(json_script(list(view.routes)))}' role=\"region\""
            f' aria-label="{esc(base.text.title)}"></div>'
            f'<figcaption class="sr-only">{esc(alt)}</figcaption></figure>'
        )
    return ""


def step_section(step: StoryStep, lang: str, prepared: dict[str, PreparedMap]) -> str:
    """One slide: the finding's words (escaped) beside its map or chart."""
    visual = _visual(step, lang, prepared)
    count = t("story.indicator", lang, step=step.number, total=STEP_COUNT)
    parts = [
        f'<section class="step{"" if visual else " no-visual"}" id="step-{step.number}"'
        f' data-step="{step.number}" aria-roledescription="{esc(t("site.deck.slide", lang))}"'
        f' aria-labelledby="step-{step.number}-title">',
        '<div class="step-text">',
        f'<p class="step-count">{esc(count)}</p>',
        f'<h2 id="step-{step.number}-title">{esc(step.title)}</h2>',
        f'<p class="step-body">{esc(step.body)}</p>',
    ]
    if step.note:
        parts.append(f'<p class="step-note">{esc(step.note)}</p>')
    if step.items:
        parts.append("<ol>" + "".join(f"<li>{esc(item)}</li>" for item in step.items) + "</ol>")
    parts.append("</div>")
    parts.append(visual)
    parts.append("</section>")
    return "".join(parts)


def deck_page(lang: str, prepared: dict[str, PreparedMap]) -> Page:
    """The deck: every step as a slide, the navigation, keys, full screen and print."""
    steps = [story_step(n, lang) for n in range(1, STEP_COUNT + 1)]
    sections = "".join(step_section(step, lang, prepared) for step in steps)
    nav = (
        f'<nav class="deck-nav" aria-label="{esc(t("site.deck.nav", lang))}">'
        f'<button type="button" id="deck-prev">← {esc(t("story.prev", lang))}</button>'
        f'<p id="deck-status" aria-live="polite">'
        f"{esc(t('story.indicator', lang, step=1, total=STEP_COUNT))}</p>"
        f'<button type="button" id="deck-next">{esc(t("story.next", lang))} →</button>'
        f'<button type="button" id="deck-full">{esc(t("site.deck.fullscreen", lang))}</button>'
        f'<p class="deck-keys">{esc(t("site.deck.keys", lang))}</p>'
        "</nav>"
    )
    indicator = json_script(t("story.indicator", lang, step="{step}", total="{total}"))
    body = (
        f'<h1 class="sr-only">{esc(t("story.page_title", lang))}</h1>'
        f'<div class="deck-frame"><div class="deck" id="deck" data-count="{STEP_COUNT}">'
        f"{sections}</div></div>{nav}"
        f'<script type="application/json" id="deck-strings">{indicator}</script>'
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
