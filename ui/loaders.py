"""The cached loaders: each geo result the pages show, computed once per process and argument.

Every loader takes small hashable arguments (names, codes, the language); a session's own upload is
never cached here, so that it is never shared with another session.
"""

from __future__ import annotations

import dataclasses

import pandas as pd
import streamlit as st

from geo import charts, exports, package, profile, story
from geo.boundaries import read_boundaries
from geo.downloads import download_bytes
from geo.pages import charts as chart_pages
from geo.pages.justice import justice_page
from geo.pages.map import DepartmentProfile, MapPage, map_page, profile_model
from geo.pages.overview import overview_page
from geo.pages.routes import RoutesPage, routes_page
from geo.pages.story import StorySlide, story_slide
from geo.tables import read_table
from geo.views import MapView, PreparedMap, UserLayer, prepare_map, prepare_route_map

# --- data and maps ---------------------------------------------------------------------------


@st.cache_data(show_spinner=False)
def load_table(name: str) -> pd.DataFrame:
    """A validated data table (see geo.tables)."""
    return read_table(name)


@st.cache_data(show_spinner=False)
def load_boundaries():
    """The 25 departments (the shipped file, or the one named by ATLAS_BOUNDARIES)."""
    return read_boundaries()


# Shared, not copied: every rerun of the map page reads the prepared view twice (the map and the
# downloads), and st.cache_data would unpickle it, GeoDataFrames and all, each time. Renderers only
# read a PreparedMap; nothing changes one after prepare_map.
@st.cache_resource(show_spinner=False, max_entries=128)
def _load_prepared_view(
    layer: str, measure: str, routes: tuple[str, ...], lang: str
) -> PreparedMap:
    """A report layer's view with no department chosen, prepared once per process."""
    return prepare_map(MapView(layer, measure, routes, None, lang), boundaries=load_boundaries())


@st.cache_resource(show_spinner=False, max_entries=16)
def load_route_map(route_id: str, lang: str) -> PreparedMap:
    """The Routes page's map of one route (geo.views.prepare_route_map), prepared once."""
    return prepare_route_map(route_id, lang, boundaries=load_boundaries())


def load_prepared_map(
    layer: str, measure: str, routes: tuple[str, ...], department: str | None, lang: str
) -> PreparedMap:
    """A report layer's view, prepared once per combination of its (small, hashable) settings.

    The department only outlines one polygon: a click reuses the view prepared without it.
    """
    prepared = _load_prepared_view(layer, measure, tuple(routes), lang)
    if department is None:
        return prepared
    return dataclasses.replace(prepared, view=MapView(layer, measure, routes, department, lang))


def prepared_map(view: MapView, user: UserLayer | None = None) -> PreparedMap:
    """The prepared view: cached for report layers, computed for the session's own upload."""
    if user is None:
        return load_prepared_map(view.layer, view.measure, view.routes, view.department, view.lang)
    return prepare_map(view, user=user, boundaries=load_boundaries())


@st.cache_data(show_spinner=False, max_entries=96, ttl=86400)  # a day: the citation's access date
def load_map_download(
    kind: str, layer: str, measure: str, routes: tuple[str, ...], department: str | None, lang: str
) -> bytes:
    """One download of a report layer's view, made once per combination of its settings."""
    return download_bytes(kind, load_prepared_map(layer, measure, routes, department, lang))


@st.cache_data(show_spinner=False)
def load_profile(code: str, lang: str) -> profile.Profile:
    """The profile of department ``code`` (geo.profile)."""
    return profile.department_profile(code, lang)


@st.cache_data(show_spinner=False)
def load_map_page(lang: str) -> MapPage:
    """The Map page's words (geo.pages.map): title, hint, the controls' labels and options."""
    return map_page(lang)


@st.cache_data(show_spinner=False)
def load_department_page(code: str, lang: str) -> DepartmentProfile:
    """The profile of department ``code`` as both editions show it (geo.pages.map)."""
    return profile_model(load_profile(code, lang), lang)


# --- routes ----------------------------------------------------------------------------------


@st.cache_data(show_spinner=False)
def load_routes_page(lang: str) -> RoutesPage:
    """What the Routes page says in ``lang`` (geo.pages.routes, the static edition's too)."""
    return routes_page(lang, boundaries=load_boundaries())


# --- charts and figures ----------------------------------------------------------------------


@st.cache_data(show_spinner=False)
def load_chart_screen(
    chart_id: str, lang: str, theme: str = "light", plot_height: int | None = None
):
    """Chart ``chart_id`` as a page draws it: (figure without its words, the words) (geo.charts).

    ``theme="dark"``: the dark version (geo.charts.theme), for an embed's ``?theme=dark``;
    ``plot_height``: the plot area's height in px (geo.charts.for_screen).
    """
    return chart_pages.screen_figure(chart_id, lang, theme, plot_height)


@st.cache_data(show_spinner=False, max_entries=64)
def load_chart_png(chart_id: str, lang: str) -> bytes:
    """Chart ``chart_id`` as a PNG with its title, source and caveat (geo.charts.figure_png)."""
    return charts.figure_png(chart_id, lang)


@st.cache_data(show_spinner=False)
def load_chart_csv(chart_id: str, lang: str) -> bytes:
    """The CSV download of chart ``chart_id``: its data, with title, source, caveat and period."""
    return charts.chart_csv(chart_id, lang)


@st.cache_data(show_spinner=False)
def load_chart_quality(chart_id: str, lang: str) -> list[str]:
    """The data-quality findings about chart ``chart_id``'s figures."""
    return charts.quality_messages(chart_id, lang)


@st.cache_data(show_spinner=False)
def load_chart_block(chart_id: str, lang: str) -> chart_pages.ChartBlock:
    """What the page says of chart ``chart_id`` (geo.pages.charts.ChartBlock)."""
    return chart_pages.chart_block(chart_id, lang)


@st.cache_data(show_spinner=False)
def load_overview_page(lang: str) -> chart_pages.ChartPage:
    """The Overview page's model (geo.pages.overview)."""
    return overview_page(lang)


@st.cache_data(show_spinner=False)
def load_justice_page(lang: str) -> chart_pages.ChartPage:
    """The Justice page's model (geo.pages.justice)."""
    return justice_page(lang)


# --- story -----------------------------------------------------------------------------------


@st.cache_data(show_spinner=False)
def load_story_step(number: int, lang: str) -> story.StoryStep:
    """Step ``number`` of the story (geo.story.StoryStep) in ``lang``."""
    return story.story_step(number, lang)


@st.cache_data(show_spinner=False)
def load_story_slide(number: int, lang: str) -> StorySlide:
    """Step ``number`` of the story as its slide (geo.pages.story): words, chart or map."""
    return story_slide(number, lang)


@st.cache_data(show_spinner=False)
def load_story_map(layer: str, measure: str, routes: tuple[str, ...], lang: str) -> tuple[str, str]:
    """(the fixed-frame map page as HTML, its alt text) for a story step's view."""
    prepared = load_prepared_map(layer, measure, routes, None, lang)
    return story.fixed_map_html(prepared), exports.map_alt_text(prepared)


# --- data & sources --------------------------------------------------------------------------


@st.cache_data(show_spinner=False)
def load_provenance_rows(name: str, lang: str) -> list[dict[str, str]]:
    """The sources table ``name`` cites, one row each, in ``lang`` (geo.package.provenance_rows)."""
    return package.provenance_rows(name, lang)


@st.cache_data(show_spinner=False)
def load_package_zip() -> bytes:
    """The whole data package as one ZIP (geo.package.package_zip)."""
    return package.package_zip()
