"""No import cycle among the atlas's own modules.

The graph's nodes are the modules of geo, ui, ui_compat, deploy, devtools and app_pages, and app.py;
an edge is any import of one by another, at a module's top or inside a function. Both count: an
import moved into a function to get past a cycle (``from geo.boundaries import BoundaryError  #
here: geo.boundaries imports this module``) still ties the two modules into one, which can then be
neither understood, tested nor moved apart, and works only as long as nobody calls that function
while the other module is half-initialised. A package's ``__init__`` is the node of the package's
name (``ui``); importing ``ui.state`` does not count as importing ``ui`` (Python runs the package's
``__init__`` first, but that is the package's own business, not a dependency of the importer).
"""

from __future__ import annotations

from pathlib import Path

from test_layering import _is_module, _module_name, imports

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("geo", "ui", "ui_compat", "deploy", "devtools", "app_pages")


def _modules() -> dict[str, Path]:
    """``geo.boundaries`` -> geo/boundaries.py, ``ui`` -> ui/__init__.py, ``app`` -> app.py, ..."""
    files = [ROOT / "app.py"] + [p for package in PACKAGES for p in (ROOT / package).rglob("*.py")]
    return {_module_name(path): path for path in sorted(files)}


def import_graph(sources: dict[str, str] | None = None) -> dict[str, set[str]]:
    """Module -> the modules of the atlas it imports (``sources``: a module's text, if not its file's)."""
    modules = _modules()
    sources = sources or {}
    graph = {}
    for name, path in modules.items():
        found = imports(path, sources.get(name))
        graph[name] = {other for other in found if other in modules and other != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle through each strongly connected group of modules, as ``[a, b, ..., a]``.

    Tarjan's algorithm finds the groups (modules that all reach one another); a breadth-first
    search inside each gives the shortest way from its first module back to itself.
    """
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(group)

    for node in sorted(graph):
        if node not in index:
            visit(node)

    found = []
    for group in groups:
        start = min(group)
        paths = {other: [start, other] for other in sorted(graph[start] & group)}
        queue = list(paths)
        while start not in paths:
            node = queue.pop(0)
            for other in sorted(graph[node] & group):
                if other not in paths:
                    paths[other] = [*paths[node], other]
                    queue.append(other)
        found.append(paths[start])
    return sorted(found)


def _shown(cycle: list[str]) -> str:
    return " -> ".join(cycle)


def test_the_atlas_has_no_import_cycle():
    found = cycles(import_graph())
    assert not found, (
        "import cycles (top-level and function-level imports both count): move what both need "
        "to a module below them:\n  " + "\n  ".join(map(_shown, found))
    )


def test_the_graph_holds_every_module_and_reads_function_level_imports():
    graph = import_graph()
    assert {"app", "geo.boundaries", "geo.charts.images", "ui", "ui.state", "deploy.config"} <= set(
        graph
    )
    # geo.boundary_checks imports geo.names inside known_points(), not at its top.
    assert "geo.names" in graph["geo.boundary_checks"]
    assert all(_is_module(other) for others in graph.values() for other in others)


def test_a_cycle_through_a_function_level_import_is_caught():
    """What geo.boundary_checks did until the error and the measures moved below geo.boundaries."""
    checks = (ROOT / "geo" / "boundary_checks.py").read_text(encoding="utf-8")
    source = checks + (
        "\n\ndef _error(file, message):\n"
        "    from geo.boundaries import BoundaryError  # here: geo.boundaries imports this module\n"
        "\n    return BoundaryError(message)\n"
    )
    found = cycles(import_graph({"geo.boundary_checks": source}))
    assert found == [["geo.boundaries", "geo.boundary_checks", "geo.boundaries"]]


def test_the_shortest_way_round_each_cycle_is_named():
    graph = {"a": {"b"}, "b": {"c", "a"}, "c": {"a"}, "d": {"d2"}, "d2": {"d"}, "e": set()}
    assert cycles(graph) == [["a", "b", "a"], ["d", "d2", "d"]]
