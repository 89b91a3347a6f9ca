"""The static edition: the atlas as files that need no server (``make site`` writes ``site/``).

A third renderer of the same prepared views as the live map and the static image: pages in
Spanish and English, drawn in the browser by Leaflet and plotly.js from data computed here.
Never imports streamlit. Entry point: :func:`geo.site.build.build_site`.
"""
