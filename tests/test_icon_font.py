"""The cut of Streamlit's icon font that nginx serves in place of the original (deploy/icon_font.py):
every icon a page of the atlas shows is in it, drawn as in the original, for a fraction of its
weight; the configuration answers the font's address with it. In a browser, through `make serve`:
tests/browser/test_replicas.py::test_the_icons_are_drawn_from_the_cut_of_the_icon_font.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from deploy import config as deploy_config
from deploy.icon_font import IconFontError, ligature_names, original_font, write_icon_font

ROOT = Path(__file__).resolve().parents[1]
# Icons Streamlit itself draws on the atlas's pages (seen in a browser: the sidebar's open and
# close buttons, an expander's and a select box's arrows, the uploader's, a dialog's close).
STREAMLIT_DRAWS = {
    "keyboard_double_arrow_left",
    "keyboard_double_arrow_right",
    "expand_more",
    "upload",
    "close",
}


@pytest.fixture(scope="module")
def fonts(tmp_path_factory):
    """(the cut as written, the original), each opened with fontTools."""
    cut = write_icon_font(tmp_path_factory.mktemp("fonts"))
    return cut, TTFont(cut.path), TTFont(original_font())


def _outline(font: TTFont, glyph: str):
    """A glyph's contours, as points and ends (the same drawing has the same numbers)."""
    g = font["glyf"][glyph]
    g.expand(font["glyf"])
    return list(g.getCoordinates(font["glyf"])[0]), list(g.endPtsOfContours or [])


def test_every_icon_the_atlas_names_is_kept_and_drawn_as_in_the_original(fonts):
    _, cut, original = fonts
    named = set()
    for path in [ROOT / "app.py", *(ROOT / "app_pages").rglob("*.py"), *(ROOT / "ui").rglob("*.py")]:
        named |= set(re.findall(r":material/(\w+):", path.read_text(encoding="utf-8")))
    assert {"map", "route", "gavel", "download", "info"} <= named  # the finder finds them
    kept, before = ligature_names(cut), ligature_names(original)
    for name in sorted(named | STREAMLIT_DRAWS):
        assert name in kept, f"{name} was cut: a page would show the word instead of the icon"
        assert _outline(cut, kept[name]) == _outline(original, before[name]), name


def test_the_cut_weighs_a_fraction_of_the_original(fonts):
    found, cut, original = fonts
    size = found.path.stat().st_size
    assert size < 100_000 and size < found.original_bytes / 4, (size, found.original_bytes)
    assert found.path.name == original_font().name  # served at the original's address
    assert found.url_path == f"/static/media/{found.path.name}"
    # Far fewer glyphs than the original's 4,000, yet each of the ~660 icons kept.
    assert cut["maxp"].numGlyphs < original["maxp"].numGlyphs / 4
    assert 500 < found.kept < 1000


def test_an_icon_the_font_lacks_is_refused_with_its_name(tmp_path):
    (tmp_path / "app.py").write_text('st.info("x", icon=":material/no_such_icon_here:")\n')
    with pytest.raises(IconFontError, match=r"no_such_icon_here.*Material Symbols"):
        write_icon_font(tmp_path / "fonts", root=tmp_path)
    assert not (tmp_path / "fonts").exists()


def test_the_configuration_answers_the_font_s_address_with_the_cut(tmp_path, fonts):
    found = fonts[0]
    config = deploy_config.render_config(
        ["127.0.0.1:8501"], "8080", tmp_path, icon_font=found.path
    )
    pattern = re.escape(re.escape(found.url_path))
    block = re.search(rf"location ~ {pattern}\$ \{{(.*?)\}}", config, re.S)
    assert block, "no location for the icon font"
    assert f"root {found.path.parent};" in block.group(1)
    assert f"try_files /{found.path.name} =404;" in block.group(1)
    assert "immutable" in block.group(1) and "Content-Security-Policy" in block.group(1)
    # Without a cut, Streamlit's own font is passed through as before.
    plain = deploy_config.render_config(["127.0.0.1:8501"], "8080", tmp_path)
    assert "MaterialSymbols" not in plain
