"""The downloads of a map view: which files there are, what each is called and its bytes."""

from __future__ import annotations

from dataclasses import dataclass

# Modules, not their functions: a test replaces a builder to prove it is not called on a rerun.
# geo.static_map (matplotlib, slow to import: bench/README.md, `import ui`) is imported when an
# image is asked for.
from geo import exports
from geo.views import PreparedMap

PRESS_KIT_CHARTS = exports.OVERVIEW_CHARTS  # the charts of the overview, as in the press kit


@dataclass(frozen=True)
class MapDownload:
    """One file a view can be downloaded as."""

    kind: str
    label_key: str  # catalogue key of the button's label
    suffix: str  # what the file name ends with, after the view's stem
    mime: str


MAP_DOWNLOADS = (
    MapDownload("png", "exports.png", ".png", "image/png"),
    MapDownload("svg", "exports.svg", ".svg", "image/svg+xml"),
    MapDownload("html", "exports.html", ".html", "text/html"),
    MapDownload("csv", "exports.csv", ".csv", "text/csv"),
    MapDownload("geojson", "exports.geojson", ".geojson", "application/geo+json"),
    MapDownload("zip", "exports.press_kit", "-press-kit.zip", "application/zip"),
)
MAP_DOWNLOAD_KINDS = tuple(d.kind for d in MAP_DOWNLOADS)


def map_download(kind: str) -> MapDownload:
    """The download of ``kind`` (one of :data:`MAP_DOWNLOAD_KINDS`).

    Raises
    ------
    ValueError
        For an unknown kind.
    """
    for download in MAP_DOWNLOADS:
        if download.kind == kind:
            return download
    raise ValueError(f"unknown download {kind!r}: expected one of {', '.join(MAP_DOWNLOAD_KINDS)}")


def download_name(kind: str, prepared: PreparedMap) -> str:
    """The file name of a download: the view's stem (``atlas-peru-<layer>-<measure>-<lang>``)."""
    return exports.file_stem(prepared) + map_download(kind).suffix


def download_bytes(kind: str, prepared: PreparedMap) -> bytes:
    """The bytes of one download of a prepared view (see :data:`MAP_DOWNLOADS` for the kinds)."""
    map_download(kind)  # an unknown kind fails here, naming the known ones
    if kind in ("png", "svg"):
        from geo import static_map

        return static_map.static_map(prepared, kind)
    if kind == "html":
        return exports.standalone_html(prepared).encode("utf-8")
    if kind == "csv":
        return exports.layer_csv(prepared)
    if kind == "geojson":
        return exports.layer_geojson(prepared)
    return exports.press_kit(prepared, prepared.view.lang, PRESS_KIT_CHARTS)[0]
