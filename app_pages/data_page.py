"""Data & sources: every table with its provenance, quality notes, downloads, citation, your own data."""

import streamlit as st

import ui

if ui.is_embed():
    st.stop()

st.title(ui.tr("data.title"))
st.markdown(ui.tr("data.intro"))

tables, quality, own, cite = st.tabs(
    [
        ui.tr("data.tab.tables"),
        ui.tr("data.tab.quality"),
        ui.tr("data.tab.upload"),
        ui.tr("data.tab.cite"),
    ],
    # ?tab=upload opens "Your data" (the map's link to load a lost upload again).
    default=ui.tr("data.tab.upload") if st.query_params.get("tab") == "upload" else None,
)

with tables:
    names = ui.table_names()
    ui.bind("table", names[0], names)
    st.selectbox(ui.tr("data.table"), names, key="table", format_func=ui.table_title)
    ui.show_table(st.session_state["table"])
    st.divider()
    ui.show_package_downloads()

with quality:
    ui.show_quality_findings()

with own:
    ui.show_upload_section()

with cite:
    ui.show_citation_and_embed()

ui.publish("table")
