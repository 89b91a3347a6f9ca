"""The data package as a reader gets it: each table's title and sources, and the whole as a ZIP."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from geo.paths import DATA_DIR
from geo.tables import file_text, read_provenance, read_table, source_record

PACKAGE_NAME = "peru-trafficking-atlas-data"  # the ZIP's name and its one top folder
PACKAGE_SUFFIXES = (".csv", ".json", ".geojson", ".md")  # data, metadata, boundaries, dictionary
# Fixed entry dates, as in the press kit: the same data gives the same ZIP, byte for byte.
ZIP_DATE = (2011, 1, 1, 0, 0, 0)
# The fields of a source record that the Data page lists for each table.
PROVENANCE_FIELDS = ("producer", "title", "date", "section", "url", "licence")


def table_title(name: str, lang: str, directory: str | Path | None = None) -> str:
    """``<name>.csv — <title>`` in ``lang``, from the data package (``<name>.csv`` without one)."""
    title = file_text(name, lang, directory).title
    return f"{name}.csv — {title}" if title else f"{name}.csv"


def provenance_rows(
    name: str, lang: str = "en", directory: str | Path | None = None
) -> list[dict[str, str]]:
    """One row per source the table's rows cite, in order of first use, with its record's fields.

    A field is given in ``lang`` where the record has it (``section_es`` for ``section`` in
    Spanish; the English text is the field itself).

    Raises
    ------
    geo.tables.DataFileError
        When a row cites a source that ``provenance.json`` does not record (the table's check).
    """
    suffix = "_es" if str(lang).lower().startswith("es") else ""
    table = read_table(name, directory)
    rows = []
    for source_id in dict.fromkeys(table["source_id"]):
        record = source_record(source_id, directory)
        fields = {}
        for field in PROVENANCE_FIELDS:
            value = record.get(f"{field}{suffix}", record.get(field))
            if field in record:
                # An unknown value (a source with no date or URL) is an empty cell, not "None".
                fields[field] = "" if value is None else str(value)
        rows.append({"source_id": source_id, **fields})
    return rows


def file_record(name: str, directory: str | Path | None = None) -> dict:
    """The provenance record of table ``name``'s file (sha256, derived_from, derivation), or {}."""
    return dict(read_provenance(directory)["files"].get(f"{name}.csv", {}))


def package_zip(directory: str | Path | None = None) -> bytes:
    """Every data file (CSV, JSON, GeoJSON, the data dictionary) in one ZIP, under one folder.

    Only the files at the top of the data folder: its ``raw/`` sources are not part of the package.
    """
    folder = Path(directory) if directory is not None else DATA_DIR
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(folder.iterdir()):
            if path.is_file() and path.suffix in PACKAGE_SUFFIXES:
                info = zipfile.ZipInfo(f"{PACKAGE_NAME}/{path.name}", date_time=ZIP_DATE)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                archive.writestr(info, path.read_bytes())
    return buffer.getvalue()
