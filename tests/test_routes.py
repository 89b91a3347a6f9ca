"""Tests for geo.routes: the six route tables, their curves, arrowheads and departments crossed."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from pyproj import Geod, Transformer
from shapely.geometry import LineString, Point, box

from geo import routes
from geo.boundaries import read_boundaries, read_water
from geo.names import department_names, fold
from geo.paths import BOUNDARIES_FILE, DATA_DIR
from geo.tables import read_provenance


def read_table_resource_sources(name: str) -> list[str]:
    """The sources a table's metadata declares (provenance ``derived_from``)."""
    return read_provenance()["files"][f"{name}.csv"]["derived_from"]


GEOD = Geod(ellps="WGS84")
TO_PLANE = Transformer.from_crs("EPSG:4326", routes.PERU_PLANE, always_xy=True)

# Department of each waypoint, as GeoNames gives it (admin1 of the GeoNames record the waypoint's
# coordinates come from); written out here so the curve test does not grade itself with the
# boundaries it is testing.
DEPARTMENT_OF = {
    "Piura": "20",
    "Lambayeque": "14",
    "Chiclayo": "14",
    "San Martín": "22",
    "Tarapoto": "22",
    "Iquitos": "16",
    "Lima": "15",
    "Pucallpa": "25",
    "Cusco": "08",
    "Sicuani": "08",
    "Juliaca": "21",
    "Puno": "21",
    "La Rinconada": "21",
    "Puerto Maldonado": "17",
    "Quillabamba": "08",
    "Moquegua": "18",
    "Arequipa": "04",
    "Majes (El Pedregal)": "04",
    "Tacna": "23",
}


@pytest.fixture(scope="module")
def waypoints() -> pd.DataFrame:
    return routes.read_waypoints()


@pytest.fixture(scope="module")
def lines() -> gpd.GeoDataFrame:
    return routes.route_lines()


@pytest.fixture(scope="module")
def boundaries() -> gpd.GeoDataFrame:
    return read_boundaries(BOUNDARIES_FILE)


def _plane(coords) -> np.ndarray:
    xy = np.asarray(coords, dtype=float)
    x, y = TO_PLANE.transform(xy[:, 0], xy[:, 1])
    return np.column_stack([x, y])


def _heading(vector) -> float:
    return float(np.degrees(np.arctan2(vector[1], vector[0])))


def _angle_between(a, b) -> float:
    return abs((_heading(a) - _heading(b) + 180) % 360 - 180)


# --- the tables ---------------------------------------------------------------------------------


def test_route_tables_have_exactly_the_contract_columns():
    assert list(pd.read_csv(DATA_DIR / "routes.csv", nrows=0).columns) == [
        "route_id",
        "name_es",
        "name_en",
        "report_sentence",
        "destinations",
        "notes_es",
        "notes_en",
        "source_id",
    ]
    assert list(pd.read_csv(DATA_DIR / "route_waypoints.csv", nrows=0).columns) == [
        "route_id",
        "seq",
        "place_id",
        "name",
        "note_es",
        "note_en",
        "lat",
        "lon",
        "basis",
        "source_id",
    ]


def test_there_are_the_six_routes_of_the_report_in_its_order():
    table = routes.read_routes()
    assert list(table["route_id"]) == list(routes.ROUTE_IDS)
    assert (table["source_id"] == "report_regional").all()
    assert table["name_es"].str.len().gt(0).all() and table["name_en"].str.len().gt(0).all()


def test_report_sentences_keep_the_reports_spelling():
    sentences = routes.read_routes().set_index("route_id")["report_sentence"]
    assert sentences["north_coast"].startswith("North Cost Route")
    assert sentences["south_coast"].startswith("South Cost Route")
    assert "Quillabamba y Sicuani en Arequipa" in sentences["south_sierra"]


