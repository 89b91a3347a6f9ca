"""Every use the atlas makes of Streamlit's and streamlit-folium's undocumented insides.

One module per library (``streamlit``, ``streamlit_folium``), each naming the exact version it was
written against; ``tests/test_compat.py`` checks every name, signature and piece of markup they
rely on, so that an upgrade fails there, loudly. (branca's, folium's and Leaflet's are in
``geo.compat``.)

A package of its own beside ``ui``, not inside it: the bench's timed server patches Streamlit's
script runner through :mod:`ui_compat.streamlit` before Streamlit's runtime exists, and importing
``ui`` then would declare streamlit-folium's component too early (see ``app.run_page``). Nothing
here imports ``ui``, ``geo`` or a page.
"""
