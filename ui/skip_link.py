"""The page's language for the browser: Streamlit's skip link in the reader's words, ``<html lang>``.

Streamlit 1.67's frontend writes its own skip link, "Skip to main content", in English whatever the
page's language (``[data-testid="stSkipToContent"]``), and gives the page ``lang="en"``. A few
lines of script put the catalogue's words (``site.skip``, the static edition's skip link too) in
the link and the reader's language on the page, and keep them there when Streamlit draws the link
again. The script carries the words as JSON, never as markup.
"""

from __future__ import annotations

import json

import streamlit as st

from ui.state import language, tr
from ui_compat import streamlit as st_compat

SKIP_KEY = "skip_link_words"  # the (hidden) container of the script
SKIP_JS = """<script>(() => {
  window.atlasPageWords = {skip: %(words)s, lang: %(lang)s};
  const put = () => {
    const w = window.atlasPageWords;
    const link = document.querySelector(%(selector)s);
    if (link && link.textContent !== w.skip) link.textContent = w.skip;
    if (document.documentElement.lang !== w.lang) document.documentElement.lang = w.lang;
  };
  put();
  if (!window.atlasPageWatch) {
    window.atlasPageWatch = new MutationObserver(put);
    window.atlasPageWatch.observe(document.body, {childList: true, subtree: true});
  }
})();</script><style>.%(hide)s {display: none}</style>"""


def page_language() -> None:
    """Streamlit's skip link in the reader's language, and the page's ``lang``, in the sidebar's
    hidden corner (it takes no room in a page's own column)."""
    script = SKIP_JS % {
        "words": json.dumps(tr("site.skip")).replace("<", "\\u003c"),
        "lang": json.dumps(language()),
        "selector": json.dumps(st_compat.SKIP_LINK),
        "hide": st_compat.key_class(SKIP_KEY),
    }
    with st.sidebar, st.container(key=SKIP_KEY):
        st.html(script, unsafe_allow_javascript=True)
