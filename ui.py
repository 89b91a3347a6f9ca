"""Glue between Streamlit and geo: the language, the view state in the URL, and cached loaders.

The only module besides the page scripts that imports both streamlit and geo.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Sequence

import streamlit as st
import streamlit_folium  # noqa: F401  (imported here so that the freeze below covers it)

import geo.charts  # noqa: F401
from geo import i18n
from geo.boundaries import read_boundaries
from geo.tables import read_table
from geo.views import MapView, PreparedMap, UserLayer, prepare_map

KEPT = "_kept_state"  # values kept across pages, whose URLs start without parameters
LANG_KEY = "lang"


# --- language ------------------------------------------------------------------------------


def language() -> str:
    """The current language, ``"es"`` or ``"en"`` (the last one chosen while a click unselects)."""
    value = st.session_state.get(LANG_KEY) or st.session_state.get(KEPT, {}).get(LANG_KEY)
    return i18n.normalise_language(value)


def tr(key: str, **values: object) -> str:
    """The catalogue string ``key`` in the current language."""
    return i18n.t(key, language(), **values)


def _browser_language() -> str | None:
    try:
        return st.context.locale
    except AttributeError:  # older Streamlit, or a bare run
        return None


def language_selector() -> str:
    """The language switch in the sidebar; ``?lang=`` or the browser's language choose the start.

    An embedded view (``?embed=true``) has no sidebar: its language comes from the URL alone.
    """
    bind(LANG_KEY, i18n.normalise_language(_browser_language()), i18n.LANGUAGES)
    if is_embed():
        publish(LANG_KEY)
        return language()
    st.sidebar.segmented_control(
        "Idioma / Language",
        options=list(i18n.LANGUAGES),
        format_func={"es": "Español", "en": "English"}.get,
        key=LANG_KEY,
        selection_mode="single",
    )
    # A click on the chosen option unselects it; bind() restores it before the next draw.
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
    if (
        current is not None
        and _parse(",".join(current) if multi else current, options, multi) is not None
    ):
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
    """True when the page is shown for embedding (``?embed=true``): only the chosen view.

    Streamlit reserves ``embed`` for its own embed mode (no header or toolbar) and hides it from
    ``st.query_params``; we read the same parameter from the session's query-parameter store so
    that one URL gives both Streamlit's frame-less mode and our single view.
    """
    try:
        from streamlit.runtime.state.session_state_proxy import get_session_state

        with get_session_state().query_params() as params:
            raw = params._query_params.get("embed", "")
    except Exception:  # a private detail of Streamlit: fail closed (the full page)
        return False
    values = raw if isinstance(raw, list) else [raw]
    return any(str(v).lower() == "true" for v in values)


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
def load_prepared_map(
    layer: str, measure: str, routes: tuple[str, ...], department: str | None, lang: str
) -> PreparedMap:
    """A report layer's view, prepared once per combination of its (small, hashable) settings."""
    view = MapView(layer, measure, routes, department, lang)
    return prepare_map(view, boundaries=load_boundaries())


def prepared_map(view: MapView, user: UserLayer | None = None) -> PreparedMap:
    """The prepared view: cached for report layers, computed for the session's own upload."""
    if user is None:
        return load_prepared_map(view.layer, view.measure, view.routes, view.department, view.lang)
    return prepare_map(view, user=user, boundaries=load_boundaries())


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
    column = st.session_state.get(UPLOAD_COLUMN_KEY)
    if column not in upload.value_columns:
        column = upload.value_columns[0]
    year = st.session_state.get("upload_year")
    year = year if year in upload.years else (upload.years[-1] if upload.years else None)
    name = f"{column} ({year})" if year is not None else column
    values = upload_layer_values(upload, column, year)
    reported = values["value"].dropna()
    decimals = 0 if (reported == reported.round()).all() else 1
    return UserLayer(values, name, upload_source(upload), decimals)


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


