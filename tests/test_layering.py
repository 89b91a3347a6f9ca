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


def _geo_modules():
    """(floor name, path) of every geo module; a package's modules go by the package's name."""
    for path in sorted((ROOT / "geo").rglob("*.py")):
        parts = path.relative_to(ROOT / "geo").parts
        name = parts[0] if len(parts) > 1 else path.stem
        if name != "__init__":
            yield name, path


def test_geo_never_imports_streamlit():
    offenders = [
        p.name
        for _, p in _geo_modules()
        if any(n.split(".")[0] in ("streamlit", "streamlit_folium", "ui") for n in _imports(p))
    ]
    assert not offenders


FLOORS = {
    "basics": {"paths", "names", "i18n", "classify", "safety"},
    "domain": {"tables", "boundaries", "boundary_checks", "routes", "layers", "quality", "uploads"},
    "builders": {"maps", "charts", "static_map", "exports", "profile", "views", "story"},
}
RANK = {m: i for i, floor in enumerate(FLOORS.values()) for m in floor}


def test_imports_run_down_the_floors_never_up():
    wrong = []
    for me, path in _geo_modules():
        if me not in RANK:
            continue
        for name in _imports(path):
            if name.startswith("geo."):
                other = name.split(".")[1]
                if other in RANK and RANK[other] > RANK[me]:
                    wrong.append(f"{me} -> {other}")
    assert not wrong, wrong


def test_every_geo_module_has_a_floor():
    modules = {name for name, _ in _geo_modules()}
    assert modules <= set(RANK), modules - set(RANK)
