"""The Map page's share box: copy the view's link or its embed code, and the link past the map.

The markup and its script are the static explorer's (``geo/site/templates/share.html``,
``assets/share.js``), drawn in the app's own document (``st.html`` with its script allowed, as
``ui.state`` replaces the address), so that the Clipboard API writes for the page itself. The
texts it copies are the view's: its address (``geo.urls.map_view_url``) and the embed code the
Data page offers for it (``ui.data``: the static edition's snippet where ``ATLAS_STATIC_URL`` names
it, the live embed's otherwise).
"""

from __future__ import annotations

import streamlit as st

from geo.pages.map import MapPage
from geo.site.embed import static_map_snippet, static_url
from geo.site.html import inline_script
from geo.templating import render
from geo.urls import MAP_IFRAME_HEIGHT, app_base_url, iframe_code, map_embed_url, map_view_url
from geo.views import MapView
from ui.state import tr
from ui_compat import streamlit as st_compat

SHARE_KEY = "map_share"  # the share box's container (class st-key-map_share)
DEPT_LIST = f".{st_compat.key_class('dept')} input"  # where the link past the map moves the focus


def view_texts(view: MapView) -> dict[str, str]:
    """What the share box copies for ``view``: its link and its embed code."""
    values = {
        "layer": view.layer,
        "measure": view.measure,
        "routes": list(view.routes),
        "dept": view.department,
    }
    base = app_base_url(st.context.url)
    published = static_url()
    if published is not None:
        embed = static_map_snippet(
            published, view.layer, view.measure, view.lang, list(view.routes), view.department
        )
    else:
        src = map_embed_url(base, view.lang, values)
        embed = iframe_code(src, tr("app.title"), MAP_IFRAME_HEIGHT)
    return {"link": map_view_url(base, view.lang, values), "embed": embed}


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
