"""Glue between Streamlit and geo: the language, the view state in the URL, and cached loaders.

The only module besides the page scripts that imports both streamlit and geo.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st

from geo import i18n
from geo.boundaries import read_boundaries
from geo.tables import read_table
from geo.views import MapView, PreparedMap, UserLayer, prepare_map

KEPT = "_kept_state"  # values kept across pages, whose URLs start without parameters
LANG_KEY = "lang"


# --- language ------------------------------------------------------------------------------

def language() -> str:
    """The current language, ``"es"`` or ``"en"``."""
    return i18n.normalise_language(st.session_state.get(LANG_KEY))


def tr(key: str, **values: object) -> str:
    """The catalogue string ``key`` in the current language."""
    return i18n.t(key, language(), **values)


def _browser_language() -> str | None:
    try:
        return st.context.locale
    except AttributeError:  # older Streamlit, or a bare run
        return None


def language_selector() -> str:
    """The language switch in the sidebar; ``?lang=`` or the browser's language choose the start."""
    bind(LANG_KEY, i18n.normalise_language(_browser_language()), i18n.LANGUAGES)
    st.sidebar.segmented_control(
        "Idioma / Language",
        options=list(i18n.LANGUAGES),
        format_func={"es": "Español", "en": "English"}.get,
        key=LANG_KEY,
        selection_mode="single",
    )
    if st.session_state.get(LANG_KEY) not in i18n.LANGUAGES:  # a click that unselects
        st.session_state[LANG_KEY] = st.session_state[KEPT].get(LANG_KEY, i18n.DEFAULT_LANGUAGE)
    publish(LANG_KEY)
    return language()


# --- view state in the URL -------------------------------------------------------------------

def _parse(raw: str | None, options: Sequence[str] | None, multi: bool):
    if raw is None:
        return None
    if multi:
        items = [] if raw in ("", "none") else raw.split(",")
        if options is not None and any(item not in options for item in items):
            return None
        return [item for item in (options or items) if item in items]
    if options is not None and raw not in options:
        return None
    return raw


def bind(key: str, default, options: Sequence[str] | None = None, multi: bool = False) -> None:
    """Give widget ``key`` its value before it is drawn.

    In order: the widget's own state (the user just changed it), the URL (a shared link), the value
    kept from an earlier page of this session, the default. Values outside ``options`` are ignored.
    """
    kept = st.session_state.setdefault(KEPT, {})
    current = st.session_state.get(key)
    if current is not None and _parse(
        ",".join(current) if multi else current, options, multi
    ) is not None:
        return
    value = _parse(st.query_params.get(key), options, multi)
    if value is None:
        value = kept.get(key, default)
    st.session_state[key] = list(value) if multi else value


def publish(*keys: str) -> None:
    """Write the widgets' values to the URL (and keep them for other pages)."""
    kept = st.session_state.setdefault(KEPT, {})
    for key in keys:
        value = st.session_state.get(key)
        if value is None:
            if key in st.query_params:
                del st.query_params[key]
            kept.pop(key, None)
            continue
        text = (",".join(value) or "none") if isinstance(value, list) else str(value)
        if st.query_params.get(key) != text:
            st.query_params[key] = text
        kept[key] = list(value) if isinstance(value, list) else value


def is_embed() -> bool:
    """True when the page is shown for embedding (``?embed=true``): only the chosen view."""
    return str(st.query_params.get("embed", "")).lower() == "true"


# --- cached loaders --------------------------------------------------------------------------

@st.cache_data(show_spinner=False)
def load_table(name: str):
    """A validated data table (see geo.tables)."""
    return read_table(name)


@st.cache_data(show_spinner=False)
def load_boundaries():
    """The 25 departments (the shipped file, or the one named by ATLAS_BOUNDARIES)."""
    return read_boundaries()


@st.cache_data(show_spinner=False)
def load_prepared_map(layer: str, measure: str, routes: tuple[str, ...], department: str | None,
                      lang: str) -> PreparedMap:
    """A report layer's view, prepared once per combination of its (small, hashable) settings."""
    view = MapView(layer, measure, routes, department, lang)
    return prepare_map(view, boundaries=load_boundaries())


def prepared_map(view: MapView, user: UserLayer | None = None) -> PreparedMap:
    """The prepared view: cached for report layers, computed for the session's own upload."""
    if user is None:
        return load_prepared_map(view.layer, view.measure, view.routes, view.department, view.lang)
    return prepare_map(view, user=user, boundaries=load_boundaries())


