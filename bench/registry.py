"""Every measurement the bench knows, by name: what ``--only`` chooses from and the table's order.

A measurement module defines ``MEASUREMENTS``, a sequence of ``Measurement``, and may define
``add_arguments(parser)`` for options of its own; adding the module's name to ``MODULES`` below is
all it takes to run it (bench/README.md, "Adding a measurement").
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
    "bench.site",
    "bench.replicas",
    "bench.phone",
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
    ``detail`` into the table's last column. ``Result.value`` is the raw value: the budget judges
    it as it is, and the table rounds it to ``digits`` decimals (or more, where fewer would read
    as the other verdict).
    """

    name: str
    label: str
    unit: str
    budget: Budget
    measure: Callable
    summary: Callable[[dict], str] = lambda detail: ""
    servers: tuple[str, ...] = ()
    digits: int = 1  # decimals the table prints (the value is judged unrounded)


def add_arguments(parser, modules: Sequence[str] | None = None) -> None:
    """The options of the modules of ``modules`` (default ``MODULES``) that define any."""
    for name in modules or MODULES:
        hook = getattr(importlib.import_module(name), "add_arguments", None)
        if hook is not None:
            hook(parser)


def all_measurements(modules: Sequence[str] | None = None) -> list[Measurement]:
    """The measurements of ``modules`` (default ``MODULES``), in order; a name used twice is an error."""
    found = [m for name in modules or MODULES for m in importlib.import_module(name).MEASUREMENTS]
    names = [m.name for m in found]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise ValueError(f"measurement names must be unique; used twice: {', '.join(twice)}")
    return found


def groups(modules: Sequence[str] | None = None) -> dict[str, list[str]]:
    """Each module's short name (``site`` for ``bench.site``) -> the names of its measurements:
    ``--only site`` measures them all."""
    return {
        name.rsplit(".", 1)[-1]: [m.name for m in importlib.import_module(name).MEASUREMENTS]
        for name in modules or MODULES
    }


def select(
    measurements: list[Measurement],
    only: Sequence[str] | None,
    groups: dict[str, list[str]] | None = None,
) -> list[Measurement]:
    """The measurements named in ``only`` (all when it is empty), in the registry's order; a
    name in ``groups`` (a module's short name) stands for every measurement of that module."""
    if not only:
        return measurements
    groups = groups or {}
    known = [m.name for m in measurements]
    unknown = [name for name in only if name not in known and name not in groups]
    if unknown:
        raise ValueError(
            f"unknown measurement {', '.join(unknown)}; expected any of: {', '.join(known)} "
            f"(or a module's name: {', '.join(groups)})"
        )
    wanted = {n for name in only for n in groups.get(name, [name])}
    return [m for m in measurements if m.name in wanted]
