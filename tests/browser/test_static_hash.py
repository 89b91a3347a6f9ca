"""The static edition's pages never break, and never show markup, whatever their address says.

The explorer, a map embed and the story deck read their view from the address's hash (the embed
its theme from the query too). A reader may send anyone a link with any hash: a malformed
percent-escape, a key of every JavaScript object (``__proto__``, ``toString``), markup, a template,
a value ten thousand characters long. Each is tried as the value of every key the page reads and
as a key, and so are a few dozen hashes from a seeded random generator. For each the page must
throw nothing, open no dialog, draw its 25 departments (or show a step), fall back to its default
view for what it does not know, and show nothing of the hash as markup or text.

The explorer and the deck react to ``hashchange``: most hashes are tried by changing the hash of
one loaded page (the whole list runs inside the page, one round trip); the embed reads its hash
once, so it and a subset of the explorer's hashes are tried by fresh loads.
"""

from __future__ import annotations

import random
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from test_static_site import Offline

from geo.i18n import LANGUAGES
from geo.layers import LAYERS
from geo.names import department_names
from geo.story import STEP_COUNT
from geo.views import ROUTE_IDS

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser2")]

SEED = 20261206  # the random hashes are the same on every run: a failure can be replayed
LONG = "x" * 10_000
# Values every page must survive, as a value of each key it reads and as a key.
FIXED = (
    "%",
    "%E0%A4%A",
    "%%",
    "__proto__",
    "constructor",
    "toString",
    "hasOwnProperty",
    "valueOf",
    "layer=%",
    "dept=%",
    "step=%",
    "step=999",
    "step=-1",
    "step=1e9",
    "dept=99",
    LONG,
    "<img src=x onerror=alert(1)>",
    "${7*7}",
    "{{7*7}}",
    "javascript:alert(1)",
    "\u202e",
    "%00",
)
# Text that would be on the page only if a hash had reached it.
MARKERS = (
    "<img",
    "onerror",
    "7*7",
    "javascript:",
    "\u202e",
    "x" * 32,
    "__proto__",
    "hasOwnProperty",
    "valueOf",
)
NASTY = [*"%=&#?+;,./\\<>\"'`{}$()[]!*~ ", "\u202e", "\x00", "\t", "é", "__proto__"]
MAP_EMBED = "embed/map-complaints-count.html"

# Installed before the page's own scripts: every uncaught error and rejection, in order.
WATCH_JS = """
window.__fuzz = {errors: []};
addEventListener("error", (e) => window.__fuzz.errors.push(String(e.message)));
addEventListener("unhandledrejection", (e) => window.__fuzz.errors.push(String(e.reason)));
"""

# Anything of the hash in the page: an element it would have made, or one of MARKERS in a text
# (scripts' and styles' own text aside, and the notices that quote a value the page does not have,
# as text: geo.pages.notices; they hold paragraphs of text alone) or in an attribute.
INJECTED_JS = """
(markers) => {
  const hits = [];
  if (document.querySelector('img[src="x"], [onerror]')) hits.push("element from the hash");
  if (document.querySelector("#address-notices *:not(p.address-notice), .address-notice *")) {
    hits.push("element in a notice");
  }
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (/^(SCRIPT|STYLE)$/.test(n.parentNode.nodeName)) continue;
    if (n.parentNode.closest && n.parentNode.closest("#address-notices")) continue;
    for (const m of markers) if (n.data.includes(m)) hits.push("text: " + m);
  }
  for (const e of document.querySelectorAll("*")) {
    for (const a of e.attributes) {
      for (const m of markers) if (a.value.includes(m)) hits.push(a.name + ": " + m);
    }
  }
  return hits;
}
"""

EXPLORER_STATE_JS = """
() => {
  const form = document.getElementById("explorer-controls");
  const one = (name) => {
    const input = form.querySelector("input[name=" + name + "]:checked");
    return input ? input.value : null;
  };
  const routes = Array.from(form.querySelectorAll("input[name=route]:checked"), (i) => i.value);
  const drawn = new Set();
  document.querySelectorAll("path.atlas-route").forEach((p) => {
    drawn.add(p.getAttribute("class").match(/atlas-route-(\\S+)/)[1]);
  });
  const title = document.querySelector(".atlas-title h2");
  const profile = document.querySelector("#profile-body h2");
  return {
    layer: one("layer"), measure: one("measure"), routes: routes.join(","),
    drawn: Array.from(drawn).sort().join(","),
    dept: document.getElementById("dept-select").value,
    profile: profile ? profile.textContent : "",
    outlined: document.querySelectorAll('path.atlas-dept[stroke-width="3.5"]').length,
    title: title ? title.textContent : "",
    departments: document.querySelectorAll("path.atlas-dept").length,
  };
}
"""

