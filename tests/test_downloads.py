"""The downloads of a map view: names, types and the bytes of each kind."""

import io
import json
import zipfile

import pytest

from geo.downloads import MAP_DOWNLOAD_KINDS, MAP_DOWNLOADS, download_bytes, download_name
from geo.i18n import catalogue
from geo.views import MapView, prepare_map


@pytest.fixture(scope="module")
def prepared():
    return prepare_map(MapView("origin", "per_100k", ("lima",), "08", "en"))


def test_every_download_has_a_label_in_both_languages():
    for lang in ("es", "en"):
        assert all(catalogue(lang).get(d.label_key) for d in MAP_DOWNLOADS)


def test_download_names_start_with_the_view(prepared):
    assert [download_name(kind, prepared) for kind in MAP_DOWNLOAD_KINDS] == [
        "atlas-peru-origin-per-100k-en.png",
        "atlas-peru-origin-per-100k-en.svg",
        "atlas-peru-origin-per-100k-en.html",
        "atlas-peru-origin-per-100k-en.csv",
        "atlas-peru-origin-per-100k-en.geojson",
        "atlas-peru-origin-per-100k-en-press-kit.zip",
    ]


@pytest.mark.parametrize("kind", ["png", "svg", "html", "csv", "geojson"])
def test_each_download_is_a_file_of_its_kind(prepared, kind):
    data = download_bytes(kind, prepared)
    if kind == "png":
        assert data.startswith(b"\x89PNG\r\n\x1a\n")
    elif kind == "svg":
        assert b"<svg" in data[:1000]
    elif kind == "html":
        assert data.lstrip().lower().startswith(b"<!doctype html")
    elif kind == "csv":
        header = next(line for line in data.splitlines() if not line.startswith(b"#,"))
        assert header.startswith(b"department_code")
    else:
        assert json.loads(data)["type"] == "FeatureCollection"


def test_the_press_kit_download_is_a_zip_with_the_map(prepared, monkeypatch):
    from geo import charts

    def no_chromium(*_args, **_kwargs):
        raise charts.ChartImageError("no Chromium in this test")

    monkeypatch.setattr(charts, "figure_png", no_chromium)  # the chart PNGs are tested elsewhere
    with zipfile.ZipFile(io.BytesIO(download_bytes("zip", prepared))) as kit:
        assert "atlas-peru-origin-per-100k-en.png" in kit.namelist()


def test_an_unknown_download_is_refused_with_the_known_kinds(prepared):
    with pytest.raises(ValueError, match=r"unknown download 'pdf'.*png, svg, html"):
        download_bytes("pdf", prepared)
