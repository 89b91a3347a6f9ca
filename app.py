"""Peru Trafficking Atlas: page set-up, navigation and the shared sidebar. No data work here.

``streamlit run app.py`` finds the ``st.App`` at the bottom and serves this same file through it
(Streamlit 1.67 runs a script holding an ``st.App`` as an ASGI app, with a lifespan that runs once,
before the first visitor). The lifespan checks the boundary file: a bad ``ATLAS_BOUNDARIES`` stops
the server with one message naming the file, the department and the check, and exit status 2.
"""

import contextlib
import logging
import os
import sys
from pathlib import Path

import streamlit as st

HERE = Path(__file__).parent
EXIT_BAD_BOUNDARIES = 2


@contextlib.asynccontextmanager
async def check_at_start(_app):
    """Check (and, if large, simplify) the boundary file and start an upload worker, once."""
    from geo.boundaries import BoundaryError, boundaries_path, read_boundaries
    from geo.uploads.worker import warm

    try:
        frame = read_boundaries()
    except BoundaryError as error:
        print(f"The atlas cannot start: {error}", file=sys.stderr, flush=True)
        # Raising here would make uvicorn print a traceback around the message; nothing is
        # served yet and nothing needs cleaning up, so the process ends with the message alone.
        os._exit(EXIT_BAD_BOUNDARIES)
    simplified = frame.attrs.get("simplified_from")
    note = f", simplified from {simplified:,}" if simplified else ""
    vertices = int(frame.geometry.count_coordinates().sum())
    print(f"Boundaries: {boundaries_path()} ({vertices:,} vertices{note})", file=sys.stderr)
    warm()
    yield


def show_error(exception: Exception) -> bool:
    """An unexpected error: logged in full on the server, shown to the reader in their language."""
    import ui

    logging.getLogger("atlas").error("a page failed", exc_info=exception)
    st.error(ui.tr("app.error"), icon=":material/error:")
    return True  # the reader sees no traceback (client.showErrorDetails is "none" as well)


if __name__ == "__main__":  # a session's run of this script
    import ui

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
    current = st.navigation(pages, position="hidden" if ui.is_embed() else "sidebar")
    if not ui.is_embed():
        st.sidebar.caption(ui.tr("app.sidebar_note"))
    current.run()
else:  # `streamlit run app.py` imports this file as the module `app` to serve it
    app = st.App(__file__, lifespan=check_at_start, on_script_error=show_error)
