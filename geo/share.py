"""Which edition a reader's link and embed code open: the static one when it can show the view.

The static edition (``site/``) draws a report view on a phone in a few seconds, the live app in
tens; so where the static edition's address is known (``ATLAS_STATIC_URL``: an absolute address,
or a path on the live app's own host such as ``/site/``, which ``make serve`` sets), every link
and embed code the live app hands out for a view the static edition has opens that edition's
page of the same view: ``<static><lang>/map-<layer>-<measure>.html#routes=…&dept=…`` for a map,
``<static><lang>/embed/…`` for an embed. A view that needs a server (a reader's own layer, or a
server drawing other boundaries than the static edition's) keeps the live app's address, with a
line saying why in the reader's language. Without the setting everything is the live app's, as
before. :func:`map_share` and :func:`chart_share` decide; the live app only shows what they give.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from urllib.parse import urljoin, urlsplit

from geo.i18n import normalise_language, t
from geo.urls import (
    CHART_IFRAME_HEIGHT,
    MAP_IFRAME_HEIGHT,
    app_base_url,
    chart_embed_url,
    iframe_code,
    map_embed_url,
    map_view_url,
    theme_of,
)

STATIC, LIVE = "static", "live"  # the editions a link can open
UPLOAD_LAYER = "upload"  # geo.views.UPLOAD_LAYER: a reader's own file, in one server session
# Why a view's link opens the live app although the static edition is published: catalogue keys.
WHY_UPLOAD = "share.live.upload"
WHY_BOUNDARIES = "share.live.boundaries"
WHY_UNKNOWN = "share.live.view"


@dataclass(frozen=True)
class Settings:
    """What decides: where the static edition is published, and the live app's boundaries."""

    static: str | None = None  # absolute, or a path on the live app's host; ends in "/"
    own_boundaries: bool = True  # False: the live app draws a boundary file of its own

    @classmethod
    def from_environment(cls) -> Settings:
        """``ATLAS_STATIC_URL`` and ``ATLAS_BOUNDARIES`` as this process has them."""
        from geo.boundaries import boundaries_path
        from geo.paths import BOUNDARIES_FILE
        from geo.site.embed import static_setting

        own = boundaries_path().resolve() == BOUNDARIES_FILE.resolve()
        return cls(static=static_setting(), own_boundaries=own)


@dataclass(frozen=True)
class Shared:
    """A view's link and embed as the live app hands them out.

    ``link`` is the address to give a reader (the view's page), ``embed`` the iframe's address,
    ``code`` the HTML to paste; ``edition`` is :data:`STATIC` or :data:`LIVE`; ``why`` is the line
    that says, in the reader's language, why a view opens the live app although the static
    edition is published (None otherwise); ``static`` the static edition's absolute address when
    known.
    """

    link: str
    embed: str
    title_of: Callable[[], str] = field(repr=False, compare=False)  # made when the code is
    height: int = MAP_IFRAME_HEIGHT
    edition: str = LIVE
    why: str | None = None
    static: str | None = None

    @property
    def title(self) -> str:
        """The iframe's title (a chart's costs its figure: made only when asked)."""
        return self.title_of()

    @property
    def code(self) -> str:
        """The iframe code of :attr:`embed` (:func:`geo.urls.iframe_code`)."""
        return iframe_code(self.embed, self.title, self.height)


def static_address(static: str | None, page_url: str | None) -> str | None:
    """The static edition's absolute address (ending in ``/``) from the setting: an absolute
    http(s) address as it is, a path (``/site/``) on the host of ``page_url`` (the live page's
    address in the browser); None without a setting, or for a path without a page address or
    for a value that is neither."""
    if not static:
        return None
    static = static if static.endswith("/") else static + "/"
    if urlsplit(static).scheme in ("http", "https"):
        return static
    if not static.startswith("/") or static.startswith("//") or not page_url:
        return None
    page = urlsplit(page_url)
    if page.scheme not in ("http", "https") or not page.netloc:
        return None
    return urljoin(page_url, static)


