"""No HTML is built in f-strings under geo/: markup lives in Jinja2 templates that escape.

An f-string that starts with ``<`` is markup with values pasted in, where one missed escape is an
injection and no test would notice. Such markup belongs in a template (``geo/templates/``,
``geo/site/templates/``, rendered by :mod:`geo.templating` with autoescaping on).
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# (file, line's text stripped) -> why it may stay. Keep it empty: a one-line helper that truly
# cannot be a template is named here with its reason.
ALLOWED: dict[tuple[str, str], str] = {}


def _starts_with_markup(node: ast.JoinedStr) -> bool:
    first = node.values[0] if node.values else None
    return (
        isinstance(first, ast.Constant)
        and isinstance(first.value, str)
        and first.value.lstrip().startswith("<")
    )


def html_fstrings(path: Path) -> list[tuple[int, str]]:
    """(line, text) of every f-string in ``path`` whose text starts with ``<``."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.JoinedStr) and _starts_with_markup(node):
            found.append((node.lineno, lines[node.lineno - 1].strip()))
    return found


def test_the_finder_sees_every_spelling_of_an_html_fstring(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        'a = f"<b>{x}</b>"\n'
        "b = f'<i>{x}</i>'\n"
        'c = f"""\n  <p>{x}</p>"""\n'
        'd = ("<div>" f"{x}")\n'
        'e = f"{x}<b>"\n'
        'f = "<b>plain</b>"\n',
        encoding="utf-8",
    )
    assert [line for line, _text in html_fstrings(sample)] == [1, 2, 3, 5]


def test_no_module_of_geo_builds_html_in_an_fstring():
    offenders = []
    for path in sorted((ROOT / "geo").rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        for line, text in html_fstrings(path):
            if (relative, text) not in ALLOWED:
                offenders.append(f"{relative}:{line}: {text}")
    assert not offenders, "markup built in f-strings (use a template):\n" + "\n".join(offenders)
