"""The static edition's page frame: head, header with the site's navigation, language switch, footer.

Every text put into a page goes through :func:`esc` (text and attributes) or :func:`json_script`
(data for a script), so that no text from the data can become markup or end a script.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from geo.i18n import LANGUAGES, t
from geo.safety import escape_html

# The pages of one language, in the navigation's order: (file, catalogue key of its name).
PAGES = (
    ("index.html", "site.nav.home"),
    ("map.html", "page.map"),
    ("story.html", "page.story"),
    ("overview.html", "page.overview"),
    ("routes.html", "page.routes"),
    ("justice.html", "page.justice"),
    ("data.html", "site.nav.downloads"),
    ("embed.html", "site.nav.embed"),
)
LANGUAGE_NAMES = {"es": "Español", "en": "English"}  # each in its own language: not translated
ASSETS = "assets"
OWN_ASSETS = Path(__file__).parent / "assets"
STYLESHEET = "site.css"


def esc(text: object) -> str:
    """``text`` escaped for HTML text or a quoted attribute (None and NaN become "")."""
    return escape_html(text)


def json_script(value: object) -> str:
    """``value`` as JSON that is safe inside a ``<script>`` element or a .js file.

    ``<``, ``>`` and ``&`` are written as ``\\u`` escapes, so no string can close the element or
    open a comment; U+2028 and U+2029 likewise, which older JavaScript reads as line ends.
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for char, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, code)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def data_script(name: str, value: object) -> str:
    """A .js file's text that sets ``window.<name>`` to ``value`` (loadable from ``file://``).

    Browsers refuse ``fetch`` of a JSON file from ``file://``; a script element is allowed.
    """
    return f"window.{name}={json_script(value)};\n"


@cache
def own_asset(name: str) -> str:
    """The text of one of the site's own scripts or stylesheets (``geo/site/assets/<name>``)."""
    return (OWN_ASSETS / name).read_text(encoding="utf-8")


def _inline(tag: str, name: str) -> str:
    text = own_asset(name)
    # The element ends at the first "</tag" whatever the context: the file must not hold one.
    if re.search(rf"</{tag}|<!--", text, re.IGNORECASE):
        raise ValueError(f"{name} holds '</{tag}' or '<!--': it cannot be written inside <{tag}>")
    return f"<{tag}>{text}</{tag}>"


def inline_script(name: str) -> str:
    """A ``<script>`` element holding ``assets/<name>``'s code, for a page that saves a request."""
    return _inline("script", name)


@dataclass
class Page:
    """One page of the site: where it lives, its words, its body and what it loads."""

    lang: str
    file: str  # path under the language folder, e.g. "map.html" or "embed/chart-purposes.html"
    title: str
    body: str
    css: list[str] = field(default_factory=list)  # under assets/
    scripts: list[str] = field(default_factory=list)  # under assets/, in order, end of body
    # Under assets/, in order, in the head before the stylesheets: they run as soon as they have
    # arrived, without waiting for the stylesheets or for the body to be parsed (the map pages'
    # Leaflet and data, so that the map is drawn before the rest of the page is laid out).
    head_scripts: list[str] = field(default_factory=list)
    # The site's stylesheet written into the page instead of linked: a map page saves a request
    # before its departments are drawn (bench site_load_ratio).
    inline_css: bool = False
    body_class: str = ""
    chrome: bool = True  # header and footer (embeds have none)
    head_extra: str = ""

    @property
    def root(self) -> str:
        """The relative path from this page to the site's root folder ("../" or "../../")."""
        return "../" * (self.file.count("/") + 1)

    def asset(self, name: str) -> str:
        """The relative URL of ``assets/<name>`` from this page."""
        return f"{self.root}{ASSETS}/{name}"


def _nav(page: Page) -> str:
    here = page.file
    items = []
    for file, key in PAGES:
        current = ' aria-current="page"' if file == here else ""
        items.append(f'<li><a href="{file}"{current}>{esc(t(key, page.lang))}</a></li>')
    other = [lang for lang in LANGUAGES if lang != page.lang]
    switch = "".join(
        f'<a class="lang-switch" href="../{lang}/{esc(here)}" hreflang="{lang}" lang="{lang}"'
        f" data-keep-hash>{esc(LANGUAGE_NAMES[lang])}</a>"
        for lang in other
    )
    return (
        '<header class="site-header">'
        f'<a class="brand" href="index.html">{esc(t("app.title", page.lang))}</a>'
        f'<nav aria-label="{esc(t("site.nav.label", page.lang))}"><ul>{"".join(items)}</ul></nav>'
        f"{switch}</header>"
    )


def _footer(page: Page) -> str:
    return (
        '<footer class="site-footer">'
        f"<p>{esc(t('site.footer.edition', page.lang))}</p>"
        f"<p>{esc(t('site.footer.licence', page.lang))}</p></footer>"
    )


def render(page: Page) -> str:
    """The whole HTML document of ``page``."""
    lang = page.lang
    head = [
        "<!doctype html>",
        f'<html lang="{lang}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(page.title)}</title>",
        f'<link rel="icon" href="{page.asset("favicon.png")}">',
    ]
    head += [f'<script src="{page.asset(script)}"></script>' for script in page.head_scripts]
    head += [f'<link rel="stylesheet" href="{page.asset(css)}">' for css in page.css]
    if page.inline_css:
        head.append(_inline("style", STYLESHEET))
    else:
        head.append(f'<link rel="stylesheet" href="{page.asset(STYLESHEET)}">')
    if page.head_extra:
        head.append(page.head_extra)
    head.append("</head>")
    body_class = f' class="{esc(page.body_class)}"' if page.body_class else ""
    body = [f"<body{body_class}>"]
    if page.chrome:
        body.append(
            f'<a class="skip-link" href="#main">{esc(t("site.skip", lang))}</a>' + _nav(page)
        )
    body.append(f'<main id="main">{page.body}</main>')
    if page.chrome:
        body.append(_footer(page))
    body += [f'<script src="{page.asset(script)}"></script>' for script in page.scripts]
    body.append("</body></html>")
    return "\n".join(head + body) + "\n"
