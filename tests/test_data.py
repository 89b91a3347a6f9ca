"""Data tests: every report figure stored once, provenance complete, checksums match."""

from __future__ import annotations

import csv
import hashlib
import importlib.util
import json
from collections import Counter
from pathlib import Path

import pytest

from geo.names import department_names, resolve_department
from geo.paths import DATA_DIR, ROOT
from geo.quality import findings
from geo.tables import read_provenance, read_table, table_names, table_resource

# Every figure DESIGN.md's "Data" section lists (plus the stated percentages and the "more than
# 50 %" claim docs/ARCHITECTURE.md asks for), as (file, (key column, key, value column), value),
# transcribed from the report by hand.
FIGURES: list[tuple[str, tuple[str, str, str], float | str]] = [
    # 2.1 national level: RETA, Jan 2004 - Jul 2011
    ("reta_purposes", ("purpose_id", "all", "complaints"), 500),
    ("reta_purposes", ("purpose_id", "sexual_exploitation", "complaints"), 299),
    ("reta_purposes", ("purpose_id", "sexual_exploitation", "stated_pct"), 59.44),
    ("reta_purposes", ("purpose_id", "labour_exploitation", "complaints"), 151),
    ("reta_purposes", ("purpose_id", "labour_exploitation", "stated_pct"), 30.02),
    ("reta_purposes", ("purpose_id", "child_begging", "stated_pct"), 0.14),
    ("reta_purposes", ("purpose_id", "sale_of_children", "stated_pct"), 0.40),
    ("reta_women_victims_by_age", ("age_group", "all", "victims"), 1334),
    ("reta_women_victims_by_age", ("age_group", "0-13", "victims"), 53),
    ("reta_women_victims_by_age", ("age_group", "0-13", "stated_pct"), 3.97),
    ("reta_women_victims_by_age", ("age_group", "14-17", "victims"), 527),
    ("reta_women_victims_by_age", ("age_group", "14-17", "stated_pct"), 39.51),
    ("reta_women_victims_by_age", ("age_group", "18-30", "victims"), 660),
    ("reta_women_victims_by_age", ("age_group", "18-30", "stated_pct"), 49.48),
    ("reta_women_victims_by_age", ("age_group", "31-99", "victims"), 94),
    ("reta_women_victims_by_age", ("age_group", "31-99", "stated_pct"), 7.05),
    # regional level: Observatorio de Criminalidad, Dec 2009 - Dec 2010
    ("observatorio_totals", ("indicator_id", "complaints", "value"), 228),
    ("observatorio_totals", ("indicator_id", "victims", "value"), 366),
    ("observatorio_totals", ("indicator_id", "female_victims_share", "value"), 81.6),
    ("observatorio_totals", ("indicator_id", "top6_origin_share", "value"), 45.9),
    ("observatorio_totals", ("indicator_id", "top5_complaints_share", "value"), 50),
    ("complaints_by_judicial_department", ("department_code", "17", "complaints"), 32),
    ("complaints_by_judicial_department", ("department_code", "17", "stated_pct"), 27.4),
    ("complaints_by_judicial_department", ("department_code", "15", "complaints"), 31),
    ("complaints_by_judicial_department", ("department_code", "15", "stated_pct"), 26.5),
    ("complaints_by_judicial_department", ("department_code", "08", "complaints"), 21),
    ("complaints_by_judicial_department", ("department_code", "08", "stated_pct"), 17.9),
    ("complaints_by_judicial_department", ("department_code", "21", "complaints"), 19),
    ("complaints_by_judicial_department", ("department_code", "21", "stated_pct"), 16.2),
    ("complaints_by_judicial_department", ("department_code", "16", "complaints"), 14),
    ("complaints_by_judicial_department", ("department_code", "16", "stated_pct"), 12),
    ("victims_by_origin", ("department_code", "08", "victims"), 53),
    ("victims_by_origin", ("department_code", "08", "stated_pct"), 31.6),
    ("victims_by_origin", ("department_code", "15", "victims"), 38),
    ("victims_by_origin", ("department_code", "15", "stated_pct"), 22.6),
    ("victims_by_origin", ("department_code", "16", "victims"), 24),
    ("victims_by_origin", ("department_code", "16", "stated_pct"), 14.3),
    ("victims_by_origin", ("department_code", "03", "victims"), 19),
    ("victims_by_origin", ("department_code", "03", "stated_pct"), 11.3),
    ("victims_by_origin", ("department_code", "10", "victims"), 17),
    ("victims_by_origin", ("department_code", "10", "stated_pct"), 10.1),
    ("victims_by_origin", ("department_code", "12", "victims"), 17),
    ("victims_by_origin", ("department_code", "12", "stated_pct"), 10.1),
    ("poverty_2010_as_cited", ("department_code", "17", "poverty_rate_pct"), 8.7),
    ("poverty_2010_as_cited", ("department_code", "11", "poverty_rate_pct"), 11.6),
    ("poverty_2010_as_cited", ("department_code", "15", "poverty_rate_pct"), 13.5),
    ("poverty_2010_as_cited", ("department_code", "23", "poverty_rate_pct"), 14.0),
    ("poverty_2010_as_cited", ("department_code", "18", "poverty_rate_pct"), 15.7),
    ("poverty_2010_as_cited", ("department_code", "04", "poverty_rate_pct"), 19.6),
    # prosecution
    ("justice", ("indicator_id", "cases_investigated", "value"), 83),
    ("justice", ("indicator_id", "cases_forced_labour", "value"), 2),
    ("justice", ("indicator_id", "cases_sexual_exploitation", "value"), 25),
    ("justice", ("indicator_id", "cases_brought_to_judiciary", "value"), 18),
    ("justice", ("indicator_id", "traffickers_convicted", "value"), 12),
    ("justice", ("indicator_id", "max_sentence_imposed_years", "value"), 30),
    ("justice", ("indicator_id", "last_year_cases_registered", "value"), 78),
    ("justice", ("indicator_id", "last_year_convictions", "value"), 9),
    ("justice", ("indicator_id", "law_28950_penalty_min_years", "value"), 8),
    ("justice", ("indicator_id", "law_28950_penalty_max_years", "value"), 25),
    # victims' profile, protection
    ("education", ("area", "urban", "years_of_schooling"), 10.4),
    ("education", ("area", "rural", "years_of_schooling"), 6.8),
    ("protection", ("indicator_id", "inabif_shelters", "value"), 36),
    ("protection", ("indicator_id", "inabif_development_centres", "value"), 35),
    ("protection", ("indicator_id", "trafficking_victim_protocol", "value"), 0),
    # timeline
    ("timeline", ("event_id", "palermo_protocol", "date"), "2000-11-15"),
    ("timeline", ("event_id", "dirincri_unit", "date"), "2004"),
    ("timeline", ("event_id", "law_28950", "date"), "2007-01-16"),
    ("timeline", ("event_id", "draft_plan_2007_2013", "date"), "2007"),
    ("timeline", ("event_id", "national_action_plan_2011_2016", "date"), "2011"),
]

