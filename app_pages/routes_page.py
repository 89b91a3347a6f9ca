"""Routes page: the report's six routes, one card each, and a map framed on the chosen route."""

import streamlit as st

from geo.paths import leaflet_installed
from geo.routes import ROUTE_IDS
from geo.safety import escape_markdown as md
from ui.loaders import load_route_table, load_route_waypoints, load_routes
from ui.map import controls_css, route_name, show_route_map
from ui.state import KEEP, bind, language, publish, tr

lang = language()
bind("route_card", ROUTE_IDS[0], ROUTE_IDS)

controls_css()
st.title(tr("routes.title"))
st.markdown(tr("routes.intro"))
route_id = st.segmented_control(
    tr("routes.choose"),
    list(ROUTE_IDS),
    key="route_card",
    format_func=route_name,
    selection_mode="single",
    required=True,
    persist_state=KEEP,
)

route = load_routes().set_index("route_id").loc[route_id]
summary = load_route_table(lang).set_index("route_id").loc[route_id]
waypoints = load_route_waypoints(route_id)

card, map_col = st.columns([2, 3], gap="medium")
with card, st.container(border=True, key=f"route_{route_id}"):
    st.subheader(md(route[f"name_{lang}"]))
    st.caption(f"{md(route['name_es'])} · {md(route['name_en'])}")
    st.markdown(f"**{tr('routes.report_says')}**")
    st.markdown(f"> {md(route['report_sentence'])}")
    st.markdown(f"**{tr('routes.destinations')}:** {md(summary['destinations'])}")
    st.markdown(f"**{tr('routes.departments')}:** {md(summary['departments_crossed'])}")
    st.markdown(f"**{tr('routes.atlas_notes')}:** {md(summary['notes'])}")
    st.markdown(f"**{tr('routes.waypoints')}**")
    st.markdown(
        "\n".join(
            f"{p.seq}. {md(getattr(p, f'label_{lang}'))}: {tr(f'routes.basis.{p.basis}')}"
            for p in waypoints.itertuples()
        )
    )
with map_col:
    if leaflet_installed():
        show_route_map(route_id)
        st.caption(tr("routes.map_caption"))
    else:
        st.error(tr("map.assets_missing"))

publish("route_card")
