"""Sessions served by 1 and by 3 atlas replicas behind nginx: time to the map, failures.

Measured by ``bench/run.py`` (registered in ``bench/registry.py``): ``make bench ONLY=replicas``
or ``python bench/replicas.py [--sessions 20]`` (the same as ``bench/run.py --only replicas``) runs
these figures alone. No budget: docs/DESIGN.md names none for replicas; the figures are for
reference.

For each replica count, ``python -m deploy serve --daemon`` starts the replicas and nginx under
supervisord on loopback ports (``python -m deploy stop`` stops them); each
replica is warmed by one visit of its own (caches are per process); then ``sessions`` fresh
browser contexts open the map through nginx at once (staggered by 50 ms), and each is timed from
navigation to 25 department polygons drawn. Loopback only, bounded in count and time.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

import asyncio  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

sys.path.insert(0, str(ROOT))
from bench import budgets  # noqa: E402
from bench.figures import median, p95, why  # noqa: E402
from bench.page import LANG, load_until_polygons  # noqa: E402
from bench.registry import Measurement, Result  # noqa: E402
from deploy.supervisor import read_state  # noqa: E402
from devtools.server import free_port  # noqa: E402

REPLICA_COUNTS = (1, 3)
START_TIMEOUT_S = 300.0  # three cold replicas starting side by side on two cores
LOAD_TIMEOUT_MS = 180_000
POLLING_MS = 100  # twenty pages polling each frame would load the cores


class ServedCluster:
    """``python -m deploy serve --daemon`` running ``replicas`` replicas and nginx; a context
    manager that stops them with ``python -m deploy stop``."""

    def __init__(self, replicas: int):
        self.replicas = replicas
        # In /tmp: as root, nginx's workers (nobody) must enter the run folder.
        self._dir = tempfile.TemporaryDirectory(prefix="atlas-bench-replicas-")
        self.run_dir = Path(self._dir.name) / "run"
        self.state: dict = {}

    def _deploy(self, *args: str, timeout: float) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "deploy", *args, "--run-dir", str(self.run_dir)],
            cwd=ROOT, capture_output=True, text=True, timeout=timeout,
        )  # fmt: skip

    def __enter__(self) -> ServedCluster:
        Path(self._dir.name).chmod(0o755)
        args = ("--daemon", "--replicas", str(self.replicas), "--port", str(free_port()))
        started = self._deploy("serve", *args, timeout=START_TIMEOUT_S)
        if started.returncode != 0:
            self.__exit__(None, None, None)
            raise RuntimeError(
                f"python -m deploy serve did not start {self.replicas} replica(s):\n"
                + (started.stdout + started.stderr)[-3000:]
            )
        self.state = read_state(self.run_dir)
        return self

    @property
    def url(self) -> str:
        return self.state["url"]

    @property
    def replica_urls(self) -> list[str]:
        return [f"http://{r['address']}" for r in self.state["replicas"]]

    def __exit__(self, *exc) -> None:
        self._deploy("stop", timeout=120)
        self._dir.cleanup()


async def _load(browser, url: str, timeout_ms: float = LOAD_TIMEOUT_MS) -> dict:
    """Open ``url`` in a fresh context: ms from navigation start to 25 polygons drawn (the bench's
    one probe, ``bench.page``), or the error that stopped it."""
    try:
        found = await load_until_polygons(browser, url, timeout_ms, polling=POLLING_MS)
    except Exception as exc:  # a failed session is a figure, not the end of the benchmark
        return {"error": why(exc)}
    return found if not found["exceptions"] else {"error": "the page showed an exception"}


async def _sessions(browser, url: str, sessions: int, timeout_ms: float) -> dict:
    async def one(i: int) -> dict:
        await asyncio.sleep(0.05 * i)
        return await _load(browser, url, timeout_ms)

    t0 = time.perf_counter()
    results = await asyncio.gather(*(one(i) for i in range(sessions)))
    wall = time.perf_counter() - t0
    times = [r["ms"] for r in results if "ms" in r]
    return {
        "median_ms": median(times),
        "p95_ms": p95(times),
        "ok": len(times),
        "failures": [r["error"] for r in results if "error" in r],
        "all_ms": times,
        "wall_s": wall,
    }


async def _measure(bench) -> dict[int, dict]:
    """Each replica count in turn: the cluster started, each replica warmed, the sessions timed."""
    browser, sessions = await bench.browser(), bench.settings.sessions
    out: dict[int, dict] = {}
    for count in REPLICA_COUNTS:
        print(f"    {count} replica(s) behind nginx: {sessions} sessions ...", flush=True)
        try:
            with ServedCluster(count) as cluster:
                # Warm each replica's caches with a visit of its own, not through nginx.
                for replica_url in cluster.replica_urls:
                    await _load(browser, f"{replica_url}/?lang={LANG}")
                out[count] = await _sessions(
                    browser, f"{cluster.url}/?lang={LANG}", sessions, LOAD_TIMEOUT_MS
                )
        except Exception as exc:  # this count's figure says why; the other count's is kept
            out[count] = {"error": why(exc)}
    return out


async def _run(bench, count: int) -> dict:
    """The sessions through nginx in front of ``count`` replicas (the run is shared)."""
    found = (await bench.shared("replicas", _measure))[count]
    if "error" in found:
        raise RuntimeError(found["error"])
    if not found["ok"]:
        raise RuntimeError(f"no session drew the map: {found['failures'][:3]}")
    return found


def _p95_of(count: int):
    async def measure(bench) -> Result:
        found = await _run(bench, count)
        return Result(found["p95_ms"], found)

    measure.__doc__ = f"p95 time to the map of the sessions through {count} replica(s)."
    return measure


async def measure_ratio(bench) -> Result:
    """p95 with the fewest replicas / p95 with the most: above 1, more replicas serve sooner."""
    low, high = min(REPLICA_COUNTS), max(REPLICA_COUNTS)
    p95s = {c: (await _run(bench, c))["p95_ms"] for c in (low, high)}
    return Result(p95s[low] / p95s[high], {"p95_ms": p95s})


def _summary(d: dict) -> str:
    return f"median {d['median_ms']:.1f} ms; {d['ok']} loaded, {len(d['failures'])} failed"


MEASUREMENTS = (
    *(
        Measurement(
            f"replicas_{count}_p95_ms",
            f"{{sessions}} sessions through nginx, {count} replica(s): p95 time to the map",
            "ms",
            budgets.REFERENCE,
            _p95_of(count),
            _summary,
        )
        for count in REPLICA_COUNTS
    ),
    Measurement(
        "replicas_p95_ratio",
        f"p95 time to the map, {min(REPLICA_COUNTS)} / {max(REPLICA_COUNTS)} replicas",
        "x",
        budgets.REFERENCE,
        measure_ratio,
        lambda d: "above 1: more replicas serve the same sessions sooner",
        digits=2,
    ),
)


def main(argv: list[str] | None = None) -> int:
    """``bench/run.py --only replicas`` with these options (--sessions ...)."""
    from bench import run

    return run.main(["--only", "replicas", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    sys.exit(main())
