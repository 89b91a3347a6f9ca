"""The profile of the chosen department beside the map: figures with sources, routes, notes."""

from __future__ import annotations

import streamlit as st

from geo.profile import user_figure
from geo.safety import escape_markdown as md
from geo.views import UserLayer
from ui.loaders import load_profile
from ui.state import language, tr


def show_profile(code: str | None, user: UserLayer | None = None) -> None:
    """The profile of department ``code``, or a prompt to choose one when ``code`` is None.

    With an uploaded layer, the user's figure for the department comes first, with the user's
    source (shown as text, whatever it contains).
    """
    if not code:
        st.info(tr("profile.placeholder"))
        return
    profile = load_profile(code, language())
    st.subheader(profile.name)
    figures = list(profile.figures)
    if user is not None:
        figures.insert(0, user_figure(code, user, language()))
    for fig in figures:
        with st.container(border=True):
            # A metric's label is markdown (KaTeX included): a reader's column name is escaped.
            st.metric(md(fig.label), fig.value if fig.reported else "—")
            if not fig.reported:
                st.caption(md(fig.value))
            if fig.source:
                st.caption(f"{tr('common.source')}: {md(fig.source)}")
    st.markdown(f"**{tr('profile.places')}**")
    st.markdown("\n".join(f"- {md(p)}" for p in profile.places) or tr("profile.none"))
    st.markdown(f"**{tr('profile.routes')}**")
    st.markdown("\n".join(f"- {md(r)}" for r in profile.routes) or tr("profile.none"))
    if profile.notes:
        st.markdown(f"**{tr('profile.notes')}**")
        for note in profile.notes:
            box = st.warning if note.warning else st.info
            box(f"**{md(note.label)}:** {md(note.text)}", icon=":material/info:")
