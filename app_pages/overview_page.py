"""Overview page: headline figures and the charts of the report's numbers, with their notes."""

import streamlit as st

from ui.charts import embedded_chart, show_chart, show_figures
from ui.embed import embed_theme
from ui.loaders import load_headlines
from ui.state import language, publish, tr

only = embedded_chart("overview")
if only is not None:  # ?chart=<id>: that chart alone, e.g. in an iframe
    show_chart(only, quality=False, theme=embed_theme())
    st.stop()

st.title(tr("overview.title"))
st.markdown(tr("overview.intro"))

show_figures(load_headlines(language()), columns=3, key="headline")

st.header(tr("overview.national_heading"), anchor="national")
show_chart("purposes")
show_chart("age_groups")

st.header(tr("overview.regional_heading"), anchor="regional")
show_chart("complaints_vs_origin")
show_chart("poverty_vs_complaints")

st.header(tr("overview.profile_heading"), anchor="profile")
show_chart("education")

publish()
