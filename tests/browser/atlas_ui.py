"""What the browser tests know of the atlas: page URLs, waits, and the map inside its iframe."""

from __future__ import annotations

import base64
import time
from pathlib import Path
from urllib.parse import urlencode

from playwright.sync_api import Frame, FrameLocator, Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from ui.live_map import REST_KEY

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "test-results"  # screenshots (gitignored)
# The map's iframe; during a rerun Streamlit keeps the old one, marked stale, beside the new.
MAP_IFRAME = (
    '[data-testid="stElementContainer"]:not([data-stale="true"]) '
    'iframe[title="streamlit_folium.st_folium"]'
)
LANGS = ("es", "en")
SCRIPT_TIMEOUT = 60_000  # ms: the first run of a page builds its map and charts


def page_names() -> list[str]:
    """The pages that exist in this checkout (app_pages/<name>_page.py), the map first."""
    names = sorted(p.name.removesuffix("_page.py") for p in (ROOT / "app_pages").glob("*_page.py"))
    return sorted(names, key=lambda n: n != "map")


def url(base: str, name: str = "map", **params: str) -> str:
    """The URL of page ``name`` (the map is the default page, at ``/``) with query ``params``."""
    path = "/" if name == "map" else f"/{name}"
    return base + path + (f"?{urlencode(params)}" if params else "")


def shot(page: Page, name: str) -> None:
    """Save what the page shows as test-results/<name>.png, to look at after a run."""
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / f"{name}.png"))


def app(page: Page) -> Locator:
    return page.locator('[data-testid="stApp"]')


# The app connected, its script finished and its main area shown, as one check in the page.
_SHOWN_JS = """(e) => {
  if (!e) return false;
  const box = e.getBoundingClientRect();
  return box.width > 0 && box.height > 0
    && e.ownerDocument.defaultView.getComputedStyle(e).visibility !== 'hidden';
}"""
_IDLE_JS = f"""() => {{
  const shown = {_SHOWN_JS};
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-connection-state') !== 'CONNECTED') return false;
  if (app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  return shown(document.querySelector('[data-testid="stMain"]'));
}}"""
# How often such a check runs in the page. Playwright's `expect` backs off to one check every
# 500 ms, and wait_idle was three of them in a row: it returned up to a second after the app went
# idle (70 to 950 ms in six loads on a quiet machine), on each of the suite's many page loads.
POLL_MS = 50


def settle(page: Page, check_js: str, timeout: float, arg: object = None) -> float:
    """Wait, checking every POLL_MS in the page, until ``check_js`` is true; the timeout the
    caller's own ``expect`` checks should then use: all of it if the check came true (they pass
    at their first look), 1 ms if not (they fail at once, each naming what it found)."""
    try:
        page.wait_for_function(check_js, arg=arg, polling=POLL_MS, timeout=timeout)
    except PlaywrightTimeoutError:
        return 1
    return timeout


def wait_idle(page: Page, timeout: float = SCRIPT_TIMEOUT) -> None:
    """Wait until the app is connected and its script has finished running."""
    timeout = settle(page, _IDLE_JS, timeout)
    expect(app(page)).to_have_attribute("data-test-connection-state", "CONNECTED", timeout=timeout)
    expect(app(page)).to_have_attribute("data-test-script-state", "notRunning", timeout=timeout)
    expect(page.locator('[data-testid="stMain"]')).to_be_visible(timeout=timeout)


def open_page(page: Page, base: str, name: str = "map", **params: str) -> None:
    """Go to page ``name`` and wait until its script has run (the map page: drawn whole)."""
    page.goto(url(base, name, **params))
    wait_idle(page)
    if name == "map" and params.get("embed") != "true":
        wait_whole_map_page(page)


def wait_whole_map_page(page: Page, timeout: float = SCRIPT_TIMEOUT) -> None:
    """Wait for the map page's second part (the profile's list, the downloads): a session's first
    drawing is the map alone, which asks for the rest once drawn (ui.live_map.REST_JS)."""
    rest = f".st-key-{REST_KEY}"
    check = f"() => !!document.querySelector({rest!r}) && ({_IDLE_JS})()"
    timeout = settle(page, check, timeout)
    expect(page.locator(rest)).to_be_attached(timeout=timeout)
    wait_idle(page, timeout)


def widget(page: Page, key: str) -> Locator:
    """The container of the widget with ``key`` (Streamlit marks it with class st-key-<key>)."""
    return page.locator(f".st-key-{key}")


def choose(page: Page, key: str, label: str) -> None:
    """Click option ``label`` of the segmented control ``key`` (unless it is checked already)."""
    option = widget(page, key).get_by_role("radio", name=label, exact=True)
    if option.get_attribute("aria-checked") != "true":
        option.click()
    expect(option).to_have_attribute("aria-checked", "true")


