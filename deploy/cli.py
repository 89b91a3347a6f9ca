"""Serve the atlas as several Streamlit processes behind nginx under supervisord; stop it; say how
it is; print an nginx configuration for replicas on other hosts.

Usage (``make serve REPLICAS=3`` and ``make serve-stop`` run the first two)::

    python -m deploy serve [--replicas N] [--port PORT] [--daemon]  # Ctrl-C or `stop` stops
        [--listen-host ADDRESS] [--public-host NAME ...] [--frame-ancestors SOURCES]
        [--root FOLDER] [--run-dir FOLDER]
    python -m deploy stop [--run-dir FOLDER]       # supervisord stops nginx, then the replicas
    python -m deploy status [--run-dir FOLDER]     # each program's state, pid and log
    python -m deploy render --replica HOST:PORT ... # an nginx config for replicas on other hosts

``serve`` checks its settings, nginx, supervisord, the port and ``$ATLAS_BOUNDARIES`` and refuses
with one message naming the problem and what was expected before starting anything; then writes
the run folder (``.serve/`` by default: supervisord.conf, nginx.conf, serve.json and every log;
deploy/supervisor.py), starts supervisord, waits until every replica and nginx answer its health
check, and prints where the atlas is served. Without ``--daemon`` it stays in the foreground
until Ctrl-C, SIGTERM or ``stop``; with it, it returns once the atlas is served. supervisord
restarts a replica that dies; ``stop`` asks supervisord (on its socket in the run folder) to stop
everything and waits until it has, so no process is left behind.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import xmlrpc.client
from pathlib import Path

from deploy.config import (
    FRAME_ANCESTORS,
    ROOT,
    Refused,
    Replica,
    allowed_hosts,
    check_boundaries,
    find_nginx,
    frame_ancestors,
    port_in_use,
    public_hosts,
    render_config,
    static_url,
)
from deploy.icon_font import IconFontError, write_icon_font
from deploy.supervisor import (
    CONF,
    LOG,
    NGINX_PROGRAM,
    PIDFILE,
    SOCKET,
    START_SECS,
    Stack,
    find_supervisord,
    program,
    read_state,
    render_supervisord,
    write_run_dir,
)
from devtools.server import HEALTH_PATH, free_port, log_tail, wait_healthy

RUN_DIR = ROOT / ".serve"  # the run folder by default (gitignored)
START_TIMEOUT = 180.0  # seconds: cold replicas starting side by side on a busy machine
STOP_TIMEOUT = 60.0  # supervisord gives each program 15 s, then kills its process group
SOCKET_PATH_MAX = 100  # a unix socket's path must fit in 108 bytes


# --- supervisord, through its socket -----------------------------------------------------------


class _UnixConnection(http.client.HTTPConnection):
    def __init__(self, path: str, timeout: float):
        super().__init__("localhost", timeout=timeout)
        self.path = path

    def connect(self) -> None:
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(self.timeout)
        self.sock.connect(self.path)


class _UnixTransport(xmlrpc.client.Transport):
    def __init__(self, path: str, timeout: float):
        super().__init__()
        self.path, self.timeout = path, timeout

    def make_connection(self, host):
        return _UnixConnection(self.path, self.timeout)


def supervisord(run_dir: Path, timeout: float = 30.0):
    """supervisord's XML-RPC interface (what supervisorctl speaks) on the run folder's socket."""
    transport = _UnixTransport(str(Path(run_dir) / SOCKET), timeout)
    return xmlrpc.client.ServerProxy("http://localhost", transport=transport).supervisor


def programs(run_dir: Path) -> list[dict]:
    """Each program's state from supervisord (name, statename, pid, description...); [] when no
    supervisord answers on the run folder's socket."""
    try:
        return supervisord(run_dir).getAllProcessInfo()
    except (OSError, xmlrpc.client.Error, http.client.HTTPException):
        return []


