"""The two editions say the same: every sentence and figure of a page, live and static.

For each page of ``EDITION_PAGES`` and each language, the text a reader sees in the live app
(AppTest: the page's text elements, in every state its widgets offer, such as each route card) and
in the static edition (the built page's ``<main>``, read block by block) must be the same set,
except the parts the page's model (``geo/pages/``) marks as needing a server. To hold another page
to the same rule, add a row to ``EDITION_PAGES``.

The static site is built once for the module, into a temporary folder, as `make site` builds it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo.i18n import LANGUAGES
from geo.pages.routes import routes_page
from geo.routes import ROUTE_IDS
from geo.site.build import build_site
from geo.tables import table_names

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app.py"
TIMEOUT = 60  # the first run imports and prepares everything
logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").setLevel(logging.ERROR)


@dataclass(frozen=True)
class EditionPage:
    """A page both editions show.

    ``states``: the (widget kind, key, value) settings that, visited one after another, make the
    live page show everything the static page shows at once (each route card in turn).
    ``model``: the page's model in a language; its ``needs_server`` texts are left out.
    """

    name: str
    app_page: str
    site_file: str
    model: Callable[[str], object]
    states: tuple[tuple[str, str, object], ...] = field(default_factory=tuple)


EDITION_PAGES = (
    EditionPage(
        name="routes",
        app_page="app_pages/routes_page.py",
        site_file="routes.html",
        model=routes_page,
        states=tuple(("segmented_control", "route_card", rid) for rid in ROUTE_IDS),
    ),
)

# Streamlit's text elements: what a reader reads on a page (widgets' labels are not among them).
TEXT_KINDS = (
    "title",
    "header",
    "subheader",
    "markdown",
    "caption",
    "text",
    "info",
    "warning",
    "error",
    "success",
)
_BOLD = re.compile(r"(?<!\\)\*\*")
_ESCAPED = re.compile(r"\\(.)")
_LIST_MARK = re.compile(r"^(?:\d+\.|[-*])\s+")


def _clean(text: str) -> str:
    return " ".join(text.split())


def markdown_pieces(source: str) -> list[str]:
    """The lines a reader sees of a markdown text: no quote or list marks, no bold, no escapes.

    A numbered list's numbers and a quote's bar are layout, as the static page's ``<ol>`` and
    ``<blockquote>`` draw them.
    """
    pieces = []
    for line in source.splitlines():
        line = line.strip()
        if line.startswith(">"):
            line = line[1:].strip()
        line = _LIST_MARK.sub("", line)
        line = _ESCAPED.sub(r"\1", _BOLD.sub("", line))
        if _clean(line):
            pieces.append(_clean(line))
    return pieces


def live_pieces(at: AppTest) -> set[str]:
    """The text of every text element and metric of the page's main area."""
    pieces: set[str] = set()
    for kind in TEXT_KINDS:
        for element in at.main.get(kind):
            pieces.update(markdown_pieces(str(element.value)))
    for metric in at.main.get("metric"):
        pieces.update({_clean(metric.label), _clean(str(metric.value))})
    return pieces


