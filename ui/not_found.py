"""The atlas's not-found page in the live app: an unknown path (``/nonexistent?lang=es``).

Streamlit 1.67's ``st.navigation`` answers a path that names none of its pages with the default
page and an English "Page not found" dialog of its own (``send_page_not_found``). The atlas adds,
for such a path, a hidden page whose address is that path, so that Streamlit finds a page and the
reader gets the atlas's own not-found page (``geo.pages.not_found``) in their language. The path
is kept for the session, so that a later run of that page (the language switch) finds it again.
A path of more than one segment (``/a/b``) reaches it as one (``ui_compat.nested_paths``).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import streamlit as st
from streamlit.errors import StreamlitAPIException

from geo.pages.not_found import NotFoundPage, not_found_page
from geo.safety import escape_markdown as md
from ui.state import language, publish, tr
from ui_compat import streamlit as st_compat
from ui_compat.nested_paths import asked_path

NOT_FOUND_KEY = "_not_found_path"  # session state: the unknown path the reader asked for
SCRIPT = Path(__file__).parent.parent / "app_pages" / "not_found.py"


def not_found_nav_page(known: Iterable[str]):
    """A hidden ``st.Page`` at the unknown path the address asks for, or None when it asks for
    one of the ``known`` pages' paths (or the root)."""
    known = set(known)
    wanted = st_compat.intended_page_name()
    if wanted and wanted not in known:
        st.session_state[NOT_FOUND_KEY] = wanted
    path = st.session_state.get(NOT_FOUND_KEY)
    if not path or path in known:
        return None
    try:
        return st.Page(SCRIPT, title=tr("notfound.title"), url_path=path, visibility="hidden")
    except StreamlitAPIException:  # a path it cannot take as a page's (a "/"): its own dialog
        return None


def show_not_found() -> None:
    """The not-found page: what happened, the path asked for, and a link to each page."""
    path = st.session_state.get(NOT_FOUND_KEY)
    # /a/b was sent to one segment (ui_compat.nested_paths): named as asked, with its slashes
    model: NotFoundPage = not_found_page(language(), asked_path(path) if path else path)
    st.title(md(model.title))
    if model.asked:
        st.warning(md(model.asked), icon=":material/help:")
    st.markdown(md(model.body))
    for page, label in model.links:
        st.page_link(
            f"app_pages/{page}_page.py",
            label=label,
            query_params={"lang": language()},
        )
    publish()
