"""Routes page: the report's six routes, one card each, and a map framed on the chosen route."""

import streamlit as st
from streamlit_folium import st_folium

import ui
from geo.views import ROUTE_IDS

lang = ui.language()
ui.bind("route_card", ROUTE_IDS[0], ROUTE_IDS)

st.title(ui.tr("routes.title"))
st.markdown(ui.tr("routes.intro"))
st.segmented_control(
    ui.tr("routes.choose"),
    list(ROUTE_IDS),
    key="route_card",
    format_func=ui.route_name,
    selection_mode="single",
)
# A click that unselects leaves None for this run (a drawn widget's state cannot be assigned);
# bind() restores the route before the next draw.
route_id = st.session_state.get("route_card") or st.session_state[ui.KEPT].get(
    "route_card", ROUTE_IDS[0]
)

route = ui.load_routes().set_index("route_id").loc[route_id]
summary = ui.load_route_table(lang).set_index("route_id").loc[route_id]
waypoints = ui.load_route_waypoints(route_id)

card, map_col = st.columns([2, 3], gap="medium")
with card, st.container(border=True, key=f"route_{route_id}"):
    st.subheader(ui.md(route[f"name_{lang}"]))
    st.caption(f"{ui.md(route['name_es'])} · {ui.md(route['name_en'])}")
    st.markdown(f"**{ui.tr('routes.report_says')}**")
    st.markdown(f"> {ui.md(route['report_sentence'])}")
    st.markdown(f"**{ui.tr('routes.destinations')}:** {ui.md(summary['destinations'])}")
    st.markdown(f"**{ui.tr('routes.departments')}:** {ui.md(summary['departments_crossed'])}")
    st.markdown(f"**{ui.tr('routes.atlas_notes')}:** {ui.md(summary['notes'])}")
    st.markdown(f"**{ui.tr('routes.waypoints')}**")
    st.markdown(
        "\n".join(
            f"{p.seq}. {ui.md(getattr(p, f'label_{lang}'))}: {ui.tr(f'routes.basis.{p.basis}')}"
            for p in waypoints.itertuples()
        )
    )
with map_col:
    if ui.leaflet_available():
        st_folium(
            ui.route_map(route_id),
            key=f"route_map_{route_id}",
            height=680,
            use_container_width=True,
            returned_objects=[],
        )
        st.caption(ui.tr("routes.map_caption"))
    else:
        st.error(ui.tr("map.assets_missing"))

ui.publish("route_card")