QUALIFIERS = [
    ("observatorio_totals", "top5_complaints_share", "more than"),
    ("justice", "max_sentence_imposed_years", "up to"),
    ("protection", "inabif_shelters", "more than"),
]

# Columns that place or number a row rather than state a figure.
STRUCTURAL = {"age_min", "age_max", "number", "seq", "lat", "lon"}

# INEI national totals, from the "checks" column of the atlas's reference population table.
NATIONAL_POPULATION = {
    "pop_2007_census": 28_220_764,
    "pop_2010_est": 29_461_933,
    "pop_2011_est": 29_797_694,
    "pop_2012_est": 30_135_875,
}


def csv_files() -> list[Path]:
    return sorted(DATA_DIR.glob("*.csv"))


@pytest.mark.parametrize(("file", "selector", "value"), FIGURES, ids=lambda x: str(x))
def test_each_report_figure_is_in_its_row(file, selector, value):
    key_column, key, column = selector
    table = read_table(file)
    rows = table[table[key_column] == key]
    assert len(rows) == 1, f"{file}: {key_column}={key!r} selects {len(rows)} rows"
    cell = rows.iloc[0][column]
    if isinstance(value, str):
        assert cell == value
    else:
        assert float(cell) == pytest.approx(float(value), abs=1e-9)


