"""Peru Trafficking Atlas: page set-up, navigation and the shared sidebar. No data work here."""

from pathlib import Path

import streamlit as st

import ui

HERE = Path(__file__).parent

lang = ui.language_selector()
# The icon is a file of ours: an emoji or material icon would be fetched from another host.
st.set_page_config(
    page_title=ui.tr("app.title"), page_icon=str(HERE / "static" / "favicon.png"), layout="wide"
)

# The page scripts live in app_pages/, not pages/: Streamlit still treats a folder named pages/
# beside the entry point as its first multipage scheme until st.navigation has run once, so the
# first visitor of a fresh server would be shown those files directly, without this set-up.
PAGES = [
    ("map", ":material/map:"),
    ("overview", ":material/monitoring:"),
    ("routes", ":material/route:"),
    ("justice", ":material/gavel:"),
    ("story", ":material/slideshow:"),
    ("data", ":material/dataset:"),
]
pages = [
    st.Page(
        HERE / "app_pages" / f"{name}_page.py",
        title=ui.tr(f"page.{name}"),
        icon=icon,
        url_path=name,
        default=name == "map",
    )
    for name, icon in PAGES
    if (HERE / "app_pages" / f"{name}_page.py").exists()
]
ui.rerun_on_reconnect()  # a reader moved to another server sees their page rebuilt at once
current = st.navigation(pages, position="hidden" if ui.is_embed() else "sidebar")
if not ui.is_embed():
    st.sidebar.caption(ui.tr("app.sidebar_note"))
current.run()
