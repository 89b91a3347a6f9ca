"""Link previews of the static edition: each page's description, its ``og:`` and ``twitter:``
metadata, and a 1200 × 630 image drawn when the site is built.

A link pasted into a chat or a social network is shown as a card drawn from the page's head: its
title, description and image. The maps' images are drawn by :func:`geo.static_map.draw_map` (the
print image's map) with the view's title, legend and source beside it; the charts' are the press
kit's chart images (:func:`geo.charts.figure_png`: the figure with its title and source inside)
fitted to the card. Each image is drawn once per build and language, and shared by every page that
shows it. The texts are the catalogue's (``site.home.*``, ``site.preview.*``) and the page
models' (a view's title, subtitle and alt text; a chart's title and alt text).

``og:url`` is written, and ``og:image`` is absolute as the Open Graph protocol asks, when
``ATLAS_STATIC_URL`` names where the site is published (:func:`geo.site.embed.static_url`);
without it the image's address is relative to the page, which browsers follow but most link
previewers do not.
"""

from __future__ import annotations

import hashlib
import io
import json
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

from geo.i18n import LANGUAGES, t
from geo.site.data import view_key
from geo.site.html import ASSETS, Page
from geo.views import PreparedMap

WIDTH, HEIGHT = 1200, 630  # px: the card size Open Graph consumers ask for (1.91:1)
MAX_BYTES = 300_000
COLOURS = 32  # of the PNG's palette
FOLDER = "previews"  # under assets/
LOCALES = {"es": "es_PE", "en": "en_GB"}
ALT_CHARS = 420  # twitter:image:alt's limit
DPI = 100
PANEL_X = 0.43  # where the words start, right of the map (figure fraction)
INK, GREY = "#1a1a1a", "#555555"


@dataclass(frozen=True)
class Preview:
    """What a page's head says about it to a link previewer (every value is text)."""

    title: str
    description: str
    image: str  # address of the image: absolute when the site's address is known, else relative
    image_alt: str
    locale: str
    alternate_locales: tuple[str, ...]
    url: str | None = None  # the page's absolute address, when the site's address is known
    kind: str = "website"
    width: int = WIDTH
    height: int = HEIGHT


def clip(text: str, limit: int = ALT_CHARS) -> str:
    """``text`` cut to at most ``limit`` characters, after its last whole sentence (or word)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    end = cut.rfind(". ")
    if end > limit // 3:
        return cut[: end + 1]
    return cut.rsplit(" ", 1)[0] + "…"


# --- images -----------------------------------------------------------------------------------


def _png(image) -> bytes:
    """A PIL image as a small PNG: 32 colours keep flat maps, charts and text sharp (about 40 KB
    where 256 colours take 50 KB and a full-colour PNG 150 KB)."""
    out = io.BytesIO()
    image.convert("RGB").quantize(COLOURS).save(out, format="PNG", optimize=True)
    data = out.getvalue()
    if len(data) > MAX_BYTES:
        raise ValueError(f"preview image of {len(data)} bytes: expected at most {MAX_BYTES}")
    return data


def _wrapped(text: str, width: int, lines: int) -> str:
    wrapped = textwrap.wrap(text, width) or [""]
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        wrapped[-1] = wrapped[-1].rstrip(" ,;:.") + "…"
    return "\n".join(wrapped)


def _text_below(fig, renderer, y: float, text: str, lines: int = 1, **style) -> float:
    """Draw ``text`` in the words' panel with its top at ``y``, wrapped to at most ``lines``
    lines that fit the panel's width; the figure fraction below it."""
    width = 60
    while True:
        artist = fig.text(
            PANEL_X,
            y,
            _wrapped(text, width, lines),
            ha="left",
            va="top",
            parse_math=False,
            **style,
        )
        box = artist.get_window_extent(renderer)
        if box.x1 <= fig.bbox.width - 16 or width <= 12:
            return box.y0 / fig.bbox.height
        artist.remove()
        width -= 2


