"""The glue between Streamlit and geo: the only package besides the pages that imports both.

One module per job:

- ``state``: the language, the view in the URL, the embed flag;
- ``loaders``: the ``st.cache_data`` loaders of geo's results;
- ``live_map``: the interactive map, its labels, a click that chooses a department;
- ``profile``: the chosen department's profile beside the map;
- ``downloads``: the map's download buttons;
- ``charts``: charts and headline figures with their notes, data and CSV;
- ``upload``: the reader's own file, its problems, column and year;
- ``data``: the Data & sources page's tables, package, quality findings, citation and embed code;
- ``story``: the presenter's steps;
- ``routes``: the Routes page's cards, from its page model.

Importing the package imports them all, and with them every library the pages use, once per
process; then the garbage collector is told to leave those objects alone (below).
"""

import gc

from ui import (
    charts,
    data,
    downloads,
    live_map,
    loaders,
    profile,
    routes,
    state,
    story,
    upload,
)

__all__ = [
    "charts",
    "data",
    "downloads",
    "live_map",
    "loaders",
    "profile",
    "routes",
    "state",
    "story",
    "upload",
]

# Streamlit collects garbage after every script run (gc.collect(2), its `runner.postScriptGC`),
# scanning every live object: the hundreds of thousands of objects of the libraries imported above
# never become garbage, and scanning them was most of a rerun's time. Freezing them once leaves the
# collector the session's own objects only. Turning Streamlit's collection off instead
# (`runner.postScriptGC = false`, no freeze) was measured against this and gave a slower median
# rerun, and leaves each run's cyclic garbage to Python's own full collections, which would then
# scan the libraries at unforeseen moments. The figures: bench/README.md, "gc.freeze or
# runner.postScriptGC".
gc.freeze()
