"""Routes page: the report's six routes, one card each, and a map framed on the chosen route."""

import streamlit as st

from geo.paths import leaflet_installed
from geo.routes import ROUTE_IDS
from ui.live_map import controls_css, show_route_map
from ui.loaders import load_routes_page
from ui.routes import show_route_card
from ui.state import KEEP, bind, language, publish, tr

page = load_routes_page(language())
bind("route_card", ROUTE_IDS[0], ROUTE_IDS)

names = {card.route_id: card.name for card in page.cards}

controls_css()
st.title(page.title)
st.markdown(page.intro)
route_id = st.segmented_control(
    page.choose,
    list(ROUTE_IDS),
    key="route_card",
    format_func=names.__getitem__,
    selection_mode="single",
    required=True,
    persist_state=KEEP,
)

card = page.card(route_id)
text_col, map_col = st.columns([2, 3], gap="medium")
with text_col, st.container(border=True, key=f"route_{route_id}"):
    show_route_card(card)
with map_col:
    if leaflet_installed():
        show_route_map(route_id)
        st.caption(card.map_caption)
    else:
        st.error(tr("map.assets_missing"))

publish("route_card")
