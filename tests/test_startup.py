"""`streamlit run app.py` checks the boundary file before serving anyone (issue 15, case 5).

Each bad file must stop the server with one message naming the file, the department and the
check, and a non-zero exit status; a large good file is simplified once and the server starts.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from boundary_files import BAD_FILES, VERTICES_LARGE, large

from devtools.server import HEALTH_PATH, exited, free_port, wait_healthy

ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT = 180  # seconds: a cold start imports geopandas; the machine may be busy
EXIT_BAD_BOUNDARIES = 2


def _serve(boundaries: Path, port: int = 0) -> subprocess.Popen:
    """`streamlit run app.py` with ``boundaries``, on ``port`` (a free one by default)."""
    env = {**os.environ, "ATLAS_BOUNDARIES": str(boundaries)}
    return subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
         "--server.port", str(port or free_port()), "--server.address", "127.0.0.1"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_a_bad_boundary_file_stops_streamlit_run_with_its_message(tmp_path, case):
    build, words = BAD_FILES[case]
    path = build(tmp_path)
    server = _serve(path)
    try:
        out, err = server.communicate(timeout=START_TIMEOUT)
    finally:
        if server.poll() is None:
            server.kill()
            server.communicate()
    assert server.returncode == EXIT_BAD_BOUNDARIES, (out, err)
    messages = [line for line in err.splitlines() if line.startswith("The atlas cannot start")]
    assert len(messages) == 1, err
    assert str(path) in messages[0]
    for word in words:
        assert word in messages[0], (word, messages[0])
    assert "Traceback" not in err


def test_a_large_boundary_file_is_simplified_once_and_the_server_starts(tmp_path):
    port = free_port()
    server = _serve(large(tmp_path), port)
    try:
        line = server.stderr.readline()  # blocks until the start-up check has printed its line
        while line and not line.startswith(("Boundaries:", "The atlas cannot start")):
            line = server.stderr.readline()
        assert line.startswith("Boundaries:") and "simplified from " in line, line
        simplified_from = re.search(r"simplified from ([\d,]+)", line).group(1)
        assert int(simplified_from.replace(",", "")) >= 0.9 * VERTICES_LARGE, line
        wait_healthy(f"http://127.0.0.1:{port}{HEALTH_PATH}", timeout=START_TIMEOUT,
                     failed=exited(server, "streamlit"))  # fmt: skip
    finally:
        server.terminate()
        try:
            server.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.communicate()
