"""The phone: time to polygons and bytes transferred on an emulated mid-range phone.

Lighthouse's mobile emulation, through Chromium's DevTools protocol: a 390 x 844 touch screen,
the CPU slowed 4 x (``Emulation.setCPUThrottlingRate``), 150 ms round trip, 1.6 Mbit/s down and
750 kbit/s up (``Network.emulateNetworkConditions``), the cache off. Four pages, each loaded in a
fresh context, alternating in one run, ``--phone-runs`` times (median of 3 by default):

- the static explorer (``site/es/map.html``) and the bare folium file of the same polygons (the
  physical floor), from the nginx that ``bench.site_server`` starts;
- the live map page (``/?lang=es``) through nginx with the deployment's configuration
  (``deploy.config.render_config``, one replica: the bench's atlas server);
- the bare Streamlit baseline (``bench/baseline_app.py``) through an nginx of the same
  configuration (one replica: the bench's baseline server).

Time to polygons is the bench's one probe (``bench.page``). Bytes are what the phone receives
until the page is quiet after its polygons (no request in flight and nothing received for
``QUIET_S``): for every request of the page and its frames, Chromium's
``Network.loadingFinished`` ``encodedDataLength`` (bodies as sent, compressed or not, with their
headers); for the Streamlit pages' websocket, the bytes nginx sent over it, from its access log
(DevTools reports only the messages, decompressed, so it cannot see permessage-deflate; their
size is in the detail as ``ws_message_bytes``).
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import re
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bench import budgets
from bench.figures import median
from bench.page import LANG, N_POLYGONS, POLYGONS_AT_FRAME_JS, POLYGONS_JS, wait_in_page
from bench.registry import Measurement, NotMeasurable, Result
from deploy.config import find_nginx, nginx_user, render_config
from deploy.icon_font import write_icon_font
from devtools.server import HOST, free_port, is_healthy

PHONE_RUNS = 3
# Lighthouse's mobile settings (its "moto g power" screen is 412 x 823; the is a 390 x 844
# phone), with the cache off.
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 1.75,
    "is_mobile": True,
    "has_touch": True,
}
CPU_SLOWDOWN = 4
NETWORK = {
    "offline": False,
    "latency": 150,  # ms, round trip
    "downloadThroughput": 1.6e6 / 8,  # bytes per second
    "uploadThroughput": 750e3 / 8,
}
LOAD_TIMEOUT_MS = 180_000  # the live page takes tens of seconds on the throttled phone
POLLING_MS = 100  # the live page's probe; polling every frame would load the slowed CPU
QUIET_S = 1.0
QUIET_TIMEOUT_S = 30.0
PAGES = ("explorer", "floor", "live", "baseline")
NGINX_START_S = 20.0
LOG_WAIT_S = 10.0
# A websocket in the deployment's access log: its request, status 101, and the bytes sent.
STREAM_LINE = re.compile(r'"GET /_stcore/stream[^"]*" 101 (\d+) ')
LARGEST = 10  # the largest files of a load, by bytes received, in the detail


# --- nginx in front of a Streamlit server ------------------------------------------------------


@dataclass
class Front:
    """nginx in front of one replica: its address and its access log."""

    url: str
    access_log: Path

    def websocket_bytes(self) -> list[int]:
        """The bytes nginx sent to the browser over each websocket closed so far, as sent:
        compressed when the browser and Streamlit agreed on permessage-deflate (the browser's
        DevTools report only the messages, decompressed). One per line of the log, in order."""
        text = self.access_log.read_text() if self.access_log.exists() else ""
        return [int(n) for n in STREAM_LINE.findall(text)]

    async def next_websocket_bytes(self, before: int) -> int:
        """The bytes sent over the websockets logged after the first ``before``, waiting (at most
        ``LOG_WAIT_S``) for one: nginx logs a websocket when it closes."""
        end = time.monotonic() + LOG_WAIT_S
        while len(self.websocket_bytes()) <= before and time.monotonic() < end:
            await asyncio.sleep(0.1)
        found = self.websocket_bytes()[before:]
        if not found:
            raise RuntimeError(f"nginx logged no websocket of the page ({self.access_log})")
        return sum(found)


@contextlib.contextmanager
def nginx_front(upstream_url: str, root: Path) -> Iterator[Front]:
    """nginx with the deployment's configuration in front of one replica (``upstream_url``, a
    bench server's ``http://host:port``); its own folder and a free loopback port.
    """
    replica = upstream_url.removeprefix("http://")
    with tempfile.TemporaryDirectory(prefix="atlas-phone-nginx-") as folder:
        run_dir = Path(folder)
        run_dir.chmod(0o755)  # started as root, nginx's workers run as nobody
        port = free_port()
        # The deployment's icon font too (deploy/icon_font.py), as `make serve` writes it.
        font = write_icon_font(run_dir / "fonts").path
        config = render_config(
            [replica], f"{HOST}:{port}", run_dir, root=root, user=nginx_user(), icon_font=font
        )
        (run_dir / "nginx.conf").write_text(config, encoding="utf-8")
        argv = [find_nginx(), "-c", str(run_dir / "nginx.conf"), "-p", f"{run_dir}/"]
        proc = subprocess.Popen(
            [*argv, "-e", str(run_dir / "error.log"), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        url = f"http://{HOST}:{port}"
        try:
            deadline = time.monotonic() + NGINX_START_S
            while not is_healthy(f"{url}/_stcore/health"):
                if proc.poll() is not None or time.monotonic() > deadline:
                    log = run_dir / "error.log"
                    tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
                    raise RuntimeError(f"nginx in front of {replica} did not answer:\n{tail}")
                time.sleep(0.1)
            yield Front(url, run_dir / "access.log")
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=5)


# --- one load on the phone -------------------------------------------------------------------


class Traffic:
    """What Chromium received for one page and its frames, from the DevTools protocol."""

    def __init__(self) -> None:
        self.in_flight: set[str] = set()
        self.http_bytes = 0
        self.requests = 0
        self.ws_bytes = 0
        self.ws_messages = 0
        self.by_type: dict[str, int] = {}
        self.by_url: dict[str, int] = {}
        self._types: dict[str, str] = {}
        self._urls: dict[str, str] = {}
        self.last_event = time.monotonic()

    def attach(self, cdp) -> None:
        cdp.on("Network.requestWillBeSent", self._sent)
        cdp.on("Network.responseReceived", self._response)
        cdp.on("Network.loadingFinished", self._finished)
        cdp.on("Network.loadingFailed", self._failed)
        cdp.on("Network.webSocketFrameReceived", self._frame)

    def _sent(self, event: dict) -> None:
        self.in_flight.add(event["requestId"])
        self._urls[event["requestId"]] = event["request"]["url"]
        self.last_event = time.monotonic()

    def _response(self, event: dict) -> None:
        self._types[event["requestId"]] = event.get("type", "Other")

    def _finished(self, event: dict) -> None:
        rid = event["requestId"]
        self.in_flight.discard(rid)
        size = int(event.get("encodedDataLength") or 0)
        self.http_bytes += size
        self.requests += 1
        kind = self._types.get(rid, "Other")
        self.by_type[kind] = self.by_type.get(kind, 0) + size
        url = self._urls.get(rid, "?").split("?")[0]
        self.by_url[url] = self.by_url.get(url, 0) + size
        self.last_event = time.monotonic()

    def _failed(self, event: dict) -> None:
        self.in_flight.discard(event["requestId"])
        self.last_event = time.monotonic()

    def _frame(self, event: dict) -> None:
        response = event.get("response", {})
        data = response.get("payloadData", "")
        binary = response.get("opcode") == 2
        self.ws_bytes += len(base64.b64decode(data)) if binary else len(data.encode())
        self.ws_messages += 1
        self.last_event = time.monotonic()

    async def quiet(self) -> None:
        """Until nothing is in flight and nothing arrived for QUIET_S (at most QUIET_TIMEOUT_S)."""
        end = time.monotonic() + QUIET_TIMEOUT_S
        while time.monotonic() < end:
            if not self.in_flight and time.monotonic() - self.last_event >= QUIET_S:
                return
            await asyncio.sleep(0.1)


async def phone_load(browser, url: str, front: Front | None, throttle: bool = True) -> dict:
    """One load of ``url`` on the emulated phone, in a fresh context: ms from navigation to the
    25 polygons, and the bytes received until the page is quiet. With ``front`` (the nginx the
    page is served through), the page is a Streamlit page: its polygons are in the map's iframe,
    and its websocket's bytes are those nginx sent; else a static page with its map in itself."""
    in_frame = front is not None
    sockets_before = len(front.websocket_bytes()) if front else 0
    context = await browser.new_context(**PHONE)
    try:
        if not in_frame:
            await context.add_init_script(POLYGONS_AT_FRAME_JS)
        page = await context.new_page()
        cdp = await context.new_cdp_session(page)
        traffic = Traffic()
        traffic.attach(cdp)
        await cdp.send("Network.enable")
        await cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        if throttle:
            await cdp.send("Network.emulateNetworkConditions", NETWORK)
            await cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
        await page.goto(url, wait_until="commit", timeout=LOAD_TIMEOUT_MS)
        if in_frame:
            ms = await wait_in_page(page, POLYGONS_JS, N_POLYGONS, LOAD_TIMEOUT_MS, POLLING_MS)
        else:
            noted = "() => window.__polygonsMs !== undefined"
            await page.wait_for_function(noted, polling=POLLING_MS, timeout=LOAD_TIMEOUT_MS)
            ms = await page.evaluate("window.__polygonsMs")
        http_at_polygons = traffic.http_bytes
        await traffic.quiet()
    finally:
        await context.close()
    # Closing the context closed the websocket: nginx has logged, or is logging, its bytes.
    ws_sent = await front.next_websocket_bytes(sockets_before) if front else 0
    return {
        "ms": ms,
        "bytes": traffic.http_bytes + ws_sent,
        "http_bytes_at_polygons": http_at_polygons,
        "http_bytes": traffic.http_bytes,
        "ws_bytes_sent": ws_sent,
        "ws_message_bytes": traffic.ws_bytes,
        "requests": traffic.requests,
        "bytes_by_type": traffic.by_type,
        "largest": dict(sorted(traffic.by_url.items(), key=lambda kv: -kv[1])[:LARGEST]),
    }