def assert_no_error(page: Page) -> None:
    """No Streamlit exception box and no Python traceback anywhere on the page."""
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    text = page.locator('[data-testid="stMain"]').inner_text()
    assert "Traceback (most recent call last)" not in text, text[:2000]


# --- the map, inside the streamlit_folium iframe ---------------------------------------------


def map_frame(page: Page) -> FrameLocator:
    return page.frame_locator(MAP_IFRAME)


def map_frame_object(page: Page) -> Frame:
    """The map's Frame (for evaluate and axe), once its departments are drawn."""
    wait_map(page)
    frame = page.locator(MAP_IFRAME).element_handle().content_frame()
    assert frame is not None, "the map iframe has no document"
    return frame


def wait_map(page: Page, timeout: float = SCRIPT_TIMEOUT) -> None:
    """Wait until the map's iframe shows its departments, title and legend."""
    check = f"""(selector) => {{
      const shown = {_SHOWN_JS};
      const frame = document.querySelector(selector);
      const d = frame && frame.contentDocument;
      return !!d && ['path.leaflet-interactive', '.atlas-title', '.atlas-legend']
        .every(s => shown(d.querySelector(s)));
    }}"""
    timeout = settle(page, check, timeout, MAP_IFRAME)
    frame = map_frame(page)
    expect(frame.locator("path.leaflet-interactive").first).to_be_visible(timeout=timeout)
    expect(frame.locator(".atlas-title")).to_be_visible(timeout=timeout)
    expect(frame.locator(".atlas-legend")).to_be_visible(timeout=timeout)


# Leaflet keeps each GeoJSON feature on its layer; the department polygons are the layers whose
# feature has a department_code. Reading them through Leaflet, not through the SVG order, keeps the
# count apart from routes, arrowheads and place markers drawn in the same SVG.
_DEPARTMENTS_JS = """
(body) => {
  const map = Object.values(window).find(v => {
    try { return v instanceof L.Map; } catch (e) { return false; }
  });
  if (!map) return null;
  const out = [];
  map.eachLayer(layer => {
    const props = layer.feature && layer.feature.properties;
    if (!props || !props.department_code || !layer._path) return;
    const path = layer._path;
    const box = path.getBoundingClientRect();
    out.push({
      code: props.department_code,
      name: props.department,
      fill: path.getAttribute('fill'),
      stroke: path.getAttribute('stroke'),
      strokeWidth: path.getAttribute('stroke-width'),
      tag: path.tagName.toLowerCase(),
      classes: path.getAttribute('class') || '',
      inDocument: path.isConnected,
      width: box.width, height: box.height,
    });
  });
  return out;
}
"""


def departments_drawn(page: Page) -> list[dict]:
    """Each department polygon the map draws: code, name, fill, stroke, size on screen."""
    wait_map(page)
    found = map_frame(page).locator("body").evaluate(_DEPARTMENTS_JS)
    assert found is not None, "no Leaflet map found in the map iframe"
    return found


# A point of the department's polygon that a click reaches, relative to the polygon's box: the
# visible pixel nearest the centre of the box where the polygon itself (not a route, marker or
# legend box) is the topmost element. The path is tagged so that a locator can find it.
_CLICK_POINT_JS = """
(body, code) => {
  const map = Object.values(window).find(v => {
    try { return v instanceof L.Map; } catch (e) { return false; }
  });
  let path = null;
  map.eachLayer(layer => {
    const props = layer.feature && layer.feature.properties;
    if (props && props.department_code === code && layer._path) path = layer._path;
  });
  if (!path) return null;
  path.setAttribute('data-test-department', code);
  const box = path.getBoundingClientRect();
  const cx = box.left + box.width / 2, cy = box.top + box.height / 2;
  const points = [];
  const steps = 24;
  for (let i = 1; i < steps; i++) for (let j = 1; j < steps; j++) {
    const x = box.left + box.width * i / steps, y = box.top + box.height * j / steps;
    if (x < 0 || y < 0 || x >= window.innerWidth || y >= window.innerHeight) continue;
    points.push([x, y, (x - cx) ** 2 + (y - cy) ** 2]);
  }
  points.sort((a, b) => a[2] - b[2]);
  for (const [x, y] of points) {
    if (document.elementFromPoint(x, y) === path) return {x: x - box.left, y: y - box.top};
  }
  return null;
}
"""