def _alive(pid: int) -> bool:
    """True while ``pid`` runs (a zombie has exited: only its parent has not read its status)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def supervisord_pid(run_dir: Path) -> int | None:
    """The pid of the supervisord serving from ``run_dir``: asked on its socket, else read from
    its pid file and believed only if that process is supervisord with this folder's
    configuration (a pid file outlives its process, and its number is reused)."""
    with contextlib.suppress(OSError, xmlrpc.client.Error, http.client.HTTPException):
        return supervisord(run_dir, timeout=5).getPID()
    try:
        pid = int((Path(run_dir) / PIDFILE).read_text().strip())
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except (OSError, ValueError):
        return None
    conf = str(Path(run_dir) / CONF).encode()
    if _alive(pid) and any(b"supervisord" in a for a in cmdline) and conf in cmdline:
        return pid
    return None


# --- serve ----------------------------------------------------------------------------------------


def _split(text: str) -> list[str]:
    return [part for part in re.split(r"[\s,]+", text) if part]


def preflight(args: argparse.Namespace) -> Stack:
    """Check what would make the start fail, before starting anything; the stack to start.

    Raises
    ------
    Refused, FileNotFoundError
        With a message naming the problem and what was expected.
    """
    public = public_hosts(args.public_host or _split(os.environ.get("ATLAS_PUBLIC_HOST", "")))
    ancestors = frame_ancestors(args.frame_ancestors)
    nginx = find_nginx()
    find_supervisord()
    run_dir = Path(args.run_dir).resolve()
    if supervisord_pid(run_dir) is not None:
        raise Refused(
            f"an atlas is already served from {run_dir}: expected it stopped first "
            "(`make serve-stop`, or `python -m deploy stop --run-dir ...`), or another --run-dir"
        )
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
    static = static_url(os.environ.get("ATLAS_STATIC_URL"), root)
    if len(str(run_dir / SOCKET)) > SOCKET_PATH_MAX:
        raise Refused(
            f"--run-dir {str(run_dir)!r} is too long for supervisord's socket: expected a "
            f"folder whose path has at most {SOCKET_PATH_MAX - len(SOCKET) - 1} characters"
        )
    _check_reachable_by_nginx_workers(run_dir)
    hosts = allowed_hosts(args.listen_host, public)
    stack = Stack(
        run_dir=run_dir,
        # Replicas listen on loopback only: readers reach them through nginx.
        replicas=[
            Replica(f"r{i}", f"127.0.0.1:{free_port()}") for i in range(1, args.replicas + 1)
        ],
        listen_host=args.listen_host,
        port=args.port,
        hosts=hosts,
        ancestors=ancestors,
        root=root,
        nginx=nginx,
        secret=os.environ.get("ATLAS_COOKIE_SECRET") or secrets.token_hex(32),
        static_url=static,
    )
    render_supervisord(stack)  # refuses what supervisord's configuration cannot hold
    return stack


def _check_reachable_by_nginx_workers(run_dir: Path) -> None:
    """As root, nginx's workers run as nobody: they must be able to enter the run folder."""
    if os.geteuid() != 0:
        return
    for folder in [p for p in run_dir.parents if p.exists()]:
        if not folder.stat().st_mode & 0o001:
            raise Refused(
                f"--run-dir {str(run_dir)!r}: nginx's workers run as nobody when started as "
                f"root, and cannot enter {folder}: expected a run folder that others may reach, "
                "such as /tmp/atlas-serve (make serve SERVE_RUN_DIR=/tmp/atlas-serve)"
            )


def _wait_served(stack: Stack, alive) -> None:
    """Return once every replica, then nginx, answers its health check.

    Raises
    ------
    RuntimeError
        Quoting the log of a program supervisord gave up on, or that did not answer in time.
    """

    def failed(name: str):
        def check() -> str | None:
            if not alive():
                return "supervisord exited"
            info = next((p for p in programs(stack.run_dir) if p["name"] == name), None)
            if info and info["statename"] == "FATAL":
                return f"{name} could not start (supervisord gave up after several tries)"
            return None

        return check

    deadline = time.monotonic() + START_TIMEOUT
    for replica in stack.replicas:
        name = program(replica)
        wait_healthy(
            f"http://{replica.address}{HEALTH_PATH}",
            timeout=max(1.0, deadline - time.monotonic()),
            failed=failed(name),
            what=name,
            log_tail=lambda name=name: log_tail(stack.run_dir / f"{name}.log"),
        )
    wait_healthy(
        f"{stack.url}{HEALTH_PATH}",
        timeout=30,
        failed=failed(NGINX_PROGRAM),
        what="nginx",
        log_tail=lambda: log_tail(stack.run_dir / "error.log"),
    )
    # Answering is not yet RUNNING for supervisord: a program is RUNNING once it has stayed up
    # startsecs. Served means both, so that `status` right after a start says RUNNING.
    settle = time.monotonic() + START_SECS + 30
    while True:
        states = {p["name"]: p["statename"] for p in programs(stack.run_dir)}
        if states and all(state == "RUNNING" for state in states.values()):
            return
        for name in states:
            problem = failed(name)()
            if problem:
                raise RuntimeError(problem)
        if time.monotonic() > settle:
            raise RuntimeError(f"not every program is RUNNING after {START_SECS} s: {states}")
        time.sleep(0.25)


class _Stop(Exception):
    """A signal (Ctrl-C, SIGTERM) asked the foreground command to stop."""


def _raise_stop(signum, _frame):
    raise _Stop(signum)


