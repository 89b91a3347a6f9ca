"""The Routes page's model: the report's six routes, one card each, in the reader's language."""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd

from geo.boundaries import read_boundaries
from geo.i18n import t
from geo.routes import ROUTE_IDS, read_routes, read_waypoints, route_table
from geo.tables import source_text
from geo.views import prepare_route_map, route_map_alt


@dataclass(frozen=True)
class Fact:
    """A labelled line of a card: "Destinations the report names: Lima, Callao"."""

    label: str
    text: str


@dataclass(frozen=True)
class Waypoint:
    """A point of a route's line, with what it rests on.

    ``label`` is the name as the card shows it ("San Martín (department; drawn at Tarapoto)"),
    ``basis`` why the point is there, ``source`` the short citation of that basis, and ``line``
    the three as one line, as both editions show it.
    """

    seq: int
    label: str
    basis: str
    source: str
    line: str


@dataclass(frozen=True)
class RouteCard:
    """One route: its names, the report's sentence, destinations, departments, the atlas's notes,
    its waypoints and the caption of its map (the map of the route, ``geo.views.prepare_route_map``:
    what it draws in words, and the drawing's caveat)."""

    route_id: str
    name: str
    names: str  # the Spanish and English names, "Ruta Sur Sierra · South Sierra route"
    report_says: str
    sentence: str
    facts: tuple[Fact, ...]  # destinations, departments crossed, the atlas's notes
    waypoints_heading: str
    waypoints: tuple[Waypoint, ...]
    map_caption: str


@dataclass(frozen=True)
class RoutesPage:
    """The Routes page: title, introduction and a card per route, in the report's order.

    ``choose`` is the label of the live page's route chooser; the static page shows every card
    at once and has no chooser, so it is the page's one part that needs a server.
    """

    lang: str
    title: str
    intro: str
    choose: str
    cards: tuple[RouteCard, ...]

    @property
    def needs_server(self) -> frozenset[str]:
        """The texts only the live edition shows (the parity test leaves them out)."""
        return frozenset({self.choose})

    def card(self, route_id: str) -> RouteCard:
        """The card of ``route_id``.

        Raises
        ------
        KeyError
            When no card has that id; the message names the ids there are.
        """
        for card in self.cards:
            if card.route_id == route_id:
                return card
        raise KeyError(f"unknown route {route_id!r}: expected one of {', '.join(ROUTE_IDS)}")


def _waypoints(route_id: str, lang: str) -> tuple[Waypoint, ...]:
    points = []
    for p in read_waypoints(route_id).itertuples():
        label = getattr(p, f"label_{lang}")
        basis = t(f"routes.basis.{p.basis}", lang)
        source = source_text(p.source_id, lang)
        line = t("routes.waypoint_line", lang, label=label, basis=basis, source=source)
        points.append(Waypoint(int(p.seq), label, basis, source, line))
    return tuple(points)


def routes_page(lang: str, boundaries: gpd.GeoDataFrame | None = None) -> RoutesPage:
    """What the Routes page says in ``lang`` (``"es"`` or ``"en"``).

    Parameters
    ----------
    lang : the reader's language; route names, notes, bases and sources follow it, the report's
        sentence stays in its own words and places keep their names.
    boundaries : the departments the lines cross (read once when None).
    """
    if boundaries is None:
        boundaries = read_boundaries()
    routes = read_routes().set_index("route_id")
    summary = route_table(lang, boundaries=boundaries).set_index("route_id")
    cards = []
    for route_id in summary.index:
        route, row = routes.loc[route_id], summary.loc[route_id]
        prepared = prepare_route_map(route_id, lang, boundaries=boundaries)
        cards.append(
            RouteCard(
                route_id=route_id,
                name=route[f"name_{lang}"],
                names=t("routes.names", lang, es=route["name_es"], en=route["name_en"]),
                report_says=t("routes.report_says", lang),
                sentence=row["report_sentence"],
                facts=(
                    Fact(t("routes.destinations", lang), row["destinations"]),
                    Fact(t("routes.departments", lang), row["departments_crossed"]),
                    Fact(t("routes.atlas_notes", lang), row["notes"]),
                ),
                waypoints_heading=t("routes.waypoints", lang),
                waypoints=_waypoints(route_id, lang),
                map_caption=" ".join((route_map_alt(prepared), t("routes.map_caption", lang))),
            )
        )
    return RoutesPage(
        lang=lang,
        title=t("routes.title", lang),
        intro=t("routes.intro", lang),
        choose=t("routes.choose", lang),
        cards=tuple(cards),
    )