# True once the map has stopped moving: the first polygon's box unchanged for ten animation frames
# (Leaflet pans and zooms with animations when a new map is drawn in the same iframe).
_STILL_JS = """
() => {
  const el = document.querySelector('path.leaflet-interactive');
  if (!el) return false;
  const r = el.getBoundingClientRect();
  const key = [r.x, r.y, r.width, r.height].join(',');
  const s = window.__atlasStill || (window.__atlasStill = {key: '', n: 0});
  if (s.key === key) { s.n += 1; } else { s.key = key; s.n = 0; }
  return s.n >= 10;
}
"""


def wait_map_still(page: Page) -> None:
    """Wait until the map has drawn and stopped moving."""
    wait_idle(page)
    map_frame_object(page).wait_for_function(_STILL_JS, polling="raf")


def click_department(page: Page, code: str, attempts: int = 3) -> None:
    """Click department ``code`` on the map as a person would: on a visible pixel of it.

    Playwright places the click when it happens and checks that the polygon, not a route or the
    legend, receives it; if the map moved meanwhile, the pixel is looked for again.
    """
    for attempt in range(attempts):
        wait_map_still(page)
        point = map_frame(page).locator("body").evaluate(_CLICK_POINT_JS, code)
        assert point is not None, f"department {code} has no visible, clickable pixel on the map"
        polygon = map_frame(page).locator(f'path[data-test-department="{code}"]')
        resting = polygon.get_attribute("stroke-width")
        try:
            # Point first, as a hand on a mouse does: the map answers the pointer with its hover
            # outline, and only then the click comes (a click in the same instant as the pointer
            # arrives is lost by the map, see the report).
            polygon.hover(position=point, timeout=10_000)
            expect(polygon).not_to_have_attribute("stroke-width", resting or "", timeout=10_000)
            polygon.click(position=point, timeout=10_000)
            return
        except (PlaywrightTimeoutError, AssertionError):
            if attempt == attempts - 1:
                raise


def legend_route_names(page: Page) -> list[str]:
    return map_frame(page).locator(".atlas-legend .routes .row").all_inner_texts()


def legend_swatch_colours(page: Page) -> list[str]:
    """The class colours of the legend, as #rrggbb (lower case)."""
    styles = (
        map_frame(page)
        .locator(".atlas-legend .sw:not(.nr)")
        .evaluate_all("els => els.map(e => getComputedStyle(e).backgroundColor)")
    )
    return [_hex(s) for s in styles]


def _hex(css: str) -> str:
    if css.startswith("#"):
        return css.lower()
    nums = [int(float(n)) for n in css[css.index("(") + 1 : css.index(")")].split(",")[:3]]
    return "#" + "".join(f"{n:02x}" for n in nums)


def is_colour(fill: str | None) -> bool:
    return bool(fill) and fill.startswith("#") and len(fill) in (4, 7)


# --- script runs, counted on the websocket ------------------------------------------------------

# Before any page script: keep every small websocket frame (rerun requests and the messages that end
# a script run are a few bytes; deltas may be large and are left out), for script_runs().
SOCKET_LOG_JS = """
(() => {
  if (window.top !== window || window.__atlasSocket) return;
  window.__atlasSocket = [];
  const keep = (dir, data) => {
    const buf = ArrayBuffer.isView(data)
      ? data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) : data;
    if (!(buf instanceof ArrayBuffer) || buf.byteLength > 4096) return;
    let s = '';
    const b = new Uint8Array(buf);
    for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i]);
    window.__atlasSocket.push([dir, btoa(s)]);
  };
  const Socket = window.WebSocket;
  window.WebSocket = class extends Socket {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (ev) => keep('in', ev.data));
    }
    send(data) { keep('out', data); return super.send(data); }
  };
})();
"""


def script_runs(page: Page) -> tuple[int, int]:
    """(rerun requests the page sent, script runs the server ended) since SOCKET_LOG_JS loaded."""
    requests = finished = 0
    for direction, data in page.evaluate("window.__atlasSocket || []"):
        raw = base64.b64decode(data)
        try:
            if direction == "out":
                requests += BackMsg.FromString(raw).WhichOneof("type") == "rerun_script"
            else:
                finished += ForwardMsg.FromString(raw).WhichOneof("type") == "script_finished"
        except Exception:  # a frame of another kind (not a Streamlit message)
            continue
    return requests, finished


def settled_script_runs(page: Page, timeout: float = SCRIPT_TIMEOUT) -> tuple[int, int]:
    """script_runs() once every rerun the page asked for has ended and the app is idle."""
    deadline = time.monotonic() + timeout / 1000
    while True:
        wait_idle(page)
        requests, finished = script_runs(page)
        if finished >= requests or time.monotonic() > deadline:
            return requests, finished
        page.wait_for_timeout(100)  # a request is on its way to the server: look again
