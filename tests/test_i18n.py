"""The string catalogue: every key in both languages, and language-aware numbers."""

import ast
import re
from pathlib import Path

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


ROOT = Path(__file__).resolve().parent.parent
CODE = ("*.py", "app_pages/*.py", "ui/**/*.py", "geo/**/*.py", "scripts/*.py")
KEY = re.compile(r"[a-z][a-z0-9_]*(\.[a-z0-9_]+)+")
CALLS = {"t", "tr", "tn", "Message", "message"}  # functions whose first argument is a key
TEMPLATES = ("geo/templates/*.html", "geo/**/templates/*.html")  # Jinja2: {{ t("a.key") }}
TEMPLATE_CALL = re.compile(r"""\bt\(\s*(["'])([^"']+)\1""")


def _code_strings() -> tuple[set[str], set[str], list[str]]:
    """Every string literal of the code, each f-string as a pattern, and the keys passed to calls.

    An f-string such as ``f"layer.{layer_id}.title"`` names a family of keys: its patterns
    count every key of the family as used.
    """
    literals, patterns, called = set(), set(), []
    for path in sorted({p for glob in CODE for p in ROOT.glob(glob)}):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                literals.add(node.value)
            elif isinstance(node, ast.JoinedStr):
                parts = [
                    re.escape(v.value) if isinstance(v, ast.Constant) else "[a-z0-9_]+"
                    for v in node.values
                ]
                patterns.add("".join(parts))
            elif isinstance(node, ast.Call) and node.args:
                name = getattr(node.func, "id", getattr(node.func, "attr", None))
                key = getattr(node.args[0], "value", None)
                if name in CALLS and isinstance(key, str) and KEY.fullmatch(key):
                    called.append(f"{path.relative_to(ROOT)}: {key}")
    for path in sorted({p for glob in TEMPLATES for p in ROOT.glob(glob)}):
        for match in TEMPLATE_CALL.finditer(path.read_text(encoding="utf-8")):
            literals.add(match.group(2))
            called.append(f"{path.relative_to(ROOT)}: {match.group(2)}")
    return literals, patterns, called


def test_every_key_the_code_asks_for_is_in_both_catalogues():
    """Every literal key passed to t(), tr(), tn() or a Message is in the catalogue."""
    _, _, called = _code_strings()
    assert len(called) > 100, "the scan found too few keys: the pattern is wrong"
    missing = [use for use in called if use.rsplit(": ", 1)[1] not in MESSAGES]
    assert not missing, f"keys the code uses that no catalogue has: {missing}"


def test_every_message_in_the_catalogues_is_used():
    """A message no code names (as a literal, or as a member of an f-string family) is dead."""
    literals, patterns, _ = _code_strings()
    families = [re.compile(p) for p in patterns if "." in p]
    unused = sorted(
        key
        for key in MESSAGES
        if key not in literals
        and not key.endswith(".plural")  # ngettext's msgid_plural of a key the code names
        and not any(family.fullmatch(key) for family in families)
    )
    assert not unused, f"messages no code uses (remove them from both .po files): {unused}"


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
