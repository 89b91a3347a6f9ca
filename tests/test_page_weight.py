"""What a first visit to the live Map page downloads, where the atlas decides it (docs/DEPLOY.md,
"Weight and caching"): the table's grid waits for its tab (tests/test_app.py, and in a browser
tests/browser/test_map_tools.py); Streamlit's icon font is Streamlit's own download.
"""

from __future__ import annotations

import re
from pathlib import Path

import streamlit

STATIC = Path(streamlit.__file__).parent / "static"


def main_script() -> str:
    """Streamlit's main script, as its page loads it."""
    page = (STATIC / "index.html").read_text(encoding="utf-8")
    (src,) = re.findall(r'<script type="module"[^>]*src="\./(static/js/index\.[^"]+\.js)"', page)
    return (STATIC / src).read_text(encoding="utf-8")


def test_streamlit_asks_for_its_icon_font_as_it_starts_whatever_the_page_draws():
    """The 376 KB icon font is fetched on every first visit to any Streamlit page (the bare one
    too), before an element is drawn: the atlas's own ``:material/...`` icons cost no byte more.
    A Streamlit that stops doing so fetches it for the icons drawn (its sidebar's button among
    them): then measure again what the atlas's icons cost."""
    js = main_script()
    preload = re.search(
        r"function (\w+)\(\)\{document\.fonts\.load\(`1em \"\$\{\w+\.(\w+)\}\"`\)", js
    )
    assert preload, "Streamlit no longer preloads its icon font: see docs/DEPLOY.md, Fonts"
    call, name = preload.groups()
    assert re.search(rf"\b{call}\(\);", js), f"defined, never called: {preload.group(0)}"
    family = f"{name}:`Material Symbols Rounded`"  # the name, in Streamlit's theme fonts
    scripts = (STATIC / "static" / "js").glob("*.js")
    assert any(family in path.read_text(encoding="utf-8") for path in scripts), family
