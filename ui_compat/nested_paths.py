"""An unknown address of more than one segment (``/a/b?lang=es``) sent to one the atlas's
not-found page can answer: the same path as one segment, its inner slashes written as division
slashes (``/a∕b?lang=es``, U+2215, which reads alike).

Streamlit 1.67 answers any unknown path with its page (``index.html``, its static files'
fallback), whose scripts and styles are addressed relative to the page (``./static/...``): at
``/a/b`` the browser asks for them under ``/a/``, gets the page again instead of a script, and
shows a blank page. A page's ``url_path`` cannot hold a ``/`` either, so the atlas cannot put its
not-found page (``ui.not_found``) at such a path, nor at ``/a%2Fb`` (Streamlit's client unescapes
it to ``a/b``). At ``/a∕b``, one segment, the scripts load and the not-found page takes that
path, and names it with its slashes (:func:`asked_path`).

An ASGI middleware of ``app.py``'s ``st.App``. It leaves alone every path under Streamlit's own
routes (``RESERVED``: its API, media, components and static files) and the app's static folder,
and anything but GET and HEAD. It imports nothing of the atlas.
"""

from __future__ import annotations

from urllib.parse import quote, unquote

from starlette.responses import RedirectResponse

# Streamlit's route prefixes (starlette_app._RESERVED_ROUTE_PREFIXES), and the app's static
# folder (/app/static/, served by Streamlit): a path with one of these segments is never a page.
RESERVED = ("_stcore", "media", "component", "static", "app")
SLASH = "\u2215"  # DIVISION SLASH: a "/" inside one segment of the path


def one_segment(path: str, base: str = "") -> str | None:
    """The one-segment path for a page address ``path`` (as the browser sent it, %-escaped) of
    more than one segment, or None for a path to leave alone.

    ``base`` is the app's base path (``server.baseUrlPath``), kept as it is. A trailing slash
    counts as no segment (Streamlit's own redirect handles ``/map/``).
    """
    prefix = "/" + base.strip("/") if base.strip("/") else ""
    if prefix and not (path == prefix or path.startswith(prefix + "/")):
        return None
    segments = [s for s in path[len(prefix) :].split("/") if s]
    if len(segments) < 2 or any(unquote(s) in RESERVED for s in segments):
        return None
    return f"{prefix}/" + quote(SLASH.join(unquote(s) for s in segments), safe="")


def asked_path(page_name: str) -> str:
    """The path a reader asked for, from the page name :func:`one_segment` gave it."""
    return page_name.replace(SLASH, "/")


class NestedPathRedirect:
    """Redirect (302) a GET or HEAD of a page address of more than one segment to
    :func:`one_segment`'s, its query kept."""

    def __init__(self, app, base: str = "") -> None:
        self.app = app
        self.base = base

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http" and scope.get("method") in ("GET", "HEAD"):
            raw = scope.get("raw_path") or scope["path"].encode()
            target = one_segment(raw.decode("latin-1").split("?", 1)[0], self.base)
            if target is not None:
                query = scope.get("query_string", b"").decode("latin-1")
                url = target + (f"?{query}" if query else "")
                response = RedirectResponse(url, status_code=302)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)
