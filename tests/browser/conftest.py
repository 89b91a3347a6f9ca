"""Browser-test fixtures: a live atlas server, Debian's Chromium, a guard against other hosts."""

from __future__ import annotations

import contextlib
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from editions import EDITIONS, Edition

from devtools.chromium import CHROMIUM, LAUNCH_OPTIONS
from devtools.server import StreamlitServer

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "test-results"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
NETWORK_SCHEMES = {"http", "https", "ws", "wss", "ftp"}
WAIT_MS = 60_000  # longest wait for a condition (expect, clicks): never a fixed sleep
# Console errors that are not the atlas's, as (message, source URL) patterns.
IGNORED_CONSOLE = (
    # Streamlit's component iframes list old features in their `allow` attribute.
    (re.compile(r"Unrecognized feature: '"), re.compile(r"")),
    # On a deep link (/routes) Streamlit's client first asks /routes/_stcore/... for its server,
    # gets a 404, and falls back to /_stcore/...: the browser logs the 404s.
    (re.compile(r"status of 404"), re.compile(r"/[^/?#]+/_stcore/(health|host-config)$")),
)


def is_local(url: str) -> bool:
    """True for a URL that never leaves the machine: this server, or no network at all."""
    parts = urlsplit(url)
    if parts.scheme not in NETWORK_SCHEMES:
        return True  # data:, blob:, about:, chrome-error: and the like
    return (parts.hostname or "") in LOCAL_HOSTS


@pytest.fixture(scope="session")
def server(tmp_path_factory) -> str:
    """Base URL of the atlas served by `streamlit run app.py` on a free port for the session."""
    log_path = tmp_path_factory.mktemp("server") / "streamlit.log"
    with StreamlitServer("app.py", log_path=log_path) as atlas:
        yield atlas.url


@pytest.fixture(scope="session")
def static_site(built_site) -> Path:
    """The static edition, built once per test run (tests/conftest.py's ``built_site``, as
    `make site` builds it, with blank chart images under the preview cards); tests only
    read it."""
    return built_site


@pytest.fixture(params=EDITIONS)
def edition(request) -> Edition:
    """One journey on each edition (``tests/browser/editions.py``): the live app served for the
    session, and the static edition's files opened from disk."""
    if request.param == "live":
        return Edition("live", request.getfixturevalue("server"))
    return Edition("static", request.getfixturevalue("static_site").as_uri() + "/")


@pytest.fixture
def offline(browser):
    """``offline(**options)``: a browser context for the static edition that blocks the network
    and collects page errors (test_static_site.Offline); each is closed, and checked, at the end."""
    from test_static_site import Offline

    made: list = []

    def make(**options):
        made.append(Offline(browser, **options))
        return made[-1]

    yield make
    for context in made:
        context.close()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, driven by Playwright, for the session."""
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"no Chromium at {CHROMIUM!r}: install Debian's chromium (make test-setup) "
            "or set ATLAS_CHROMIUM to a Chromium executable"
        )
    from playwright.sync_api import expect, sync_playwright

    # A rerun that rebuilds the map takes seconds on a cold cache, more on a busy machine.
    expect.set_options(timeout=WAIT_MS)
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(**LAUNCH_OPTIONS)
        yield chromium
        chromium.close()


class Guard:
    """What a browser context asked of other hosts, and the errors its pages logged."""

    def __init__(self) -> None:
        self.foreign: list[str] = []
        self.console_errors: list[str] = []

    def watch_context(self, context) -> None:
        # Requests of every page and every frame (iframes included) pass through the context.
        context.on("request", self._request)
        # Stop them too, so that a test never reaches another host even when it fails.
        context.route(lambda url: not is_local(url), lambda route: route.abort())
        context.on("page", self.watch_page)

    def watch_page(self, page) -> None:
        page.on("websocket", lambda ws: self._url(ws.url))
        page.on("console", self._console)
        page.on("pageerror", lambda err: self.console_errors.append(f"uncaught: {err}"))

    def _request(self, request) -> None:
        self._url(request.url)

    def _url(self, url: str) -> None:
        if not is_local(url):
            self.foreign.append(url)

    def _console(self, message) -> None:
        if message.type != "error":
            return
        text = message.text
        location = message.location.get("url", "") if message.location else ""
        if any(m.search(text) and u.search(location) for m, u in IGNORED_CONSOLE):
            return
        self.console_errors.append(f"{text} ({location})" if location else text)


@pytest.fixture
def new_context(browser, request):
    """Factory of fresh browser contexts (Spanish locale, downloads on), each under the guard.

    At teardown the test fails if any page of any of its contexts asked another host for
    anything, or logged a console error.
    """
    guard = Guard()
    contexts = []

    def make(**kwargs):
        options = {
            "viewport": {"width": 1400, "height": 1000},
            "locale": "es-PE",
            "accept_downloads": True,
            **kwargs,
        }
        context = browser.new_context(**options)
        context.set_default_timeout(WAIT_MS)
        guard.watch_context(context)
        contexts.append(context)
        return context

    make.guard = guard
    yield make

    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        _screenshot_all(contexts, request.node.name)
    for context in contexts:
        context.close()
    problems = []
    if guard.foreign:
        problems.append("requests to other hosts:\n  " + "\n  ".join(sorted(set(guard.foreign))))
    if guard.console_errors:
        problems.append("console errors:\n  " + "\n  ".join(guard.console_errors))
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


@pytest.fixture
def page(new_context):
    """A page in a fresh browser context of its own."""
    return new_context().new_page()


def _screenshot_all(contexts, test_name: str) -> None:
    RESULTS.mkdir(exist_ok=True)
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", test_name).strip("_")
    pages = [p for context in contexts for p in context.pages]
    for i, pg in enumerate(pages):
        suffix = "" if i == 0 else f"-{i}"
        # a crashed page must not hide the test's own failure
        with contextlib.suppress(Exception):
            pg.screenshot(path=str(RESULTS / f"{stem}{suffix}.png"), timeout=10_000)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so fixtures can see whether the test failed."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Keep `--dist loadgroup` working: put each test's xdist_group in its node id.

    pytest-xdist groups tests by an ``@group`` suffix it writes to ``item._nodeid``; pytest 9.2
    computes node ids from ``item._id`` instead, so the suffix is lost and the browser tests
    spread over every worker (one server and one Chromium each). Where the suffix is missing,
    write it the way this pytest stores node ids.
    """
    if not config.getoption("loadgroup", default=False):
        return
    for item in items:
        groups = {
            str(mark.args[0] if mark.args else mark.kwargs.get("name", "default"))
            for mark in item.iter_markers("xdist_group")
        }
        if not groups or item.nodeid.rfind("@") > item.nodeid.rfind("]"):
            continue
        suffixed = f"{item.nodeid}@{'_'.join(sorted(groups))}"
        if hasattr(item, "_id"):
            from _pytest.nodeid import coerce_node_id

            item._id = coerce_node_id(suffixed)
        else:  # older pytest: xdist's own suffix should have held
            item._nodeid = suffixed
