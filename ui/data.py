"""The Data & sources page's sections: tables with provenance, the package, quality, citation, embed.

What they say is the page's model (``geo.pages.data.data_page``), which the static edition lays
out too; this module only draws it with Streamlit's elements."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo.pages.data import DataPage, data_page
from geo.quality import ERROR, findings_table
from geo.safety import escape_markdown as md
from geo.safety import safe_csv_bytes
from geo.share import STATIC, chart_share, map_share
from geo.urls import EMBED_CHART, MAP_VIEW_KEYS, theme_of
from ui.loaders import load_package_zip, load_table
from ui.state import language, tr


@st.cache_data(show_spinner=False)
def load_data_page(lang: str) -> DataPage:
    """The page's model in ``lang`` (geo.pages.data), made once per language."""
    return data_page(lang)


def show_table(name: str) -> None:
    """One data table, its description, the sources of its rows and a CSV download."""
    model = load_data_page(language())
    entry = model.table(name)
    if entry.description:
        st.caption(md(entry.description))
    table = load_table(name)  # the CSV keeps the columns' names and the file's numbers
    # The reader's grid: the dictionary's titles as headers, numbers in the reader's format.
    shown = pd.DataFrame(list(entry.rows), columns=list(entry.headers))
    st.dataframe(shown, hide_index=True, key=f"table_view_{name}")
    st.markdown(f"**{md(model.sources_heading)}**")
    # The columns keep their machine names in the data; the reader sees them in their language.
    st.dataframe(
        [dict(zip(entry.source_fields, row, strict=True)) for row in entry.sources],
        hide_index=True,
        column_config=dict(zip(entry.source_fields, entry.source_columns, strict=True)) or None,
        key=f"table_sources_{name}",
    )
    if entry.record:
        st.caption(md(entry.record))
    st.download_button(
        entry.download,
        safe_csv_bytes(table),
        entry.file,
        "text/csv",
        key=f"dl_table_{name}",
    )


def show_package_downloads() -> None:
    """The whole data package (CSV, GeoJSON, provenance, dictionary) as one ZIP."""
    model = load_data_page(language())
    st.download_button(
        model.package_download,
        load_package_zip,  # made when clicked, not on every open of the page
        model.package_name,
        "application/zip",
        key="dl_package",
        on_click="ignore",
    )


@st.cache_data(show_spinner=False)
def load_findings_table(lang: str):
    """The table of every finding in ``lang`` (geo.quality.findings_table)."""
    return findings_table(lang)


def show_quality_findings() -> None:
    """The report's figures rechecked: errors first, then how to read the tables, then questions."""
    model = load_data_page(language())
    for section in model.quality:
        st.markdown(f"**{md(section.heading)}**")
        for text in section.texts:
            if section.kind == ERROR:
                st.warning(md(text), icon=":material/error:")
            else:
                st.markdown(f"- {md(text)}")
    st.markdown(f"**{md(model.quality_table_heading)}**")
    st.dataframe(load_findings_table(language()), hide_index=True, key="quality_table")


EMBED_THEME_KEY = "embed_theme"  # the snippet's colours: light, or dark for sites in dark mode


def show_citation_and_embed() -> None:
    """The suggested citation, the link to the map view last shown, and the iframe code of that
    view and of a chart.

    The code sizes its iframe to the embedded page (geo.urls.iframe_code); the reader chooses
    light or dark colours for it. Link and code open the static edition's page of the view where
    it is published and can show it, else the live app's, with a line saying why (geo.share).
    """
    model = load_data_page(language())
    st.markdown(f"**{md(model.citation_heading)}**")
    st.code(model.citation, language=None, wrap_lines=True)
    st.markdown(f"**{md(model.embed_heading)}**")
    st.caption(model.embed_help)
    themes = dict(model.embed_themes)
    theme = st.segmented_control(
        model.embed_theme,
        list(themes),
        key=EMBED_THEME_KEY,
        default=next(iter(themes)),
        required=True,
        format_func=themes.get,
    )
    theme = theme_of(theme)
    st.caption(model.embed_sizing)
    lang, page_url = language(), st.context.url
    # The map's controls keep their values for the session (ui.state.KEEP), so they are here too.
    view = {key: st.session_state.get(key) for key in MAP_VIEW_KEYS}
    shared = map_share(view, lang, page_url, theme)  # the static edition's, when it can show it
    chart = chart_share(EMBED_CHART, lang, page_url, theme=theme)
    if shared.edition == STATIC:
        st.caption(tr("data.embed_static", url=shared.static))  # the operator's address
    elif shared.why:
        st.info(md(shared.why), icon=":material/info:")
    st.markdown(f"**{md(model.share_link)}**")
    st.code(shared.link, language=None, wrap_lines=True)
    for code in (shared.code, chart.code):
        st.code(code, language="html", wrap_lines=True)
