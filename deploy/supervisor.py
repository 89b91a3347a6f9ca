"""The supervisord configuration that runs the replicas and nginx on one machine, and its files.

``python -m deploy serve`` (deploy/cli.py) checks the settings, builds a ``Stack`` and writes its
run folder here: ``supervisord.conf``, ``nginx.conf`` (deploy/config.py) and ``serve.json`` (what
``stop``, ``status``, the tests and the bench read back). Nothing here starts a process: the
command line starts supervisord, which starts, watches and restarts everything else.

supervisord (PyPI's or Debian's ``supervisor``) restarts a replica that exits, whatever the
cause, at once (``autorestart``); stops each program's whole process group (``stopasgroup``,
``killasgroup``), so nothing a replica started outlives it; stops nginx before the replicas
(a higher ``priority`` stops first); and answers ``supervisorctl`` on a unix socket in the run
folder, reachable only by the user who started it.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

from deploy.config import ROOT, Refused, Replica, nginx_user, render_config
from deploy.icon_font import IconFontError, write_icon_font

CONF = "supervisord.conf"
SOCKET = "supervisor.sock"
PIDFILE = "supervisord.pid"
LOG = "supervisord.log"
STATE = "serve.json"
NGINX_PROGRAM = "nginx"
STATIC_URL_ENV = "ATLAS_STATIC_URL"  # geo.site.embed.STATIC_URL_ENV: the replicas read it
# A replica that stays up this long has started; one that exits sooner is retried this many times
# (1, 2, 3 s apart), then given up (FATAL), which the command line reports with its log.
START_SECS = 5
START_RETRIES = 3
STOP_WAIT_SECS = 15  # then SIGKILL, to the whole process group
SUPERVISORD_CANDIDATES = ("supervisord", "/usr/bin/supervisord")  # Debian's package
SUPERVISORD_MISSING = (
    "supervisord is not installed: `make serve` installs it (pip install --group serve, "
    "PyPI's supervisor), or on Debian or Ubuntu run `apt-get install supervisor` as root"
)


def program(replica: Replica) -> str:
    """The supervisord program name of a replica (``r1`` -> ``replica-1``)."""
    return f"replica-{replica.name.removeprefix('r')}"


@dataclass
class Stack:
    """What runs on this machine: replicas on loopback ports, nginx in front, files in run_dir."""

    run_dir: Path
    replicas: list[Replica]
    listen_host: str
    port: int
    hosts: list[str]  # Streamlit's server.allowedHosts for every replica
    ancestors: str  # CSP frame-ancestors
    root: Path  # the folder whose site/ nginx serves at /site/
    nginx: str  # the nginx executable
    secret: str = field(repr=False, default="")  # the cookie secret every replica shares
    python: str = sys.executable
    # Where readers' links and embed codes send them for the views the static edition shows
    # (ATLAS_STATIC_URL of every replica, geo.share): /site/ on nginx's own host when built.
    static_url: str | None = None

    @property
    def url(self) -> str:
        host = "127.0.0.1" if self.listen_host in ("0.0.0.0", "::", "[::]") else self.listen_host
        return f"http://{host}:{self.port}"

    def replica_argv(self, replica: Replica) -> list[str]:
        """The command line of one replica: ``streamlit run app.py`` on its loopback port."""
        host, _, port = replica.address.rpartition(":")
        return [
            self.python, "-m", "streamlit", "run", "app.py",
            "--server.headless", "true", "--server.port", port, "--server.address", host,
            # `serve` says where the atlas is served; a replica's own "You can now view your
            # Streamlit app" line would name its private port.
            "--logger.hideWelcomeMessage", "true",
            # Replaces .streamlit/config.toml's loopback-only list.
            *(arg for name in self.hosts for arg in ("--server.allowedHosts", name)),
        ]  # fmt: skip

    def nginx_argv(self) -> list[str]:
        """nginx in the foreground (supervisord watches it), with the run folder's configuration."""
        return [
            self.nginx, "-p", f"{self.run_dir}/", "-c", str(self.run_dir / "nginx.conf"),
            "-g", "daemon off;",
        ]  # fmt: skip

    def state(self) -> dict:
        """What serve.json says: where the atlas is served and what each program is."""
        return {
            "url": self.url,
            "run_dir": str(self.run_dir),
            "hosts": self.hosts,
            "replicas": [{**asdict(r), "program": program(r)} for r in self.replicas],
            "access_log": str(self.run_dir / "access.log"),
            "supervisord_log": str(self.run_dir / LOG),
            "static_url": self.static_url,
        }


def _value(text: str) -> str:
    """A value for supervisord's configuration, which expands %(name)s in it (some settings
    twice) and reads one setting a line: neither a % nor a line break can be written safely."""
    if "%" in text or "\n" in text or "\r" in text:
        raise Refused(
            f"{text!r} holds a % or a line break, which supervisord's configuration cannot "
            "hold: expected folders, host names and ATLAS_COOKIE_SECRET without them"
        )
    return text


