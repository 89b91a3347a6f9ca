"""Not found: an address that names no page of the atlas (ui.not_found). Not a page of the
navigation (no ``_page.py``): Streamlit is given it only at an unknown path."""

from ui.not_found import show_not_found

show_not_found()
