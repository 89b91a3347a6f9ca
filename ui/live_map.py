"""The interactive map: its labels, the folium map of a view, and a click that selects a department."""

from __future__ import annotations

import json

import streamlit as st
from streamlit_folium import st_folium

from geo.maps import PROFILE_VIEW_SHARE, add_script
from geo.names import department_names
from geo.safety import escape_markdown
from geo.views import UPLOAD_LAYER, MapView, UserLayer, interactive_map, route_map
from ui.loaders import load_route_map, prepared_map
from ui.state import language, tr
from ui_compat import streamlit as st_compat
from ui_compat import streamlit_folium as folium_compat

MAP_KEY = "atlas_map"  # where st_folium keeps what the map last reported (session state)
DEPT_KEY = "dept"  # the chosen department: the profile's list, and ?dept= in the URL
MAP_HEIGHT = 720  # px
ROUTE_MAP_HEIGHT = 680  # px: the routes page's map, beside the route's card
SCROLL_KEY = "profile_scroll"  # session state: a click chose a department; bring its profile
PROFILE_KEY = "dept_profile"  # the profile's container (class st-key-dept_profile)
REST_KEY = "map_rest"  # the container of the page's second part: the profile's list, downloads
REST_SHOWN = "map_rest_shown"  # session state: the map page has been drawn whole once
# In the map's frame: once the departments are drawn, and again whenever a script run has ended,
# ask for a run that draws the rest of the page if the page lacks it (the session's first drawing;
# a reader moved to a new server, whose first run keeps this same frame). At most one ask in two
# seconds; a frame that is stale (on its way out) or cannot read its page asks nothing.
# The value keeps st_folium's own default ("last_active_drawing": null), so it chooses nothing.
# Streamlit's markup and st_folium's frame library are named in ui_compat (checked on upgrade).
REST_JS = """(function () {
  var ask = STREAMLIT_LIB, frame = window.frameElement, page = null, asked = 0;
  try { page = window.parent.document; } catch (e) { return; }
  if (!ask || !frame || !page) return;
  var app = page.querySelector(APP);
  function check() {
    if (!frame.isConnected || frame.closest(STALE)) return;
    if (app && app.getAttribute(SCRIPT_STATE) !== NOT_RUNNING) return;
    var rest = page.querySelector(REST);
    if (rest && !rest.closest(STALE)) return;
    if (Date.now() - asked < 2000) return;
    asked = Date.now();
    ask.SET_VALUE({last_active_drawing: null, rest: asked});
  }
  function soon() { check(); setTimeout(check, 250); }  /* and once the run's last nodes are gone */
  requestAnimationFrame(function () { setTimeout(soon, 0); });
  if (app) new MutationObserver(soon).observe(app, {attributeFilter: [SCRIPT_STATE]});
})();"""


def _with_markup(js: str, **selectors: object) -> str:
    """``js`` with Streamlit's and st_folium's names (ui_compat) and ``selectors`` filled in, each
    as a JavaScript string (the frame's library and its call as they are)."""
    names = {
        "APP": st_compat.APP,
        "SCRIPT_STATE": st_compat.SCRIPT_STATE,
        "NOT_RUNNING": st_compat.NOT_RUNNING,
        "STALE": st_compat.STALE,
        "MAP_FRAME": f"{st_compat.ELEMENT_CONTAINER}:not({st_compat.STALE}) "
        f'iframe[title="{folium_compat.FRAME_TITLE}"]',
        **selectors,
    }
    for name, value in sorted(names.items(), key=lambda item: -len(item[0])):
        js = js.replace(name, json.dumps(value))
    return js.replace("STREAMLIT_LIB", folium_compat.STREAMLIT_JS).replace(
        "SET_VALUE", folium_compat.SET_VALUE_JS
    )