def show_profile(code: str | None, user=None) -> None:
    """The profile of department ``code`` beside the map: figures with sources, routes, notes.

    With an uploaded layer, the user's figure for the department comes first, with the user's
    source (shown as text, whatever it contains).
    """
    if not code:
        st.info(tr("profile.placeholder"))
        return
    from geo.profile import user_figure

    profile = load_profile(code, language())
    st.subheader(profile.name)
    figures = list(profile.figures)
    if user is not None:
        figures.insert(0, user_figure(code, user, language()))
    for fig in figures:
        with st.container(border=True):
            st.metric(fig.label, fig.value if fig.reported else "—")
            if not fig.reported:
                st.caption(md(fig.value))
            if fig.source:
                st.caption(f"{tr('common.source')}: {md(fig.source)}")
    st.markdown(f"**{tr('profile.places')}**")
    st.markdown("\n".join(f"- {md(p)}" for p in profile.places) or tr("profile.none"))
    st.markdown(f"**{tr('profile.routes')}**")
    st.markdown("\n".join(f"- {md(r)}" for r in profile.routes) or tr("profile.none"))
    if profile.notes:
        st.markdown(f"**{tr('profile.notes')}**")
        for note in profile.notes:
            box = st.warning if note.warning else st.info
            box(f"**{md(note.label)}:** {md(note.text)}", icon=":material/info:")


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
            box = st.container(border=False, key=f"quality_{chart_id}")
            for note in notes:
                box.caption(f":material/info: {md(note)}")
    with st.expander(tr("chart.data_table"), key=f"data_{chart_id}"):
        table = load_chart_table(chart_id, lang)
        st.dataframe(table, hide_index=True, key=f"table_{chart_id}")
        st.download_button(
            tr("chart.download_csv"),
            data=csv_bytes(table),
            file_name=f"{file_name}.csv",
            mime="text/csv",
            key=f"csv_{chart_id}",
            on_click="ignore",
            icon=":material/download:",
        )


def embedded_chart(page: str) -> str | None:
    """The chart asked for by ``?chart=<id>`` when it belongs to ``page``, else None.

    The page then shows that chart alone (for an iframe, with Streamlit's own ``?embed=true``).
    ``embed`` itself is not read: Streamlit keeps it out of st.query_params.
    """
    from geo.charts import charts_for_page

    chart_id = st.query_params.get("chart")
    return chart_id if chart_id in charts_for_page(page) else None


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
            # the label above, in full: a metric's own label is cut to one line
            st.markdown(md(fig.label))
            st.metric(fig.label, fig.value, label_visibility="collapsed")
            st.caption(md(fig.source))
            if fig.note:
                st.caption(f":material/info: {tr('chart.quality_note')}: {md(fig.note)}")


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
    view = MapView(
        layer="complaints", measure="count", routes=(route_id,), department=None, lang=language()
    )
    fmap = folium_map(view)
    # room for the title above and the source and legend below, which Leaflet draws over the map
    fmap.fit_bounds(
        load_route_bounds(route_id), padding_top_left=(30, 90), padding_bottom_right=(30, 190)
    )
    return fmap


def md(text: object) -> str:
    """Text shown through st.markdown as written: markdown characters escaped.

    Streamlit shows HTML tags as text unless unsafe_allow_html is set (the atlas never sets it:
    its one st.html block is a constant stylesheet), so no HTML entities are added (an entity
    would be shown literally once its ``#`` is escaped).
    """
    out = str(text)
    for ch in "\\`*_{}[]()#+-!|~>$<":
        out = out.replace(ch, "\\" + ch)
    return out


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


@st.cache_data(show_spinner=False, max_entries=96, ttl=86400)  # a day: the access date
def _report_map_export(
    kind: str, layer: str, measure: str, routes: tuple[str, ...], department: str | None, lang: str
) -> bytes:
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
                tr(label_key),
                data=_export_data(kind, view, prepared, user),
                file_name=name,
                mime=mime,
                key=f"map_download_{kind}",
                icon=icon,
                on_click="ignore",
                width="stretch",
            )


