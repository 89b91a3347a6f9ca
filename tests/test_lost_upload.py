"""AppTest: an address naming an uploaded layer that this session does not hold (a reader moved to
another server, or a shared link) shows the rest of the view and says how to load the file again.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo.i18n import t

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app.py"
UPLOAD = ROOT / "tests" / "fixtures" / "upload_replicas.csv"
TIMEOUT = 60  # the first run prepares everything; a shared machine can be slow
logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").setLevel(logging.ERROR)


def run_app(params: dict[str, str]) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.query_params.update(params)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def warnings(at: AppTest) -> list[str]:
    return [w.value for w in at.warning]


@pytest.mark.parametrize("lang", ["es", "en"])
def test_an_upload_missing_from_the_session_is_named_with_the_way_to_load_it_again(lang):
    at = run_app({"lang": lang, "layer": "upload", "routes": "lima", "dept": "17"})
    assert t("uploads.lost", lang) in warnings(at)
    links = [link for link in at.main.get("page_link") if link.proto.page == "data"]
    assert [link.proto.label for link in links] == [t("uploads.load_again", lang)]
    assert "tab=upload" in links[0].proto.query_string
    # The rest of the view is kept; the map shows the report's default layer.
    assert at.query_params["layer"] == "complaints"
    assert at.query_params["routes"] == "lima"
    assert at.query_params["dept"] == "17"
    # The message stays for this session (the address no longer says `upload`) ...
    at.run()
    assert t("uploads.lost", lang) in warnings(at)


def test_no_message_without_a_missing_upload():
    at = run_app({"lang": "en", "layer": "origin"})
    assert t("uploads.lost", "en") not in warnings(at)


def test_the_message_goes_once_the_file_is_loaded_again():
    from geo.uploads import parse_upload

    at = run_app({"lang": "en", "layer": "upload"})
    assert t("uploads.lost", "en") in warnings(at)
    at.session_state["upload"] = parse_upload(UPLOAD.name, UPLOAD.read_bytes(), "en")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert t("uploads.lost", "en") not in warnings(at)