EMBED_STATE_JS = """
() => {
  const drawn = new Set();
  document.querySelectorAll("path.atlas-route").forEach((p) => {
    drawn.add(p.getAttribute("class").match(/atlas-route-(\\S+)/)[1]);
  });
  const title = document.querySelector(".atlas-title h2");
  return {
    drawn: Array.from(drawn).sort().join(","),
    outlined: document.querySelectorAll('path.atlas-dept[stroke-width="3.5"]').length,
    title: title ? title.textContent : "",
    alt: document.getElementById("map-alt").textContent,
    dark: document.documentElement.classList.contains("theme-dark"),
    departments: document.querySelectorAll("path.atlas-dept").length,
  };
}
"""

DECK_STATE_JS = """
() => {
  const shown = Array.from(document.querySelectorAll(".step.current"));
  return {
    step: document.documentElement.getAttribute("data-step"),
    shown: shown.map((s) => s.id).join(","),
    visible: shown.length === 1 && shown[0].getBoundingClientRect().height > 0,
    status: document.getElementById("deck-status").textContent,
  };
}
"""

# Set each hash in turn on the loaded page and wait for the page's own hashchange handler (ours is
# added after it, so it runs after it); then note the errors, the state and anything injected.
RUN_HASHES_JS = """
async ([hashes, stateSource, markers, injectedSource]) => {
  const state = eval(stateSource);
  const injected = eval(injectedSource);
  const out = [];
  for (const hash of hashes) {
    const before = window.__fuzz.errors.length;
    await new Promise((resolve) => {
      const old = location.href;
      addEventListener("hashchange", () => setTimeout(resolve, 0), {once: true});
      location.hash = hash;
      if (location.href === old) resolve(); // the same address again: no hashchange
    });
    let seen;
    try {
      seen = state();
    } catch (e) {
      seen = {broken: String(e)};
    }
    out.push({hash: hash, errors: window.__fuzz.errors.slice(before), state: seen,
              injected: injected(markers)});
  }
  return out;
}
"""


def fixed_hashes(keys: tuple[str, ...]) -> list[str]:
    """Every value of FIXED as the value of each key (as written and percent-encoded) and as a
    key, alone and with a value."""
    hashes = []
    for value in FIXED:
        for key in keys:
            hashes.append(f"{key}={value}")
            hashes.append(f"{key}={quote(value, safe='')}")
        hashes.append(value)
        hashes.append(f"{value}=1")
    return list(dict.fromkeys(hashes))


def random_hashes(count: int, keys: tuple[str, ...], valid: tuple[str, ...]) -> list[str]:
    """``count`` hashes from the seeded generator: known and unknown keys, with known values,
    random bytes percent-encoded (whole or cut short), runs of awkward characters, or FIXED."""
    rng = random.Random(f"{SEED}-{','.join(keys)}")

    def token() -> str:
        kind = rng.randrange(5)
        if kind == 0:
            return rng.choice(valid)
        if kind in (1, 2):
            escaped = "".join(f"%{b:02X}" for b in rng.randbytes(rng.randrange(1, 12)))
            return escaped if kind == 1 else escaped[: -rng.randrange(1, 3)]
        if kind == 3:
            return "".join(rng.choice(NASTY) for _ in range(rng.randrange(1, 16)))
        return rng.choice(FIXED)

    hashes = []
    for _ in range(count):
        parts = []
        for _ in range(rng.randrange(1, 5)):
            key = rng.choice(keys) if rng.random() < 0.7 else token()
            parts.append(key + (f"={token()}" if rng.random() < 0.9 else ""))
        hashes.append("&".join(parts))
    return hashes


def shown(hash_: str) -> str:
    """A hash short enough for a failure message."""
    text = ascii(hash_)
    return text if len(text) <= 80 else f"{text[:60]}...({len(hash_)} chars)"


@pytest.fixture(scope="module")
def site(built_site) -> Path:
    return built_site  # tests/conftest.py: built once per test process


@pytest.fixture
def fuzzed(browser):
    """An offline context whose pages note their errors before any script of theirs runs, and
    whose dialogs are noted and dismissed."""
    context = Offline(browser)
    context.context.add_init_script(WATCH_JS)
    context.dialogs = []

    def dialog(d) -> None:
        context.dialogs.append(d.message)
        d.dismiss()

    context.context.on("dialog", dialog)
    yield context
    context.context.close()


