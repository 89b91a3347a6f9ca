"""Production settings (issue 15, cases 4, 7 and 9): error details, upload limit, allowed hosts.

The settings are read from .streamlit/config.toml and checked against Streamlit 1.67's own
option values; the Host check is tried on a live server, as a DNS-rebinding page would try it.
"""

from __future__ import annotations

import os
import socket
import tomllib
from pathlib import Path

import pytest
from streamlit import config as st_config

from devtools.server import StreamlitServer
from geo.uploads import MAX_BYTES
from ui.upload import UPLOAD_WIDGET_LIMIT_MB

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
START_TIMEOUT = 180


def test_error_details_are_not_shown_to_readers():
    value = SETTINGS["client"]["showErrorDetails"]
    assert value in ("none", "type")
    assert value in {o.value for o in st_config.ShowErrorDetailsConfigOptions}


def test_the_server_takes_files_above_the_stated_limit_so_the_atlas_refuses_them_itself():
    megabytes = SETTINGS["server"]["maxUploadSize"]
    assert megabytes == UPLOAD_WIDGET_LIMIT_MB  # the widget's limit is the server's
    # Streamlit counts the setting in MiB: a file just over the atlas's limit reaches the atlas
    assert megabytes * 1024 * 1024 > MAX_BYTES
    from geo.i18n import t

    stated = MAX_BYTES // (1024 * 1024)
    assert f"{stated} MB" in t("uploads.intro", "es")
    assert f"{stated} MB" in t("uploads.intro", "en")


def test_only_loopback_host_names_are_allowed_by_default():
    assert sorted(SETTINGS["server"]["allowedHosts"]) == ["127.0.0.1", "::1", "localhost"]


@pytest.fixture(scope="module")
def port(tmp_path_factory):
    env = {k: v for k, v in os.environ.items() if k != "ATLAS_BOUNDARIES"}
    log = tmp_path_factory.mktemp("settings") / "server.log"
    server = StreamlitServer("app.py", log_path=log, env=env)
    server.start()
    try:
        server.wait_healthy(timeout=START_TIMEOUT)
        yield server.port
    finally:
        server.stop()


def _handshake(port: int, host: str, origin: str) -> str:
    """The status line a websocket handshake on Streamlit's stream gets."""
    with socket.create_connection(("127.0.0.1", port), timeout=60) as sock:
        sock.sendall(
            (
                f"GET /_stcore/stream HTTP/1.1\r\nHost: {host}\r\nOrigin: {origin}\r\n"
                "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                "Sec-WebSocket-Protocol: streamlit\r\n\r\n"
            ).encode()
        )
        return sock.recv(4096).split(b"\r\n")[0].decode()


def test_a_websocket_with_a_foreign_host_is_refused(port):
    foreign = f"rebound.example:{port}"
    assert " 403 " in _handshake(port, foreign, f"http://{foreign}")


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_a_websocket_from_this_machine_is_accepted(port, host):
    assert " 101 " in _handshake(port, f"{host}:{port}", f"http://{host}:{port}")
