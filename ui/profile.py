"""The profile of the chosen department beside the map: figures with sources, routes, notes.

What it says is the Map page's model (``geo.pages.map.DepartmentProfile``), which the static
explorer lays out too; this module only draws it.
"""

from __future__ import annotations

import streamlit as st

from geo.pages.map import profile_field
from geo.profile import user_figure
from geo.safety import escape_markdown as md
from geo.views import UserLayer
from ui.loaders import load_department_page
from ui.state import language, tr


def show_profile(code: str | None, user: UserLayer | None = None) -> None:
    """The profile of department ``code``, or a prompt to choose one when ``code`` is None.

    With an uploaded layer, the user's figure for the department comes first, with the user's
    source (shown as text, whatever it contains).
    """
    if not code:
        st.info(tr("profile.placeholder"))
        return
    lang = language()
    profile = load_department_page(code, lang)
    st.subheader(profile.name)
    fields = list(profile.fields)
    if user is not None:
        fields.insert(0, profile_field(user_figure(code, user, lang), lang))
    st.markdown(f"**{md(profile.figures_heading)}**")
    for field in fields:
        with st.container(border=True):
            # A metric's label is markdown (KaTeX included): a reader's column name is escaped.
            st.metric(md(field.label), field.shown)
            if field.note:
                st.caption(md(field.note))
            if field.source:
                st.caption(md(field.source))
    for part in (profile.places, profile.routes):
        st.markdown(f"**{md(part.heading)}**")
        if part.items:
            st.markdown("\n".join(f"- {md(item)}" for item in part.items))
        else:
            st.markdown(md(part.empty))
    if profile.notes:
        st.markdown(f"**{md(profile.notes_heading)}**")
        for note in profile.notes:
            box = st.warning if note.warning else st.info
            box(f"**{md(note.label)}:** {md(note.text)}", icon=":material/info:")
