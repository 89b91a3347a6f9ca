"""Department boundaries: the shipped file's quality, swapped files, and the errors for bad ones."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import zipfile

import geopandas as gpd
import pytest
from shapely.geometry import Point, box

from geo.boundaries import (
    BoundaryError,
    boundaries_path,
    geodesic_area_km2,
    iou,
    read_boundaries,
)
from geo.names import departments
from geo.paths import BOUNDARIES_FILE, DATA_DIR, ROOT

CODES = [d.code for d in departments()]
QUALITY = DATA_DIR / "boundaries_quality.json"
UNSIMPLIFIED = DATA_DIR / "boundaries_unsimplified.geojson"
README = DATA_DIR / "README.md"
PLACES = DATA_DIR / "places.csv"
AREA_TOLERANCE_PCT = 7.0
MIN_IOU = 0.98
MAX_BYTES = 300_000


@pytest.fixture(scope="module")
def shipped():
    return read_boundaries(BOUNDARIES_FILE)


@pytest.fixture(scope="module")
def quality():
    return json.loads(QUALITY.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def official():
    with open(DATA_DIR / "areas_official.csv", encoding="utf-8", newline="") as fh:
        return {r["department_code"]: float(r["area_km2"]) for r in csv.DictReader(fh)}


# --- the shipped file --------------------------------------------------------------------------


def test_shipped_file_holds_the_25_departments_in_code_order(shipped):
    assert list(shipped["department_code"]) == CODES
    assert list(shipped.columns) == [
        "department_code",
        "department",
        "iso_3166_2",
        "area_km2",
        "geometry",
    ]
    assert shipped.crs.to_epsg() == 4326
    assert shipped.geometry.is_valid.all()
    assert shipped.geom_type.isin(["Polygon", "MultiPolygon"]).all()


def test_shipped_geojson_properties_follow_the_contract():
    doc = json.loads(BOUNDARIES_FILE.read_text(encoding="utf-8"))
    assert doc["type"] == "FeatureCollection"
    props = [f["properties"] for f in doc["features"]]
    assert [p["department_code"] for p in props] == CODES
    by_code = {d.code: d for d in departments()}
    for feature, p in zip(doc["features"], props, strict=True):
        assert set(p) == {"department_code", "department", "iso_3166_2", "area_km2"}
        assert p["department"] == by_code[p["department_code"]].name
        assert p["iso_3166_2"] == by_code[p["department_code"]].iso
        geom = gpd.GeoDataFrame.from_features([feature], crs="EPSG:4326").geometry[0]
        assert p["area_km2"] == pytest.approx(geodesic_area_km2(geom), abs=0.1)


def test_shipped_file_is_under_300_kb():
    assert BOUNDARIES_FILE.stat().st_size <= MAX_BYTES


def test_each_unit_is_within_7_pct_of_its_official_area_or_a_measured_exception(
    shipped, official, quality
):
    readme = README.read_text(encoding="utf-8")
    exceptions = quality["area_exceptions"]
    for code, area in zip(shipped["department_code"], shipped["area_km2"], strict=True):
        diff = 100 * (area - official[code]) / official[code]
        if abs(diff) <= AREA_TOLERANCE_PCT:
            continue
        assert code in exceptions, f"{code}: {diff:+.1f}% off the official area, undocumented"
        record = exceptions[code]
        # the recorded figures must be the measured ones, and stated in the README
        assert record["area_km2"] == pytest.approx(area, abs=0.5)
        assert record["area_diff_pct"] == pytest.approx(diff, abs=0.05)
        assert record["official_km2"] == pytest.approx(official[code])
        assert f"{record['area_km2']:.1f}" in readme, f"{code}: measured area not in README"
        assert record["department"] in readme


def test_area_exceptions_are_only_units_that_need_one(shipped, official, quality):
    areas = dict(zip(shipped["department_code"], shipped["area_km2"], strict=True))
    for code in quality["area_exceptions"]:
        assert abs(areas[code] - official[code]) / official[code] * 100 > AREA_TOLERANCE_PCT


def _places():
    if not PLACES.exists():
        pytest.skip("data/places.csv not built yet")
    with open(PLACES, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_every_place_lies_inside_its_unit_or_is_a_measured_exception(shipped, quality):
    units = dict(zip(shipped["department_code"], shipped.geometry, strict=True))
    documented = {
        (e["department_code"], round(e["lat"], 4), round(e["lon"], 4)): e
        for e in quality["place_exceptions"]
    }
    readme = README.read_text(encoding="utf-8")
    places = _places()
    assert places
    for row in places:
        lat, lon, code = float(row["lat"]), float(row["lon"]), row["department_code"]
        point = Point(lon, lat)
        if units[code].covers(point):
            continue
        record = documented.get((code, round(lat, 4), round(lon, 4)))
        assert record, f"{row['place']} ({code}) lies outside its unit, undocumented"
        # measure the miss: the nearest point of the unit, no farther than recorded
        projected = gpd.GeoSeries([units[code], point], crs="EPSG:4326").to_crs("EPSG:32718")
        distance = projected[0].distance(projected[1]) / 1000
        assert distance <= record["distance_km"] * 1.05 + 0.5
        assert distance <= 15
        assert record["place"] in readme


def test_simplified_units_keep_an_iou_of_98_pct_with_the_unsimplified_ones(shipped, quality):
    if UNSIMPLIFIED.exists():
        exact = read_boundaries(UNSIMPLIFIED)
        measured = [iou(a, b) for a, b in zip(shipped.geometry, exact.geometry, strict=True)]
        assert min(measured) >= MIN_IOU
        assert min(measured) == pytest.approx(quality["min_iou"], abs=0.001)
    else:
        assert min(u["iou_vs_unsimplified"] for u in quality["units"].values()) >= MIN_IOU
    assert quality["min_iou"] >= MIN_IOU


def test_quality_record_matches_the_shipped_file(shipped, quality):
    assert sorted(quality["units"]) == CODES
    for code, area in zip(shipped["department_code"], shipped["area_km2"], strict=True):
        assert quality["units"][code]["area_km2"] == pytest.approx(area, abs=0.5)
    assert quality["file_bytes"] == BOUNDARIES_FILE.stat().st_size


# --- swapped files -----------------------------------------------------------------------------


def _make_inei_style(path):
    script = ROOT / "scripts" / "make_inei_style_boundaries.py"
    subprocess.run([sys.executable, str(script), str(path)], check=True, capture_output=True)
    return path


@pytest.mark.parametrize("name", ["departamentos.shp", "departamentos.gpkg", "dep.zip"])
def test_inei_style_file_reads_back_to_the_same_departments(tmp_path, shipped, name):
    path = _make_inei_style(tmp_path / name)
    raw = gpd.read_file(path)
    assert {"IDDPTO", "NOMBDEP"} <= set(raw.columns)
    assert not any("iso" in c.lower() for c in raw.columns)
    assert raw.crs.is_projected
    assert raw["NOMBDEP"].str.isupper().all()

    swapped = read_boundaries(path)
    assert list(swapped["department_code"]) == CODES
    assert swapped.crs.to_epsg() == 4326
    for code, a, b in zip(CODES, swapped.geometry, shipped.geometry, strict=True):
        assert iou(a, b) > 0.999, code


def test_environment_variable_names_the_boundary_file(tmp_path, monkeypatch):
    path = _make_inei_style(tmp_path / "inei.gpkg")
    monkeypatch.setenv("ATLAS_BOUNDARIES", str(path))
    assert boundaries_path() == path
    assert list(read_boundaries()["department_code"]) == CODES
    monkeypatch.setenv("ATLAS_BOUNDARIES", str(tmp_path / "nowhere.geojson"))
    with pytest.raises(BoundaryError, match=r"nowhere\.geojson"):
        read_boundaries()


# --- tiny literal files ------------------------------------------------------------------------


def _tiny(labels, key="NOMBDEP", extra=None):
    """A FeatureCollection of small squares, one per label, off Peru's coast."""
    features = []
    for i, label in enumerate(labels):
        props = {key: label, **(extra(i) if extra else {})}
        square = box(-90 + i * 0.1, -10, -90 + i * 0.1 + 0.05, -9.95)
        features.append(
            {"type": "Feature", "properties": props, "geometry": square.__geo_interface__}
        )
    return {"type": "FeatureCollection", "features": features}


