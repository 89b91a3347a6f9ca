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
