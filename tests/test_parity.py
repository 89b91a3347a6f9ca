"""The two editions say the same: every sentence and figure of a page, live and static.

For each page of ``EDITION_PAGES`` and each language, the text a reader sees in the live app
(AppTest: the page's text elements, in every state its widgets offer, such as each route card) and
in the static edition (the built page's ``<main>``, read block by block) must be the same set,
except the parts the page's model (``geo/pages/``) marks as needing a server (``needs_server``,
shown live only) or as what the static edition shows in their place (``static_only``). Widgets'
labels are compared on their own (they are not text elements in the live app). A page whose
editions lay it out differently (the story: one step per run, every step a slide) gives its own
``pairs``: the pieces to compare, part by part. To hold another page to the same rule, add a row
to ``EDITION_PAGES``.

The static site is built once for the module, into a temporary folder, as `make site` builds it.
"""

from __future__ import annotations

import html
import json
import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markupsafe import escape
from streamlit.testing.v1 import AppTest

from geo.charts import chart_spec
from geo.i18n import LANGUAGES, t
from geo.names import department_names
from geo.pages.charts import chart_block
from geo.pages.justice import justice_page
from geo.pages.map import map_page, map_words
from geo.pages.overview import overview_page
from geo.pages.routes import routes_page
from geo.pages.story import story_page
from geo.routes import ROUTE_IDS
from geo.site.data import DATA_NAME, map_bundle, map_bundle_later, view_ids, view_key
from geo.site.html import read_data_script
from geo.story import STEP_COUNT
from geo.tables import table_names
from geo.views import MapView, prepare_map
from ui.view_table import TABS_KEY

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app.py"
TIMEOUT = 60  # the first run imports and prepares everything
logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").setLevel(logging.ERROR)


@dataclass(frozen=True)
class EditionPage:
    """A page both editions show.

    ``states``: the (widget kind, key, value) settings that, visited one after another, make the
    live page show everything the static page shows at once (each route card in turn).
    ``model``: the page's model in a language; its ``needs_server`` texts are left out of the
    live side, its ``static_only`` texts (when it has any) out of the static side.
    ``pairs``: for a page compared part by part, ``pairs(site, lang)`` yields (part, live pieces,
    static pieces) with the model's exceptions taken out; the whole page is compared otherwise.
    """

    name: str
    app_page: str
    site_file: str
    model: Callable[[str], object]
    states: tuple[tuple[str, str, object], ...] = field(default_factory=tuple)
    pairs: Callable[[Path, str], Iterator[tuple[str, set[str], set[str]]]] | None = None


