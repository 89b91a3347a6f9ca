"""The presenter's room: the story's maps with their key in sight, its keys, presentation mode
and the handout, on both editions where both have them.

- At 1280×720 and 1920×1080, on every map step of the live story (``/story?step=N``) and of the
  deck (``story.html#step=N``), in both languages: the legend (the routes named by colour) is
  open inside the map, on no other box, no route or department lies under it, and it and the
  source and caveat under the map are in type of 14 px or more.
- After a click in the map (which moves the focus into the live map's frame) the story's keys
  still move it.
- The live story's presentation mode (the P key, ``?present=1``) hides the sidebar.
- The deck printed (the handout): 9 pt or more, a footer on every page with the atlas's address,
  the date and the page number, no fold arrows.
"""

from __future__ import annotations

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from atlas_ui import LANGS, RESULTS, open_page, url, wait_idle
from editions import Edition
from playwright.sync_api import Page, expect

from geo.i18n import t
from geo.routes import ROUTE_IDS
from geo.story import STEP_COUNT, story_step

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

SHOTS = RESULTS / "story-room"
SIZES = {"projector": (1280, 720), "full_hd": (1920, 1080)}
MIN_MAP_TEXT_PX = 14.0  # legend and source, as the room sees them (the deck's zoom counted)
MIN_PRINT_PX = 12.0  # 9 pt
MAP_STEPS = tuple(n for n in range(1, STEP_COUNT + 1) if story_step(n, "en").view is not None)
ROUTES_STEP = next(n for n in MAP_STEPS if story_step(n, "en").view.routes)

# A story map's boxes, what lies under them, and the size of their words, in the map's own pixels
# (the deck's zoom divided out). ``sel``: the map's container (the deck's current slide), or
# null for the only map of the document (a live map's frame).
STORY_MAP_JS = """(sel) => {
  const all = (window.__atlasMaps || []).slice();
  if (!all.length) for (const v of Object.values(window)) {
    try { if (v instanceof L.Map) all.push(v); } catch (e) {}
  }
  const map = all.find(m => !sel || m.getContainer().closest(sel));
  if (!map) return null;
  const c = map.getContainer();
  const cr = c.getBoundingClientRect();
  const scale = cr.width / c.offsetWidth;
  const rel = r => ({left: (r.left - cr.left) / scale, top: (r.top - cr.top) / scale,
                     right: (r.right - cr.left) / scale, bottom: (r.bottom - cr.top) / scale});
  const boxes = [...c.querySelectorAll('.atlas-box')].map(b => ({
    name: b.className.replace('atlas-box', '').trim(),
    open: b.tagName !== 'DETAILS' || b.open, ...rel(b.getBoundingClientRect())}));
  const inside = p => boxes.some(b => p.x > b.left + 2 && p.x < b.right - 2 &&
                                      p.y > b.top + 2 && p.y < b.bottom - 2);
  const covered = new Set();
  let routePoints = 0;
  map.eachLayer(l => {
    if (!l._path || !l.getLatLngs) return;
    const p = (l.feature && l.feature.properties) || {};
    const route = p.route_id || (/atlas-route-([a-z_]+)/.exec(l.options.className || '') || [])[1];
    const dept = p.department_code || p.code;
    const what = route ? 'route ' + route : (/^[0-9]{2}$/.test(dept || '') ? 'department ' + dept : '');
    if (!what) return;
    const walk = a => {
      if (Array.isArray(a)) { a.forEach(walk); return; }
      if (route) routePoints++;
      if (inside(map.latLngToContainerPoint(a))) covered.add(what);
    };
    walk(l.getLatLngs());
  });
  const fonts = [...c.querySelectorAll(
    '.atlas-legend h3, .atlas-legend .row, .atlas-source p, details.atlas-box > summary')]
    .filter(e => e.getClientRects().length)
    .map(e => [e.textContent.slice(0, 30), parseFloat(getComputedStyle(e).fontSize) * scale]);
  return {width: c.offsetWidth, height: c.offsetHeight, boxes, covered: [...covered].sort(),
          routePoints, fonts,
          routes: [...c.querySelectorAll('.atlas-legend .routes .row')].map(r => r.textContent)};
}"""


def story_map(edition: Edition, page: Page, step: int) -> dict:
    """What STORY_MAP_JS finds on step ``step``'s map, once it is drawn and framed."""
    if edition.live:
        frame_box = page.locator(f".st-key-story_map_{step} iframe")
        expect(frame_box).to_be_visible()
        inner = frame_box.content_frame
        expect(inner.locator("path.leaflet-interactive").first).to_be_visible()
        expect(inner.locator(".atlas-legend")).to_be_visible()
        frame = frame_box.element_handle().content_frame()
        frame.wait_for_function(STILL_JS, arg=".leaflet-container", polling="raf")
        found = frame.evaluate(STORY_MAP_JS, None)
        found["words"] = page.locator(".st-key-story_map_words").evaluate(WORDS_JS)
        return found
    current = page.locator(".step.current .step-map")
    expect(current.locator(".atlas-legend")).to_be_visible()
    page.wait_for_function(STILL_JS, arg=".step.current .leaflet-container", polling="raf")
    found = page.evaluate(STORY_MAP_JS, ".step.current")
    found["words"] = page.locator(".step.current .step-visual .chart-words").evaluate(WORDS_JS)
    return found


