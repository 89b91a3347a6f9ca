"""Justice page: the page model geo.pages.justice (the prosecution funnel, penalties, protection,
institutions and the timeline)."""

import streamlit as st

from geo.names import department_names
from ui.charts import embedded_chart, show_chart_page, show_embedded_chart
from ui.embed import embed_theme
from ui.loaders import load_justice_page
from ui.state import bind, language, publish

only = embedded_chart("justice")
if only is not None:  # ?chart=<id>: that chart alone, e.g. in an iframe
    show_embedded_chart(only, theme=embed_theme())
    st.stop()

# the department chosen on the map, kept in the session and the address (?dept=NN): its bars are
# outlined in the charts of departments
bind("dept", None, list(department_names()))
show_chart_page(load_justice_page(language()))
publish("dept")