# --- uploads --------------------------------------------------------------------------------

UPLOAD_YEAR_KEY = "upload_year"
UPLOAD_WIDGET_LIMIT_MB = (
    6  # Streamlit's own limit; the parser's 5 MB check speaks first, in both languages
)


def upload_source(upload) -> str:
    """The user's source for an upload: its source column's first value, else the file name."""
    if upload.source_column is not None:
        sources = [s for s in upload.harmonised["source"].dropna().astype(str) if s.strip()]
        if sources:
            return sources[0]
    return upload.name


def _on_upload() -> None:
    """Parse the file just given; keep it only if it is valid (a bad file changes nothing)."""
    from geo.uploads import UploadError, parse_upload

    given = st.session_state.get("upload_file")
    st.session_state.pop("_upload_error", None)
    if given is None:
        return
    try:
        upload = parse_upload(given.name, given.getvalue(), language())
    except UploadError as error:
        st.session_state["_upload_error"] = error
        return
    st.session_state[UPLOAD_KEY] = upload
    st.session_state[UPLOAD_COLUMN_KEY] = upload.value_columns[0]
    st.session_state[UPLOAD_YEAR_KEY] = upload.years[-1] if upload.years else None


def show_upload_section() -> None:
    """Load a CSV or Excel file of figures by department; preview, problems, map layer, chart."""
    st.markdown(tr("uploads.intro"))
    st.file_uploader(
        tr("uploads.label"),
        type=["csv", "tsv", "txt", "xlsx", "xlsm"],
        key="upload_file",
        on_change=_on_upload,
        max_upload_size=UPLOAD_WIDGET_LIMIT_MB,
    )
    error = st.session_state.get("_upload_error")
    if error is not None:
        blocking = [p for p in error.problems if p.blocking]
        st.error(i18n.tn("uploads.rejected", len(blocking), language(), name=md(error.name)))
        st.dataframe(_problem_rows(error.problems), hide_index=True, key="upload_problems")
        if st.session_state.get(UPLOAD_KEY) is not None:
            st.info(tr("uploads.kept", name=md(st.session_state[UPLOAD_KEY].name)))
    upload = st.session_state.get(UPLOAD_KEY)
    if upload is None:
        return
    st.success(
        tr(
            "uploads.loaded",
            name=md(upload.name),
            rows=len(upload.harmonised),
            columns=", ".join(md(c) for c in upload.value_columns),
        )
    )
    st.caption(
        tr(
            "uploads.detected",
            encoding=upload.encoding or "xlsx",
            separator={"\t": "TAB", None: "—"}.get(upload.separator, upload.separator or "—"),
            decimal=", ".join(f"{md(k)}: {v}" for k, v in upload.decimal.items()) or "—",
        )
    )
    if upload.notes:
        st.dataframe(_problem_rows(upload.notes), hide_index=True, key="upload_notes")
    left, right = st.columns(2)
    left.selectbox(tr("uploads.column"), upload.value_columns, key=UPLOAD_COLUMN_KEY)
    if upload.years:
        right.selectbox(tr("uploads.year"), upload.years, key=UPLOAD_YEAR_KEY)
    st.dataframe(upload.harmonised, key="upload_preview")
    user = user_layer()
    show_upload_chart(user)
    st.page_link(
        "app_pages/map_page.py",
        label=tr("uploads.show_on_map"),
        icon=":material/map:",
        query_params={"layer": "upload", "lang": language()},
    )
    c1, c2, c3 = st.columns(3)
    c1.download_button(
        tr("uploads.download_original"), upload.data, upload.name, key="dl_upload_original"
    )
    from geo.uploads import harmonised_csv_bytes

    c2.download_button(
        tr("uploads.download_clean"),
        harmonised_csv_bytes(upload),
        f"{upload.name.rsplit('.', 1)[0]}-harmonised.csv",
        "text/csv",
        key="dl_upload_clean",
    )
    if c3.button(tr("uploads.remove"), key="upload_remove"):
        for key in (UPLOAD_KEY, UPLOAD_COLUMN_KEY, UPLOAD_YEAR_KEY, "_upload_error"):
            st.session_state.pop(key, None)
        st.rerun()


