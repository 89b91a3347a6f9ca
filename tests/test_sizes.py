"""Rooms with one job: no module of the atlas over 600 lines, no function over 120.

A module that grows past 600 lines has become a grab-bag of jobs (split it into a package, one job
a module, as geo/quality/ and geo/charts/ are); a function past 120 lines does several things
that want names of their own. Message catalogues are exempt, since a catalogue is long by nature:
those written in Python would be listed in ``CATALOGUES`` with the reason; the atlas has none
(its messages are the gettext catalogues in geo/locale/, not Python).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHECKED = (
    "app.py",
    "geo",
    "ui",
    "ui_compat",
    "app_pages",
    "deploy",
    "devtools",
    "bench",
    "scripts",
)
MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 120
# Python modules that are message catalogues, exempt from both limits: path -> why. None so far.
CATALOGUES: dict[str, str] = {}


def _modules() -> list[Path]:
    out = []
    for name in CHECKED:
        path = ROOT / name
        out += [path] if path.is_file() else sorted(path.rglob("*.py"))
    return [p for p in out if p.relative_to(ROOT).as_posix() not in CATALOGUES]


def module_lines(source: str) -> int:
    """The lines of a module as an editor counts them."""
    return len(source.splitlines())


def long_functions(source: str, limit: int = MAX_FUNCTION_LINES) -> list[tuple[str, int]]:
    """(qualified name, lines) of each function or method of ``source`` longer than ``limit``
    lines, from its ``def`` to its last line; a nested function counts on its own as well."""
    found = []

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                name = f"{prefix}{child.name}"
                if not isinstance(child, ast.ClassDef):
                    lines = child.end_lineno - child.lineno + 1
                    if lines > limit:
                        found.append((name, lines))
                visit(child, f"{name}.")
            else:
                visit(child, prefix)

    visit(ast.parse(source), "")
    return found


def test_the_scan_reaches_every_part_of_the_atlas():
    found = {p.relative_to(ROOT).parts[0] for p in _modules()}
    assert found == set(CHECKED), set(CHECKED) - found
    assert all((ROOT / path).is_file() for path in CATALOGUES), "a listed catalogue is gone"


def test_no_module_is_longer_than_600_lines():
    long = {
        p.relative_to(ROOT).as_posix(): n
        for p in _modules()
        if (n := module_lines(p.read_text(encoding="utf-8"))) > MAX_MODULE_LINES
    }
    assert not long, f"split these modules, one job a module (lines): {long}"


def test_no_function_is_longer_than_120_lines():
    long = {
        f"{p.relative_to(ROOT).as_posix()}: {name}": n
        for p in _modules()
        for name, n in long_functions(p.read_text(encoding="utf-8"))
    }
    assert not long, f"split these functions (lines): {long}"


def _function(name: str, body_lines: int, indent: str = "") -> str:
    body = "".join(f"{indent}    x = {i}\n" for i in range(body_lines))
    return f"{indent}def {name}():\n{body}"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (_function("short", 119), []),  # 120 lines with its def: at the limit
        (_function("long", 120), [("long", 121)]),
        ("class A:\n" + _function("method", 130, "    "), [("A.method", 131)]),
        (
            _function("outer", 2) + _function("inner", 125, "    "),
            [("outer", 129), ("outer.inner", 126)],
        ),
        ("async " + _function("waits", 121), [("waits", 122)]),
    ],
)
def test_a_long_function_is_caught_wherever_it_is_defined(source, expected):
    assert long_functions(source) == expected


def test_a_long_module_is_caught():
    assert module_lines("x = 1\n" * 601) == 601 > MAX_MODULE_LINES
