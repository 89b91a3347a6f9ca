"""The Story page's model: the report's findings as eight slides, in the reader's language.

Each slide is a step of ``geo.story`` (its number, title, the finding, the caveat, the numbered
conclusions) with what it shows beside the words: a chart (its title, source, caveat, data-quality
notes and alt text) or a map (its view, title, source, caveat and alt text). The live story
(``ui/story.py``, one step at a time, ``?step=N``) and the static deck (``geo/site/deck.py``, every
step a slide, ``#step=N``) lay out the same slides and the same navigation words.
"""

from __future__ import annotations

from dataclasses import dataclass

from geo.charts import chart_spec, chart_words, quality_messages
from geo.exports import map_alt_text
from geo.i18n import normalise_language, t
from geo.story import STEP_COUNT, StoryStep, story_step
from geo.views import MapView, prepare_map

# A caveat that warns of a misreading rather than adds a reading note (drawn as a warning).
WARNING_STEPS = frozenset({"poverty"})


@dataclass(frozen=True)
class StoryChart:
    """A slide's chart: the words written around its figure, its data-quality notes, alt text."""

    chart_id: str
    title: str
    source: str
    caveat: str
    alt: str
    notes_heading: str  # "Data-quality notes (3)"; the notes are listed under it
    notes: tuple[str, ...]


@dataclass(frozen=True)
class StoryMap:
    """A slide's map: its view (framed on Peru, fixed) and the words it carries inside."""

    view: MapView
    title: str
    source: str
    caveat: str
    alt: str


@dataclass(frozen=True)
class StorySlide:
    """One step as a slide: the finding in words beside its chart or map (or neither)."""

    number: int  # 1-based
    step_id: str
    count: str  # "Step 3 of 8"
    title: str
    body: str
    note: str  # the caveat beside the finding ("" when the step has none)
    note_is_warning: bool
    items: tuple[str, ...]  # the numbered conclusions
    chart: StoryChart | None
    map: StoryMap | None

    @property
    def texts(self) -> tuple[str, ...]:
        """Every sentence and figure the slide shows, in reading order (alt texts included)."""
        out = [self.count, self.title, self.body, self.note, *self.items]
        if self.chart is not None:
            c = self.chart
            out += [c.title, c.source, c.caveat, c.alt]
            if c.notes:
                out += [c.notes_heading, *c.notes]
        if self.map is not None:
            out.append(self.map.alt)
        return tuple(text for text in out if text)


@dataclass(frozen=True)
class StoryNav:
    """The navigation's words: the buttons, what the story is, and the keys that move it."""

    previous: str
    next: str
    first: str
    last: str
    caption: str  # "Presentation mode: one finding per step. Every step has its own link."
    keys: str  # the keys that move the story, named


@dataclass(frozen=True)
class StoryPage:
    """The whole story: its title, navigation and every slide, in order.

    Every part is shown by both editions; the live page has no title on screen (the step keeps
    the screen's height), so the title is the page's name in the navigation and the deck's
    heading for screen readers.
    """

    lang: str
    title: str
    nav: StoryNav
    slides: tuple[StorySlide, ...]

    @property
    def needs_server(self) -> frozenset[str]:
        """The texts only the live edition shows: none (a bad ``?step=`` is a notice of its own,
        and the deck shows its first step for a bad ``#step=``)."""
        return frozenset()

    @property
    def static_only(self) -> frozenset[str]:
        """The texts only the static edition shows: the deck's heading for screen readers."""
        return frozenset({self.title})


def _chart(step: StoryStep, lang: str) -> StoryChart | None:
    if step.chart is None:
        return None
    spec = chart_spec(step.chart)
    words = chart_words(spec.figure(lang))
    notes = tuple(quality_messages(step.chart, lang))
    return StoryChart(
        chart_id=step.chart,
        title=words.title,
        source=words.source,
        caveat=words.caveat,
        alt=spec.alt_text(lang),
        notes_heading=t("chart.quality_heading", lang, n=len(notes)),
        notes=notes,
    )


def _map(step: StoryStep, boundaries=None) -> StoryMap | None:
    if step.view is None:
        return None
    prepared = prepare_map(step.view, boundaries=boundaries)
    return StoryMap(
        view=step.view,
        title=prepared.text.title,
        source=prepared.text.source,
        caveat=prepared.text.caveat,
        alt=map_alt_text(prepared),
    )


def story_slide(number: int, lang: str, boundaries=None) -> StorySlide:
    """Step ``number`` (1-based) of the story in ``lang`` as a slide.

    Raises
    ------
    ValueError
        When ``number`` is not a whole number from 1 to :data:`geo.story.STEP_COUNT`.
    """
    lang = normalise_language(lang)
    step = story_step(number, lang)
    return StorySlide(
        number=step.number,
        step_id=step.step_id,
        count=t("story.indicator", lang, step=step.number, total=STEP_COUNT),
        title=step.title,
        body=step.body,
        note=step.note,
        note_is_warning=step.step_id in WARNING_STEPS,
        items=tuple(step.items),
        chart=_chart(step, lang),
        map=_map(step, boundaries),
    )


def story_nav(lang: str) -> StoryNav:
    """The navigation's words in ``lang``."""
    return StoryNav(
        previous=t("story.prev", lang),
        next=t("story.next", lang),
        first=t("story.first", lang),
        last=t("story.last", lang),
        caption=t("story.caption", lang),
        keys=t("story.keys", lang),
    )


def story_page(lang: str, boundaries=None) -> StoryPage:
    """The whole story in ``lang`` (``"es"`` or ``"en"``): every slide and the navigation."""
    lang = normalise_language(lang)
    return StoryPage(
        lang=lang,
        title=t("story.page_title", lang),
        nav=story_nav(lang),
        slides=tuple(story_slide(n, lang, boundaries) for n in range(1, STEP_COUNT + 1)),
    )