def _problem_rows(problems) -> list[dict]:
    lang = language()
    return [
        {
            tr("uploads.col.row"): p.row,
            tr("uploads.col.column"): p.column,
            tr("uploads.col.value"): p.value,
            tr("uploads.col.problem"): p.message(lang),
            tr("uploads.col.suggestions"): ", ".join(p.suggestions),
        }
        for p in problems
    ]


def show_upload_chart(user) -> None:
    """A bar chart of the uploaded layer, labelled with the user's source."""
    from geo.charts import upload_figure

    if user is None:
        return
    st.plotly_chart(
        upload_figure(user.values, user.name, user.source, language()),
        key="upload_chart",
        config={"displaylogo": False},
    )


# --- data & sources -------------------------------------------------------------------------


def table_names() -> list[str]:
    from geo.tables import table_names as names

    return list(names())


def table_title(name: str) -> str:
    from geo.tables import table_resource

    resource = table_resource(name)
    return f"{name}.csv — {resource.get('title', '')}".rstrip(" —")


@st.cache_data(show_spinner=False)
def _provenance_rows(name: str) -> list[dict]:
    from geo.tables import source_record

    table = load_table(name)
    out = []
    for source_id in dict.fromkeys(table["source_id"]):
        record = source_record(source_id)
        out.append(
            {
                "source_id": source_id,
                **{
                    k: str(v)
                    for k, v in record.items()
                    if k in ("producer", "title", "date", "section", "url", "licence")
                },
            }
        )
    return out


def show_table(name: str) -> None:
    """One data table, its description, the sources of its rows and a CSV download."""
    from geo.tables import read_provenance, table_resource

    resource = table_resource(name)
    if resource.get("description"):
        st.caption(md(resource["description"]))
    table = load_table(name)
    st.dataframe(table, hide_index=True, key=f"table_view_{name}")
    st.markdown(f"**{tr('data.sources')}**")
    st.dataframe(_provenance_rows(name), hide_index=True)
    record = read_provenance()["files"].get(f"{name}.csv", {})
    if record:
        st.caption(
            tr(
                "data.file_record",
                sha=record.get("sha256", "")[:16],
                derivation=md(record.get("derivation", "")),
            )
        )
    st.download_button(
        tr("data.download_csv", name=name),
        csv_bytes(table),
        f"{name}.csv",
        "text/csv",
        key=f"dl_table_{name}",
    )


@st.cache_data(show_spinner=False)
def _package_zip() -> bytes:
    import io
    import zipfile

    from geo.paths import DATA_DIR

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(DATA_DIR.iterdir()):
            if path.is_file() and path.suffix in (".csv", ".json", ".geojson", ".md"):
                archive.write(path, f"peru-trafficking-atlas-data/{path.name}")
    return buffer.getvalue()


def show_package_downloads() -> None:
    """The whole data package (CSV, GeoJSON, provenance, dictionary) as one ZIP."""
    st.download_button(
        tr("data.download_package"),
        _package_zip(),
        "peru-trafficking-atlas-data.zip",
        "application/zip",
        key="dl_package",
    )


@st.cache_data(show_spinner=False)
def load_findings(lang: str):
    """The findings in ``lang``: (kind, heading, texts) sections, and the table of every finding."""
    from geo.quality import findings_sections, findings_table

    return findings_sections(lang), findings_table(lang)


