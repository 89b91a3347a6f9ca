"""The map view's choices (layers, measures), a user's file as a layer, a map framed on a route."""

import csv
import json
import math

import pytest

from geo import layers
from geo.paths import DATA_DIR
from geo.routes import ROUTE_IDS, route_bounds, route_names
from geo.uploads import parse_upload
from geo.views import (
    MapView,
    layer_ids,
    layer_measures,
    prepare_map,
    route_map,
    upload_source,
    user_layer,
)


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _report_figures_by_department() -> dict[str, str]:
    """Table -> its figure column, for every table of data/ that gives a figure of the report by
    department: read from the files and their sources, not from geo.layers.

    A table qualifies when every row is sourced to a section of the report, it has a
    department_code, and a column of numbers that is not a period, nor ``stated_pct`` (the report's
    share of its own total, printed beside a count).
    """
    report = set(
        json.loads((DATA_DIR / "sources.json").read_text(encoding="utf-8"))["report_sections"]
    )
    found = {}
    for path in sorted(DATA_DIR.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        if not rows or "department_code" not in rows[0]:
            continue
        if not {row["source_id"] for row in rows} <= report:
            continue
        figures = [
            column
            for column in rows[0]
            if column not in ("department_code", "stated_pct", "source_id")
            and not column.startswith("period")
            and all(_is_number(row[column]) for row in rows)
        ]
        if figures:
            assert len(figures) == 1, f"{path.name}: which is the figure, {figures}?"
            found[path.stem] = figures[0]
    return found


REPORT_FIGURES = _report_figures_by_department()


def test_the_report_figures_by_department_are_the_three_the_report_gives():
    """The reference the tests below read: complaints, victims by origin, poverty as cited."""
    assert REPORT_FIGURES == {
        "complaints_by_judicial_department": "complaints",
        "victims_by_origin": "victims",
        "poverty_2010_as_cited": "poverty_rate_pct",
    }


def test_every_figure_the_report_gives_by_department_is_a_layer_of_the_map():
    offered = layer_ids(with_upload=False)
    mapped = {
        layers.LAYERS[layer_id].table: layers.LAYERS[layer_id].value_column for layer_id in offered
    }
    assert mapped == REPORT_FIGURES
    assert len(offered) == len(REPORT_FIGURES)  # one layer each


def test_the_upload_layer_is_offered_only_with_an_upload_after_the_reports():
    assert "upload" not in layer_ids(with_upload=False)
    assert layer_ids(with_upload=True) == [*layer_ids(with_upload=False), "upload"]


def test_a_count_offers_itself_and_a_rate_per_100k_a_percentage_only_itself():
    """What a reader can choose follows from the figure: a count can be divided by a department's
    population, a percentage cannot; the report's own figure comes first (the default)."""
    for layer_id in layer_ids(with_upload=False):
        column = REPORT_FIGURES[layers.LAYERS[layer_id].table]
        expected = ["pct"] if column.endswith("_pct") else ["count", "per_100k"]
        assert layer_measures(layer_id) == expected, layer_id
        assert layers.default_measure(layer_id) == expected[0]
    assert layer_measures("upload") == ["count"]
    with pytest.raises(ValueError, match=r"unknown layer 'bogus'.*complaints"):
        layer_measures("bogus")


def upload(text: str, name: str = "mine.csv"):
    return parse_upload(name, text.encode("utf-8"), "en")


def test_a_user_layer_maps_the_chosen_column_named_after_it():
    file = upload("department,alpha,beta\nCusco,1,10.5\nLima,2,20\n")
    layer = user_layer(file, "beta")
    assert layer.name == "beta" and layer.decimals == 1  # 10.5: one decimal
    values = layer.values.set_index("department_code")["value"]
    assert values["08"] == 10.5 and values["15"] == 20
    assert math.isnan(values["21"])
    assert user_layer(file, "alpha").decimals == 0  # whole numbers


def test_a_column_or_year_the_file_lacks_falls_back_to_the_first_column_and_latest_year():
    file = upload("department,year,alpha,beta\nCusco,2010,1,10\nCusco,2011,2,20\nLima,2011,3,30\n")
    layer = user_layer(file, "gone", 1999)
    assert layer.name == "alpha (2011)"
    assert layer.values.set_index("department_code")["value"]["08"] == 2
    assert user_layer(file, "beta", 2010).name == "beta (2010)"


def test_the_user_source_is_the_first_source_cell_else_the_file_name():
    assert upload_source(upload("department,value\nCusco,1\n", "cifras.csv")) == "cifras.csv"
    with_source = upload("department,value,source\nCusco,1,\nLima,2,Defensoría 2012\n")
    assert upload_source(with_source) == "Defensoría 2012"


def test_route_names_follow_the_language_in_the_report_order():
    for lang in ("es", "en"):
        names = route_names(lang)
        assert list(names) == list(ROUTE_IDS)
    assert route_names("en")["lima"] != route_names("es")["lima"]
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        route_names("fr")


def test_route_bounds_hold_the_route_inside_peru():
    for route_id in ROUTE_IDS:
        (south, west), (north, east) = route_bounds(route_id)
        assert -19 < south < north < 0 and -82 < west < east < -68
    with pytest.raises(ValueError, match="unknown route_id 'nowhere'"):
        route_bounds("nowhere")


def test_a_route_map_is_framed_on_its_one_route():
    prepared = prepare_map(MapView("complaints", "count", ("south_selva",), None, "en"))
    html = route_map(prepared).get_root().render()
    (south, west), (north, east) = route_bounds("south_selva")
    assert "fitBounds" in html
    assert f"[[{south}, {west}], [{north}, {east}]]" in html
    with pytest.raises(ValueError, match="one route: the view has 6"):
        route_map(prepare_map(MapView("complaints", "count", ROUTE_IDS, None, "en")))


def test_a_route_map_is_a_map_of_the_route():
    """The Routes page's map: titled with the route's name, two neutral fills (crossed or not),
    no 'not reported', the route's points named and numbered as its card lists them."""
    from geo.routes import departments_crossed, read_waypoints
    from geo.views import ROUTE_MAP_FILLS, prepare_route_map

    prepared = prepare_route_map("lima", "es")
    assert prepared.text.title == "Ruta de Lima" and not prepared.text.not_reported
    crossed = set(departments_crossed("lima"))
    for row in prepared.values.itertuples():
        fill = prepared.classification.colour_of(row.value)
        assert fill == ROUTE_MAP_FILLS[row.department_code in crossed]
    points = read_waypoints("lima")
    assert [label[0] for label in prepared.labels] == [f"{p.seq}. {p.name}" for p in points.itertuples()]
    assert {label[3] for label in prepared.labels} <= {"right", "left", "top", "bottom"}
    html = route_map(prepared).get_root().render()
    assert "No reportado" not in html and "1. Iquitos" in html.encode().decode("unicode_escape")


def test_labels_take_the_side_where_they_cover_least():
    from geo.views import label_sides

    # three places in a row: right of each, but the last's right is past the route's east end,
    # where the frame's edge would cut it
    row = [("1. Aaaa", 0.0, 0.0), ("2. Bbbb", 0.0, 3.0), ("3. Cccc", 0.0, 6.0)]
    assert label_sides(row, 100) == ["right", "right", "left"]
    # a place close above another's label takes another side than that label's
    close = [("1. Aaaa", 0.0, 0.0), ("2. Bbbb", 0.1, 0.3), ("3. Cccc", 0.0, 6.0)]
    sides = label_sides(close, 100)
    assert sides[0] == "right" and sides[1] != "right"
