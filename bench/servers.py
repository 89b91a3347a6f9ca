"""The servers the bench measures: the atlas and the baseline page, each with its run log and memory,
and the static edition behind nginx (``bench.site_server``).

The two Streamlit servers are started by the shared launcher (``devtools.server``) through
``bench.timed_server``, so every script run's duration is logged to
``bench/results/<name>_runs.jsonl`` and the server's output to ``bench/results/<name>_server.log``.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import tempfile
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path

from bench.site_server import served_site
from bench.timed_server import RUNLOG_ENV
from devtools.server import StreamlitServer

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = ROOT / "bench" / "results"
TIMED_STREAMLIT = (sys.executable, "-m", "bench.timed_server")
# Set in .streamlit/config.toml too; said again so that the measured setting cannot drift.
ARGS = ("--server.enableStaticServing", "true", "--server.fileWatcherType", "none")


def atlas_script(scratch: Path) -> Path:
    """The atlas itself."""
    return ROOT / "app.py"


def baseline_script(scratch: Path) -> Path:
    """The baseline page, run through links in ``scratch`` so that it is served the atlas's static/.

    Streamlit serves static/ from beside the main script, and the baseline loads Leaflet from the
    same local files as the atlas.
    """
    (scratch / "baseline_app.py").symlink_to(ROOT / "bench" / "baseline_app.py")
    (scratch / "static").symlink_to(ROOT / "static", target_is_directory=True)
    return scratch / "baseline_app.py"


# Server name (as a measurement's ``servers`` names it) -> its main script in a scratch folder.
SCRIPTS = {"atlas": atlas_script, "baseline": baseline_script}
# The other servers a measurement may name: name -> a context manager serving it.
SERVED = {"site": served_site}
NAMES = (*SCRIPTS, *SERVED)


class BenchServer:
    """A server under measurement: the launcher's process, its script runs and its memory."""

    def __init__(self, name: str, script: Path) -> None:
        RESULTS_DIR.mkdir(parents=True, exist_ok=True)
        self.name = name
        self.runlog = RESULTS_DIR / f"{name}_runs.jsonl"
        self.runlog.write_text("")
        # The shipped boundaries are measured, whatever the caller's environment says.
        env = {k: v for k, v in os.environ.items() if k != "ATLAS_BOUNDARIES"}
        env[RUNLOG_ENV] = str(self.runlog)
        self.process = StreamlitServer(
            script,
            log_path=RESULTS_DIR / f"{name}_server.log",
            args=ARGS,
            env=env,
            command=TIMED_STREAMLIT,
        )
        self.url = self.process.url

    def script_runs(self) -> list[dict]:
        """The script runs the server has logged so far: start (epoch s), ms, gc_ms, session."""
        lines = self.runlog.read_text().splitlines()
        return [json.loads(line) for line in lines if line.strip()]

    def rss_kb(self) -> tuple[int, int]:
        """(current RSS, peak RSS) of the server process in kB, from /proc; (0, 0) if gone."""
        proc = self.process.proc
        try:
            text = Path(f"/proc/{proc.pid}/status").read_text() if proc else ""
        except OSError:
            return 0, 0
        vals = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)

        def kb(key: str) -> int:
            return int(vals.get(key, "0 kB").split()[0])

        return kb("VmRSS"), kb("VmHWM")


class RssSampler(threading.Thread):
    """Samples a server's RSS every 50 ms until stopped; ``stop()`` returns the peak in kB."""

    def __init__(self, server: BenchServer):
        super().__init__(daemon=True)
        self.server, self.peak_kb, self._done = server, 0, threading.Event()

    def run(self):
        while not self._done.is_set():
            self.peak_kb = max(self.peak_kb, self.server.rss_kb()[0])
            self._done.wait(0.05)

    def stop(self) -> int:
        self._done.set()
        self.join()
        return self.peak_kb


@contextlib.contextmanager
def started(names: Sequence[str]) -> Iterator[dict[str, BenchServer]]:
    """The servers named, started together and healthy; stopped on leaving."""
    unknown = [n for n in names if n not in NAMES]
    if unknown:
        raise ValueError(f"no server named {', '.join(unknown)}; expected one of {list(NAMES)}")
    with contextlib.ExitStack() as stack:
        scratch = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="atlas-bench-")))
        servers = {n: BenchServer(n, SCRIPTS[n](scratch)) for n in names if n in SCRIPTS}
        for server in servers.values():
            stack.callback(server.process.stop)
            server.process.start()
        # The others (the site's build takes a while) while the Streamlit servers start.
        others = {n: stack.enter_context(SERVED[n]()) for n in names if n in SERVED}
        for server in servers.values():
            server.process.wait_healthy()
        yield {**servers, **others}