def test_every_route_has_an_origin_and_at_least_two_waypoints(waypoints):
    for route_id in routes.ROUTE_IDS:
        group = waypoints[waypoints["route_id"] == route_id]
        assert len(group) >= 2, route_id
        assert list(group["seq"]) == list(range(1, len(group) + 1)), route_id
        assert group["basis"].iloc[0] not in routes.DESTINATION_BASES, f"{route_id} starts at one"


def test_destinations_are_the_reports_in_its_order_and_the_destination_waypoints(waypoints):
    for route in routes.read_routes().itertuples():
        named = route.destinations.split(";")
        group = waypoints[waypoints["route_id"] == route.route_id]
        points = group.loc[group["basis"].isin(routes.DESTINATION_BASES), "place_id"].tolist()
        assert sorted(named) == sorted(points), route.route_id
        # in the order the report's sentence names them
        positions = [_named_at(route.report_sentence, _words_for(place, group)) for place in named]
        assert positions == sorted(positions), (route.route_id, named)


def test_north_coast_keeps_both_lambayeque_and_chiclayo(waypoints):
    assert routes.read_routes().set_index("route_id").loc["north_coast", "destinations"] == (
        "lambayeque;chiclayo"
    )


def _places() -> pd.DataFrame:
    return pd.read_csv(
        DATA_DIR / "places.csv", dtype={"place_id": str, "department_code": str}
    ).set_index("place_id")


def _words_for(place_id: str, group: pd.DataFrame) -> str:
    """The words by which the report's sentence names the destination drawn at ``place_id``."""
    row = group[group["place_id"] == place_id].iloc[0]
    if row["basis"] == "report_department":
        return fold(row["name"])  # the department's name ("San Martín")
    name = _places().loc[place_id, "place"]
    return fold(name.split(" (")[0])  # "Majes (El Pedregal)" is named "Majes" in the sentence


def _named_at(sentence: str, words: str) -> int:
    position = fold(sentence).find(words)
    assert position >= 0, f"{words!r} is not in the report's sentence {sentence!r}"
    return position


def test_each_waypoints_basis_and_source_agree_with_the_report_and_the_corridors(waypoints):
    """A waypoint's basis and source must say what the report tables and CHS really say."""
    sentences = routes.read_routes().set_index("route_id")
    places = _places()
    names = department_names()
    sources = read_provenance()["sources"]
    corridors = {
        sid: fold(" ".join(sources[sid]["corridors"]))
        for sid in ("chs_alternativo_2011", "chs_rutas_amazonia")
    }
    for row in waypoints.itertuples():
        where = (row.route_id, row.seq, row.name)
        sentence = fold(sentences.loc[row.route_id, "report_sentence"])
        destinations = sentences.loc[row.route_id, "destinations"].split(";")
        assert row.source_id == routes.SOURCE_OF_BASIS[row.basis], where
        if row.basis == "drawing":
            assert row.place_id == "", where  # a drawing point is no place anyone names
            continue
        place = places.loc[row.place_id]
        if row.basis == "report":
            # the report names this very place, as a destination of this route
            assert fold(place["place"].split(" (")[0]) in sentence, where
            assert row.place_id in destinations and bool(place["named_in_report"]), where
        elif row.basis == "report_department":
            # the report names the department, not the place: the label says so
            assert fold(names[place["department_code"]]) in sentence, where
            assert fold(place["place"]) not in sentence, where
            assert row.place_id in destinations, where
            assert row.note_es and row.note_en and place["place"] in row.note_en, where
        else:
            # a CHS corridor city: in the corridors of the source it cites, not a destination
            assert fold(place["place"]) in corridors[row.source_id], where
            assert row.place_id not in destinations, where


def test_san_martin_is_labelled_as_the_department_drawn_at_tarapoto(waypoints):
    row = waypoints[
        (waypoints["route_id"] == "north_selva") & (waypoints["place_id"] == "tarapoto")
    ]
    assert row["label_en"].iloc[0] == "San Martín (department; drawn at Tarapoto)"
    assert row["label_es"].iloc[0] == "San Martín (departamento; dibujado en Tarapoto)"
    assert row["basis"].iloc[0] == "report_department"


