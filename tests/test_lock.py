"""uv.lock is the install: it must be the lock of this pyproject.toml, and declare what the code uses.

``make setup`` / ``make test-setup`` install exactly the versions uv.lock holds (``uv sync
--locked``). A dependency added to pyproject.toml, or a range changed, without ``make lock`` would
leave the lock describing another project: these tests fail then, naming the difference.
"""

from __future__ import annotations

import ast
import importlib.metadata
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from geo.compat import branca as branca_compat
from geo.compat import folium as folium_compat
from ui_compat import streamlit as st_compat
from ui_compat import streamlit_folium as st_folium_compat

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
LOCK = tomllib.loads((ROOT / "uv.lock").read_text(encoding="utf-8"))
RELOCK = "run `make lock` and commit uv.lock"

# name, optional [extras], optional specifier, optional ; marker (PEP 508, as pyproject writes it)
REQUIREMENT = re.compile(
    r"^\s*(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[(?P<extras>[^\]]*)\])?\s*"
    r"(?P<specifier>[^;]*?)\s*(?:;\s*(?P<marker>.+?))?\s*$"
)


def _name(name: str) -> str:
    """A distribution's name as PyPI and uv compare it (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _specifier(specifier: str) -> str:
    return ",".join(sorted(part.replace(" ", "") for part in specifier.split(",") if part.strip()))


def _from_pyproject(requirement: str) -> tuple[str, str, str, str]:
    match = REQUIREMENT.match(requirement)
    assert match, f"pyproject.toml: cannot read the requirement {requirement!r}"
    extras = ",".join(sorted(_name(e) for e in (match["extras"] or "").split(",") if e.strip()))
    marker = (match["marker"] or "").replace('"', "'")
    return _name(match["name"]), extras, _specifier(match["specifier"]), marker


def _from_lock(entry: dict) -> tuple[str, str, str, str]:
    extras = ",".join(sorted(_name(e) for e in entry.get("extras", [])))
    marker = entry.get("marker", "").replace('"', "'")
    return _name(entry["name"]), extras, _specifier(entry.get("specifier", "")), marker


def _project_in_lock() -> dict:
    name = _name(PYPROJECT["project"]["name"])
    found = [p for p in LOCK["package"] if p["name"] == name]
    assert found, f"uv.lock has no package {name!r} (the project): {RELOCK}"
    return found[0]


def _locked_versions() -> dict[str, str]:
    return {p["name"]: p["version"] for p in LOCK["package"]}


def _shown(requirement: tuple[str, str, str, str]) -> str:
    name, extras, specifier, marker = requirement
    return name + (f"[{extras}]" if extras else "") + specifier + (f"; {marker}" if marker else "")


def _differences(declared: list[str], locked: list[dict]) -> list[str]:
    ours = {_from_pyproject(r) for r in declared}
    theirs = {_from_lock(e) for e in locked}
    return [f"pyproject.toml has {_shown(r)}" for r in sorted(ours - theirs)] + [
        f"uv.lock has        {_shown(r)}" for r in sorted(theirs - ours)
    ]


# --- the lock is this pyproject's --------------------------------------------------------------


def test_the_locked_dependencies_are_pyproject_tomls():
    locked = _project_in_lock()["metadata"]["requires-dist"]
    differences = _differences(PYPROJECT["project"]["dependencies"], locked)
    assert not differences, (
        "pyproject.toml's dependencies and the ones uv.lock was resolved for differ:\n  "
        + "\n  ".join(differences)
        + f"\n{RELOCK}"
    )


def test_the_locked_groups_are_pyproject_tomls():
    groups = PYPROJECT.get("dependency-groups", {})
    locked = _project_in_lock()["metadata"].get("requires-dev", {})
    assert sorted(groups) == sorted(locked), (
        f"pyproject.toml has the groups {sorted(groups)}, uv.lock {sorted(locked)}: {RELOCK}"
    )
    for group, declared in groups.items():
        differences = _differences(declared, locked[group])
        assert not differences, (
            f"the {group!r} group differs between pyproject.toml and uv.lock:\n  "
            + "\n  ".join(differences)
            + f"\n{RELOCK}"
        )


def test_uv_itself_finds_the_lock_up_to_date():
    """uv's own check: everything above, and what they do not read (requires-python, sources)."""
    import uv

    done = subprocess.run(
        [uv.find_uv_bin(), "lock", "--check", "--offline", "--no-progress"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, f"`uv lock --check` says:\n{done.stderr[-2000:]}\n{RELOCK}"


def test_the_makefile_bootstraps_the_uv_the_test_group_locks():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    bootstrap = re.search(r"^UV_VERSION := (\S+)$", makefile, re.MULTILINE)
    assert bootstrap, "the Makefile sets no UV_VERSION (the uv that installs from uv.lock)"
    assert _locked_versions()["uv"] == bootstrap[1], (
        f"the Makefile installs uv {bootstrap[1]}, uv.lock's test group uv "
        f"{_locked_versions()['uv']}: make them one version"
    )


# --- exact pins where the atlas relies on a library's insides ----------------------------------


@pytest.mark.parametrize(
    ("distribution", "module"),
    [
        ("streamlit", st_compat),
        ("streamlit-folium", st_folium_compat),
        ("branca", branca_compat),
        ("folium", folium_compat),
    ],
    ids=lambda v: getattr(v, "__name__", v),
)
def test_a_library_whose_insides_are_used_is_pinned_to_the_version_checked(distribution, module):
    declared = {
        name: specifier
        for name, _, specifier, _ in map(_from_pyproject, PYPROJECT["project"]["dependencies"])
    }
    assert declared.get(distribution) == f"=={module.TESTED_VERSION}", (
        f"pyproject.toml declares {distribution}{declared.get(distribution, ' (nothing)')}, but "
        f"{module.__name__} was written against {module.TESTED_VERSION} only: pin it "
        f'"{distribution}=={module.TESTED_VERSION}" (and relock)'
    )


def test_ruff_is_pinned_so_a_new_rule_cannot_fail_the_lint_unasked():
    test_group = dict(
        (name, specifier)
        for name, _, specifier, _ in map(_from_pyproject, PYPROJECT["dependency-groups"]["test"])
    )
    assert test_group.get("ruff", "").startswith("=="), f"ruff{test_group.get('ruff')} floats"


# --- every third-party module the code imports is declared where it is used ---------------------

# Which of pyproject's declarations each folder may rely on.
FOLDERS = {
    "app.py": ("project",),
    "app_pages": ("project",),
    "geo": ("project",),
    "ui": ("project",),
    "ui_compat": ("project",),
    "deploy": ("project", "serve"),
    "scripts": ("project", "data"),
    "devtools": ("project", "test"),
    "bench": ("project", "test"),
    "tests": ("project", "test", "serve"),
}
BARE = ("tests", "tests/browser", "scripts", "deploy")
OURS = {Path(folder).stem for folder in FOLDERS}


def _declared(sources: tuple[str, ...]) -> set[str]:
    requirements = []
    for source in sources:
        if source == "project":
            requirements += PYPROJECT["project"]["dependencies"]
        else:
            requirements += PYPROJECT.get("dependency-groups", {}).get(source, [])
    return {_from_pyproject(r)[0] for r in requirements}


def _third_party_imports(path: Path, own: set[str]) -> set[str]:
    """Top-level names of the modules a file imports (anywhere in it) that are not ours nor stdlib."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found |= {name.split(".")[0] for name in names}
    return found - set(sys.stdlib_module_names) - OURS - own


def _files(folder: str) -> list[Path]:
    path = ROOT / folder
    return [path] if path.is_file() else sorted(path.rglob("*.py"))


def test_every_third_party_module_the_code_imports_is_declared_for_its_folder():
    providers = importlib.metadata.packages_distributions()
    # Our modules imported by a bare name: test helpers and scripts, from folders that the tests
    # (pytest's rootdir-relative imports) or a path hack put on sys.path.
    own = {file.stem for folder in BARE for file in (ROOT / folder).glob("*.py")}
    undeclared = []
    for folder, sources in FOLDERS.items():
        declared = _declared(sources)
        for file in _files(folder):
            for module in sorted(_third_party_imports(file, own)):
                distributions = {_name(d) for d in providers.get(module, [module])}
                if not distributions & declared:
                    undeclared.append(
                        f"{file.relative_to(ROOT)} imports {module} (from "
                        f"{', '.join(sorted(distributions))}), not declared in {' or '.join(sources)}"
                    )
    assert not undeclared, (
        "imported but not declared (a dependency's dependency can go away in any release): "
        "declare each in pyproject.toml ([project] dependencies or the group), then `make lock`:\n  "
        + "\n  ".join(undeclared)
    )
