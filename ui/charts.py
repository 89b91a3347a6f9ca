"""Charts and headline figures on a page: each chart with its alt text, notes, data and CSV."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from geo.charts import ChartWords, chart_spec, charts_for_page, for_screen
from geo.safety import escape_markdown as md
from ui.embed import stop_on_unknown
from ui.loaders import (
    load_chart_alt_text,
    load_chart_csv,
    load_chart_png,
    load_chart_quality,
    load_chart_screen,
    load_chart_table,
)
from ui.state import language, tr


def show_figure(
    fig: go.Figure,
    words: ChartWords,
    key: str,
    alt: str | None = None,
    notes: bool = True,
) -> None:
    """A figure drawn by its container's width, its title above it, source and caveat below.

    ``fig`` and ``words`` come from geo.charts.for_screen: the words are written as text that
    wraps at any width, where plotly would cut them or print them over the legend. The toolbar
    has no camera button: it would save the figure without its words (show_chart offers the PNG
    drawn on the server, words included). ``notes=False`` leaves out the data-quality notes
    (the story lists them beside the chart).
    """
    st.markdown(f"**{md(words.title)}**")
    st.plotly_chart(
        fig,
        key=key,
        height="content",
        theme=None,  # the figure's own colours and fonts, the same as in its PNG
        alt=alt,
        config={"displaylogo": False, "modeBarButtonsToRemove": ["toImage"]},
    )
    for line in (words.source, words.caveat):
        if line:
            st.caption(md(line))
    for note in words.notes if notes else ():
        st.caption(f":material/info: {md(note)}")


def show_chart(
    chart_id: str,
    quality: bool = True,
    theme: str = "light",
    plot_height: int | None = None,
    details: bool = True,
) -> None:
    """Chart ``chart_id``: title, figure, source and caveat, alt text, quality notes, data, files.

    The PNG download (made on the server when asked) carries title, source and caveat inside
    the image. ``theme="dark"`` draws the dark version (an embed's ``?theme=dark``).
    ``plot_height`` (px) sets the height of the plot area (its words and legend keep their room);
    ``details=False`` leaves out the alt text under the figure (the figure keeps it for screen
    readers), the PNG and the data table (the story's step fits one screen).
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
        fig, words = load_chart_screen(chart_id, lang, theme, plot_height)
        show_figure(fig, words, key=f"chart_{chart_id}", alt=alt, notes=details)
        if details:
            st.caption(alt)
            st.download_button(
                tr("chart.download_png"),
                data=lambda: load_chart_png(chart_id, lang),
                file_name=f"{file_name}.png",
                mime="image/png",
                key=f"png_{chart_id}",
                on_click="ignore",
                icon=":material/image:",
            )
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
        if theme == "dark":  # the grid draws in Streamlit's (light) theme: a table the page styles
            st.table(_as_text_table(table), hide_index=True, alt=tr("chart.data_table"))
        else:
            st.dataframe(table, hide_index=True, key=f"table_{chart_id}")
        st.download_button(
            tr("chart.download_csv"),
            data=lambda: load_chart_csv(chart_id, lang),
            file_name=f"{file_name}.csv",
            mime="text/csv",
            key=f"csv_{chart_id}",
            on_click="ignore",
            icon=":material/download:",
        )


def show_user_figure(fig: go.Figure, key: str) -> None:
    """A figure made of a user's own data (never cached), drawn as show_figure draws a chart."""
    show_figure(*for_screen(fig), key=key)


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


def _as_text_table(table):
    """``table`` for an HTML table: whole numbers without decimals, others with at most two,
    missing values empty (pandas would print every float with six decimals)."""
    import pandas as pd

    shown = table.copy()
    for column in shown.columns:
        values = shown[column]
        if pd.api.types.is_float_dtype(values):
            known = values.dropna()
            if known.eq(known.round()).all():
                shown[column] = values.astype("Int64")
    return shown.style.format(precision=2, na_rep="")