def cached(func: Callable) -> Callable:
    """st.cache_data for builders that take small hashable arguments."""
    return st.cache_data(show_spinner=False)(func)


# --- map page ------------------------------------------------------------------------------

UPLOAD_KEY = "upload"  # the session's uploaded file (geo.uploads.Upload), never shared
UPLOAD_COLUMN_KEY = "upload_column"
PENDING_DEPT = "_pending_dept"


def user_layer():
    """The session's uploaded layer as a geo.views.UserLayer, or None."""
    from geo.uploads import upload_layer_values

    upload = st.session_state.get(UPLOAD_KEY)
    if upload is None:
        return None
    column = st.session_state.get(UPLOAD_COLUMN_KEY) or upload.value_columns[0]
    if column not in upload.value_columns:
        column = upload.value_columns[0]
    source = upload.source or upload.name
    return UserLayer(upload_layer_values(upload, column), f"{column} ({upload.name})", source)


def map_layer_ids(user) -> list[str]:
    """The layers the map offers: the report's, plus the session's upload if there is one."""
    from geo.layers import LAYERS

    return [*LAYERS, "upload"] if user is not None else list(LAYERS)


def measures(layer_id: str) -> list[str]:
    """The measures a layer offers."""
    from geo.layers import LAYERS

    return list(LAYERS[layer_id].measures) if layer_id in LAYERS else ["count"]


def default_measure(layer_id: str) -> str:
    return measures(layer_id)[0]


def layer_label(layer_id: str, user=None) -> str:
    if layer_id == "upload":
        return tr("layer.upload", name=user.name if user is not None else "")
    return tr(f"layer.{layer_id}")


@st.cache_data(show_spinner=False)
def _route_names(lang: str) -> dict[str, str]:
    from geo.routes import route_lines

    lines = route_lines()
    return dict(zip(lines["route_id"], lines[f"name_{lang}"], strict=True))


def route_name(route_id: str) -> str:
    return _route_names(language())[route_id]


def department_codes() -> list[str]:
    from geo.names import department_names

    return list(department_names())


def department_label(code: str) -> str:
    from geo.names import department_names

    return department_names()[code]


def leaflet_available() -> bool:
    """True when the Leaflet files the map loads are installed in static/vendor/leaflet."""
    from geo.paths import LEAFLET_DIR

    return (LEAFLET_DIR / "leaflet.js").is_file() and (LEAFLET_DIR / "leaflet.css").is_file()


def folium_map(view: MapView, user=None):
    """The folium map of ``view`` (the view's preparation is cached)."""
    from geo.views import interactive_map

    return interactive_map(prepared_map(view, user))


def apply_pending_department() -> None:
    """Apply a department chosen by a click on the map in the previous run, before widgets draw."""
    if PENDING_DEPT in st.session_state:
        st.session_state["dept"] = st.session_state.pop(PENDING_DEPT)


def handle_map_click(result: dict | None, view: MapView) -> None:
    """A click on a department selects it: remember it and draw again with its outline."""
    drawing = (result or {}).get("last_active_drawing") or {}
    code = (drawing.get("properties") or {}).get("department_code")
    if code and code != view.department and code in department_codes():
        st.session_state[PENDING_DEPT] = code
        st.session_state[KEPT]["dept"] = code
        st.rerun()


@st.cache_data(show_spinner=False)
def load_profile(code: str, lang: str):
    from geo.profile import department_profile

    return department_profile(code, lang)


def show_profile(code: str | None) -> None:
    """The profile of department ``code`` beside the map: figures with sources, routes, notes."""
    if not code:
        st.info(tr("profile.placeholder"))
        return
    profile = load_profile(code, language())
    st.subheader(profile.name)
    for fig in profile.figures:
        with st.container(border=True):
            st.metric(fig.label, fig.value if fig.reported else "—")
            if not fig.reported:
                st.caption(_md(fig.value))
            if fig.source:
                st.caption(f"{tr('common.source')}: {_md(fig.source)}")
    st.markdown(f"**{tr('profile.places')}**")
    st.markdown("\n".join(f"- {_md(p)}" for p in profile.places) or tr("profile.none"))
    st.markdown(f"**{tr('profile.routes')}**")
    st.markdown("\n".join(f"- {_md(r)}" for r in profile.routes) or tr("profile.none"))
    if profile.notes:
        st.markdown(f"**{tr('profile.notes')}**")
        for note in profile.notes:
            st.warning(_md(note), icon=":material/info:")


def _md(text: str) -> str:
    """Text shown through markdown, with markdown and HTML characters neutralised."""
    from geo.safety import escape_html

    out = escape_html(str(text))
    for ch in "\\`*_{}[]()#+-!|~>$":
        out = out.replace(ch, "\\" + ch)
    return out


