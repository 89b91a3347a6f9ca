"""One list of hostile payloads, for every field a reader controls and every output it reaches.

A payload is text a reader can send: a file name, a column header, a department or value cell, a
source, a URL value. Each one is an attempt to make some interpreter on the way run it: Jinja2
(branca/folium render templates), JavaScript template literals, ERB/EJS-style tags, matplotlib's
mathtext, HTML and SVG script, spreadsheet formulas (every trigger, and behind the line breaks
and tabs some importers split on), bidi overrides, very long strings, NUL and lone surrogates.

``EVALUATED`` is what an interpreter would leave behind had it run one: a test fails if any
output holds one of these strings. The payloads are built so that their own text never contains
those strings (``"pw" ~ "ned"`` is not ``pwned``).
"""

from __future__ import annotations

import os

# What running a payload would print: never in an output.
EVALUATED = ("pwned", "1343433")
PID_PROBE = "{{ cycler.__init__.__globals__.os.getpid() }}"

TEMPLATES = [
    "{{7*7}}",
    "{{ 7*191919 }}",  # 1343433 if run
    '{{ "pw" ~ "ned" }}',
    PID_PROBE,
    "{% for x in [1] %}{{ 'pw' ~ 'ned' }}{% endfor %}",
    "{# a Jinja comment #}visible",
    "{%raw%}{{7*7}}{%endraw%}",
    "${7*191919}",
    "${'pw'+'ned'}",
    "`${'pw'+'ned'}`",
    "<%= 'pw' + 'ned' %>",
    "#{'pw' + 'ned'}",
]
MATH = ["cost $\\frac{a}{$", "$x^2$", "$\\pw{ned}$", "$$"]
MARKUP = [
    "<script>alert('pw'+'ned')</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "</script><script>alert(1)</script>",
    "<svg><script>alert(1)</script></svg>",
    "]]><script>alert(1)</script>",
    "javascript:alert(1)",
    "<a href='javascript:alert(1)'>x</a>",
    "&lt;b&gt;entity&lt;/b&gt;",
    "**bold** _it_ [link](javascript:alert(1)) `code` # h",
    "</style><style>*{display:none}</style>",
]
FORMULAS = [
    "=1+1",
    "+1+1",
    "-1+1",
    "@SUM(1,1)",
    "＝1+1",
    '=HYPERLINK("http://example.invalid","x")',
    "=cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
    "ok\r=1+1",
    "ok\n@SUM(1)",
    "ok;=1+1",
    " =1+1",
]
ODD = [
    "\u202eevil\u202c.csv",
    "\u2066bidi\u2069 \u200fRLM",
    "A" * 10_000,
    "nul\x00byte",
    "lone \ud800 surrogate",
    "\x1b[31mansi\x1b[0m",
    "'; DROP TABLE x; --",
    "../../etc/passwd",
]
PAYLOADS = TEMPLATES + MATH + MARKUP + FORMULAS + ODD


def payload_id(payload: str) -> str:
    """A short, printable test id for a payload."""
    text = payload.encode("unicode_escape").decode("ascii")
    return text if len(text) <= 40 else f"{text[:30]}..({len(payload)} chars)"


def evaluated_in(text: str) -> list[str]:
    """What in ``text`` shows that a payload was run: ``EVALUATED`` strings, the server's pid."""
    found = [mark for mark in EVALUATED if mark in text]
    # The pid probe would have printed this process's id where the probe stood.
    pid = str(os.getpid())
    if f"{pid} (" in text or f">{pid}<" in text or f'"{pid}"' in text:
        found.append(f"pid {pid}")
    return found
