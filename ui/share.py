"""The Map page's share box: copy the view's link or its embed code, and the link past the map.

The markup and its script are the static explorer's (``geo/site/templates/share.html``,
``assets/share.js``), drawn in the app's own document (``st.html`` with its script allowed, as
``ui.state`` replaces the address), so that the Clipboard API writes for the page itself. The
texts it copies are the view's link and embed code as ``geo.share.map_share`` decides them, the
same as the Data page offers (the static edition's page of the view where ``ATLAS_STATIC_URL``
names it and it can show the view, the live app's otherwise).
"""

from __future__ import annotations

import streamlit as st

from geo.pages.map import MapPage
from geo.share import map_share
from geo.site.html import inline_script
from geo.templating import render
from geo.views import MapView
from ui_compat import streamlit as st_compat

SHARE_KEY = "map_share"  # the share box's container (class st-key-map_share)
DEPT_LIST = f".{st_compat.key_class('dept')} input"  # where the link past the map moves the focus


def view_texts(view: MapView) -> dict[str, str]:
    """What the share box copies for ``view``: its link and its embed code, as
    :func:`geo.share.map_share` decides them (the static edition's page of the view where it is
    published and can show it, the live app's otherwise), as on the Data page."""
    values = {
        "layer": view.layer,
        "measure": view.measure,
        "routes": list(view.routes),
        "dept": view.department,
    }
    shared = map_share(values, view.lang, st.context.url)
    return {"link": shared.link, "embed": shared.code}


def show_share(view: MapView, words: MapPage) -> None:
    """The share box of ``view`` and the link past the map, in the page's own document."""
    markup = render(
        "site/share_live.html",
        w=words.share,
        skip=words.skip_map,
        target=DEPT_LIST,
        script=inline_script("share.js"),
        texts=view_texts(view),
    )
    with st.container(key=SHARE_KEY):
        st.html(str(markup), unsafe_allow_javascript=True)
