"""Every use the atlas makes of a library's undocumented insides, one module per library.

``branca``, ``folium`` and ``leaflet`` (the Leaflet JavaScript the maps load) hold what geo relies
on beyond those libraries' documented API; the Streamlit and streamlit-folium ones are in
``ui_compat`` (geo never imports Streamlit). Each module names the exact version it was written
against, and ``tests/test_compat.py`` checks every name and shape it touches, so that an upgrade
fails there, loudly, instead of the atlas misbehaving quietly.
"""
