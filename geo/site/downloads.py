"""The static edition's downloads: layer CSV and GeoJSON, the map's PNG and SVG, chart CSVs, the data
package ZIP, the press kit and the citation, written once at build time, and the page that lists them.

The map images are the live app's downloads of the same view (``geo.downloads.download_bytes``,
which draws with ``geo.static_map``): the view's layer and measure with the six routes and no
department chosen, the live map's default; same bytes, same file names."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from geo import exports, package
from geo.charts import chart_csv, chart_spec
from geo.downloads import download_bytes, download_name
from geo.i18n import t
from geo.pages.data import data_page
from geo.site.charts import chart_title
from geo.site.html import Page, words
from geo.templating import render as render_template
from geo.views import ROUTE_IDS, MapView, PreparedMap, prepare_map

PACKAGE_NAME = package.PACKAGE_NAME
IMAGE_KINDS = ("png", "svg")  # the map's downloads the static edition writes for every view


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


def image_view(layer: str, measure: str, lang: str, boundaries=None) -> PreparedMap:
    """The view the map images show: the live map's default for this layer and measure (the six
    routes, no department chosen), prepared as the live app prepares it."""
    return prepare_map(MapView(layer, measure, ROUTE_IDS, None, lang), boundaries=boundaries)


def map_image_files(prepared: PreparedMap) -> dict[str, bytes]:
    """The view as PNG and SVG, named and drawn as the live app's download buttons do."""
    return {download_name(kind, prepared): download_bytes(kind, prepared) for kind in IMAGE_KINDS}


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


def _link(href: str, label: str, size: int | None = None) -> tuple[str, str, int | None]:
    """A download link as downloads.html lays it out: (href, label, size in KB or None)."""
    return href, label, (max(1, round(size / 1000)) if size is not None else None)


def downloads_page(
    lang: str,
    views: dict[str, PreparedMap],
    chart_ids: list[str],
    kit: PreparedMap | None,
    sizes: dict[str, int],
    accessed: dt.date,
) -> Page:
    """The data page: the live Data & sources page's model (``geo.pages.data``: its tables with
    their sources, the package, the data-quality findings, the citation, where the embed codes
    are and what needs the live app), with the static edition's downloads of every view (data
    and map images) and chart, and the press kit.

    ``sizes`` maps each written file (relative to the site's root) to its size in bytes.
    """
    layers = []
    for prepared in views.values():
        stem = exports.file_stem(prepared)
        name = prepared.text.title + (
            f" — {prepared.text.subtitle}" if prepared.text.subtitle else ""
        )
        links = [
            _link(
                f"../downloads/{lang}/{stem}.{ext}",
                ext.upper(),
                sizes.get(f"downloads/{lang}/{stem}.{ext}"),
            )
            for ext in ("csv", "geojson", *IMAGE_KINDS)
        ]
        layers.append((name, links))
    chart_rows = []
    for cid in chart_ids:
        file = f"downloads/{lang}/{chart_spec(cid).file_name(lang)}.csv"
        chart_rows.append((chart_title(cid, lang), _link("../" + file, "CSV", sizes.get(file))))
    model = data_page(lang)  # what the live Data & sources page says too
    tables = []
    for entry in model.tables:
        file = f"downloads/data/{entry.file}"
        tables.append((entry, _link("../" + file, entry.download, sizes.get(file))))
    package = f"downloads/{PACKAGE_NAME}.zip"
    press = None
    if kit is not None:
        file = f"downloads/{lang}/{press_kit_name(kit)}"
        press = {
            "view": kit.text.title,
            "link": _link("../" + file, press_kit_name(kit), sizes.get(file)),
        }
    citation = f"downloads/{lang}/CITATION.txt"
    body = render_template(
        "site/downloads.html",
        t=words(lang),
        page=model,
        layers=layers,
        charts=chart_rows,
        package=_link("../" + package, model.package_download, sizes.get(package)),
        tables=tables,
        kit=press,
        accessed=accessed.isoformat(),
        citation=_link("../" + citation, "CITATION.txt", sizes.get(citation)),
    )
    return Page(
        lang=lang,
        file="data.html",
        title=f"{t('data.title', lang)} — {t('app.title', lang)}",
        body=body,
        body_class="page-downloads",
    )
