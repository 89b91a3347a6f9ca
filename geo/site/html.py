"""The static edition's page frame: head, header with the site's navigation, language switch, footer.

Pages are Jinja2 templates in ``geo/site/templates/`` (:mod:`geo.templating`): every value put into
one is escaped, unless the template says ``|safe`` and why. Data for a script goes in as JSON
(``|tojson`` in a template, :func:`json_script` in a .js file), so that no text from the data can
become markup or end a script.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from geo.i18n import LANGUAGES, t
from geo.templating import Markup
from geo.templating import render as render_template

# The pages of one language, in the navigation's order: (file, catalogue key of its name).
PAGES = (
    ("index.html", "site.nav.home"),
    ("map.html", "page.map"),
    ("story.html", "page.story"),
    ("overview.html", "page.overview"),
    ("routes.html", "page.routes"),
    ("justice.html", "page.justice"),
    ("data.html", "page.data"),
    ("embed.html", "site.nav.embed"),
)
LANGUAGE_NAMES = {"es": "Español", "en": "English"}  # each in its own language: not translated
ASSETS = "assets"
OWN_ASSETS = Path(__file__).parent / "assets"
STYLESHEET = "site.css"


def json_script(value: object) -> str:
    """``value`` as JSON that is safe inside a ``<script>`` element or a .js file.

    ``<``, ``>`` and ``&`` are written as ``\\u`` escapes, so no string can close the element or
    open a comment; U+2028 and U+2029 likewise, which older JavaScript reads as line ends.
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for char, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, code)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _js_string(value: object) -> str:
    """``value`` as JSON in a single-quoted JavaScript string, for ``JSON.parse``: only ``\\`` and
    ``'`` need escaping, :func:`json_script` having escaped all that could end a script or a line."""
    return "'" + json_script(value).replace("\\", "\\\\").replace("'", "\\'") + "'"


def data_script(name: str, value: dict, deferred: tuple[str, ...] = ()) -> str:
    """A .js file's text that sets ``window.<name>`` to ``value`` (loadable from ``file://``).

    Browsers refuse ``fetch`` of a JSON file from ``file://``; a script element is allowed.
    ``value`` is a string given to ``JSON.parse``, not an object literal: V8 scans a string and
    parses JSON faster than it parses the same data as code (v8.dev, "The cost of JavaScript in
    2019"). The keys in ``deferred`` (data no page draws before its map, such as the profiles) are
    left out: :func:`data_script_later` writes them, for a file of their own or to follow this
    text. Together, the explorer's departments were 15.5 ms sooner in one run of 41 alternated
    loads (bench/README.md, "The seventh round").
    """
    now = {k: v for k, v in value.items() if k not in deferred}
    return f"window.{name}=JSON.parse({_js_string(now)});\n"


def data_script_later(name: str, value: dict, deferred: tuple[str, ...]) -> str:
    """The text that adds the keys ``deferred`` of ``value`` to ``window.<name>`` (set by
    :func:`data_script`'s text, run before). Each is parsed the first time a script reads it:
    until then it is text inside a function V8 has not compiled, which neither the first parse
    nor the garbage collector spends time on."""
    text = ""
    for key in deferred:
        if not re.fullmatch(r"\w+", key):
            raise ValueError(f"a deferred key must be a word: {key!r}")
        text += (
            f'Object.defineProperty(window.{name},"{key}",{{configurable:true,enumerable:true,'
            f"get:function(){{var v=JSON.parse({_js_string(value[key])});"
            f'Object.defineProperty(this,"{key}",{{value:v,enumerable:true}});return v;}}}});\n'
        )
    return text


_STRING = r"'((?:[^'\\]|\\.)*)'"
_NOW = re.compile(rf"window\.(\w+)=JSON\.parse\({_STRING}\);\n")
_DEFERRED = re.compile(
    rf'Object\.defineProperty\(window\.(\w+),"(\w+)",\{{configurable:true,enumerable:true,'
    rf"get:function\(\)\{{var v=JSON\.parse\({_STRING}\);"
)


def read_data_script(text: str) -> dict[str, dict]:
    """Every ``window.<name>`` value that :func:`data_script` and :func:`data_script_later` wrote
    in ``text`` (a map bundle, followed by its later part for the deferred keys), by name: for
    the tests and the bench, which read what a page gets."""

    def parse(literal: str):
        return json.loads(re.sub(r"\\(.)", r"\1", literal))

    found = {m.group(1): parse(m.group(2)) for m in _NOW.finditer(text)}
    for m in _DEFERRED.finditer(text):
        found[m.group(1)][m.group(2)] = parse(m.group(3))
    return found


@cache
def own_asset(name: str) -> str:
    """The text of one of the site's own scripts or stylesheets (``geo/site/assets/<name>``)."""
    return (OWN_ASSETS / name).read_text(encoding="utf-8")


