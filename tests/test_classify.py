"""Classes and colours: natural breaks, missing values, labels that do not overlap."""

import math

import pytest

from geo.classify import PALETTES, classify


def test_complaint_figures_fall_into_four_natural_break_classes():
    c = classify([32, 31, 21, 19, 14, None, math.nan])
    assert c.k == 4
    assert c.upper_bounds[-1] == 32 and c.lower_bound == 14
    assert [c.class_of(v) for v in (14, 19, 21, 31, 32)] == sorted(
        c.class_of(v) for v in (14, 19, 21, 31, 32)
    )
    assert c.class_of(32) == 3 and c.class_of(14) == 0


def test_missing_values_are_not_reported_not_zero():
    c = classify([1, 2, 3, 4, 5])
    assert c.class_of(None) is None and c.colour_of(math.nan) is None
    assert c.colour_of(0) == c.colours[0]


def test_fewer_distinct_values_than_classes_give_one_class_each():
    c = classify([5, 5, 7])
    assert c.upper_bounds == (5.0, 7.0) and c.colours == PALETTES[2]


def test_labels_never_overlap_and_show_single_values_once():
    c = classify([32, 31, 21, 19, 14])
    labels = c.labels(0)
    assert labels[0] == "14"
    assert all("–" in lab for lab in labels[1:])
    assert labels[-1].endswith("32")


def test_no_reported_value_is_an_error():
    with pytest.raises(ValueError, match="no reported value"):
        classify([None, math.nan])
