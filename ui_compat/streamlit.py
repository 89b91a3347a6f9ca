"""What the atlas relies on inside Streamlit, beyond its documented API; checked against
TESTED_VERSION by ``tests/test_compat.py``.

Python (the server):

- ``get_script_run_ctx()`` (``streamlit.runtime.scriptrunner``) and the run context's
  ``is_history_navigation`` (a Back/Forward run, :func:`history_navigation`),
  ``page_script_hash`` (:func:`page_script_hash`) and ``query_string`` (written by
  :func:`set_query_quietly`).
- The session's ``QueryParams`` (``get_session_state().query_params()``) and its
  ``clear_with_no_forward_msg(preserve_embed=)``, ``set_with_no_forward_msg(key, val)`` and
  ``_query_params``: :func:`set_query_quietly`, used by ``ui.state`` to replace the address.
- The run context's ``pages_manager.intended_page_name``: the page the browser's address names
  (:func:`intended_page_name`), for the atlas's not-found page (``ui.not_found``).
- ``ScriptRunner._run_script(self, rerun_data)``, the runner's ``_session_id`` and the ``gc``
  module as ``script_runner`` imported it: :func:`wrap_script_runs`, the bench's timed server.
- ``streamlit.web.cli.main``, the ``streamlit`` command itself: :func:`run_cli`, the bench's
  timed server.
- ``runner.postScriptGC`` (on, Streamlit's default): the ``gc.collect(2)`` after each run that
  ``ui/__init__.py``'s ``gc.freeze()`` keeps cheap.

The browser (Streamlit's frontend, checked in its shipped JavaScript):

- Markup the atlas's scripts and styles select: :data:`APP`, :data:`SCRIPT_STATE`,
  :data:`NOT_RUNNING`, :data:`STALE`, :data:`ELEMENT_CONTAINER`, :func:`key_class` (``st-key-*``)
  in ``ui.live_map``, ``ui.state``, ``ui.story``, ``ui.embed``, ``ui.upload``; every
  ``data-testid`` any ``ui`` module names is checked.
- A Back/Forward in the browser reruns the page with the entry's query (``isHistoryNavigation``).

Outside the app, not routed through here (test and measuring tools that read Streamlit's own
messages, and break visibly when those change): the websocket's protobuf messages
(``streamlit.proto.ForwardMsg_pb2``/``BackMsg_pb2``: ``bench/page.py``, ``bench/browser.py``,
``tests/browser/atlas_ui.py``), AppTest elements' ``.proto`` (``tests/test_app.py``), and the
logger ``streamlit.runtime.scriptrunner_utils.script_run_context`` the AppTests quieten.
"""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit.runtime.scriptrunner.script_runner as script_runner
from streamlit.runtime.scriptrunner import get_script_run_ctx
from streamlit.runtime.state.session_state_proxy import get_session_state

TESTED_VERSION = "1.67.0"

# Streamlit's markup (its frontend's data-testid values and attributes).
APP = '[data-testid="stApp"]'  # the app's root, which carries the script's state
SCRIPT_STATE = "data-test-script-state"  # attribute of APP: "running", "notRunning", ...
NOT_RUNNING = "notRunning"  # ... once a script run has ended
STALE = '[data-stale="true"]'  # an element of the previous run, on its way out
ELEMENT_CONTAINER = '[data-testid="stElementContainer"]'  # each element's box
MAIN_BLOCK = '[data-testid="stMainBlockContainer"]'  # the main column's content
SKIP_LINK = '[data-testid="stSkipToContent"]'  # the frontend's "Skip to main content" link


def key_class(key: str) -> str:
    """The class Streamlit gives the container of the widget or container ``key``."""
    return f"st-key-{key}"


# --- the script run --------------------------------------------------------------------------


def script_run_ctx():
    """The current script run's context (None outside a run)."""
    return get_script_run_ctx()


def history_navigation() -> bool:
    """True in a run that the browser's Back or Forward started."""
    ctx = script_run_ctx()
    return ctx is not None and bool(ctx.is_history_navigation)


def page_script_hash() -> str:
    """The hash of the page this run runs ('' outside a run)."""
    ctx = script_run_ctx()
    return ctx.page_script_hash if ctx is not None else ""


def intended_page_name() -> str:
    """The page name the browser's address asks for (``"nonexistent"`` for ``/nonexistent``);
    '' outside a run, at the root, or when the browser asked for a page by its hash."""
    ctx = script_run_ctx()
    if ctx is None:
        return ""
    return str(ctx.pages_manager.intended_page_name or "")


def set_query_quietly(params: dict[str, str]) -> None:
    """Make the server's copy of the address ``params`` (Streamlit's ``embed`` ones kept), sending
    nothing to the browser: this run's ``st.query_params`` and the query Streamlit keeps for the
    session, as Streamlit's own write does (``QueryParams._send_query_param_msg``) minus the
    message (a message would push a history entry)."""
    with get_session_state().query_params() as query:
        query.clear_with_no_forward_msg(preserve_embed=True)
        for key, text in params.items():
            query.set_with_no_forward_msg(key, text)
        ctx = script_run_ctx()
        if ctx is not None:
            ctx.query_string = urlencode(query._query_params, doseq=True)


# --- the bench's timed server ----------------------------------------------------------------


def wrap_script_runs(wrap, gc_module) -> None:
    """Replace ``ScriptRunner._run_script`` by ``wrap(original)`` and the ``gc`` module the script
    runner collects garbage with (``runner.postScriptGC``) by ``gc_module``.

    ``wrap(original)`` returns a function ``(runner, rerun_data)``; ``session_id(runner)`` gives
    the runner's session.
    """
    script_runner.ScriptRunner._run_script = wrap(script_runner.ScriptRunner._run_script)
    script_runner.gc = gc_module


def session_id(runner) -> str:
    """The id of the session a ``ScriptRunner`` runs for."""
    return getattr(runner, "_session_id", "")


def run_cli(argv: list[str]) -> int:
    """Run the ``streamlit`` command with ``argv`` (``["run", "app.py", ...]``) in this process."""
    import sys

    from streamlit.web import cli

    sys.argv = ["streamlit", *argv]
    return cli.main()
