"""The routes' Lima, "the main destination", against the complaints' "outside Lima"."""

from __future__ import annotations

from geo.names import department_names
from geo.quality.finding import Finding, Label
from geo.quality.kinds import QUESTION
from geo.quality.observatorio import LIMA
from geo.tables import read_table


def lima_destination_findings() -> list[Finding]:
    """The routes make Lima "the main destination"; the complaints put it "outside Lima"."""
    routes = read_table("routes").set_index("route_id")
    if "lima" not in routes.index:
        return []
    totals = read_table("observatorio_totals").set_index("indicator_id")
    return [
        Finding(
            "routes:lima_main_destination",
            QUESTION,
            "routes",
            "lima",
            "quality.routes.lima_destination",
            {
                "lima": department_names()[LIMA],
                "route": Label("routes", "route_id", "lima", "name"),
            },
            (LIMA,),
            tuple(
                dict.fromkeys(
                    (routes.loc["lima", "source_id"], totals.loc["complaints", "source_id"])
                )
            ),
            brief_key="quality.routes.lima_destination.brief",
            quoted_in=("story.complaints.body",),
        )
    ]
