"""The glue between Streamlit and geo: the only package besides the pages that imports both.

One module per job:

- ``state``: the language, the view in the URL, the embed flag;
- ``loaders``: the ``st.cache_data`` loaders of geo's results;
- ``map``: the interactive map, its labels, a click that chooses a department;
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

from ui import charts, data, downloads, loaders, map, profile, routes, state, story, upload

__all__ = [
    "charts",
    "data",
    "downloads",
    "loaders",
    "map",
    "profile",
    "routes",
    "state",
    "story",
    "upload",
]

# Streamlit collects garbage after every script run (gc.collect(2)), scanning every live object:
# the ~250,000 objects of the libraries imported above never become garbage, and scanning them
# cost 140-220 ms per rerun (bench/README.md). Freezing them once leaves the collector the
# session's own objects only.
gc.freeze()