EDITION_PAGES = (
    EditionPage(
        name="routes",
        app_page="app_pages/routes_page.py",
        site_file="routes.html",
        model=routes_page,
        states=tuple(("segmented_control", "route_card", rid) for rid in ROUTE_IDS),
    ),
    EditionPage(
        name="overview",
        app_page="app_pages/overview_page.py",
        site_file="overview.html",
        model=overview_page,
    ),
    EditionPage(
        name="justice",
        app_page="app_pages/justice_page.py",
        site_file="justice.html",
        model=justice_page,
    ),
    EditionPage(
        name="story",
        app_page="app_pages/story_page.py",
        site_file="story.html",
        model=story_page,
        pairs=lambda site, lang: story_pairs(site, lang),
    ),
    EditionPage(
        name="map",
        app_page="app_pages/map_page.py",
        site_file="map.html",
        model=map_page,
        pairs=lambda site, lang: map_pairs(site, lang),
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
_CODE = re.compile(r"(?<!\\)`")  # inline code's marks: the static page writes <code>
_ICON = re.compile(r":material/[a-z0-9_]+:\s*")  # Streamlit draws these as icons, not words
_LINK = re.compile(r"(?<!\\)\[((?:[^\]\\]|\\.)*)\]\([^)\s]*\)")  # [words](address): the words
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
        line = _LINK.sub(r"\1", _ICON.sub("", line))
        line = _ESCAPED.sub(r"\1", _CODE.sub("", _BOLD.sub("", line)))
        if _clean(line):
            pieces.append(_clean(line))
    return pieces


def live_pieces(at: AppTest | object, tables: bool = True) -> set[str]:
    """The text of every text element, expander label, download button label, metric and table
    (headers and cells; not with ``tables=False``) of the page's main area (or of one block of
    it: :func:`keyed_block`)."""
    node = at.main if isinstance(at, AppTest) else at
    pieces: set[str] = set()
    for kind in TEXT_KINDS:
        for element in node.get(kind):
            pieces.update(markdown_pieces(str(element.value)))
    for expander in node.get("expander"):
        pieces.update(markdown_pieces(str(expander.label)))
    for metric in node.get("metric"):
        pieces.update(markdown_pieces(str(metric.label)))
        pieces.add(_clean(str(metric.value)))
    for button in node.get("download_button"):
        pieces.add(_clean(button.label))
    for table in node.get("dataframe") if tables else ():
        frame = table.value
        cells = [*frame.columns, *frame.to_numpy().ravel()]
        pieces.update(_clean(str(cell)) for cell in cells if _clean(str(cell)))
    return pieces


def keyed_block(node, key: str):
    """The container drawn with ``st.container(key=key)`` under ``node`` (None if not drawn)."""
    for child in getattr(node, "children", {}).values():
        if type(child).__name__ == "Block" and str(child.proto.id).endswith(f"-{key}"):
            return child
        found = keyed_block(child, key)
        if found is not None:
            return found
    return None


class _Blocks(HTMLParser):
    """The text of a page's ``<main>`` (or of the element whose id is ``within``), one piece per
    block element (a paragraph, a list item). The text of the elements whose id is in ``skip``
    is left out, and so are widgets' labels (buttons, form labels, a select's options), as the
    live side leaves them out; ``widgets=True`` reads them too."""

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
            "nav",
        ]
    )
    WIDGETS = frozenset(["button", "label", "legend", "select", "option"])
    VOID = frozenset(["br", "img", "input", "meta", "link", "hr", "wbr", "source", "col"])

    def __init__(
        self, within: str | None = None, skip: tuple[str, ...] = (), widgets: bool = False
    ) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: set[str] = set()
        self._text: list[str] = []
        self._within, self._skip_ids = within, frozenset(skip)
        self._skip_tags = {"script", "style", "template"} | (set() if widgets else self.WIDGETS)
        self._stack: list[tuple[bool, bool]] = []  # per open element: (inside, skipped)

    def _flush(self) -> None:
        text = _clean("".join(self._text))
        if text:
            self.pieces.add(text)
        self._text = []

    def _state(self) -> tuple[bool, bool]:
        return self._stack[-1] if self._stack else (False, False)

    def handle_starttag(self, tag, attrs):
        if tag in self.BLOCKS or tag == "br":
            self._flush()
        if tag in self.VOID:
            return
        inside, skipped = self._state()
        ident = dict(attrs).get("id")
        inside = inside or (ident == self._within if self._within else tag == "main")
        skipped = skipped or tag in self._skip_tags or ident in self._skip_ids
        self._stack.append((inside, skipped))

    def handle_endtag(self, tag):
        if tag in self.BLOCKS:
            self._flush()
        if tag not in self.VOID and self._stack:
            self._stack.pop()

    def handle_data(self, data):
        inside, skipped = self._state()
        if inside and not skipped:
            self._text.append(data)


def static_pieces(
    html: str, within: str | None = None, skip: tuple[str, ...] = (), widgets: bool = False
) -> set[str]:
    """The text of a built page's ``<main>`` (or of the element with id ``within``), block by
    block, without the elements whose id is in ``skip`` and, unless ``widgets``, without
    widgets' labels."""
    parser = _Blocks(within, skip, widgets)
    parser.feed(html)
    parser.close()
    return parser.pieces


