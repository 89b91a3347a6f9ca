"""Data & sources: every table with its provenance, quality notes, downloads, citation, your own data."""

import streamlit as st

from geo.package import table_title
from geo.tables import table_names
from ui.data import (
    show_citation_and_embed,
    show_package_downloads,
    show_quality_findings,
    show_table,
)
from ui.state import KEEP, bind, is_embed, language, publish, tr
from ui.upload import show_upload_section

if is_embed():  # nothing here is made for an iframe: say what is
    st.info(tr("embed.not_embeddable"), icon=":material/info:")
    st.stop()

st.title(tr("data.title"))
st.markdown(tr("data.intro"))

tables, quality, own, cite = st.tabs(
    [tr("data.tab.tables"), tr("data.tab.quality"), tr("data.tab.upload"), tr("data.tab.cite")],
    # ?tab=upload opens "Your data" (the map's link to load a lost upload again).
    default=tr("data.tab.upload") if st.query_params.get("tab") == "upload" else None,
)

with tables:
    names = table_names()
    bind("table", names[0], names)
    st.selectbox(
        tr("data.table"),
        names,
        key="table",
        persist_state=KEEP,
        format_func=lambda name: table_title(name, language()),
    )
    show_table(st.session_state["table"])
    st.divider()
    show_package_downloads()

with quality:
    show_quality_findings()

with own:
    show_upload_section()

with cite:
    show_citation_and_embed()

publish("table")
