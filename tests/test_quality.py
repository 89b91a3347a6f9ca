"""geo.quality: the report's stated percentages against its own counts, finding by finding."""

from __future__ import annotations

import pytest

from geo.names import UnknownDepartmentError
from geo.quality import (
    SEVERITIES,
    explains,
    findings,
    findings_for_department,
    reproduces,
    severity_of,
    stated_decimals,
)
from geo.tables import read_table


@pytest.fixture(scope="module")
def by_id():
    return {f.finding_id: f for f in findings()}


def test_finding_ids_are_unique_and_severities_known():
    all_findings = findings()
    assert len({f.finding_id for f in all_findings}) == len(all_findings)
    assert {f.severity for f in all_findings} <= set(SEVERITIES)
    assert all(f.message_es and f.message_en for f in all_findings)


def test_reta_sexual_exploitation_implies_503_not_500(by_id):
    f = by_id["reta_purposes:sexual_exploitation"]
    assert (f.stated_pct, f.denominator_used) == (59.44, 500)
    assert f.recomputed_pct == pytest.approx(59.8)
    assert f.implied_denominator == pytest.approx(503.03, abs=0.01)
    assert f.severity == "note"
    assert "503" in f.message_en and "59.44%" in f.message_en and "59.80%" in f.message_en
    assert "59,44\u00a0%" in f.message_es and "59,80\u00a0%" in f.message_es


def test_reta_labour_exploitation_implies_503_not_500(by_id):
    f = by_id["reta_purposes:labour_exploitation"]
    assert f.recomputed_pct == pytest.approx(30.2)
    assert f.stated_pct == 30.02
    assert round(f.implied_denominator) == 503
    assert f.severity == "note"


def test_reta_percentage_without_count_that_no_whole_count_gives_is_a_note(by_id):
    begging = by_id["reta_purposes:child_begging"]
    assert begging.severity == "note" and begging.recomputed_pct is None
    assert "0.7" in begging.message_en
    assert by_id["reta_purposes:sale_of_children"].severity == "ok"  # 0.40 % of 500 = 2


def test_reta_purposes_add_up_to_ninety_percent(by_id):
    f = by_id["reta_purposes:sum_of_purposes"]
    assert f.stated_pct == pytest.approx(90.0)
    assert f.severity == "note"


@pytest.mark.parametrize(
    ("group", "victims", "stated"),
    [("0-13", 53, 3.97), ("14-17", 527, 39.51), ("18-30", 660, 49.48), ("31-99", 94, 7.05)],
)
def test_age_groups_match_their_share_of_1334(by_id, group, victims, stated):
    f = by_id[f"reta_women_victims_by_age:{group}"]
    assert f.denominator_used == 1334
    assert f.recomputed_pct == pytest.approx(100 * victims / 1334, abs=1e-4)
    assert f.stated_pct == stated
    assert f.severity == "ok"
    assert by_id["reta_women_victims_by_age:sum_of_groups"].severity == "ok"


def test_complaints_shares_are_of_the_top_five_not_of_228(by_id):
    counts = read_table("complaints_by_judicial_department")["complaints"]
    assert int(counts.sum()) == 32 + 31 + 21 + 19 + 14 == 117
    f = by_id["complaints_by_judicial_department:17"]
    assert (f.stated_pct, f.denominator_used, f.department_code) == (27.4, 228, "17")
    assert round(f.recomputed_pct, 1) == 14.0
    assert round(f.implied_denominator) == 117
    assert f.severity == "mismatch"
    assert "117" in f.message_en and "228" in f.message_en
    assert "27,4\u00a0%" in f.message_es and "14,04\u00a0%" in f.message_es
    for code in ("15", "08", "21", "16"):
        other = by_id[f"complaints_by_judicial_department:{code}"]
        assert round(other.implied_denominator) == 117, code
        assert other.severity == "mismatch"


def test_more_than_half_of_complaints_in_the_top_five_holds(by_id):
    f = by_id["complaints_by_judicial_department:top5_share"]
    assert f.stated_pct == 50
    assert f.recomputed_pct == pytest.approx(100 * 117 / 228) == pytest.approx(51.3158, abs=1e-4)
    assert f.severity == "ok"


def test_victim_shares_are_of_the_top_six_not_of_366(by_id):
    counts = read_table("victims_by_origin")["victims"]
    assert int(counts.sum()) == 53 + 38 + 24 + 19 + 17 + 17 == 168
    f = by_id["victims_by_origin:08"]
    assert (f.stated_pct, f.denominator_used) == (31.6, 366)
    assert round(f.recomputed_pct, 1) == 14.5
    assert round(f.implied_denominator) == 168
    assert f.severity == "mismatch"
    assert "168" in f.message_en


def test_top_six_make_45_9_percent_of_the_total(by_id):
    f = by_id["victims_by_origin:top6_share"]
    assert f.stated_pct == 45.9
    assert round(f.recomputed_pct, 1) == 45.9
    assert f.severity == "ok"


def test_unallocated_remainders_are_noted(by_id):
    complaints = by_id["complaints_by_judicial_department:unallocated"]
    victims = by_id["victims_by_origin:unallocated"]
    assert complaints.message_en.startswith("111 of 228")
    assert victims.message_en.startswith("198 of 366")
    assert complaints.severity == victims.severity == "note"


def test_female_share_matches_no_whole_number_of_victims(by_id):
    f = by_id["observatorio_totals:female_victims_share"]
    assert f.stated_pct == 81.6 and f.severity == "note"
    assert "298" in f.message_en and "299" in f.message_en


def test_poverty_figures_carry_the_label_caveat():
    notes = [f for f in findings() if f.dataset == "poverty_2010_as_cited"]
    assert {f.department_code for f in notes} == {"17", "11", "15", "23", "18", "04"}
    assert all("total poverty" in f.message_en and f.severity == "note" for f in notes)


def test_findings_for_department_accepts_any_reference():
    ids = {f.finding_id for f in findings_for_department("Cuzco")}
    assert ids == {"complaints_by_judicial_department:08", "victims_by_origin:08"}
    assert findings_for_department("08") == findings_for_department("PE-CUS")


def test_department_the_report_does_not_cover_has_no_findings():
    assert findings_for_department("01") == []


def test_unknown_department_is_an_error():
    with pytest.raises(UnknownDepartmentError):
        findings_for_department("Atlantis")


@pytest.mark.parametrize(("text", "decimals"), [("0.40", 2), ("12", 0), ("27.4", 1)])
def test_stated_decimals_count_the_printed_places(text, decimals):
    assert stated_decimals(text) == decimals


def test_rounding_rules():
    assert reproduces(32, 117, 27.4, 1)  # 27.35 -> 27.4
    assert not reproduces(32, 228, 27.4, 1)
    assert explains(53, 168, 31.6, 1)  # 31.55 printed 31.6: the nearest whole denominator
    assert not explains(53, 366, 31.6, 1)
    assert severity_of(59.8, 59.44, 2) == "note"
    assert severity_of(14.04, 27.4, 1) == "mismatch"
    assert severity_of(3.973, 3.97, 2) == "ok"
