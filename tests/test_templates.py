"""The atlas's templates (geo.templating): one strict, escaping environment, and a reader's text
that comes out of every template-built download as the text it was, never as markup or code.

The reader's text reaches these outputs through an uploaded file: its column is the layer's name
(the map's title, the page's <title>), its source column the map's source line. Each hostile text
is checked against a benign one of the same file: the same elements, no new ones; the text itself
shown literally; no template expression evaluated (no "49" for ``{{7*7}}``).
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import zipfile
from html.parser import HTMLParser

import jinja2
import pytest
from markupsafe import Markup

from geo import templating
from geo.downloads import download_bytes
from geo.exports import press_kit
from geo.uploads.parse import parse_upload
from geo.urls import iframe_code
from geo.views import MapView, prepare_map, user_layer

HOSTILE = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{7*7}}",
    "{% raw %}",
    "${7*7}",
)
BENIGN = "Plain words"


class _Reader(HTMLParser):
    """The elements of a page (tag and attribute names, in order) and its text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, tuple[str, ...]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, tuple(sorted(name for name, _value in attrs))))

    def handle_data(self, data):
        self.text.append(data)


def read(markup: str) -> _Reader:
    reader = _Reader()
    reader.feed(markup)
    reader.close()
    return reader


# The map's boxes are written by its script as d.innerHTML = "<JSON string>".
INNER_HTML = re.compile(r'innerHTML = ("(?:[^"\\]|\\.)*")')


def boxes(page: str) -> list[str]:
    """The markup of the map's title, source and legend boxes, as the browser receives it."""
    found = [json.loads(m.group(1)) for m in INNER_HTML.finditer(page)]
    assert len(found) == 3, "expected the title, source and legend boxes"
    return found


def csv_bytes(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8")


def upload_page(text: str, lang: str = "en") -> str:
    """The standalone map (the live app's HTML download) of a file whose column and source
    are ``text``."""
    rows = [["departamento", text, "fuente"], ["Lima", "5", text], ["Cusco", "3", text]]
    upload = parse_upload("figures.csv", csv_bytes(rows), lang)
    prepared = prepare_map(MapView("upload", "count", (), None, lang), user_layer(upload))
    return download_bytes("html", prepared).decode("utf-8")


def assert_inert(page: str, benign: str, text: str) -> None:
    """``page`` made from ``text`` has ``benign``'s elements and shows ``text`` as text."""
    assert text not in page or text.startswith(("{", "$")), "the text was written raw"
    got, want = read(page), read(benign)
    assert got.elements == want.elements, "an element came and went with the reader's text"
    assert any(text in chunk for chunk in got.text), "the text is not shown as it was written"
    for hostile_box, benign_box in zip(boxes(page), boxes(benign), strict=True):
        box, plain = read(hostile_box), read(benign_box)
        assert box.elements == plain.elements, "a box gained or lost an element"
        shown = "".join(box.text)
        assert "49" not in shown.replace("".join(plain.text), "")
    assert text in "".join(read(boxes(page)[0]).text), "the title box does not show the text"


@pytest.fixture(scope="module")
def benign_page() -> str:
    return upload_page(BENIGN)


@pytest.mark.parametrize("text", HOSTILE)
def test_a_readers_text_is_inert_in_the_standalone_map(text, benign_page):
    page = upload_page(text)
    assert_inert(page, benign_page, text)
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert text in html.unescape(title) and "49" not in title


def test_a_readers_text_is_inert_in_the_press_kits_map():
    rows = [["departamento", HOSTILE[0] + HOSTILE[2]], ["Lima", "5"], ["Cusco", "3"]]
    upload = parse_upload("figures.csv", csv_bytes(rows), "es")
    prepared = prepare_map(MapView("upload", "count", (), None, "es"), user_layer(upload))
    kit, _omitted = press_kit(prepared, chart_ids=())
    with zipfile.ZipFile(io.BytesIO(kit)) as zf:
        (name,) = [n for n in zf.namelist() if n.endswith(".html")]
        page = zf.read(name).decode("utf-8")
    assert HOSTILE[0] not in page and "49" not in re.search(r"<title>(.*?)<", page).group(1)
    title_box = read(boxes(page)[0])
    assert [tag for tag, _attrs in title_box.elements] == ["h2", "p"]
    assert HOSTILE[0] + HOSTILE[2] in "".join(title_box.text)


@pytest.mark.parametrize("text", HOSTILE)
def test_a_readers_text_is_inert_in_the_embed_snippet(text):
    code = iframe_code("https://example.org/?embed=true&q=" + text, text, 560)
    plain = iframe_code("https://example.org/?embed=true&q=x", "x", 560)
    assert read(code).elements == read(plain).elements
    (attrs,) = [a for tag, a in _attributes(code) if tag == "iframe"]
    assert attrs["title"] == text and attrs["src"].endswith("q=" + text)


def _attributes(markup: str) -> list[tuple[str, dict]]:
    found = []

    class Attributes(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, dict(attrs)))

    Attributes().feed(markup)
    return found


def test_the_environment_escapes_every_template_and_fails_on_a_missing_name():
    env = templating.environment()
    assert env is templating.environment()  # built once per process
    assert env.autoescape is True and env.undefined is jinja2.StrictUndefined
    macro = templating.macro("geo/map_boxes.html", "title")
    out = macro(type("Text", (), {"title": "<b>{{7*7}}</b>", "subtitle": None})())
    assert out == Markup("<h2>&lt;b&gt;{{7*7}}&lt;/b&gt;</h2><p></p>")
    with pytest.raises(jinja2.UndefinedError):
        templating.render("geo/iframe_code.html", id="x", src="y", title="z")


def test_json_for_a_script_cannot_end_the_element():
    env = templating.environment()
    value = {"a": "</script><!--", "b": "it's \u2028"}
    out = env.from_string("{{ v|tojson }}").render(v=value)  # a test's own fixed template
    assert "<" not in out and "'" not in out and "\u2028" not in out
    assert json.loads(out) == value


def test_every_template_ships_with_the_package():
    import tomllib

    from geo.paths import ROOT

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    data = config["tool"]["setuptools"]["package-data"]
    assert "jinja2>=3.1,<4" in config["project"]["dependencies"]
    for prefix, folder in templating.FOLDERS.items():
        package = "geo" if prefix == "geo" else "geo.site"
        base = templating.GEO_DIR if prefix == "geo" else templating.GEO_DIR / "site"
        files = sorted(folder.glob("*.html"))
        assert files, f"no templates in {folder}"
        for path in files:
            relative = path.relative_to(base)
            assert any(relative.match(glob) for glob in data[package]), relative


def test_inline_code_marks_a_catalogue_texts_names_and_escapes_everything_else():
    from geo.templating import inline_code

    assert inline_code("a `datapackage.json` file") == "a <code>datapackage.json</code> file"
    assert inline_code("`<b>` & <i>") == "<code>&lt;b&gt;</code> &amp; &lt;i&gt;"
