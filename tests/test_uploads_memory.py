"""After a burst of uploads the server and its workers give their memory back within seconds.

An idle worker that has read a file keeps what the reading left (its caches, its heap, some
140 MB for the process itself); it is stopped once idle for ``IDLE_SECONDS`` (patched to 1 s
here), and one fresh worker waits instead, as when the server started.
"""

from __future__ import annotations

import io
import os
import threading
import time

import openpyxl
import pytest

from geo.uploads import UploadError, parse_upload_bounded, worker
from geo.uploads.worker import rss_mb

IDLE = 1.0
SLACK_MB = 40.0  # a worker is some 140 MB: one kept beyond the fresh one is far more than this


def _workbook() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Departamento", "Año"] + [f"v{i}" for i in range(60)])
    for year in range(2000, 2080):
        for name in ("Cusco", "Lima", "Puno", "Piura", "Tacna"):
            sheet.append([name, year] + [i * 1.5 for i in range(60)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _idle_pids() -> set[int]:
    with worker._IDLE_LOCK:
        return {w.pid for w in worker._idle if w.poll() is None}


def _total_mb() -> float:
    """Resident memory of this process (the server) and of its idle workers, in MB."""
    return (rss_mb(os.getpid()) or 0.0) + sum(rss_mb(pid) or 0.0 for pid in _idle_pids())


def _settled_total(seconds: float = 30.0) -> float:
    """The total once the idle workers have finished importing (two readings agree)."""
    deadline, last = time.monotonic() + seconds, -1.0
    while time.monotonic() < deadline:
        total = _total_mb()
        if abs(total - last) < 1.0:
            return total
        last = total
        time.sleep(0.5)
    return _total_mb()


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_after_five_parallel_uploads_the_workers_and_their_memory_go_within_seconds(monkeypatch):
    monkeypatch.setattr(worker, "IDLE_SECONDS", IDLE, raising=False)
    data = _workbook()
    parse_upload_bounded("d.csv", b"Departamento,Valor\nCusco,1\n")  # the first call's imports
    time.sleep(IDLE + 1.0)  # that worker goes too, if the pool is reaped
    worker.warm()
    start = _settled_total()

    outcomes: list[object] = []
    served: set[int] = set()  # the workers that read a file
    exchange = worker._exchange

    def watched_exchange(process, *args, **kwargs):
        served.add(process.pid)
        return exchange(process, *args, **kwargs)

    monkeypatch.setattr(worker, "_exchange", watched_exchange)

    def upload() -> None:
        try:
            outcomes.append(parse_upload_bounded("book.xlsx", data, "es"))
        except UploadError as error:
            outcomes.append(error)

    threads = [threading.Thread(target=upload) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert [type(o).__name__ for o in outcomes] == ["Upload"] * 5, outcomes
    assert served
    outcomes.clear()

    deadline = time.monotonic() + IDLE + 10.0
    while time.monotonic() < deadline and any(_alive(pid) for pid in served):
        time.sleep(0.1)
    assert not [pid for pid in served if _alive(pid)], "workers that read files are still alive"
    assert len(_idle_pids()) == 1 and not _idle_pids() & served  # one fresh worker waits
    assert _settled_total() - start < SLACK_MB


@pytest.fixture(autouse=True)
def _pool_as_at_start():
    yield
    worker.warm()
