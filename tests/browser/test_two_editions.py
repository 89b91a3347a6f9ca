"""One journey, two editions: a tap or a click on a department opens its profile, live and static.

The same test function runs against the live app (the session's server) and the static edition
(built once for this module, opened through file://), on a phone (390 × 844, touch) and a desktop
(1440 × 900), in both languages. Each department is tapped where it is hardest: on a route line
where one crosses it, away from the places drawn on it; the lines take no taps on either map
(geo.maps.map_rules), so the tap must select the department under the line.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from atlas_ui import LANGS, RESULTS
from editions import EDITIONS, Edition
from playwright.sync_api import Page, expect
from shapely.geometry import MultiPoint, Point

from geo.boundaries import read_boundaries
from geo.names import department_names
from geo.routes import ROUTE_IDS, route_lines
from geo.views import MapView, place_markers, prepare_map

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

DEPARTMENTS = {"21": "Puno", "17": "Madre de Dios", "15": "Lima", "16": "Loreto"}
SCREENS = {"phone": (390, 844), "desktop": (1440, 900)}
SHOTS = RESULTS / "editions"
INSIDE_DEGREES = 0.3  # the tap keeps this far inside the department's outline
PLACE_DEGREES = 0.4  # ...and this far from a place's marker, which takes a tap of its own

SCREEN_POINT_JS = """
([lat, lon]) => {
  const map = (window.__atlasMaps || [])[0] ||
    Object.values(window).find(v => { try { return v instanceof L.Map; } catch (e) {} });
  const p = map.latLngToContainerPoint([lat, lon]);
  const r = map.getContainer().getBoundingClientRect();
  return {x: p.x + r.left, y: p.y + r.top};
}
"""


def tap_point(code: str) -> tuple[float, float]:
    """(lat, lon) inside department ``code``: on a route line where one crosses it, as far from
    every place as the line allows; else a point well inside the department."""
    department = read_boundaries().set_index("department_code").loc[code, "geometry"]
    inner = department.buffer(-INSIDE_DEGREES)
    places = MultiPoint([Point(p.lon, p.lat) for p in place_markers("es").itertuples()])
    best, far = None, 0.0
    for line in route_lines().geometry:
        crossing = line.intersection(inner)
        if crossing.is_empty:
            continue
        for i in range(41):
            point = crossing.interpolate(i / 40, normalized=True)
            distance = point.distance(places)
            if distance > far:
                best, far = point, distance
    if best is None or far < PLACE_DEGREES:
        best = inner.representative_point()
    return best.y, best.x


@pytest.fixture(scope="module")
def site(static_site) -> Path:
    return static_site


def wait_in_upper_half(page: Page, name: str) -> None:
    """Wait until the profile's heading ``name`` is in the upper half of the screen for ten
    frames running (not in passing, while the page reflows)."""
    page.evaluate("() => { window.__inView = 0; }")
    page.wait_for_function(
        """(name) => {
          const h = [...document.querySelectorAll(
            '#profile-body h2, [data-testid="stMain"] h3')].find(e => e.textContent === name);
          const r = h ? h.getBoundingClientRect() : null;
          const ok = r && r.top >= 0 && r.bottom <= window.innerHeight / 2;
          window.__inView = ok ? window.__inView + 1 : 0;
          return window.__inView >= 10;
        }""",
        arg=name,
        polling="raf",
        timeout=10_000,
    )


@pytest.fixture(params=EDITIONS)
def edition(request) -> Edition:
    if request.param == "live":
        return Edition("live", request.getfixturevalue("server"))
    return Edition("static", request.getfixturevalue("site").as_uri() + "/")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("screen", list(SCREENS))
def test_a_tap_or_click_on_a_department_opens_its_profile(new_context, edition, screen, lang):
    width, height = SCREENS[screen]
    phone = screen == "phone"
    context = new_context(viewport={"width": width, "height": height}, has_touch=phone)
    page = context.new_page()
    edition.open_map(page, lang)
    names = department_names()
    tooltips = prepare_map(MapView("complaints", "count", ROUTE_IDS, None, lang)).tooltips
    SHOTS.mkdir(parents=True, exist_ok=True)
    for code in DEPARTMENTS:
        edition.settle(page)
        edition.map_element(page).scroll_into_view_if_needed()
        edition.settle(page)
        box = edition.map_element(page).bounding_box() if edition.name == "live" else None
        point = edition.map_frame(page).evaluate(SCREEN_POINT_JS, list(tap_point(code)))
        x = point["x"] + (box["x"] if box else 0)
        y = point["y"] + (box["y"] if box else 0)
        assert 0 <= x < width and 0 <= y < height, f"{names[code]}'s point is off screen: {x, y}"
        if phone:
            page.touchscreen.tap(x, y)
        else:
            page.mouse.move(x - 5, y - 5)
            page.mouse.move(x, y)
            # the pointer shows the department's tooltip (the shared builder's words)
            tooltip = edition.on_map(page).locator(".leaflet-tooltip")
            expect(tooltip).to_have_text(tooltips[code])
            page.mouse.click(x, y)
        profile = edition.profile(page)
        expect(profile).to_have_text(names[code])
        if phone:  # stacked under the map: brought into the upper half of the screen
            wait_in_upper_half(page, names[code])
        if code == "21":
            page.screenshot(path=str(SHOTS / f"{edition.name}-{screen}-{lang}-puno.png"))
