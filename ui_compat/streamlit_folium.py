"""What the atlas relies on inside streamlit-folium, beyond ``st_folium``'s documented arguments;
checked against TESTED_VERSION by ``tests/test_compat.py``.

- The map's frame (its frontend bundle) exposes Streamlit's component library as
  ``window.Streamlit``, whose ``setComponentValue`` the atlas's map script calls to ask for the
  page's second part (``ui.live_map.REST_JS``, :data:`SET_VALUE_JS`); the value st_folium reports by
  default has ``last_active_drawing: null``, which the atlas's value keeps.
- The frame's title is the component's name, :data:`FRAME_TITLE` (``ui.live_map.SCROLL_JS`` and the
  browser tests find the map by it).
- ``st_folium(..., render=False)`` takes the map as folium built it and renders it itself.
- ``streamlit_folium._component_func``: the bench calls ``st_folium`` with it replaced
  (:func:`component_replaced`) to read the arguments the map's frame would get.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

import streamlit_folium

TESTED_VERSION = "0.27.4"
FRAME_TITLE = "streamlit_folium.st_folium"  # the map's iframe's title
STREAMLIT_JS = "window.Streamlit"  # in the map's frame: Streamlit's component library
SET_VALUE_JS = "setComponentValue"  # ... its call that sends the map's value to the server
st_folium = streamlit_folium.st_folium


@contextlib.contextmanager
def component_replaced(fake: Callable[..., object]) -> Iterator[None]:
    """Within the block, ``st_folium`` calls ``fake(**arguments)`` instead of its component."""
    real = streamlit_folium._component_func
    streamlit_folium._component_func = fake
    try:
        yield
    finally:
        streamlit_folium._component_func = real