def serve(args: argparse.Namespace) -> int:
    """Check the settings, write the run folder, start supervisord and wait until the atlas is
    served; in the foreground, then wait for a signal or supervisord's end. A refused start prints
    one message, starts nothing and returns 2."""
    try:
        stack = preflight(args)
    except (Refused, FileNotFoundError) as exc:
        print(f"cannot serve the atlas: {exc}", file=sys.stderr, flush=True)
        return 2
    for stale in (PIDFILE, SOCKET):  # left by a supervisord killed outright (none runs now)
        (stack.run_dir / stale).unlink(missing_ok=True)
    write_run_dir(stack)
    conf = str(stack.run_dir / CONF)
    print(
        f"starting {len(stack.replicas)} replica(s) and nginx under supervisord "
        f"(configuration and logs in {stack.run_dir}) ...",
        flush=True,
    )
    if args.daemon:
        # supervisord checks its configuration, then detaches; its exit status says which.
        started = subprocess.run(
            [*find_supervisord(), "-c", conf], capture_output=True, text=True, cwd=ROOT
        )
        deadline = time.monotonic() + 30
        while started.returncode == 0 and supervisord_pid(stack.run_dir) is None:
            if time.monotonic() > deadline:
                started.returncode = 1
            time.sleep(0.1)  # the detached supervisord opens its socket
        if started.returncode != 0:
            print(
                f"supervisord did not start; {log_tail(stack.run_dir / LOG)}\n"
                f"{started.stdout}{started.stderr}",
                file=sys.stderr,
            )
            return 1
        return _announce(stack, lambda: supervisord_pid(stack.run_dir) is not None, daemon=True)
    # Ctrl-C and SIGTERM stop supervisord at any point, start-up included, through `finally`.
    signal.signal(signal.SIGINT, _raise_stop)
    signal.signal(signal.SIGTERM, _raise_stop)
    # Its own session: a Ctrl-C reaches this command, which stops supervisord once, in order.
    proc = subprocess.Popen([*find_supervisord(), "-n", "-c", conf], cwd=ROOT,
                            start_new_session=True)  # fmt: skip
    code = 0
    try:
        code = _announce(stack, lambda: proc.poll() is None, daemon=False)
        if code == 0:
            proc.wait()  # until `stop` (or anything else) ends supervisord
    except _Stop:
        pass
    finally:
        # A second Ctrl-C must not cut the clean-up short.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        if proc.poll() is None:
            print("stopping nginx and the replicas ...", flush=True)
            proc.terminate()  # supervisord stops every program, then exits
            try:
                proc.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        print("stopped", flush=True)
    return code


def _announce(stack: Stack, alive, daemon: bool) -> int:
    try:
        _wait_served(stack, alive)
    except RuntimeError as exc:
        print(f"error: {exc}", file=sys.stderr, flush=True)
        if daemon:
            stop_run_dir(stack.run_dir, quiet=True)
        return 1
    stopping = "`make serve-stop` stops" if daemon else "Ctrl-C or `make serve-stop` stops"
    print(
        f"serving the atlas at {stack.url}/ ({len(stack.replicas)} replica(s) under "
        f"supervisord, which restarts one that dies); {stopping}\n"
        f"host names accepted: {', '.join(stack.hosts)}\n{_static_line(stack)}",
        flush=True,
    )
    return 0


def _static_line(stack: Stack) -> str:
    """Where readers' links and embed codes lead (docs/DEPLOY.md, "Which address to publish")."""
    if stack.static_url is None:
        return (
            "the static edition is not built (make site): readers' links and embed codes "
            "open the live app"
        )
    where = stack.static_url
    if where.startswith("/"):
        where = f"{stack.url}{where}"
    return f"readers' links and embed codes open the static edition at {where} where it can"


# --- stop and status ----------------------------------------------------------------------------


def stop_run_dir(run_dir: Path, quiet: bool = False) -> bool:
    """Stop the supervisord serving from ``run_dir`` and everything it runs; False if none was.

    supervisord stops nginx, then each replica's process group (TERM, and KILL after 15 s), then
    itself. Returns once it has exited; a program still running then (supervisord killed outright
    cannot stop anything) has its process group killed.
    """
    pid = supervisord_pid(run_dir)
    if pid is None:
        return False
    children = [p["pid"] for p in programs(run_dir) if p["pid"]]
    try:
        supervisord(run_dir).shutdown()
    except (OSError, xmlrpc.client.Error, http.client.HTTPException):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_TIMEOUT
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    if _alive(pid):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    for child in children:
        if _alive(child):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(child, signal.SIGKILL)  # supervisord made each its group's leader
    if not quiet:
        print("stopped", flush=True)
    return True


