"""The table of the map's view, in the Map page's "Table" tab: the model's ``ViewTable``
(``geo.pages.map.view_table``) laid out, as the static explorer lays out the same table.

``st.dataframe`` sorts by a click on a header: the value column holds the numbers, shown in the
reader's format (a pandas Styler's display text), so that it sorts by number, not by text; a
department without a figure shows the words for it and sorts as the lowest value. The CSV is the map's own CSV
download of the view (``geo.downloads``). The page draws the table only while its tab is open
(:data:`TABS_KEY`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd
import streamlit as st

from geo.pages.map import ViewTable, view_table
from geo.safety import escape_markdown as md
from geo.views import MapView, UserLayer
from ui.downloads import map_download_data
from ui.loaders import prepared_map

TABLE_KEY = "view_table"  # the table's container (class st-key-view_table)
# The Map page's tabs (map, table) as a widget: the open tab's label in session state, so that the
# page draws the table only while its tab is open (st.tabs' ``.open``, with ``on_change="rerun"``):
# a visit that never opens it loads none of the grid's code (31 files, 339 KB compressed).
TABS_KEY = "map_tabs"
OPEN_TAB_KEY = "map_tab_open"  # session state: the open tab's id ("map", "table"), any language


def map_tabs(options: Sequence[tuple[str, str]]) -> list:
    """The Map page's tabs, ``options`` as (id, label) pairs, the first open by default; the open
    one stays open when the reader switches language (its label changes, its id does not). Back
    from another page, the map is open again (Streamlit forgets the tabs of a page not drawn)."""
    ids, labels = [i for i, _ in options], [label for _, label in options]
    chosen, open_id = st.session_state.get(TABS_KEY), st.session_state.get(OPEN_TAB_KEY)
    if chosen is not None and chosen not in labels and open_id in ids:
        st.session_state[TABS_KEY] = labels[ids.index(open_id)]  # the same tab, in these words
    tabs = st.tabs(labels, key=TABS_KEY, on_change="rerun")
    chosen = st.session_state.get(TABS_KEY)
    st.session_state[OPEN_TAB_KEY] = ids[labels.index(chosen)] if chosen in labels else ids[0]
    return tabs


def table_frame(table: ViewTable) -> pd.DataFrame:
    """The table's rows as a frame: department, the value (a number, NaN for none), the class."""
    department, value, map_class = table.headers
    return pd.DataFrame(
        {
            department: [row.department for row in table.rows],
            value: [row.number for row in table.rows],
            map_class: [row.map_class for row in table.rows],
        },
        index=[row.code for row in table.rows],
    ).astype({value: "float64"})


NO_FIGURE = -math.inf  # a department without a figure sorts as the lowest value (as explorer.js)
ROW_PX = 35  # st.dataframe's row height: the grid is as tall as its 25 rows and header


def styled_frame(table: ViewTable):
    """The frame with its values written as the model writes them ("1.234,5"; the words for no
    figure), the numbers kept underneath for sorting (no figure: the lowest). The grid draws an
    empty cell as "None", so a missing value is :data:`NO_FIGURE`, shown in words."""
    frame = table_frame(table)
    value = table.headers[1]
    frame[value] = frame[value].fillna(NO_FIGURE)
    texts = {row.number: row.value for row in table.rows if row.number is not None}
    texts[NO_FIGURE] = next((row.value for row in table.rows if row.number is None), "")
    return frame.style.format(texts.get, subset=[value])


def show_view_table(view: MapView, user: UserLayer | None = None) -> None:
    """The view's values per department, sortable, with the map's source and caveat and the
    view's CSV."""
    prepared = prepared_map(view, user)
    table = view_table(prepared)
    with st.container(key=TABLE_KEY):
        st.markdown(f"**{md(table.caption)}**")
        st.dataframe(
            styled_frame(table),
            hide_index=True,
            width="stretch",
            height=ROW_PX * (len(table.rows) + 1) + 3,
        )
        for line in (table.source, table.caveat, table.sort_help):
            if line:
                st.caption(md(line))
        st.download_button(
            table.csv_label,
            data=map_download_data("csv", view, prepared, user),
            file_name=table.csv_name,
            mime="text/csv",
            key="view_table_csv",
            icon=":material/table:",
            on_click="ignore",
        )
