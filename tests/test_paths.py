"""Where the atlas's files are: Leaflet's files, installed at set-up, are found or missed."""

import geo.paths
from geo.paths import leaflet_installed


def test_leaflet_is_installed_by_the_set_up():
    assert leaflet_installed()


def test_missing_leaflet_files_are_noticed(tmp_path, monkeypatch):
    monkeypatch.setattr(geo.paths, "LEAFLET_DIR", tmp_path)
    assert not leaflet_installed()
    (tmp_path / "leaflet.js").write_text("", encoding="utf-8")
    assert not leaflet_installed()  # the stylesheet too
    (tmp_path / "leaflet.css").write_text("", encoding="utf-8")
    assert leaflet_installed()
