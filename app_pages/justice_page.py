"""Justice page: the prosecution funnel, penalties, protection, institutions and the timeline."""

import streamlit as st

import ui

only = ui.embedded_chart("justice")
if only is not None:  # ?chart=<id>: that chart alone, e.g. in an iframe
    ui.show_chart(only, quality=False)
    st.stop()

lang = ui.language()
st.title(ui.tr("justice.title"))
st.markdown(ui.tr("justice.intro"))

st.header(ui.tr("justice.prosecution_heading"), anchor="prosecution")
ui.show_chart("justice_funnel")
ui.show_chart("penalties")

st.header(ui.tr("justice.protection_heading"), anchor="protection")
ui.show_figures(ui.load_protection(lang), columns=3, key="protection")

st.header(ui.tr("justice.institutions_heading"), anchor="institutions")
for i, (name, text) in enumerate(ui.load_institutions(lang)):
    with st.container(border=True, key=f"institution_{i}"):
        st.markdown(f"**{name}**")
        st.markdown(text)
st.caption(ui.tr("justice.source.institutions"))

st.header(ui.tr("justice.timeline_heading"), anchor="timeline")
ui.show_chart("timeline")