def _report_view(layer: object, measure: object) -> tuple[str, str] | None:
    """(layer, measure) when the static edition has that view (a missing measure: the layer's
    first), else None."""
    from geo.layers import LAYERS

    if not isinstance(layer, str) or layer not in LAYERS:
        return None
    measures = LAYERS[layer].measures
    if measure is None:
        return layer, measures[0]
    return (layer, str(measure)) if measure in measures else None


def _routes(value: object) -> list[str] | None:
    from geo.routes import ROUTE_IDS

    if value is None:
        return None
    items = [value] if isinstance(value, str) else list(value)  # type: ignore[call-overload]
    return [r for r in ROUTE_IDS if r in items]


def _dept(value: object) -> str | None:
    from geo.names import department_names

    return value if isinstance(value, str) and value in department_names() else None


def map_share(
    view: Mapping[str, object],
    lang: str,
    page_url: str | None,
    theme: str | None = None,
    settings: Settings | None = None,
) -> Shared:
    """The link and embed of a map view (``layer``, ``measure``, ``routes``, ``dept``, as the
    map's URL parameters name them; a missing one is the default) from the live page at
    ``page_url``.

    Parameters
    ----------
    view : the map's values (``st.session_state`` holds them under these names)
    lang : the reader's language
    page_url : the live page's address in the browser (``st.context.url``)
    theme : ``"dark"`` for an embed in dark colours
    settings : what decides; by default this process's environment
    """
    lang = normalise_language(lang)
    settings = settings if settings is not None else Settings.from_environment()
    static = static_address(settings.static, page_url)
    report = _report_view(view.get("layer") or "complaints", view.get("measure"))
    why = None
    if static is not None:
        if view.get("layer") == UPLOAD_LAYER:
            why = WHY_UPLOAD
        elif not settings.own_boundaries:
            why = WHY_BOUNDARIES
        elif report is None:
            why = WHY_UNKNOWN
    if static is not None and why is None and report is not None:
        from geo.site.embed import DEFAULT_HEIGHT, map_fragment, static_map_src
        from geo.site.files import view_file

        routes, dept = _routes(view.get("routes")), _dept(view.get("dept"))
        layer, measure = report
        return Shared(
            link=urljoin(static, f"{lang}/{view_file(layer, measure)}")
            + map_fragment(routes, dept),
            embed=static_map_src(static, layer, measure, lang, routes, dept, theme_of(theme)),
            title_of=partial(t, f"layer.{layer}.title", lang),
            height=DEFAULT_HEIGHT["map"],
            edition=STATIC,
            static=static,
        )
    base = app_base_url(page_url)
    return Shared(
        link=map_view_url(base, lang, view),
        embed=map_embed_url(base, lang, view, theme),
        title_of=partial(t, "app.title", lang),
        height=MAP_IFRAME_HEIGHT,
        edition=LIVE,
        why=t(why, lang) if why else None,
        static=static,
    )


def chart_share(
    chart_id: str,
    lang: str,
    page_url: str | None,
    page: str = "overview",
    theme: str | None = None,
    settings: Settings | None = None,
) -> Shared:
    """The link and embed of one chart of the live page ``page`` (the chart alone, which is what
    its link opens too), from the live page at ``page_url``: the static edition's embed page of
    the chart when it is published and has the chart."""
    from geo.charts import PAGES, charts_for_page

    lang = normalise_language(lang)
    settings = settings if settings is not None else Settings.from_environment()
    static = static_address(settings.static, page_url)
    known = any(chart_id in charts_for_page(p) for p in PAGES)
    if static is not None and known:
        from geo.site.charts import chart_title
        from geo.site.embed import DEFAULT_HEIGHT, static_chart_src

        return Shared(
            link=static_chart_src(static, chart_id, lang),
            embed=static_chart_src(static, chart_id, lang, theme_of(theme)),
            title_of=partial(chart_title, chart_id, lang),
            height=DEFAULT_HEIGHT["chart"],
            edition=STATIC,
            static=static,
        )
    base = app_base_url(page_url)
    return Shared(
        link=chart_embed_url(base, chart_id, lang, page=page),
        embed=chart_embed_url(base, chart_id, lang, page=page, theme=theme),
        title_of=partial(t, "app.title", lang),
        height=CHART_IFRAME_HEIGHT,
        edition=LIVE,
        why=t(WHY_UNKNOWN, lang) if static is not None else None,
        static=static,
    )