def test_a_source_that_contradicts_the_basis_is_refused(tmp_path, monkeypatch):
    text = (DATA_DIR / "route_waypoints.csv").read_text(encoding="utf-8")
    bad = text.replace(
        "Yurimaguas,,,-5.90181,-76.12234,chs_2011,chs_alternativo_2011",
        "Yurimaguas,,,-5.90181,-76.12234,chs_2011,chs_rutas_amazonia",
    )
    assert bad != text
    (tmp_path / "route_waypoints.csv").write_text(bad, encoding="utf-8")
    original = routes.read_table
    monkeypatch.setattr(
        routes, "read_table", lambda name: original(name, tmp_path if "waypoints" in name else None)
    )
    with pytest.raises(ValueError, match=r"Yurimaguas.*chs_rutas_amazonia.*chs_alternativo_2011"):
        routes.read_waypoints()


def test_every_declared_route_source_is_used_by_a_waypoint(waypoints):
    declared = set(read_table_resource_sources("route_waypoints"))
    used = set(waypoints["source_id"])
    assert declared - {"places.csv"} == used


def test_notes_name_every_department_a_line_crosses_without_a_waypoint(
    lines, waypoints, boundaries
):
    names = department_names()
    notes = routes.read_routes().set_index("route_id")
    for route_id, line in zip(lines["route_id"], lines.geometry, strict=True):
        group = waypoints[waypoints["route_id"] == route_id]
        holding = {
            code
            for code, geom in zip(boundaries["department_code"], boundaries.geometry, strict=True)
            for lon, lat in zip(group["lon"], group["lat"], strict=True)
            if geom.covers(Point(lon, lat))
        }
        for code in routes.departments_along(line, boundaries):
            if code in holding:
                continue
            for lang in ("es", "en"):
                assert names[code] in notes.loc[route_id, f"notes_{lang}"], (route_id, lang, code)


def test_notes_say_how_the_atlas_reads_the_south_sierra_and_south_coast():
    notes = routes.read_routes().set_index("route_id")
    sierra_en, sierra_es = notes.loc["south_sierra", ["notes_en", "notes_es"]]
    assert (
        "both towns are in Cusco" in sierra_en and "Quillabamba, Sicuani and Arequipa" in sierra_en
    )
    assert "ambas ciudades están en Cusco" in sierra_es
    assert "Quillabamba, Sicuani y Arequipa" in sierra_es
    assert "in no order" in sierra_en or "no order" in sierra_en
    assert "Ayacucho" in notes.loc["south_coast", "notes_en"]


def test_the_south_coast_follows_the_coast_through_drawing_points(lines, boundaries):
    line = lines.set_index("route_id").geometry["south_coast"]
    crossed = routes.departments_along(line, boundaries)
    assert "05" not in crossed  # landlocked Ayacucho
    assert crossed == ["23", "18", "04", "11", "15"]  # Tacna, Moquegua, Arequipa, Ica, Lima
    points = routes.read_waypoints("south_coast")
    assert (points["basis"] == "drawing").sum() >= 5


def test_waypoints_lie_in_peru(waypoints):
    assert waypoints["lat"].between(-18.4, 0.0).all()
    assert waypoints["lon"].between(-81.4, -68.6).all()


def test_waypoint_place_ids_are_places_with_the_same_coordinates(waypoints):
    places = pd.read_csv(DATA_DIR / "places.csv", dtype={"place_id": str}).set_index("place_id")
    named = waypoints[waypoints["place_id"] != ""]
    missing = sorted(set(named["place_id"]) - set(places.index))
    assert not missing, f"place_ids not in places.csv: {missing}"
    for row in named.itertuples():
        assert places.loc[row.place_id, "lat"] == pytest.approx(row.lat, abs=1e-4), row.place_id
        assert places.loc[row.place_id, "lon"] == pytest.approx(row.lon, abs=1e-4), row.place_id


