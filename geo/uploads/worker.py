"""Read an upload in a worker process with a budget of time and memory, so no file holds the server.

Uploads are read by worker processes (``python -m geo.uploads.worker``) that take a file on their
standard input and send back the pickled :class:`~geo.uploads.parse.Upload` or
:class:`~geo.uploads.problems.UploadError` on their standard output. The server watches each
reading: past ``BUDGET_SECONDS`` of CPU time, or past ``BUDGET_MEMORY_MB`` of resident memory, the
worker is killed and the reader is told why, in their language. Whatever a worker allocated stays
in the worker, so the server's memory is where it was before the upload; a worker that grew while
reading (by more than ``RECYCLE_MB``) exits after answering, and at most ``WORKERS`` files are
read at once, so a burst of uploads cannot take every core. Inside a worker the address space is
also capped (``RLIMIT_AS``), so that one huge allocation fails at once rather than between checks.

Fresh processes rather than forks of the server: the server runs many threads, and forking a
threaded process is unsafe; ``multiprocessing`` would also re-run the app's script in the child.
Starting Python and importing pandas costs more than reading a usual file, so idle workers are kept
for the next upload (:func:`warm` starts one with the server). Not for long: a worker that has read
a file holds what the reading left behind (its caches, its heap), so once it has been idle for
``IDLE_SECONDS`` it is stopped and one fresh worker, as at the server's start, waits instead. After
a burst of uploads the memory of the server and its workers is back where it started within seconds
of the last one (the server's own heap is handed back to the system then too).
"""

from __future__ import annotations

import os
import pickle
import select
import subprocess
import sys
import threading
import time
from pathlib import Path

from geo.i18n import normalise_language
from geo.messages import Number
from geo.uploads.limits import BUDGET_MEMORY_MB, BUDGET_SECONDS, MAX_BYTES, WORKERS
from geo.uploads.parse import Upload, parse_upload
from geo.uploads.problems import Collector, UploadError

WALL_FACTOR = 4  # how much longer than its CPU budget a reading may take on a busy machine
RECYCLE_MB = 50  # a worker that grew by more than this while reading is not used again
IDLE_SECONDS = 10.0  # a worker that has read a file and then waited this long is stopped
_POLL_SECONDS = 0.02
_HEADER = 8  # bytes of the length that precedes each message on the pipes
_PROJECT = Path(__file__).resolve().parents[2]  # the folder holding the geo package

_SLOTS = threading.BoundedSemaphore(WORKERS)
_IDLE_LOCK = threading.Lock()
_idle: list[subprocess.Popen] = []
_used: dict[int, float] = {}  # pid -> when an idle worker that has read a file was given back


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


# --- the server's side -----------------------------------------------------------------------


