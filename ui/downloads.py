"""The map's download buttons: each file is made when its button is clicked, not on every rerun."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from geo.downloads import MAP_DOWNLOADS, download_bytes, download_name
from geo.views import MapView, PreparedMap, UserLayer
from ui.loaders import load_map_download, prepared_map
from ui.state import tr

ICONS = {
    "png": ":material/image:",
    "svg": ":material/draw:",
    "html": ":material/public_off:",  # works offline
    "csv": ":material/table:",
    "geojson": ":material/map:",
    "zip": ":material/folder_zip:",
}
COLUMNS = 3


def map_download_data(
    kind: str, view: MapView, prepared: PreparedMap, user: UserLayer | None
) -> Callable[[], bytes]:
    """A callable Streamlit runs only when the button is clicked (nothing is drawn on a rerun)."""
    if user is None:
        settings = (view.layer, view.measure, tuple(view.routes), view.department, view.lang)
        return lambda: load_map_download(kind, *settings)
    return lambda: download_bytes(kind, prepared)  # the session's own data: never cached


def map_downloads(view: MapView, user: UserLayer | None = None) -> None:
    """Download buttons for the current view: PNG, SVG, offline HTML, CSV, GeoJSON, press kit."""
    prepared = prepared_map(view, user)
    st.markdown(f"**{tr('exports.heading')}**")
    st.caption(tr("exports.help"))
    columns = st.columns(COLUMNS)
    for i, download in enumerate(MAP_DOWNLOADS):
        with columns[i % COLUMNS]:
            st.download_button(
                tr(download.label_key),
                data=map_download_data(download.kind, view, prepared, user),
                file_name=download_name(download.kind, prepared),
                mime=download.mime,
                key=f"map_download_{download.kind}",
                icon=ICONS[download.kind],
                on_click="ignore",
                width="stretch",
            )
