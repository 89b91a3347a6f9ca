"""The map view's choices (layers, measures), a user's file as a layer, a map framed on a route."""

import math

import pytest

from geo import layers
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


def test_the_upload_layer_is_offered_only_with_an_upload():
    assert layer_ids(with_upload=False) == list(layers.LAYERS)
    assert layer_ids(with_upload=True) == [*layers.LAYERS, "upload"]


def test_each_layer_offers_its_measures_default_first():
    for layer_id, spec in layers.LAYERS.items():
        assert layer_measures(layer_id) == list(spec.measures)
        assert layer_measures(layer_id)[0] == layers.default_measure(layer_id)
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