def _element_text(tag: str, name: str, text: str) -> str:
    """``text`` checked to be writable inside ``<tag>`` as it is: the element ends at the first
    ``</tag`` whatever the context, so the text must not hold one, nor ``<!--``."""
    if re.search("</" + tag + "|<!--", text, re.IGNORECASE):
        raise ValueError(f"{name} holds '</{tag}' or '<!--': it cannot be written inside <{tag}>")
    return text


# A relative url(...) of a stylesheet: not data:, not absolute, not from the root.
_RELATIVE_URL = re.compile(r"""url\((['"]?)(?![a-z][a-z0-9+.-]*:|/|#)([^'")]+)\1\)""", re.I)


@cache
def installed_stylesheet(name: str) -> str:
    """The text of a stylesheet the site copies from an installed package (``leaflet/...``)."""
    from geo.exports import leaflet_dir

    folder, _, file = name.partition("/")
    if folder != "leaflet" or "/" in file:
        raise ValueError(f"{name}: the site inlines Leaflet's stylesheet and its own only")
    return (leaflet_dir() / file).read_text(encoding="utf-8")


def inline_styles(page: Page) -> Markup:
    """One ``<style>`` element holding the page's stylesheets (``page.css``: Leaflet's, as the
    site copies it from its package) and then the site's own, for a page that saves a request for
    each before its departments are drawn (bench site_load_ratio). A relative ``url(...)`` in a
    copied stylesheet (Leaflet's images) is made relative to the page."""
    parts = []
    for name in page.css:
        folder = name.rpartition("/")[0]

        def relative(m: re.Match, folder: str = folder) -> str:
            return f"url({m.group(1)}{page.asset(f'{folder}/{m.group(2)}')}{m.group(1)})"

        text = _RELATIVE_URL.sub(relative, installed_stylesheet(name))
        parts.append(_element_text("style", name, text))
    parts.append(_element_text("style", STYLESHEET, own_asset(STYLESHEET)))
    return render_template("site/inline.html", tag="style", text="\n".join(parts))


def inline_text(tag: str, name: str) -> Markup:
    """A ``<tag>`` element (script or style) holding ``assets/<name>``'s text, for a page.

    The element ends at the first ``</tag`` whatever the context: the file must not hold one, nor
    ``<!--``. So checked, the atlas's own code goes into the page as it is (escaping would break it).
    """
    text = _element_text(tag, name, own_asset(name))
    return render_template("site/inline.html", tag=tag, text=text)


def inline_script(name: str, *more: str) -> Markup:
    """A ``<script>`` element holding ``assets/<name>``'s code (then each of ``more``'s, in
    order), for a page that saves a request."""
    if not more:
        return inline_text("script", name)
    for each in (name, *more):
        inline_text("script", each)  # each checked to hold no closing tag nor comment
    text = "\n".join(own_asset(each) for each in (name, *more))
    return render_template("site/inline.html", tag="script", text=text)


def words(lang: str) -> Callable[..., str]:
    """``t`` bound to ``lang``, as templates call it: ``{{ t("site.skip") }}``."""

    def bound(key: str, **values: object) -> str:
        return t(key, lang, **values)

    return bound


@dataclass
class Page:
    """One page of the site: where it lives, its words, its body and what it loads."""

    lang: str
    file: str  # path under the language folder, e.g. "map.html" or "embed/chart-purposes.html"
    title: str
    body: Markup  # rendered from the page's template (a plain str would be escaped as text)
    css: list[str] = field(default_factory=list)  # under assets/
    scripts: list[str] = field(default_factory=list)  # under assets/, in order, end of body
    # Under assets/, in order, in the head before the stylesheets: they run as soon as they have
    # arrived, without waiting for the stylesheets or for the body to be parsed (the map pages'
    # Leaflet and data, so that the map is drawn before the rest of the page is laid out).
    head_scripts: list[str] = field(default_factory=list)
    # The page's stylesheets (``css``: Leaflet's) and the site's written into the page instead of
    # linked: a map page saves a request for each before its departments are drawn (bench
    # site_load_ratio; Leaflet's, 3 ms in one run of 61 alternated loads).
    inline_css: bool = False
    body_class: str = ""
    chrome: bool = True  # header and footer (embeds have none)
    theme_script: bool = False  # ?theme=dark read before the page draws (embeds)
    # Description, og: and twitter: metadata and the preview image (geo.site.previews.Preview)
    preview: object | None = None

    @property
    def root(self) -> str:
        """The relative path from this page to the site's root folder ("../" or "../../")."""
        return "../" * (self.file.count("/") + 1)

    def asset(self, name: str) -> str:
        """The relative URL of ``assets/<name>`` from this page."""
        return f"{self.root}{ASSETS}/{name}"


def render(page: Page) -> str:
    """The whole HTML document of ``page``."""
    other = [(lang, LANGUAGE_NAMES[lang]) for lang in LANGUAGES if lang != page.lang]
    html = render_template(
        "site/page.html",
        page=page,
        t=words(page.lang),
        pages=PAGES,
        other_languages=other,
        stylesheet=STYLESHEET,
        inline_css=inline_styles(page) if page.inline_css else "",
    )
    return str(html) + "\n"
