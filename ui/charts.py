"""Charts and headline figures on a page: the page models of geo.pages.charts laid out.

Every word comes from the model (a ChartPage, its ChartBlocks and Facts); this module only
draws them with Streamlit's elements, as the static edition's templates draw them in HTML.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from geo.charts import ChartWords, charts_for_page, for_screen
from geo.charts.linked import clicked_department, highlight
from geo.pages.charts import ChartBlock, ChartPage, Fact
from geo.safety import escape_markdown as md
from geo.share import STATIC, chart_share
from geo.urls import chart_embed_url
from ui.embed import stop_on_unknown
from ui.loaders import load_chart_block, load_chart_csv, load_chart_png, load_chart_screen
from ui.state import language

DEPT_KEY = "dept"  # the department chosen on the map (ui.live_map.DEPT_KEY), kept in the session
MAP_PAGE = "app_pages/map_page.py"
_OPEN_ON_MAP = "chart_open_on_map"  # session: a click on a department's bar, to open on the map


def show_figure(
    fig: go.Figure,
    words: ChartWords,
    key: str,
    alt: str | None = None,
    notes: bool = True,
    on_select=None,
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
        on_select=on_select or "ignore",
        selection_mode="points",
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
    """Chart ``chart_id`` as its block says (geo.pages.charts.ChartBlock): see show_block."""
    show_block(load_chart_block(chart_id, language()), quality, theme, plot_height, details)


def show_block(
    block: ChartBlock,
    quality: bool = True,
    theme: str = "light",
    plot_height: int | None = None,
    details: bool = True,
) -> None:
    """A chart block laid out: title, figure, source and caveat, alt text, quality findings, the
    PNG (drawn on the server when asked, words included), the data table, its CSV and the link
    to the chart alone (for an iframe); every word from ``block``.

    ``theme="dark"`` draws the dark version (an embed's ``?theme=dark``). ``plot_height`` (px)
    sets the height of the plot area (its words and legend keep their room); ``details=False``
    leaves out the alt text under the figure (the figure keeps it for screen readers), the PNG,
    the data table and the links (the story's step fits one screen).
    """
    chart_id = block.chart_id
    notes = block.quality if quality else ()
    if notes:
        chart_col, notes_col = st.columns([3, 1.2], gap="medium")
    else:
        chart_col, notes_col = st.container(), None
    with chart_col:
        fig, _words = load_chart_screen(chart_id, block.lang, theme, plot_height)
        linked = bool(block.linked_hint) and details
        if linked:  # the department chosen on the map, outlined; a click on a bar opens its own
            fig = highlight(fig, st.session_state.get(DEPT_KEY), theme)
        show_figure(
            fig,
            block.words,
            key=f"chart_{chart_id}",
            alt=block.alt,
            notes=details,
            on_select=_chosen_on_chart(f"chart_{chart_id}", fig) if linked else None,
        )
        if linked:
            st.caption(md(block.linked_hint))
        if details:
            st.caption(md(block.alt))
            st.download_button(
                block.png.label,
                data=lambda: load_chart_png(chart_id, block.lang),
                file_name=block.png.file_name,
                mime=block.png.mime,
                key=f"png_{chart_id}",
                on_click="ignore",
                icon=":material/image:",
            )
    if notes_col is not None:
        with notes_col:
            st.markdown(f"**{md(block.quality_heading)}**")
            box = st.container(border=False, key=f"quality_{chart_id}")
            for note in notes:
                box.caption(f":material/info: {md(note)}")
    if not details:
        return
    with st.expander(block.table_label, key=f"data_{chart_id}"):
        show_data_table(block, theme)
        st.download_button(
            block.csv.label,
            data=lambda: load_chart_csv(chart_id, block.lang),
            file_name=block.csv.file_name,
            mime=block.csv.mime,
            key=f"csv_{chart_id}",
            on_click="ignore",
            icon=":material/download:",
        )
    # the chart alone: the static edition's embed page where it is published (geo.share), else
    # this page's, relative
    shared = chart_share(chart_id, block.lang, st.context.url, page=block.page)
    embed = shared.link if shared.edition == STATIC else None
    embed = embed or chart_embed_url("", chart_id, block.lang, page=block.page)
    st.markdown(f"[{md(block.embed_label)}]({embed})")


def _chosen_on_chart(key: str, fig: go.Figure):
    """The ``on_select`` of a chart of departments: a click on a department's bar chooses it and
    asks for the map (:func:`follow_chart_click`), before the page is drawn again."""

    def chosen() -> None:
        event = st.session_state.get(key) or {}
        points = (event.get("selection") or {}).get("points") or []
        code = clicked_department(fig, points)
        if code is not None:
            st.session_state[DEPT_KEY] = code
            st.session_state[_OPEN_ON_MAP] = code

    return chosen


def follow_chart_click() -> None:
    """After a click on a department's bar, open the map with that department's profile (its
    code in the address, ``?dept=NN``, as a link to the view)."""
    code = st.session_state.pop(_OPEN_ON_MAP, None)
    if code is not None:
        st.switch_page(MAP_PAGE, query_params={"lang": language(), DEPT_KEY: code})


def show_embedded_chart(chart_id: str, theme: str = "light") -> None:
    """A chart alone, for an iframe: the parts geo.pages.charts.EMBED_PARTS names (title,
    figure, source, caveat, notes, the data table); the alt text is the figure's, for screen
    readers."""
    block = load_chart_block(chart_id, language())
    fig, _words = load_chart_screen(block.chart_id, block.lang, theme)
    show_figure(fig, block.words, key=f"chart_{block.chart_id}", alt=block.alt)
    with st.expander(block.table_label, key=f"data_{block.chart_id}"):
        show_data_table(block, theme)


def show_data_table(block: ChartBlock, theme: str = "light") -> None:
    """The data behind a chart (its block's table, in the reader's language and numbers)."""
    table = pd.DataFrame(list(block.table.rows), columns=list(block.table.headers))
    if theme == "dark":  # the grid draws in Streamlit's (light) theme: a table the page styles
        st.table(table, hide_index=True, alt=block.table.caption)
    else:
        st.dataframe(table, hide_index=True, key=f"table_{block.chart_id}")


def show_chart_page(page: ChartPage) -> None:
    """A page of headline figures and charts (geo.pages.charts.ChartPage) laid out: title,
    introduction, figures, then each section under its heading (its anchor in the address).

    A chart of departments outlines the one chosen on the map; a click on one of its bars opens
    the map on that department (:func:`follow_chart_click`)."""
    follow_chart_click()
    st.title(md(page.title))
    st.markdown(md(page.intro))
    if page.figures:
        show_figures(page.figures, key="headline")
    for section in page.sections:
        st.header(md(section.heading), anchor=section.anchor)
        if section.figures:
            show_figures(section.figures, key=section.anchor)
        for i, institution in enumerate(section.institutions):
            with st.container(border=True, key=f"institution_{i}"):
                st.markdown(f"**{md(institution.name)}**")
                st.markdown(md(institution.text))
        if section.caption:
            st.caption(md(section.caption))
        for block in section.charts:
            show_block(block)


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


def show_figures(figures: tuple[Fact, ...], columns: int = 3, key: str = "figures") -> None:
    """Headline figures (geo.pages.charts.Fact) as metrics, each with its source and any note."""
    cols = st.columns(columns)
    for i, fig in enumerate(figures):
        with cols[i % columns], st.container(border=True, key=f"{key}_{fig.fact_id}"):
            # the label above, in full: a metric's own label is cut to one line
            st.markdown(md(fig.label))
            st.metric(fig.label, fig.value, label_visibility="collapsed")
            st.caption(md(fig.source))
            if fig.note:
                st.caption(f":material/info: {md(fig.note)}")
