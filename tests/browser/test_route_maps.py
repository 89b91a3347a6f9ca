"""The Routes page's map is a map of the route, on both editions.

Titled with the route's name; every department in one of two neutral fills (the ones the route's
line crosses a shade darker), none hatched as "not reported"; the route's points named on the map,
numbered as its card lists them; a legend saying what is drawn (``geo.views.prepare_route_map``).
Screenshots at 390 and 1440 px in both languages go to test-results/route-maps/.
"""

from __future__ import annotations

import pytest
from atlas_ui import LANGS, MAP_IFRAME, RESULTS, open_page
from editions import Edition
from playwright.sync_api import Page, expect

from geo.i18n import t
from geo.routes import departments_crossed, read_routes, read_waypoints
from geo.views import ROUTE_MAP_FILLS

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

SHOTS = RESULTS / "route-maps"
ROUTES = ("south_sierra", "lima")  # the most crowded points, and the longest line
# What the route's map draws, read in its frame: title, legend rows, the departments' fills (by
# code), and the labels of the places named on the map.
DRAWN_JS = """(root) => {
  const map = (window.__atlasMaps || []).find(m => root.contains(m.getContainer()))
    || (window.__atlasMaps || [])[0];
  const fills = {};
  map.eachLayer(layer => {
    const p = layer.feature && layer.feature.properties;
    const code = p && (p.department_code || p.code);
    if (code && layer._path && /^[0-9]{2}$/.test(code)) fills[code] = layer._path.getAttribute('fill');
  });
  const box = map.getContainer();
  const text = sel => Array.from(box.querySelectorAll(sel)).map(e => e.textContent.trim());
  return {title: text('.atlas-title h2'), legend: text('.atlas-legend .row'),
          hatched: box.querySelectorAll('.atlas-legend .nr').length,
          labels: text('.leaflet-tooltip.atlas-label'), fills: fills};
}"""


def route_map_root(edition: Edition, page: Page, route_id: str):
    """The element holding the route's map: its frame's body (live) or its container (static)."""
    if edition.live:
        frame = page.locator(MAP_IFRAME).first.element_handle().content_frame()
        assert frame is not None
        return frame.locator("body")
    return page.locator(f"#route-{route_id} .atlas-map")


def open_route(edition: Edition, page: Page, lang: str, route_id: str) -> None:
    edition.watch(page)
    if edition.live:
        open_page(page, edition.base, "routes", lang=lang, route_card=route_id)
        frame = page.frame_locator(MAP_IFRAME)
        expect(frame.locator(".leaflet-tooltip.atlas-label").first).to_be_visible()
    else:
        page.goto(f"{edition.base}{lang}/routes.html#route-{route_id}")
        edition.wait_ready(page)
    page.wait_for_timeout(300)  # the framing on the route, after the first resize


@pytest.mark.parametrize("lang", LANGS)
def test_the_route_map_draws_the_route_its_departments_and_its_named_points(
    new_context, edition, lang
):
    problems = []
    names = read_routes().set_index("route_id")[f"name_{lang}"]
    for width, height in ((1440, 900), (390, 844)):
        page = new_context(viewport={"width": width, "height": height}).new_page()
        for route_id in ROUTES:
            open_route(edition, page, lang, route_id)
            root = route_map_root(edition, page, route_id)
            drawn = root.evaluate(DRAWN_JS)
            where = f"{width} px, {route_id}"
            if drawn["title"] != [names[route_id]]:
                problems.append(f"{where}: the map is titled {drawn['title']}")
            if drawn["hatched"]:
                problems.append(f"{where}: the legend has a 'not reported' hatch")
            crossed = set(departments_crossed(route_id))
            for code, fill in drawn["fills"].items():
                wanted = ROUTE_MAP_FILLS[code in crossed]
                if (fill or "").lower() != wanted:
                    problems.append(f"{where}: department {code} is filled {fill}, not {wanted}")
            points = read_waypoints(route_id)
            wanted_labels = [
                t("routes.map.place", lang, n=int(p.seq), name=p.name) for p in points.itertuples()
            ]
            if sorted(drawn["labels"]) != sorted(wanted_labels):
                problems.append(f"{where}: the map names {drawn['labels']}")
            for row in (t("routes.map.crossed", lang), t("routes.map.places", lang)):
                if row not in drawn["legend"]:
                    problems.append(f"{where}: the legend lacks {row!r}: {drawn['legend']}")
            SHOTS.mkdir(parents=True, exist_ok=True)
            target = page.locator(MAP_IFRAME).first if edition.live else root
            target.scroll_into_view_if_needed()
            target.screenshot(path=str(SHOTS / f"{edition}-{route_id}-{width}-{lang}.png"))
    assert not problems, "\n".join(problems)
