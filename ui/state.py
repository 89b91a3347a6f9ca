"""The session's state: the language, the view in the URL, and whether the page is embedded.

Widgets keep their own values across pages (``persist_state="session"``, :data:`KEEP`); this
module only moves values between those widgets and the URL, so that every view can be shared.

The URL is written by the app (``st.query_params``), not bound to the widgets
(``bind="query-params"``): Streamlit 1.67 writes a bound widget's change with
``history.replaceState``, so a user's action would leave no history entry and Back would leave
the atlas instead of restoring the previous view. A write through ``st.query_params`` makes one
entry (``history.pushState``) per message, and :func:`publish`, called once at the end of each
page, sends at most one.

Back and Forward: Streamlit 1.67 reruns the page with the entry's address (a "history
navigation" run) and turns that run's writes into ``history.replaceState``; :func:`bind` lets
the address win in such a run, a missing parameter meaning the default, so the page shows the
view the entry names. A run that is no user's action (a session's first run, or the first run
of a page reached from another) replaces the address instead of adding an entry
(:func:`publish`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from urllib.parse import urlencode

import streamlit as st

from geo import i18n
from geo.urls import parse_url_value, url_text
from ui_compat import streamlit as st_compat

LANG_KEY = "lang"
# How long a widget keeps its value when its page is not shown: for the whole session, so that a
# choice made on one page (an upload's column, the map's layer) still holds on the others.
KEEP = "session"
_WRITTEN = "_url_written"  # parameter -> the text this session last wrote to the URL
_PAGE = "_url_page"  # the page whose script ran last in this session
_REPLACED = "_url_replaced"  # how many times this session replaced the address (a nonce)
_REPLACE_KEY = "url_replace"  # the hidden container of the script that replaces the address
REPLACE_KEY = _REPLACE_KEY  # (ui.embed hides its box in an embed)


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


def history_navigation() -> bool:
    """True in a run that Back or Forward started: the address names the view to show."""
    return st_compat.history_navigation()


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
    After Back or Forward (:func:`history_navigation`) the URL alone decides: a parameter the
    entry does not have gives the default, as it did when that entry was made.
    """

    def valid(value) -> bool:
        if value is None:
            return default is None
        text = url_text(value)
        return parse_url_value(text, options, multi) is not None

    from_url = parse_url_value(st.query_params.get(key), options, multi)
    if history_navigation():
        st.session_state[key] = from_url if from_url is not None else default
    elif from_url is not None and url_is_new(key):
        st.session_state[key] = from_url
    elif key in st.session_state and valid(st.session_state[key]):
        return
    else:
        st.session_state[key] = from_url if from_url is not None else default


def _page_changed() -> bool:
    """True in a session's first run and in the first run of a page reached from another one."""
    page = st_compat.page_script_hash()
    changed = st.session_state.get(_PAGE) != page
    st.session_state[_PAGE] = page
    return changed


# Replaces the address in place (no history entry), keeping Streamlit's own ``embed`` parameters.
# Streamlit's client may still hold the query it was opened with (say ``?lang=en``) and send it
# with the next rerun: harmless, since bind() takes a URL value only when it is valid and differs
# from what the session wrote, and publish() then writes the whole view. (Making the client read
# the new address, with a popstate event, would start a Back-like run that could undo a click
# made meanwhile.)
_REPLACE_JS = """<script>(() => {
  const wanted = new URLSearchParams(%(query)s);
  for (const [key, value] of new URLSearchParams(window.location.search)) {
    if (key.toLowerCase().startsWith("embed")) wanted.append(key, value);
  }
  const query = wanted.toString().replaceAll("%%20", "+");
  const address = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
  if (address === window.location.pathname + window.location.search + window.location.hash) return;
  window.history.replaceState(window.history.state, "", address);
})();</script><style>.%(hide)s {display: none}</style><!-- %(nonce)d -->"""


def _replace_address(params: dict[str, str]) -> None:
    """Write ``params`` to the address with ``history.replaceState``: no new history entry.

    Streamlit 1.67 has no replace from Python (``st.query_params`` pushes), so a few lines of
    script do it; the query text is JSON-quoted, never pasted into the script as it is.
    """
    nonce = st.session_state.get(_REPLACED, 0) + 1
    st.session_state[_REPLACED] = nonce
    script = _REPLACE_JS % {
        "query": json.dumps(urlencode(params)).replace("<", "\\u003c"),
        "nonce": nonce,
        "hide": st_compat.key_class(_REPLACE_KEY),
    }
    with st.container(key=_REPLACE_KEY):
        st.html(script, unsafe_allow_javascript=True)
    # The server's copy of the address follows without a message of its own (a message would
    # push): this run's st.query_params and the query string Streamlit keeps for the session.
    st_compat.set_query_quietly(params)


def publish(*keys: str, **texts: str | None) -> None:
    """Write the language, the widgets ``keys`` and the ``texts`` to the URL, in one message.

    Every page calls it once, at its end, so that a user's action adds one history entry (none
    when nothing changed). A None value removes its parameter. In a session's first run, and in
    the first run of a page reached from another (Streamlit has pushed that page's address
    already), the address is replaced instead: opening the atlas or a page adds no entry of its
    own, and one Back from the first view leaves the atlas.
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
    if _page_changed() and not history_navigation():
        _replace_address(params)
    elif params != st.query_params.to_dict():
        st.query_params.from_dict(params)
