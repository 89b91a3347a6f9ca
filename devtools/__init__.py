"""Tools for developing the atlas, not part of it: what the browser tests and the bench share.

``devtools.server`` starts ``streamlit run`` on a free local port and stops it;
``devtools.chromium`` is how Debian's Chromium is launched. The browser tests
(``tests/browser/conftest.py``, through pytest's ``pythonpath``) and the bench (``bench/run.py``)
import them from here, so that both run the atlas and the browser the same way.
"""
