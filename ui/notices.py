"""The notices of an address that named what the atlas does not have, kept while their view stays.

The page works out its notices in the run that reads the address (``geo.pages.notices``); that
run's ``publish`` writes the view shown, so the next run (the map page's second part, a click)
reads a good address and has none to work out. The notices stay on the page while the view they
explain is the one shown, and go with the reader's first change of view.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from geo.names import department_names
from geo.pages.notices import address_notices, routes_named
from geo.safety import escape_markdown as md
from geo.views import layer_measures
from ui.state import language, url_is_new

NOTICES_KEY = "_address_notices"  # session state: (the view they explain, the notices)
BOX_KEY = "address_notices"  # the notices' container on the page (class st-key-address_notices)
# A strip that scrolls says so: a shadow along its bottom edge while more notices lie below it,
# gone once the reader has scrolled to the end (a scroll-driven animation: where a browser has
# none, or the strip does not scroll, no shadow). The static edition's strip alike (site.css).
MORE_CUE_CSS = (
    'content: ""; display: block; position: sticky; bottom: 0; flex: none; align-self: stretch;'
    " height: 10px; margin-top: -10px; pointer-events: none; opacity: 0; z-index: 2;"
    " background: linear-gradient(to top, rgba(0,0,0,.28), rgba(0,0,0,0))"
)
MORE_CUE_ANIMATED = "animation: atlas-notices-more linear both; animation-timeline: scroll()"
# The notices as a compact strip above the map: small type, tight alerts, at most about four
# lines tall (more scroll inside it), so that the map's top stays in the first 40 % of the screen
# at 390x844 and 1280x720 (tests/browser/test_bad_addresses.py). The static edition's box is
# alike (site.css, .address-notices).
NOTICES_CSS = (
    """<style>
.st-key-BOX {gap: 3px; max-height: 4.2rem; overflow-y: auto}
.st-key-BOX [data-testid="stAlertContainer"] {padding: 3px 10px; min-height: 0}
.st-key-BOX [data-testid="stAlertContainer"] p {font-size: 0.85rem; line-height: 1.3}
.st-key-BOX [data-testid="stAlertContainer"] [data-testid="stIconMaterial"] {font-size: 1rem}
.st-key-BOX::after {MORE}
@supports (animation-timeline: scroll()) {.st-key-BOX::after {ANIMATED}}
@keyframes atlas-notices-more {from {opacity: 1} to {opacity: 0}}
</style>""".replace("BOX", BOX_KEY)
    .replace("MORE", MORE_CUE_CSS)
    .replace("ANIMATED", MORE_CUE_ANIMATED)
)
SEEN_KEY = "_address_seen"  # session state: the (parameter, value) pairs already answered
MAP_KEYS = ("layer", "measure", "routes", "dept")


def show_address_notices(notices: Sequence[str], view: object) -> None:
    """Show ``notices`` (new ones replace those kept), or the kept ones while ``view`` is shown."""
    if notices:
        st.session_state[NOTICES_KEY] = (view, tuple(notices))
    kept_view, kept = st.session_state.get(NOTICES_KEY, (None, ()))
    if kept_view != view:
        st.session_state.pop(NOTICES_KEY, None)
        return
    if not kept:
        return
    with st.container(key=BOX_KEY):
        st.html(NOTICES_CSS)  # style alone: it takes no room on the page
        for notice in kept:
            st.warning(md(notice), icon=":material/help:")


def map_address_notices(layers: Sequence[str], user, words) -> tuple[str, ...]:
    """The map page's notices for its address, with the view already bound to its widgets.

    A ``routes`` value that names some routes the atlas has shows those (every route when it
    names none), as the static explorer does, instead of the default's six.
    """
    # Streamlit's client may send the address it was opened with again with a later run (see
    # ui.state): a value already answered is not answered again, or it would undo the reader's
    # next choice and bring its notice back.
    seen = st.session_state.setdefault(SEEN_KEY, set())
    query = {k: v for k, v in st.query_params.to_dict().items() if (k, v) not in seen}
    seen.update((k, v) for k, v in query.items() if k in MAP_KEYS)
    known = routes_named(query.get("routes"))
    if known is not None and url_is_new("routes"):
        st.session_state["routes"] = known
    layer, measure = st.session_state["layer"], st.session_state["measure"]
    layer_name = dict(words.layer.options).get(layer) or (user.name if user is not None else layer)
    return address_notices(
        query,
        {"layer": layers, "measure": layer_measures(layer), "dept": list(department_names())},
        {"layer": layer_name, "measure": dict(words.measure.options).get(measure, measure)},
        language(),
    )
