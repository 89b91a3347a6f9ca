"""Overview page: headline figures and the charts of the report's numbers, with their notes."""

import streamlit as st

import ui

only = ui.embedded_chart("overview")
if only is not None:  # ?chart=<id>: that chart alone, e.g. in an iframe
    ui.show_chart(only, quality=False)
    st.stop()

st.title(ui.tr("overview.title"))
st.markdown(ui.tr("overview.intro"))

ui.show_figures(ui.load_headlines(ui.language()), columns=3, key="headline")

st.header(ui.tr("overview.national_heading"), anchor="national")
ui.show_chart("purposes")
ui.show_chart("age_groups")

st.header(ui.tr("overview.regional_heading"), anchor="regional")
ui.show_chart("complaints_vs_origin")
ui.show_chart("poverty_vs_complaints")

st.header(ui.tr("overview.profile_heading"), anchor="profile")
ui.show_chart("education")
