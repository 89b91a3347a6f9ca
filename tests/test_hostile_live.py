"""The hostile corpus on the live app (AppTest): an uploaded file's payloads on the Data page, its
problems table and the map page (map, tooltips, profile, chart), and payloads as the value of
every URL parameter of every page. Nothing is run, nothing raises, the words show as written.

The browser side (a dialog, a script element) is tests/browser/test_upload_safety.py's; the
downloads are tests/test_hostile_corpus.py's.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
from google.protobuf.json_format import MessageToJson
from streamlit.testing.v1 import AppTest

from geo.i18n import t
from geo.safety import escape_markdown
from tests.hostile_corpus import PID_PROBE, evaluated_in, payload_id
from tests.test_hostile_corpus import csv_bytes, refused_file
from ui.view_table import TABS_KEY

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
DATA = "app_pages/data_page.py"
MAP = "app_pages/map_page.py"
PAGES = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "app_pages").glob("*_page.py"))
logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").setLevel(logging.ERROR)

# One string that tries every interpreter at once, and the corpus's kinds one by one.
COMBINED = "{{7*7}}${7*191919}<%= 'pw'+'ned' %>$\\frac{a}{$<img src=x onerror=alert(1)>=1+1"
UPLOAD_PAYLOADS = [
    COMBINED,
    PID_PROBE,
    '"><svg onload=alert(1)>**bold** [x](javascript:alert(1))',
    '=HYPERLINK("http://example.invalid","x")',
    "\u202eevil\u202c",
]
URL_PAYLOADS = [COMBINED, "%E0%A4%A", "__proto__", "9" * 5000]
PARAMS = ("lang", "layer", "measure", "routes", "dept", "step", "tab", "table", "theme", "column")


def tree_text(at: AppTest) -> str:
    """Everything the session sends to the browser, as JSON text."""
    out: list[str] = []

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None:
            out.append(MessageToJson(proto))
        children = getattr(node, "children", None) or {}
        for child in children.values():
            walk(child)

    walk(at._tree)
    return "\n".join(out)


# Elements whose text Streamlit reads as markdown (KaTeX math between ``$``, HTML shown as text,
# emphasis, links): a reader's words in them must arrive escaped.
def markdown_texts(at: AppTest) -> list[tuple[str, str]]:
    texts = [("markdown", e.value) for e in at.markdown]
    texts += [("caption", e.value) for e in at.caption]
    texts += [("metric label", e.label) for e in at.metric]
    texts += [("alert", e.value) for e in (*at.success, *at.info, *at.warning, *at.error)]
    texts += [("option", o.content) for group in at.get("button_group") for o in group.proto.options]
    return [(kind, str(text or "")) for kind, text in texts]


def unescaped_markdown(at: AppTest, payload: str) -> list[str]:
    """Markdown texts holding a piece of the payload that markdown would read (``$...$``, a tag,
    ``**...**``, ``[..](..)``) as it stands, unescaped."""
    pieces = re.findall(r"\$[^$]+\$|<[a-z][^>]*>|\*\*[^*]+\*\*|\[[^]]*\]\([^)]*\)", payload)
    return [
        f"{kind}: {text[:120]}"
        for kind, text in markdown_texts(at)
        for piece in pieces
        if piece in text
    ]


def check(at: AppTest, where: str, payload: str = "") -> str:
    assert not at.exception, f"{where}: {[e.value for e in at.exception]}"
    text = tree_text(at)
    assert evaluated_in(text) == [], f"{where}: a payload was run"
    assert unescaped_markdown(at, payload) == [], f"{where}: reader text read as markdown"
    return text


def open_upload(lang: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update({"lang": lang, "tab": "upload"})
    at.run()
    at.query_params.update({"lang": lang, "tab": "upload"})
    at.switch_page(DATA).run()
    return at


@pytest.mark.parametrize("payload", UPLOAD_PAYLOADS, ids=payload_id)
def test_an_uploaded_files_payloads_are_shown_as_written_on_the_data_and_map_pages(payload):
    lang = "es" if UPLOAD_PAYLOADS.index(payload) % 2 else "en"
    at = open_upload(lang)
    rows = [["departamento", payload, "fuente"], ["Cusco", "53", payload], ["Puno", "7", payload]]
    at.file_uploader(key="upload_file").upload(f"{payload}.csv", csv_bytes(rows), "text/csv").run()
    check(at, "data page, loaded", payload)

    at.query_params.clear()
    at.query_params.update({"lang": lang, "layer": "upload", "dept": "08"})
    at.switch_page(MAP).run()
    at.run()  # the run the drawn map asks for (ui.live_map.REST_JS): the profile and the downloads
    check(at, "map page", payload)
    # The profile's first figure is the reader's: its label carries the column name, escaped
    # for markdown, which shows it as written.
    labels = [m.label for m in at.metric]
    assert any(escape_markdown(payload) in label for label in labels), labels[:2]
    at.session_state[TABS_KEY] = t("map.tab.table", lang)  # the table, drawn once its tab is open
    at.run()
    assert at.get("dataframe"), "expected the map's table"
    check(at, "map page's table", payload)


@pytest.mark.parametrize("payload", UPLOAD_PAYLOADS, ids=payload_id)
def test_a_refused_files_payloads_are_named_as_text_in_the_problems_table(payload):
    at = open_upload("es")
    name, data = refused_file(payload)
    at.file_uploader(key="upload_file").upload(name, data, "text/csv").run()
    check(at, "problems", payload)
    assert at.get("dataframe"), "expected the problems table"


@pytest.mark.parametrize("payload", URL_PAYLOADS, ids=payload_id)
@pytest.mark.parametrize("page", PAGES)
def test_a_payload_in_every_url_parameter_of_every_page_is_never_run(page, payload):
    params = dict.fromkeys(PARAMS, payload)
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(params)
    at.run()
    if page != MAP:
        at.query_params.update(params)
        at.switch_page(page).run()
    check(at, page)


@pytest.mark.parametrize("payload", URL_PAYLOADS, ids=payload_id)
@pytest.mark.parametrize("page", [MAP, "app_pages/overview_page.py"])
def test_a_payload_in_every_url_parameter_of_an_embed_is_never_run(page, payload):
    """An embedded page (``?embed=true``, the journalist's iframe) reads the same parameters."""
    params = dict.fromkeys((*PARAMS, "chart"), payload)
    at = AppTest.from_file(APP, default_timeout=60)
    at.context.update({"is_embedded": True})
    at.query_params.update(params)
    at.run()
    if page != MAP:
        at.query_params.update(params)
        at.switch_page(page).run()
    check(at, f"embedded {page}")
