"""The presenter's story: the step in the URL, the previous/next buttons, a step in large type."""

from __future__ import annotations

import json

import streamlit as st

from geo.charts import ChartWords
from geo.pages.story import StoryChart, StorySlide, story_nav
from geo.paths import leaflet_installed
from geo.qr import qr_for_step
from geo.safety import escape_markdown as md
from geo.story import STEP_COUNT, parse_step
from ui.charts import show_figure
from ui.loaders import load_chart_screen, load_story_map, load_story_slide, load_story_step
from ui.state import history_navigation, language, publish, tr, url_is_new

STEP_KEY = "story_step"  # the step the presenter reached (session state)
REACHED_KEY = "story_reached"  # the furthest step shown in this session (session state)
STEP_PARAM = "step"  # ?step=N
BAD_STEP_KEY = "story_bad_step"  # session state: the last ?step= that named no step, answered
STORY_MAP_HEIGHT = 640  # px: the frame's height as sent; the page's CSS fits it to the window
STORY_PLOT_HEIGHT = 170  # px of plot area: with its words and legend, a chart step fits 1280x720
# What a presentation clicker or a keyboard sends, beyond the visible buttons' ArrowLeft and
# ArrowRight: (button key, Streamlit shortcut, what it does: +1/-1 a step, or "first"/"last").
# Streamlit 1.67 gives a button one shortcut, so each further key has a button of its own; those
# buttons are hidden (not drawn, out of the tab order) and the caption under the navigation names
# the keys. Streamlit ignores shortcuts typed in a text field. Streamlit draws a button's shortcut
# after its label ("Siguiente →"), so the visible buttons have no arrow icon besides: one arrow
# each, not "→ Siguiente →".
KEY_BUTTONS = (
    ("story_key_space", "Space", 1),
    ("story_key_pagedown", "PageDown", 1),
    ("story_key_pageup", "PageUp", -1),
    ("story_key_home", "Home", "first"),
    ("story_key_end", "End", "last"),
)
# Static CSS for the presenter's large type and for a step that fits the window (1280x720 and
# up) without scrolling: the type follows the window's height, the map frame takes what is left.
# Streamlit's caption container pulls what follows it up by its paragraph's margin (-1rem), which
# the map's source lines have not: without its margin set to 0 the caveat's first line covered
# the source's last at 1280x720. It never carries user or data text.
STORY_CSS = """<style>
[data-testid="stMainBlockContainer"] {padding-top: 3rem; padding-bottom: 0}
.st-key-story_text h1 {font-size: clamp(1.5rem, 3.9vh, 2.6rem); line-height: 1.15;
  padding: 0 0 0.3rem 0}
.st-key-story_text p, .st-key-story_text li {font-size: clamp(1rem, 2.3vh, 1.45rem);
  line-height: 1.4}
.st-key-story_text ol {column-count: 2; column-gap: 2.5rem}
.st-key-story_text ol li {font-size: clamp(0.85rem, 1.9vh, 1.2rem); line-height: 1.28;
  break-inside: avoid}
.st-key-story_text [data-testid="stAlert"] p {font-size: clamp(0.9rem, 2vh, 1.15rem);
  line-height: 1.35}
.st-key-story_text [data-testid="stExpander"] p {font-size: 1rem}
.st-key-story_nav p {font-size: 1.1rem}
.st-key-story_chart [data-testid="stCaptionContainer"] p {font-size: 0.8rem; line-height: 1.3}
.st-key-story_keys {display: none}
.st-key-story_maps {position: relative; gap: 0; overflow: hidden}
.st-key-story_maps .stElementContainer, .st-key-story_maps iframe {
  height: calc(100vh - 23rem) !important; min-height: 18rem; flex: 0 0 auto !important}
.st-key-story_map_title p {font-size: 1.05rem; font-weight: 700; line-height: 1.3; margin: 0}
.st-key-story_map_words {gap: 0.15rem}
.st-key-story_map_words p {font-size: 0.875rem; line-height: 1.25; margin: 0}
.st-key-story_map_words [data-testid="stCaptionContainer"] {margin-bottom: 0}
[data-testid="stLayoutWrapper"]:has(> .st-key-story_map_title), .st-key-story_map_title {order: -1}
.st-key-story_maps [class*="st-key-story_map_"] {position: absolute; top: 0; left: 0;
  width: 100%; visibility: hidden; pointer-events: none}
</style>"""
# Presentation mode (the P key, or ?present=1): the sidebar and Streamlit's header bar hidden, so
# that the step's words and its map take the screen's width.
PRESENT_KEY = "story_present"  # session state: presentation mode is on
PRESENT_PARAM = "present"  # ?present=1
PRESENT_SHORTCUT = "P"
PRESENT_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stExpandSidebarButton"], [data-testid="stHeader"] {
  display: none !important}
[data-testid="stMainBlockContainer"] {padding-top: 1.5rem}
.st-key-story_maps .stElementContainer, .st-key-story_maps iframe {
  height: calc(100vh - 17rem) !important}
