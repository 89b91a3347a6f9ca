"""The atlas's Spanish and English strings (gettext catalogues) and its language-aware formatter.

Every string a reader sees is a message in ``geo/locale/<lang>/LC_MESSAGES/atlas.po``, looked up by
its key (the msgid) and rendered when it is shown: :func:`t` for a message, :func:`tn` for one whose
words follow a count. Numbers, percentages and lists go through Babel, so each language gets its own
decimal mark, grouping, percent sign and conjunction from one place.
"""

from __future__ import annotations

import functools
import gettext
from collections.abc import Iterable
from pathlib import Path

from babel import Locale
from babel.lists import format_list as babel_format_list
from babel.numbers import format_decimal

LANGUAGES = ("es", "en")
DEFAULT_LANGUAGE = "es"
DOMAIN = "atlas"
LOCALE_DIR = Path(__file__).parent / "locale"
PLURAL_SUFFIX = ".plural"  # the msgid_plural of a message whose words follow a count


def normalise_language(lang: object) -> str:
    """``"es"`` or ``"en"`` from any input (``"en-US"``, ``"ES"``, None...); Spanish by default."""
    text = str(lang or "").strip().lower()[:2]
    return text if text in LANGUAGES else DEFAULT_LANGUAGE


def po_path(lang: str) -> Path:
    """The catalogue source of ``lang``."""
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@functools.cache
def _translations(lang: str) -> gettext.GNUTranslations:
    """The compiled catalogue of ``lang``; compiled from its ``.po`` in memory if set-up did not."""
    mo = po_path(lang).with_suffix(".mo")
    if mo.exists() and mo.stat().st_mtime >= po_path(lang).stat().st_mtime:
        with mo.open("rb") as handle:
            return gettext.GNUTranslations(handle)
    return _compile_in_memory(lang)


def _compile_in_memory(lang: str) -> gettext.GNUTranslations:
    import io

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po_path(lang).open("rb") as handle:
        catalog = read_po(handle, locale=lang, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def _missing(key: str, lang: str) -> KeyError:
    return KeyError(f"message {key!r} is not in the {lang} catalogue ({po_path(lang).name})")


def t(key: str, lang: str, **values: object) -> str:
    """The message ``key`` in ``lang``, formatted with ``values``.

    Raises
    ------
    KeyError
        When the key is not in the catalogue (a missing string is a bug, not a fallback).
    """
    lang = normalise_language(lang)
    text = _translations(lang).gettext(key)
    if text == key:
        raise _missing(key, lang)
    return text.format(**values) if values else text


def tn(key: str, count: int, lang: str, **values: object) -> str:
    """The message ``key`` in the plural form that ``count`` takes in ``lang``.

    ``count`` is also passed to the message as ``{count}``, formatted for the language.
    """
    lang = normalise_language(lang)
    plural = key + PLURAL_SUFFIX
    text = _translations(lang).ngettext(key, plural, count)
    if text in (key, plural):
        raise _missing(key, lang)
    return text.format(**{"count": format_number(count, 0, lang), **values})


def catalogue(lang: str) -> dict[str, str]:
    """Every message of ``lang`` by key; a plural message under its key, in its plural form."""
    from babel.messages.pofile import read_po

    with po_path(normalise_language(lang)).open("rb") as handle:
        catalog = read_po(handle, locale=lang, domain=DOMAIN)
    return {
        (m.id[0] if isinstance(m.id, tuple) else m.id): (
            m.string[-1] if isinstance(m.string, tuple) else m.string
        )
        for m in catalog
        if m.id
    }


@functools.cache
def _locale(lang: str) -> Locale:
    return Locale.parse(normalise_language(lang))


def _pattern(base: str, decimals: int) -> str:
    """A CLDR number pattern with exactly ``decimals`` fraction digits."""
    integer, _, rest = base.partition(".")
    suffix = "".join(ch for ch in rest if ch not in "#0")
    fraction = "." + "0" * decimals if decimals else ""
    return integer + fraction + suffix


def format_number(value: float, decimals: int, lang: str) -> str:
    """``value`` with ``decimals`` places in the language's style: 1,334.5 (en) or 1334,5 (es).

    Spanish groups thousands only from five digits up (CLDR's minimum grouping digits for ``es``,
    which Babel does not apply): 1334 but 29.461.933.
    """
    locale = _locale(lang)
    pattern = _pattern(locale.decimal_formats[None].pattern, decimals)
    grouped = not (locale.language == "es" and abs(value) < 10_000)
    return format_decimal(value, format=pattern, locale=locale, group_separator=grouped)


def format_count(value: float, lang: str) -> str:
    """A small whole count in prose, as an editor writes it: "six departments", "seis
    departamentos" from two to ten (the words are the catalogue's ``number.words``); one, and
    every other count, as a numeral (Spanish "un"/"una" follows the noun)."""
    if float(value).is_integer() and 2 <= value <= 10:
        return t("number.words", lang).split(",")[int(value)].strip()
    return format_number(value, 0, lang)


def format_percent(value_pct: float, decimals: int, lang: str) -> str:
    """A percentage given in percent (0–100): 59.44% (en), 59,44 % (es)."""
    locale = _locale(lang)
    pattern = locale.percent_formats[None].pattern
    head, _, tail = pattern.partition("0")
    pattern = head + "0" + ("." + "0" * decimals if decimals else "") + tail
    return format_decimal(value_pct / 100, format=pattern, locale=locale)


def format_list(items: Iterable[object], lang: str, style: str = "standard") -> str:
    """``items`` joined as the language joins a list: "a, b y c" (es), "a, b, and c" (en)."""
    items = [str(item) for item in items]
    return babel_format_list(items, style=style, locale=_locale(lang)) if items else ""
