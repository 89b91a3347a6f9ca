"""The presenter's story: the step in the URL, the previous/next buttons, a step in large type."""

from __future__ import annotations

import streamlit as st

from geo.paths import leaflet_installed
from geo.safety import escape_markdown as md
from geo.story import STEP_COUNT, StoryStep, parse_step
from ui.charts import show_chart
from ui.loaders import load_chart_quality, load_story_map, load_story_step
from ui.state import language, publish, tr, url_is_new

STEP_KEY = "story_step"  # the step the presenter reached (session state)
STEP_PARAM = "step"  # ?step=N
STORY_MAP_HEIGHT = 640  # px
# Static CSS for the presenter's large type; it never carries user or data text.
STORY_CSS = """<style>
.st-key-story_text h1 {font-size: 2.6rem; line-height: 1.15}
.st-key-story_text p, .st-key-story_text li {font-size: 1.45rem; line-height: 1.45}
.st-key-story_text ol li {font-size: 1.2rem; line-height: 1.4}
.st-key-story_text [data-testid="stAlert"] p {font-size: 1.15rem; line-height: 1.4}
.st-key-story_text [data-testid="stExpander"] p {font-size: 1rem}
.st-key-story_nav p {font-size: 1.1rem}
</style>"""


def story_current_step() -> tuple[int, str | None]:
    """The story step to show, and the ``?step=`` value when it named no step (else None).

    A ``?step=`` the session did not write itself (a shared link, an edited URL, Back) wins;
    otherwise the step the presenter reached with the buttons, or the first.
    """
    if url_is_new(STEP_PARAM):
        raw = st.query_params[STEP_PARAM]
        step, valid = parse_step(raw)
        st.session_state[STEP_KEY] = step
        return step, None if valid else raw
    step, _ = parse_step(st.session_state.get(STEP_KEY))
    st.session_state[STEP_KEY] = step
    return step, None


def _move(delta: int) -> None:
    step = int(st.session_state.get(STEP_KEY, 1)) + delta
    st.session_state[STEP_KEY] = min(max(step, 1), STEP_COUNT)


def show_story_nav(step: int) -> None:
    """Previous and next buttons around the step indicator."""
    with st.container(key="story_nav"):
        prev_col, mid_col, next_col = st.columns([1, 4, 1], vertical_alignment="center")
        prev_col.button(
            tr("story.prev"),
            key="story_prev",
            on_click=_move,
            args=(-1,),
            disabled=step <= 1,
            icon=":material/arrow_back:",
            width="stretch",
        )
        mid_col.progress(step / STEP_COUNT, text=tr("story.indicator", step=step, total=STEP_COUNT))
        next_col.button(
            tr("story.next"),
            key="story_next",
            on_click=_move,
            args=(1,),
            disabled=step >= STEP_COUNT,
            icon=":material/arrow_forward:",
            width="stretch",
        )


def show_story_step(step: StoryStep) -> None:
    """One story step: its finding in large type beside its map or chart."""
    st.html(STORY_CSS)
    has_visual = step.view is not None or step.chart is not None
    text_col, visual_col = st.columns([2, 3], gap="large") if has_visual else (st.container(), None)
    with text_col, st.container(key="story_text"):
        st.title(md(step.title), anchor=False)
        st.markdown(md(step.body))
        if step.note:  # before a list, so that the room reads it first
            show_note = st.warning if step.step_id == "poverty" else st.info
            show_note(md(step.note), icon=":material/info:")
        if step.items:
            st.markdown("\n".join(f"{i}. {md(item)}" for i, item in enumerate(step.items, 1)))
        if step.chart is not None:
            notes = load_chart_quality(step.chart, language())
            if notes:
                with st.expander(
                    tr("chart.quality_heading", n=len(notes)), key=f"story_quality_{step.chart}"
                ):
                    for note in notes:
                        st.caption(md(note))
    if visual_col is None:
        return
    with visual_col:
        if step.chart is not None:
            show_chart(step.chart, quality=False)
        elif not leaflet_installed():
            st.error(tr("map.assets_missing"))
        else:
            view = step.view
            html, alt = load_story_map(view.layer, view.measure, view.routes, view.lang)
            st.iframe(html, height=STORY_MAP_HEIGHT, alt=alt)
            st.caption(alt)


def show_story() -> None:
    """The story page: a note on a bad link, the navigation, the current step; the URL follows."""
    step, bad = story_current_step()
    if bad is not None:
        st.info(
            tr("story.invalid_step", value=md(str(bad)[:40]), first=1, total=STEP_COUNT),
            icon=":material/help:",
        )
    st.caption(tr("story.caption"))
    show_story_nav(step)
    show_story_step(load_story_step(step, language()))
    publish(**{STEP_PARAM: str(step)})