def show_quality_findings() -> None:
    """The report's figures rechecked: errors first, then how to read the tables, then questions."""
    from geo.quality import ERROR

    st.markdown(tr("data.quality_intro"))
    sections, table = load_findings(language())
    for kind, heading, texts in sections:
        st.markdown(f"**{md(heading)}**")
        for text in texts:
            if kind == ERROR:
                st.warning(md(text), icon=":material/error:")
            else:
                st.markdown(f"- {md(text)}")
    st.markdown(f"**{tr('quality.table_heading')}**")
    st.dataframe(table, hide_index=True, key="quality_table")


def show_citation_and_embed() -> None:
    """The suggested citation, and iframe snippets for the current map view."""
    st.markdown(f"**{tr('data.citation')}**")
    st.code(tr("data.citation_text"), language=None, wrap_lines=True)
    st.markdown(f"**{tr('data.embed')}**")
    st.caption(tr("data.embed_help"))
    kept = st.session_state.get(KEPT, {})
    params = {"embed": "true", "lang": language()}
    for key in ("layer", "measure", "routes", "dept"):
        value = kept.get(key)
        if value:
            params[key] = ",".join(value) if isinstance(value, list) else str(value)
    from urllib.parse import urlencode

    base = (_current_url() or "http://localhost:8501/").split("?")[0].rsplit("/", 1)[0] + "/"
    src = f"{base}?{urlencode(params)}"
    st.code(
        f'<iframe src="{src}" title="{tr("app.title")}" width="100%" height="760" '
        f'style="border:0" loading="lazy"></iframe>',
        language="html",
        wrap_lines=True,
    )
    chart = (
        f"{base}overview?{urlencode({'embed': 'true', 'chart': 'purposes', 'lang': language()})}"
    )
    st.code(
        f'<iframe src="{chart}" title="{tr("app.title")}" width="100%" height="560" '
        f'style="border:0" loading="lazy"></iframe>',
        language="html",
        wrap_lines=True,
    )


def _current_url() -> str | None:
    try:
        return st.context.url
    except AttributeError:
        return None


# --- story ---------------------------------------------------------------------------------

STORY_STEP_KEY = "story_step"
_STORY_URL_STEP = "_story_url_step"  # the ?step= value this session last wrote to the URL
STORY_MAP_HEIGHT = 640
# Static CSS for the presenter's large type; it never carries user or data text.
STORY_CSS = """<style>
.st-key-story_text h1 {font-size: 2.6rem; line-height: 1.15}
.st-key-story_text p, .st-key-story_text li {font-size: 1.45rem; line-height: 1.45}
.st-key-story_text ol li {font-size: 1.2rem; line-height: 1.4}
.st-key-story_text [data-testid="stAlert"] p {font-size: 1.15rem; line-height: 1.4}
.st-key-story_text [data-testid="stExpander"] p {font-size: 1rem}
.st-key-story_nav p {font-size: 1.1rem}
</style>"""


def story_current_step() -> tuple[int, str | None]:
    """The story step to show, and the ``?step=`` value when it named no step (else None).

    A ``?step=`` the session did not write itself (a shared link, an edited URL) wins; otherwise the
    step the presenter reached with the buttons, or the first.
    """
    from geo.story import parse_step

    raw = st.query_params.get("step")
    if raw is not None and raw != st.session_state.get(_STORY_URL_STEP):
        step, valid = parse_step(raw)
        st.session_state[STORY_STEP_KEY] = step
        return step, None if valid else raw
    step, _ = parse_step(st.session_state.get(STORY_STEP_KEY))
    st.session_state[STORY_STEP_KEY] = step
    return step, None


def story_publish(step: int) -> None:
    """Write the step to the URL (``?step=N``), so that the current step can be shared."""
    text = str(step)
    if st.query_params.get("step") != text:
        st.query_params["step"] = text
    st.session_state[_STORY_URL_STEP] = text