def load(context: Offline, site: Path, rel: str, hash_: str) -> tuple[object, str | None]:
    """Open ``rel`` afresh with ``hash_``; the page, and why it did not get ready (or None)."""
    page = context.context.pages[0] if context.context.pages else context.context.new_page()
    page.goto("about:blank")
    path, _, query = rel.partition("?")
    url = (site / path).as_uri() + (f"?{query}" if query else "") + f"#{hash_}"
    # Spaces and control characters cannot be typed in an address: a browser encodes them.
    page.goto(re.sub(r"[\x00-\x20\x7f]", lambda m: f"%{ord(m.group()):02X}", url))
    try:
        page.wait_for_function(
            "() => document.documentElement.dataset.ready === 'true' || window.__fuzz.errors.length",
            timeout=20_000,
        )
    except PlaywrightTimeout:
        return page, "never ready"
    return page, None


def load_result(context: Offline, site: Path, rel: str, hash_: str, state_js: str) -> dict:
    """One fresh load's result, as run_in_page gives one hash's. The errors are Playwright's:
    a script read from another file reports only "Script error." to the page itself."""
    before = len(context.errors)
    page, why = load(context, site, rel, hash_)
    return {
        "errors": context.errors[before:] or page.evaluate("window.__fuzz.errors"),
        "injected": page.evaluate(INJECTED_JS, list(MARKERS)),
        "state": {"broken": why} if why else page.evaluate(state_js),
    }


def problems_of(result: dict, expected: dict | None, check) -> list[str]:
    """What is wrong with one hash's result: errors, injected markup, a broken or wrong view."""
    found = [f"threw {e}" for e in result["errors"]] + result["injected"]
    state = result["state"]
    if "broken" in state:
        return [*found, f"page broken: {state['broken']}"]
    found += check(state)
    if expected is not None:
        wrong = {k: state[k] for k in expected if state[k] != expected[k]}
        if wrong:
            found.append(f"not the default view: {wrong}")
    return found


def explorer_check(state: dict) -> list[str]:
    found = []
    if state["departments"] != 25:
        found.append(f"{state['departments']} departments drawn")
    if not state["title"]:
        found.append("no map title")
    if state["layer"] not in LAYERS or state["measure"] is None:
        found.append(f"layer {state['layer']!r}, measure {state['measure']!r}")
    if set(state["routes"].split(",")) != set(state["drawn"].split(",")):
        found.append(f"routes {state['routes']!r} but {state['drawn']!r} drawn")
    if state["dept"] and state["profile"] != department_names()[state["dept"]]:
        found.append(f"department {state['dept']!r} with profile {state['profile']!r}")
    return found


def embed_check(state: dict) -> list[str]:
    found = []
    if state["departments"] != 25:
        found.append(f"{state['departments']} departments drawn")
    if not state["title"] or not state["alt"]:
        found.append("no map title or description")
    return found


def deck_check(state: dict) -> list[str]:
    step = state["step"] or ""
    if not step.isdigit() or not 1 <= int(step) <= STEP_COUNT:
        return [f"step {step!r}"]
    if state["shown"] != f"step-{step}" or not state["visible"] or not state["status"]:
        return [f"step {step} shown as {state}"]
    return []


def run_in_page(page, hashes: list[str], state_js: str) -> list[dict]:
    return page.evaluate(RUN_HASHES_JS, [hashes, state_js, list(MARKERS), INJECTED_JS])


def report(failures: dict[str, list[str]], context: Offline) -> None:
    lines = [f"{shown(h)}: {'; '.join(p)}" for h, p in failures.items()]
    assert not lines, f"{len(lines)} hashes failed:\n" + "\n".join(lines)
    assert context.dialogs == [], f"dialogs opened: {context.dialogs}"
    assert context.errors == [], f"errors in the pages: {context.errors}"
    assert context.blocked == [], f"the site asked the network for {context.blocked}"


# --- the explorer ----------------------------------------------------------------------------

