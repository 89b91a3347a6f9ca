"""Data & sources: every table with its provenance, quality notes, downloads, citation, your own data."""

import streamlit as st

from ui.data import (
    load_data_page,
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

page = load_data_page(language())  # what the page says (geo.pages.data), as the static edition
st.title(page.title)
st.markdown(page.intro)

# The tabs run lazily: only the open tab's content is computed and sent (the tables' tab alone
# on a first open). The open tab is in the address as a language-free id (?tab=upload opens "Your
# data": the map's link to load a lost upload again), the first tab being the default.
TABS = tuple(page.tabs)
bind("tab", TABS[0], TABS)
labels = dict(page.tabs)
tabs_key = f"data_tabs_{language()}"  # the labels are the widget's values: one widget per language
st.session_state[tabs_key] = labels[st.session_state["tab"]]


def _tab_chosen() -> None:
    chosen = st.session_state[tabs_key]
    st.session_state["tab"] = next(tab for tab, label in labels.items() if label == chosen)


tables, quality, own, cite = st.tabs(list(labels.values()), key=tabs_key, on_change=_tab_chosen)

names = [table.name for table in page.tables]
titles = {table.name: table.title for table in page.tables}
bind("table", names[0], names)
if tables.open:
    with tables:
        st.selectbox(
            page.table_label,
            names,
            key="table",
            persist_state=KEEP,
            format_func=titles.get,
        )
        show_table(st.session_state["table"])
        st.divider()
        show_package_downloads()

if quality.open:
    with quality:
        show_quality_findings()

if own.open:
    with own:
        show_upload_section()

if cite.open:
    with cite:
        show_citation_and_embed()

publish("table", tab=None if st.session_state["tab"] == TABS[0] else st.session_state["tab"])
