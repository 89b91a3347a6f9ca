"""The static edition's downloads: layer CSV and GeoJSON, chart CSVs, the data package ZIP, the
press kit and the citation, written once at build time, and the page that lists them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from geo import exports, package
from geo.charts import chart_csv, chart_spec
from geo.i18n import t
from geo.site.charts import chart_title
from geo.site.html import Page, esc
from geo.tables import table_names, table_resource
from geo.views import PreparedMap

PACKAGE_NAME = package.PACKAGE_NAME


def data_package_zip() -> bytes:
    """The data package as one ZIP, byte for byte the live app's (geo.package.package_zip)."""
    return package.package_zip()


def layer_files(prepared: PreparedMap) -> dict[str, bytes]:
    """The view's layer as CSV and GeoJSON: {file name: bytes}."""
    stem = exports.file_stem(prepared)
    return {
        f"{stem}.csv": exports.layer_csv(prepared),
        f"{stem}.geojson": exports.layer_geojson(prepared),
    }


def chart_files(chart_ids: list[str], lang: str) -> dict[str, bytes]:
    """Each chart's data as spreadsheet-safe CSV, with its ``#`` rows: {file name: bytes}."""
    return {f"{chart_spec(cid).file_name(lang)}.csv": chart_csv(cid, lang) for cid in chart_ids}


def press_kit_name(prepared: PreparedMap) -> str:
    """The press kit's file name, as the live app names it."""
    return f"{exports.file_stem(prepared)}-press-kit.zip"


def write(root: Path, relative: str, data: bytes | str) -> Path:
    """Write ``data`` at ``root/relative``, making folders as needed."""
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def _link(href: str, label: str, size: int | None = None) -> str:
    kb = f" ({max(1, round(size / 1000))} KB)" if size is not None else ""
    return f'<a href="{esc(href)}" download>{esc(label)}</a>{esc(kb)}'


def downloads_page(
    lang: str,
    views: dict[str, PreparedMap],
    chart_ids: list[str],
    kit: PreparedMap | None,
    sizes: dict[str, int],
    accessed: dt.date,
) -> Page:
    """The downloads page: layers, charts' data, tables, the data package, press kit, citation.

    ``sizes`` maps each written file (relative to the site's root) to its size in bytes.
    """
    rows = []
    for prepared in views.values():
        stem = exports.file_stem(prepared)
        name = prepared.text.title + (
            f" — {prepared.text.subtitle}" if prepared.text.subtitle else ""
        )
        links = " · ".join(
            _link(
                f"../downloads/{lang}/{stem}.{ext}",
                ext.upper(),
                sizes.get(f"downloads/{lang}/{stem}.{ext}"),
            )
            for ext in ("csv", "geojson")
        )
        rows.append(f"<tr><th scope='row'>{esc(name)}</th><td>{links}</td></tr>")
    chart_rows = []
    for cid in chart_ids:
        file = f"downloads/{lang}/{chart_spec(cid).file_name(lang)}.csv"
        chart_rows.append(
            f"<tr><th scope='row'>{esc(chart_title(cid, lang))}</th>"
            f"<td>{_link('../' + file, 'CSV', sizes.get(file))}</td></tr>"
        )
    tables = []
    for name in table_names():
        resource = table_resource(name)
        file = f"downloads/data/{name}.csv"
        tables.append(
            f"<tr><th scope='row'>{esc(name)}.csv</th><td>{esc(resource.get('title', ''))}</td>"
            f"<td>{_link('../' + file, 'CSV', sizes.get(file))}</td></tr>"
        )
    head = (
        f"<thead><tr><th scope='col'>{esc(t('site.downloads.view', lang))}</th>"
        f"<th scope='col'>{esc(t('site.downloads.files', lang))}</th></tr></thead>"
    )
    package = f"downloads/{PACKAGE_NAME}.zip"
    parts = [
        f"<h1>{esc(t('site.downloads.title', lang))}</h1>",
        f"<p class='intro'>{esc(t('site.downloads.intro', lang))}</p>",
        f"<h2>{esc(t('site.downloads.layers', lang))}</h2>",
        f"<div class='table-scroll'><table>{head}<tbody>{''.join(rows)}</tbody></table></div>",
        f"<h2>{esc(t('site.downloads.charts', lang))}</h2>",
        f"<div class='table-scroll'><table>{head}<tbody>{''.join(chart_rows)}</tbody></table></div>",
        f"<h2>{esc(t('site.downloads.package', lang))}</h2>",
        f"<p>{esc(t('site.downloads.package_help', lang))}</p>",
        f"<p>{_link('../' + package, PACKAGE_NAME + '.zip', sizes.get(package))}</p>",
        "<div class='table-scroll'><table><thead><tr>"
        f"<th scope='col'>{esc(t('site.downloads.file', lang))}</th>"
        f"<th scope='col'>{esc(t('site.downloads.contents', lang))}</th>"
        f"<th scope='col'>{esc(t('site.downloads.files', lang))}</th></tr></thead>"
        f"<tbody>{''.join(tables)}</tbody></table></div>",
    ]
    if kit is not None:
        file = f"downloads/{lang}/{press_kit_name(kit)}"
        parts += [
            f"<h2>{esc(t('exports.press_kit', lang))}</h2>",
            f"<p>{esc(t('site.downloads.press_kit_help', lang, view=kit.text.title))}</p>",
            f"<p>{_link('../' + file, press_kit_name(kit), sizes.get(file))}</p>",
        ]
    citation = f"downloads/{lang}/CITATION.txt"
    parts += [
        f"<h2>{esc(t('data.citation', lang))}</h2>",
        f"<p class='citation'>{esc(t('data.citation_text', lang))}</p>",
        f"<p>{esc(t('site.downloads.accessed', lang, date=accessed.isoformat()))} "
        f"{_link('../' + citation, 'CITATION.txt', sizes.get(citation))}</p>",
    ]
    return Page(
        lang=lang,
        file="data.html",
        title=f"{t('site.downloads.title', lang)} — {t('app.title', lang)}",
        body="".join(parts),
        body_class="page-downloads",
    )
