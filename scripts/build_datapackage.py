"""Build data/datapackage.json, data/provenance.json and data/README.md's dictionary.

The metadata lives in data files, not here: ``data/sources.json`` (every source), one
``data/schemas/<table>.json`` per CSV table (title, description, derivation, the table schema),
``data/schemas/files.json`` (the other data files) and ``data/schemas/package.json`` (the package
itself). This script scans ``data/`` for ``*.csv`` tables, ``*.geojson`` layers and other data
files, describes each from that metadata and refreshes every sha256. A CSV with no schema is an
error: describe a new table before shipping it. Source records or file notes that another script
wrote into ``provenance.json`` and that the metadata does not define are kept while a row still
names them. Idempotent: run ``python scripts/build_datapackage.py`` after any data file changes.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.paths import DATA_DIR  # noqa: E402

PROVENANCE = DATA_DIR / "provenance.json"
DATAPACKAGE = DATA_DIR / "datapackage.json"
README = DATA_DIR / "README.md"
SOURCES = DATA_DIR / "sources.json"
SCHEMAS = DATA_DIR / "schemas"
FILES = SCHEMAS / "files.json"
PACKAGE = SCHEMAS / "package.json"
# Metadata files: inputs of this script, not data files of the package.
METADATA = {SOURCES.name, SCHEMAS.name}
DICTIONARY_START = "<!-- dictionary:start (written by scripts/build_datapackage.py) -->"
DICTIONARY_END = "<!-- dictionary:end -->"


def _json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SystemExit(
            f"{path.relative_to(ROOT)} is missing: expected the metadata file"
        ) from None
    except json.JSONDecodeError as exc:
        raise SystemExit(
            f"{path.relative_to(ROOT)}, line {exc.lineno}: not valid JSON ({exc.msg})"
        ) from None


# ---------------------------------------------------------------------------------------------
# Reading the metadata


def sources() -> dict[str, dict]:
    """Every source record of data/sources.json, keyed by source_id.

    The report's sections share the report's record; the sources the report cites are marked
    ``cited_by_report``.
    """
    meta = _json(SOURCES)
    out: dict[str, dict] = {}
    for sid, section in meta["report_sections"].items():
        out[sid] = {**meta["report"], **section}
    for sid, rec in meta["cited_by_report"].items():
        out[sid] = {**rec, "cited_by_report": True}
    out.update(meta["context"])
    return out


def table_specs() -> dict[str, dict]:
    """``{"population.csv": schema metadata}`` for every data/schemas/<table>.json."""
    return {
        f"{path.stem}.csv": _json(path)
        for path in sorted(SCHEMAS.glob("*.json"))
        if path not in (FILES, PACKAGE)
    }


# ---------------------------------------------------------------------------------------------
# Building


def _texts(spec: dict, *keys: str) -> dict:
    """``title`` (English, the Frictionless property) and ``title_es`` from ``title_en``/``_es``.

    A note that another script wrote into provenance.json may carry the English text alone.
    """
    out = {}
    for key in keys:
        out[key] = spec.get(f"{key}_en", spec.get(key))
        if f"{key}_es" in spec:
            out[f"{key}_es"] = spec[f"{key}_es"]
    return out


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def csv_header(path: Path) -> list[str]:
    with open(path, encoding="utf-8", newline="") as fh:
        return next(csv.reader(fh), [])


def table_resource(name: str, spec: dict, path: Path, all_sources: dict) -> dict:
    """One tabular resource: path, schema, licence, sources and checksum."""
    header = csv_header(path)
    expected = [f["name"] for f in spec["fields"]]
    if header != expected:
        raise SystemExit(
            f"{name}: columns {header}, expected {expected} (data/schemas/{Path(name).stem}.json)"
        )
    schema = {"fields": spec["fields"], "missingValues": [""], "primaryKey": spec["primaryKey"]}
    if spec.get("foreignKeys"):
        schema["foreignKeys"] = spec["foreignKeys"]
    used = sorted({s for s in spec["derived_from"] if s in all_sources})
    return {
        "name": name.removesuffix(".csv"),
        "path": name,
        **_texts(spec, "title", "description"),
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "profile": "tabular-data-resource",
        "hash": "sha256:" + sha256(path),
        "bytes": path.stat().st_size,
        "licenses": spec["licenses"],
        "sources": [
            {"title": all_sources[s]["title"], "path": all_sources[s]["url"] or ""} for s in used
        ],
        "schema": schema,
    }


def file_resource(rel: str, spec: dict, path: Path) -> dict:
    """One non-tabular resource (a GeoJSON layer): path, licence and checksum."""
    return {
        "name": spec["name"],
        "path": rel,
        **_texts(spec, "title", "description"),
        "format": "geojson",
        "mediatype": "application/geo+json",
        "encoding": "utf-8",
        "profile": "data-resource",
        "hash": "sha256:" + sha256(path),
        "bytes": path.stat().st_size,
        "licenses": spec["licenses"],
    }


def used_source_ids() -> set[str]:
    """Every source_id a data table's rows name."""
    used = set()
    for path in DATA_DIR.glob("*.csv"):
        with open(path, encoding="utf-8", newline="") as fh:
            used |= {row.get("source_id") or "" for row in csv.DictReader(fh)}
    return used - {""}