def _legend(fig, prepared: PreparedMap, top: float) -> None:
    """The classes and "not reported" (or the routes, on a map of routes), under the words."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Rectangle

    from geo.classify import NOT_REPORTED_COLOUR, NOT_REPORTED_HATCH
    from geo.static_map import BORDER, HATCH

    if prepared.routes:
        handles = [Line2D([], [], color=r.colour, linewidth=4) for r in prepared.routes]
        labels = [r.name for r in prepared.routes]
        title = prepared.text.routes_title
    else:
        handles, labels = [], []
        if prepared.classification is not None:
            for colour, label in zip(
                prepared.classification.colours, prepared.class_labels, strict=True
            ):
                handles.append(Rectangle((0, 0), 1, 1, facecolor=colour, edgecolor=BORDER))
                labels.append(label)
        handles.append(
            Rectangle(
                (0, 0),
                1,
                1,
                facecolor=NOT_REPORTED_COLOUR,
                edgecolor=NOT_REPORTED_HATCH,
                hatch=HATCH,
            )
        )
        labels.append(prepared.text.not_reported)
        # the measure is written above the legend already: no title that repeats it
        title = (
            ""
            if prepared.text.legend_title == prepared.text.subtitle
            else (prepared.text.legend_title)
        )
    legend = fig.legend(
        handles,
        labels,
        title=_wrapped(title, 56, 2) if title else None,
        loc="upper left",
        bbox_to_anchor=(PANEL_X - 0.006, top),
        frameon=False,
        fontsize=14,
        title_fontsize=14,
        alignment="left",
        ncols=2 if len(labels) > 6 else 1,
        handlelength=1.6,
        handleheight=1.1,
    )
    for text in (legend.get_title(), *legend.get_texts()):
        text.set_parse_math(False)  # a class label or a name is never mathematics


# Images drawn in this process, by the sha256 of what each is drawn from: a second build (the
# tests build the site several times) reuses them, and a changed view or chart draws anew.
_DRAWN: dict[str, bytes] = {}


def _memo(key: object, draw: Callable[[], bytes]) -> bytes:
    digest = hashlib.sha256(json.dumps(key, sort_keys=True, default=str).encode()).hexdigest()
    if digest not in _DRAWN:
        _DRAWN[digest] = draw()
    return _DRAWN[digest]


def map_image(prepared: PreparedMap, title: str | None = None) -> bytes:
    """The card of a map view: the map on the left; the atlas's name, the title, the measure,
    the legend and the source on the right. 1200 × 630 PNG."""
    from geo.site.data import view_data

    key = ["map", view_data(prepared), [r.route_id for r in prepared.routes], title]
    return _memo(key, lambda: _draw_map_image(prepared, title))


def _draw_map_image(prepared: PreparedMap, title: str | None) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from PIL import Image

    from geo.static_map import draw_map

    text = prepared.text
    lang = prepared.view.lang
    fig = Figure(figsize=(WIDTH / DPI, HEIGHT / DPI), dpi=DPI, facecolor="white")
    canvas = FigureCanvasAgg(fig)
    draw_map(fig, prepared, (0.008, 0.015, PANEL_X - 0.03, 0.97))
    renderer = canvas.get_renderer()
    y = _text_below(fig, renderer, 0.95, t("app.title", lang), fontsize=15, color=GREY)
    y = _text_below(
        fig,
        renderer,
        y - 0.03,
        title or text.title,
        lines=3,
        fontsize=23,
        fontweight="bold",
        color=INK,
        linespacing=1.15,
    )
    if text.subtitle and title is None:
        y = _text_below(
            fig, renderer, y - 0.02, text.subtitle, lines=2, fontsize=16, color="#333333"
        )
    _legend(fig, prepared, y - 0.03)
    fig.text(
        PANEL_X,
        0.03,
        _wrapped(text.source, 80, 3),
        ha="left",
        va="bottom",
        fontsize=11,
        color="#333333",
        linespacing=1.3,
        parse_math=False,
    )
    canvas.draw()
    image = Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba())
    return _png(image)


def chart_image(chart_id: str, lang: str) -> bytes:
    """The card of a chart: the press kit's image of it (title, source and notes inside), fitted
    into 1200 × 630 on white. 1200 × 630 PNG.

    Raises
    ------
    geo.charts.images.ChartImageError
        When the chart must be drawn and kaleido finds no Chromium.
    """
    from geo import charts
    from geo.site.charts import figure_json

    # the figure, and the function that draws its image (a test may put a stand-in there)
    drawer = f"{charts.figure_png.__module__}.{charts.figure_png.__qualname__}"
    key = ["chart", chart_id, lang, figure_json(chart_id, lang), drawer]
    return _memo(key, lambda: _draw_chart_image(chart_id, lang))


def _draw_chart_image(chart_id: str, lang: str) -> bytes:
    from PIL import Image

    from geo import charts

    drawn = Image.open(io.BytesIO(charts.figure_png(chart_id, lang, 2)))
    drawn.load()
    scale = min(WIDTH / drawn.width, HEIGHT / drawn.height)
    size = (round(drawn.width * scale), round(drawn.height * scale))
    card = Image.new("RGB", (WIDTH, HEIGHT), "white")
    fitted = drawn.convert("RGB").resize(size, Image.Resampling.LANCZOS)
    card.paste(fitted, ((WIDTH - size[0]) // 2, (HEIGHT - size[1]) // 2))
    return _png(card)


# --- which page shows which image -------------------------------------------------------------


def image_name(kind: str, name: str, lang: str) -> str:
    """The image's path under the site's root: ``assets/previews/map-origin-count-es.png``."""
    return f"{ASSETS}/{FOLDER}/{kind}-{name.replace('/', '-').replace('_', '-')}-{lang}.png"


@dataclass(frozen=True)
class Card:
    """A page's preview before addresses: its description, image (under the root) and alt."""

    description: str
    image: str
    image_alt: str


