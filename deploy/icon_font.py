"""Streamlit's icon font cut down to the icons a page of the atlas can show, for nginx to serve
at the font's own address.

Streamlit 1.67 asks for its icon font (Material Symbols Rounded, 376 KB of WOFF2) on every first
visit to any of its pages, whatever the page draws (tests/test_page_weight.py). The font holds
4,309 icons; a page shows an icon by writing its name (``map``, ``keyboard_double_arrow_left``),
which the font's ligatures turn into the icon's glyph. A page of the atlas can only show names
that are written in Streamlit's own scripts (its sidebar's button, its menus, its uploader, ...)
or in the atlas's code (``:material/map:`` in app.py, app_pages/ and ui/). The cut keeps the
glyphs of every known name that appears as a word anywhere in those scripts or that code (about
660, most of them words of the scripts that are no icon Streamlit draws: kept all the same, since
a missing icon would show as its name in letters), the letters the names are written with, and
the ligatures between them; 65 KB. nginx serves it in place of the original
(deploy/nginx.conf.template, "icon font"; docs/DEPLOY.md, "Weight and caching").

An upgrade of Streamlit brings a new font under a new name (the name carries a hash of its
content): the cut is made from the installed one each time the configuration is written.
"""

from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass
from pathlib import Path

from deploy.config import ROOT

# Streamlit's icon font in its package (the part after the dot is the content's hash).
FONT_GLOB = "MaterialSymbols-Rounded.*.woff2"
# Where the atlas names its icons (``:material/<name>:``), besides Streamlit's own scripts.
ATLAS_CODE = ("app.py", "app_pages", "ui")
ATLAS_ICON = re.compile(r":material/([a-z0-9_]+):")
_WORD = re.compile(r"[a-z0-9_]+")


class IconFontError(RuntimeError):
    """Streamlit's icon font is not where it was expected, or not as expected."""


@dataclass(frozen=True)
class IconFont:
    """The cut font (``path``), the address nginx serves it at (``url_path``), how many icons it
    keeps of how many, and the original's size."""

    path: Path
    url_path: str
    kept: int
    known: int
    original_bytes: int


def streamlit_static() -> Path:
    """Streamlit's ``static`` folder, found without importing Streamlit."""
    spec = importlib.util.find_spec("streamlit")
    if spec is None or not spec.submodule_search_locations:
        raise IconFontError("streamlit is not installed: the icon font is Streamlit's")
    return Path(next(iter(spec.submodule_search_locations))) / "static"


def original_font(static: Path | None = None) -> Path:
    """The one icon font in Streamlit's ``static/static/media``."""
    media = (static or streamlit_static()) / "static" / "media"
    found = sorted(media.glob(FONT_GLOB))
    if len(found) != 1:
        raise IconFontError(
            f"expected one {FONT_GLOB} in {media}, found {len(found)}: Streamlit's icon font "
            "moved (see deploy/icon_font.py)"
        )
    return found[0]


def ligature_names(font) -> dict[str, str]:
    """Each icon's name (the letters a page writes) -> the name of the glyph it becomes."""
    letters = {glyph: chr(code) for code, glyph in font.getBestCmap().items()}
    names: dict[str, str] = {}
    for lookup in font["GSUB"].table.LookupList.Lookup:
        for table in lookup.SubTable:
            table = getattr(table, "ExtSubTable", table)  # an extension lookup wraps the table
            for first, ligatures in getattr(table, "ligatures", {}).items():
                for ligature in ligatures:
                    glyphs = [first, *ligature.Component]
                    if all(g in letters for g in glyphs):
                        names["".join(letters[g] for g in glyphs)] = ligature.LigGlyph
    return names


def words_of_streamlit(static: Path | None = None) -> set[str]:
    """Every lower-case word written in Streamlit's scripts."""
    words: set[str] = set()
    for script in ((static or streamlit_static()) / "static" / "js").glob("*.js"):
        words.update(_WORD.findall(script.read_text(encoding="utf-8", errors="replace")))
    return words


def atlas_icons(root: Path = ROOT) -> set[str]:
    """The icons the atlas's code names (``:material/<name>:``)."""
    names: set[str] = set()
    for part in ATLAS_CODE:
        path = root / part
        for source in [path] if path.is_file() else sorted(path.rglob("*.py")):
            names.update(ATLAS_ICON.findall(source.read_text(encoding="utf-8")))
    return names


def write_icon_font(out_dir: Path, static: Path | None = None, root: Path = ROOT) -> IconFont:
    """Write the cut font into ``out_dir``, under the original's name.

    Raises
    ------
    IconFontError
        When the font is missing, or the atlas names an icon the font does not have (a typo
        would show the name in letters, on the live app too).
    """
    from fontTools import subset
    from fontTools.ttLib import TTFont

    source = original_font(static)
    font = TTFont(source)
    names = ligature_names(font)
    ours = atlas_icons(root)
    unknown = sorted(ours - names.keys())
    if unknown:
        raise IconFontError(
            f"the atlas names icons that {source.name} does not have: {unknown} (expected "
            "Material Symbols names, as in https://fonts.google.com/icons)"
        )
    keep = (words_of_streamlit(static) & names.keys()) | ours
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    # No closure over the ligatures: with every letter kept, it would keep every icon. Ligatures
    # whose glyph is not kept are dropped; the kept names' ligatures stay whole.
    options.layout_closure = False
    cutter = subset.Subsetter(options)
    cutter.populate(
        glyphs=sorted(names[n] for n in keep), unicodes=sorted({ord(c) for n in keep for c in n})
    )
    cutter.subset(font)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / source.name
    font.flavor = "woff2"
    font.save(target)
    return IconFont(
        path=target,
        url_path=f"/static/media/{source.name}",
        kept=len(keep),
        known=len(names),
        original_bytes=source.stat().st_size,
    )
