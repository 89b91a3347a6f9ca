"""Read the data tables, validated against data/datapackage.json, and their provenance."""

from __future__ import annotations

import csv
import io
import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from geo.paths import DATA_DIR

DATAPACKAGE_FILE = "datapackage.json"
PROVENANCE_FILE = "provenance.json"
LANGUAGES = ("es", "en")


class DataFileError(ValueError):
    """A data file that does not match its schema.

    Attributes
    ----------
    file : the file's name.
    row : 1-based row number as a spreadsheet shows it (the header is row 1), or None.
    column : the column at fault, or None.
    value : the bad value as written, or None.
    expected : what was expected instead.
    """

    def __init__(
        self,
        file: str,
        problem: str,
        *,
        row: int | None = None,
        column: str | None = None,
        value: object = None,
        expected: str = "",
    ):
        self.file, self.row, self.column, self.value, self.expected = (
            file,
            row,
            column,
            value,
            expected,
        )
        where = (
            file
            + (f", row {row}" if row is not None else "")
            + (f", column {column!r}" if column else "")
        )
        got = f" {value!r}" if value is not None else ""
        want = f"; expected {expected}" if expected else ""
        super().__init__(f"{where}: {problem}{got}{want}")


class UnknownSourceError(KeyError):
    """A source_id with no record in provenance.json."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


def _directory(directory: str | Path | None) -> Path:
    return Path(directory) if directory is not None else DATA_DIR


def _file_name(name: str) -> str:
    name = Path(str(name)).name
    return name if name.endswith(".csv") else f"{name}.csv"


@lru_cache(maxsize=8)
def _load_json(path: Path, mtime_ns: int) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _json(directory: Path, file_name: str) -> tuple[dict, str]:
    """A JSON file from ``directory``, or the shipped one when the directory has none."""
    path = directory / file_name
    if not path.exists():
        path = DATA_DIR / file_name
    if not path.exists():
        raise DataFileError(
            file_name, "file not found", expected=f"{file_name} beside the data files"
        )
    try:
        return _load_json(path, path.stat().st_mtime_ns), file_name
    except json.JSONDecodeError as exc:
        raise DataFileError(file_name, f"not valid JSON ({exc.msg})", row=exc.lineno) from exc


def read_datapackage(directory: str | Path | None = None) -> dict:
    """The Frictionless Data Package describing the data files (``data/datapackage.json``)."""
    return _json(_directory(directory), DATAPACKAGE_FILE)[0]


def read_provenance(directory: str | Path | None = None) -> dict:
    """The provenance record: ``{"sources": {source_id: {...}}, "files": {file: {...}}}``."""
    return _json(_directory(directory), PROVENANCE_FILE)[0]


def source_record(source_id: str, directory: str | Path | None = None) -> dict:
    """The provenance record of ``source_id``: producer, title, date, url, licence, section...

    Raises
    ------
    UnknownSourceError
        When no record has that id.
    """
    sources = read_provenance(directory)["sources"]
    if source_id not in sources:
        raise UnknownSourceError(
            f"unknown source_id {source_id!r}: expected one of {', '.join(sorted(sources))}"
        )
    return dict(sources[source_id])


def source_text(source_id: str, lang: str) -> str:
    """The short citation of a source in ``lang``, whole: its label in ``data/sources.json``."""
    return source_label(source_id, "en" if str(lang).lower().startswith("en") else "es")


def table_names(directory: str | Path | None = None) -> list[str]:
    """Names (without ``.csv``) of every table the data package describes, in package order."""
    return [
        r["path"].removesuffix(".csv")
        for r in read_datapackage(directory)["resources"]
        if r["path"].endswith(".csv")
    ]


def table_resource(name: str, directory: str | Path | None = None) -> dict:
    """The data-package resource (title, description, schema...) of table ``name``.

    Raises
    ------
    DataFileError
        When the data package does not describe the table.
    """
    file_name = _file_name(name)
    for resource in read_datapackage(directory)["resources"]:
        if resource["path"] == file_name:
            return resource
    raise DataFileError(
        file_name,
        "not described in datapackage.json",
        expected="one of " + ", ".join(f"{n}.csv" for n in table_names(directory)),
    )


def column_titles(name: str, lang: str, directory: str | Path | None = None) -> dict[str, str]:
    """Each column of table ``name`` and its title in ``lang``, from the data dictionary (the
    fields' ``title`` in English, ``title_es`` in Spanish; the column's name where it has none)."""
    lang = _language(lang)
    fields = table_resource(name, directory)["schema"]["fields"]
    return {field["name"]: _in(field, "title", lang) or field["name"] for field in fields}


@dataclass(frozen=True)
class FileText:
    """What a data file is and how it was made, in one language (plain text)."""

    title: str
    description: str
    derivation: str


def _language(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}: expected one of {', '.join(LANGUAGES)}")
    return lang


def _in(record: dict, key: str, lang: str) -> str:
    """``record[key + "_es"]`` in Spanish, ``record[key]`` (the English) otherwise."""
    return str(record.get(f"{key}_es" if lang == "es" else key) or "")


def file_text(name: str, lang: str, directory: str | Path | None = None) -> FileText:
    """Title, description and derivation of a data file in ``lang`` (``"es"`` or ``"en"``).

    Parameters
    ----------
    name : a table name (``"population"`` or ``"population.csv"``) or another data file's path
        relative to ``data/`` (``"departments.geojson"``).
    lang : ``"es"`` or ``"en"``.

    Returns
    -------
    FileText
        Empty strings where the metadata has no text (files that are not package resources
        have a derivation only).

    Raises
    ------
    DataFileError
        When neither the data package nor the provenance describes the file.
    """
    _language(lang)
    folder = _directory(directory)
    rel = name if "." in Path(name).name else _file_name(name)
    resource = next((r for r in read_datapackage(folder)["resources"] if r["path"] == rel), None)
    record = read_provenance(folder)["files"].get(rel)
    if resource is None and record is None:
        raise DataFileError(
            rel, "not described in datapackage.json or provenance.json", expected="a data file"
        )
    resource, record = resource or {}, record or {}
    return FileText(
        title=_in(resource, "title", lang),
        description=_in(resource, "description", lang),
        derivation=_in(record, "derivation", lang),
    )


def source_label(source_id: str, lang: str, directory: str | Path | None = None) -> str:
    """The short label of a source in ``lang``, whole (for a profile line or a caption).

    Raises
    ------
    UnknownSourceError
        When no record has that id.
    """
    return str(source_record(source_id, directory)[f"label_{_language(lang)}"])


# ---------------------------------------------------------------------------------------------
# Cell checks


def _describe(field: dict) -> str:
    """What a field accepts, in words, for error messages."""
    c = field.get("constraints", {})
    kind = {
        "integer": "a whole number",
        "number": "a number",
        "boolean": "true or false",
        "string": "text",
    }.get(field["type"], field["type"])
    parts = [kind]
    if "enum" in c:
        parts = ["one of " + ", ".join(repr(v) for v in c["enum"])]
    elif "pattern" in c:
        parts.append(f"matching {c['pattern']}")
    if "minimum" in c and "maximum" in c:
        parts.append(f"from {c['minimum']} to {c['maximum']}")
    elif "minimum" in c:
        parts.append(f">= {c['minimum']}")
    elif "maximum" in c:
        parts.append("<= " + str(c["maximum"]))  # words of an error message, not markup
    return " ".join(parts)


_INTEGER = re.compile(r"^[+-]?\d+$")


def _cell(text: str, field: dict, file: str, row: int) -> object:
    """The typed value of one cell, or a DataFileError naming the cell."""
    name, type_ = field["name"], field["type"]
    c = field.get("constraints", {})

    def fail(problem: str) -> DataFileError:
        return DataFileError(
            file, problem, row=row, column=name, value=text, expected=_describe(field)
        )

    if text == "":
        if c.get("required"):
            raise DataFileError(
                file, "missing value", row=row, column=name, expected=_describe(field)
            )
        return None
    if type_ == "integer":
        if not _INTEGER.match(text.strip()):
            raise fail("not a whole number:")
        value: object = int(text)
    elif type_ == "number":
        try:
            value = float(text)
        except ValueError:
            raise fail("not a number:") from None
        if not math.isfinite(value):
            raise fail("not a finite number:")
    elif type_ == "boolean":
        true, false = field.get("trueValues", ["true"]), field.get("falseValues", ["false"])
        if text not in true + false:
            raise fail("not a boolean:")
        value = text in true
    else:
        value = text
    if "enum" in c and value not in c["enum"]:
        raise fail("value not allowed:")
    if "pattern" in c and not re.fullmatch(c["pattern"], text):
        raise fail("badly formed value:")
    if "minimum" in c and value < c["minimum"]:
        raise fail("value too small:")
    if "maximum" in c and value > c["maximum"]:
        raise fail("value too large:")
    return value


def _column(values: list, field: dict) -> pd.Series:
    type_, missing = field["type"], any(v is None for v in values)
    if type_ == "integer":
        return pd.Series(values, dtype="Int64" if missing else "int64")
    if type_ == "number":
        return pd.Series([math.nan if v is None else v for v in values], dtype="float64")
    if type_ == "boolean":
        return pd.Series(values, dtype="boolean" if missing else "bool")
    return pd.Series(values, dtype="str")


def _raw_column(directory: Path, file_name: str, column: str) -> list[str]:
    path = directory / file_name if (directory / file_name).exists() else DATA_DIR / file_name
    with open(path, encoding="utf-8", newline="") as fh:
        return [r.get(column, "") for r in csv.DictReader(fh)]


# ---------------------------------------------------------------------------------------------
# Reading


def _read_rows(path: Path, file_name: str) -> tuple[list[str], list[list[str]]]:
    if not path.exists():
        raise DataFileError(file_name, "file not found", expected=f"a table at {path.name}")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise DataFileError(
            file_name, f"not UTF-8 text (byte {exc.start})", expected="UTF-8"
        ) from exc
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    if not rows:
        raise DataFileError(file_name, "empty file", row=1, expected="a header row")
    return rows[0], rows[1:]


def _validate(
    file_name: str, directory: Path, header: list[str], body: list[list[str]], resource: dict
) -> pd.DataFrame:
    schema = resource["schema"]
    fields = schema["fields"]
    names = [f["name"] for f in fields]
    missing = [n for n in names if n not in header]
    if missing:
        raise DataFileError(
            file_name,
            "missing column(s)",
            row=1,
            value=", ".join(missing),
            expected="columns " + ", ".join(names),
        )
    extra = [h for h in header if h not in names]
    if extra or header != names:
        raise DataFileError(
            file_name,
            "unexpected column(s) or order",
            row=1,
            value=", ".join(header),
            expected="columns " + ", ".join(names),
        )
    columns: dict[str, list] = {n: [] for n in names}
    for i, cells in enumerate(body):
        row = i + 2
        if len(cells) != len(names):
            raise DataFileError(
                file_name,
                f"{len(cells)} cells",
                row=row,
                value=",".join(cells),
                expected=f"{len(names)} cells ({', '.join(names)})",
            )
        for field, text in zip(fields, cells, strict=True):
            columns[field["name"]].append(_cell(text, field, file_name, row))

    key = schema.get("primaryKey") or []
    if key:
        seen: dict[tuple, int] = {}
        for i in range(len(body)):
            k = tuple(columns[c][i] for c in key)
            if k in seen:
                raise DataFileError(
                    file_name,
                    f"duplicate key (first at row {seen[k]}):",
                    row=i + 2,
                    column=", ".join(key),
                    value="/".join(map(str, k)),
                    expected="each key once",
                )
            seen[k] = i + 2

    if "department_code" in names and file_name != "departments.csv":
        known = dict(
            zip(
                _raw_column(directory, "departments.csv", "department_code"),
                _raw_column(directory, "departments.csv", "department"),
                strict=True,
            )
        )
        for i, code in enumerate(columns["department_code"]):
            if code is not None and code not in known:
                raise DataFileError(
                    file_name,
                    "unknown department code",
                    row=i + 2,
                    column="department_code",
                    value=code,
                    expected="a code listed in departments.csv",
                )
            if (
                "department" in names
                and code is not None
                and columns["department"][i] != known[code]
            ):
                raise DataFileError(
                    file_name,
                    "department name does not match its code",
                    row=i + 2,
                    column="department",
                    value=columns["department"][i],
                    expected=f"{known[code]!r} for code {code}",
                )

    for fk in schema.get("foreignKeys", []):
        ref = fk["reference"]
        if ref["resource"] == "departments" or ref["resource"] == resource["name"]:
            continue
        target = f"{ref['resource']}.csv"
        allowed = set(_raw_column(directory, target, ref["fields"][0]))
        col = fk["fields"][0]
        for i, value in enumerate(columns[col]):
            if value is not None and value not in allowed:
                raise DataFileError(
                    file_name,
                    "value not found in " + target,
                    row=i + 2,
                    column=col,
                    value=value,
                    expected=f"a {ref['fields'][0]} listed in {target}",
                )

    if "source_id" in names:
        sources = read_provenance(directory)["sources"]
        for i, sid in enumerate(columns["source_id"]):
            if sid not in sources:
                raise DataFileError(
                    file_name,
                    "source_id has no record in provenance.json",
                    row=i + 2,
                    column="source_id",
                    value=sid,
                    expected="a key of provenance.json sources",
                )

    return pd.DataFrame({f["name"]: _column(columns[f["name"]], f) for f in fields})


_CACHE: dict[tuple, pd.DataFrame] = {}


def read_table(name: str, directory: str | Path | None = None) -> pd.DataFrame:
    """Read data table ``name`` (``"population"`` or ``"population.csv"``), validated.

    Checks the columns, each cell's type and constraints (enumerations, patterns, ranges such as
    percentages 0-100 and counts >= 0), duplicate keys, department codes and names against
    ``departments.csv``, references to ``places.csv`` and every ``source_id`` against
    ``provenance.json``.

    Parameters
    ----------
    name : table name, with or without ``.csv``.
    directory : folder to read from instead of ``data/`` (for checking a copy); its
        ``datapackage.json``, ``provenance.json`` and ``departments.csv`` are used when present,
        the shipped ones otherwise.

    Returns
    -------
    pandas.DataFrame
        Columns in schema order. Codes and ids are strings (``"08"``); integers are ``int64``
        (``Int64`` where values may be missing); numbers ``float64`` (NaN where missing);
        booleans ``bool``.

    Raises
    ------
    DataFileError
        Naming the file, the row (1-based, header = row 1), the column, the bad value and what
        was expected.
    """
    folder = _directory(directory)
    file_name = _file_name(name)
    resource = table_resource(file_name, folder)
    path = folder / file_name
    stamp = (
        str(path.resolve()),
        path.stat().st_mtime_ns if path.exists() else None,
        json.dumps(resource, sort_keys=True),
    )
    if stamp in _CACHE:
        return _CACHE[stamp].copy()
    header, body = _read_rows(path, file_name)
    frame = _validate(file_name, folder, header, body, resource)
    if len(_CACHE) > 64:
        _CACHE.clear()
    _CACHE[stamp] = frame
    return frame.copy()


def read_table_text(name: str, directory: str | Path | None = None) -> pd.DataFrame:
    """Table ``name`` validated like :func:`read_table`, but every cell as the file writes it.

    For figures whose printed form matters (``0.40`` is not ``0.4``: it tells how the report
    rounded). Missing cells are empty strings.
    """
    read_table(name, directory)
    folder = _directory(directory)
    file_name = _file_name(name)
    header, body = _read_rows(folder / file_name, file_name)
    return pd.DataFrame(body, columns=header, dtype="str")
