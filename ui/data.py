"""The Data & sources page's sections: tables with provenance, the package, quality, citation, embed."""

from __future__ import annotations

import streamlit as st

from geo.package import PACKAGE_NAME, file_record
from geo.quality import ERROR, findings_sections, findings_table
from geo.safety import escape_markdown as md
from geo.safety import safe_csv_bytes
from geo.site.embed import static_chart_snippet, static_map_snippet, static_url
from geo.tables import file_text
from geo.urls import (
    CHART_IFRAME_HEIGHT,
    EMBED_CHART,
    MAP_IFRAME_HEIGHT,
    MAP_VIEW_KEYS,
    THEMES,
    app_base_url,
    chart_embed_url,
    iframe_code,
    map_embed_url,
    theme_of,
)
from ui.loaders import load_package_zip, load_provenance_rows, load_table
from ui.state import language, tr


def show_table(name: str) -> None:
    """One data table, its description, the sources of its rows and a CSV download."""
    text = file_text(name, language())
    if text.description:
        st.caption(md(text.description))
    table = load_table(name)
    st.dataframe(table, hide_index=True, key=f"table_view_{name}")
    st.markdown(f"**{tr('data.sources')}**")
    rows = load_provenance_rows(name, language())
    # The columns keep their machine names in the data; the reader sees them in their language.
    st.dataframe(
        rows,
        hide_index=True,
        column_config={field: tr(f"data.sources.col.{field}") for field in rows[0]}
        if rows
        else None,
        key=f"table_sources_{name}",
    )
    record = file_record(name)
    if record:
        st.caption(
            tr(
                "data.file_record",
                sha=record.get("sha256", "")[:16],
                derivation=md(text.derivation),
            )
        )
    st.download_button(
        tr("data.download_csv", name=name),
        safe_csv_bytes(table),
        f"{name}.csv",
        "text/csv",
        key=f"dl_table_{name}",
    )


def show_package_downloads() -> None:
    """The whole data package (CSV, GeoJSON, provenance, dictionary) as one ZIP."""
    st.download_button(
        tr("data.download_package"),
        load_package_zip,  # made when clicked, not on every open of the page
        f"{PACKAGE_NAME}.zip",
        "application/zip",
        key="dl_package",
        on_click="ignore",
    )


@st.cache_data(show_spinner=False)
def load_findings(lang: str):
    """The findings in ``lang``: (kind, heading, texts) sections, and the table of every finding."""
    return findings_sections(lang), findings_table(lang)


def show_quality_findings() -> None:
    """The report's figures rechecked: errors first, then how to read the tables, then questions."""
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


EMBED_THEME_KEY = "embed_theme"  # the snippet's colours: light, or dark for sites in dark mode


def show_citation_and_embed() -> None:
    """The suggested citation, and the iframe code of the map view last shown and of a chart.

    The code sizes its iframe to the embedded page (geo.urls.iframe_code); the reader chooses
    light or dark colours for it.
    """
    st.markdown(f"**{tr('data.citation')}**")
    st.code(tr("data.citation_text"), language=None, wrap_lines=True)
    st.markdown(f"**{tr('data.embed')}**")
    st.caption(tr("data.embed_help"))
    theme = st.segmented_control(
        tr("data.embed_theme"),
        list(THEMES),
        key=EMBED_THEME_KEY,
        default=THEMES[0],
        required=True,
        format_func=lambda name: tr(f"data.embed_theme.{name}"),
    )
    theme = theme_of(theme)
    st.caption(tr("data.embed_sizing"))
    lang = language()
    published = static_url()  # ATLAS_STATIC_URL: where site/ is published; it needs no server
    if published is not None:
        st.caption(tr("data.embed_static", url=published))
        view = [st.session_state.get(key) for key in MAP_VIEW_KEYS]
        for code in (
            static_map_snippet(published, *view[:2], lang, *view[2:], theme=theme),
            static_chart_snippet(published, EMBED_CHART, lang, theme=theme),
        ):
            st.code(code, language="html", wrap_lines=True)
        return
    base = app_base_url(st.context.url)
    # The map's controls keep their values for the session (ui.state.KEEP), so they are here too.
    view = {key: st.session_state.get(key) for key in MAP_VIEW_KEYS}
    for src, height in (
        (map_embed_url(base, lang, view, theme), MAP_IFRAME_HEIGHT),
        (chart_embed_url(base, EMBED_CHART, lang, theme=theme), CHART_IFRAME_HEIGHT),
    ):
        st.code(iframe_code(src, tr("app.title"), height), language="html", wrap_lines=True)
