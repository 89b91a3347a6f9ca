"""Joins of report tables to the 25 departments, and rates per 100,000."""

import math

import pandas as pd
import pytest

from geo.layers import LAYERS, join_to_departments, layer_values, per_100k
from geo.tables import read_table


def test_complaints_layer_keeps_not_reported_apart_from_zero():
    frame = layer_values("complaints", "count")
    assert len(frame) == 25
    reported = frame[frame["status"] == "reported"]
    assert dict(zip(reported["department_code"], reported["value"], strict=True)) == {
        "08": 21,
        "15": 31,
        "16": 14,
        "17": 32,
        "21": 19,
    }
    assert frame.loc[frame["status"] == "not_reported", "value"].isna().all()
    assert not (frame["value"] == 0).any()


def test_rates_use_the_2010_population_estimate():
    frame = layer_values("complaints", "per_100k").set_index("department_code")
    population = read_table("population").set_index("department_code")["pop_2010_est"]
    assert frame.loc["17", "value"] == pytest.approx(32 / population["17"] * 100_000)
    assert frame.loc["17", "value"] == pytest.approx(26.41, abs=0.01)
    assert math.isnan(frame.loc["01", "value"])


def test_origin_layer_sums_to_the_six_departments():
    frame = layer_values("origin", "count")
    assert frame["value"].sum() == 168 and frame["value"].notna().sum() == 6


def test_poverty_has_only_a_percentage_measure():
    assert LAYERS["poverty"].measures == ("pct",)
    with pytest.raises(ValueError, match="no measure 'per_100k'"):
        layer_values("poverty", "per_100k")
    frame = layer_values("poverty", "pct").set_index("department_code")
    assert frame.loc["17", "value"] == 8.7 and frame["value"].notna().sum() == 6


def test_unknown_layer_is_named_in_the_error():
    with pytest.raises(ValueError, match="unknown layer 'bogus'"):
        layer_values("bogus", "count")


def test_duplicated_department_is_rejected():
    table = pd.DataFrame({"department_code": ["08", "08"], "x": [1, 2]})
    with pytest.raises(ValueError, match="08"):
        join_to_departments(table, "x")


def test_rate_without_population_is_an_error():
    counts = pd.Series([5.0], index=["08"])
    with pytest.raises(ValueError, match="08"):
        per_100k(counts, pd.Series([0.0], index=["08"]))