def _start() -> subprocess.Popen:
    """A new worker: it imports the parser, caps its memory, then waits for files on stdin."""
    path = os.pathsep.join([str(_PROJECT), os.environ.get("PYTHONPATH", "")])
    return subprocess.Popen(
        [sys.executable, "-m", "geo.uploads.worker", str(BUDGET_MEMORY_MB)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": path},
        cwd=_PROJECT,
    )


def warm() -> None:
    """Have a worker waiting for the next upload (the app calls it when the server starts)."""
    with _IDLE_LOCK:
        _idle[:] = [w for w in _idle if w.poll() is None]
        if not _idle:
            _idle.append(_start())


def _take() -> subprocess.Popen:
    with _IDLE_LOCK:
        while _idle:
            worker = _idle.pop()
            _used.pop(worker.pid, None)
            if worker.poll() is None:
                return worker
    return _start()


def _give_back(worker: subprocess.Popen) -> None:
    with _IDLE_LOCK:
        if worker.poll() is None and len(_idle) < WORKERS:
            _idle.append(worker)
            _used[worker.pid] = time.monotonic()
            _reap_later()
            return
    _stop(worker)
    _reap_later()


def _reap_later() -> None:
    timer = threading.Timer(IDLE_SECONDS + _POLL_SECONDS, _reap)
    timer.daemon = True
    timer.start()


def _reap() -> None:
    """Stop the workers that have read a file and been idle IDLE_SECONDS; keep one fresh one."""
    now = time.monotonic()
    with _IDLE_LOCK:
        stale = [w for w in _idle if now - _used.get(w.pid, now) >= IDLE_SECONDS]
        _idle[:] = [w for w in _idle if w not in stale]
        for worker in stale:
            _used.pop(worker.pid, None)
        waiting = any(w.pid in _used for w in _idle)
    if waiting:  # given back since, or the timer woke a little early: look again later
        _reap_later()
    for worker in stale:
        _stop(worker)
    warm()  # one fresh worker waits, as at the server's start
    _trim()


def _trim() -> None:
    """Hand the server's freed heap back to the system (glibc keeps it otherwise)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass  # not glibc


def _stop(worker: subprocess.Popen) -> None:
    worker.kill()
    worker.wait()
    for pipe in (worker.stdin, worker.stdout):
        if pipe is not None:
            pipe.close()


def _send(worker: subprocess.Popen, payload: bytes) -> None:
    try:
        worker.stdin.write(len(payload).to_bytes(_HEADER, "big") + payload)
        worker.stdin.flush()
    except (BrokenPipeError, OSError, ValueError):
        pass  # the worker was stopped: the reading side says why


def _over_budget(worker, start: float, seconds: float, memory_mb: int) -> type | None:
    """TimeoutError or MemoryError when the worker went past its budget, else None."""
    resident = rss_mb(worker.pid)
    if resident is not None and resident > memory_mb:
        return MemoryError
    used = cpu_seconds(worker.pid)
    if used is not None and used - start > seconds:
        return TimeoutError
    return None


def _exchange(worker: subprocess.Popen, payload: bytes, seconds: float, memory_mb: int) -> bytes:
    """Send ``payload`` and return the worker's answer, watching its CPU time and memory.

    Raises
    ------
    TimeoutError, MemoryError
        After killing the worker, when it went past its budget.
    EOFError
        When the worker ended without an answer (its address-space cap was hit).
    """
    start = cpu_seconds(worker.pid) or 0.0
    deadline = time.monotonic() + WALL_FACTOR * seconds
    threading.Thread(target=_send, args=(worker, payload), daemon=True).start()
    fd, answer, size = worker.stdout.fileno(), bytearray(), None
    while size is None or len(answer) < _HEADER + size:
        ready, _, _ = select.select([fd], [], [], _POLL_SECONDS)
        if ready:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                raise EOFError(f"worker {worker.pid} ended without an answer")
            answer += chunk
            if size is None and len(answer) >= _HEADER:
                size = int.from_bytes(answer[:_HEADER], "big")
            continue
        over = _over_budget(worker, start, seconds, memory_mb)
        if over is None and time.monotonic() > deadline:
            over = TimeoutError
        if over is not None:
            _stop(worker)
            raise over(f"worker {worker.pid} went past its budget")
    return bytes(answer[_HEADER : _HEADER + size])


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
    seconds : the most CPU time a reading may take (the wall clock allows four times as much);
        also the longest to wait for a free worker.
    memory_mb : the most resident memory a worker may hold while reading, in MB.

    Raises
    ------
    UploadError
        With the file's problems, or with one saying that reading it cost more than the budget
        (``too_slow``, ``too_much_memory``) or that every worker was busy (``busy``).
    """
    lang = normalise_language(lang)
    if len(data) > MAX_BYTES:  # refused here, as the parser would: no worker reads it
        size = Number(len(data) / 1024 / 1024, 1)
        raise _refusal(
            "too_large", name, lang, size_mb=size, max_mb=Number(MAX_BYTES / 1024 / 1024)
        )
    if not _SLOTS.acquire(timeout=seconds):
        raise _refusal("busy", name, lang)
    try:
        worker = _take()
        payload = pickle.dumps((name, bytes(data), lang), protocol=pickle.HIGHEST_PROTOCOL)
        try:
            answer = _exchange(worker, payload, seconds, memory_mb)
        except TimeoutError:
            stated = Number(seconds, 0 if seconds >= 1 else 2)
            raise _refusal("too_slow", name, lang, seconds=stated) from None
        except (MemoryError, EOFError):
            _stop(worker)
            raise _refusal("too_much_memory", name, lang, memory_mb=Number(memory_mb)) from None
        status, result, retiring = pickle.loads(answer)  # our own worker's answer
        if retiring:
            _stop(worker)
            _reap_later()
        else:
            _give_back(worker)
    finally:
        _SLOTS.release()
    if status == "error":
        raise result
    return result


# --- the worker's side -----------------------------------------------------------------------


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


def _read_exactly(stream, size: int) -> bytes | None:
    data = stream.read(size)
    return data if data is not None and len(data) == size else None


def _serve() -> None:
    """The worker: files from stdin, each answered with its Upload or UploadError on stdout."""
    _cap_address_space(int(sys.argv[1]) if len(sys.argv) > 1 else BUDGET_MEMORY_MB)
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    baseline = rss_mb(os.getpid()) or 0.0
    while True:
        header = _read_exactly(stdin, _HEADER)
        body = header and _read_exactly(stdin, int.from_bytes(header, "big"))
        if not body:  # the server closed the pipe: it stopped, or it is done with this worker
            return
        name, data, lang = pickle.loads(body)  # sent by the server
        try:
            status, result = "ok", parse_upload(name, data, lang)
        except UploadError as error:
            status, result = "error", error
        # memory a large file left behind goes with the process: this worker is not used again
        retiring = (rss_mb(os.getpid()) or 0.0) > baseline + RECYCLE_MB
        answer = pickle.dumps((status, result, retiring), protocol=pickle.HIGHEST_PROTOCOL)
        stdout.write(len(answer).to_bytes(_HEADER, "big") + answer)
        stdout.flush()
        if retiring:
            return


if __name__ == "__main__":
    _serve()