</style>"""
# The keys a presenter presses after a click in a story map, whose frame then has the focus: the
# map's frame hands them to this page (geo.story.STORY_MAP_JS), which presses the button that
# the key would have pressed here. Only a message from one of the story's own map frames counts,
# and only a key of the story's.
KEYS_JS = """<script>
(function () {
  if (window.__atlasStoryKeys) return;
  window.__atlasStoryKeys = true;
  var BUTTONS = BUTTON_KEYS;
  window.addEventListener('message', function (event) {
    var data = event.data, key = data && data.atlasStoryKey;
    if (typeof key !== 'string' || !Object.prototype.hasOwnProperty.call(BUTTONS, key)) return;
    var frames = document.querySelectorAll('.st-key-story_maps iframe');
    var ours = Array.prototype.some.call(frames, function (f) {
      return f.contentWindow === event.source;
    });
    if (!ours) return;
    var button = document.querySelector('.st-key-' + BUTTONS[key] + ' button');
    if (button && !button.disabled) button.click();
  });
})();
</script>"""
# The step's own map, drawn in place; the other maps stay loaded, hidden, behind it.
CURRENT_MAP_CSS = """<style>
.st-key-story_maps .st-key-story_map_%d {position: static; visibility: visible;
  pointer-events: auto}
</style>"""


def story_current_step() -> tuple[int, str | None]:
    """The story step to show, and the ``?step=`` value when it named no step (else None).

    A ``?step=`` the session did not write itself (a shared link, an edited URL) wins, and after
    Back or Forward the address alone decides (no ``?step=`` is the first); otherwise the step
    the presenter reached with the buttons or keys, or the first.
    """
    if history_navigation() or url_is_new(STEP_PARAM):
        raw = st.query_params.get(STEP_PARAM)
        step, valid = parse_step(raw)
        # Streamlit's client may send the address it was opened with (?step=999) again with the
        # next run (ui.state): a bad step already answered would hold the story at step 1.
        answered = not valid and raw == st.session_state.get(BAD_STEP_KEY)
        if not answered or history_navigation():
            st.session_state[BAD_STEP_KEY] = None if valid else raw
            st.session_state[STEP_KEY] = step
            return step, None if valid else raw
    step, _ = parse_step(st.session_state.get(STEP_KEY))
    st.session_state[STEP_KEY] = step
    return step, None


def story_present() -> bool:
    """Whether the story is in presentation mode: ``?present=1`` from a link (or Back and
    Forward) decides, else the presenter's last choice (the P key)."""
    if history_navigation() or url_is_new(PRESENT_PARAM):
        st.session_state[PRESENT_KEY] = st.query_params.get(PRESENT_PARAM) == "1"
    return bool(st.session_state.get(PRESENT_KEY, False))


def _toggle_present() -> None:
    st.session_state[PRESENT_KEY] = not st.session_state.get(PRESENT_KEY, False)


def _keys_js() -> str:
    """KEYS_JS with each key's button: the visible arrows' and the hidden keys' (KEY_BUTTONS)."""
    buttons = {"ArrowRight": "story_next", "ArrowLeft": "story_prev"}
    names = {"Space": " "}
    for key, shortcut, _delta in KEY_BUTTONS:
        buttons[names.get(shortcut, shortcut)] = key
    buttons["p"] = buttons["P"] = "story_key_present"
    return KEYS_JS.replace("BUTTON_KEYS", json.dumps(buttons))


def _move(delta: int | str) -> None:
    """A button's or key's callback: a step forward or back (+1/-1), or the first or last."""
    if delta == "first":
        step = 1
    elif delta == "last":
        step = STEP_COUNT
    else:
        step, _ = parse_step(st.session_state.get(STEP_KEY))
        step += delta
    st.session_state[STEP_KEY] = min(max(step, 1), STEP_COUNT)


def show_story_nav(step: int, indicator: str) -> None:
    """Previous and next buttons around the step indicator ("Step 3 of 8": the slide's count);
    their words are the story's (geo.pages.story.StoryNav)."""
    nav = story_nav(language())
    with st.container(key="story_nav"):
        prev_col, mid_col, next_col = st.columns([1.4, 3.2, 1.4], vertical_alignment="center")
        prev_col.button(
            nav.previous,
            key="story_prev",
            on_click=_move,
            args=(-1,),
            disabled=step <= 1,
            width="stretch",
            shortcut="Left",  # drawn as "←" after the label
        )
        mid_col.progress(step / STEP_COUNT, text=md(indicator))
        next_col.button(
            nav.next,
            key="story_next",
            on_click=_move,
            args=(1,),
            disabled=step >= STEP_COUNT,
            width="stretch",
            shortcut="Right",  # drawn as "→" after the label
        )
    # In the sidebar: the step keeps the screen's height for its finding and its map or chart.
    st.sidebar.caption(md(tr("story.present_hint", param=f"?{PRESENT_PARAM}=1")))
    st.sidebar.caption(f"{md(nav.caption)} {md(nav.keys)}")
    labels = {1: nav.next, -1: nav.previous, "first": nav.first, "last": nav.last}
    with st.container(key="story_keys"):
        for key, shortcut, delta in KEY_BUTTONS:
            forward = delta == "last" or delta == 1
            st.button(
                labels[delta],
                key=key,
                on_click=_move,
                args=(delta,),
                disabled=step >= STEP_COUNT if forward else step <= 1,
                shortcut=shortcut,
            )
        st.button(
            tr("story.present"),
            key="story_key_present",
            on_click=_toggle_present,
            shortcut=PRESENT_SHORTCUT,
        )
        # hidden with the keys' buttons: no gap in the page; the script runs all the same
        st.html(_keys_js(), unsafe_allow_javascript=True)


