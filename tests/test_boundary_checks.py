"""Boundary files checked before the atlas draws them (issue 15, cases 5 and 6), in-process.

The same files make `streamlit run app.py` exit with their message: tests/test_startup.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import shapely
from boundary_files import BAD_FILES, VERTICES_LARGE, large, shipped_frame

from geo import boundary_checks
from geo.boundaries import BoundaryError, iou, read_boundaries


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
    assert min(iou(a, b) for a, b in zip(frame.geometry, exact.geometry, strict=True)) >= 0.98
    again = read_boundaries()  # kept for the process: no second reading or simplification
    assert again.geometry.equals(frame.geometry) and again is not frame
