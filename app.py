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
    """Check (and, if large, simplify) the boundary file, start an upload worker, warm up; once."""
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
    from geo.warm import warm_process  # the first visitor should not wait for imports

    print(f"Warmed in {warm_process():.1f} s", file=sys.stderr)
    # The upload worker's own imports run beside the server's first requests, not before them: a
    # restarted replica under load answers sooner (about 12 % with four busy processes on two cores).
    warm()
    yield


def show_error(exception: Exception) -> bool:
    """An unexpected error: logged in full on the server, shown to the reader in their language."""
    from ui.state import tr

    logging.getLogger("atlas").error("a page failed", exc_info=exception)
    st.error(tr("app.error"), icon=":material/error:")
    return True  # the reader sees no traceback (client.showErrorDetails is "none" as well)


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


def run_page() -> None:
    """A session's run of this script: language, page set-up, navigation, the chosen page."""
    # The glue is imported here, in a session's run, never when `streamlit run` imports this file
    # for its st.App: that import comes before Streamlit's runtime exists, and a custom component
    # declared then (streamlit-folium's map) would never be registered, so the map's iframe 404s.
    from ui.state import is_embed, language_selector, tr
    from ui.upload import rerun_on_reconnect

    language_selector()
    # The icon is a file of ours: an emoji or material icon would be fetched from another host.
    st.set_page_config(
        page_title=tr("app.title"), page_icon=str(HERE / "static" / "favicon.png"), layout="wide"
    )
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
    # An address naming no page gets the atlas's own not-found page, not Streamlit's dialog.
    from ui.not_found import not_found_nav_page

    known = [*(page.url_path for page in pages), *(name for name, _ in PAGES)]
    missing = not_found_nav_page(known)
    if missing is not None:
        pages.append(missing)
    rerun_on_reconnect()  # a reader moved to another server sees their page rebuilt at once
    current = st.navigation(pages, position="hidden" if is_embed() else "sidebar")
    if is_embed():
        from ui.embed import frame_embed

        frame_embed()  # no blank band, the theme's colours, the height posted to the iframe's page
    else:
        st.sidebar.caption(tr("app.sidebar_note"))
        from ui.skip_link import page_language

        page_language()  # Streamlit's skip link and the page's lang in the reader's language
    current.run()


if __name__ == "__main__":  # a session's run of this script
    run_page()
else:  # `streamlit run app.py` imports this file as the module `app` to serve it
    from starlette.middleware import Middleware

    from ui_compat.nested_paths import NestedPathRedirect

    app = st.App(
        __file__,
        lifespan=check_at_start,
        on_script_error=show_error,
        # /a/b gets the atlas's not-found page (at /a%2Fb), not a blank page
        middleware=[
            Middleware(NestedPathRedirect, base=st.get_option("server.baseUrlPath") or "")
        ],
    )
