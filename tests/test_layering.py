"""Architecture: geo/ never imports streamlit, imports run down the floors, no pages/ folder."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _module_name(path: Path) -> str:
    """``geo.charts`` for geo/charts.py, ``geo.charts`` for geo/charts/__init__.py."""
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_module(name: str) -> bool:
    """True when ``name`` (``geo.charts``) is a module or package of this repository."""
    path = ROOT.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def imports(path: Path, source: str | None = None) -> set[str]:
    """The modules ``path`` imports (``source``: its text, if not the file's own).

    ``from package import name`` is read as ``package.name`` when that is a module, so that
    ``from geo import charts`` counts as importing geo.charts, not geo.
    """
    tree = ast.parse(path.read_text(encoding="utf-8") if source is None else source)
    me = _module_name(path).split(".")
    package = me if path.stem == "__init__" else me[:-1]
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # from . import x, from ..charts import y
                anchor = package[: len(package) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                full = f"{base}.{alias.name}"
                names.add(full if _is_module(full) else base)
    return names


def _geo_modules() -> dict[str, Path]:
    """``geo.<name>`` -> file, for every module of geo/ (a subpackage counts as one module)."""
    out = {}
    for path in (ROOT / "geo").rglob("*.py"):
        name = _module_name(path)
        if name != "geo":
            out[name] = path
    return out


def test_geo_never_imports_streamlit_or_the_glue():
    offenders = {
        name: sorted(found)
        for name, path in _geo_modules().items()
        if (
            found := {
                n
                for n in imports(path)
                if n.split(".")[0] in ("streamlit", "streamlit_folium", "ui", "ui_compat")
            }
        )
    }
    assert not offenders


# geo's floors, bottom up; a subpackage (geo/charts/) belongs to the floor of its name.
FLOORS = {
    "basics": {
        "paths",
        "areas",
        "names",
        "i18n",
        "classify",
        "safety",
        "templating",
        "urls",
        "folium_speed",
        "compat",
        "messages",
    },
    "domain": {"tables", "boundaries", "boundary_checks", "routes", "layers", "quality", "uploads"},
    "builders": {
        "maps",
        "charts",
        "headlines",
        "site",
        "static_map",
        "image_files",
        "exports",
        "profile",
        "views",
        "story",
        "package",
        "downloads",
        "warm",
        "pages",
        "qr",
        "share",
    },
}
RANK = {m: i for i, floor in enumerate(FLOORS.values()) for m in floor}
GLUE = len(FLOORS)  # ui/: above every geo floor


def _rank(module: str) -> int | None:
    """The floor of a module of this repository (geo.x, geo.x.y, ui.x, ui_compat.x), or None."""
    parts = module.split(".")
    if parts[0] == "geo" and len(parts) > 1:
        return RANK.get(parts[1])
    if parts[0] in ("ui", "ui_compat"):
        return GLUE
    return None


def upward_imports(name: str, path: Path, rank: int, source: str | None = None) -> list[str]:
    """The imports of module ``name`` (at floor ``rank``) that reach a floor above it."""
    wrong = []
    for other in imports(path, source):
        other_rank = _rank(other)
        if other_rank is not None and other_rank > rank:
            wrong.append(f"{name} -> {other}")
    return wrong


def test_imports_run_down_the_floors_never_up():
    wrong = []
    for name, path in _geo_modules().items():
        rank = _rank(name)
        if rank is not None:
            wrong += upward_imports(name, path, rank)
    for path in (ROOT / "ui").glob("*.py"):
        wrong += upward_imports(_module_name(path), path, GLUE)
    assert not wrong, wrong


def test_every_geo_module_has_a_floor():
    unplaced = {name for name in _geo_modules() if _rank(name) is None}
    assert not unplaced, f"{sorted(unplaced)}: add them to FLOORS"


def test_ui_compat_imports_nothing_of_the_atlas():
    """The bench patches Streamlit through ui_compat before Streamlit's runtime exists: importing
    ui then would declare streamlit-folium's component too early (app.run_page)."""
    wrong = [
        f"{path.name} -> {name}"
        for path in sorted((ROOT / "ui_compat").glob("*.py"))
        for name in imports(path)
        if name.split(".")[0] in ("ui", "geo", "app", "app_pages")
    ]
    assert not wrong, wrong


def test_the_pages_and_the_glue_import_only_from_below():
    """Pages import the glue and geo, never each other; ui/ never imports a page."""
    pages = [ROOT / "app.py", *sorted((ROOT / "app_pages").glob("*.py"))]
    wrong = [
        f"{path.name} -> {name}"
        for path in pages
        for name in imports(path)
        if name.split(".")[0] in ("app", "app_pages")
    ]
    for path in (ROOT / "ui").glob("*.py"):
        wrong += [
            f"ui/{path.name} -> {name}"
            for name in imports(path)
            if name.split(".")[0] in ("app", "app_pages")
        ]
    assert not wrong, wrong


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from geo import charts", {"geo.charts"}),
        ("from geo.charts import chart_spec", {"geo.charts"}),
        ("import geo.charts", {"geo.charts"}),
        ("from geo import charts, tables", {"geo.charts", "geo.tables"}),
        ("from geo import not_a_module", {"geo"}),
        ("from . import charts", {"geo.charts"}),
        ("from .charts import chart_spec", {"geo.charts"}),
        ("from ui import state", {"ui.state"}),
    ],
)
def test_an_import_is_read_as_the_module_it_reaches(source, expected):
    assert imports(ROOT / "geo" / "tables.py", source) == expected


def test_a_domain_module_importing_a_builder_is_caught():
    """``from geo import charts`` in geo/tables.py (domain) reaches a floor above."""
    tables = ROOT / "geo" / "tables.py"
    source = tables.read_text(encoding="utf-8") + "\nfrom geo import charts\n"
    assert upward_imports("geo.tables", tables, RANK["tables"], source) == [
        "geo.tables -> geo.charts"
    ]


def test_no_pages_folder_beside_the_entry_script():
    """Streamlit 1.67 runs a pages/ folder beside app.py as its old multipage scheme (see
    docs/ARCHITECTURE.md): the page scripts belong in app_pages/."""
    assert not (ROOT / "pages").exists(), "move pages/ to app_pages/ (docs/ARCHITECTURE.md)"