def _command(argv: list[str]) -> str:
    return _value(shlex.join(argv))  # supervisord splits `command` as a POSIX shell would


def render_supervisord(stack: Stack) -> str:
    """The whole supervisord.conf of ``stack``: one program per replica, then nginx."""
    run = stack.run_dir
    environment = {
        "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
        # Signed cookies must verify on every replica (Streamlit's auth cookies, if used).
        "STREAMLIT_SERVER_COOKIE_SECRET": stack.secret,
    }
    if stack.static_url:
        environment[STATIC_URL_ENV] = stack.static_url
    lines = [
        "; Written by `python -m deploy serve` (deploy/supervisor.py); rewritten at each start.",
        "[unix_http_server]",
        f"file={_value(str(run / SOCKET))}",
        "chmod=0700",
        "",
        "[supervisord]",
        f"logfile={_value(str(run / LOG))}",
        "logfile_maxbytes=10MB",
        "logfile_backups=3",
        "loglevel=info",
        f"pidfile={_value(str(run / PIDFILE))}",
        f"childlogdir={_value(str(run))}",
        f"directory={_value(str(ROOT))}",
        "identifier=atlas",
        "umask=022",
        "environment=" + ",".join(f'{k}="{_value(v)}"' for k, v in environment.items()),
        "",
        "[rpcinterface:supervisor]",
        "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface",
        "",
        "[supervisorctl]",
        f"serverurl=unix://{_value(str(run / SOCKET))}",
        "",
    ]
    programs = [(program(r), stack.replica_argv(r), 100) for r in stack.replicas]
    # Started last and stopped first (supervisord stops the highest priority first): no reader
    # reaches a replica that is stopping.
    programs.append((NGINX_PROGRAM, stack.nginx_argv(), 900))
    for name, argv, priority in programs:
        lines += [
            f"[program:{name}]",
            f"command={_command(argv)}",
            f"directory={_value(str(ROOT))}",
            f"priority={priority}",
            "autostart=true",
            "autorestart=true",
            f"startsecs={START_SECS if name != NGINX_PROGRAM else 1}",
            f"startretries={START_RETRIES}",
            # TERM: Streamlit stops cleanly; nginx's fast shutdown (QUIT would wait for every
            # open websocket to close, hours for a reader who left a tab open).
            "stopsignal=TERM",
            f"stopwaitsecs={STOP_WAIT_SECS}",
            "stopasgroup=true",
            "killasgroup=true",
            "redirect_stderr=true",
            f"stdout_logfile={_value(str(run / f'{name}.log'))}",
            "stdout_logfile_maxbytes=10MB",
            "stdout_logfile_backups=3",
            "",
        ]
    return "\n".join(lines)


def _icon_font(run: Path) -> Path | None:
    """The cut of Streamlit's icon font, written into ``run/fonts`` (deploy/icon_font.py); None
    when it cannot be made (the reason is printed): nginx then passes Streamlit's own through,
    376 KB instead of 65 KB, and the atlas is served all the same."""
    try:
        return write_icon_font(run / "fonts").path
    except (IconFontError, ImportError) as exc:
        print(f"serving Streamlit's own icon font, not its cut: {exc}", file=sys.stderr, flush=True)
        return None


def write_run_dir(stack: Stack) -> None:
    """Write the run folder's configuration files (nginx.conf, supervisord.conf, serve.json)."""
    run = stack.run_dir
    run.mkdir(parents=True, exist_ok=True)
    # World-readable: as root, nginx's workers (user nobody) must reach their temp folders.
    run.chmod(0o755)
    nginx = render_config(
        [r.address for r in stack.replicas],
        f"{stack.listen_host}:{stack.port}",
        run,
        root=stack.root,
        user=nginx_user(),
        ancestors=stack.ancestors,
        icon_font=_icon_font(run),
    )
    (run / "nginx.conf").write_text(nginx, encoding="utf-8")
    conf = run / CONF
    conf.write_text(render_supervisord(stack), encoding="utf-8")
    conf.chmod(0o600)  # it holds the cookie secret
    write_state(run, stack.state())


def write_state(run_dir: Path, state: dict) -> None:
    """Write serve.json whole (a reader never sees half of it)."""
    path = Path(run_dir) / STATE
    part = path.with_name(path.name + ".part")
    part.write_text(json.dumps(state, indent=1) + "\n", encoding="utf-8")
    os.replace(part, path)


def read_state(run_dir: Path) -> dict | None:
    """What the last ``serve`` from ``run_dir`` wrote in serve.json, or None."""
    try:
        return json.loads((Path(run_dir) / STATE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None


def find_supervisord() -> list[str]:
    """The command that runs supervisord: this Python's ``supervisor`` package, else Debian's."""
    try:
        import supervisor.supervisord  # noqa: F401
    except ImportError:
        for candidate in SUPERVISORD_CANDIDATES:
            found = shutil.which(candidate)
            if found:
                return [found]
        raise FileNotFoundError(SUPERVISORD_MISSING) from None
    return [sys.executable, "-m", "supervisor.supervisord"]