def report_figure_cells() -> Counter:
    """Every numeric cell of a row sourced to the report, across data/*.csv."""
    found: Counter = Counter()
    for path in csv_files():
        fields = table_resource(path.name)["schema"]["fields"]
        numeric = [
            f["name"]
            for f in fields
            if f["type"] in {"integer", "number"} and f["name"] not in STRUCTURAL
        ]
        with open(path, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                if not row["source_id"].startswith("report_"):
                    continue
                for name in numeric:
                    if row[name] != "":
                        found[round(float(row[name]), 6)] += 1
    return found


def test_every_report_figure_appears_exactly_once_across_data():
    expected = Counter(round(float(v), 6) for _, _, v in FIGURES if not isinstance(v, str))
    found = report_figure_cells()
    assert found == expected, (
        f"stored more often than listed: {dict(found - expected)}; "
        f"listed but not stored: {dict(expected - found)}"
    )


def test_every_report_date_appears_once_in_the_timeline():
    dates = Counter(read_table("timeline")["date"])
    for _, _, value in (f for f in FIGURES if isinstance(f[2], str)):
        assert dates[value] == 1, value


@pytest.mark.parametrize(("file", "indicator", "qualifier"), QUALIFIERS)
def test_bounds_the_report_gives_keep_their_qualifier(file, indicator, qualifier):
    table = read_table(file).set_index("indicator_id")
    assert table.loc[indicator, "qualifier"] == qualifier


def test_the_eight_conclusions_are_numbered_and_translated():
    table = read_table("conclusions")
    assert list(table["number"]) == list(range(1, 9))
    assert (table["text_en"] != table["text_es"]).all()
    assert table["text_en"].str.len().min() > 80


def test_report_rows_name_their_report_section():
    sections = {
        "reta_purposes": "report_2_1",
        "reta_women_victims_by_age": "report_2_1",
        "observatorio_totals": "report_regional",
        "complaints_by_judicial_department": "report_regional",
        "victims_by_origin": "report_regional",
        "poverty_2010_as_cited": "report_regional",
        "destinations_and_sites": "report_regional",
        "justice": "report_prosecution",
        "education": "report_3_1_profile",
        "protection": "report_protection",
        "conclusions": "report_conclusions",
    }
    for name, source_id in sections.items():
        assert set(read_table(name)["source_id"]) == {source_id}, name


def test_every_row_source_id_resolves_to_a_provenance_record():
    sources = read_provenance()["sources"]
    for path in csv_files():
        with open(path, encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        assert rows and "source_id" in rows[0], f"{path.name} has no source_id column"
        unknown = {r["source_id"] for r in rows} - set(sources)
        assert not unknown, f"{path.name}: source_id(s) {unknown} not in provenance.json"


def test_source_records_have_every_field():
    needed = {"producer", "title", "date", "url", "licence", "section", "accessed"}
    for source_id, record in read_provenance()["sources"].items():
        assert needed <= set(record), f"{source_id} lacks {needed - set(record)}"
        assert record["producer"] and record["title"], source_id


def test_report_sections_cite_the_sources_the_report_cites():
    sources = read_provenance()["sources"]
    cited = {c for s in sources.values() for c in s.get("cites", [])}
    for source_id in (
        "reta_pnp",
        "observatorio_gtm_2010",
        "inei_pobreza_2010",
        "us_embassy_tip_2011",
        "plan_nacional_2011_2016",
        "chs_alternativo_2010",
    ):
        assert source_id in sources and source_id in cited, source_id


def test_every_data_file_has_provenance_with_a_matching_checksum():
    files = read_provenance()["files"]
    on_disk = {
        p.relative_to(DATA_DIR).as_posix()
        for p in DATA_DIR.rglob("*")
        if p.is_file()
        and p.suffix in {".csv", ".geojson", ".json"}
        and p.name not in {"provenance.json", "datapackage.json"}
        # the metadata the build script reads is not data
        and p.relative_to(DATA_DIR).parts[0] not in {"sources.json", "schemas"}
    }
    assert on_disk == set(files), "run scripts/build_datapackage.py"
    for name, record in files.items():
        digest = hashlib.sha256((DATA_DIR / name).read_bytes()).hexdigest()
        assert digest == record["sha256"], f"{name} changed: run scripts/build_datapackage.py"
        assert record["derived_from"] and record["derivation"], name


def test_every_table_has_one_metadata_file_and_every_metadata_file_a_table():
    schemas = {p.stem for p in (DATA_DIR / "schemas").glob("*.json")} - {"files", "package"}
    assert schemas == {p.stem for p in csv_files()}
    files = json.loads((DATA_DIR / "schemas" / "files.json").read_text(encoding="utf-8"))
    for name in files:
        assert (DATA_DIR / name).exists(), f"schemas/files.json describes {name}, which is gone"


def test_every_source_is_used_by_a_row_a_file_or_a_report_section():
    """No source is declared for nothing: each is some row's, file's, section's or finding's."""
    provenance = read_provenance()
    used = set()
    for path in csv_files():
        with open(path, encoding="utf-8", newline="") as fh:
            used |= {row["source_id"] for row in csv.DictReader(fh)}
    for record in provenance["files"].values():
        used |= set(record["derived_from"])
    for record in provenance["sources"].values():
        used |= set(record.get("cites", []))
    lakes = json.loads((DATA_DIR / "lakes.geojson").read_text(encoding="utf-8"))
    used |= {f["properties"]["source_id"] for f in lakes["features"]}
    used |= {s for f in findings() for s in f.source_ids}  # sources a finding cites
    unused = sorted(set(provenance["sources"]) - used)
    assert not unused, f"sources declared but used by nothing: {unused}"


def test_derived_from_names_known_sources_or_files():
    provenance = read_provenance()
    for name, record in provenance["files"].items():
        for origin in record["derived_from"]:
            assert origin in provenance["sources"] or (DATA_DIR / origin).exists(), (name, origin)


def test_datapackage_describes_every_csv():
    package = json.loads((DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
    described = {r["path"] for r in package["resources"]}
    assert {p.name for p in csv_files()} <= described
    if (DATA_DIR / "departments.geojson").exists():
        assert "departments.geojson" in described


def test_datapackage_passes_frictionless_validation():
    from frictionless import validate

    report = validate(str(DATA_DIR / "datapackage.json"))
    errors = [(t.name, e.type, e.note) for t in report.tasks for e in t.errors] + [
        (None, e.type, e.note) for e in report.errors
    ]
    assert report.valid, errors[:10]


def test_population_columns_sum_to_the_national_totals():
    population = read_table("population")
    assert len(population) == 25
    for column, total in NATIONAL_POPULATION.items():
        assert int(population[column].sum()) == total, column


def test_places_lie_in_the_department_their_wanted_list_names():
    places = read_table("places").set_index("place_id")
    with open(DATA_DIR / "raw" / "places_wanted.csv", encoding="utf-8", newline="") as fh:
        wanted = list(csv.DictReader(fh))
    assert set(places.index) == {w["place_id"] for w in wanted}
    for w in wanted:
        place = places.loc[w["place_id"]]
        assert place["department_code"] == resolve_department(w["department"]), w["place"]
        assert place["geonames_id"] == w["geonames_id"]
        assert place["department_code"] in department_names()


def test_places_kinds_follow_the_report():
    kinds = read_table("places").set_index("place_id")["kind"]
    assert kinds["la_rinconada"] == "mine"
    assert kinds["huepetuhe"] == kinds["mazuko"] == "site"
    assert set(kinds.drop(["la_rinconada", "huepetuhe", "mazuko"])) == {"city"}


def _load_build_places():
    spec = importlib.util.spec_from_file_location(
        "build_places", ROOT / "scripts" / "build_places.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_build_places_rejects_a_place_geonames_puts_in_another_department():
    build = _load_build_places()
    wanted = [
        {
            "place_id": "cusco",
            "place": "Cusco",
            "geonames_id": "1",
            "department": "Puno",
            "kind": "city",
            "named_in_report": "true",
        }
    ]
    cities = {
        "1": {
            "geonameid": 1,
            "name": "Cusco",
            "latitude": -13.5,
            "longitude": -72.0,
            "countrycode": "PE",
            "admin1code": "08",
        }
    }
    with pytest.raises(SystemExit, match="expected 21"):
        build.build_rows(wanted, cities)
    wanted[0]["department"] = "Cuzco"
    assert build.build_rows(wanted, cities)[0]["department_code"] == "08"


def test_build_places_reads_geonames_lima_province_code_as_lima():
    assert _load_build_places().geonames_department("LMA") == "15"


def test_reta_victims_by_age_cover_the_period_of_the_reta_complaints():
    victims = read_table("reta_women_victims_by_age")
    purposes = read_table("reta_purposes")
    assert set(victims["period_start"]) == set(purposes["period_start"]) == {"2004-01"}
    assert set(victims["period_end"]) == set(purposes["period_end"]) == {"2011-07"}


def test_justice_figures_record_the_reports_date_and_its_words_for_the_period():
    justice = read_table("justice").set_index("indicator_id")
    report_month = read_provenance()["sources"]["report_prosecution"]["date"][:7]
    assert report_month == "2011-11"
    wording = justice["period_as_written"].fillna("")
    # "To date, the PNP has investigated 83 potential cases ..."; "during last year, 78 cases"
    assert wording["cases_investigated"] == wording["traffickers_convicted"] == "to date"
    assert wording["last_year_cases_registered"] == wording["last_year_convictions"] == "last year"
    relative = justice[wording != ""]
    assert (relative["period_end"] == report_month).all()
    assert relative["period_start"].isna().all()  # the report gives no start: none is invented
    law = justice.loc[["law_28950_penalty_min_years", "law_28950_penalty_max_years"]]
    assert (law["period_start"] == "2007-01").all()  # Law 28950 of 16 January 2007
    readme = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    assert "period_as_written" in readme and "“to date”" in readme and "“last year”" in readme


# Number fields that are not figures of the report: positions, order, bounds of a group.
NOT_FIGURES = {"number", "seq", "lat", "lon", "age_min", "age_max"}


def test_every_table_of_the_reports_figures_says_the_period_they_cover():
    """A figure without its period cannot be compared: each table of the report's figures has a
    period_end on every row (and period_as_written where the report gives words, not dates)."""
    checked = []
    for name in table_names():
        fields = table_resource(name)["schema"]["fields"]
        figures = [
            f["name"]
            for f in fields
            if f["type"] in ("number", "integer") and f["name"] not in NOT_FIGURES
        ]
        frame = read_table(name)
        if not figures or not frame["source_id"].astype(str).str.startswith("report").all():
            continue
        checked.append(name)
        assert "period_end" in frame.columns, f"{name}.csv has figures but no period"
        assert frame["period_end"].notna().all(), f"{name}.csv: a row without its period"
    assert {"poverty_2010_as_cited", "education", "protection", "justice"} <= set(checked)


def test_the_report_date_stands_for_the_present_tense_of_schooling_and_protection():
    for name in ("education", "protection"):
        frame = read_table(name)
        assert set(frame["period_end"]) == {"2011-11"}  # the report: Lima, 29 November 2011
        assert set(frame["period_as_written"]) == {"present tense"}


def test_poverty_rates_cover_2010():
    frame = read_table("poverty_2010_as_cited")
    assert set(frame["period_start"]) == {"2010-01"} and set(frame["period_end"]) == {"2010-12"}