# --- the samples -----------------------------------------------------------------------------


async def _samples(bench) -> dict:
    """``--phone-runs`` loads of each page, alternating, after one warm-up load of each without
    throttling (the servers' caches, nginx's files); each page's loads and medians."""
    site, atlas, baseline = (bench.servers[n] for n in ("site", "atlas", "baseline"))
    browser = await bench.browser()
    with (
        nginx_front(atlas.url, site.site.parent) as live,
        nginx_front(baseline.url, site.site.parent) as bare,
    ):
        urls = {
            "explorer": (site.explorer_url, None),
            "floor": (site.floor_url, None),
            "live": (f"{live.url}/?lang={LANG}", live),
            "baseline": (f"{bare.url}/", bare),
        }
        for url, front in urls.values():  # warm-up, not counted
            await phone_load(browser, url, front, throttle=False)
        loads: dict[str, list[dict]] = {name: [] for name in PAGES}
        for _ in range(bench.settings.phone_runs):
            for name in PAGES:
                loads[name].append(await phone_load(browser, *urls[name]))
    return {
        name: {
            "median_ms": median([x["ms"] for x in runs]),
            "median_kb": median([x["bytes"] for x in runs]) / 1000,
            "median_http_kb_at_polygons": median([x["http_bytes_at_polygons"] for x in runs])
            / 1000,
            "median_ws_kb_sent": median([x["ws_bytes_sent"] for x in runs]) / 1000,
            "median_requests": median([x["requests"] for x in runs]),
            "loads": runs,
        }
        for name, runs in loads.items()
    }