def show_map_downloads(view: MapView, user=None) -> None:
    """Downloads of the current map view (filled in by the export builders)."""
    map_downloads(view, user)


# --- charts ---------------------------------------------------------------------------------

@st.cache_data(show_spinner=False)
def load_chart_figure(chart_id: str, lang: str):
    """The plotly figure of chart ``chart_id`` in ``lang`` (geo.charts)."""
    from geo.charts import chart_spec

    return chart_spec(chart_id).figure(lang)


@st.cache_data(show_spinner=False)
def load_chart_table(chart_id: str, lang: str):
    """The data behind chart ``chart_id``."""
    from geo.charts import chart_spec

    return chart_spec(chart_id).table(lang)


@st.cache_data(show_spinner=False)
def load_chart_alt_text(chart_id: str, lang: str) -> str:
    from geo.charts import chart_spec

    return chart_spec(chart_id).alt_text(lang)


@st.cache_data(show_spinner=False)
def load_chart_quality(chart_id: str, lang: str) -> list[str]:
    """The data-quality findings about chart ``chart_id``'s figures."""
    from geo.charts import quality_messages

    return quality_messages(chart_id, lang)


def csv_bytes(df) -> bytes:
    """A table as CSV bytes that are safe to open in a spreadsheet."""
    try:
        from geo.safety import safe_csv_bytes
    except ImportError:  # the safety module is not there yet
        return df.to_csv(index=False).encode("utf-8")
    return safe_csv_bytes(df)


def show_chart(chart_id: str, quality: bool = True) -> None:
    """Chart ``chart_id``: the figure, its alt text, data-quality notes beside it, its data and CSV.

    The figure itself carries title, source and caveat; the modebar's camera button saves a PNG.
    """
    from geo.charts import chart_spec

    lang = language()
    file_name = chart_spec(chart_id).file_name(lang)
    alt = load_chart_alt_text(chart_id, lang)
    notes = load_chart_quality(chart_id, lang) if quality else []
    if notes:
        chart_col, notes_col = st.columns([3, 1.2], gap="medium")
    else:
        chart_col, notes_col = st.container(), None
    with chart_col:
        st.plotly_chart(
            load_chart_figure(chart_id, lang),
            key=f"chart_{chart_id}",
            theme=None,  # the figure's own colours and fonts, the same as in its PNG
            alt=alt,
            config={
                "toImageButtonOptions": {"format": "png", "filename": file_name, "scale": 2},
                "displaylogo": False,
            },
        )
        st.caption(alt)
    if notes_col is not None:
        with notes_col:
            st.markdown(f"**{tr('chart.quality_heading', n=len(notes))}**")
            box = st.container(height=420 if len(notes) > 4 else "content", border=False,
                               key=f"quality_{chart_id}")
            for note in notes:
                box.caption(f":material/info: {_md(note)}")
    with st.expander(tr("chart.data_table"), key=f"data_{chart_id}"):
        table = load_chart_table(chart_id, lang)
        st.dataframe(table, hide_index=True, key=f"table_{chart_id}")
        st.download_button(
            tr("chart.download_csv"), data=csv_bytes(table), file_name=f"{file_name}.csv",
            mime="text/csv", key=f"csv_{chart_id}", on_click="ignore",
            icon=":material/download:",
        )


@st.cache_data(show_spinner=False)
def load_headlines(lang: str):
    from geo.charts import headline_figures

    return headline_figures(lang)


@st.cache_data(show_spinner=False)
def load_protection(lang: str):
    from geo.charts import protection_figures

    return protection_figures(lang)


@st.cache_data(show_spinner=False)
def load_institutions(lang: str):
    from geo.charts import institutions

    return institutions(lang)


def show_figures(figures, columns: int = 3, key: str = "figures") -> None:
    """Headline numbers (geo.charts.Headline) as metrics, each with its source and any note."""
    cols = st.columns(columns)
    for i, fig in enumerate(figures):
        with cols[i % columns], st.container(border=True, key=f"{key}_{fig.metric_id}"):
            st.metric(fig.label, fig.value)
            st.caption(_md(fig.source))
            if fig.note:
                st.caption(f":material/info: {tr('chart.quality_note')}: {_md(fig.note)}")


@st.cache_data(show_spinner=False)
def load_route_table(lang: str):
    """One row per route (geo.routes.route_table)."""
    from geo.routes import route_table

    return route_table(lang, boundaries=load_boundaries())


