"""Every measurement the bench knows, by name: what ``--only`` chooses from and the table's order.

A measurement module defines ``MEASUREMENTS``, a sequence of ``Measurement``; adding the module's
name to ``MODULES`` below is all it takes to run it (bench/README.md, "Adding a measurement").
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from bench.budgets import Budget

# The measurement modules, in the order the table shows their figures.
MODULES = (
    "bench.browser",
    "bench.in_process",
    "bench.concurrency",
    "bench.upload_attack",
    "bench.first_visit",
)


class NotMeasurable(RuntimeError):
    """What a figure needs is missing here; the table says so, with this message as the reason."""


@dataclass
class Result:
    """What a measurement returns: its value (None if it has none) and how it came about."""

    value: float | None
    detail: dict = field(default_factory=dict)
    note: str = ""
    appendix: str = ""  # printed after the table (e.g. a profile), not saved


@dataclass(frozen=True)
class Measurement:
    """One figure of the bench: its name, how it is shown and judged, and how it is measured.

    ``measure(bench)`` returns a ``Result`` (or an awaitable of one); ``bench`` is the run's
    ``bench.run.Bench``: its settings, the servers named in ``servers``, and a browser on demand.
    A measurement that names no server runs in this process before any server starts. ``label``
    and ``unit`` may name settings, as in ``"of {sessions}"``. ``summary`` turns the result's
    ``detail`` into the table's last column.
    """

    name: str
    label: str
    unit: str
    budget: Budget
    measure: Callable
    summary: Callable[[dict], str] = lambda detail: ""
    servers: tuple[str, ...] = ()


def all_measurements(modules: Sequence[str] | None = None) -> list[Measurement]:
    """The measurements of ``modules`` (default ``MODULES``), in order; a name used twice is an error."""
    found = [m for name in modules or MODULES for m in importlib.import_module(name).MEASUREMENTS]
    names = [m.name for m in found]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise ValueError(f"measurement names must be unique; used twice: {', '.join(twice)}")
    return found


def select(measurements: list[Measurement], only: Sequence[str] | None) -> list[Measurement]:
    """The measurements named in ``only`` (all when it is empty), in the registry's order."""
    if not only:
        return measurements
    known = [m.name for m in measurements]
    unknown = [name for name in only if name not in known]
    if unknown:
        raise ValueError(
            f"unknown measurement {', '.join(unknown)}; expected any of: {', '.join(known)}"
        )
    return [m for m in measurements if m.name in only]