REST_JS = _with_markup(REST_JS, REST=f".{st_compat.key_class(REST_KEY)}")
LAYOUT_KEY = "map_layout"  # the container of the map page's three columns: controls, map, profile
# Static CSS: on a narrow screen the segmented controls (layer, measure) wrap onto more rows
# instead of scrolling sideways with their last option cut ("Pobreza (según e…"), as they do in
# the map page's side column at any width.
CONTROLS_CSS = """<style>
@media (max-width: 640px) {
  .st-key-layer [role="radiogroup"], .st-key-measure [role="radiogroup"],
  .st-key-route_card [role="radiogroup"] {flex-wrap: wrap; row-gap: 4px}
}
.st-key-map_layout [role="radiogroup"] {flex-wrap: wrap; row-gap: 4px}
</style>"""
# Static CSS: the map first. The page's three columns (controls, map, profile: the order of the
# keyboard's path) are laid out by their container's width, with the sidebar open or closed: the
# map on the left with the controls and the profile beside it on a wide page, the map first and
# the controls and profile under it on a narrow one, so that the map's top is in the first 40 %
# of the screen (a compact title above it). The profile wraps its labels and values, never cuts
# them ("Superficie oficial 71.999 …"). The static explorer lays its page out alike (site.css).
LAYOUT_CSS = """<style>
[data-testid="stMainBlockContainer"] h1 {font-size: clamp(1.5rem, 4.2vw, 2.1rem);
  padding: 0 0 0.25rem 0}
.st-key-map_layout {container-type: inline-size}
.st-key-map_layout [data-testid="stHorizontalBlock"] {display: grid !important;
  grid-template-columns: minmax(0, 1fr); column-gap: 1.5rem; row-gap: 1rem; align-items: start}
.st-key-map_layout [data-testid="stColumn"] {width: auto !important; min-width: 0 !important;
  max-width: none !important; flex: none !important}
.st-key-map_layout [data-testid="stColumn"]:has(.st-key-map_controls) {grid-row: 2}
.st-key-map_layout [data-testid="stColumn"]:has(.st-key-map_frame) {grid-row: 1}
.st-key-map_layout [data-testid="stColumn"]:has(.st-key-map_side) {grid-row: 3}
@container (min-width: 760px) {
  .st-key-map_layout [data-testid="stHorizontalBlock"] {
    grid-template-columns: minmax(0, 1fr) clamp(15rem, 27%, 24rem); grid-template-rows: auto 1fr}
  .st-key-map_layout [data-testid="stColumn"]:has(.st-key-map_controls) {grid-column: 2;
    grid-row: 1}
  .st-key-map_layout [data-testid="stColumn"]:has(.st-key-map_frame) {grid-column: 1;
    grid-row: 1 / span 2}
  .st-key-map_layout [data-testid="stColumn"]:has(.st-key-map_side) {grid-column: 2; grid-row: 2}
}
.st-key-dept_profile [data-testid="stMetricLabel"],
.st-key-dept_profile [data-testid="stMetricLabel"] *,
.st-key-dept_profile [data-testid="stMetricValue"],
.st-key-dept_profile [data-testid="stMetricValue"] * {white-space: normal !important;
  overflow: visible !important; text-overflow: clip !important; overflow-wrap: break-word}
.st-key-dept_profile [data-testid="stMetricValue"] {font-size: 1.75rem; line-height: 1.2}
</style>"""
# Static script: once the page is drawn (the script run has ended and the map's new frame has its
# height: until then the profile, stacked under the map on a phone, sits hundreds of pixels too
# high), scroll the profile into view if it starts below the fold; else it does nothing.
SCROLL_JS = _with_markup(
    """<script>
(function () {
  let tries = 0;
  function go() {
    const app = document.querySelector(APP);
    const el = document.querySelector(PROFILE);
    const idle = app && app.getAttribute(SCRIPT_STATE) === NOT_RUNNING;
    const frame = document.querySelector(MAP_FRAME);
    const sized = !frame || frame.getBoundingClientRect().height > 0;
    if (!el || !idle || !sized) { if (tries++ < 100) setTimeout(go, 100); return; }
    const r = el.getBoundingClientRect();
    if (r.top > window.innerHeight * PROFILE_VIEW_SHARE || r.bottom < 0) {
      el.style.scrollMarginTop = '64px';  /* below Streamlit's header bar */
      el.scrollIntoView({block: 'start', behavior: 'instant'});
    }
  }
  setTimeout(go, 50);
})(/* %d */);
</script>""",
    PROFILE=f".{st_compat.key_class(PROFILE_KEY)}:not({st_compat.STALE})",
    PROFILE_VIEW_SHARE=PROFILE_VIEW_SHARE,  # geo.maps.map_rules: the static explorer's too
)