def _story_move(delta: int) -> None:
    from geo.story import STEP_COUNT

    step = int(st.session_state.get(STORY_STEP_KEY, 1)) + delta
    st.session_state[STORY_STEP_KEY] = min(max(step, 1), STEP_COUNT)


@st.cache_data(show_spinner=False)
def load_story_step(number: int, lang: str):
    """Step ``number`` of the story (geo.story.StoryStep) in ``lang``."""
    from geo.story import story_step

    return story_step(number, lang)


@st.cache_data(show_spinner=False)
def load_story_map(layer: str, measure: str, routes: tuple[str, ...], lang: str) -> tuple[str, str]:
    """(the fixed-frame map page as HTML, its alt text) for a story step's view."""
    from geo.exports import map_alt_text
    from geo.story import fixed_map_html

    prepared = load_prepared_map(layer, measure, routes, None, lang)
    return fixed_map_html(prepared), map_alt_text(prepared)


def show_story_nav(step: int) -> None:
    """Previous and next buttons around the step indicator."""
    from geo.story import STEP_COUNT

    with st.container(key="story_nav"):
        prev_col, mid_col, next_col = st.columns([1, 4, 1], vertical_alignment="center")
        prev_col.button(
            tr("story.prev"),
            key="story_prev",
            on_click=_story_move,
            args=(-1,),
            disabled=step <= 1,
            icon=":material/arrow_back:",
            width="stretch",
        )
        mid_col.progress(step / STEP_COUNT, text=tr("story.indicator", step=step, total=STEP_COUNT))
        next_col.button(
            tr("story.next"),
            key="story_next",
            on_click=_story_move,
            args=(1,),
            disabled=step >= STEP_COUNT,
            icon=":material/arrow_forward:",
            width="stretch",
        )


def show_story_step(step) -> None:
    """One story step: its finding in large type beside its map or chart."""
    st.html(STORY_CSS)
    has_visual = step.view is not None or step.chart is not None
    text_col, visual_col = st.columns([2, 3], gap="large") if has_visual else (st.container(), None)
    with text_col, st.container(key="story_text"):
        st.title(md(step.title), anchor=False)
        st.markdown(md(step.body))
        if step.note:  # before a list, so that the room reads it first
            show_note = st.warning if step.step_id == "poverty" else st.info
            show_note(md(step.note), icon=":material/info:")
        if step.items:
            st.markdown("\n".join(f"{i}. {md(item)}" for i, item in enumerate(step.items, 1)))
        if step.chart is not None:
            notes = load_chart_quality(step.chart, language())
            if notes:
                with st.expander(
                    tr("chart.quality_heading", n=len(notes)), key=f"story_quality_{step.chart}"
                ):
                    for note in notes:
                        st.caption(md(note))
    if visual_col is None:
        return
    with visual_col:
        if step.chart is not None:
            show_chart(step.chart, quality=False)
        elif not leaflet_available():
            st.error(tr("map.assets_missing"))
        else:
            view = step.view
            html, alt = load_story_map(view.layer, view.measure, view.routes, view.lang)
            st.iframe(html, height=STORY_MAP_HEIGHT, alt=alt)
            st.caption(alt)


def show_story() -> None:
    """The story page: a note on a bad link, the navigation, the current step; the URL follows."""
    from geo.story import STEP_COUNT

    step, bad = story_current_step()
    if bad is not None:
        st.info(
            tr("story.invalid_step", value=md(str(bad)[:40]), first=1, total=STEP_COUNT),
            icon=":material/help:",
        )
    st.caption(tr("story.caption"))
    show_story_nav(step)
    show_story_step(load_story_step(step, language()))
    story_publish(step)


# Streamlit collects garbage after every script run (gc.collect(2)), scanning every live object:
# the ~250,000 objects of the libraries imported above never become garbage, and scanning them
# cost 140-220 ms per rerun (bench/README.md). Freezing them once leaves the collector the
# session's own objects only.
gc.freeze()
