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
import ipaddress
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
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).resolve().parent / "nginx.conf.template"
STATE_FILE = ROOT / ".serve.json"  # where `stop` finds a running launcher (gitignored)
START_TIMEOUT = 120.0  # seconds: a replica's cold start imports geopandas, plotly and folium
STOP_TIMEOUT = 15.0
NGINX_CANDIDATES = ("nginx", "/usr/sbin/nginx")
NGINX_MISSING = (
    "nginx is not installed: on Debian or Ubuntu run `apt-get install nginx` as root "
    "(or set ATLAS_NGINX to an nginx executable)"
)
_FIELD = re.compile(r"@@([A-Z_]+)@@")
# Host names Streamlit accepts on its websocket in any case: this machine, by loopback.
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_HOST_NAME = re.compile(rf"(\*\.)?{_LABEL}(\.{_LABEL})*", re.IGNORECASE)
# Who may show the atlas in a frame (CSP frame-ancestors): anyone, by default, since newsrooms
# embed it in pages of their own origins. A source is a keyword or a scheme/host pattern.
FRAME_ANCESTORS = "*"
_SOURCE = re.compile(
    r"'self'|'none'|\*|[a-z][a-z0-9+.-]*:|"
    r"([a-z][a-z0-9+.-]*://)?(\*\.)?[a-z0-9.-]+(:(\d{1,5}|\*))?/?",
    re.IGNORECASE,
)
# The content-security policy (frame-ancestors added from the settings). Streamlit's page and
# its component frames (the map: folium writes inline scripts) need inline scripts and styles;
# everything is loaded from, and sent to, the atlas's own origin only ('self' covers its
# websocket); data: and blob: for the images, fonts and downloads Streamlit and Leaflet make.
CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
    "media-src 'self' data: blob:; frame-src 'self' blob: data:; worker-src 'self' blob:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'"
)
# Browser features the atlas never uses, turned off for it and for any frame inside it.
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), "
    "hid=(), midi=(), display-capture=(), fullscreen=(self)"
)


class Refused(Exception):
    """The launcher will not start: the message names the problem and what was expected."""


def public_hosts(values: list[str]) -> list[str]:
    """The host names readers will type (``atlas.example.org``, ``*.example.org``, an address).

    Raises
    ------
    Refused
        For a value with a scheme, port, path or characters no host name has.
    """
    hosts = []
    for value in values:
        host = value.strip().lower().rstrip(".")
        try:
            hosts.append(str(ipaddress.ip_address(host.strip("[]"))))
            continue
        except ValueError:
            pass
        if len(host) > 253 or not _HOST_NAME.fullmatch(host):
            raise Refused(
                f"--public-host {value!r} is not a host name: expected a name such as "
                "atlas.example.org (or *.example.org, or an IP address), without scheme, port "
                "or path"
            )
        hosts.append(host)
    return hosts


def frame_ancestors(value: str) -> str:
    """The CSP ``frame-ancestors`` sources, checked: ``*``, ``'self'``, ``https://news.example``.

    Raises
    ------
    Refused
        For an empty value or a source that is not one (a ``;`` would start another directive).
    """
    sources = value.split()
    bad = [s for s in sources if not _SOURCE.fullmatch(s)]
    if not sources or bad:
        raise Refused(
            f"--frame-ancestors {value!r}: {'no source given' if not sources else bad[0]!r} "
            "is not a source: expected * (any site may embed the atlas), 'self', 'none' or "
            "origins such as https://news.example.com https://*.example.org, separated by spaces"
        )
    return " ".join(sources)


def security_headers(ancestors: str = FRAME_ANCESTORS) -> str:
    """nginx ``add_header`` lines for every response (``always``: errors too)."""
    policy = f"{CSP}; frame-ancestors {frame_ancestors(ancestors)}"
    headers = {
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "Permissions-Policy": PERMISSIONS_POLICY,
        "Content-Security-Policy": policy,
    }
    return "\n".join(f'            add_header {k} "{v}" always;' for k, v in headers.items())


def network_names() -> list[str]:
    """This machine's names and addresses, as a reader on the local network may type them."""
    host = socket.gethostname()
    names = {host, f"{host}.local", socket.getfqdn()}
    with contextlib.suppress(OSError):
        names.update(str(info[4][0]) for info in socket.getaddrinfo(host, None))
    # The address of the default route: connecting a UDP socket sends nothing.
    for family, probe in ((socket.AF_INET, "192.0.2.1"), (socket.AF_INET6, "2001:db8::1")):
        with contextlib.suppress(OSError), socket.socket(family, socket.SOCK_DGRAM) as sock:
            sock.connect((probe, 9))
            names.add(sock.getsockname()[0])
    return sorted(n.lower() for n in names if n and "%" not in n and n not in ("0.0.0.0", "::"))


