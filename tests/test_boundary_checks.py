"""Boundary files checked before the atlas draws them (issue 15, cases 5 and 6), in-process.

The same files make `streamlit run app.py` exit with their message: tests/test_startup.py.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import shapely
from boundary_files import BAD_FILES, VERTICES_LARGE, large, shipped_frame
from shapely import affinity

from geo import boundary_checks
from geo.boundaries import SOURCE_FILE, BoundaryError, iou, read_boundaries


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_each_bad_boundary_file_is_refused_naming_file_department_and_check(tmp_path, case):
    build, words = BAD_FILES[case]
    path = build(tmp_path)
    with pytest.raises(BoundaryError) as caught:
        read_boundaries(path)
    message = str(caught.value)
    assert path.name in message
    for word in words:
        assert word in message, (word, message)
    assert "\n" not in message  # one message


def test_a_self_intersecting_department_is_refused_not_repaired(tmp_path):
    build, _ = BAD_FILES["self-intersecting Cusco"]
    with pytest.raises(BoundaryError, match="valid geometry"):
        read_boundaries(build(tmp_path))


def test_the_shipped_file_passes_every_check():
    frame = read_boundaries()
    boundary_checks.check_departments(Path("shipped"), frame)
    assert len(frame) == 25


@pytest.fixture(scope="module")
def large_file(tmp_path_factory):
    return large(tmp_path_factory.mktemp("large"))


def test_a_large_file_is_simplified_once_to_the_shipped_budget(large_file, monkeypatch):
    raw = shapely.get_num_coordinates(shipped_frame().geometry.values).sum()
    assert boundary_checks.vertex_budget() == raw
    monkeypatch.setenv("ATLAS_BOUNDARIES", str(large_file))
    frame = read_boundaries()  # the file the app uses: checked, then fitted to the budget
    vertices = shapely.get_num_coordinates(frame.geometry.values).sum()
    assert vertices <= raw
    assert frame.attrs["simplified_from"] >= 0.9 * VERTICES_LARGE
    exact = read_boundaries(large_file)  # an explicit path is read as it is, checked
    assert shapely.get_num_coordinates(exact.geometry.values).sum() >= 0.9 * VERTICES_LARGE
    # The file's shapes are the shipped ones with points added along their edges (large()): the
    # simplified outlines are compared with those, as the same shapes with 120 times fewer points.
    shapes = shipped_frame().set_index("department_code").geometry
    assert list(exact["department_code"]) == list(frame["department_code"])
    assert set(frame["department_code"]) == set(shapes.index)
    pairs = zip(frame.geometry, shapes[frame["department_code"]], strict=True)
    assert min(iou(a, b) for a, b in pairs) >= 0.98
    again = read_boundaries()  # kept for the process: no second reading or simplification
    assert again.geometry.equals(frame.geometry) and again is not frame


# --- places inside their department (labels swapped) -----------------------------------------


def test_swapped_labels_are_refused_naming_the_departments_in_both_languages(tmp_path):
    build, _ = BAD_FILES["labels swapped"]
    with pytest.raises(BoundaryError) as caught:
        read_boundaries(build(tmp_path))
    places = caught.value.__cause__
    assert isinstance(places, boundary_checks.PlacesOutsideError)
    assert [(m.code, m.found_in) for m in places.misplaced] == [
        ("05", ("Junín",)), ("08", ("Puno",)), ("12", ("Ayacucho",)), ("21", ("Cusco",)),
    ]  # fmt: skip
    english, spanish = places.text("en"), places.text("es")
    assert "Cusco's polygon does not contain Cusco (its capital), Quillabamba" in english
    assert "which lie in the polygon of Puno" in english
    assert "Junín's polygon does not contain Huancayo (its capital), which lies in" in english
    assert "el polígono de Cusco no contiene Cusco (su capital), Quillabamba" in spanish
    assert "que están en el polígono de Puno" in spanish
    assert "¿Están intercambiadas las etiquetas de Cusco y Puno?" in spanish
    assert "¿Están intercambiadas las etiquetas de Ayacucho y Junín?" in spanish
    assert english in str(caught.value)  # the start-up message is the English one


def test_a_department_drawn_away_from_its_places_says_that_none_holds_them():
    frame = read_boundaries()  # a copy
    puno = frame["department_code"] == "21"
    # far south, in the sea: no department holds Puno's places, and no pair looks swapped
    frame.loc[puno, "geometry"] = affinity.translate(frame.loc[puno, "geometry"].iloc[0], 0, -30)
    [moved] = boundary_checks.misplaced_departments(frame)
    assert (moved.code, moved.found_in) == ("21", ())
    text = boundary_checks.PlacesOutsideError([moved]).text("en")
    assert "Juliaca, and La Rinconada, which lie in no department's polygon." in text
    assert "swapped" not in text


def test_every_capital_is_a_known_point_and_the_shipped_file_holds_all_of_them():
    points = boundary_checks.known_points()
    capitals = {p.department_code for p in points if p.capital}
    assert len(capitals) == 25 == sum(p.capital for p in points)
    assert len(points) == 34 + len(boundary_checks.CAPITALS_NOT_IN_PLACES)  # places.csv: 34
    frame = read_boundaries()
    assert boundary_checks.misplaced_departments(frame) == []
    start = time.perf_counter()
    for _ in range(20):
        boundary_checks.misplaced_departments(frame)
    elapsed = (time.perf_counter() - start) / 20
    assert elapsed < 0.05, f"the places check took {elapsed * 1000:.1f} ms"


def test_the_capitals_given_by_coordinates_lie_well_inside_their_departments():
    frame = read_boundaries()
    polygons = dict(zip(frame["department_code"], frame.geometry, strict=True))
    for code, (lon, lat) in boundary_checks.CAPITALS_NOT_IN_PLACES.items():
        point = shapely.Point(lon, lat)
        assert polygons[code].contains(point), code
        assert polygons[code].boundary.distance(point) >= 0.12, code


def test_inei_s_published_file_holds_every_place():
    frame = read_boundaries(SOURCE_FILE)  # INEI's own outlines, not the shipped simplification
    assert boundary_checks.misplaced_departments(frame) == []