def _write(tmp_path, doc, name="tiny.geojson"):
    path = tmp_path / name
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


NAMES_UPPER = [d.name.upper() for d in departments()]


def test_tiny_file_with_inei_ubigeo_codes_is_matched(tmp_path):
    path = _write(tmp_path, _tiny([f"{c}0000" for c in CODES[::-1]], key="CCDD"))
    frame = read_boundaries(path, check=False)  # squares off the coast: matching only
    assert list(frame["department_code"]) == CODES
    # the first feature written was Ucayali (250000): it must come out as 25, not 01
    assert frame.geometry.iloc[-1].bounds[0] == pytest.approx(-90)


def test_running_number_column_is_not_taken_for_codes(tmp_path):
    labels = NAMES_UPPER[::-1]
    path = _write(tmp_path, _tiny(labels, extra=lambda i: {"OBJECTID": i + 1}))
    frame = read_boundaries(path, check=False)  # squares off the coast: matching only
    assert frame.loc[frame["department_code"] == "25"].geometry.iloc[0].bounds[0] == (
        pytest.approx(-90)
    )


def test_missing_department_is_named(tmp_path):
    path = _write(tmp_path, _tiny([n for n in NAMES_UPPER if n != "CALLAO"]))
    with pytest.raises(BoundaryError) as err:
        read_boundaries(path)
    message = str(err.value)
    assert "tiny.geojson" in message
    assert "missing 07 Callao" in message