def test_unknown_route_is_named_with_the_valid_ones():
    with pytest.raises(ValueError, match=r"'south_pole'.*north_coast"):
        routes.read_waypoints("south_pole")
    with pytest.raises(ValueError, match="south_pole"):
        routes.departments_crossed("south_pole", boundaries=gpd.GeoDataFrame())


# --- the curve on literal points ----------------------------------------------------------------


def test_a_single_leg_bows_to_the_left_of_travel_by_the_bow_fraction():
    curve = routes.smooth_curve([(0, 0), (100, 0)], bow_fraction=0.1, samples_per_span=20)
    assert tuple(curve[0]) == (0, 0) and tuple(curve[-1]) == (100, 0)
    assert curve[:, 1].max() == pytest.approx(10, abs=0.01)  # peak at the bowed midpoint
    assert curve[:, 1].min() >= 0
    back = routes.smooth_curve([(100, 0), (0, 0)], bow_fraction=0.1, samples_per_span=20)
    assert back[:, 1].max() <= 0  # travelling the other way it bows to the other side


def test_the_curve_passes_through_every_point_at_its_stated_vertex():
    points = np.array([(0, 0), (50, 40), (120, 30), (160, 90)], dtype=float)
    samples = 7
    curve = routes.smooth_curve(points, samples_per_span=samples)
    assert len(curve) == 2 * (len(points) - 1) * samples + 1
    for k, point in enumerate(points):
        assert np.allclose(curve[2 * k * samples], point)
    assert LineString(curve).is_simple


def test_the_curve_turns_at_corners_and_nowhere_else():
    points = [(0, 0), (100, 0), (100, 100)]
    smooth = routes.smooth_curve(points, samples_per_span=30)
    cornered = routes.smooth_curve(points, corners=[1], samples_per_span=30)

    def turn_at(curve, index):
        return _angle_between(curve[index] - curve[index - 1], curve[index + 1] - curve[index])

    assert turn_at(smooth, 60) < 15
    assert turn_at(cornered, 60) > 45


def test_bad_curve_inputs_are_refused_with_the_bad_value():
    with pytest.raises(ValueError, match="at least 2 points"):
        routes.smooth_curve([(0, 0)])
    with pytest.raises(ValueError, match=r"repeat at leg\(s\) \[1\]"):
        routes.smooth_curve([(0, 0), (1, 1), (1, 1)])
    with pytest.raises(ValueError, match=r"corners \[2\]"):
        routes.smooth_curve([(0, 0), (1, 1), (2, 0)], corners=[2])


# --- the route curves ---------------------------------------------------------------------------


def test_route_lines_are_six_lonlat_lines_in_the_reports_order(lines):
    assert list(lines["route_id"]) == list(routes.ROUTE_IDS)
    assert lines.crs.to_epsg() == 4326
    assert set(lines.geom_type) == {"LineString"}


def test_route_curves_pass_through_each_waypoint_with_more_vertices(lines, waypoints):
    for route_id, line in zip(lines["route_id"], lines.geometry, strict=True):
        group = waypoints[waypoints["route_id"] == route_id]
        assert len(line.coords) > 4 * len(group), route_id
        plane_line = LineString(_plane(line.coords))
        for point in _plane(group[["lon", "lat"]].to_numpy()):
            assert plane_line.distance(Point(point)) < 1.0, route_id  # metres
        first, last = np.asarray(line.coords)[[0, -1]]
        assert np.allclose(first, group[["lon", "lat"]].iloc[0]), route_id
        assert np.allclose(last, group[["lon", "lat"]].iloc[-1]), route_id


def test_route_curves_do_not_cross_themselves(lines):
    for route_id, line in zip(lines["route_id"], lines.geometry, strict=True):
        assert line.is_simple, route_id


