"""The atlas's two editions, as the journeys see them: how to open a view, a page, a step or an
embed by its address, how to read the view back from the address, and where the map, its title,
legend and the department's profile are.

- **live**: the Streamlit app (the session's ``server``); its view is in the query string
  (``/?layer=..&measure=..&routes=..&dept=..&lang=..``), its map inside streamlit_folium's iframe.
- **static**: the folder ``geo.site.build.build_site`` writes, opened through file:// (or
  through a loopback HTTP server where file:// cannot do it: embeds in a page of another
  origin); its view is in the address's fragment (``es/map.html#layer=..``), its map on the page.

A journey is written once against :class:`Edition` and parametrised over :data:`EDITIONS`, so
that a difference between the editions is a failing test.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

from atlas_ui import _STILL_JS, MAP_IFRAME, choose, open_page, wait_idle, wait_map_still, widget
from playwright.sync_api import Frame, Locator, Page, expect

from geo.i18n import t
from geo.names import department_names
from geo.story import STEP_COUNT, story_step
from geo.urls import chart_embed_url, map_embed_url

EDITIONS = ("live", "static")
# Leaflet keeps no list of its maps: note each one as it is made (the static edition's map is in
# a closure), and fall back to folium's global variable (the live map). Installed on each page
# before its scripts run (Edition.watch).
CATCH_MAPS_JS = """
(() => {
  let leaflet;
  Object.defineProperty(window, 'L', {
    configurable: true,
    get() { return leaflet; },
    set(value) {
      leaflet = value;
      if (value && value.Map && value.Map.addInitHook) {
        value.Map.addInitHook(function () { (window.__atlasMaps = window.__atlasMaps || []).push(this); });
      }
    },
  });
})();
"""
# The page's (or frame's) Leaflet map, as a JavaScript expression.
FIND_MAP = (
    "((window.__atlasMaps || [])[0] || "
    "Object.values(window).find(v => { try { return v instanceof L.Map; } catch (e) {} }))"
)
# The departments drawn with the widest outline (the chosen one), through Leaflet's own layers:
# the live map's features name their code department_code, the static map's code.
OUTLINED_JS = """() => {
  const map = FIND_MAP;
  const weights = {};
  map.eachLayer(layer => {
    const p = layer.feature && layer.feature.properties;
    const code = p && (p.department_code || p.code);
    if (code && layer._path && /^[0-9]{2}$/.test(code)) weights[code] = layer.options.weight;
  });
  const widest = Math.max(...Object.values(weights));
  const others = Object.values(weights).filter(w => w !== widest);
  if (!others.length) return [];  // all alike: none chosen
  return Object.keys(weights).filter(c => weights[c] === widest).sort();
}""".replace("FIND_MAP", FIND_MAP)
VIEW_KEYS = ("layer", "measure", "routes", "dept")
SETTLE_TOLERANCE = 3  # px: an embed's iframe against its content's height
LANGUAGE_NAMES = {"es": "Español", "en": "English"}  # the language switch's labels


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # no line per request in the test output
        pass


@contextlib.contextmanager
def serve_folder(root: Path):
    """Serve ``root`` over HTTP on a free loopback port; yields its base URL (ending in /)."""
    handler = functools.partial(QuietHandler, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


@contextlib.contextmanager
def news_pages(root: Path):
    """A news site on another loopback port, serving ``root``: yields ``write(name, body)``, which
    writes a news story holding ``body`` (an embed's code) and gives the page's address."""

    def write(name: str, body: str) -> str:
        (root / name).write_text(
            '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>news</title>'
            '<link rel="icon" href="data:,"></head>'
            f"<body style='margin:0;padding:8px'><h1>A news story</h1>{body}"
            "<p>The story goes on.</p></body></html>",
            encoding="utf-8",
        )
        return base + name

    with serve_folder(root) as base:
        yield write


def settled_height(page: Page, ident: str, script: str, wait_s: float = 60) -> tuple[float, dict]:
    """The iframe ``#ident``'s height and its content's state (``script`` run inside it), once
    they agree, or when ``wait_s`` runs out.

    The height is read before and after the state, and only a state read while the height stood
    still counts: the page around the iframe may apply the content's new height between two reads,
    and a state from before it (the content taller than the iframe, so scrolling) would pair with
    a height from after it."""
    frame_box = page.locator(f"#{ident}")
    deadline = time.monotonic() + wait_s
    while True:
        before = frame_box.evaluate("e => e.getBoundingClientRect().height")
        frame = frame_box.element_handle().content_frame()
        assert frame is not None, f"#{ident} is not an iframe"
        state = frame.evaluate(script)
        height = frame_box.evaluate("e => e.getBoundingClientRect().height")
        if (
            height == before
            and state["content"] > 0
            and abs(height - state["content"]) <= SETTLE_TOLERANCE
        ):
            return height, state
        if time.monotonic() > deadline:
            return height, state
        page.wait_for_timeout(200)  # polling a condition, not a fixed wait


def _query(address: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(address).query).items()}


def _fragment(address: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(address).fragment).items()}


@dataclass
class Edition:
    """One edition of the atlas and how a journey finds its way around it.

    ``base``: the live server's URL, or the static site's root as a file:// URI (ending in /).
    ``http``: the static site over loopback HTTP (for embeds in another origin), when needed.
    """

    name: str
    base: str
    http: str | None = None

    @property
    def live(self) -> bool:
        return self.name == "live"

    def __str__(self) -> str:
        return self.name

    # --- addresses --------------------------------------------------------------------------

    def map_url(self, lang: str, **view: str) -> str:
        """The address of the map showing ``view`` (layer, measure, routes, dept) in ``lang``."""
        if self.live:
            return self.base + "/?" + urlencode({"lang": lang, **view})
        fragment = urlencode(view, safe=",")
        return f"{self.base}{lang}/map.html" + (f"#{fragment}" if fragment else "")

    def page_url(self, name: str, lang: str, **params: str) -> str:
        if self.live:
            path = "/" if name == "map" else f"/{name}"
            return self.base + path + "?" + urlencode({"lang": lang, **params})
        fragment = urlencode(params)
        return f"{self.base}{lang}/{name}.html" + (f"#{fragment}" if fragment else "")

    def view(self, page: Page) -> dict[str, str | None]:
        """The view the address names now: {layer, measure, routes, dept} (None where absent)."""
        params = _query(page.url) if self.live else _fragment(page.url)
        return {key: params.get(key) for key in VIEW_KEYS}

    def language(self, page: Page) -> str:
        """The language the address names (live: ?lang=, static: the folder)."""
        if self.live:
            return _query(page.url).get("lang", "")
        return urlsplit(page.url).path.rstrip("/").split("/")[-2]

    def wait_view(self, page: Page, **expected: str | None) -> None:
        """Wait until the address names ``expected`` (a None value: the key is absent)."""
        page.wait_for_url(
            lambda u: all(
                (_query(u) if self.live else _fragment(u)).get(k) == v for k, v in expected.items()
            )
        )

    # --- the map ----------------------------------------------------------------------------

    @staticmethod
    def watch(page: Page) -> None:
        """Let the tests find the page's Leaflet maps (CATCH_MAPS_JS), once per page."""
        if not getattr(page, "_atlas_maps_caught", False):
            page.add_init_script(CATCH_MAPS_JS)
            page._atlas_maps_caught = True

    def open_map(self, page: Page, lang: str, **view: str) -> None:
        """Open the map showing ``view``, and wait until it is drawn whole and still."""
        self.watch(page)
        if self.live:
            open_page(page, self.base, "map", lang=lang, **view)
            wait_map_still(page)
        else:
            page.goto(self.map_url(lang, **view))
            self.wait_ready(page)

    def wait_ready(self, page: Page) -> None:
        """Wait until the page has drawn (live: its script ran; static: its scripts say so)."""
        if self.live:
            wait_idle(page)
        else:
            expect(page.locator("html")).to_have_attribute("data-ready", "true")

    def on_map(self, page: Page):
        """Where the map's own elements are found (a frame locator, or the page)."""
        return page.frame_locator(MAP_IFRAME) if self.live else page

    def map_element(self, page: Page) -> Locator:
        """The map's box on the page: its iframe (live) or its container (static)."""
        if self.live:
            return page.locator(MAP_IFRAME).first
        return page.locator("#atlas-map")

    def map_frame(self, page: Page) -> Frame:
        """The frame whose document holds the Leaflet map."""
        if self.live:
            frame = self.map_element(page).element_handle().content_frame()
            assert frame is not None, "the map iframe has no document"
            return frame
        return page.main_frame

    def settle(self, page: Page) -> None:
        """Wait until the map is drawn and has stopped moving."""
        if self.live:
            wait_map_still(page)
        else:
            page.evaluate("window.__atlasStill = null")
            page.wait_for_function(_STILL_JS, polling="raf")

    def title(self, page: Page) -> Locator:
        """The map's title box (its h2: the layer's title, its p: the measure)."""
        return self.on_map(page).locator(".atlas-title")

    def legend(self, page: Page) -> Locator:
        return self.on_map(page).locator(".atlas-legend")

    def legend_routes(self, page: Page) -> Locator:
        """The legend's route rows."""
        return self.legend(page).locator(".routes .row")

    def profile(self, page: Page) -> Locator:
        """The department's profile heading: its name once one is chosen."""
        if self.live:
            column = page.locator('[data-testid="stColumn"]').filter(has=widget(page, "dept"))
            return column.locator("h3").first
        return page.locator("#profile-body h2")

    def outlined(self, page: Page, frame: Frame | None = None) -> list[str]:
        """The departments the map outlines as chosen (the widest outline), by code; the map of
        the page, or the one in ``frame``."""
        return (frame or self.map_frame(page)).evaluate(OUTLINED_JS)

    def embedded_map_frame(self, page: Page, ident: str) -> Frame:
        """The frame holding the map of the embed in iframe ``#ident``."""
        frame = page.locator(f"#{ident}").element_handle().content_frame()
        assert frame is not None
        if self.live:
            frame = frame.locator(MAP_IFRAME).element_handle().content_frame()
            assert frame is not None
        return frame

    # --- the map's controls -----------------------------------------------------------------

    def choose_layer(self, page: Page, lang: str, layer: str) -> None:
        self._choose(page, "layer", t(f"layer.{layer}", lang), layer)

    def choose_measure(self, page: Page, lang: str, measure: str) -> None:
        self._choose(page, "measure", t(f"measure.{measure}", lang), measure)

    def _choose(self, page: Page, key: str, label: str, value: str) -> None:
        if self.live:
            choose(page, key, label)
            return
        option = page.locator(f"#explorer-controls input[name={key}][value={value}]")
        page.locator("#explorer-controls").get_by_text(label, exact=True).click()
        expect(option).to_be_checked()

    def offered_measures(self, page: Page) -> list[str]:
        """The measures the measure control offers now, as their labels read."""
        if self.live:
            return widget(page, "measure").get_by_role("radio").all_inner_texts()
        labels = page.locator("#explorer-controls fieldset.measure label:not([hidden])")
        return labels.all_inner_texts()

    def route_switch(self, page: Page, name: str) -> Locator:
        """The control that turns the route called ``name`` on and off."""
        if self.live:
            return widget(page, "routes").get_by_role("button", name=name, exact=True)
        return page.locator("#explorer-controls label.route").filter(has_text=name)

    def route_is_on(self, page: Page, name: str, on: bool) -> None:
        switch = self.route_switch(page, name)
        if self.live:
            expect(switch).to_have_attribute("aria-pressed", "true" if on else "false")
        elif on:
            expect(switch.locator("input")).to_be_checked()
        else:
            expect(switch.locator("input")).not_to_be_checked()

    def choose_department(self, page: Page, code: str) -> None:
        """Choose department ``code`` in the profile's list of departments."""
        if self.live:
            name = department_names()[code]
            combobox = widget(page, "dept").get_by_role("combobox")
            combobox.click()
            combobox.fill(name)
            page.get_by_role("option", name=name, exact=True).click()
        else:
            page.locator("#dept-select").select_option(code)

    def switch_language(self, page: Page, lang: str) -> None:
        """Switch the page to ``lang`` with the page's own language switch."""
        if self.live:
            choose(page, "lang", LANGUAGE_NAMES[lang])
        else:
            page.locator(f"a.lang-switch[hreflang={lang}]").click()
        self.wait_ready(page)

    # --- the story --------------------------------------------------------------------------

    def open_story(self, page: Page, lang: str, step: int | None = None) -> None:
        params = {} if step is None else {"step": str(step)}
        if self.live:
            open_page(page, self.base, "story", lang=lang, **params)
        else:
            page.goto(self.page_url("story", lang, **params))
            self.wait_ready(page)

    def shows_step(self, page: Page, step: int, lang: str) -> None:
        """The story shows ``step``: its indicator and its title; the address names it."""
        indicator = t("story.indicator", lang, step=step, total=STEP_COUNT)
        title = story_step(step, lang).title
        if self.live:
            main = page.locator('[data-testid="stMain"]')
            expect(main).to_contain_text(indicator)
            expect(main.locator("h1").first).to_have_text(title)
            wait_idle(page)
            page.wait_for_url(lambda u: _query(u).get("step") == str(step))
        else:
            expect(page.locator("#deck-status")).to_have_text(indicator)
            current = page.locator(".step.current")
            expect(current).to_have_count(1)
            expect(current.locator(".step-text h2")).to_have_text(title)
            expect(current).to_be_in_viewport()
            page.wait_for_url(lambda u: _fragment(u).get("step") == str(step))

    def press(self, page: Page, key: str) -> None:
        """A key, as a keyboard or a presentation clicker sends it to the page."""
        page.locator("body").press(key)

    # --- embeds -----------------------------------------------------------------------------

    def map_embed(self, lang: str, layer: str, measure: str, theme: str, dept: str) -> str:
        """The address of an embed of the map view (layer, measure, department) in ``theme``."""
        if self.live:
            view = {"layer": layer, "measure": measure, "dept": dept}
            return map_embed_url(self.base + "/", lang, view, theme)
        assert self.http, "the static embeds are read over HTTP"
        view = f"{layer}-{measure}".replace("_", "-")
        query = "?theme=dark" if theme == "dark" else ""
        return f"{self.http}{lang}/embed/map-{view}.html{query}#dept={dept}"

    def chart_embed(self, lang: str, chart: str, theme: str) -> str:
        if self.live:
            return chart_embed_url(self.base + "/", chart, lang, theme=theme)
        assert self.http, "the static embeds are read over HTTP"
        name = chart.replace("_", "-")
        return f"{self.http}{lang}/embed/chart-{name}.html" + (
            "?theme=dark" if theme == "dark" else ""
        )
