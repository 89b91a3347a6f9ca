"""Serve the atlas as several Streamlit processes behind nginx on this machine, and stop them.

Usage (``make serve REPLICAS=3`` and ``make serve-stop`` run the first two)::

    python deploy/serve.py [--replicas N] [--port PORT]   # serve until Ctrl-C or SIGTERM
        [--listen-host ADDRESS] [--public-host NAME ...] [--frame-ancestors SOURCES]
    python deploy/serve.py stop                           # stop the one started from here
    python deploy/serve.py render --replica HOST:PORT ... # print an nginx config for other hosts

Each replica is ``streamlit run app.py`` on a free loopback port; nginx (Debian's package, started
here with its own configuration, pid file, logs and temporary files in a temporary folder, never the
system's service) listens on PORT and keeps each browser on one replica (see
deploy/nginx.conf.template and docs/DEPLOY.md). All replicas share one cookie secret. A replica
that dies is reported and the others go on serving; Ctrl-C stops nginx, then every replica.

Each replica's websocket accepts the loopback names, the ``--public-host`` names
(``$ATLAS_PUBLIC_HOST``) and, with ``--listen-host 0.0.0.0``, this machine's names and addresses
(Streamlit's ``server.allowedHosts``; any other Host is refused, against DNS rebinding). Before
starting anything the launcher checks its settings, nginx, the port and ``$ATLAS_BOUNDARIES``, and
refuses with one message naming the problem and what was expected.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script (make serve): the repository holds the package
    sys.path.insert(0, str(ROOT))

from deploy.config import (  # noqa: E402
    FRAME_ANCESTORS,
    Refused,
    Replica,
    _nginx_user,
    allowed_hosts,
    check_boundaries,
    find_nginx,
    frame_ancestors,
    port_in_use,
    public_hosts,
    render_config,
)

STATE_FILE = ROOT / ".serve.json"  # where `stop` finds a running launcher (gitignored)
START_TIMEOUT = 120.0  # seconds: a replica's cold start imports geopandas, plotly and folium
STOP_TIMEOUT = 15.0


# --- processes ---------------------------------------------------------------------------------


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port free on ``host`` now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def healthy(url: str) -> bool:
    """True when ``url`` (a /_stcore/health address) answers 200 ``ok``."""
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200 and response.read().strip() == b"ok"
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


def _stop(proc: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            proc.send_signal(sig)
        try:
            proc.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


class Cluster:
    """N replicas and nginx, started in ``run_dir``; ``stop()`` ends them, nginx first."""

    def __init__(
        self,
        replicas: int,
        port: int,
        listen_host: str = "127.0.0.1",
        keep: bool = False,
        public: list[str] | None = None,
        ancestors: str = FRAME_ANCESTORS,
        root: Path = ROOT,
    ):
        if replicas < 1:
            raise ValueError(f"replicas={replicas}: expected 1 or more")
        # Replicas listen on loopback only: readers reach them through nginx.
        self.host, self.listen_host, self.port, self.keep = "127.0.0.1", listen_host, port, keep
        self.hosts = allowed_hosts(listen_host, public or [])
        self.ancestors, self.root = frame_ancestors(ancestors), root
        # World-readable: as root, nginx's workers (user nobody) must reach their temp folders.
        self.run_dir = Path(tempfile.mkdtemp(prefix="atlas-serve-"))
        self.run_dir.chmod(0o755)
        self.url = (
            f"http://{'127.0.0.1' if listen_host in ('0.0.0.0', '::') else listen_host}:{port}"
        )
        self.replicas = [
            Replica(f"r{i}", f"{self.host}:{free_port(self.host)}") for i in range(1, replicas + 1)
        ]
        self.procs: dict[str, subprocess.Popen] = {}
        self.nginx: subprocess.Popen | None = None
        self.ready = False  # True once every replica and nginx answer
        self.secret = os.environ.get("ATLAS_COOKIE_SECRET") or secrets.token_hex(32)

    def log(self, name: str) -> Path:
        return self.run_dir / f"{name}.log"

    def start(self) -> None:
        """Start the replicas, wait until each is healthy, then start nginx and wait for it."""
        nginx = find_nginx()
        env = {
            **os.environ,
            "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
            # Signed cookies must verify on every replica (Streamlit's auth cookies, if used).
            "STREAMLIT_SERVER_COOKIE_SECRET": self.secret,
        }
        for replica in self.replicas:
            _, _, port = replica.address.rpartition(":")
            with self.log(replica.name).open("wb") as log:
                proc = subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "streamlit",
                        "run",
                        "app.py",
                        "--server.headless",
                        "true",
                        "--server.port",
                        port,
                        "--server.address",
                        self.host,
                        # The launcher says where the atlas is served; a replica's own
                        # "You can now view your Streamlit app" line names its private port.
                        "--logger.hideWelcomeMessage",
                        "true",
                        # Replaces .streamlit/config.toml's loopback-only list.
                        *(a for host in self.hosts for a in ("--server.allowedHosts", host)),
                    ],
                    cwd=ROOT,
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,  # Ctrl-C reaches the launcher, which stops them in order
                )
            replica.pid = proc.pid
            self.procs[replica.name] = proc
        for replica in self.replicas:
            self._wait(replica.name, f"http://{replica.address}/_stcore/health")
        config = render_config(
            [r.address for r in self.replicas],
            f"{self.listen_host}:{self.port}",
            self.run_dir,
            root=self.root,
            user=_nginx_user(),
            ancestors=self.ancestors,
        )
        (self.run_dir / "nginx.conf").write_text(config, encoding="utf-8")
        with self.log("nginx").open("wb") as log:
            self.nginx = subprocess.Popen(
                [
                    nginx,
                    "-p",
                    f"{self.run_dir}/",
                    "-c",
                    str(self.run_dir / "nginx.conf"),
                    "-g",
                    "daemon off;",
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.procs["nginx"] = self.nginx
        self._wait("nginx", f"{self.url}/_stcore/health")

    def _wait(self, name: str, url: str) -> None:
        proc = self.procs[name]
        deadline = time.monotonic() + START_TIMEOUT
        while not healthy(url):
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"{name} did not answer {url} within {START_TIMEOUT:.0f} s; log:\n{self._tail(name)}"
                )
            try:  # wait a little at a time: a crash ends the wait at once
                code = proc.wait(timeout=0.25)
            except subprocess.TimeoutExpired:
                continue
            raise RuntimeError(
                f"{name} exited with code {code} before it was healthy; log:\n{self._tail(name)}"
            )

    def _tail(self, name: str, lines: int = 40) -> str:
        try:
            text = self.log(name).read_text(errors="replace")
        except OSError:
            return "(no log)"
        if name == "nginx":
            with contextlib.suppress(OSError):
                text += (self.run_dir / "error.log").read_text(errors="replace")
        return "\n".join(text.splitlines()[-lines:])

    def state(self) -> dict:
        """What `stop` and the tests need: the URL, the folder, and every process's pid."""
        return {
            "launcher": os.getpid(),
            "ready": self.ready,
            "url": self.url,
            "hosts": self.hosts,
            "run_dir": str(self.run_dir),
            "nginx": self.nginx.pid if self.nginx else None,
            "replicas": [asdict(r) for r in self.replicas],
        }

    def dead_replicas(self) -> list[tuple[str, int]]:
        """(name, exit code) of each replica that has exited."""
        return [
            (r.name, self.procs[r.name].returncode)
            for r in self.replicas
            if self.procs[r.name].poll() is not None
        ]

    def stop(self) -> None:
        """Stop nginx (no new requests), then every replica; remove the folder unless kept."""
        if self.nginx is not None:
            _stop(self.nginx, signal.SIGTERM)  # fast shutdown: open websockets would hold SIGQUIT
        for replica in self.replicas:
            proc = self.procs.get(replica.name)
            if proc is not None:
                _stop(proc)
        if not self.keep:
            shutil.rmtree(self.run_dir, ignore_errors=True)


