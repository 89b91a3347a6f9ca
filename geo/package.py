"""The data package as a reader gets it: each table's title and sources, and the whole as a ZIP."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from geo.i18n import catalogue, normalise_language, t
from geo.paths import DATA_DIR
from geo.tables import (
    DataFileError,
    file_text,
    read_provenance,
    read_table,
    source_label,
    source_record,
)

PACKAGE_NAME = "peru-trafficking-atlas-data"  # the ZIP's name and its one top folder
PACKAGE_SUFFIXES = (".csv", ".json", ".geojson", ".md")  # data, metadata, boundaries, dictionary
# Fixed entry dates, as in the press kit: the same data gives the same ZIP, byte for byte.
ZIP_DATE = (2011, 1, 1, 0, 0, 0)
# The package's README for readers, in each language (plain text: it opens anywhere).
READMES = {"es": "LEAME.txt", "en": "README.txt"}
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


def _sources(name: str, lang: str, directory: str | Path | None) -> str:
    """The short labels of the sources a data file's rows cite (or its record derives from)."""
    folder = Path(directory) if directory is not None else DATA_DIR
    if (folder / name).suffix == ".csv":
        ids = list(dict.fromkeys(read_table(name, directory)["source_id"]))
    else:
        ids = list(file_record_of(name, directory).get("derived_from", []))
    known = read_provenance(directory)["sources"]
    return "; ".join(source_label(i, lang, directory) for i in ids if i in known)


def file_record_of(file: str, directory: str | Path | None = None) -> dict:
    """The provenance record of any data file (``departments.geojson``), or {}."""
    return dict(read_provenance(directory)["files"].get(file, {}))


def reader_readme(lang: str, directory: str | Path | None = None) -> str:
    """The package's README for readers in ``lang``, as plain text: what each file is, where
    its figures come from, and how to cite them (the developers' dictionary is ``README.md``)."""
    lang = normalise_language(lang)
    folder = Path(directory) if directory is not None else DATA_DIR
    lines = [t("package.readme.title", lang), "", t("package.readme.intro", lang), ""]
    lines += [t("package.readme.files", lang), ""]
    for path in sorted(folder.iterdir()):
        if not path.is_file() or path.suffix not in PACKAGE_SUFFIXES:
            continue
        lines.append(f"- {path.name}: {_file_title(path.name, lang, directory)}")
        sources = _sources(path.name, lang, directory)
        if sources:
            lines.append("  " + t("package.readme.source", lang, sources=sources))
    lines += ["", t("package.readme.how_to_cite", lang), "", t("data.citation_text", lang), ""]
    lines += [t("package.readme.licence", lang), ""]
    return "\n".join(lines)


def _file_title(file: str, lang: str, directory: str | Path | None) -> str:
    """What ``file`` is, in ``lang``: its title and description, or the catalogue's words for
    the package's own files (the dictionary, the provenance, the package's description)."""
    key = f"package.readme.file.{file.replace('.', '_').lower()}"  # departments_geojson
    words = catalogue(lang)
    if key in words:
        return t(key, lang)
    try:
        text = file_text(file, lang, directory)
    except DataFileError:
        return t("package.readme.file.other", lang)
    return " ".join(part for part in (text.title + ".", text.description) if part != ".") or (
        text.derivation
    )


def package_zip(directory: str | Path | None = None) -> bytes:
    """Every data file (CSV, JSON, GeoJSON, the data dictionary) in one ZIP, under one folder,
    with a README for readers in each language (:data:`READMES`).

    Only the files at the top of the data folder: its ``raw/`` sources are not part of the package.
    """
    folder = Path(directory) if directory is not None else DATA_DIR
    files = {
        path.name: path.read_bytes()
        for path in sorted(folder.iterdir())
        if path.is_file() and path.suffix in PACKAGE_SUFFIXES
    }
    for lang, name in READMES.items():
        files[name] = reader_readme(lang, directory).encode("utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(f"{PACKAGE_NAME}/{name}", date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, files[name])
    return buffer.getvalue()