# The map's source and caveat under it: each line and its size as the room sees it (the deck's
# zoom counted).
WORDS_JS = """(box) => {
  const deck = document.getElementById('deck');
  const scale = deck ? deck.getBoundingClientRect().width / deck.offsetWidth : 1;
  return [...box.querySelectorAll('p')].filter(p => p.textContent.trim())
    .map(p => [p.textContent.slice(0, 30), parseFloat(getComputedStyle(p).fontSize) * scale]);
}"""


# The map stands still: its boxes and its framing unchanged for five animation frames.
STILL_JS = """(sel) => {
  const c = document.querySelector(sel);
  if (!c || !c.querySelector('.atlas-legend')) return false;
  const pane = c.querySelector('.leaflet-map-pane');
  const key = [pane.style.transform, ...[...c.querySelectorAll('.atlas-box')].map(
    b => b.offsetWidth + 'x' + b.offsetHeight)].join('|');
  const s = window.__atlasStill || (window.__atlasStill = {key: '', n: 0});
  if (s.key === key) s.n += 1; else { s.key = key; s.n = 0; }
  return s.n >= 5;
}"""


def map_problems(found: dict, step: int) -> list[str]:
    problems = []
    by_name = {b["name"].split()[0]: b for b in found["boxes"]}
    for name in ("atlas-legend",):
        box = by_name.get(name)
        if box is None or not box["open"]:
            problems.append(f"the {name} box is folded or missing")
            continue
        if box["top"] < -1 or box["bottom"] > found["height"] + 1 or box["left"] < -1:
            problems.append(f"the {name} box runs out of the map: {box}")
    boxes = found["boxes"]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            if (
                min(a["right"], b["right"]) - max(a["left"], b["left"]) > 1
                and min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > 1
            ):
                problems.append(f"the {a['name']} and {b['name']} boxes overlap")
    if found["covered"]:
        problems.append(f"boxes cover {found['covered']}")
    if len(found["words"]) < 2:
        problems.append(f"the source and caveat are not under the map: {found['words']}")
    small = [f for f in found["fonts"] + found["words"] if f[1] < MIN_MAP_TEXT_PX - 0.05]
    if small:
        problems.append(f"words under {MIN_MAP_TEXT_PX} px: {small[:4]}")
    if step == ROUTES_STEP and (len(found["routes"]) != len(ROUTE_IDS) or not found["routePoints"]):
        problems.append(f"the legend names {found['routes']}, not the {len(ROUTE_IDS)} routes")
    return [f"step {step} ({found['width']}x{found['height']} map): {p}" for p in problems]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("size", list(SIZES))
def test_every_story_map_shows_its_legend_beside_what_it_is_about(new_context, edition, size, lang):
    width, height = SIZES[size]
    page = new_context(viewport={"width": width, "height": height}).new_page()
    edition.watch(page)
    edition.open_story(page, lang, MAP_STEPS[0])
    problems = []
    for step in MAP_STEPS:
        if step != MAP_STEPS[0]:
            edition.press(page, "ArrowRight")
        edition.shows_step(page, step, lang)
        problems += map_problems(story_map(edition, page, step), step)
        if step == ROUTES_STEP:
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / f"{edition}-step{step}-{size}-{lang}.png"))
    assert not problems, "\n".join(problems)


def click_in_map(edition: Edition, page: Page, step: int) -> None:
    """A presenter's click on the map's departments (right of its legend), as a mouse does it."""
    if edition.live:
        box = page.locator(f".st-key-story_map_{step} iframe").bounding_box()
    else:
        box = page.locator(".step.current .step-map").bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.75, box["y"] + box["height"] * 0.45)


@pytest.mark.parametrize("lang", LANGS)
def test_the_story_keys_work_after_a_click_in_the_map(new_context, edition, lang):
    page = new_context(viewport={"width": 1280, "height": 720}).new_page()
    edition.watch(page)
    edition.open_story(page, lang, ROUTES_STEP)
    edition.shows_step(page, ROUTES_STEP, lang)
    if edition.live:  # the map's frame has drawn its departments
        inner = page.locator(f".st-key-story_map_{ROUTES_STEP} iframe").content_frame
        expect(inner.locator("path.leaflet-interactive").first).to_be_visible()
    after = ROUTES_STEP + 1
    assert after in MAP_STEPS, "the step after the routes has a map"
    for key, here, there in (
        ("ArrowRight", ROUTES_STEP, after),
        ("PageUp", after, ROUTES_STEP),
        ("Space", ROUTES_STEP, after),
    ):
        click_in_map(edition, page, here)
        page.keyboard.press(key)  # where the focus is, as a clicker sends it
        edition.shows_step(page, there, lang)
    # a click on the legend's fold (inside the map's frame), twice, then a key
    if edition.live:
        summary = page.frame_locator(f".st-key-story_map_{after} iframe").locator(
            ".atlas-legend > summary"
        )
    else:
        summary = page.locator(".step.current .atlas-legend > summary")
    summary.click()
    summary.click()
    page.keyboard.press("ArrowLeft")
    edition.shows_step(page, ROUTES_STEP, lang)