# --- commands ----------------------------------------------------------------------------------


class _Stop(Exception):
    """A signal (Ctrl-C, SIGTERM from `stop`) asked the launcher to stop."""


def write_state(path: Path, state: dict) -> None:
    """Write the state file whole (a reader never sees half of it)."""
    part = path.with_name(path.name + ".part")
    part.write_text(json.dumps(state, indent=1) + "\n", encoding="utf-8")
    os.replace(part, path)


def read_state(path: Path) -> dict | None:
    """The state a launcher wrote to ``path`` (``ready`` once it serves), or None."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None


def _raise_stop(signum, _frame):
    raise _Stop(signum)


def preflight(args: argparse.Namespace) -> Cluster:
    """Check what would make the start fail, before starting anything; the cluster to start.

    Raises
    ------
    Refused, FileNotFoundError
        With a message naming the problem and what was expected.
    """
    public = public_hosts(args.public_host or _split(os.environ.get("ATLAS_PUBLIC_HOST", "")))
    ancestors = frame_ancestors(args.frame_ancestors)
    find_nginx()
    if port_in_use(args.listen_host, args.port):
        raise Refused(
            f"port {args.port} on {args.listen_host} is already in use (by another program, or "
            "by an atlas served from here: `make serve-stop`): expected a free port for nginx; "
            "choose another with --port (make serve SERVE_PORT=...)"
        )
    root = Path(args.root)
    if not root.is_dir():
        raise Refused(f"--root {args.root!r} is not a folder: expected the folder holding site/")
    check_boundaries()
    return Cluster(
        args.replicas,
        args.port,
        args.listen_host,
        keep=args.keep,
        public=public,
        ancestors=ancestors,
        root=root,
    )


def _split(text: str) -> list[str]:
    return [part for part in re.split(r"[\s,]+", text) if part]


def serve(args: argparse.Namespace) -> int:
    """Check the settings, start the cluster, write the state file, and serve until a signal or
    nginx's exit. A refused start prints one message, starts nothing and returns 2."""
    try:
        cluster = preflight(args)
    except (Refused, FileNotFoundError) as exc:
        print(f"cannot serve the atlas: {exc}", file=sys.stderr, flush=True)
        return 2
    # Ctrl-C and SIGTERM stop the launcher at any point, start-up included, through `finally`.
    signal.signal(signal.SIGINT, _raise_stop)
    signal.signal(signal.SIGTERM, _raise_stop)
    state_file = Path(args.state)
    code = 0
    try:
        # Written at once, so that `stop` finds a launcher that is still starting.
        write_state(state_file, cluster.state())
        print(
            f"starting {args.replicas} replica(s) and nginx (files in {cluster.run_dir}) ...",
            flush=True,
        )
        cluster.start()
        cluster.ready = True
        write_state(state_file, cluster.state())
        print(
            f"serving the atlas at {cluster.url}/ ({args.replicas} replica(s)); Ctrl-C stops\n"
            f"host names accepted: {', '.join(cluster.hosts)}",
            flush=True,
        )
        reported: set[str] = set()
        while True:
            if cluster.nginx.poll() is not None:
                print(
                    f"nginx exited with code {cluster.nginx.returncode}:\n{cluster._tail('nginx')}"
                )
                code = 1
                break
            for name, exit_code in cluster.dead_replicas():
                if name not in reported:
                    reported.add(name)
                    print(
                        f"replica {name} exited with code {exit_code}; the others go on serving",
                        flush=True,
                    )
            if len(reported) == len(cluster.replicas):
                print("every replica has exited: stopping")
                code = 1
                break
            time.sleep(0.5)
    except _Stop:
        pass
    except (RuntimeError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        code = 1
    finally:
        # A second Ctrl-C must not cut the clean-up short.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        print("stopping nginx and the replicas ...", flush=True)
        cluster.stop()
        with contextlib.suppress(OSError):
            if json.loads(state_file.read_text()).get("launcher") == os.getpid():
                state_file.unlink()
        print("stopped", flush=True)
    return code


def _alive(pid: int | None) -> bool:
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def stop(args: argparse.Namespace) -> int:
    """Stop the launcher named in the state file (it stops nginx and the replicas)."""
    state_file = Path(args.state)
    try:
        state = json.loads(state_file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        print(f"nothing to stop: no {state_file.name} (is `make serve` running from here?)")
        return 0
    launcher = state.get("launcher")
    if _alive(launcher):
        os.kill(launcher, signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT * 2
        while _alive(launcher) and time.monotonic() < deadline:
            time.sleep(0.2)
    # A launcher killed outright leaves its children: stop those of them still running.
    children = [state.get("nginx"), *(r.get("pid") for r in state.get("replicas", []))]
    for pid in children:
        if _alive(pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
    with contextlib.suppress(FileNotFoundError):
        state_file.unlink()
    print("stopped")
    return 0


def render(args: argparse.Namespace) -> int:
    """Print the nginx configuration for replicas given as host:port."""
    try:
        config = render_config(
            args.replica,
            args.listen,
            Path(args.run_dir),
            Path(args.root),
            args.user,
            args.frame_ancestors,
        )
    except (ValueError, Refused) as exc:
        print(f"cannot write the configuration: {exc}", file=sys.stderr)
        return 2
    print(config, end="")
    return 0


def _replica_count(text: str) -> int:
    try:
        count = int(text)
    except ValueError:
        count = 0
    if count < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: expected a whole number, 1 or more")
    return count


def _port(text: str) -> int:
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise argparse.ArgumentTypeError(f"{text!r}: expected a port number from 1 to 65535")
    return int(text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--state", default=str(STATE_FILE), help="state file (default %(default)s)")
    parser.add_argument(
        "--replicas", type=_replica_count, default=3, help="Streamlit processes (default 3)"
    )
    parser.add_argument("--port", type=_port, default=8080, help="nginx's port (default 8080)")
    parser.add_argument(
        "--listen-host",
        default="127.0.0.1",
        help="nginx's address (default %(default)s; 0.0.0.0 serves the local network, whose "
        "readers may use this machine's names and addresses)",
    )
    parser.add_argument(
        "--public-host",
        action="append",
        help="a host name readers use (atlas.example.org), repeatable; default: "
        "$ATLAS_PUBLIC_HOST (comma- or space-separated); loopback names are always accepted",
    )
    parser.add_argument(
        "--frame-ancestors",
        default=os.environ.get("ATLAS_FRAME_ANCESTORS", FRAME_ANCESTORS),
        help="who may embed the atlas in a frame (CSP frame-ancestors), e.g. "
        '"https://news.example.com https://*.example.org"; default $ATLAS_FRAME_ANCESTORS or *',
    )
    parser.add_argument("--root", default=str(ROOT), help="folder whose site/ is served at /site/")
    parser.add_argument("--keep", action="store_true", help="keep the folder of logs on exit")
    commands = parser.add_subparsers(dest="command", help="without a command: serve")
    commands.add_parser("stop", help="stop the cluster started from this checkout")
    show = commands.add_parser("render", help="print an nginx configuration")
    show.add_argument("--replica", action="append", required=True, help="host:port, repeatable")
    show.add_argument("--listen", default="80", help="nginx's listen argument (default 80)")
    show.add_argument("--run-dir", default="/var/lib/atlas-nginx", help="pid, logs, temp files")
    show.add_argument("--root", default=str(ROOT), help="folder whose site/ is served at /site/")
    show.add_argument(
        "--frame-ancestors",
        dest="frame_ancestors",
        default=os.environ.get("ATLAS_FRAME_ANCESTORS", FRAME_ANCESTORS),
        help="who may embed the atlas (CSP frame-ancestors); default * (anyone)",
    )
    show.add_argument("--user", default="", help='an nginx user directive, e.g. "user www-data;"')
    args = parser.parse_args(argv)
    if args.command == "stop":
        return stop(args)
    if args.command == "render":
        return render(args)
    return serve(args)


if __name__ == "__main__":
    sys.exit(main())