def allowed_hosts(listen_host: str, public: list[str]) -> list[str]:
    """Streamlit's ``server.allowedHosts`` for the replicas: loopback, the public names, and the
    machine's own names and addresses when nginx listens on every interface (or one address)."""
    hosts = [*LOOPBACK_HOSTS, *public]
    if listen_host in ("0.0.0.0", "::", "[::]"):
        hosts += network_names()
    elif listen_host.strip("[]") not in LOOPBACK_HOSTS:
        hosts.append(listen_host.strip("[]"))
    return list(dict.fromkeys(hosts))


def port_in_use(host: str, port: int) -> bool:
    """True when nginx could not listen on ``host:port`` now (someone else listens there)."""
    family = socket.AF_INET6 if ":" in host.strip("[]") else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as nginx does
        try:
            sock.bind((host.strip("[]"), port))
        except OSError:
            return True
    return False


def check_boundaries() -> None:
    """Refuse a bad ``$ATLAS_BOUNDARIES`` here, before any replica starts (each would refuse it)."""
    if not os.environ.get("ATLAS_BOUNDARIES", "").strip():
        return  # the shipped file: checked by the tests
    sys.path.insert(0, str(ROOT))
    from geo.boundaries import BoundaryError, read_boundaries

    try:
        read_boundaries()
    except BoundaryError as error:
        raise Refused(f"the atlas cannot start: {error}") from error


@dataclass
class Replica:
    """One Streamlit process: its name in the affinity cookie, address, and pid once started."""

    name: str
    address: str  # host:port
    pid: int | None = None


# --- the nginx configuration ------------------------------------------------------------------


def _upstream_server(address: str, backup: bool = False) -> str:
    # One refused connection marks a replica down for 10 s; the request moves to the next server.
    extra = " backup" if backup else " max_fails=1 fail_timeout=10s"
    return f"        server {address}{extra};"


def render_config(
    replicas: list[str],
    listen: str,
    run_dir: Path,
    root: Path = ROOT,
    user: str = "",
    ancestors: str = FRAME_ANCESTORS,
) -> str:
    """The nginx configuration balancing ``replicas`` (``host:port`` each) with session affinity.

    ``listen`` is nginx's ``listen`` argument (``8080``, ``127.0.0.1:8080``); ``run_dir`` holds its
    pid file, logs and temporary files; ``root`` is the folder whose ``site/`` is served at
    ``/site/``; ``user`` an nginx ``user`` directive (needed when nginx starts as root);
    ``ancestors`` the CSP ``frame-ancestors`` sources (who may embed the atlas).
    """
    if not replicas:
        raise ValueError("no replica given: expected one or more host:port addresses")
    for address in replicas:
        host, _, port = address.rpartition(":")
        if not host or not port.isdigit() or not 0 < int(port) < 65536:
            raise ValueError(f"replica address {address!r} is not host:port (e.g. 10.0.0.5:8501)")
    if len(set(replicas)) != len(replicas):
        raise ValueError(f"replica addresses repeat: {replicas}")
    names = [f"r{i}" for i in range(1, len(replicas) + 1)]
    per_replica = []
    for name, address in zip(names, replicas, strict=True):
        lines = [_upstream_server(address)]
        lines += [_upstream_server(other, backup=True) for other in replicas if other != address]
        per_replica.append(
            f"    upstream atlas_{name} {{\n        zone atlas_{name} 64k;\n"
            + "\n".join(lines)
            + "\n    }"
        )
    fields = {
        "RUN_DIR": str(run_dir),
        "ROOT": str(root),
        "LISTEN": listen,
        "USER": user,
        "SECURITY_HEADERS": security_headers(ancestors),
        "SERVERS_ANY": "\n".join(_upstream_server(a) for a in replicas),
        "SERVERS_PER_REPLICA": "\n".join(per_replica),
        "ROUTE_MAP": "\n".join(f"        {n} atlas_{n};" for n in names),
        "SERVED_MAP": "\n".join(
            f'        "~(^|, ){re.escape(a)}$" {n};' for n, a in zip(names, replicas, strict=True)
        ),
    }
    text = TEMPLATE.read_text(encoding="utf-8")
    missing = sorted(set(_FIELD.findall(text)) - set(fields))
    if missing:
        raise ValueError(
            f"the template {TEMPLATE.name} has fields this script does not fill: {missing}"
        )
    return _FIELD.sub(lambda m: fields[m.group(1)], text)


def find_nginx() -> str:
    """The nginx executable: $ATLAS_NGINX, else nginx on the PATH or in /usr/sbin."""
    given = os.environ.get("ATLAS_NGINX")
    if given:
        if not os.access(given, os.X_OK):
            raise FileNotFoundError(f"ATLAS_NGINX={given!r} is not an executable file")
        return given
    for candidate in NGINX_CANDIDATES:
        found = shutil.which(candidate)
        if found:
            return found
    raise FileNotFoundError(NGINX_MISSING)


def _nginx_user() -> str:
    """nginx's `user` directive: workers drop root to nobody (Debian has no group `nobody`)."""
    if os.geteuid() != 0:
        return ""  # nginx ignores `user` unless it starts as root
    import grp
    import pwd

    nobody = pwd.getpwnam("nobody")
    return f"user nobody {grp.getgrgid(nobody.pw_gid).gr_name};"


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
