"""Department names and codes: one harmoniser that resolves any reference to an INEI code."""

from __future__ import annotations

import csv
import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from geo.paths import DATA_DIR


class UnknownDepartmentError(ValueError):
    """A department reference that resolves to no INEI code.

    Attributes
    ----------
    value : the reference as given.
    suggestions : the closest valid names, best first.
    """

    def __init__(self, value: object, suggestions: list[str]):
        self.value = value
        self.suggestions = suggestions
        hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(
            f"unknown department {value!r}: expected a Peruvian department name, "
            f"an INEI code 01-25 or an ISO 3166-2 code such as PE-CUS{hint}"
        )


@dataclass(frozen=True)
class Department:
    code: str  # INEI code, "01"-"25"
    name: str  # Spanish name with accents, the canonical label
    iso: str  # ISO 3166-2, e.g. "PE-CUS"
    capital: str


def fold(text: str) -> str:
    """Lower-case, strip accents and punctuation, collapse spaces: the key names are compared on."""
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[^a-z0-9]+", " ", text.lower())
    return " ".join(text.split())


@lru_cache(maxsize=1)
def departments() -> tuple[Department, ...]:
    """The 25 first-level units, in INEI code order, from ``data/departments.csv``."""
    with open(DATA_DIR / "departments.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return tuple(
        Department(r["department_code"], r["department"], r["iso_3166_2"], r["capital"])
        for r in rows
    )


def department_names() -> dict[str, str]:
    """INEI code -> Spanish name."""
    return {d.code: d.name for d in departments()}


@lru_cache(maxsize=1)
def _lookup() -> dict[str, str]:
    table: dict[str, str] = {}
    for d in departments():
        table[fold(d.name)] = d.code
        table[fold(d.iso)] = d.code
        table[fold("departamento de " + d.name)] = d.code
        table[fold("region " + d.name)] = d.code
        table[fold(d.name + " region")] = d.code
    with open(DATA_DIR / "department_aliases.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            table[fold(row["alias"])] = row["department_code"]
    return table


_CODE = re.compile(r"^\d{1,2}(0000)?$")


def resolve_department(value: object) -> str:
    """Resolve a department reference to its INEI code.

    Accepts names with or without accents in any case, known aliases (Cuzco, "Región Lima",
    "Lima Metropolitana", "Provincia Constitucional del Callao"...), INEI codes as ``8``,
    ``"08"`` or the ubigeo ``"080000"``, and ISO 3166-2 codes (``"PE-CUS"``).

    Raises
    ------
    UnknownDepartmentError
        With the closest valid names as suggestions.
    """
    code = try_resolve(value)
    if code is not None:
        return code
    plain = value is not None and not isinstance(value, bool | float | int)
    raise UnknownDepartmentError(value, suggest_departments(str(value)) if plain else [])


@lru_cache(maxsize=1)
def _candidates() -> dict[str, str]:
    """Folded names and aliases -> the Spanish name they stand for (names win over aliases)."""
    names = {fold(d.name): d.name for d in departments()}
    aliases = {k: department_names()[c] for k, c in _lookup().items()}
    return {**aliases, **names}


def suggest_departments(text: str, n: int = 3) -> list[str]:
    """The Spanish names closest to ``text``, best first (a difflib search: call it sparingly)."""
    candidates = _candidates()
    found = difflib.get_close_matches(fold(text), list(candidates), n=n * 2, cutoff=0.6)
    out: list[str] = []
    for key in found:
        name = candidates[key]
        if name not in out:
            out.append(name)
    return out[:n]


def try_resolve(value: object) -> str | None:
    """The INEI code for ``value``, or None when it cannot be resolved; never suggests.

    The cheap half of :func:`resolve_department`: one dictionary look-up, no difflib search, so
    that a column of thousands of words can be tested for department names quickly.
    """
    if value is None or isinstance(value, bool) or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if _CODE.match(text):
        number = int(text[:-4]) if len(text) > 2 else int(text)
        return f"{number:02d}" if 1 <= number <= 25 else None
    return _lookup().get(fold(text))