@st.cache_data(show_spinner=False)
def load_route_waypoints(route_id: str):
    from geo.routes import read_waypoints

    return read_waypoints(route_id)


@st.cache_data(show_spinner=False)
def load_route_bounds(route_id: str) -> list[list[float]]:
    """[[south, west], [north, east]] of a route's line and waypoints, for folium's fit_bounds."""
    from geo.routes import route_lines

    lines = route_lines()
    minx, miny, maxx, maxy = lines.loc[lines["route_id"] == route_id].geometry.iloc[0].bounds
    return [[miny, minx], [maxy, maxx]]


def route_map(route_id: str):
    """The atlas map showing only route ``route_id``, framed on it."""
    view = MapView(layer="complaints", measure="count", routes=(route_id,), department=None,
                   lang=language())
    fmap = folium_map(view)
    fmap.fit_bounds(load_route_bounds(route_id), padding=(30, 30))
    return fmap


def md(text: object) -> str:
    """Data text made safe to show through st.markdown (markdown and HTML neutralised)."""
    return _md(str(text))


@st.cache_data(show_spinner=False)
def load_routes():
    """The six routes as data/routes.csv gives them (both names, the report's sentence)."""
    from geo.routes import read_routes

    return read_routes()


# --- exports --------------------------------------------------------------------------------

PRESS_KIT_CHARTS = ("purposes", "age_groups", "complaints_vs_origin", "poverty_vs_complaints")
# kind -> (catalogue key of the label, file extension, MIME type, icon)
MAP_EXPORTS = {
    "png": ("exports.png", "png", "image/png", ":material/image:"),
    "svg": ("exports.svg", "svg", "image/svg+xml", ":material/draw:"),
    "html": ("exports.html", "html", "text/html", ":material/public_off:"),
    "csv": ("exports.csv", "csv", "text/csv", ":material/table:"),
    "geojson": ("exports.geojson", "geojson", "application/geo+json", ":material/map:"),
    "zip": ("exports.press_kit", "zip", "application/zip", ":material/folder_zip:"),
}


def build_map_export(kind: str, prepared: PreparedMap) -> bytes:
    """The bytes of one download of a prepared view (see MAP_EXPORTS for the kinds)."""
    from geo import exports

    if kind in ("png", "svg"):
        from geo.static_map import static_map

        return static_map(prepared, kind)
    if kind == "html":
        return exports.standalone_html(prepared).encode("utf-8")
    if kind == "csv":
        return exports.layer_csv(prepared)
    if kind == "geojson":
        return exports.layer_geojson(prepared)
    if kind == "zip":
        return exports.press_kit(prepared, prepared.view.lang, PRESS_KIT_CHARTS)[0]
    raise ValueError(f"unknown export {kind!r}: expected one of {', '.join(MAP_EXPORTS)}")


@st.cache_data(show_spinner=False, max_entries=96)
def _report_map_export(kind: str, layer: str, measure: str, routes: tuple[str, ...],
                       department: str | None, lang: str) -> bytes:
    """One download of a report layer's view, made once per combination of its settings."""
    return build_map_export(kind, load_prepared_map(layer, measure, routes, department, lang))


def _export_data(kind: str, view: MapView, prepared: PreparedMap, user) -> Callable[[], bytes]:
    """A callable Streamlit runs only when the button is clicked (nothing is drawn on a rerun)."""
    if user is None:
        key = (view.layer, view.measure, tuple(view.routes), view.department, view.lang)
        return lambda: _report_map_export(kind, *key)
    return lambda: build_map_export(kind, prepared)  # the session's own data: never shared


def map_downloads(view: MapView, user=None) -> None:
    """Download buttons for the current view: PNG, SVG, offline HTML, CSV, GeoJSON, press kit.

    Each file is generated when its button is clicked, not on every rerun.
    """
    from geo.exports import file_stem

    prepared = prepared_map(view, user)
    stem = file_stem(prepared)
    st.markdown(f"**{tr('exports.heading')}**")
    st.caption(tr("exports.help"))
    columns = st.columns(3)
    for i, (kind, (label_key, ext, mime, icon)) in enumerate(MAP_EXPORTS.items()):
        name = f"{stem}-press-kit.zip" if kind == "zip" else f"{stem}.{ext}"
        with columns[i % 3]:
            st.download_button(
                tr(label_key), data=_export_data(kind, view, prepared, user), file_name=name,
                mime=mime, key=f"map_download_{kind}", icon=icon, on_click="ignore",
                width="stretch",
            )


# --- uploads --------------------------------------------------------------------------------
