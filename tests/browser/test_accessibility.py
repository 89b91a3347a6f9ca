"""Every page renders, and is accessible: on every page in both languages (and two states only a
click shows), no Streamlit exception or traceback, a heading, and axe-core finds no serious
violation in the page or in any of its frames (the map's too). One load of each page serves both
checks (they were two modules' tests, each loading all 12 pages)."""

from __future__ import annotations

import pytest
from atlas_ui import LANGS, ROOT, assert_no_error, open_page, page_names, wait_idle, wait_map
from playwright.sync_api import Frame, Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
FAILING_IMPACTS = {"serious", "critical"}

# Violations in Streamlit's own markup, which no theme setting or code of ours can change.
# Each is allowed only where the reason holds (rule id -> reason); anything else fails.
KNOWN_EXCEPTIONS: dict[str, str] = {}


def _axe_source() -> str:
    if not AXE.is_file():
        pytest.fail(f"axe-core is not installed at {AXE.relative_to(ROOT)}: run `npm ci`")
    return AXE.read_text(encoding="utf-8")


def run_axe(frame: Frame) -> list[dict]:
    """axe-core's serious and critical violations in ``frame``'s own document (not its frames)."""
    if not frame.evaluate("() => typeof window.axe === 'object'"):
        frame.add_script_tag(content=_axe_source())
    results = frame.evaluate(
        """async (tags) => {
          const r = await axe.run(document, {
            runOnly: {type: 'tag', values: tags}, resultTypes: ['violations'], iframes: false,
          });
          return r.violations.map(v => ({
            id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 5).map(n => ({target: n.target.join(' '),
                                                  html: n.html.slice(0, 200),
                                                  summary: n.failureSummary})),
          }));
        }""",
        AXE_TAGS,
    )
    return [v for v in results if v["impact"] in FAILING_IMPACTS]


def frames_of(page: Page) -> list[Frame]:
    """The page's document and each frame with a document of its own (map, embedded maps)."""
    frames = [f for f in page.frames if not f.is_detached() and f.url != "about:blank"]
    for frame in frames:  # an embedded map (srcdoc) draws after the page's script has run
        frame.wait_for_load_state("load")
    return frames


def describe(frame: Frame, violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({frame.url[:80]})")
        lines += [f"    {n['target']}: {n['html']}" for n in v["nodes"]]
    return "\n".join(lines)


# Every page in both languages, plus states that only a click shows: a department's profile
# beside the map, and a story step with its map.
VIEWS = [(name, {"lang": lang}) for name in page_names() for lang in LANGS]
VIEWS += [
    (name, params)
    for name, params in (
        ("map", {"lang": "es", "dept": "17", "layer": "complaints", "measure": "per_100k"}),
        ("story", {"lang": "en", "step": "3"}),
    )
    if name in page_names()
]


@pytest.mark.parametrize(
    ("name", "params"), VIEWS, ids=["-".join([n, *p.values()]) for n, p in VIEWS]
)
def test_page_renders_without_an_exception_or_a_serious_accessibility_violation(
    page, server, name, params
):
    open_page(page, server, name, **params)
    if name == "map":
        wait_map(page)
    expect(page.locator("h1").first).to_be_visible()
    wait_idle(page)
    assert_no_error(page)
    frames = frames_of(page)
    if name == "map":
        assert any("streamlit_folium" in f.url for f in frames), [f.url for f in frames]
    report = []
    for frame in frames:
        violations = [v for v in run_axe(frame) if v["id"] not in KNOWN_EXCEPTIONS]
        if violations:
            report.append(describe(frame, violations))
    assert not report, "\n".join(report)


def test_known_exceptions_are_streamlit_rules_with_reasons():
    for rule, reason in KNOWN_EXCEPTIONS.items():
        assert rule and len(reason) > 20, (rule, reason)