def layer_label(layer_id: str, user: UserLayer | None = None) -> str:
    """The name of a layer in the layer control (markdown: a reader's column name is escaped)."""
    if layer_id == UPLOAD_LAYER:
        return tr("layer.upload", name=escape_markdown(user.name) if user is not None else "")
    return tr(f"layer.{layer_id}")


def department_label(code: str) -> str:
    """A department's name, for the list of departments."""
    return department_names()[code]


def select_clicked_department() -> None:
    """st_folium's ``on_change``: a click on a department chooses it before the page is drawn.

    So one click is one script run: the map, the list and the profile are drawn with the new
    department at once, where a second run (``st.rerun``) used to follow every click.
    """
    drawing = (st.session_state.get(MAP_KEY) or {}).get("last_active_drawing") or {}
    code = (drawing.get("properties") or {}).get("department_code")
    if code in department_names():
        st.session_state[DEPT_KEY] = code
        st.session_state[SCROLL_KEY] = st.session_state.get(SCROLL_KEY, 0) + 1


def controls_css(layout: bool = False) -> None:
    """The map page's controls fitted to a narrow screen (see CONTROLS_CSS); with ``layout``,
    the map page's columns, the map first (LAYOUT_CSS)."""
    st.html(CONTROLS_CSS + (LAYOUT_CSS if layout else ""))


def bring_profile_into_view() -> None:
    """After a click on the map, scroll the chosen department's profile into view if it is out
    of sight. Each click's script differs by its count, so that the browser runs it again."""
    clicks = st.session_state.get(SCROLL_KEY, 0)
    if clicks and st.session_state.get(f"{SCROLL_KEY}_done") != clicks:
        st.session_state[f"{SCROLL_KEY}_done"] = clicks
        st.html(SCROLL_JS % clicks, unsafe_allow_javascript=True)


def show_map(
    view: MapView,
    user: UserLayer | None = None,
    hint: bool = True,
    theme: str = "light",
    ask_for_rest: bool = False,
) -> None:
    """The map of ``view`` (the view's preparation is cached); a click chooses a department.

    ``theme="dark"`` gives the dark colours (an embed's ``?theme=dark``). ``ask_for_rest``: the
    map asks for the page's second part once it is drawn (see :func:`rest_of_page_now`).
    """
    fmap = interactive_map(prepared_map(view, user), theme=theme)
    if ask_for_rest:
        add_script(fmap, REST_JS)
    st_folium(
        fmap,
        key=MAP_KEY,
        height=MAP_HEIGHT,
        use_container_width=True,
        returned_objects=["last_active_drawing"],  # no rerun on pan or zoom
        render=False,  # st_folium renders the map itself; folium rendering it too is work twice
        on_change=select_clicked_department,
    )
    if hint:
        st.caption(tr("map.click_hint"))


def rest_of_page_now() -> bool:
    """Whether this run draws the map page's second part (the profile's list, the downloads).

    A session's first drawing of the map page sends the controls and the map alone, so that the
    browser draws the map without first drawing some twenty other elements in the same batch;
    the map, once drawn, asks for the run that adds the rest (REST_JS). Any later run draws it.
    """
    if st.session_state.get(REST_SHOWN):
        return True
    st.session_state[REST_SHOWN] = True
    return False


def show_route_map(route_id: str) -> None:
    """The map of route ``route_id``, framed on it (the routes page): its line, the departments
    it crosses and its points named (geo.views.prepare_route_map, as the static edition's)."""
    st_folium(
        route_map(load_route_map(route_id, language())),
        key=f"route_map_{route_id}",
        height=ROUTE_MAP_HEIGHT,
        use_container_width=True,
        returned_objects=[],  # nothing to report: a click on this map changes nothing
    )