@pytest.fixture(scope="module")
def site(built_site) -> Path:
    return built_site  # tests/conftest.py: built once per test run


def open_page(page: str, lang: str, params: dict[str, str] | None = None) -> AppTest:
    """A fresh session that opened the atlas in ``lang`` and then ``page`` with ``params``.

    The map page is run once more: the run its drawn map asks for in a browser (the profile, the
    downloads; ui.live_map.REST_JS), as tests/test_app.py runs it.
    """
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.query_params.update({"lang": lang})
    at.run()
    at.query_params.update({"lang": lang, **(params or {})})
    at.switch_page(page).run()
    if page == "app_pages/map_page.py":
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _live(page: EditionPage, lang: str) -> set[str]:
    at = open_page(page.app_page, lang)
    pieces = live_pieces(at)
    for kind, key, value in page.states:
        getattr(at, kind)(key=key).set_value(value).run()
        assert not at.exception, [e.value for e in at.exception]
        pieces |= live_pieces(at)
    return pieces


def _whole_page(site: Path, page: EditionPage, lang: str):
    model = page.model(lang)
    live = _live(page, lang) - model.needs_server
    static = static_pieces((site / lang / page.site_file).read_text(encoding="utf-8"))
    yield "page", live, static - getattr(model, "static_only", frozenset())


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("page", EDITION_PAGES, ids=lambda p: p.name)
def test_both_editions_show_the_same_sentences_and_figures(site, page, lang):
    pairs = page.pairs(site, lang) if page.pairs else _whole_page(site, page, lang)
    differences = []
    for part, live, static in pairs:
        only_live, only_static = sorted(live - static), sorted(static - live)
        if only_live or only_static:
            differences.append(
                f"{page.name} ({lang}), {part}: only in the live edition: {only_live}; "
                f"only in the static edition: {only_static}"
            )
    assert not differences, "\n".join(differences)


# --- the story: each step live (?step=N) against its slide in the deck -------------------------

_ARROWS = re.compile(r"^[←→]\s*|\s*[←→]$")


def _story_step_live(at: AppTest, number: int) -> set[str]:
    """What the live story shows of step ``number``: its text, the step indicator, and the alt
    text of its chart and of its map (the current step's frame; the next step's waits hidden)."""
    pieces = live_pieces(at)
    pieces |= {_clean(p.proto.text) for p in at.main.get("progress")}
    pieces |= {_clean(c.proto.alt) for c in at.main.get("plotly_chart") if c.proto.alt}
    frame = keyed_block(at.main, f"story_map_{number}")
    if frame is not None:
        pieces |= {_clean(f.proto.alt) for f in frame.get("iframe")}
    return pieces


def story_pairs(site: Path, lang: str):
    """Each step of the story, live at ``?step=N`` and as the deck's slide N, then the
    navigation: the buttons' labels and the caption naming the keys."""
    model = story_page(lang)
    html = (site / lang / "story.html").read_text(encoding="utf-8")
    at = None
    for number in range(1, STEP_COUNT + 1):
        at = open_page("app_pages/story_page.py", lang, {"step": str(number)})
        live = _story_step_live(at, number) - model.needs_server
        # the handout's footer (address, date, page) is the printed deck's own
        footer = (f"step-{number}-footer",)
        static = static_pieces(html, within=f"step-{number}", skip=footer) - model.static_only
        yield f"step {number}", live, static
    live_nav = {_clean(at.button(key=key).label) for key in ("story_prev", "story_next")}
    live_nav.update(markdown_pieces(at.sidebar.get("caption")[-1].value))  # the page's own
    static_nav = {
        _ARROWS.sub("", piece)
        for key in ("deck-prev", "deck-next")
        for piece in static_pieces(html, within=key, widgets=True)
    }
    static_nav |= static_pieces(html, within="deck-keys")
    yield "navigation", live_nav, static_nav


