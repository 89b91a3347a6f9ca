"""Streamlit unchanged but for a log of its script runs: ``python -m bench.timed_server run …``.

Takes the arguments of ``streamlit`` itself and appends one JSON line per script run to the file
named by ``$ATLAS_BENCH_RUNLOG``. A run is one call of Streamlit's ``ScriptRunner._run_script``
(patched through ``ui_compat.streamlit.wrap_script_runs``):
the whole rerun on the server, from the rerun request being taken up to the end of the script
(st.rerun() chains included) and Streamlit's clean-up after it, whose ``gc.collect`` is logged on
its own as ``gc_ms``. The bench starts its servers through this module (bench/servers.py).
"""

from __future__ import annotations

import gc
import json
import os
import sys
import threading
import time

RUNLOG_ENV = "ATLAS_BENCH_RUNLOG"

_lock, _local = threading.Lock(), threading.local()


class TimedGC:
    """The gc module as the script runner sees it, with collect() timed per thread."""

    def __getattr__(self, name):
        return getattr(gc, name)

    def collect(self, *args):
        t0 = time.perf_counter()
        try:
            return gc.collect(*args)
        finally:
            _local.gc_ms = getattr(_local, "gc_ms", 0.0) + (time.perf_counter() - t0) * 1000


def _append(path: str, record: dict) -> None:
    with _lock, open(path, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(record) + "\n")


def time_script_runs(path: str) -> None:
    """Patch Streamlit's script runner so that each run's duration is appended to ``path``."""
    from ui_compat import streamlit as st_compat  # Streamlit's insides, checked on upgrade

    def wrap(original):
        def timed(runner, rerun_data):
            _local.gc_ms = 0.0
            start, t0 = time.time(), time.perf_counter()
            try:
                return original(runner, rerun_data)
            finally:
                ms = (time.perf_counter() - t0) * 1000
                record = {"start": start, "ms": round(ms, 2), "gc_ms": round(_local.gc_ms, 2)}
                _append(path, {**record, "session": st_compat.session_id(runner)})

        return timed

    st_compat.wrap_script_runs(wrap, TimedGC())


def main(argv: list[str]) -> int:
    """Run ``streamlit <argv>`` with its script runs timed."""
    from ui_compat import streamlit as st_compat

    time_script_runs(os.environ[RUNLOG_ENV])
    return st_compat.run_cli(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
