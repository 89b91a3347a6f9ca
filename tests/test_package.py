"""The data package for readers: table titles, the sources of each table, the ZIP."""

import io
import json
import shutil
import zipfile

import pytest

from geo.package import PACKAGE_NAME, file_record, package_zip, provenance_rows, table_title
from geo.paths import DATA_DIR
from geo.tables import DataFileError, read_provenance, read_table, table_names


def test_a_table_title_is_its_file_and_its_package_title():
    title = json.loads((DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
    resource = next(r for r in title["resources"] if r["path"] == "routes.csv")
    assert table_title("routes", "en") == f"routes.csv — {resource['title']}"
    assert table_title("routes", "es") == f"routes.csv — {resource['title_es']}"


def test_a_table_without_a_title_is_named_by_its_file(tmp_path):
    shutil.copytree(DATA_DIR, tmp_path / "data", ignore=shutil.ignore_patterns("raw"))
    path = tmp_path / "data" / "datapackage.json"
    package = json.loads(path.read_text(encoding="utf-8"))
    for resource in package["resources"]:
        resource.pop("title", None)
        resource.pop("title_es", None)
    path.write_text(json.dumps(package), encoding="utf-8")
    assert table_title("routes", "en", tmp_path / "data") == "routes.csv"
    assert table_title("routes", "es", tmp_path / "data") == "routes.csv"


@pytest.mark.parametrize("name", table_names())
def test_every_source_a_table_cites_is_listed_once_in_order_of_first_use(name):
    rows = provenance_rows(name)
    cited = list(dict.fromkeys(read_table(name)["source_id"]))
    assert [r["source_id"] for r in rows] == cited
    sources = read_provenance()["sources"]
    for row in rows:
        record = sources[row["source_id"]]
        assert row["producer"] == str(record["producer"])
        assert "None" not in row.values()  # an unknown date or URL is an empty cell
        assert set(row) <= {"source_id", "producer", "title", "date", "section", "url", "licence"}


def test_a_source_missing_from_the_provenance_file_is_named(tmp_path):
    shutil.copytree(DATA_DIR, tmp_path / "data", ignore=shutil.ignore_patterns("raw"))
    path = tmp_path / "data" / "provenance.json"
    provenance = json.loads(path.read_text(encoding="utf-8"))
    cited = read_table("education")["source_id"].iloc[0]
    del provenance["sources"][cited]
    path.write_text(json.dumps(provenance), encoding="utf-8")
    with pytest.raises(DataFileError, match=cited):
        provenance_rows("education", directory=tmp_path / "data")


def test_a_file_record_gives_the_checksum_and_derivation():
    record = file_record("routes")
    assert len(record["sha256"]) == 64 and "derivation" in record
    assert file_record("no_such_table") == {}


def test_the_package_zip_holds_every_data_file_under_one_folder():
    data = package_zip()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        assert all(n.startswith(f"{PACKAGE_NAME}/") for n in names)
        files = {n.removeprefix(f"{PACKAGE_NAME}/") for n in names}
        expected = {
            p.name
            for p in DATA_DIR.iterdir()
            if p.is_file() and p.suffix in (".csv", ".json", ".geojson", ".md")
        }
        assert files == expected | {"LEAME.txt", "README.txt"}  # and a README for readers
        assert {"datapackage.json", "provenance.json", "README.md", "routes.csv"} <= files
        routes = archive.read(f"{PACKAGE_NAME}/routes.csv")
    assert routes == (DATA_DIR / "routes.csv").read_bytes()
    assert not [n for n in names if "/raw/" in n]


def test_the_package_zip_is_the_same_bytes_every_time():
    assert package_zip() == package_zip()


def test_every_source_record_speaks_spanish_where_the_data_page_shows_it():
    """Section and licence (and any English producer or title) have a Spanish text."""
    sources = read_provenance()["sources"]
    for sid, record in sources.items():
        for field in ("section", "licence"):
            if record.get(field):
                assert record.get(f"{field}_es"), f"{sid} has no {field}_es"


def test_the_sources_of_a_table_are_given_in_the_readers_language():
    es = provenance_rows("areas_official", "es")[0]
    en = provenance_rows("areas_official", "en")[0]
    assert es["section"] == "cuadro 5; total nacional 1.285.215,60 km²"
    assert en["section"] == "cuadro 5; national total 1,285,215.60 km²"
    assert es["licence"].startswith("hechos") and en["licence"].startswith("facts")
    assert es["source_id"] == en["source_id"] == "inei_superficie"  # ids are not translated
    report = provenance_rows("complaints_by_judicial_department", "es")[0]
    assert report["producer"].startswith("Comisión de Derechos Humanos")
