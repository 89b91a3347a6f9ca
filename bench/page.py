"""What the bench runs inside a page: probes for the map and the websocket, and waits on them.

Times are read in the page (``performance.now()``, ms since the top page's navigation began), so
that Playwright's own round trips do not count.
"""

from __future__ import annotations

import asyncio
import base64
import time

VIEWPORT = {"width": 1400, "height": 1000}
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
N_POLYGONS = 25  # Peru's departments, as drawn by the atlas and the baseline
LANG = "es"  # the language the atlas is measured in: its default
# The map page's keys (ui.live_map's; tests/test_bench.py checks them), named here so that the
# bench's own process need not import the app's glue: the container of the page's second part and
# the profile's container.
REST_KEY = "map_rest"
PROFILE_KEY = "dept_profile"

# The start of every probe below: stop waiting if the page shows a Streamlit exception, and find
# the document of the map's iframe (d), which is null until the iframe has loaded.
_MAP_DOCUMENT_JS = """
  const ex = document.querySelector('[data-testid="stException"]');
  if (ex) return {error: ex.innerText.split('\\n')[0].slice(0, 300)};
  const f = document.querySelector('__IFRAME__');
  const d = f && f.contentDocument;
""".replace("__IFRAME__", MAP_IFRAME)

# THE polygon probe, used by every measurement of time to polygons (the live app's map frame, the
# static explorer's page, the pages behind nginx): the number of filled polygons Leaflet has drawn
# in document ``doc``: SVG paths of its overlay pane with a fill and no arc command (circle markers
# are arcs, route lines have fill="none"). folium adds the department layer first, in the same
# synchronous script as the rest of the map, so 25 of them means the departments are drawn.
COUNT_POLYGONS_JS = """(doc) => {
  let k = 0;
  for (const p of doc.querySelectorAll('.leaflet-overlay-pane path')) {
    const fill = p.getAttribute('fill'); const path = p.getAttribute('d') || '';
    if (fill && fill !== 'none' && path.length > 4 && !/a/i.test(path)) k++;
  }
  return k;
}"""

# In the page: a function returning performance.now() (ms since the top page's navigation began)
# once the map iframe holds >= n filled polygons, else false.
POLYGONS_JS = (
    "(n) => {"
    + _MAP_DOCUMENT_JS
    + "  if (!d) return false;\n  const count = "
    + COUNT_POLYGONS_JS
    + """;
  return count(d) >= n ? {ms: performance.now()} : false;
}
"""
)

# Before any script of a page whose map is in the page itself (the static edition): note
# performance.now() at the first animation frame at which the page holds >= n filled polygons, as
# window.__polygonsMs. Noted in the page, not polled from Playwright: the explorer draws its map in
# about 120 ms, less than a poll's round trip would add.
POLYGONS_AT_FRAME_JS = """
(() => {
  if (window.top !== window) return;
  const n = __N__;
  const count = __COUNT__;
  const tick = () => {
    if (count(document) >= n) { window.__polygonsMs = performance.now(); return; }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();
""".replace("__COUNT__", COUNT_POLYGONS_JS).replace("__N__", str(N_POLYGONS))

# In the page: performance.now() once the map page is drawn whole: besides the map, the part the
# page draws in a second run once the map is drawn (ui.live_map.REST_JS): the department list, the
# profile and every download button, none of them stale, and the app idle; else false.
WHOLE_PAGE_JS = (
    "(downloads) => {"
    + _MAP_DOCUMENT_JS
    + """  const app = document.querySelector(__APP__);
  if (!d || !app || app.getAttribute(__STATE__) !== __IDLE__) return false;
  const live = (sel) => [...document.querySelectorAll(sel)].filter(e => !e.closest(__STALE__));
  const rest = live('.__REST__');
  if (!rest.length || !rest[0].querySelector('[data-testid="stSelectbox"]')) return false;
  if (!live('.__PROFILE__').length) return false;
  const buttons = downloads.filter(k => live('.st-key-map_download_' + k + ' button').length);
  return buttons.length === downloads.length ? {ms: performance.now()} : false;
}
"""
)
# In the page: the map's title (the atlas draws it inside the map), for the toggle measurement.
TITLE_JS = (
    "(title) => {"
    + _MAP_DOCUMENT_JS
    + """  const h = d && d.querySelector('.atlas-title h2');
  return h && h.textContent === title ? {ms: performance.now()} : false;
}
"""
)

