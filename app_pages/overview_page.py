"""Overview page: the page model geo.pages.overview (headline figures, the report's charts)."""

import streamlit as st

from ui.charts import embedded_chart, show_chart_page, show_embedded_chart
from ui.embed import embed_theme
from ui.loaders import load_overview_page
from ui.state import language, publish

only = embedded_chart("overview")
if only is not None:  # ?chart=<id>: that chart alone, e.g. in an iframe
    show_embedded_chart(only, theme=embed_theme())
    st.stop()

show_chart_page(load_overview_page(language()))
publish()
