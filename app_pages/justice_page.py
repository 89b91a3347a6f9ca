"""Justice page: the prosecution funnel, penalties, protection, institutions and the timeline."""

import streamlit as st

from ui.charts import embedded_chart, show_chart, show_figures
from ui.embed import embed_theme
from ui.loaders import load_institutions, load_protection
from ui.state import language, publish, tr

only = embedded_chart("justice")
if only is not None:  # ?chart=<id>: that chart alone, e.g. in an iframe
    show_chart(only, quality=False, theme=embed_theme())
    st.stop()

lang = language()
st.title(tr("justice.title"))
st.markdown(tr("justice.intro"))

st.header(tr("justice.prosecution_heading"), anchor="prosecution")
show_chart("justice_funnel")
show_chart("penalties")

st.header(tr("justice.protection_heading"), anchor="protection")
show_figures(load_protection(lang), columns=3, key="protection")

st.header(tr("justice.institutions_heading"), anchor="institutions")
for i, (name, text) in enumerate(load_institutions(lang)):
    with st.container(border=True, key=f"institution_{i}"):
        st.markdown(f"**{name}**")
        st.markdown(text)
st.caption(tr("justice.source.institutions"))

st.header(tr("justice.timeline_heading"), anchor="timeline")
show_chart("timeline")

publish()
