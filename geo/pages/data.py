"""The Data & sources page's model: what it says, in the reader's language, for both editions.

The live page (``app_pages/data_page.py`` through ``ui/data.py``) shows it in tabs, one table at a
time; the static edition lays it out on its data page (``geo/site/downloads.py``: the tables
with their sources, the package, the data-quality findings, the citation) and its embed page
(``geo/site/embed.py``: the embed section's words). Parts only a server can do are named in
``needs_server`` and, on the static page, by ``server_note``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from geo.i18n import format_number, normalise_language, t
from geo.package import PACKAGE_NAME, file_record, provenance_rows, table_title
from geo.quality import findings_sections, findings_table
from geo.tables import column_titles, file_text, read_table_text, table_names, table_resource
from geo.urls import THEMES

SHA_SHOWN = 16  # hex digits of a file's sha256 the page shows
# The table the page opens on (first in both editions, open on the static page): the report's
# complaints by department, the figures the map opens on and the ones readers ask for first,
# rather than the first file by name (the departments' official areas, a check of the outlines).
FIRST_TABLE = "complaints_by_judicial_department"


@dataclass(frozen=True)
class DataTable:
    """One data table: its title, what it holds, the sources its rows cite, how it was made.

    ``sources`` are rows of cells in the order of ``source_columns`` (whose ids are
    ``source_fields``, the column names of ``geo.package.provenance_rows``).
    """

    name: str
    file: str  # "population.csv"
    title: str  # "population.csv — Population by department" (the live chooser's option)
    description: str
    source_fields: tuple[str, ...]
    source_columns: tuple[str, ...]
    sources: tuple[tuple[str, ...], ...]
    record: str  # the file's checksum and how it was made ("" when provenance has no record)
    download: str  # the label of its CSV download
    headers: tuple[str, ...] = ()  # the columns' titles in the reader's language (the dictionary)
    rows: tuple[tuple[str, ...], ...] = ()  # the cells as the reader reads them (data_cell)


@dataclass(frozen=True)
class QualitySection:
    """One kind of data-quality finding (errors, how to read, questions) and its texts."""

    kind: str
    heading: str
    texts: tuple[str, ...]


@dataclass(frozen=True)
class DataPage:
    """The Data & sources page, whole."""

    lang: str
    title: str
    intro: str
    server_note: str  # where the static edition sends a reader for what needs a server
    tabs: dict[str, str]  # tab id -> label
    table_label: str
    tables: tuple[DataTable, ...]
    sources_heading: str
    package_name: str  # the ZIP's file name
    package_download: str
    quality: tuple[QualitySection, ...]
    quality_table_heading: str
    quality_columns: tuple[str, ...]  # the table of every finding (geo.quality.findings_table)
    quality_rows: tuple[tuple[str, ...], ...]
    citation_heading: str
    citation: str
    embed_heading: str
    embed_help: str  # the live page's: the code of the view last shown
    embed_theme: str
    embed_themes: tuple[tuple[str, str], ...]  # (theme id, label)
    embed_sizing: str
    needs_server: frozenset[str]
    share_link: str = ""  # the label of a view's link (geo.share): the live page's last view's,
    # the static edition's beside each view's embed

    def table(self, name: str) -> DataTable:
        """The table called ``name`` (KeyError naming the known ones otherwise)."""
        for table in self.tables:
            if table.name == name:
                return table
        known = ", ".join(table.name for table in self.tables)
        raise KeyError(f"no data table {name!r}: expected one of {known}")


def _record(name: str, lang: str, derivation: str) -> str:
    record = file_record(name)
    if not record:
        return ""
    return t("data.file_record", lang, sha=record.get("sha256", "")[:SHA_SHOWN], derivation=derivation)


def data_cell(text: str, kind: str, lang: str) -> str:
    """A data file's cell as the reader reads it: a number in ``lang``'s format with the
    decimals the file writes (39249.13 is 39.249,13 in Spanish; 0.40 keeps its 0), a boolean
    as yes or no, any other cell (codes, ids, names, dates) as the file writes it."""
    if text == "":
        return ""
    if kind in ("integer", "number"):
        return format_number(float(text), len(text.partition(".")[2]), lang)
    if kind == "boolean":
        return t("data.yes" if text.lower() == "true" else "data.no", lang)
    return text


def table_cells(name: str, lang: str) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """(the columns' titles, the rows' cells) of table ``name`` as the reader reads them in
    ``lang``: the headers are the data dictionary's titles; the CSV keeps the columns' names."""
    fields = table_resource(name)["schema"]["fields"]
    titles = column_titles(name, lang)
    kinds = [field["type"] for field in fields]
    frame = read_table_text(name)
    rows = tuple(
        tuple(data_cell(cell, kind, lang) for cell, kind in zip(row, kinds, strict=True))
        for row in frame.itertuples(index=False, name=None)
    )
    return tuple(titles[field["name"]] for field in fields), rows


def data_table(name: str, lang: str) -> DataTable:
    """The model of table ``name`` in ``lang``."""
    lang = normalise_language(lang)
    text = file_text(name, lang)
    rows = provenance_rows(name, lang)
    fields = tuple(rows[0]) if rows else ()
    headers, cells = table_cells(name, lang)
    return DataTable(
        name=name,
        file=f"{name}.csv",
        title=table_title(name, lang),
        description=text.description,
        source_fields=fields,
        source_columns=tuple(t(f"data.sources.col.{field}", lang) for field in fields),
        sources=tuple(tuple(row[field] for field in fields) for row in rows),
        record=_record(name, lang, text.derivation),
        download=t("data.download_csv", lang, name=name),
        headers=headers,
        rows=cells,
    )


def _cell(value: object, lang: str) -> str:
    """A cell of the findings' table as text: numbers in the language's style, none as ""."""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return format_number(value, 0 if value.is_integer() else 2, lang)
    return "" if value is None else str(value)


def table_order() -> list[str]:
    """The tables in the order the page lists them: :data:`FIRST_TABLE`, then the others by name."""
    names = table_names()
    return [FIRST_TABLE, *(name for name in names if name != FIRST_TABLE)]


TABS = ("tables", "quality", "upload", "cite")
SERVER_TABS = ("upload",)  # a reader's own file becomes a layer on the server, for the session


def data_page(lang: str) -> DataPage:
    """What the Data & sources page says in ``lang``."""
    lang = normalise_language(lang)
    findings = findings_table(lang)
    return DataPage(
        lang=lang,
        title=t("data.title", lang),
        intro=t("data.intro", lang),
        server_note=t("data.server_note", lang),
        tabs={tab: t(f"data.tab.{tab}", lang) for tab in TABS},
        table_label=t("data.table", lang),
        tables=tuple(data_table(name, lang) for name in table_order()),
        sources_heading=t("data.sources", lang),
        package_name=f"{PACKAGE_NAME}.zip",
        package_download=t("data.download_package", lang),
        quality=tuple(
            QualitySection(kind, heading, tuple(texts))
            for kind, heading, texts in findings_sections(lang)
        ),
        quality_table_heading=t("quality.table_heading", lang),
        quality_columns=tuple(str(column) for column in findings.columns),
        quality_rows=tuple(
            tuple(_cell(value, lang) for value in row)
            for row in findings.itertuples(index=False, name=None)
        ),
        citation_heading=t("data.citation", lang),
        citation=t("data.citation_text", lang),
        embed_heading=t("data.embed", lang),
        embed_help=t("data.embed_help", lang),
        embed_theme=t("data.embed_theme", lang),
        embed_themes=tuple((theme, t(f"data.embed_theme.{theme}", lang)) for theme in THEMES),
        embed_sizing=t("data.embed_sizing", lang),
        share_link=t("share.link", lang),
        # The upload tab (its texts are the upload section's own), and the live embed code's
        # help: the code of the one view last shown on the live map, where the static edition
        # lists a code for every view.
        needs_server=frozenset({t("data.tab.upload", lang), t("data.embed_help", lang)}),
    )