# --- the map page: its text, its controls, and every department's profile ---------------------


def shipped_data(site: Path, lang: str) -> dict:
    """The language data the static map pages ship (``window.ATLAS_DATA`` of the map bundle and
    its later part)."""
    text = "".join(
        (site / "assets" / name).read_text(encoding="utf-8")
        for name in (map_bundle(lang), map_bundle_later(lang))
    )
    return read_data_script(text)[DATA_NAME]


def _texts(value) -> set[str]:
    """Every string in shipped data (the profile holds texts only, besides flags)."""
    if isinstance(value, str):
        return {_clean(value)} if _clean(value) else set()
    if isinstance(value, dict):
        return set().union(*(_texts(v) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(_texts(v) for v in value))
    return set()


def map_pairs(site: Path, lang: str):
    """The map page's text (its profile apart), its controls' labels, the words inside the map of
    each view (geo.pages.map.map_words: live in the map's script, static in the views the pages
    ship), then each department's profile: live at ``?dept=CODE``, static as the data the
    explorer ships and lays out."""
    model = map_page(lang)
    html = (site / lang / "map.html").read_text(encoding="utf-8")
    codes = list(department_names())
    at = open_page("app_pages/map_page.py", lang, {"dept": codes[0]})
    at.session_state[TABS_KEY] = t("map.tab.table", lang)  # the table, drawn once its tab is open
    at.run()
    profile_block = keyed_block(at.main, "dept_profile")
    csv_label = t("exports.csv", lang)  # the table's CSV is the downloads' CSV: in both parts
    table_texts = live_pieces(keyed_block(at.main, "view_table")) - {csv_label}
    live = live_pieces(at) - live_pieces(profile_block) - table_texts - model.needs_server
    # the downloads both have carry the same labels; those only a server makes, and the help
    # saying each file is made on a click, are model.needs_server; the static note on its images
    # is model.static_only; the view's table is compared view by view below
    static = static_pieces(html, skip=("panel-table",)) - model.static_only
    yield "page", live, static

    live_controls = {_clean(at.selectbox(key="dept").label), _clean(at.pills(key="routes").label)}
    live_controls |= {_clean(o) for o in at.pills(key="routes").options}
    live_controls.add(_clean(at.selectbox(key="dept").placeholder))
    live_controls |= {_clean(o) for o in at.selectbox(key="dept").options}
    for layer_id, _label in model.layer.options:  # each layer offers its own measures
        at.query_params.update({"layer": layer_id, "measure": model.measure_ids(layer_id)[0]})
        at.run()
        assert at.segmented_control(key="layer").value == layer_id
        for key in ("layer", "measure"):
            control = at.segmented_control(key=key)
            live_controls |= {_clean(control.label), *(_clean(o) for o in control.options)}
    yield "controls", live_controls, _widget_texts(html)

    data = shipped_data(site, lang)
    for layer_id, measure in view_ids():  # the words inside the map, view by view
        at.query_params.update({"layer": layer_id, "measure": measure})
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        view = MapView(layer_id, measure, tuple(at.session_state["routes"]), None, lang)
        words = map_words(prepare_map(view)).texts
        live = {w for w in words if _drawn(w, folium_script(at))}
        shipped = _texts(data["views"][view_key(layer_id, measure)]) | _texts(data["strings"])
        static = {w for w in words if _clean(w) in shipped}
        assert live | static == set(words), (
            f"drawn by neither edition: {set(words) - live - static}"
        )
        yield f"map of {layer_id}/{measure}", live, static
        yield f"table of {layer_id}/{measure}", *_table_pairs(at, data, html, layer_id, measure)

    for code in codes:
        at.query_params["dept"] = code  # a link naming the department, in the same session
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        live = live_pieces(keyed_block(at.main, "dept_profile"))
        yield f"profile {code}", live, _texts(data["profiles"][code])


def _table_pairs(at: AppTest, data: dict, html: str, layer_id: str, measure: str):
    """The table tab of a view: live, the words around the dataframe and its headers; static,
    the table the explorer ships for the view and the words of its tab's panel."""
    block = keyed_block(at.main, "view_table")
    live = live_pieces(block, tables=False)
    live |= {_clean(str(c)) for grid in block.get("dataframe") for c in grid.value.columns}
    shipped = data["views"][view_key(layer_id, measure)]["table"]
    static = _texts({k: v for k, v in shipped.items() if k != "rows"})
    static |= static_pieces(html, within="panel-table")
    return live, static


def folium_script(at: AppTest) -> str:
    """What the map page sends to its streamlit_folium component (the map's script, as JSON)."""
    (fmap,) = [
        el
        for el in at.main.get("component_instance")
        if el.proto.component_name.endswith("st_folium")
    ]
    return json.loads(fmap.proto.json_args)["script"]


def _drawn(text: str, script: str) -> bool:
    """Whether the live map's script carries ``text``: as it is, escaped as the map's boxes
    escape it (markupsafe) or as the tooltips do, maybe quoted again inside JSON."""
    spellings = {text, str(escape(text)), html.escape(text)}
    spellings |= {json.dumps(s, ensure_ascii=False)[1:-1] for s in set(spellings)}
    spellings |= {json.dumps(s)[1:-1] for s in set(spellings)}
    return any(s in script for s in spellings)


class _Widgets(HTMLParser):
    """Each widget's label and option as a piece of its own: legends, labels, options."""

    TAGS = frozenset(["legend", "label", "option", "span"])

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: set[str] = set()
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.TAGS:
            self._text = []

    def handle_endtag(self, tag):
        if tag in self.TAGS and _clean("".join(self._text)):
            self.pieces.add(_clean("".join(self._text)))
            self._text = []

    def handle_data(self, data):
        self._text.append(data)


def _widget_texts(html: str) -> set[str]:
    """The labels and options of the explorer's controls and department list."""
    main = html[html.index("<main") : html.index("</main>")]
    form = main[main.index('id="explorer-controls"') : main.index("</form>")]
    aside = main[main.index('<aside class="profile"') : main.index("</aside>")]
    aside = aside[aside.index("<label") : aside.index("</select>")]
    parser = _Widgets()
    parser.feed(form[form.index(">") + 1 :] + aside)
    parser.close()
    return parser.pieces


def test_markdown_pieces_drop_marks_and_escapes_only():
    assert markdown_pieces("**Destinos:** Lima, Callao") == ["Destinos: Lima, Callao"]
    assert markdown_pieces(":material/info: a [b \\[c\\]](x?y=1&z=2)") == ["a b [c]"]
    assert markdown_pieces("> The report\\'s \\*words\\*") == ["The report's *words*"]
    assert markdown_pieces("1. Piura: a\n2. Chiclayo: b") == ["Piura: a", "Chiclayo: b"]
    assert markdown_pieces("a `datapackage.json` file") == ["a datapackage.json file"]


def test_static_pieces_read_one_piece_per_block_of_main_only():
    html = (
        "<header><p>nav</p></header><main><h1>Title</h1><p><strong>A:</strong> b</p>"
        "<ol><li>one</li><li>two</li></ol><script>x</script></main>"
    )
    assert static_pieces(html) == {"Title", "A: b", "one", "two"}


def test_static_pieces_read_one_element_and_leave_out_widgets_and_skipped_ids():
    html = (
        "<main><section id='s1'><p>one<br>two</p><button>Next</button><img alt=x></section>"
        "<section id='s2'><p>three</p><p id='x'>skip <a>me</a></p><label>L</label></section></main>"
    )
    assert static_pieces(html, within="s1") == {"one", "two"}
    assert static_pieces(html, within="s1", widgets=True) == {"one", "two", "Next"}
    assert static_pieces(html, skip=("x",)) == {"one", "two", "three"}


# --- a chart alone, for an iframe -----------------------------------------------------------


def _live_embed(chart_id: str, lang: str) -> set[str]:
    page = chart_spec(chart_id).page
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.context.update({"is_embedded": True})
    params = {"lang": lang, "chart": chart_id, "embed": "true"}
    at.query_params.update(params)
    at.run()
    at.query_params.update(params)
    at.switch_page(f"app_pages/{page}_page.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return live_pieces(at)


@pytest.mark.parametrize(("chart_id", "lang"), [("purposes", "es"), ("justice_funnel", "en")])
def test_a_chart_embed_says_the_same_in_both_editions(site, chart_id, lang):
    """Title, source, caveat, notes and the data table (geo.pages.charts.EMBED_PARTS), and
    nothing else a reader sees: the alt text is for screen readers in both (the static page's
    hidden caption)."""
    block = chart_block(chart_id, lang)
    file = site / lang / "embed" / f"chart-{chart_id.replace('_', '-')}.html"
    static = static_pieces(file.read_text(encoding="utf-8")) - {_clean(block.alt)}
    assert _live_embed(chart_id, lang) == static == {_clean(x) for x in block.embed_texts()}


# --- the Data & sources page ----------------------------------------------------------------
# The static edition lays the live Data page out over two pages: data.html (its tables with
# their sources, the package, the data-quality findings, the citation, beside the static
# edition's own downloads of every view and chart) and embed.html (the embed section, with a
# code for every view and chart). The live page shows one table and one tab at a time. So this
# row reads the live page in every tab and with every table chosen, and holds the static pages to
# saying all of it (the model's ``needs_server`` parts aside: the upload tab); what the static
# pages add, the downloads the live app offers on its map and chart pages, is not compared.
DATA_TABS = ("tables", "quality", "cite")
FILE_SIZE = re.compile(r" \(\d+(?:[.,]\d+)? [KM]B\)$")


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
    # The grids are compared through ``cells``: the table titles, each table's headers (the data
    # dictionary's titles) and rows in the reader's format, and the source rows.
    for tab in DATA_TABS:
        at = _data_app(lang, tab)
        pieces |= live_pieces(at, tables=False)
        # an iframe's code and a view's link are addresses, each edition's own
        pieces |= {
            _clean(code.value)
            for code in at.main.get("code")
            if "<iframe" not in code.value and not code.value.startswith(("http://", "https://"))
        }
        if tab == "tables":
            choose = at.selectbox(key="table")
            cells |= {_clean(option) for option in choose.options}
            for name in table_names():
                at.selectbox(key="table").set_value(name).run()
                assert not at.exception, [e.value for e in at.exception]
                pieces |= live_pieces(at, tables=False)
                grids = at.main.get("dataframe")
                cells |= _cells(grids[0].value) | {_clean(str(c)) for c in grids[0].value.columns}
                cells |= _cells(grids[1].value)  # the table, its sources
    return pieces, cells


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_static_data_pages_say_what_the_live_data_page_says(site, lang):
    from geo.pages.data import data_page

    live, cells = _live_data_page(lang)
    live -= data_page(lang).needs_server
    static = set()
    for file in ("data.html", "embed.html"):
        static |= static_pieces((site / lang / file).read_text(encoding="utf-8"))
    # A static download link says its file's size after the label ("Download x.csv (1 KB)"): the
    # label is what both editions say; the size is the static edition's own.
    static |= {FILE_SIZE.sub("", piece) for piece in static}
    missing = sorted(live - static)
    assert not missing, f"data ({lang}): only in the live edition: {missing}"
    missing_cells = sorted(cells - static)
    assert not missing_cells, f"data ({lang}): tables or sources only live: {missing_cells}"
