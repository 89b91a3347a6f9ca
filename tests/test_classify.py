"""Classes and colours: natural breaks, missing values, labels that do not overlap."""

import math

import pytest

from geo.classify import PALETTES, classify, legend_decimals, reads_in_order


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


def test_legend_precision_follows_the_data_so_no_class_reads_backwards():
    values = [0.01, 0.04, 0.5, 0.6]
    c = classify(values)
    assert c.labels(1) == ["0.0", "0.1 – 0.0", "0.1 – 0.5", "0.6"]  # one decimal reads backwards
    decimals = legend_decimals(values, c)
    assert decimals == 2
    assert c.labels(decimals) == ["0.01", "0.02 – 0.04", "0.05 – 0.50", "0.51 – 0.60"]


@pytest.mark.parametrize(
    ("values", "minimum", "decimals"),
    [([14, 19, 21, 32], 0, 0), ([0.3, 1.4, 26.4], 1, 1), ([5.21, 5.24, 9.0], 1, 2), ([1, 2], 2, 2)],
)
def test_legend_decimals_are_the_fewest_that_read_true(values, minimum, decimals):
    assert legend_decimals(values, minimum=minimum) == decimals
    assert reads_in_order(values, classify(values), decimals)


def test_the_built_classes_match_a_fresh_computation():
    import json
    import sys

    from geo.classify import BUILT_CLASSES

    sys.path.insert(0, str(BUILT_CLASSES.parents[2] / "scripts"))
    try:
        import build_classes
    finally:
        sys.path.pop(0)
    shipped = json.loads(BUILT_CLASSES.read_text(encoding="utf-8"))
    assert shipped == build_classes.document(), "run scripts/build_classes.py"
    layers = {(r["layer"], r["measure"]) for r in shipped["classes"]}
    assert ("complaints", "count") in layers and ("poverty", "pct") in layers


def test_a_report_layer_is_classified_from_the_built_file_not_computed(monkeypatch):
    from geo import classify as module
    from geo.layers import layer_values

    values = [v for v in layer_values("complaints", "per_100k")["value"] if not math.isnan(v)]
    fresh = module.compute_classes(values)

    def refuse(*_args, **_kwargs):
        raise AssertionError("classes computed on a visit")

    monkeypatch.setattr(module, "compute_classes", refuse)
    assert module.classify(values) == fresh
    with pytest.raises(AssertionError, match="computed on a visit"):
        module.classify([*values, 99.5])  # other values (an upload's) are computed
