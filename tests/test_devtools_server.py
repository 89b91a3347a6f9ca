"""The server launcher the browser tests and the bench share (devtools.server).

A stand-in for `streamlit` (a few lines of http.server) answers the health check, so that the
launcher's waiting, failing and stopping are tested in a second, without Streamlit.
"""

from __future__ import annotations

import sys
import textwrap
import urllib.request

import pytest

from devtools.server import HEALTH_PATH, StreamlitServer

# Takes `run SCRIPT --server.port N ...` as streamlit does; answers the health check with "ok".
STAND_IN = textwrap.dedent(
    """
    import sys
    from http.server import BaseHTTPRequestHandler, HTTPServer

    argv = sys.argv[1:]
    assert argv[:2] == ["run", "app.py"], argv
    port = int(argv[argv.index("--server.port") + 1])
    print("stand-in serving", " ".join(argv[2:]), flush=True)

    class Health(BaseHTTPRequestHandler):
        def do_GET(self):
            body = b"ok" if self.path == "/_stcore/health" else b"?"
            self.send_response(200)
            self.end_headers()
            self.wfile.write(body)

    HTTPServer(("127.0.0.1", port), Health).serve_forever()
    """
)


def test_a_server_is_healthy_inside_and_stopped_after(tmp_path):
    stand_in = tmp_path / "stand_in.py"
    stand_in.write_text(STAND_IN, encoding="utf-8")
    log = tmp_path / "server.log"
    launcher = StreamlitServer(
        "app.py", log_path=log, args=["--extra", "1"], command=[sys.executable, str(stand_in)]
    )
    with launcher as server:
        with urllib.request.urlopen(server.url + HEALTH_PATH, timeout=5) as response:
            assert response.read() == b"ok"
        proc = server.proc
    assert proc.poll() is not None
    text = log.read_text(encoding="utf-8")
    assert "--server.address 127.0.0.1" in text and "--extra 1" in text


def test_a_server_that_dies_is_reported_with_its_log(tmp_path):
    crash = [sys.executable, "-c", "import sys; print('no module named atlas'); sys.exit(3)"]
    launcher = StreamlitServer("app.py", log_path=tmp_path / "server.log", command=crash)
    with pytest.raises(RuntimeError, match=r"exited with code 3(.|\n)*no module named atlas"):
        launcher.__enter__()
    assert launcher.proc.poll() == 3


def test_a_server_that_never_answers_times_out_and_is_stopped(tmp_path):
    silent = [sys.executable, "-c", "import time; time.sleep(60)"]
    launcher = StreamlitServer("app.py", log_path=tmp_path / "server.log", command=silent)
    launcher.start()
    try:
        with pytest.raises(RuntimeError, match=r"did not answer .*/_stcore/health within 1 s"):
            launcher.wait_healthy(timeout=1)
    finally:
        launcher.stop()
    assert launcher.proc.poll() is not None
