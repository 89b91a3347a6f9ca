"""A server's work before its first visitor: the atlas's modules imported and its fixed data read.

The app's start-up (``app.py``, the ``st.App`` lifespan) calls ``warm_process`` once, before the
server answers, so that the first reader does not wait for them. Only what every visit needs is
done here: the heavy libraries that a few readers ask for (matplotlib for images, mapclassify for an
upload's classes, kaleido for chart images) stay unimported until then. geo imports no Streamlit,
so nothing here registers a component before Streamlit's runtime exists (see ``app.run_page``).
"""

from __future__ import annotations

import importlib
import time

# What the pages import through ui: the builders and, with them, pandas, geopandas, folium, plotly.
MODULES = (
    "geo.views",
    "geo.maps",
    "geo.exports",
    "geo.downloads",
    "geo.charts",
    "geo.headlines",
    "geo.profile",
    "geo.package",
    "geo.quality",
    "geo.story",
    "geo.urls",
    "geo.site.embed",
    "geo.uploads",
    "folium.plugins",
)


def warm_process() -> float:
    """Import the atlas's modules and read its fixed data once; the seconds it took."""
    t0 = time.perf_counter()
    for name in MODULES:
        importlib.import_module(name)
    from geo.names import department_names
    from geo.profile import department_profile
    from geo.routes import ROUTE_IDS, departments_crossed
    from geo.views import MapView, interactive_map, prepare_map

    department_names()
    for route_id in ROUTE_IDS:  # which departments each route crosses: every profile asks
        departments_crossed(route_id)
    department_profile("15", "es")  # the tables and findings a profile reads
    # The default view (complaints, every route): tables, route curves and arrowheads, lakes,
    # catalogues, and folium's templates compiled by one render.
    interactive_map(prepare_map(MapView(routes=ROUTE_IDS))).get_root().render()
    return time.perf_counter() - t0
