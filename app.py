"""Peru Trafficking Atlas: page set-up, navigation and the shared sidebar. No data work here."""

from pathlib import Path

import streamlit as st

from ui.state import is_embed, language_selector, tr
from ui.upload import rerun_on_reconnect

HERE = Path(__file__).parent

language_selector()
# The icon is a file of ours: an emoji or material icon would be fetched from another host.
st.set_page_config(
    page_title=tr("app.title"), page_icon=str(HERE / "static" / "favicon.png"), layout="wide"
)

# The page scripts live in app_pages/, not pages/: Streamlit 1.67 runs a folder named pages/
# beside the entry script as its old multipage scheme until some session has run this script
# (st.navigation), so until then every visitor would be shown those files without this set-up.
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
        title=tr(f"page.{name}"),
        icon=icon,
        url_path=name,
        default=name == "map",
    )
    for name, icon in PAGES
]
rerun_on_reconnect()  # a reader moved to another server sees their page rebuilt at once
current = st.navigation(pages, position="hidden" if is_embed() else "sidebar")
if not is_embed():
    st.sidebar.caption(tr("app.sidebar_note"))
current.run()