EXPLORER_KEYS = ("layer", "measure", "routes", "dept")
FRESH_EXPLORER = (
    "dept=%",
    "layer=%E0%A4%A",
    "%",
    "dept=__proto__",
    "dept=toString",
    "measure=constructor",
    "routes=%",
    "__proto__=1",
    "dept=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E",
)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_explorer_survives_any_hash_and_falls_back_to_its_default_view(site, fuzzed, lang):
    page, why = load(fuzzed, site, f"{lang}/map.html", "")
    assert why is None and page.evaluate("window.__fuzz.errors") == []
    default = page.evaluate(EXPLORER_STATE_JS)
    assert default["routes"] == ",".join(ROUTE_IDS) and default["dept"] == ""
    valid = (*LAYERS, "count", "per_100k", "pct", *ROUTE_IDS, "none", "08", "17", "1")
    failures: dict[str, list[str]] = {}

    fixed = fixed_hashes(EXPLORER_KEYS)
    for result in run_in_page(page, fixed, EXPLORER_STATE_JS):
        if found := problems_of(result, default, explorer_check):
            failures[result["hash"]] = found
    for result in run_in_page(page, random_hashes(40, EXPLORER_KEYS, valid), EXPLORER_STATE_JS):
        if found := problems_of(result, None, explorer_check):
            failures[result["hash"]] = found

    for hash_ in FRESH_EXPLORER:
        result = load_result(fuzzed, site, f"{lang}/map.html", hash_, EXPLORER_STATE_JS)
        if found := problems_of(result, default, explorer_check):
            failures[f"(load) {hash_}"] = found
    report(failures, fuzzed)


def test_a_known_view_in_the_hash_is_still_shown(site, fuzzed):
    """The fallback is for what the explorer does not know: a good address keeps its view, and
    a route it does not know leaves the ones it knows."""
    page, why = load(fuzzed, site, "en/map.html", "layer=origin&measure=per_100k&dept=08")
    assert why is None
    state = page.evaluate(EXPLORER_STATE_JS)
    assert (state["layer"], state["measure"], state["dept"]) == ("origin", "per_100k", "08")
    assert state["profile"] == department_names()["08"]
    result = run_in_page(page, ["routes=lima,nowhere&dept=17"], EXPLORER_STATE_JS)[0]
    assert result["errors"] == []
    assert (result["state"]["routes"], result["state"]["dept"]) == ("lima", "17")
    assert result["state"]["drawn"] == "lima"


# --- a map embed ----------------------------------------------------------------------------


def test_a_map_embed_survives_any_hash_and_query(site, fuzzed):
    rel = f"es/{MAP_EMBED}"
    page, why = load(fuzzed, site, rel, "")
    assert why is None
    default = page.evaluate(EMBED_STATE_JS)
    assert default["drawn"] == ",".join(sorted(ROUTE_IDS)) and default["outlined"] == 0
    expected = {k: default[k] for k in ("drawn", "outlined", "dark")}
    failures: dict[str, list[str]] = {}
    # One load per value: as every key's value at once (the query's theme too), and as a key;
    # then a load per value alone, as the hash, for the values that are a key and its value.
    cases = []
    for value in FIXED:
        encoded = quote(value, safe="")
        both = f"routes={value}&dept={value}&theme={value}&{value}"
        cases.append((f"{rel}?theme={encoded}", both, expected))
        if "=" in value:
            cases.append((rel, value, expected))
    randoms = random_hashes(8, ("routes", "dept", "theme"), (*ROUTE_IDS, "08"))
    cases += [(rel, h, None) for h in randoms]
    for path, hash_, view in cases:
        result = load_result(fuzzed, site, path, hash_, EMBED_STATE_JS)
        if found := problems_of(result, view, embed_check):
            failures[f"{path.partition('?')[2]}#{hash_}"] = found
    report(failures, fuzzed)


# --- the story deck --------------------------------------------------------------------------


def test_the_deck_survives_any_hash_and_shows_a_step(site, fuzzed):
    page, why = load(fuzzed, site, "en/story.html", "step=3")
    assert why is None
    assert page.evaluate(DECK_STATE_JS)["step"] == "3"
    failures: dict[str, list[str]] = {}
    valid = tuple(str(n) for n in range(1, STEP_COUNT + 1))
    # Before each fixed hash the deck is on step 3, so that falling back to step 1 is seen.
    fixed = [h for value in fixed_hashes(("step",)) for h in ("step=3", value)]
    for result in run_in_page(page, fixed, DECK_STATE_JS):
        if result["hash"] == "step=3":
            continue
        if found := problems_of(result, {"step": "1"}, deck_check):
            failures[result["hash"]] = found
    for result in run_in_page(page, random_hashes(40, ("step",), valid), DECK_STATE_JS):
        if found := problems_of(result, None, deck_check):
            failures[result["hash"]] = found
    for hash_ in ("step=%", "%", "step=__proto__", "step=1e9"):
        result = load_result(fuzzed, site, "es/story.html", hash_, DECK_STATE_JS)
        if found := problems_of(result, {"step": "1"}, deck_check):
            failures[f"(load) {hash_}"] = found
    report(failures, fuzzed)