def test_route_curves_are_smooth_except_where_they_arrive_at_a_destination(lines, waypoints):
    for route_id, line in zip(lines["route_id"], lines.geometry, strict=True):
        group = waypoints[waypoints["route_id"] == route_id]
        corners = {
            (seq - 1) * 2 * routes.SAMPLES_PER_SPAN
            for seq, basis in zip(group["seq"], group["basis"], strict=True)
            if basis in routes.DESTINATION_BASES
        }
        xy = _plane(line.coords)
        for i in range(1, len(xy) - 1):
            if i not in corners:
                assert _angle_between(xy[i] - xy[i - 1], xy[i + 1] - xy[i]) < 15, (route_id, i)


# --- arrowheads ---------------------------------------------------------------------------------


def test_a_literal_arrowhead_has_its_size_in_km_and_points_at_its_tip():
    tip, behind = (-72.0, -13.5), (-72.0, -14.5)  # arriving from the south
    head = routes.arrowhead(tip, behind, length_km=30, width_km=20)
    points = list(head.exterior.coords)[:3]
    assert points[0] == tip
    (lon1, lat1), (lon2, lat2) = points[1], points[2]
    assert lat1 < tip[1] and lat2 < tip[1]
    base_mid = ((lon1 + lon2) / 2, (lat1 + lat2) / 2)
    _, _, length = GEOD.inv(*tip, *base_mid)
    _, _, width = GEOD.inv(lon1, lat1, lon2, lat2)
    assert length == pytest.approx(30_000, rel=0.01)
    assert width == pytest.approx(20_000, rel=0.01)
    with pytest.raises(ValueError, match="length -1"):
        routes.arrowhead(tip, behind, length_km=-1)


def test_there_is_an_arrowhead_at_each_destination_pointing_into_it(lines, waypoints):
    heads = routes.arrowheads()
    destinations = waypoints[waypoints["basis"].isin(routes.DESTINATION_BASES)]
    assert sorted(zip(heads["route_id"], heads["place_id"], strict=True)) == sorted(
        zip(destinations["route_id"], destinations["place_id"], strict=True)
    )
    for head in heads.itertuples():
        group = waypoints[waypoints["route_id"] == head.route_id].reset_index(drop=True)
        k = group.index[group["seq"] == head.seq][0]
        tip = group.loc[k, ["lon", "lat"]].to_numpy(dtype=float)
        corners = np.asarray(head.geometry.exterior.coords)[:3]
        assert np.allclose(corners[0], tip), head.name
        tip_xy, c1, c2 = _plane(corners)
        arrow = tip_xy - (c1 + c2) / 2
        # Along the curve's final direction into the destination...
        line = lines.loc[lines["route_id"] == head.route_id].geometry.iloc[0]
        index = (head.seq - 1) * 2 * routes.SAMPLES_PER_SPAN
        before = _plane(np.asarray(line.coords)[[index - 1, index]])
        assert _angle_between(arrow, before[1] - before[0]) < 3, head.name
        # ...and forward, from the previous waypoint towards this one.
        previous = _plane(group.loc[[k - 1, k], ["lon", "lat"]].to_numpy(dtype=float))
        assert np.dot(arrow, previous[1] - previous[0]) > 0, head.name


def test_arrowheads_of_one_route_are_only_that_routes():
    heads = routes.arrowheads("north_selva")
    assert set(heads["route_id"]) == {"north_selva"}
    assert list(heads["place_id"]) == ["tarapoto", "iquitos"]


# --- departments crossed ------------------------------------------------------------------------


def _squares() -> gpd.GeoDataFrame:
    """Three 1-degree squares side by side near the equator, codes 01, 02, 03 west to east."""
    return gpd.GeoDataFrame(
        {"department_code": ["01", "02", "03"]},
        geometry=[box(-75, -1, -74, 0), box(-74, -1, -73, 0), box(-73, -1, -72, 0)],
        crs="EPSG:4326",
    )


def test_departments_are_listed_in_order_of_travel_on_literal_squares():
    squares = _squares()
    east = LineString([(-74.5, -0.5), (-72.5, -0.5)])
    assert routes.departments_along(east, squares) == ["01", "02", "03"]
    west = LineString([(-72.5, -0.5), (-74.5, -0.5)])
    assert routes.departments_along(west, squares) == ["03", "02", "01"]