async def _shared(bench) -> dict:
    if bench.settings.phone_runs < 1:
        raise NotMeasurable("--phone-runs must be 1 or more")
    return await bench.shared("phone_samples", _samples)


def _detail(samples: dict, *names: str) -> dict:
    return {name: samples[name] for name in names}


async def measure_explorer_ratio(bench) -> Result:
    """Explorer / floor, median time to polygons on the phone."""
    s = await _shared(bench)
    return Result(
        s["explorer"]["median_ms"] / s["floor"]["median_ms"], _detail(s, "explorer", "floor")
    )


async def measure_explorer_s(bench) -> Result:
    """The explorer's median time to polygons on the phone, in seconds."""
    s = await _shared(bench)
    return Result(s["explorer"]["median_ms"] / 1000, _detail(s, "explorer"))


async def measure_explorer_kb(bench) -> Result:
    """Kilobytes (1,000 bytes) the phone receives for the explorer (median)."""
    s = await _shared(bench)
    return Result(s["explorer"]["median_kb"], _detail(s, "explorer", "floor"))


async def measure_live_ratio(bench) -> Result:
    """Live map page / bare Streamlit baseline through nginx, median time to polygons."""
    s = await _shared(bench)
    return Result(
        s["live"]["median_ms"] / s["baseline"]["median_ms"], _detail(s, "live", "baseline")
    )


