"""Architecture: geo/ never imports streamlit, and imports run down the floors."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def _module(path: Path) -> str:
    """The geo module a file belongs to: ``geo/charts/frame.py`` belongs to ``charts``."""
    return path.relative_to(ROOT / "geo").parts[0].removesuffix(".py")


def _geo_files() -> list[Path]:
    """Every Python file of geo/, packages' modules included."""
    return sorted((ROOT / "geo").rglob("*.py"))


def test_geo_never_imports_streamlit():
    offenders = [
        str(p.relative_to(ROOT))
        for p in _geo_files()
        if any(n.split(".")[0] in ("streamlit", "streamlit_folium", "ui") for n in _imports(p))
    ]
    assert not offenders


FLOORS = {
    "basics": {"paths", "names", "i18n", "classify", "safety"},
    "domain": {"tables", "boundaries", "routes", "layers", "quality", "uploads"},
    "builders": {
        "maps",
        "charts",
        "headlines",
        "static_map",
        "exports",
        "profile",
        "views",
        "story",
    },
}
RANK = {m: i for i, floor in enumerate(FLOORS.values()) for m in floor}


def test_imports_run_down_the_floors_never_up():
    wrong = []
    for path in _geo_files():
        me = _module(path)
        if me not in RANK:
            continue
        for name in _imports(path):
            if name.startswith("geo."):
                other = name.split(".")[1]
                if other in RANK and RANK[other] > RANK[me]:
                    wrong.append(f"{me} -> {other}")
    assert not wrong, wrong


def test_every_geo_module_has_a_floor():
    modules = {_module(p) for p in _geo_files()} - {"__init__"}
    assert modules <= set(RANK), modules - set(RANK)
