"""The session's state: the language, the view in the URL, and whether the page is embedded.

Widgets keep their own values across pages (``persist_state="session"``, :data:`KEEP`); this
module only moves values between those widgets and the URL, so that every view can be shared.

The URL is written by the app (``st.query_params``), not bound to the widgets
(``bind="query-params"``): Streamlit 1.67 writes a bound widget's change with
``history.replaceState``, so a user's action would leave no history entry and Back would leave
the atlas instead of restoring the previous view. A write through ``st.query_params`` makes one
entry (``history.pushState``) per message, and :func:`publish`, called once at the end of each
page, sends at most one.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from geo import i18n
from geo.urls import parse_url_value, url_text

LANG_KEY = "lang"
# How long a widget keeps its value when its page is not shown: for the whole session, so that a
# choice made on one page (an upload's column, the map's layer) still holds on the others.
KEEP = "session"
_WRITTEN = "_url_written"  # parameter -> the text this session last wrote to the URL


# --- language ------------------------------------------------------------------------------


def language() -> str:
    """The current language, ``"es"`` or ``"en"``."""
    return i18n.normalise_language(st.session_state.get(LANG_KEY))


def tr(key: str, **values: object) -> str:
    """The catalogue string ``key`` in the current language."""
    return i18n.t(key, language(), **values)


def language_selector() -> str:
    """The language switch in the sidebar; ``?lang=`` or the browser's language choose the start.

    An embedded view (``?embed=true``) has no sidebar: its language comes from the URL alone.
    """
    bind(LANG_KEY, i18n.normalise_language(st.context.locale), i18n.LANGUAGES)
    if not is_embed():
        st.sidebar.segmented_control(
            "Idioma / Language",
            options=list(i18n.LANGUAGES),
            format_func={"es": "Español", "en": "English"}.get,
            key=LANG_KEY,
            selection_mode="single",
            required=True,  # a click on the chosen language keeps it
        )
    return language()  # the page writes it to the URL with the rest of its view (publish)


def is_embed() -> bool:
    """True when the page is shown for embedding (``?embed=true``): only the chosen view.

    Streamlit reserves ``embed`` for its own frame-less mode and keeps it out of
    ``st.query_params``; the browser reports it as ``st.context.is_embedded``.
    """
    return bool(st.context.is_embedded)


# --- the view in the URL -------------------------------------------------------------------


def url_is_new(key: str) -> bool:
    """True when the URL's ``key`` is not what this session last wrote there.

    Then someone else wrote it: a shared link, a link between pages, an edited address, or Back
    and Forward through the history.
    """
    raw = st.query_params.get(key)
    return raw is not None and raw != st.session_state.get(_WRITTEN, {}).get(key)


def bind(key: str, default, options: Sequence[str] | None = None, multi: bool = False) -> None:
    """Give widget ``key`` its value before it is drawn.

    In order: a URL value this session did not write (see :func:`url_is_new`), the widget's own
    value (the user's last choice, kept across pages), the URL's, the default. A value outside
    ``options`` is ignored; None is a value only when ``default`` is None (nothing chosen).
    """

    def valid(value) -> bool:
        if value is None:
            return default is None
        text = url_text(value)
        return parse_url_value(text, options, multi) is not None

    from_url = parse_url_value(st.query_params.get(key), options, multi)
    if from_url is not None and url_is_new(key):
        st.session_state[key] = from_url
    elif key in st.session_state and valid(st.session_state[key]):
        return
    else:
        st.session_state[key] = from_url if from_url is not None else default


def publish(*keys: str, **texts: str | None) -> None:
    """Write the language, the widgets ``keys`` and the ``texts`` to the URL, in one message.

    Every page calls it once, at its end, so that a user's action adds one history entry (none
    when nothing changed). A None value removes its parameter.
    """
    wanted = {key: url_text(st.session_state.get(key)) for key in (LANG_KEY, *keys)}
    wanted.update(texts)
    params = st.query_params.to_dict()
    written = st.session_state.setdefault(_WRITTEN, {})
    for key, text in wanted.items():
        if text is None:
            params.pop(key, None)
            written.pop(key, None)
        else:
            params[key] = text
            written[key] = text
    if params != st.query_params.to_dict():
        st.query_params.from_dict(params)
