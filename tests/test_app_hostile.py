"""Hostile URLs get the app's own words, never a traceback (issue 15, case 4)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo.story import STEP_COUNT, parse_step

ROOT = Path(__file__).resolve().parent.parent
STORY = "app_pages/story_page.py"
logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").setLevel(logging.ERROR)


@pytest.mark.parametrize("digits", [4, 4301, 5000])
def test_long_step_numbers_are_refused_without_converting_them(digits):
    assert parse_step("9" * digits) == (1, False)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_a_step_of_5000_digits_shows_the_apps_own_note(lang):
    step = "9" * 5000
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params.update({"step": step, "lang": lang})
    at.run()
    at.query_params.update({"step": step, "lang": lang})
    at.switch_page(STORY).run()
    assert not at.exception, [e.value for e in at.exception]
    notes = [i.value for i in at.info]
    assert any(step[:40] in note and str(STEP_COUNT) in note for note in notes), notes
