"""The reader's own data: the file upload, its problems, its column and year, chart and downloads.

The parsed file lives in this session's state only: it is never cached or shared.
"""

from __future__ import annotations

from datetime import timedelta

import streamlit as st

from geo import i18n
from geo.charts import upload_figure
from geo.safety import css_string
from geo.safety import escape_markdown as md
from geo.uploads import (
    MAX_BYTES,
    UploadError,
    harmonised_csv_bytes,
    parse_upload_bounded,
    preview_table,
    problems_table,
)
from geo.views import UserLayer, user_layer
from ui.charts import show_user_figure
from ui.state import KEEP, language, tr

UPLOAD_KEY = "upload"  # the session's parsed file (geo.uploads.Upload)
UPLOAD_FILE_KEY = "upload_file"  # the file uploader widget
UPLOAD_ERROR_KEY = "_upload_error"  # the last file refused (geo.uploads.UploadError)
UPLOAD_COLUMN_KEY = "upload_column"
UPLOAD_YEAR_KEY = "upload_year"
# Streamlit's own limit (the widget's and server.maxUploadSize in .streamlit/config.toml), above
# the atlas's MAX_BYTES: a file of 5 to 6 MB reaches the parser, whose refusal is in the reader's
# language. The page states the atlas's limit (5 MB).
UPLOAD_WIDGET_LIMIT_MB = 6
UPLOAD_STATED_LIMIT_MB = MAX_BYTES // (1024 * 1024)
UPLOAD_TYPES = ("csv", "tsv", "txt", "xlsx", "xlsm")
# Streamlit 1.67 writes its uploader's button ("Upload") and limits ("5MB per file") in English
# only: these rules put the reader's language in their place (text from the catalogue only). A
# file the widget itself refuses (over UPLOAD_WIDGET_LIMIT_MB, or of another type) gets a red
# chip and an English tooltip; the last rule writes the atlas's refusal under it.
UPLOAD_WIDGET_CSS = """<style>
.st-key-{key} [data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p,
.st-key-{key} [data-testid="stFileUploaderDropzoneInstructions"] span {{display: none}}
.st-key-{key} [data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"]::after
  {{content: {button}}}
.st-key-{key} [data-testid="stFileUploaderDropzoneInstructions"] > div::after
  {{content: {limits}; font-size: 0.875rem; opacity: 0.7}}
.st-key-{key}:has([data-testid="stFileChip"][aria-invalid="true"])::after
  {{content: {refused}; display: block; margin-top: 0.5rem; color: #b3261e}}
</style>"""


def session_user_layer() -> UserLayer | None:
    """The session's upload as a map layer, in the column and year chosen for it, or None."""
    upload = st.session_state.get(UPLOAD_KEY)
    if upload is None:
        return None
    return user_layer(
        upload, st.session_state.get(UPLOAD_COLUMN_KEY), st.session_state.get(UPLOAD_YEAR_KEY)
    )


def _on_upload() -> None:
    """Parse the file just given; keep it only if it is valid (a bad file changes nothing)."""
    given = st.session_state.get(UPLOAD_FILE_KEY)
    st.session_state.pop(UPLOAD_ERROR_KEY, None)
    if given is None:
        return
    try:
        upload = parse_upload_bounded(given.name, given.getvalue(), language())
    except UploadError as error:
        st.session_state[UPLOAD_ERROR_KEY] = error
        return
    st.session_state[UPLOAD_KEY] = upload
    st.session_state[UPLOAD_COLUMN_KEY] = upload.value_columns[0]
    st.session_state[UPLOAD_YEAR_KEY] = upload.years[-1] if upload.years else None


def _show_problems(problems, key: str, listed: int = 10) -> None:
    """The first problems as sentences (a table cell cuts a long one), then all of them by row.

    The table holds nothing a spreadsheet could run (geo.uploads.problems_table): its toolbar's
    "Download as CSV" writes the cells as shown.
    """
    lang = language()
    lines = [f"- {md(p.describe(lang))}" for p in problems[:listed]]
    if len(problems) > listed:
        lines.append(f"- {md(i18n.tn('uploads.more', len(problems) - listed, lang))}")
    st.markdown("\n".join(lines))
    st.dataframe(problems_table(problems, lang), hide_index=True, key=key)


def _remove_upload() -> None:
    for key in (UPLOAD_KEY, UPLOAD_COLUMN_KEY, UPLOAD_YEAR_KEY, UPLOAD_ERROR_KEY):
        st.session_state.pop(key, None)


