"""Charts and headline figures on a page: each chart with its alt text, notes, data and CSV."""

from __future__ import annotations

import streamlit as st

from geo.charts import chart_spec, charts_for_page
from geo.safety import escape_markdown as md
from geo.safety import safe_csv_bytes
from ui.embed import stop_on_unknown
from ui.loaders import (
    load_chart_alt_text,
    load_chart_figure,
    load_chart_quality,
    load_chart_table,
)
from ui.state import language, tr


def show_chart(
    chart_id: str,
    quality: bool = True,
    theme: str = "light",
    height: int | None = None,
    details: bool = True,
) -> None:
    """Chart ``chart_id``: the figure, its alt text, data-quality notes beside it, its data and CSV.

    The figure itself carries title, source and caveat; the modebar's camera button saves a PNG.
    ``theme="dark"`` draws the dark version (an embed's ``?theme=dark``). ``height`` (px) sets
    the figure's height; ``details=False`` leaves out the alt text under the figure (the figure
    keeps it for screen readers) and the data table (the story's step fits one screen).
    """
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
            load_chart_figure(chart_id, lang, theme),
            key=f"chart_{chart_id}",
            height=height if height is not None else "content",
            theme=None,  # the figure's own colours and fonts, the same as in its PNG
            alt=alt,
            config={
                "toImageButtonOptions": {"format": "png", "filename": file_name, "scale": 2},
                "displaylogo": False,
            },
        )
        if details:
            st.caption(alt)
    if notes_col is not None:
        with notes_col:
            st.markdown(f"**{tr('chart.quality_heading', n=len(notes))}**")
            box = st.container(border=False, key=f"quality_{chart_id}")
            for note in notes:
                box.caption(f":material/info: {md(note)}")
    if not details:
        return
    with st.expander(tr("chart.data_table"), key=f"data_{chart_id}"):
        table = load_chart_table(chart_id, lang)
        st.dataframe(table, hide_index=True, key=f"table_{chart_id}")
        st.download_button(
            tr("chart.download_csv"),
            data=safe_csv_bytes(table),
            file_name=f"{file_name}.csv",
            mime="text/csv",
            key=f"csv_{chart_id}",
            on_click="ignore",
            icon=":material/download:",
        )


def embedded_chart(page: str) -> str | None:
    """The chart asked for by ``?chart=<id>`` when it belongs to ``page``; None without ``chart``.

    The page then shows that chart alone (for an iframe, with Streamlit's own ``?embed=true``).
    A chart the page does not have is named in a message with the page's charts, and the page
    stops there (it does not fall back to the whole page, which an iframe would cut off).
    """
    stop_on_unknown({"chart": charts_for_page(page)})
    return st.query_params.get("chart")


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
