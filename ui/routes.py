"""The Routes page's card: the page model's card (geo.pages.routes.RouteCard) laid out in Streamlit."""

from __future__ import annotations

import streamlit as st

from geo.pages.routes import RouteCard
from geo.safety import escape_markdown as md


def show_route_card(card: RouteCard) -> None:
    """The card's words, in the model's order: every text from ``card``, escaped as markdown."""
    st.subheader(md(card.name))
    st.caption(md(card.names))
    st.markdown(f"**{md(card.report_says)}**")
    st.markdown(f"> {md(card.sentence)}")
    for fact in card.facts:
        st.markdown(f"**{md(fact.label)}:** {md(fact.text)}")
    st.markdown(f"**{md(card.waypoints_heading)}**")
    st.markdown("\n".join(f"{w.seq}. {md(w.line)}" for w in card.waypoints))