# Before any page script: log every websocket frame with its time; keep the bytes of small frames
# (rerun requests and script_finished messages are small) so that Python can decode them.
WS_LOG_JS = """
(() => {
  if (window.top !== window || window.__wslog) return;
  window.__wslog = [];
  const Orig = window.WebSocket;
  const keep = (data) => {
    if (data instanceof ArrayBuffer && data.byteLength <= 4096) {
      let s = ''; const b = new Uint8Array(data);
      for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i]);
      return btoa(s);
    }
    return null;
  };
  const size = (data) => data instanceof ArrayBuffer ? data.byteLength
    : (data && data.byteLength !== undefined ? data.byteLength : (data.size || data.length || 0));
  class LoggedSocket extends Orig {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (ev) => {
        window.__wslog.push({t: performance.now(), dir: 'r', n: size(ev.data), b: keep(ev.data)});
      });
    }
    send(data) {
      const buf = ArrayBuffer.isView(data)
        ? data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) : data;
      window.__wslog.push({t: performance.now(), dir: 's', n: size(data), b: keep(buf)});
      return super.send(data);
    }
  }
  window.WebSocket = LoggedSocket;
  document.addEventListener('click', () => { window.__lastClick = performance.now(); }, true);
})();
"""


def _whole_page_js() -> str:
    """WHOLE_PAGE_JS with Streamlit's markup and the page's keys, as ui_compat and ui name them."""
    import json

    from ui_compat import streamlit as st_compat

    names = {
        "__APP__": json.dumps(st_compat.APP),
        "__STATE__": json.dumps(st_compat.SCRIPT_STATE),
        "__IDLE__": json.dumps(st_compat.NOT_RUNNING),
        "__STALE__": json.dumps(st_compat.STALE),
        "__REST__": st_compat.key_class(REST_KEY),
        "__PROFILE__": st_compat.key_class(PROFILE_KEY),
    }
    js = WHOLE_PAGE_JS
    for name, value in names.items():
        js = js.replace(name, value)
    return js


class AppError(RuntimeError):
    """The page showed a Streamlit exception instead of the map."""


async def wait_in_page(page, js: str, arg, timeout_ms: float, polling="raf") -> float:
    """Poll ``js`` in ``page`` (every frame by default); its time (ms since navigation)."""
    handle = await page.wait_for_function(js, arg=arg, polling=polling, timeout=timeout_ms)
    value = await handle.json_value()
    if "error" in value:
        raise AppError(f"the app raised: {value['error']}")
    return value["ms"]


async def load_until_polygons(
    browser, url: str, timeout_ms: float = 60_000, polling="raf", whole: bool = False
) -> dict:
    """Open ``url`` in a fresh context; ms from navigation start until the map shows 25 polygons.

    With ``whole``, also ``whole_ms``: until the map page is drawn whole (WHOLE_PAGE_JS), in the
    same load.
    """
    ctx = await browser.new_context(viewport=VIEWPORT)
    try:
        page = await ctx.new_page()
        t0 = time.perf_counter()
        await page.goto(url, wait_until="commit", timeout=timeout_ms)
        ms = await wait_in_page(page, POLYGONS_JS, N_POLYGONS, timeout_ms, polling)
        wall = (time.perf_counter() - t0) * 1000
        found = {"ms": ms, "wall_ms": wall}
        if whole:
            from geo.downloads import MAP_DOWNLOAD_KINDS

            kinds = list(MAP_DOWNLOAD_KINDS)
            found["whole_ms"] = await wait_in_page(page, _whole_page_js(), kinds, timeout_ms)
        found["exceptions"] = await page.locator('[data-testid="stException"]').count()
        return found
    finally:
        await ctx.close()


def decode_ws_log(log: list[dict]) -> list[tuple[float, str]]:
    """(time, event) for rerun requests sent and script_finished messages received."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    events = []
    for item in log:
        if not item.get("b"):
            continue
        raw = base64.b64decode(item["b"])
        try:
            if item["dir"] == "s":
                msg = BackMsg.FromString(raw)
                if msg.WhichOneof("type") == "rerun_script":
                    events.append((item["t"], "rerun"))
            else:
                msg = ForwardMsg.FromString(raw)
                if msg.WhichOneof("type") == "script_finished":
                    events.append((item["t"], "finished"))
        except Exception:
            continue
    return events


async def wait_quiet(page, quiet_ms: float = 400, timeout_s: float = 30) -> None:
    """Wait until no script runs: the last rerun has finished and no frame came for quiet_ms."""
    end = time.monotonic() + timeout_s
    while time.monotonic() < end:
        log, now = await page.evaluate("[window.__wslog, performance.now()]")
        events = decode_ws_log(log)
        if log and now - log[-1]["t"] >= quiet_ms and (not events or events[-1][1] == "finished"):
            return
        await asyncio.sleep(0.1)
