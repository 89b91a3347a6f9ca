"""One launcher for `streamlit run`: a free local port, a health check, a log, a clean stop.

Everything in the repository that starts a server and waits for it starts it here or waits here:
the browser tests' ``server`` fixture and the bench's servers (``StreamlitServer``), the start-up
and production-settings tests, and ``python -m deploy serve``, which waits with ``wait_healthy``
for the replicas and nginx that supervisord starts. A change to how the atlas is served (a flag,
the address, the wait for a cold start) therefore reaches all of them.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
HEALTH_PATH = "/_stcore/health"
START_TIMEOUT = 90.0  # seconds: a cold start imports geopandas, plotly and folium
STREAMLIT = (sys.executable, "-m", "streamlit")
LOG_TAIL_LINES = 40
POLL_S = 0.25  # between two health checks: a crash or an answer ends the wait this soon


def free_port(host: str = HOST) -> int:
    """A TCP port on ``host`` that nothing listens on at the moment of asking."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def is_healthy(url: str) -> bool:
    """True when ``url`` (a server's health endpoint) answers 200 with the body ``ok``."""
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200 and response.read().strip() == b"ok"
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


def wait_healthy(
    url: str,
    *,
    timeout: float = START_TIMEOUT,
    failed: Callable[[], str | None] = lambda: None,
    what: str = "the server",
    log_tail: Callable[[], str] = lambda: "",
) -> None:
    """Return once ``url`` answers ``ok``; raise RuntimeError when it does not in time.

    ``failed`` is asked between two checks and returns why waiting is pointless (the process
    exited) or None; its message ends the wait at once. ``log_tail`` is appended to either
    message (where to look next).
    """
    deadline = time.monotonic() + timeout
    while not is_healthy(url):
        reason = failed()
        if reason is None and time.monotonic() > deadline:
            reason = f"{what} did not answer {url} within {timeout:g} s"
        if reason is not None:
            tail = log_tail()
            raise RuntimeError(f"{reason}; {tail}" if tail else reason)
        time.sleep(POLL_S)


def exited(proc: subprocess.Popen, what: str) -> Callable[[], str | None]:
    """For ``wait_healthy(failed=...)``: a message once ``proc`` has exited, else None."""

    def check() -> str | None:
        code = proc.poll()
        return None if code is None else f"{what} exited with code {code} before it was served"

    return check


def log_tail(path: Path, lines: int = LOG_TAIL_LINES) -> str:
    """The last ``lines`` lines of the log at ``path``, introduced by its path."""
    try:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        return f"no log at {path} ({exc})"
    tail = "\n".join(text.splitlines()[-lines:])
    return f"end of the log {path}:\n{tail}"


class StreamlitServer:
    """``streamlit run <script>`` on a free port of 127.0.0.1, started from the repository root.

    Parameters
    ----------
    script
        The page script, relative to the repository root or absolute.
    log_path
        Where the server's stdout and stderr go; its tail is quoted when the server fails.
    args
        Further command-line options after the ones every server gets (port, address, headless,
        no usage statistics).
    env
        The server's whole environment; the default is this process's.
    command
        What takes ``run <script> ...``: Streamlit's CLI by default, or a wrapper with the same
        arguments (the bench's ``python -m bench.timed_server``).

    Use as a context manager (started and healthy inside, stopped after) or call ``start``,
    ``wait_healthy`` and ``stop``; starting several servers before waiting lets them start
    together.
    """

    def __init__(
        self,
        script: str | Path,
        *,
        log_path: Path,
        args: Sequence[str] = (),
        env: Mapping[str, str] | None = None,
        command: Sequence[str] = STREAMLIT,
    ) -> None:
        self.script, self.log_path = Path(script), Path(log_path)
        self.args, self.env, self.command = list(args), env, list(command)
        self.port = free_port()
        self.url = f"http://{HOST}:{self.port}"
        self.proc: subprocess.Popen | None = None

    def argv(self) -> list[str]:
        """The command line the server is started with."""
        return [
            *self.command,
            "run",
            str(self.script),
            *("--server.port", str(self.port), "--server.address", HOST),
            *("--server.headless", "true", "--browser.gatherUsageStats", "false"),
            *self.args,
        ]

    def start(self) -> StreamlitServer:
        """Start the server process, its output going to ``log_path``; do not wait for it."""
        if self.proc is not None:
            raise RuntimeError(f"the server for {self.script} was already started, on {self.url}")
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        env = dict(os.environ if self.env is None else self.env)
        with self.log_path.open("wb") as log:  # the child keeps its own copy of the descriptor
            self.proc = subprocess.Popen(
                self.argv(), cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
            )
        return self

    def wait_healthy(self, timeout: float = START_TIMEOUT) -> None:
        """Return once ``/_stcore/health`` answers; raise, quoting the log, if the server dies first."""
        if self.proc is None:
            raise RuntimeError(f"the server for {self.script} was never started: call start()")
        wait_healthy(
            self.url + HEALTH_PATH,
            timeout=timeout,
            failed=exited(self.proc, f"streamlit serving {self.script}"),
            what=str(self.script),
            log_tail=self.log_tail,
        )

    def log_tail(self, lines: int = LOG_TAIL_LINES) -> str:
        """The last ``lines`` lines of the server's log, introduced by its path."""
        return log_tail(self.log_path, lines)

    def stop(self) -> None:
        """Terminate the server (kill it if it does not stop within 15 s) and wait for its end."""
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=5)

    def __enter__(self) -> StreamlitServer:
        self.start()
        try:
            self.wait_healthy()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()