def show_upload_chart(user: UserLayer | None) -> None:
    """A bar chart of the uploaded layer, labelled with the user's source."""
    if user is None:
        return
    figure = upload_figure(user.values, user.name, user.source, language(), user.decimals)
    show_user_figure(figure, "upload_chart")


@st.fragment  # an upload reruns this section only, not the whole Data page with its tables
def show_upload_section() -> None:
    """Load a CSV or Excel file of figures by department; preview, problems, map layer, chart."""
    st.markdown(tr("uploads.intro"))
    types = ", ".join(kind.upper() for kind in UPLOAD_TYPES)
    limits = tr("uploads.widget.limits", mb=UPLOAD_STATED_LIMIT_MB, types=types)
    refused = tr("uploads.widget.refused", mb=UPLOAD_STATED_LIMIT_MB, types=types)
    st.html(
        UPLOAD_WIDGET_CSS.format(
            key=UPLOAD_FILE_KEY,
            button=css_string(tr("uploads.widget.button")),
            limits=css_string(limits),
            refused=css_string(refused),
        )
    )
    st.file_uploader(
        tr("uploads.label"),
        type=list(UPLOAD_TYPES),
        key=UPLOAD_FILE_KEY,
        on_change=_on_upload,
        max_upload_size=UPLOAD_WIDGET_LIMIT_MB,
    )
    error = st.session_state.get(UPLOAD_ERROR_KEY)
    if error is not None:
        blocking = [p for p in error.problems if p.blocking]
        st.error(i18n.tn("uploads.rejected", len(blocking), language(), name=md(error.name)))
        _show_problems(error.problems, "upload_problems")
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
        _show_problems(upload.notes, "upload_notes")
    left, right = st.columns(2)
    # Kept for the session (KEEP): the map page, where these lists are not drawn, maps the column
    # and year chosen here.
    left.selectbox(
        tr("uploads.column"), upload.value_columns, key=UPLOAD_COLUMN_KEY, persist_state=KEEP
    )
    if upload.years:
        right.selectbox(tr("uploads.year"), upload.years, key=UPLOAD_YEAR_KEY, persist_state=KEEP)
    # Grid-safe (geo.uploads.preview_table): the toolbar's "Download as CSV" writes what is shown.
    st.dataframe(preview_table(upload), key="upload_preview")
    show_upload_chart(session_user_layer())
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
    c2.download_button(
        tr("uploads.download_clean"),
        harmonised_csv_bytes(upload),
        f"{upload.name.rsplit('.', 1)[0]}-harmonised.csv",
        "text/csv",
        key="dl_upload_clean",
    )
    c3.button(tr("uploads.remove"), key="upload_remove", on_click=_remove_upload)


# --- a server that stops (several replicas behind a load balancer, docs/DEPLOY.md) ----------

UPLOAD_LOST_KEY = "_upload_lost"


@st.fragment(run_every=timedelta(days=1))
def rerun_on_reconnect() -> None:
    """Have the browser rerun the page whenever its websocket reconnects.

    When the server holding a session stops, the load balancer sends the browser to another one,
    where Streamlit opens a new, empty session; its client asks for a rerun on reconnecting only
    when the page has a fragment that reruns itself (Streamlit 1.67's App.tsx), else the reader
    keeps a page whose downloads and upload point at the dead server until the next click. This
    fragment draws nothing; its daily rerun costs nothing.
    """


def note_lost_upload(user) -> None:
    """Remember when the address asks for an uploaded layer that this session does not have.

    An upload lives in the session (the server process) that received it: a reader moved to
    another server, or given a link with ``layer=upload``, gets the view but not the file.
    """
    if user is not None:
        st.session_state.pop(UPLOAD_LOST_KEY, None)
    elif st.query_params.get("layer") == "upload":
        st.session_state[UPLOAD_LOST_KEY] = True


def show_lost_upload() -> None:
    """Tell the reader that their uploaded layer is gone, and where to load it again."""
    if not st.session_state.get(UPLOAD_LOST_KEY):
        return
    with st.container(key="upload_lost"):
        st.warning(tr("uploads.lost"), icon=":material/cloud_off:")
        st.page_link(
            "app_pages/data_page.py",
            label=tr("uploads.load_again"),
            icon=":material/upload_file:",
            query_params={"tab": "upload", "lang": language()},
        )
