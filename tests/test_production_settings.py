"""Production settings (issue 15, cases 4, 7 and 9): error details, upload limit, allowed hosts.

The settings are read as Streamlit itself reads them when `make run` starts it in the repository
(its own parser, its own defaults for what the file leaves out), and judged by what a reader must
get, not compared with the file's text; the Host check is tried on a live server, as a
DNS-rebinding page would try it.
"""

from __future__ import annotations

import ipaddress
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit import config as st_config

from devtools.server import StreamlitServer
from geo.uploads import MAX_BYTES
from ui.upload import UPLOAD_WIDGET_LIMIT_MB

ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT = 180
PROBE = """
import json, sys
from streamlit import config
config.get_config_options(force_reparse=True)
print(json.dumps({name: config.get_option(name) for name in sys.argv[1:]}))
"""


@pytest.fixture(scope="module")
def settings(tmp_path_factory) -> dict:
    """The options Streamlit runs with from the repository's .streamlit/config.toml alone (no
    user-wide config file, no STREAMLIT_* variable)."""
    names = [
        "client.showErrorDetails",
        "server.maxUploadSize",
        "server.allowedHosts",
        "server.enableWebsocketCompression",
    ]
    env = {k: v for k, v in os.environ.items() if not k.startswith("STREAMLIT_")}
    env["HOME"] = str(tmp_path_factory.mktemp("home"))
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *names],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_error_details_are_not_shown_to_readers(settings):
    """At most the exception's type: no traceback, no message (they can hold a path or a value)."""
    value = settings["client.showErrorDetails"]
    assert value in {o.value for o in st_config.ShowErrorDetailsConfigOptions}
    assert value in ("none", "type")


def test_the_server_takes_files_above_the_stated_limit_so_the_atlas_refuses_them_itself(settings):
    megabytes = settings["server.maxUploadSize"]
    assert megabytes == UPLOAD_WIDGET_LIMIT_MB  # the widget's limit is the server's
    # Streamlit counts the setting in MiB: a file just over the atlas's limit reaches the atlas
    assert megabytes * 1024 * 1024 > MAX_BYTES
    from geo.i18n import t

    stated = MAX_BYTES // (1024 * 1024)
    assert f"{stated} MB" in t("uploads.intro", "es")
    assert f"{stated} MB" in t("uploads.intro", "en")


def _addresses(host: str) -> set[str]:
    try:
        return {info[4][0] for info in socket.getaddrinfo(host, None)}
    except OSError:
        return set()


def test_every_host_name_allowed_by_default_is_this_machine(settings):
    """A name that reaches another machine (or none) would let a rebinding page through."""
    hosts = settings["server.allowedHosts"]
    assert hosts, "no host name allowed: not even this machine's readers could connect"
    elsewhere = {
        host: sorted(addresses)
        for host in hosts
        if not (addresses := _addresses(host))
        or not all(ipaddress.ip_address(a).is_loopback for a in addresses)
    }
    assert not elsewhere, f"allowed by default but not this machine: {elsewhere}"


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


def test_the_websocket_is_compressed_when_the_browser_offers_it(settings):
    """The map page's messages are JSON and HTML: about a third of their size deflated."""
    assert settings["server.enableWebsocketCompression"] is True