def _query(address: str) -> dict:
    return {k: v[0] for k, v in parse_qs(urlsplit(address).query).items()}


def test_presentation_mode_hides_the_sidebar_by_key_and_by_address(new_context, server):
    page = new_context(viewport={"width": 1280, "height": 720}).new_page()
    open_page(page, server, "story", lang="en", step=str(ROUTES_STEP))
    sidebar = page.locator('[data-testid="stSidebar"]')
    expect(sidebar).to_be_visible()
    frame = page.locator(f".st-key-story_map_{ROUTES_STEP} iframe")
    expect(frame).to_be_visible()
    before = frame.bounding_box()["width"]
    page.locator("body").press("p")
    expect(sidebar).to_be_hidden()
    page.wait_for_url(lambda u: _query(u).get("present") == "1")
    wait_idle(page)
    assert frame.bounding_box()["width"] > before + 100, "the map has not taken the room"
    click_in_map(Edition("live", server), page, ROUTES_STEP)
    page.keyboard.press("ArrowRight")  # the keys keep working, the mode stays
    page.wait_for_url(lambda u: _query(u).get("step") == str(ROUTES_STEP + 1))
    wait_idle(page)
    expect(sidebar).to_be_hidden()
    assert _query(page.url).get("present") == "1"
    page.locator("body").press("p")
    expect(sidebar).to_be_visible()
    page.wait_for_url(lambda u: "present" not in _query(u))
    # a link opens the story in presentation mode
    other = new_context(viewport={"width": 1280, "height": 720}).new_page()
    other.goto(url(server, "story", lang="es", step="3", present="1"))
    wait_idle(other)
    expect(other.locator('[data-testid="stMain"] h1').first).to_have_text(story_step(3, "es").title)
    expect(other.locator('[data-testid="stSidebar"]')).to_be_hidden()


# Under print media: every word of the deck that is drawn, too small for 9 pt; each slide's
# footer; any fold arrow still drawn.
PRINT_JS = """() => {
  const small = [];
  const deck = document.getElementById('deck');
  const walker = document.createTreeWalker(deck, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const el = node.parentElement;
    if (!node.textContent.trim() || !el.getClientRects().length || el.closest('.sr-only')) continue;
    const px = parseFloat(getComputedStyle(el).fontSize);
    if (px < MIN) small.push([el.tagName, node.textContent.trim().slice(0, 30), px]);
  }
  const footers = [...deck.querySelectorAll('.step')].map(s => {
    const f = s.querySelector('.step-footer');
    const r = f.getBoundingClientRect(), sr = s.getBoundingClientRect();
    return {text: f.innerText, shown: r.height > 0 && r.bottom <= sr.bottom + 1 && r.top >= sr.top,
            px: parseFloat(getComputedStyle(f).fontSize)};
  });
  const arrows = [...deck.querySelectorAll('summary')].filter(s => {
    const style = getComputedStyle(s);
    return s.getClientRects().length && style.display === 'list-item' &&
      style.listStyleType !== 'none';
  }).map(s => s.textContent.slice(0, 30));
  return {small: small.slice(0, 12), count: small.length, footers, arrows};
}"""


@pytest.mark.parametrize("lang", LANGS)
def test_the_handout_prints_at_9_pt_with_a_footer_and_no_fold_arrows(
    new_context, static_site, lang
):
    page = new_context(viewport={"width": 1280, "height": 720}).new_page()
    page.goto((static_site / lang / "story.html").as_uri())
    expect(page.locator("html")).to_have_attribute("data-ready", "true")
    address = page.url.split("#")[0]
    page.emulate_media(media="print")
    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    found = page.evaluate(PRINT_JS.replace("MIN", str(MIN_PRINT_PX)))
    assert found["count"] == 0, f"{found['count']} words under 9 pt: {found['small']}"
    assert not found["arrows"], f"fold arrows printed: {found['arrows']}"
    today = datetime.date.today()
    for n, footer in enumerate(found["footers"], 1):
        text = footer["text"]
        assert footer["shown"] and footer["px"] >= MIN_PRINT_PX, (n, footer)
        assert address in text and str(today.year) in text and str(today.day) in text, (n, text)
        assert t("site.deck.page", lang, n=n, total=STEP_COUNT) in text, (n, text)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"handout-print-{lang}.png"), full_page=True)
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    (SHOTS / f"handout-{lang}.pdf").write_bytes(pdf)