class Previews:
    """The previews of one language's pages, each image drawn once (on first use) and written
    under ``root``."""

    def __init__(self, root: Path, lang: str, prepared: dict[str, PreparedMap], boundaries):
        self.root = root
        self.lang = lang
        self.prepared = prepared
        self.boundaries = boundaries
        self.written: dict[str, int] = {}

    def _image(self, name: str, draw: Callable[[], bytes]) -> str:
        if name not in self.written:
            data = draw()
            path = self.root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            self.written[name] = len(data)
        return name

    def view(self, layer: str, measure: str) -> Card:
        """A map view's card: its title and measure in the catalogue's sentence; its alt text."""
        prepared = self.prepared[view_key(layer, measure)]
        from geo.exports import map_alt_text

        name = image_name("map", view_key(layer, measure), self.lang)
        text = prepared.text
        return Card(
            t("site.preview.view", self.lang, title=text.title, view=text.subtitle),
            self._image(name, lambda: map_image(prepared)),
            clip(map_alt_text(prepared)),
        )

    def routes(self) -> Card:
        """The Routes page's card: the default view with the six routes drawn and named."""
        from geo.views import ROUTE_IDS, MapView, prepare_map

        def draw() -> bytes:
            view = MapView("complaints", "count", ROUTE_IDS, None, self.lang)
            prepared = prepare_map(view, boundaries=self.boundaries)
            return map_image(prepared, title=t("site.preview.routes_title", self.lang))

        return Card(
            t("site.home.routes.text", self.lang),
            self._image(image_name("map", "routes", self.lang), draw),
            t("site.preview.routes_alt", self.lang),
        )

    def chart(self, chart_id: str, description: str | None = None) -> Card:
        """A chart's card: its image and alt text; the catalogue's sentence with its title."""
        from geo import charts
        from geo.site.charts import chart_title

        name = image_name("chart", chart_id, self.lang)
        return Card(
            description
            or t("site.preview.chart", self.lang, title=chart_title(chart_id, self.lang)),
            self._image(name, lambda: chart_image(chart_id, self.lang)),
            clip(charts.chart_spec(chart_id).alt_text(self.lang)),
        )

    def card(self, page: Page) -> Card:
        """The card of ``page``, by its file (a page the site does not know is an error)."""
        from geo.site.data import view_ids
        from geo.site.files import chart_embed_file, map_embed_file, view_file

        lang = self.lang
        default = ("complaints", "count")
        fixed = {
            "index.html": lambda: self._with(self.view(*default), "site.home.intro"),
            "map.html": lambda: self._with(self.view(*default), "site.home.map.text"),
            "story.html": lambda: self._with(self.view(*default), "site.home.story.text"),
            "overview.html": lambda: self.chart("purposes", t("site.home.overview.text", lang)),
            "routes.html": self.routes,
            "justice.html": lambda: self.chart("justice_funnel", t("site.home.justice.text", lang)),
            "data.html": lambda: self._with(self.view(*default), "site.home.downloads.text"),
            "embed.html": lambda: self._with(self.view(*default), "site.home.embed.text"),
        }
        for layer, measure in view_ids():
            for file in (view_file(layer, measure), map_embed_file(layer, measure)):
                fixed[file] = lambda la=layer, m=measure: self.view(la, m)
        from geo.site.charts import chart_ids

        for chart_id in chart_ids():
            fixed[chart_embed_file(chart_id)] = lambda c=chart_id: self.chart(c)
        if page.file not in fixed:
            raise KeyError(f"no preview for page {page.file!r}: expected one of {sorted(fixed)}")
        return fixed[page.file]()

    def _with(self, card: Card, key: str) -> Card:
        return Card(t(key, self.lang), card.image, card.image_alt)

    def attach(self, page: Page, base_url: str | None) -> None:
        """Give ``page`` its preview (``page.preview``), addresses made from ``base_url``."""
        page.preview = preview(page, self.card(page), base_url)


def preview(page: Page, card: Card, base_url: str | None) -> Preview:
    """The head's values of ``page`` with ``card``: absolute addresses under ``base_url`` (the
    published site's root, ending in ``/``), or, without one, the image relative to the page."""
    here = f"{page.lang}/{page.file}"
    if base_url:
        url, image = urljoin(base_url, here), urljoin(base_url, card.image)
    else:
        url, image = None, page.root + card.image
    return Preview(
        title=page.title,
        description=card.description,
        image=image,
        image_alt=card.image_alt,
        locale=LOCALES[page.lang],
        alternate_locales=tuple(LOCALES[lang] for lang in LANGUAGES if lang != page.lang),
        url=url,
    )


def root_preview(base_url: str | None) -> Preview:
    """The preview of the folder's entry page (``index.html``, both languages): Spanish first,
    as the page is, with the default view's Spanish card (written by the Spanish pages)."""
    es, en = t("app.title", "es"), t("app.title", "en")
    image = image_name("map", view_key("complaints", "count"), "es")
    return Preview(
        title=f"{es} · {en}",
        description=t("site.home.intro", "es"),
        image=urljoin(base_url, image) if base_url else image,
        image_alt=t("site.preview.root_alt", "es"),
        locale=LOCALES["es"],
        alternate_locales=(LOCALES["en"],),
        url=base_url,
    )
