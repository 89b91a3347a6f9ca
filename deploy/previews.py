"""The live app's link previews: the static edition's title, description and preview image, put
into Streamlit's page by nginx.

Streamlit answers every page path with one index.html whose head says only
``<title>Streamlit</title>``; its scripts set the page's title later, and a link previewer (a
chat application, a social network) runs no script. nginx's ``sub_filter`` replaces that title,
in the live pages it passes on, with the head of the static edition's page of the same page or
view, read from the built edition (``<root>/site/``): its title, description and ``og:`` and
``twitter:`` tags. The map at ``/`` takes its view from ``?layer=`` and ``?measure=`` (a view
the edition has: its view page's head; else the explorer's), a chart alone
(``/overview?chart=…``) its embed page's, every other page ``/<name>`` its own, in the language
of ``?lang=`` (Spanish without one, as the app). The images are the static edition's, at
``/site/assets/previews/…`` on the host the reader asked for (or where the edition was built to
be published, when its pages name an absolute address). Without a built edition nothing is
inserted and the page stays as Streamlit writes it.

Every value is the static page's text, escaped here for HTML and for nginx's quoted strings (a
``$`` or a backslash becomes a character reference: nginx reads neither as syntax then).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from jinja2 import Environment
from markupsafe import Markup, escape

SITE_PATH = "/site/"  # where nginx serves the static edition (deploy/nginx.conf.template)
LANGS = ("es", "en")  # geo.i18n.LANGUAGES; Spanish first: the app's language without ?lang=
STREAMLIT_TITLE = "<title>Streamlit</title>"  # what Streamlit's index.html says, replaced
# The live app's pages (app.py's PAGES, the map the default at /) and their static pages.
PAGES = {
    "/": "map.html",
    "/map": "map.html",
    "/overview": "overview.html",
    "/routes": "routes.html",
    "/justice": "justice.html",
    "/story": "story.html",
    "/data": "data.html",
}
CHART_PAGES = ("/overview", "/justice")  # where ?chart= shows one chart alone
IMAGE_KEYS = ("og:image", "twitter:image")
# A Host header fit to be written into a page: a name or address and a port, nothing else.
SAFE_HOST = r"~^[A-Za-z0-9.-]+(:[0-9]+)?$|^\[[0-9A-Fa-f:.]+\](:[0-9]+)?$"
_CHART = re.compile(r"^chart-([a-z0-9_]+)-title$")


@dataclass
class Head:
    """What a static page's head tells a link previewer, and which view or chart it shows."""

    title: str = ""
    metas: list[tuple[str, str, str]] = field(default_factory=list)  # (attribute, key, content)
    view: str | None = None  # "layer/measure", from the map's data-view
    chart: str | None = None  # a chart embed's chart id


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.head = Head()
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "title" and not self.head.title:
            self._in_title = True
        elif tag == "meta":
            for attribute in ("name", "property"):
                key = values.get(attribute, "")
                if key == "description" or key.startswith(("og:", "twitter:")):
                    self.head.metas.append((attribute, key, values.get("content", "")))
        if values.get("id") == "atlas-map" and values.get("data-view"):
            self.head.view = values["data-view"]
        found = _CHART.match(values.get("id", ""))
        if tag == "h1" and found:
            self.head.chart = found.group(1)

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.head.title += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False


def read_head(path: Path) -> Head:
    """The link-preview tags of a static page, and the view or chart it shows."""
    reader = _Reader()
    reader.feed(path.read_text(encoding="utf-8"))
    reader.close()
    return reader.head


# The head written into a live page: its values are escaped before (_text), for nginx too.
HEAD = Environment(autoescape=True).from_string(
    "<title>{{ title }}</title>{% for m in metas %}"
    '<meta {{ m.attribute }}="{{ m.key }}" content="{{ m.host }}{{ m.value }}">'
    "{% endfor %}"
)
# Where a relative image is: the host the reader asked for, filled in by nginx per request.
HOST = Markup("$scheme://$atlas_preview_host")
ATTRIBUTES = ("name", "property")


def _text(value: str) -> Markup:
    """``value`` as HTML text inside an nginx quoted string: escaped, on one line, a ``$`` and a
    backslash as character references (nginx would read a variable, or an escape)."""
    text = str(escape(" ".join(value.split())))
    return Markup(text.replace("$", "&#36;").replace("\\", "&#92;"))


