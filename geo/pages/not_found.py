"""The atlas's not-found page: an address that names no page of the atlas, in the reader's language.

The live app shows it for an unknown path (``/nonexistent?lang=es``: ``ui.not_found``) instead of
Streamlit's own English dialog; the static edition writes it as ``404.html`` in each language's
folder and, in both languages, at its root (``geo.site.build``), which a web server answers
unknown addresses with (``deploy/``'s nginx: ``error_page 404``).
"""

from __future__ import annotations

from dataclasses import dataclass

from geo.i18n import normalise_language, t
from geo.pages.notices import quoted

PAGES = ("map", "overview", "routes", "justice", "story", "data")  # the pages it points to


@dataclass(frozen=True)
class NotFoundPage:
    """What the not-found page says: title, what happened, and a link to each page."""

    lang: str
    title: str
    asked: str  # the address's page named ("" where the page cannot know it)
    body: str
    links_heading: str
    links: tuple[tuple[str, str], ...]  # (page id, its name)


def not_found_page(lang: str, path: str | None = None) -> NotFoundPage:
    """The not-found page in ``lang``; ``path``, the page the address asked for, is named."""
    lang = normalise_language(lang)
    return NotFoundPage(
        lang=lang,
        title=t("notfound.title", lang),
        asked=t("notfound.asked", lang, value=quoted(path)) if path else "",
        body=t("notfound.body", lang),
        links_heading=t("notfound.links", lang),
        links=tuple((page, t(f"page.{page}", lang)) for page in PAGES),
    )