def test_a_department_reentered_is_listed_once_and_a_border_graze_not_at_all():
    squares = _squares()
    there_and_back = LineString([(-74.5, -0.5), (-73.5, -0.5), (-74.5, -0.6)])
    assert routes.departments_along(there_and_back, squares) == ["01", "02"]
    along_border = LineString([(-74.5, -0.5), (-74.0, -0.5), (-74.0, -0.9)])
    assert routes.departments_along(along_border, squares) == ["01"]


def test_departments_along_needs_department_codes():
    with pytest.raises(ValueError, match="department_code"):
        routes.departments_along(
            LineString([(0, 0), (1, 1)]), gpd.GeoDataFrame(geometry=[box(0, 0, 1, 1)], crs=4326)
        )


def test_route_departments_start_at_the_origin_and_include_every_destination(waypoints, boundaries):
    for route_id in routes.ROUTE_IDS:
        crossed = routes.departments_crossed(route_id, boundaries)
        group = waypoints[waypoints["route_id"] == route_id]
        assert crossed[0] == DEPARTMENT_OF[group["name"].iloc[0]], (route_id, crossed)
        for name in group.loc[group["basis"].isin(routes.DESTINATION_BASES), "name"]:
            assert DEPARTMENT_OF[name] in crossed, (route_id, name, crossed)
        assert len(crossed) == len(set(crossed))


def test_route_curves_stay_inside_peru(lines, boundaries):
    # Peru's land, and the lakes its departments leave out (a line may cross Lake Titicaca)
    peru = boundaries.union_all().union(read_water().union_all())
    for route_id, line in zip(lines["route_id"], lines.geometry, strict=True):
        outside = line.difference(peru)
        outside_km = 0.0 if outside.is_empty else GEOD.geometry_length(outside) / 1000
        assert outside_km < 1.0, (route_id, outside_km)


# --- the Routes page table ----------------------------------------------------------------------


def test_route_table_names_routes_destinations_and_departments_in_each_language(boundaries):
    es = routes.route_table("es", boundaries)
    en = routes.route_table("en", boundaries)
    assert list(es["route_id"]) == list(routes.ROUTE_IDS)
    assert list(es.columns) == [
        "route_id",
        "name",
        "report_sentence",
        "destinations",
        "departments_crossed",
        "departments_crossed_codes",
        "notes",
    ]
    names = routes.read_routes().set_index("route_id")
    assert list(es["name"]) == list(names["name_es"])
    assert list(en["name"]) == list(names["name_en"])
    row = en.set_index("route_id").loc["north_selva"]
    assert row["destinations"] == "San Martín (department; drawn at Tarapoto), Iquitos"
    assert es.set_index("route_id").loc["north_selva", "destinations"] == (
        "San Martín (departamento; dibujado en Tarapoto), Iquitos"
    )
    assert list(es["notes"]) == list(names["notes_es"])
    assert list(en["notes"]) == list(names["notes_en"])
    assert row["departments_crossed"].split(", ")[0] == "Lambayeque"
    assert row["departments_crossed"].endswith("Loreto")
    with pytest.raises(ValueError, match="'fr'"):
        routes.route_table("fr", boundaries)


@pytest.mark.parametrize(
    ("lang", "label", "note"),
    [
        ("es", "dibujado en Tarapoto", "el atlas dibuja San Martín en Tarapoto"),
        ("en", "drawn at Tarapoto", "the atlas draws San Martín at Tarapoto"),
    ],
)
def test_the_route_card_shows_the_atlas_notes_and_the_waypoint_labels(lang, label, note):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(DATA_DIR.parent / "app.py"), default_timeout=60)
    params = {"lang": lang, "route_card": "north_selva"}
    at.query_params.update(params)
    at.run()
    at.query_params.update(params)
    at.switch_page("app_pages/routes_page.py").run()
    assert not at.exception, [e.value for e in at.exception]
    text = " ".join(m.value for m in at.markdown)
    assert note in text and label in text
