"""An embedded page (``?embed=true``): framed for an iframe, sized to its content, light or dark.

The page posts its height to the page around the iframe (the snippet of ``geo.urls.iframe_code``
listens), on load and whenever its content changes size. The script runs in the app's own
document, the iframe's top document, through ``st.html(..., unsafe_allow_javascript=True)``:
the code is the atlas's own, with no reader's text in it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import streamlit as st

from geo.safety import escape_markdown as md
from geo.urls import EMBED_MESSAGE, parse_url_value, theme_of
from ui.state import REPLACE_KEY, is_embed, tr

SIZER_KEY = "atlas_embed_sizer"  # the (hidden) container of the script that posts the height
# Streamlit's header (60 px, empty in an embed) and the block's top padding made a blank band;
# the hidden containers of scripts (the height's, the address's: ui.state) a band under the map.
EMBED_CSS = f"""
[data-testid="stHeader"] {{ display: none; }}
[data-testid="stMainBlockContainer"] {{ padding: 2px 8px 8px; }}
.st-key-{SIZER_KEY}, [data-testid="stLayoutWrapper"]:has(> .st-key-{SIZER_KEY}) {{ display: none; }}
[data-testid="stLayoutWrapper"]:has(> .st-key-{REPLACE_KEY}) {{ display: none; }}
[data-testid="stMainBlockContainer"] iframe {{ display: block; }}
"""
# The page around a dark embed: the same dark grey as the charts' (geo.charts.theme) and the
# static edition's; captions and notes light enough for a contrast above 7:1.
DARK_CSS = """
.stApp, [data-testid="stAppViewContainer"], [data-testid="stMain"] {
  background: #1e1e1e; color: #eeeeee; color-scheme: dark;
}
.stApp [data-testid="stMarkdownContainer"], .stApp [data-testid="stCaptionContainer"],
.stApp [data-testid="stExpander"] summary, .stApp [data-testid="stExpander"] p {
  color: #e6e6e6 !important;
}
.stApp [data-testid="stExpander"] details { border-color: #555555; }
.stApp [data-testid="stAlertContainer"] { background: #3a3320; color: #ffe8a3; }
.stApp [data-testid^="stBaseButton"] { background: #2b2b2b; color: #eeeeee; border-color: #666666; }
.stApp [data-testid^="stBaseButton"]:hover { border-color: #8cc4ff; color: #8cc4ff; }
.stApp [data-testid="stTable"] table, .stApp [data-testid="stTable"] th,
.stApp [data-testid="stTable"] td {
  background: #1e1e1e; color: #eeeeee; border-color: #555555;
}
"""
# Posts {type, height} to the page around the iframe: the height of the page's content, which
# does not depend on the iframe's own height (so the two never chase each other).
POST_HEIGHT_JS = (
    "(function(){if(window.parent===window||window.atlasEmbedPoster)return;"
    "window.atlasEmbedPoster=1;var last=0,seen=null;"
    "function block(){return document.querySelector('[data-testid=\"stMainBlockContainer\"]')}"
    "function post(){var b=block();if(!b)return;"
    "var h=Math.ceil(b.getBoundingClientRect().height);if(h===last)return;last=h;"
    f"window.parent.postMessage({{type:'{EMBED_MESSAGE}',height:h}},'*')}}"
    "var ro=window.ResizeObserver?new ResizeObserver(post):null;"
    "function watch(){var b=block();if(b&&b!==seen){seen=b;if(ro)ro.observe(b)}post()}"
    "watch();setInterval(watch,1000);addEventListener('load',post);addEventListener('resize',post)"
    "})();"
)


def embed_theme() -> str:
    """The embed's theme, from ``?theme=``: ``"dark"`` or ``"light"``; always light unembedded."""
    return theme_of(st.query_params.get("theme")) if is_embed() else "light"


def frame_embed() -> None:
    """In an embedded page: no blank band, the theme's page colours, and the height posted."""
    css = EMBED_CSS + (DARK_CSS if embed_theme() == "dark" else "")
    st.html(f"<style>{css}</style>")  # style alone: it takes no room on the page
    with st.container(key=SIZER_KEY):
        st.html(f"<script>{POST_HEIGHT_JS}</script>", unsafe_allow_javascript=True)


def show_unknown(name: str, value: str, expected: Sequence[str]) -> None:
    """Say that the address's ``name`` has a value the atlas does not know, and what it expects."""
    listed = ", ".join(f"`{option}`" for option in expected)
    st.warning(
        tr("embed.unknown_value", name=f"`{name}`", value=md(value), expected=listed),
        icon=":material/help:",
    )


def stop_on_unknown(options: Mapping[str, Sequence[str]]) -> None:
    """When parameters of the address are not among their ``options``: say so of each, and stop
    (a chart embed; the map embed shows its default view with notices instead)."""
    unknown = False
    for name, allowed in options.items():  # every wrong value named, not the first alone
        raw = st.query_params.get(name)
        if raw is not None and parse_url_value(raw, allowed, False) is None:
            show_unknown(name, raw, allowed)
            unknown = True
    if unknown:
        st.stop()