def head_html(head: Head, page: str) -> str:
    """The title and tags to write into the live page instead of Streamlit's title; ``page`` is
    the static page's path on the server (``/site/es/map.html``), which relative images are
    read from. ``og:url`` is left out: the live page's address is the one shared."""
    metas = []
    for attribute, key, content in head.metas:
        if key == "og:url" or attribute not in ATTRIBUTES:
            continue
        host, value = "", content
        if key in IMAGE_KEYS and urlsplit(content).scheme not in ("http", "https"):
            host, value = HOST, urljoin(page, content)  # the static edition's file, on this host
        metas.append(
            {"attribute": attribute, "key": _text(key), "host": host, "value": _text(value)}
        )
    return HEAD.render(title=_text(head.title), metas=metas)


def _entries(site: Path) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """(page keys -> file, view keys -> file, file -> head HTML) of the built edition."""
    from geo.layers import LAYERS  # the first measure of a layer: the map's own default

    pages: dict[str, str] = {}
    views: dict[str, str] = {}
    heads: dict[str, str] = {}

    def add(lang: str, file: str) -> Head | None:
        path = site / lang / file
        if not path.is_file():
            return None
        head = read_head(path)
        heads[f"{lang}/{file}"] = head_html(head, f"{SITE_PATH}{lang}/{file}")
        return head

    for lang in LANGS:
        for live, file in PAGES.items():
            if add(lang, file) is not None:
                pages[f"{live}|{lang}"] = f"{lang}/{file}"
        for path in sorted((site / lang).glob("map-*.html")):
            head = add(lang, path.name)
            if head is None or not head.view or head.view.count("/") != 1:
                continue
            layer, measure = head.view.split("/")
            first = LAYERS[layer].measures[0] if layer in LAYERS else None
            for live in ("/", "/map"):
                views[f"{live}|{lang}|{layer}|{measure}|"] = f"{lang}/{path.name}"
                if measure == first:
                    views[f"{live}|{lang}|{layer}||"] = f"{lang}/{path.name}"
        for path in sorted((site / lang / "embed").glob("chart-*.html")):
            head = add(lang, f"embed/{path.name}")
            if head is not None and head.chart:
                for live in CHART_PAGES:
                    views[f"{live}|{lang}|||{head.chart}"] = f"{lang}/embed/{path.name}"
    return pages, views, heads


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def preview_fields(root: Path) -> dict[str, str]:
    """The nginx template's ``PREVIEW_MAPS`` (http level) and ``PREVIEW_FILTER`` (the live
    pages' location) fields: empty when ``root/site/`` holds no built edition."""
    site = Path(root) / "site"
    if not (site / "index.html").is_file():
        return {"PREVIEW_MAPS": "", "PREVIEW_FILTER": ""}
    pages, views, heads = _entries(site)
    if not heads:
        return {"PREVIEW_MAPS": "", "PREVIEW_FILTER": ""}
    home = pages.get("/|es", next(iter(heads)))

    def block(head: str, source: str, variable: str, entries: dict[str, str], default: str):
        lines = [f"    map {source} {variable} {{", f"        default {_quoted(default)};"]
        lines += [f"        {_quoted(k)} {_quoted(v)};" for k, v in entries.items()]
        return [f"    # {head}", *lines, "    }"]

    lines = [
        "    # --- link previews of the live pages (deploy/previews.py) ---------------------------",
        "    map $arg_lang $atlas_preview_lang {",
        "        default es;",
        '        "~*^en" en;',
        "    }",
        "    map $http_host $atlas_preview_host {",
        '        default "";',
        f"        {_quoted(SAFE_HOST)} $http_host;",
        "    }",
        *block(
            "A view of the map, or a chart alone: its static page.",
            '"$uri|$atlas_preview_lang|$arg_layer|$arg_measure|$arg_chart"',
            "$atlas_preview_view",
            views,
            "",
        ),
        *block(
            "Else the page's static page (an unknown path: the map's).",
            '"$uri|$atlas_preview_lang"',
            "$atlas_preview_page",
            pages,
            home,
        ),
        '    map "$atlas_preview_view|$atlas_preview_page" $atlas_preview_file {',
        '        "~^\\|(?<page>.*)$" $page;',
        '        "~^(?<view>[^|]+)\\|" $view;',
        "    }",
        *block(
            "The static page's head, written instead of Streamlit's title.",
            "$atlas_preview_file",
            "$atlas_preview_head",
            heads,
            STREAMLIT_TITLE,
        ),
    ]
    # the heads hold two nginx variables on purpose ($scheme, $atlas_preview_host): every other
    # `$` of a text is a character reference (_text)
    maps = "\n".join(lines)
    filter_lines = [
        "            # Link previews: the static edition's head instead of Streamlit's title",
        "            # (deploy/previews.py), in the pages' HTML only.",
        f"            sub_filter {_quoted(STREAMLIT_TITLE)} $atlas_preview_head;",
    ]
    return {"PREVIEW_MAPS": maps, "PREVIEW_FILTER": "\n".join(filter_lines)}
