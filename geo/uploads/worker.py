"""Read an upload in a worker process with a budget of time and memory, so no file holds the server.

Each upload is read by a fresh Python process (``python -m geo.uploads.worker``) that gets the file
on its standard input and sends back the pickled :class:`~geo.uploads.parse.Upload` or
:class:`~geo.uploads.problems.UploadError` on its standard output. The server watches it: past
``BUDGET_SECONDS``, or past ``BUDGET_MEMORY_MB`` of resident memory, the worker is killed and the
reader is told why, in their language. Whatever the worker allocated goes when it exits, so the
server's memory is back where it was before the upload; and at most ``WORKERS`` files are read at
once, so a burst of uploads cannot take every core. Inside the worker the address space is also
capped (``RLIMIT_AS``), so a single huge allocation fails at once instead of between two checks.

A fresh process rather than a fork of the server: the server runs many threads, and forking a
threaded process is unsafe; ``multiprocessing`` would also re-run the app's script in the child.
Starting Python and importing pandas takes about a second, so one worker is kept started ahead,
waiting for a file (:func:`warm`); each upload takes it and a new one is started for the next.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import threading
import time
from pathlib import Path

from geo.i18n import normalise_language
from geo.uploads.limits import BUDGET_MEMORY_MB, BUDGET_SECONDS, WORKERS
from geo.uploads.parse import Upload, parse_upload
from geo.uploads.problems import Collector, Number, UploadError

_SLOTS = threading.BoundedSemaphore(WORKERS)
_SPARE_LOCK = threading.Lock()
_spare: subprocess.Popen | None = None
_POLL_SECONDS = 0.02
WALL_FACTOR = 4  # how much longer than its CPU budget a worker may take on a busy machine
_PROJECT = Path(__file__).resolve().parents[2]  # the folder holding the geo package


def rss_mb(pid: int) -> float | None:
    """Resident memory of process ``pid`` in MB (Linux ``/proc``), or None where unknown."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def cpu_seconds(pid: int) -> float | None:
    """CPU time (user + system) process ``pid`` has used, in seconds (Linux ``/proc``), or None."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def _refusal(code: str, name: str, lang: str, **params: object) -> UploadError:
    problems = Collector()
    problems.add(code, **params)
    return UploadError(problems.final(), name, lang)


def _watch(process: subprocess.Popen, payload: bytes, seconds: float, memory_mb: int) -> bytes:
    """The worker's output; kills it and raises TimeoutError or MemoryError past its budget.

    Time is the worker's CPU time from the moment it gets the file, so that a busy machine does
    not refuse a file a quiet one would read; the wall clock allows WALL_FACTOR times as much.
    """
    deadline = time.monotonic() + WALL_FACTOR * seconds
    start = cpu_seconds(process.pid) or 0.0
    pending: bytes | None = payload
    while True:
        try:
            out, _ = process.communicate(pending, timeout=_POLL_SECONDS)
            return out
        except subprocess.TimeoutExpired:
            pending = None  # communicate() keeps feeding what it started sending
        resident = rss_mb(process.pid)
        if resident is not None and resident > memory_mb:
            process.kill()
            process.communicate()
            raise MemoryError(f"worker {process.pid} reached {resident:.0f} MB")
        used = cpu_seconds(process.pid)
        if time.monotonic() > deadline or (used is not None and used - start > seconds):
            process.kill()
            process.communicate()
            raise TimeoutError(f"worker {process.pid} ran past {seconds:g} s")


def _start() -> subprocess.Popen:
    """A new worker: it imports the parser, caps its memory, then waits for a file on stdin."""
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(_PROJECT), os.environ.get("PYTHONPATH", "")]),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "geo.uploads.worker", str(BUDGET_MEMORY_MB)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
        cwd=_PROJECT,
    )


def warm() -> None:
    """Start a worker ahead of the next upload, if none is waiting (the app calls it at start)."""
    global _spare
    with _SPARE_LOCK:
        if _spare is None or _spare.poll() is not None:
            _spare = _start()


def _take() -> subprocess.Popen:
    """The waiting worker (or a new one when none is ready); another is started for the next."""
    global _spare
    with _SPARE_LOCK:
        worker, _spare = _spare, None
    if worker is None or worker.poll() is not None:
        worker = _start()
    threading.Thread(target=warm, name="upload-worker-warm", daemon=True).start()
    return worker


def parse_upload_bounded(
    name: str,
    data: bytes,
    lang: str = "es",
    *,
    seconds: float = BUDGET_SECONDS,
    memory_mb: int = BUDGET_MEMORY_MB,
) -> Upload:
    """:func:`geo.uploads.parse_upload` in a worker process, within a budget of time and memory.

    Parameters
    ----------
    name, data, lang : as for :func:`geo.uploads.parse_upload`.
    seconds : the longest a worker may read; also the longest to wait for a free worker.
    memory_mb : the most resident memory a worker may hold, in MB.

    Raises
    ------
    UploadError
        With the file's problems, or with one saying that reading it cost more than the budget
        (``too_slow``, ``too_much_memory``) or that every worker was busy (``busy``).
    """
    lang = normalise_language(lang)
    if not _SLOTS.acquire(timeout=seconds):
        raise _refusal("busy", name, lang)
    try:
        process = _take()
        payload = pickle.dumps((name, bytes(data), lang), protocol=pickle.HIGHEST_PROTOCOL)
        try:
            out = _watch(process, payload, seconds, memory_mb)
        except TimeoutError:
            raise _refusal("too_slow", name, lang, seconds=Number(seconds)) from None
        except MemoryError:
            raise _refusal("too_much_memory", name, lang, memory_mb=Number(memory_mb)) from None
    finally:
        _SLOTS.release()
    try:
        status, result = pickle.loads(out)  # our own worker's output
    except Exception:  # the worker died without an answer: its address-space cap was hit
        raise _refusal("too_much_memory", name, lang, memory_mb=Number(memory_mb)) from None
    if status == "error":
        raise result
    return result


def _cap_address_space(memory_mb: int) -> None:
    """Let the address space grow by at most ``memory_mb`` beyond what the imports took."""
    try:
        import resource

        with open("/proc/self/status", encoding="ascii") as status:
            size_kb = next(int(line.split()[1]) for line in status if line.startswith("VmSize:"))
        limit = size_kb * 1024 + memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, OSError, ValueError, StopIteration):
        pass  # not Linux: the server's watch still applies


def _serve() -> None:
    """The worker: one file from stdin, its Upload or UploadError to stdout."""
    _cap_address_space(int(sys.argv[1]) if len(sys.argv) > 1 else BUDGET_MEMORY_MB)
    try:
        name, data, lang = pickle.load(sys.stdin.buffer)  # sent by the server
    except EOFError:  # the server stopped while this worker waited: nothing to do
        return
    try:
        result = ("ok", parse_upload(name, data, lang))
    except UploadError as error:
        result = ("error", error)
    sys.stdout.buffer.write(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    sys.stdout.buffer.flush()


if __name__ == "__main__":
    _serve()
