"""geo.tables: tables read with their types; bad copies fail naming file, row and value."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from geo.paths import DATA_DIR
from geo.tables import (
    DataFileError,
    UnknownSourceError,
    file_text,
    read_datapackage,
    read_provenance,
    read_table,
    read_table_text,
    source_label,
    source_record,
    table_names,
    table_resource,
)


def bad_copy(tmp_path: Path, name: str, old: str, new: str) -> Path:
    """A copy of data/<name>.csv in tmp_path with the first ``old`` replaced by ``new``."""
    text = (DATA_DIR / f"{name}.csv").read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {name}.csv"
    (tmp_path / f"{name}.csv").write_text(text.replace(old, new, 1), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("name", table_names())
def test_every_shipped_table_reads(name):
    frame = read_table(name)
    assert len(frame) > 0
    assert list(frame.columns) == [f["name"] for f in table_resource(name)["schema"]["fields"]]


def test_department_codes_are_read_as_two_digit_strings():
    codes = read_table("population")["department_code"]
    assert list(codes[:3]) == ["01", "02", "03"]
    assert all(isinstance(c, str) for c in codes)


def test_types_follow_the_schema():
    purposes = read_table("reta_purposes").set_index("purpose_id")
    assert purposes.loc["sexual_exploitation", "complaints"] == 299
    assert pd.isna(purposes.loc["child_begging", "complaints"])
    assert str(purposes["complaints"].dtype) == "Int64"
    assert purposes["stated_pct"].dtype == "float64"
    places = read_table("places")
    assert places["named_in_report"].dtype == bool
    assert places["geonames_id"].map(type).eq(str).all()


def test_name_with_or_without_extension_reads_the_same_table():
    assert read_table("education").equals(read_table("education.csv"))


def test_text_reader_keeps_figures_as_printed():
    text = read_table_text("reta_purposes").set_index("purpose_id")
    assert text.loc["sale_of_children", "stated_pct"] == "0.40"


def test_a_copy_in_another_directory_reads_like_the_original(tmp_path):
    shutil.copy(DATA_DIR / "justice.csv", tmp_path / "justice.csv")
    assert read_table("justice", tmp_path).equals(read_table("justice"))


@pytest.mark.parametrize(
    ("name", "old", "new", "row", "value", "expected"),
    [
        # data row 1 is spreadsheet row 2
        (
            "complaints_by_judicial_department",
            "Lima,15,31,",
            "Lima,15,3x1,",
            3,
            "3x1",
            "whole number",
        ),
        ("complaints_by_judicial_department", "Puno,21,19,", "Puno,21,-19,", 5, "-19", ">= 0"),
        ("victims_by_origin", "Cuzco,08,53,31.6", "Cuzco,08,53,131.6", 2, "131.6", "from 0 to 100"),
        ("population", "02,Áncash,1099573", "02,Áncash,many", 3, "many", "whole number"),
        ("reta_purposes", "sale_of_children,", "sale_of_kids,", 6, "sale_of_kids", "one of"),
        ("places", "-3.74814", "-30.74814", 5, "-30.74814", "from -18.5"),
        (
            "places",
            "chiclayo,Chiclayo,Chiclayo,3698350,-6.77008,-79.85495,14,city,true",
            "chiclayo,Chiclayo,Chiclayo,3698350,-6.77008,-79.85495,14,city,yes",
            4,
            "yes",
            "true or false",
        ),
        ("timeline", "2007-01-16", "16/01/2007", 4, "16/01/2007", "matching"),
        ("poverty_2010_as_cited", "17,Madre de Dios,8.7", "17,Madre de Dios,", 2, None, "a number"),
    ],
)
def test_bad_cells_are_rejected_naming_file_row_and_value(
    tmp_path, name, old, new, row, value, expected
):
    folder = bad_copy(tmp_path, name, old, new)
    with pytest.raises(DataFileError) as caught:
        read_table(name, folder)
    error, message = caught.value, str(caught.value)
    assert f"{name}.csv" in message
    assert f"row {row}" in message and error.row == row
    if value is not None:
        assert repr(value) in message and error.value == value
    assert expected in message


def test_data_file_error_is_a_value_error():
    assert issubclass(DataFileError, ValueError)


def test_duplicate_keys_are_rejected_with_both_rows(tmp_path):
    folder = bad_copy(tmp_path, "education", "rural,6.8", "urban,6.8")
    with pytest.raises(DataFileError, match=r"education\.csv, row 3.*first at row 2.*'urban'"):
        read_table("education", folder)


def test_missing_column_is_reported_on_the_header_row(tmp_path):
    folder = bad_copy(
        tmp_path, "education", "area,years_of_schooling,period_start", "area,years,period_start"
    )
    with pytest.raises(DataFileError, match=r"education\.csv, row 1.*years_of_schooling"):
        read_table("education", folder)


def test_row_with_too_few_cells_is_rejected(tmp_path):
    folder = bad_copy(
        tmp_path, "education", "rural,6.8,,2011-11,present tense,report_3_1_profile", "rural,6.8"
    )
    with pytest.raises(DataFileError, match=r"education\.csv, row 3: 2 cells.*expected 6 cells"):
        read_table("education", folder)


def test_unknown_source_id_is_rejected(tmp_path):
    folder = bad_copy(
        tmp_path,
        "education",
        "rural,6.8,,2011-11,present tense,report_3_1_profile",
        "rural,6.8,,2011-11,present tense,report_x",
    )
    with pytest.raises(DataFileError, match=r"row 3, column 'source_id'.*'report_x'"):
        read_table("education", folder)


def test_department_code_missing_from_departments_is_rejected(tmp_path):
    departments = (DATA_DIR / "departments.csv").read_text(encoding="utf-8")
    kept = "\n".join(line for line in departments.splitlines() if not line.startswith("25,"))
    (tmp_path / "departments.csv").write_text(kept + "\n", encoding="utf-8")
    shutil.copy(DATA_DIR / "population.csv", tmp_path / "population.csv")
    with pytest.raises(DataFileError, match=r"population\.csv, row 26.*'25'.*departments\.csv"):
        read_table("population", tmp_path)


def test_department_name_must_match_its_code(tmp_path):
    folder = bad_copy(tmp_path, "poverty_2010_as_cited", "11,Ica,", "11,Tacna,")
    with pytest.raises(DataFileError, match=r"row 3, column 'department'.*'Tacna'.*'Ica'"):
        read_table("poverty_2010_as_cited", folder)


def test_place_reference_must_exist_in_places(tmp_path):
    folder = bad_copy(tmp_path, "destinations_and_sites", "city,08,cusco,", "city,08,cuzco,")
    with pytest.raises(DataFileError, match=r"row 3, column 'place_id'.*'cuzco'.*places\.csv"):
        read_table("destinations_and_sites", folder)


def test_non_utf8_file_is_rejected(tmp_path):
    text = (DATA_DIR / "population.csv").read_text(encoding="utf-8")
    (tmp_path / "population.csv").write_bytes(text.encode("latin-1"))
    with pytest.raises(DataFileError, match=r"population\.csv.*UTF-8"):
        read_table("population", tmp_path)


def test_table_without_schema_is_rejected():
    with pytest.raises(DataFileError, match=r"nonsense\.csv: not described in datapackage\.json"):
        read_table("nonsense")


def test_source_record_returns_the_report_section():
    record = source_record("report_2_1")
    assert record["section"] == "2.1 Situation in numbers at a national level"
    assert "reta_pnp" in record["cites"]
    assert set(read_provenance()["sources"]) >= {"report_2_1", "reta_pnp"}


def test_unknown_source_record_names_the_id():
    with pytest.raises(UnknownSourceError, match="'report_9'") as caught:
        source_record("report_9")
    assert isinstance(caught.value, KeyError)


# --- what the Data page and the profile show: both languages, whole ------------------------------


@pytest.mark.parametrize("path", [r["path"] for r in read_datapackage()["resources"]])
def test_every_package_file_has_its_title_description_and_derivation_in_both_languages(path):
    es, en = file_text(path, "es"), file_text(path, "en")
    for text in (es, en):
        assert text.title and text.description and text.derivation, path
    # the Spanish is written, not copied: the title and the derivation differ from the English
    assert es.title != en.title, path
    assert es.derivation != en.derivation, path


def test_file_text_of_a_table_name_without_extension_is_the_tables():
    assert file_text("justice", "es") == file_text("justice.csv", "es")
    assert file_text("justice", "es").title == "Persecución penal y penas"


def test_file_text_refuses_an_unknown_language_or_file():
    with pytest.raises(ValueError, match=r"'fr'.*es, en"):
        file_text("justice", "fr")
    with pytest.raises(DataFileError, match=r"nowhere\.geojson"):
        file_text("nowhere.geojson", "en")


@pytest.mark.parametrize("source_id", sorted(read_provenance()["sources"]))
def test_every_source_has_a_short_label_in_both_languages(source_id):
    for lang in ("es", "en"):
        label = source_label(source_id, lang)
        # short enough for a profile line, so that nothing ever cuts it
        assert label and len(label) <= 90 and "…" not in label, (source_id, lang, label)


def test_the_population_source_names_the_2010_estimate_in_both_languages():
    assert "2010" in source_label("inei_population", "es")
    assert "2010" in source_label("inei_population", "en")
    assert "estimaci" in source_label("inei_population", "es")


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_profile_cites_population_by_the_whole_label(lang):
    from geo.profile import department_profile

    figure = department_profile("21", lang).figures[0]
    assert figure.source == source_label("inei_population", lang)
    assert "2010" in figure.source and "…" not in figure.source
