"""Map page: choropleth layers, the six routes, places, and the profile of a clicked department."""

import streamlit as st

from geo.names import department_names
from geo.paths import leaflet_installed
from geo.routes import ROUTE_IDS
from geo.safety import escape_markdown as md
from geo.views import MapView, layer_ids, layer_measures
from ui.downloads import map_downloads
from ui.embed import embed_theme
from ui.live_map import (
    DEPT_KEY,
    LAYOUT_KEY,
    PROFILE_KEY,
    REST_KEY,
    bring_profile_into_view,
    controls_css,
    department_label,
    layer_label,
    rest_of_page_now,
    show_map,
)
from ui.loaders import load_map_page
from ui.notices import map_address_notices, show_address_notices
from ui.profile import show_profile
from ui.share import show_share
from ui.state import KEEP, bind, is_embed, language, publish, tr
from ui.upload import note_lost_upload, session_user_layer, show_lost_upload
from ui.view_table import map_tabs, show_view_table

user = session_user_layer()
note_lost_upload(user)
layers = layer_ids(with_upload=user is not None)
bind("layer", "complaints", layers)
measures = layer_measures(st.session_state["layer"])
bind("measure", measures[0], measures)
bind("routes", list(ROUTE_IDS), ROUTE_IDS, multi=True)
bind(DEPT_KEY, None, list(department_names()))
MAP_VIEW = ("layer", "measure", "routes", DEPT_KEY)

embed = is_embed()
words = load_map_page(language())  # the page's words, as the static explorer has them
if not embed:
    st.title(md(words.title))
# A value the atlas does not have: the default's instead, and a notice naming it (an embed too).
notices = map_address_notices(layers, user, words)
show_address_notices(notices, (*(st.session_state[k] for k in MAP_VIEW), language()))
show_lost_upload()


def show_controls() -> None:
    """The layer, measure and routes controls (beside the map on a wide page, under it on a
    narrow one: ui.live_map.LAYOUT_CSS)."""
    layer_names = dict(words.layer.options)
    st.segmented_control(
        md(words.layer.label),
        layers,
        key="layer",
        required=True,
        persist_state=KEEP,
        # the reader's own layer is named by the reader (layer_label escapes it)
        format_func=lambda layer_id: layer_names.get(layer_id) or layer_label(layer_id, user),
    )
    st.segmented_control(
        md(words.measure.label),
        measures,
        key="measure",
        required=True,
        persist_state=KEEP,
        format_func=dict(words.measure.options).get,
    )
    st.pills(
        md(words.routes.label),
        list(ROUTE_IDS),
        key="routes",
        selection_mode="multi",
        persist_state=KEEP,
        format_func=dict(words.routes.options).get,
    )


if not embed:
    controls_css(layout=True)
    # Three columns in the keyboard's order (controls, map, profile), placed by LAYOUT_CSS: the
    # map first on the screen. A session's first drawing fills the first two.
    layout = st.container(key=LAYOUT_KEY)
    controls_col, map_col, profile_col = layout.columns([1, 2.6, 1], gap="medium")
    with controls_col, st.container(key="map_controls"):
        show_controls()

view = MapView(
    layer=st.session_state["layer"],
    measure=st.session_state["measure"],
    routes=tuple(st.session_state["routes"]),
    department=st.session_state[DEPT_KEY],
    lang=language(),
)

if not leaflet_installed():
    st.error(tr("map.assets_missing"))
    st.stop()

if embed:
    show_map(view, user, hint=False, theme=embed_theme())
else:
    # the share box and the link past the map (to the department list): after the controls,
    # before the map, in the Tab order too
    with controls_col:
        show_share(view, words)
    rest = rest_of_page_now()  # in a session's first drawing, the map asks for the rest once drawn
    with map_col, st.container(key="map_frame"):
        # the map first, the default; the table is drawn only once a reader opens its tab (a
        # tab's click is a run), so a visit that never opens it loads no grid (ui.view_table)
        map_tab, table_tab = map_tabs(words.tabs.options)
        with map_tab:
            show_map(view, user, hint=False, ask_for_rest=True)
            st.caption(md(words.hint))
        if rest and table_tab.open:
            with table_tab:
                show_view_table(view, user)
    if rest:
        with profile_col, st.container(key="map_side"), st.container(key=REST_KEY):
            st.selectbox(
                md(words.choose),
                list(department_names()),
                key=DEPT_KEY,
                persist_state=KEEP,
                format_func=department_label,
                index=None,
                placeholder=words.placeholder,
            )
            with st.container(key=PROFILE_KEY):
                show_profile(st.session_state[DEPT_KEY], user)
        bring_profile_into_view()
        map_downloads(view, user)

publish("layer", "measure", "routes", DEPT_KEY)
