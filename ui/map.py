"""The interactive map: its labels, the folium map of a view, and a click that selects a department."""

from __future__ import annotations

import streamlit as st
from streamlit_folium import st_folium

from geo.names import department_names
from geo.views import UPLOAD_LAYER, MapView, UserLayer, interactive_map, route_map
from ui.loaders import load_route_names, prepared_map
from ui.state import language, tr

MAP_KEY = "atlas_map"  # where st_folium keeps what the map last reported (session state)
DEPT_KEY = "dept"  # the chosen department: the profile's list, and ?dept= in the URL
MAP_HEIGHT = 720  # px
ROUTE_MAP_HEIGHT = 680  # px: the routes page's map, beside the route's card
SCROLL_KEY = "profile_scroll"  # session state: a click chose a department; bring its profile
PROFILE_KEY = "dept_profile"  # the profile's container (class st-key-dept_profile)
# Static CSS: on a narrow screen the segmented controls (layer, measure) wrap onto more rows
# instead of scrolling sideways with their last option cut ("Pobreza (según e…").
CONTROLS_CSS = """<style>
@media (max-width: 640px) {
  .st-key-layer [role="radiogroup"], .st-key-measure [role="radiogroup"],
  .st-key-route_card [role="radiogroup"] {flex-wrap: wrap; row-gap: 4px}
}
</style>"""
# Static script: once the page is drawn (the script run has ended), scroll the profile into view
# if it starts below the fold (a phone, where it stacks under the map); else it does nothing.
SCROLL_JS = """<script>
(function () {
  let tries = 0;
  function go() {
    const app = document.querySelector('[data-testid="stApp"]');
    const el = document.querySelector('.st-key-%s:not([data-stale="true"])');
    const idle = app && app.getAttribute('data-test-script-state') === 'notRunning';
    if (!el || !idle) { if (tries++ < 100) setTimeout(go, 100); return; }
    const r = el.getBoundingClientRect();
    if (r.top > window.innerHeight * 0.4 || r.bottom < 0) {
      el.style.scrollMarginTop = '64px';  /* below Streamlit's header bar */
      el.scrollIntoView({block: 'start', behavior: 'instant'});
    }
  }
  setTimeout(go, 50);
})(/* %d */);
</script>"""


def layer_label(layer_id: str, user: UserLayer | None = None) -> str:
    """The name of a layer in the layer control."""
    if layer_id == UPLOAD_LAYER:
        return tr("layer.upload", name=user.name if user is not None else "")
    return tr(f"layer.{layer_id}")


def measure_label(measure: str) -> str:
    """The name of a measure in the measure control."""
    return tr(f"measure.{measure}")


def route_name(route_id: str) -> str:
    """A route's name in the current language."""
    return load_route_names(language())[route_id]


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


def controls_css() -> None:
    """The map page's controls fitted to a narrow screen (see CONTROLS_CSS)."""
    st.html(CONTROLS_CSS)


def bring_profile_into_view() -> None:
    """After a click on the map, scroll the chosen department's profile into view if it is out
    of sight. Each click's script differs by its count, so that the browser runs it again."""
    clicks = st.session_state.get(SCROLL_KEY, 0)
    if clicks and st.session_state.get(f"{SCROLL_KEY}_done") != clicks:
        st.session_state[f"{SCROLL_KEY}_done"] = clicks
        st.html(SCROLL_JS % (PROFILE_KEY, clicks), unsafe_allow_javascript=True)


def show_map(
    view: MapView, user: UserLayer | None = None, hint: bool = True, theme: str = "light"
) -> None:
    """The map of ``view`` (the view's preparation is cached); a click chooses a department.

    ``theme="dark"`` gives the dark colours (an embed's ``?theme=dark``).
    """
    st_folium(
        interactive_map(prepared_map(view, user), theme=theme),
        key=MAP_KEY,
        height=MAP_HEIGHT,
        use_container_width=True,
        returned_objects=["last_active_drawing"],  # no rerun on pan or zoom
        render=False,  # st_folium renders the map itself; rendering it twice costs ~25 ms
        on_change=select_clicked_department,
    )
    if hint:
        st.caption(tr("map.click_hint"))


def show_route_map(route_id: str) -> None:
    """The atlas map showing only route ``route_id``, framed on it (the routes page)."""
    view = MapView("complaints", "count", (route_id,), None, language())
    st_folium(
        route_map(prepared_map(view)),
        key=f"route_map_{route_id}",
        height=ROUTE_MAP_HEIGHT,
        use_container_width=True,
        returned_objects=[],  # nothing to report: a click on this map changes nothing
    )