async def measure_live_kb(bench) -> Result:
    """Kilobytes the phone receives for the live map page through nginx (median)."""
    s = await _shared(bench)
    return Result(s["live"]["median_kb"], _detail(s, "live", "baseline"))


def _times(a: str, b: str):
    return lambda d: (
        f"{a} {d[a]['median_ms'] / 1000:.2f} s, {b} {d[b]['median_ms'] / 1000:.2f} s "
        f"({d[a]['median_kb']:,.0f} / {d[b]['median_kb']:,.0f} KB)"
    )


def _bytes(a: str, b: str | None = None):
    def summary(d: dict) -> str:
        text = f"{d[a]['median_requests']:.0f} requests, "
        text += f"{d[a]['median_http_kb_at_polygons']:,.0f} KB of HTTP at the polygons"
        if d[a]["median_ws_kb_sent"]:
            text += f", websocket {d[a]['median_ws_kb_sent']:,.0f} KB"
        return text + (f"; {b} {d[b]['median_kb']:,.0f} KB" if b else "")

    return summary


def add_arguments(parser) -> None:
    """The phone's options, on bench/run.py's command line."""
    parser.add_argument(
        "--phone-runs", type=int, default=PHONE_RUNS, help="throttled loads of each page"
    )


SERVERS = ("atlas", "baseline", "site")
MEASUREMENTS = (
    Measurement(
        "phone_explorer_ratio",
        "Phone: static explorer / bare folium file, time to polygons",
        "x",
        budgets.target(budgets.at_most(budgets.PHONE_EXPLORER_RATIO, "x")),
        measure_explorer_ratio,
        _times("explorer", "floor"),
        servers=SERVERS,
        digits=2,
    ),
    Measurement(
        "phone_explorer_s",
        "Phone: static explorer, time to polygons",
        "s",
        budgets.target(budgets.at_most(budgets.PHONE_EXPLORER_S, "s")),
        measure_explorer_s,
        servers=SERVERS,
        digits=2,
    ),
    Measurement(
        "phone_explorer_kb",
        "Phone: static explorer, transferred",
        "KB",
        budgets.target(budgets.at_most(budgets.PHONE_EXPLORER_KB, "KB")),
        measure_explorer_kb,
        _bytes("explorer", "floor"),
        servers=SERVERS,
        digits=0,
    ),
    Measurement(
        "phone_live_ratio",
        "Phone: live map page / bare Streamlit page, via nginx, time to polygons",
        "x",
        budgets.target(budgets.at_most(budgets.PHONE_LIVE_RATIO, "x")),
        measure_live_ratio,
        _times("live", "baseline"),
        servers=SERVERS,
        digits=2,
    ),
    Measurement(
        "phone_live_kb",
        "Phone: live map page via nginx, transferred",
        "KB",
        budgets.target(budgets.at_most(budgets.PHONE_LIVE_KB, "KB")),
        measure_live_kb,
        _bytes("live", "baseline"),
        servers=SERVERS,
        digits=0,
    ),
)
