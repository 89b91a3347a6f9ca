"""The string catalogue: every key in both languages, and language-aware numbers."""

import re

import pytest

from geo.i18n import (
    LANGUAGES,
    catalogue,
    format_list,
    format_number,
    format_percent,
    normalise_language,
    t,
    tn,
)

MESSAGES = {
    key: {lang: catalogue(lang).get(key, "") for lang in LANGUAGES}
    for key in set(catalogue("es")) | set(catalogue("en"))
}


def test_every_key_has_a_non_empty_string_in_both_languages():
    missing = [
        (key, lang)
        for key, texts in MESSAGES.items()
        for lang in LANGUAGES
        if not str(texts.get(lang, "")).strip()
    ]
    assert not missing, f"keys missing a language: {missing}"
    extra = [
        (key, set(texts) - set(LANGUAGES))
        for key, texts in MESSAGES.items()
        if set(texts) - set(LANGUAGES)
    ]
    assert not extra


def test_both_languages_use_the_same_placeholders():
    for key, texts in MESSAGES.items():
        es = set(re.findall(r"{(\w+)}", texts["es"]))
        en = set(re.findall(r"{(\w+)}", texts["en"]))
        assert es == en, key


def test_missing_key_is_an_error_not_a_fallback():
    with pytest.raises(KeyError):
        t("no.such.key", "es")


@pytest.mark.parametrize(
    ("raw", "lang"),
    [("en-US", "en"), ("EN", "en"), ("es-PE", "es"), (None, "es"), ("fr", "es"), ("", "es")],
)
def test_language_is_normalised(raw, lang):
    assert normalise_language(raw) == lang


@pytest.mark.parametrize(
    ("value", "decimals", "lang", "text"),
    [
        (1334, 0, "en", "1,334"),
        (1334, 0, "es", "1334"),
        (29461933, 0, "es", "29.461.933"),
        (12345.5, 1, "en", "12,345.5"),
        (8.7, 1, "es", "8,7"),
        (8.7, 1, "en", "8.7"),
        (26.41, 1, "es", "26,4"),
    ],
)
def test_numbers_follow_the_language(value, decimals, lang, text):
    assert format_number(value, decimals, lang) == text


def test_catalogue_strings_used_in_code_exist():
    """Every literal key passed to t()/tr() in the code base is in the catalogue."""
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    used = set()
    for path in [*root.glob("*.py"), *root.glob("app_pages/*.py"), *root.glob("geo/**/*.py")]:
        used |= set(re.findall(r"\btr?\(\s*\"([a-z0-9_.]+)\"", path.read_text(encoding="utf-8")))
    assert used, "the scan found no keys: the pattern is wrong"
    assert not sorted(used - set(MESSAGES))


@pytest.mark.parametrize(
    ("value", "decimals", "lang", "text"),
    [(59.44, 2, "en", "59.44%"), (59.44, 2, "es", "59,44\u00a0%"), (8.7, 1, "es", "8,7\u00a0%")],
)
def test_percentages_follow_the_language(value, decimals, lang, text):
    assert format_percent(value, decimals, lang) == text


def test_lists_and_plurals_follow_the_language():
    assert format_list(["Cusco", "Lima", "Puno"], "es") == "Cusco, Lima y Puno"
    assert format_list(["Cusco", "Lima", "Puno"], "en") == "Cusco, Lima, and Puno"
    assert tn("uploads.more", 1, "es") == "… y 1 problema más."
    assert tn("uploads.more", 2, "en") == "… and 2 more problems."
