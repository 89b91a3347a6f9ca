"""Map page: choropleth layers, the six routes, places, and the profile of a clicked department."""

import streamlit as st
from streamlit_folium import st_folium

import ui
from geo.views import ROUTE_IDS, MapView

lang = ui.language()
user = ui.user_layer()
layer_ids = ui.map_layer_ids(user)

ui.note_lost_upload(user)
ui.apply_pending_department()
ui.bind("layer", "complaints", layer_ids)
ui.bind(
    "measure", ui.default_measure(st.session_state["layer"]), ui.measures(st.session_state["layer"])
)
ui.bind("routes", list(ROUTE_IDS), ROUTE_IDS, multi=True)
ui.bind("dept", None, ui.department_codes())
if st.session_state["measure"] not in ui.measures(st.session_state["layer"]):
    st.session_state["measure"] = ui.default_measure(st.session_state["layer"])

embed = ui.is_embed()
if not embed:
    st.title(ui.tr("map.page_title"))
ui.show_lost_upload()
if not embed:
    controls = st.container()
    with controls:
        left, right = st.columns([2.2, 1])
        left.segmented_control(
            ui.tr("map.layer"),
            layer_ids,
            key="layer",
            format_func=lambda x: ui.layer_label(x, user),
        )
        right.segmented_control(
            ui.tr("map.measure"),
            ui.measures(st.session_state["layer"]),
            key="measure",
            format_func=lambda m: ui.tr(f"measure.{m}"),
        )
        st.pills(
            ui.tr("map.routes"),
            list(ROUTE_IDS),
            key="routes",
            selection_mode="multi",
            format_func=ui.route_name,
        )
# Reading the values, not assigning them: a widget's state cannot change once it is drawn. A
# click that unselects a segmented control leaves None for this run; bind() restores it next run.
layer = st.session_state["layer"] or st.session_state[ui.KEPT].get("layer", "complaints")
measure = st.session_state["measure"] or ui.default_measure(layer)
if measure not in ui.measures(layer):
    measure = ui.default_measure(layer)

view = MapView(
    layer=layer,
    measure=measure,
    routes=tuple(st.session_state["routes"] or ()),
    department=st.session_state.get("dept"),
    lang=lang,
)

if not ui.leaflet_available():
    st.error(ui.tr("map.assets_missing"))
    st.stop()

if embed:
    map_col, profile_col = st.container(), None
else:
    map_col, profile_col = st.columns([2.6, 1], gap="medium")

with map_col:
    fmap = ui.folium_map(view, user)
    result = st_folium(
        fmap,
        key="atlas_map",
        height=720,
        use_container_width=True,
        returned_objects=["last_active_drawing"],  # no rerun on pan or zoom
        render=False,  # st_folium renders the map itself; rendering it twice costs ~25 ms
    )
    ui.handle_map_click(result, view)
    if not embed:
        st.caption(ui.tr("map.click_hint"))

if profile_col is not None:
    with profile_col:
        st.selectbox(
            ui.tr("profile.choose"),
            ui.department_codes(),
            key="dept",
            format_func=ui.department_label,
            index=None,
            placeholder=ui.tr("profile.placeholder"),
        )
        ui.show_profile(st.session_state.get("dept"), user)
    ui.map_downloads(view, user)

ui.publish("layer", "measure", "routes", "dept")