def show_story_step(slide: StorySlide) -> None:
    """One story step (geo.pages.story): its finding in large type beside its map or chart."""
    st.html(STORY_CSS)
    has_visual = slide.map is not None or slide.chart is not None
    text_col, visual_col = st.columns([4, 5], gap="large") if has_visual else (st.container(), None)
    with text_col, st.container(key="story_text"):
        st.title(md(slide.title), anchor=False)
        st.markdown(md(slide.body))
        if slide.note:  # before a list, so that the room reads it first
            show_note = st.warning if slide.note_is_warning else st.info
            show_note(md(slide.note), icon=":material/info:")
        if slide.items:
            st.markdown("\n".join(f"{i}. {md(item)}" for i, item in enumerate(slide.items, 1)))
        # the atlas's address, for the room (a path such as /site/ on this page's host)
        if qr := qr_for_step(slide.number, language(), st.context.url):
            st.html(qr)
        chart = slide.chart
        if chart is not None and chart.notes:
            with st.expander(md(chart.notes_heading), key=f"story_quality_{chart.chart_id}"):
                for note in chart.notes:
                    st.caption(md(note))
    if visual_col is None:
        return
    with visual_col:
        if leaflet_installed():
            show_story_maps(slide)
        elif slide.map is not None:
            st.error(tr("map.assets_missing"))
        if chart is not None:
            with st.container(key="story_chart"):
                show_story_chart(chart)


def show_story_chart(chart: StoryChart) -> None:
    """A step's chart at the story's size: the model's title above the figure, its source and
    caveat under it; its alt text is the figure's (the step fits one screen)."""
    fig, _words = load_chart_screen(chart.chart_id, language(), "light", STORY_PLOT_HEIGHT)
    words = ChartWords(chart.title, chart.source, chart.caveat)
    show_figure(fig, words, key=f"chart_{chart.chart_id}", alt=chart.alt, notes=False)


def show_story_maps(current: StorySlide) -> None:
    """The story's maps up to one step ahead, kept: the current step's shown, the rest hidden.

    The maps come first in the column, in the story's order, so that Streamlit keeps their
    frames from one step to the next: a step change shows a map that is drawn already (no blank
    frame while Leaflet loads) and sends no map again. Each step adds at most the next step's
    map (up to one step past the furthest step shown), so the first visit builds no map it does
    not need and no step change builds more than one. The map's description is its frame's alt
    text, not a caption: the step fits one screen.
    """
    lang = language()
    reached = max(current.number, int(st.session_state.get(REACHED_KEY, 1)))
    st.session_state[REACHED_KEY] = reached
    with st.container(key="story_maps"):
        for number in range(1, min(reached + 1, STEP_COUNT) + 1):
            view = load_story_step(number, lang).view
            if view is None:
                continue
            html, alt = load_story_map(*_map_args(view))
            with st.container(key=f"story_map_{number}"):
                st.iframe(html, height=STORY_MAP_HEIGHT, alt=alt)
    if current.map is not None:  # its description is the frame's alt text (for screen readers)
        st.html(CURRENT_MAP_CSS % current.number)
        # The map's title above it and its source and caveat under it, as a chart step's, in
        # type a room reads (14 px and up); inside the frame, only the legend, so that a frame
        # beside the words (424 px at 1280x720 with the sidebar) leaves Peru beside it. The
        # title comes after the frames, which stay first in the column (kept), and is moved
        # above them by STORY_CSS.
        with st.container(key="story_map_title"):
            st.markdown(md(current.map.title))
        with st.container(key="story_map_words"):
            for line in (current.map.source, current.map.caveat):
                if line:
                    st.caption(md(line))


def _map_args(view) -> tuple:
    return view.layer, view.measure, view.routes, view.lang


def show_story() -> None:
    """The story page: a note on a bad link, the navigation, the current step; the URL follows."""
    step, bad = story_current_step()
    if bad is not None:
        st.info(
            tr("story.invalid_step", value=md(str(bad)[:40]), first=1, total=STEP_COUNT),
            icon=":material/help:",
        )
    present = story_present()
    if present:
        st.html(PRESENT_CSS)
    slide = load_story_slide(step, language())
    show_story_nav(step, slide.count)
    show_story_step(slide)
    publish(**{STEP_PARAM: str(step), PRESENT_PARAM: "1" if present else None})