def data_files() -> list[str]:
    """Relative names of every data file the provenance must cover (metadata excluded)."""
    skip = {PROVENANCE.name, DATAPACKAGE.name}
    names = []
    for path in sorted(DATA_DIR.rglob("*")):
        rel = path.relative_to(DATA_DIR)
        if (
            path.is_file()
            and path.suffix in {".csv", ".geojson", ".json"}
            and path.name not in skip
            and rel.parts[0] not in METADATA
        ):
            names.append(rel.as_posix())
    return names


def build() -> tuple[dict, dict]:
    """The datapackage and the provenance, from the files as they are now."""
    old = json.loads(PROVENANCE.read_text(encoding="utf-8")) if PROVENANCE.exists() else {}
    cited = used_source_ids()
    kept = {k: v for k, v in old.get("sources", {}).items() if k in cited}
    all_sources = {**kept, **sources()}
    tables = table_specs()
    other_files = _json(FILES)
    old_files = old.get("files", {})
    resources, files, problems = [], {}, []
    for rel in data_files():
        path = DATA_DIR / rel
        if rel in tables:
            resources.append(table_resource(rel, tables[rel], path, all_sources))
            note = tables[rel]
        elif rel in other_files:
            note = other_files[rel]
            if note["resource"]:
                resources.append(file_resource(rel, note, path))
        elif rel in old_files:
            note = old_files[rel]
        elif rel.endswith(".csv") and "/" not in rel:
            problems.append(f"{rel}: no schema (expected data/schemas/{Path(rel).stem}.json)")
            continue
        else:
            problems.append(f"{rel}: no provenance note (expected an entry in {FILES.name})")
            continue
        files[rel] = {
            "sha256": sha256(path),
            "derived_from": note["derived_from"],
            **_texts(note, "derivation"),
        }
    if problems:
        raise SystemExit("cannot describe every data file:\n  " + "\n  ".join(problems))
    package = {"profile": "data-package", **_json(PACKAGE), "resources": resources}
    provenance = {"sources": dict(sorted(all_sources.items())), "files": files}
    return package, provenance


def dictionary_markdown(package: dict) -> str:
    """The data dictionary: one table of columns per resource."""
    lines = []
    for res in package["resources"]:
        lines += [f"### `{res['path']}` — {res['title']}", "", res["description"], ""]
        lines += [f"*{res['title_es']}.* {res['description_es']}", ""]
        if "schema" not in res:
            lines += [f"Non-tabular ({res['format']}); licence: {res['licenses'][0]['title']}.", ""]
            continue
        key = ", ".join(res["schema"]["primaryKey"])
        lines += [
            f"Key: {key}. Licence: {res['licenses'][0]['title']}.",
            "",
            "| column | type | unit | required | allowed | meaning |",
            "|---|---|---|---|---|---|",
        ]
        for f in res["schema"]["fields"]:
            c = f["constraints"]
            allowed = []
            if "enum" in c:
                allowed.append(", ".join(f"`{v}`" for v in c["enum"]))
            if "minimum" in c and "maximum" in c:
                allowed.append(f"{c['minimum']} to {c['maximum']}")
            elif "minimum" in c:
                allowed.append(f"≥ {c['minimum']}")
            elif "maximum" in c:
                allowed.append(f"≤ {c['maximum']}")
            if "pattern" in c and "enum" not in c:
                allowed.append(f"`{c['pattern']}`")
            if f["type"] == "boolean":
                allowed.append("`true`, `false`")
            lines.append(
                f"| {f['name']} | {f['type']} | {f.get('unit', '')} | "
                f"{'yes' if c['required'] else 'no'} | "
                f"{'; '.join(allowed).replace('|', chr(92) + '|')} | "
                f"{f['description']} |"
            )
        lines.append("")
    return "\n".join(lines)


def update_readme(package: dict) -> None:
    if not README.exists():
        return
    text = README.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(DICTIONARY_START) + ".*?" + re.escape(DICTIONARY_END), re.S)
    if not pattern.search(text):
        return
    block = f"{DICTIONARY_START}\n\n{dictionary_markdown(package)}\n{DICTIONARY_END}"
    README.write_text(pattern.sub(lambda _: block, text), encoding="utf-8")


def dump(obj: dict) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=1) + "\n"


def main() -> None:
    package, provenance = build()
    update_readme(package)
    DATAPACKAGE.write_text(dump(package), encoding="utf-8")
    PROVENANCE.write_text(dump(provenance), encoding="utf-8")
    print(
        f"{len(package['resources'])} resources, {len(provenance['files'])} files, "
        f"{len(provenance['sources'])} sources"
    )


if __name__ == "__main__":
    main()