def test_duplicated_department_is_named(tmp_path):
    path = _write(tmp_path, _tiny([*NAMES_UPPER, "Cuzco"]))
    with pytest.raises(BoundaryError) as err:
        read_boundaries(path)
    message = str(err.value)
    assert "duplicated 08 Cusco" in message
    assert "CUSCO" in message and "Cuzco" in message
    assert "tiny.geojson" in message


def test_unmatched_name_is_named_with_a_suggestion(tmp_path):
    labels = ["LIMAA" if n == "LIMA" else n for n in NAMES_UPPER]
    path = _write(tmp_path, _tiny(labels))
    with pytest.raises(BoundaryError) as err:
        read_boundaries(path)
    message = str(err.value)
    assert "unmatched 'LIMAA'" in message
    assert "did you mean Lima" in message
    assert "missing 15 Lima" in message


def test_file_without_a_department_column_is_refused(tmp_path):
    path = _write(tmp_path, _tiny(["a"] * 25, key="colour"))
    with pytest.raises(BoundaryError, match="no column names Peruvian departments"):
        read_boundaries(path)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("notes.geojson", "this is not GeoJSON"),
        ("departments.csv", "department,value\nCusco,1\n"),
        ("broken.zip", "PK not really a zip"),
    ],
)
def test_file_that_is_not_a_geo_file_is_refused(tmp_path, name, content):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(BoundaryError) as err:
        read_boundaries(path)
    assert name in str(err.value)


def test_zip_without_a_shapefile_is_refused(tmp_path):
    path = tmp_path / "empty.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("readme.txt", "no shapes here")
    with pytest.raises(BoundaryError, match=r"empty\.zip"):
        read_boundaries(path)


def test_missing_file_is_named(tmp_path):
    with pytest.raises(BoundaryError, match=r"absent\.gpkg does not exist"):
        read_boundaries(tmp_path / "absent.gpkg")


# --- measuring helpers -------------------------------------------------------------------------


def test_geodesic_area_of_a_degree_square_at_the_equator():
    square = box(0, 0, 1, 1)
    # 1° x 1° at the equator on WGS84: 110.57 km x 111.32 km, about 12,308 km²
    assert geodesic_area_km2(square) == pytest.approx(12_308, rel=0.002)
    reversed_ring = type(square)(list(square.exterior.coords)[::-1])
    assert geodesic_area_km2(reversed_ring) == pytest.approx(geodesic_area_km2(square))


def test_iou_of_identical_disjoint_and_half_overlapping_squares():
    a = box(-75, -10, -74, -9)
    assert iou(a, a) == pytest.approx(1.0)
    assert iou(a, box(-70, -10, -69, -9)) == 0.0
    assert iou(a, box(-74.5, -10, -73.5, -9)) == pytest.approx(1 / 3, abs=0.005)
