"""A QR code of the atlas's public address, for a room: the deck's and the story's first and last
steps show it, so that a committee can open the atlas on their phones while the presenter speaks.

The address is where the static edition is published (``ATLAS_STATIC_URL``, read by
:func:`geo.site.embed.static_setting`; a path such as ``/site/`` on the live story's own host),
in the deck's language: the edition a phone opens fastest.
Without it there is no code (:func:`qr_figure` returns an empty string) and the site's build says
so once. The code is segno's SVG, put into the page as it is: segno writes only its own elements
and numbers (the address becomes dark and light modules, never text in the SVG); the address that
is shown as text under it goes through the template, escaped.
"""

from __future__ import annotations

from geo.i18n import normalise_language, t
from geo.templating import Markup
from geo.templating import render as render_template

ERROR_LEVEL = "m"  # 15 % of the code may be unreadable (a projector's glare, a crease)
BORDER = 4  # modules of light margin, as the standard asks
SIZE_PX = 220  # drawn size where no stylesheet sizes it (the live story): 30 % of a 720 px screen


def atlas_address(lang: str, page_url: str | None = None) -> str | None:
    """The address the code opens: the published static edition's home in ``lang``
    (``https://atlas.example.org/es/``), or None when ``ATLAS_STATIC_URL`` is not set. A path on
    the live app's host (``/site/``, as ``make serve`` sets it) is made absolute from the live
    page's address ``page_url`` (None without one: a build has no host)."""
    from geo.share import static_address
    from geo.site.embed import static_setting

    base = static_address(static_setting(), page_url)
    return f"{base}{normalise_language(lang)}/" if base else None


def qr_svg(address: str) -> Markup:
    """``address`` as an inline SVG QR code, sized by its container (no width or height)."""
    import segno

    code = segno.make(address, error=ERROR_LEVEL, micro=False)
    # segno's own markup, made from the address's bits: no text of the address is in it
    return Markup(code.svg_inline(scale=1, border=BORDER, omitsize=True, svgclass="qr-code"))


def qr_figure(lang: str, page_url: str | None = None) -> Markup:
    """The code with its words (what it opens, and the address as text), or an empty string
    when no public address is configured (``page_url``: see :func:`atlas_address`)."""
    address = atlas_address(lang, page_url)
    if address is None:
        return Markup("")
    return render_template(
        "geo/qr.html",
        svg=qr_svg(address),
        size=SIZE_PX,
        address=address,
        caption=t("qr.caption", lang),
        alt=t("qr.alt", lang, url=address),
    )


def qr_for_step(number: int, lang: str, page_url: str | None = None) -> str:
    """The code for a story step: on the first and the last (the title and the closing words),
    else an empty string; empty too without a public address. For the live story's ``st.html``,
    whose page address (``page_url``) completes a static address given as a path."""
    from geo.story import STEP_COUNT

    return str(qr_figure(lang, page_url)) if number in (1, STEP_COUNT) else ""
