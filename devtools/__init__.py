"""Tools for developing the atlas, not part of it: what the browser tests and the bench share.

``devtools.server`` starts ``streamlit run`` on a free local port, waits for its health check
and stops it; ``devtools.chromium`` is how Debian's Chromium is launched. The tests (through
pytest's ``pythonpath``) and the bench (``bench/run.py``) import them from here, so that both run
the atlas and the browser the same way; ``python -m deploy serve`` waits for its replicas with
``devtools.server.wait_healthy`` too (its configuration rendering, deploy/config.py and
deploy/supervisor.py, needs nothing from here).
"""