def stop(args: argparse.Namespace) -> int:
    """Stop the atlas served from the run folder."""
    if not stop_run_dir(Path(args.run_dir)):
        print(f"nothing to stop: no atlas is served from {args.run_dir} (is `make serve` running?)")
    return 0


def status(args: argparse.Namespace) -> int:
    """Print each program's state; 0 when all run, 1 when some do not, 3 when nothing is served."""
    run_dir = Path(args.run_dir)
    found = programs(run_dir)
    if not found:
        print(f"not served: no supervisord answers in {run_dir}")
        return 3
    state = read_state(run_dir) or {}
    address = {r["program"]: r["address"] for r in state.get("replicas", [])}
    print(f"the atlas at {state.get('url', '?')}/ (supervisord log: {run_dir / LOG})")
    for info in found:
        where = address.get(info["name"], state.get("url", ""))
        print(f"  {info['name']:<12} {info['statename']:<9} {where:<22} {info['description']}")
    return 0 if all(p["statename"] == "RUNNING" for p in found) else 1


def render(args: argparse.Namespace) -> int:
    """Print the nginx configuration for replicas given as host:port."""
    try:
        font = write_icon_font(Path(args.icon_font)).path if args.icon_font else None
        config = render_config(
            args.replica,
            args.listen,
            Path(args.nginx_run_dir),
            Path(args.root),
            args.user,
            args.frame_ancestors,
            icon_font=font,
        )
    except (ValueError, Refused, IconFontError) as exc:
        print(f"cannot write the configuration: {exc}", file=sys.stderr)
        return 2
    print(config, end="")
    return 0


# --- the command line -----------------------------------------------------------------------------


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


def _ancestors_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--frame-ancestors",
        default=os.environ.get("ATLAS_FRAME_ANCESTORS", FRAME_ANCESTORS),
        help="who may embed the atlas in a frame (CSP frame-ancestors), e.g. "
        '"https://news.example.com https://*.example.org"; default $ATLAS_FRAME_ANCESTORS or *',
    )


def parser() -> argparse.ArgumentParser:
    main_parser = argparse.ArgumentParser(
        prog="python -m deploy", description=__doc__.split("\n\n")[0].replace("\n", " ")
    )
    commands = main_parser.add_subparsers(dest="command", required=True)
    run_dir = argparse.ArgumentParser(add_help=False)
    run_dir.add_argument(
        "--run-dir", default=str(RUN_DIR), help="configuration, logs and socket (default .serve/)"
    )
    up = commands.add_parser("serve", parents=[run_dir], help="serve the atlas (the default)")
    up.add_argument(
        "--replicas", type=_replica_count, default=3, help="Streamlit processes (default 3)"
    )
    up.add_argument("--port", type=_port, default=8080, help="nginx's port (default 8080)")
    up.add_argument(
        "--listen-host",
        default="127.0.0.1",
        help="nginx's address (default %(default)s; 0.0.0.0 serves the local network, whose "
        "readers may use this machine's names and addresses)",
    )
    up.add_argument(
        "--public-host",
        action="append",
        help="a host name readers use (atlas.example.org), repeatable; default: "
        "$ATLAS_PUBLIC_HOST (comma- or space-separated); loopback names are always accepted",
    )
    _ancestors_option(up)
    up.add_argument("--root", default=str(ROOT), help="folder whose site/ is served at /site/")
    up.add_argument(
        "--daemon", action="store_true", help="return once served; `stop` stops it later"
    )
    commands.add_parser("stop", parents=[run_dir], help="stop the atlas served from --run-dir")
    commands.add_parser("status", parents=[run_dir], help="each program's state")
    show = commands.add_parser("render", help="print an nginx configuration for other hosts")
    show.add_argument("--replica", action="append", required=True, help="host:port, repeatable")
    show.add_argument("--listen", default="80", help="nginx's listen argument (default 80)")
    show.add_argument(
        "--run-dir",
        dest="nginx_run_dir",
        default="/var/lib/atlas-nginx",
        help="nginx's pid, logs and temporary files (default %(default)s)",
    )
    show.add_argument("--root", default=str(ROOT), help="folder whose site/ is served at /site/")
    _ancestors_option(show)
    show.add_argument("--user", default="", help='an nginx user directive, e.g. "user www-data;"')
    show.add_argument(
        "--icon-font",
        metavar="DIR",
        help="write the cut of Streamlit's icon font into DIR, on the host nginx runs on, and "
        "answer the font's address with it (deploy/icon_font.py)",
    )
    return main_parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help")):
        argv.insert(0, "serve")  # `python -m deploy --replicas 2`: serve, as before
    args = parser().parse_args(argv)
    command = {"serve": serve, "stop": stop, "status": status, "render": render}[args.command]
    return command(args)