class _Blocks(HTMLParser):
    """The text of a page's ``<main>``, one piece per block element (a paragraph, a list item)."""

    BLOCKS = frozenset(
        [
            "p",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "li",
            "blockquote",
            "figcaption",
            "summary",
            "td",
            "th",
            "caption",
            "dt",
            "dd",
            "div",
            "section",
            "figure",
            "ol",
            "ul",
            "table",
            "tr",
            "details",
            "main",
        ]
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: set[str] = set()
        self._text: list[str] = []
        self._in_main = 0
        self._skip = 0

    def _flush(self) -> None:
        text = _clean("".join(self._text))
        if text:
            self.pieces.add(text)
        self._text = []

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self._in_main += 1
        if tag in ("script", "style", "template"):
            self._skip += 1
        if tag in self.BLOCKS or tag == "br":
            self._flush()

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template"):
            self._skip -= 1
        if tag in self.BLOCKS:
            self._flush()
        if tag == "main":
            self._in_main -= 1

    def handle_data(self, data):
        if self._in_main and not self._skip:
            self._text.append(data)


def static_pieces(html: str) -> set[str]:
    """The text of a built page's ``<main>``, block by block."""
    parser = _Blocks()
    parser.feed(html)
    parser.close()
    return parser.pieces


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build_site(tmp_path_factory.mktemp("parity") / "site", press_kit=False).out


def _live(page: EditionPage, lang: str) -> set[str]:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.query_params.update({"lang": lang})
    at.run()
    at.query_params.update({"lang": lang})
    at.switch_page(page.app_page).run()
    assert not at.exception, [e.value for e in at.exception]
    pieces = live_pieces(at)
    for kind, key, value in page.states:
        getattr(at, kind)(key=key).set_value(value).run()
        assert not at.exception, [e.value for e in at.exception]
        pieces |= live_pieces(at)
    return pieces


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("page", EDITION_PAGES, ids=lambda p: p.name)
def test_both_editions_show_the_same_sentences_and_figures(site, page, lang):
    live = _live(page, lang) - page.model(lang).needs_server
    static = static_pieces((site / lang / page.site_file).read_text(encoding="utf-8"))
    only_live, only_static = sorted(live - static), sorted(static - live)
    assert not only_live and not only_static, (
        f"{page.name} ({lang}): only in the live edition: {only_live}; "
        f"only in the static edition: {only_static}"
    )


def test_markdown_pieces_drop_marks_and_escapes_only():
    assert markdown_pieces("**Destinos:** Lima, Callao") == ["Destinos: Lima, Callao"]
    assert markdown_pieces("> The report\\'s \\*words\\*") == ["The report's *words*"]
    assert markdown_pieces("1. Piura: a\n2. Chiclayo: b") == ["Piura: a", "Chiclayo: b"]


def test_static_pieces_read_one_piece_per_block_of_main_only():
    html = (
        "<header><p>nav</p></header><main><h1>Title</h1><p><strong>A:</strong> b</p>"
        "<ol><li>one</li><li>two</li></ol><script>x</script></main>"
    )
    assert static_pieces(html) == {"Title", "A: b", "one", "two"}


# --- the Data & sources page ----------------------------------------------------------------
# The static edition lays the live Data page out over two pages: data.html (its tables with
# their sources, the package, the data-quality findings, the citation, beside the static
# edition's own downloads of every view and chart) and embed.html (the embed section, with a
# code for every view and chart). The live page shows one table and one tab at a time. So this
# row reads the live page in every tab and with every table chosen, and holds the static pages to
# saying all of it (the model's ``needs_server`` parts aside: the upload tab); what the static
# pages add, the downloads the live app offers on its map and chart pages, is not compared.
DATA_TABS = ("tables", "quality", "cite")


def _data_app(lang: str, tab: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.query_params.update({"lang": lang, "tab": tab})
    at.run()
    at.query_params.update({"lang": lang, "tab": tab})
    at.switch_page("app_pages/data_page.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _cells(frame) -> set[str]:
    return {_clean(str(v)) for v in frame.to_numpy().ravel() if _clean(str(v))}


def _live_data_page(lang: str) -> tuple[set[str], set[str]]:
    """(the text pieces, the table titles and source cells) of the live Data page."""
    pieces: set[str] = set()
    cells: set[str] = set()
    for tab in DATA_TABS:
        at = _data_app(lang, tab)
        pieces |= live_pieces(at)
        pieces |= {
            _clean(code.value) for code in at.main.get("code") if "<iframe" not in code.value
        }
        if tab == "tables":
            choose = at.selectbox(key="table")
            cells |= {_clean(option) for option in choose.options}
            for name in table_names():
                at.selectbox(key="table").set_value(name).run()
                assert not at.exception, [e.value for e in at.exception]
                pieces |= live_pieces(at)
                cells |= _cells(at.main.get("dataframe")[1].value)  # the table, its sources
    return pieces, cells


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_static_data_pages_say_what_the_live_data_page_says(site, lang):
    from geo.pages.data import data_page

    live, cells = _live_data_page(lang)
    live -= data_page(lang).needs_server
    static = set()
    for file in ("data.html", "embed.html"):
        static |= static_pieces((site / lang / file).read_text(encoding="utf-8"))
    missing = sorted(live - static)
    assert not missing, f"data ({lang}): only in the live edition: {missing}"
    missing_cells = sorted(cells - static)
    assert not missing_cells, f"data ({lang}): tables or sources only live: {missing_cells}"
