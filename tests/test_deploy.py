"""deploy/: the nginx configuration (affinity per replica, checked by nginx itself), the
supervisord configuration (checked by supervisor's own parser), the systemd units, and
`python -m deploy` serving one replica under supervisord: refused starts, host names, a replica
restarted after SIGKILL, and a stop that leaves no process behind."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from deploy import cli
from deploy import config as deploy_config
from deploy import supervisor as deploy_supervisor
from devtools.server import free_port, wait_healthy

ROOT = Path(__file__).resolve().parent.parent

NEEDS_NGINX = pytest.mark.skipif(
    shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists(),
    reason="nginx is not installed (make test-setup installs it as root)",
)



def _has_supervisord() -> bool:
    try:
        deploy_supervisor.find_supervisord()
    except FileNotFoundError:
        return False
    return True


NEEDS_SUPERVISORD = pytest.mark.skipif(
    not _has_supervisord(), reason="supervisor is not installed (make test-setup installs it)"
)
REPLICAS = ["10.0.0.11:8501", "10.0.0.12:8501", "app-3.internal:8502"]


def upstream(config: str, name: str) -> list[str]:
    """The server lines of upstream ``name``."""
    block = re.search(rf"upstream {name} \{{(.*?)\}}", config, re.S)
    assert block, f"no upstream {name}"
    return [line.strip() for line in block.group(1).splitlines() if "server " in line]


def test_each_replica_has_its_own_upstream_with_the_others_as_backups(tmp_path):
    config = deploy_config.render_config(REPLICAS, "8080", tmp_path)
    assert not re.search(r"@@[A-Z_]+@@", config), "a template field left unfilled"
    for i, address in enumerate(REPLICAS, 1):
        lines = upstream(config, f"atlas_r{i}")
        assert lines[0] == f"server {address} max_fails=1 fail_timeout=10s;"
        assert sorted(lines[1:]) == sorted(f"server {a} backup;" for a in REPLICAS if a != address)
        # the cookie value r<i> routes to it, and an answer from it sets r<i>
        assert f"r{i} atlas_r{i};" in config
        assert f'"~(^|, ){re.escape(address)}$" r{i};' in config
    assert len(upstream(config, "atlas_any")) == len(REPLICAS)
    assert "listen 8080;" in config
    assert f"pid {tmp_path}/nginx.pid;" in config


@pytest.mark.parametrize(
    "replicas", [[], ["10.0.0.11"], ["10.0.0.11:http"], [":8501"], ["a:1", "a:1"], ["a:70000"]]
)
def test_bad_replica_addresses_are_refused_by_name(replicas, tmp_path):
    with pytest.raises(ValueError, match=r"replica|host:port"):
        deploy_config.render_config(replicas, "8080", tmp_path)


@NEEDS_NGINX
def test_nginx_accepts_the_configuration(tmp_path):
    config = deploy_config.render_config(
        REPLICAS[:2], f"127.0.0.1:{free_port()}", tmp_path, user=deploy_config.nginx_user()
    )
    (tmp_path / "nginx.conf").write_text(config)
    tmp_path.chmod(0o755)
    result = subprocess.run(
        [deploy_config.find_nginx(), "-t", "-p", f"{tmp_path}/", "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


def test_stop_without_a_running_cluster_says_so(tmp_path, capsys):
    (tmp_path / "supervisord.pid").write_text(f"{os.getpid()}\n")  # stale: not a supervisord
    assert cli.main(["stop", "--run-dir", str(tmp_path)]) == 0
    assert "nothing to stop" in capsys.readouterr().out
    assert cli.main(["status", "--run-dir", str(tmp_path)]) == 3


@NEEDS_NGINX
def test_nginx_serves_the_static_edition_at_site_without_a_replica():
    """/site/ comes from the folder's site/ (make site), straight from disk; 404 until built."""
    # Not pytest's tmp_path: its parents are private to the user, and nginx's workers run as
    # nobody when the test runs as root.
    with tempfile.TemporaryDirectory(prefix="atlas-site-") as folder:
        _serve_site(Path(folder))


def _serve_site(tmp_path: Path) -> None:
    root, run = tmp_path / "repo", tmp_path / "run"
    (root / "site").mkdir(parents=True)
    (root / "site" / "index.html").write_text("<h1>edition</h1>")
    (root / "site" / "es").mkdir()
    (root / "site" / "404.html").write_text("<h1>no page</h1>")  # geo.site.build writes them
    es_404 = "<html><head><title>404</title></head><body><h1>sin página</h1></body></html>"
    (root / "site" / "es" / "404.html").write_text(es_404)
    run.mkdir()
    for folder in (tmp_path, root, root / "site", root / "site" / "es", run):
        folder.chmod(0o755)
    port = free_port()
    # replicas that do not exist: /site/ must not need them
    config = deploy_config.render_config(
        ["127.0.0.1:9", "127.0.0.1:10"], f"127.0.0.1:{port}", run, root, deploy_config.nginx_user()
    )
    (run / "nginx.conf").write_text(config)
    nginx = subprocess.Popen(
        [deploy_config.find_nginx(), "-p", f"{run}/", "-c", str(run / "nginx.conf"), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/site/", timeout=2) as r:
                    status, body, cookie = r.status, r.read(), r.headers.get("Set-Cookie")
                break
            except (urllib.error.URLError, ConnectionError) as exc:
                assert nginx.poll() is None, nginx.stderr.read().decode()
                if time.monotonic() > deadline:
                    raise AssertionError(f"nginx did not answer on port {port}") from exc
                time.sleep(0.2)  # polling nginx's start, bounded by the deadline
        assert (status, body, cookie) == (200, b"<h1>edition</h1>", None)
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/site/missing.html", timeout=5)
        assert missing.value.code == 404
        assert missing.value.read() == b"<h1>no page</h1>"  # the site's own not-found page
        # the language's own, at any depth, its links relative to its own folder (a <base>)
        with_base = es_404.replace("<head>", '<head><base href="/site/es/">')
        for deep in ("nada/missing.html", "a/b", "a/b/c/"):
            with pytest.raises(urllib.error.HTTPError) as missing:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/site/es/{deep}", timeout=5)
            assert missing.value.code == 404
            assert missing.value.read().decode() == with_base, deep
    finally:
        nginx.terminate()
        nginx.wait(timeout=10)


# --- security headers, limits and metrics in the configuration ---------------------------------

HEADERS = ("X-Content-Type-Options", "Referrer-Policy", "Permissions-Policy",
           "Content-Security-Policy")  # fmt: skip


def _locations(config: str) -> dict[str, str]:
    """Each `location` block of the server, by its pattern."""
    return {
        m.group(1).strip(): m.group(2)
        for m in re.finditer(r"location ([^{]+)\{(.*?)\n        \}", config, re.S)
    }


def test_every_location_sends_the_security_headers(tmp_path):
    """add_header in a location replaces the server's: each location must carry them all."""
    locations = _locations(deploy_config.render_config(REPLICAS, "8080", tmp_path))
    assert len(locations) == 6, list(locations)
    for pattern, block in locations.items():
        for header in HEADERS:
            assert re.search(rf"add_header {header} \".+\" always;", block), (pattern, header)
    policy = re.search(r'Content-Security-Policy "([^"]+)"', locations["/"]).group(1)
    assert policy.endswith("; frame-ancestors *")
    assert "object-src 'none'" in policy and "connect-src 'self'" in policy


def test_who_may_embed_the_atlas_is_a_setting(tmp_path):
    config = deploy_config.render_config(
        REPLICAS, "8080", tmp_path, ancestors="https://news.example.com  https://*.example.org"
    )
    assert 'frame-ancestors https://news.example.com https://*.example.org"' in config
    for bad in ("", "https://a.example; script-src *", "'unsafe-inline'", '"x"'):
        with pytest.raises(deploy_config.Refused, match=r"frame-ancestors .*expected \*"):
            deploy_config.render_config(REPLICAS, "8080", tmp_path, ancestors=bad)


def test_uploads_are_limited_per_client_and_metrics_are_not_served(tmp_path):
    locations = _locations(deploy_config.render_config(REPLICAS, "8080", tmp_path))
    upload = locations["~ /_stcore/upload_file/"]
    assert "limit_req zone=atlas_upload_rate burst=20 nodelay;" in upload
    assert "limit_conn atlas_upload_conn 5;" in upload
    assert "return 404;" in locations["~ /_stcore/metrics"]


# --- host names the replicas accept ------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [(["Atlas.Example.org."], ["atlas.example.org"]), (["*.example.org"], ["*.example.org"]),
     (["192.168.1.20", "[fd00::2]"], ["192.168.1.20", "fd00::2"])],
)  # fmt: skip
def test_public_host_names_are_normalised(given, expected):
    assert deploy_config.public_hosts(given) == expected


@pytest.mark.parametrize(
    "bad", ["https://atlas.example.org", "atlas.example.org:8080", "atlas.example.org/", "a b", ""]
)
def test_a_public_host_that_is_not_a_name_is_refused(bad):
    with pytest.raises(deploy_config.Refused, match="is not a host name: expected a name such as"):
        deploy_config.public_hosts([bad])


def test_replicas_accept_loopback_the_public_names_and_on_0_0_0_0_the_machine_s_names():
    assert deploy_config.allowed_hosts("127.0.0.1", ["atlas.example.org"]) == [
        "localhost", "127.0.0.1", "::1", "atlas.example.org",
    ]  # fmt: skip
    everywhere = deploy_config.allowed_hosts("0.0.0.0", [])
    assert socket.gethostname().lower() in everywhere
    assert set(deploy_config.network_names()) <= set(everywhere)
    assert deploy_config.allowed_hosts("192.168.1.20", [])[-1] == "192.168.1.20"


# --- a refused start ---------------------------------------------------------------------------

WELCOME = "You can now view your Streamlit app"


def _launch(tmp_path: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "deploy", "serve", "--run-dir", str(tmp_path / "run"),
         "--replicas", "1", *args],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**{k: v for k, v in os.environ.items() if k != "ATLAS_BOUNDARIES"}, **(env or {})},
    )  # fmt: skip


@NEEDS_NGINX
@NEEDS_SUPERVISORD
def test_a_taken_port_is_refused_before_anything_starts(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = _launch(tmp_path, "--port", str(port))
    output = result.stdout + result.stderr
    assert result.returncode == 2, output
    assert f"port {port} on 127.0.0.1 is already in use" in result.stderr
    assert "expected a free port" in result.stderr and "--port" in result.stderr
    assert WELCOME not in output and "starting" not in output  # no replica was started
    assert not (tmp_path / "run").exists()


@NEEDS_NGINX
@NEEDS_SUPERVISORD
def test_a_bad_boundary_file_is_refused_by_the_launcher_without_streamlit_s_welcome(tmp_path):
    bad = tmp_path / "cusco.geojson"
    bad.write_text("{}")
    result = _launch(tmp_path, "--port", str(free_port()),
                     env={"ATLAS_BOUNDARIES": str(bad)})  # fmt: skip
    output = result.stdout + result.stderr
    assert result.returncode == 2, output
    assert f"the atlas cannot start: boundary file {bad} is not a readable geo file" in output
    assert WELCOME not in output and "starting" not in output


@pytest.mark.parametrize(
    ("args", "words"),
    [(["--public-host", "https://atlas.example.org/"], "is not a host name"),
     (["--frame-ancestors", "*; script-src *"], "is not a source"),
     (["--root", "/nonexistent-atlas-root"], "is not a folder")],
)  # fmt: skip
def test_bad_settings_are_refused_with_what_was_expected(tmp_path, args, words):
    result = _launch(tmp_path, *args)
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.startswith("cannot serve the atlas: ") and words in result.stderr
    assert "expected" in result.stderr
    assert WELCOME not in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("args", "words"),
    [(["--replicas", "0"], "expected a whole number"),
     (["--port", "99999"], "expected a port number")],
)  # fmt: skip
def test_bad_numbers_are_refused_by_the_command_line(tmp_path, args, words):
    result = subprocess.run(
        [sys.executable, "-m", "deploy", *args, "--run-dir", str(tmp_path / "run")],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 2 and words in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


# --- on the local network: the names readers use reach a live session ---------------------------


@pytest.fixture(scope="module")
def lan():
    """`python -m deploy serve --daemon --listen-host 0.0.0.0 --public-host atlas.example.org`,
    one replica; at the end, `python -m deploy stop`, which must leave no process behind."""
    # Not pytest's tmp_path: as root, nginx's workers (nobody) must enter the run folder.
    run = Path(tempfile.mkdtemp(prefix="atlas-lan-"))
    port = free_port()
    started = subprocess.run(
        [sys.executable, "-m", "deploy", "serve", "--daemon", "--run-dir", str(run),
         "--replicas", "1", "--port", str(port), "--listen-host", "0.0.0.0",
         "--public-host", "atlas.example.org"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
        env={k: v for k, v in os.environ.items() if k != "ATLAS_BOUNDARIES"},
    )  # fmt: skip
    output = started.stdout + started.stderr
    try:
        assert started.returncode == 0, output
        # the command's own line says where the atlas is served, not a replica's
        assert f"serving the atlas at http://127.0.0.1:{port}/" in started.stdout, output
        assert WELCOME not in output
        yield {"port": port, "run_dir": run, "state": deploy_supervisor.read_state(run)}
    finally:
        state = deploy_supervisor.read_state(run) or {}
        pids = [p["pid"] for p in cli.programs(run) if p["pid"]]
        pids += [pid for pid in [cli.supervisord_pid(run)] if pid]
        stopped = subprocess.run(
            [sys.executable, "-m", "deploy", "stop", "--run-dir", str(run)],
            cwd=ROOT, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        left = left_behind(run, pids, state)
        shutil.rmtree(run, ignore_errors=True)
    assert not left, f"processes left running after `python -m deploy stop`: {left}"
    assert stopped.returncode == 0 and "stopped" in stopped.stdout, stopped.stdout + stopped.stderr
    assert len(pids) == 3  # supervisord, the replica, nginx


def left_behind(run: Path, pids: list[int], state: dict) -> list[str]:
    """Processes still running that a stack served from ``run`` started: one of ``pids``, or any
    process whose command line names the run folder (supervisord, nginx) or a replica's port."""
    ports = [r["address"].rsplit(":", 1)[1] for r in state.get("replicas", [])]
    left = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit() or not cli._alive(int(proc.name)):
            continue
        try:
            argv = (proc / "cmdline").read_bytes().decode(errors="replace").split("\0")
        except OSError:
            continue
        line = " ".join(argv)
        port_of = [argv[i + 1] for i, a in enumerate(argv[:-1]) if a == "--server.port"]
        if int(proc.name) in pids or str(run) in line or set(port_of) & set(ports):
            left.append(f"{proc.name}: {line}")
    return left


def handshake(port: int, host: str) -> str:
    """The status line a websocket handshake through nginx (on 127.0.0.1) gets for ``host``."""
    name = f"[{host}]" if ":" in host else host
    with socket.create_connection(("127.0.0.1", port), timeout=60) as sock:
        sock.sendall(
            (
                f"GET /_stcore/stream HTTP/1.1\r\nHost: {name}:{port}\r\n"
                f"Origin: http://{name}:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                "Sec-WebSocket-Protocol: streamlit\r\n\r\n"
            ).encode()
        )
        return sock.recv(4096).split(b"\r\n")[0].decode()


@NEEDS_NGINX
@NEEDS_SUPERVISORD
def test_the_public_name_and_the_machine_s_names_open_a_session_through_nginx(lan):
    names = ["atlas.example.org", socket.gethostname(), *deploy_config.network_names()]
    for host in dict.fromkeys(names):
        assert " 101 " in handshake(lan["port"], host), host


@NEEDS_NGINX
@NEEDS_SUPERVISORD
def test_another_name_is_still_refused(lan):
    assert " 403 " in handshake(lan["port"], "rebound.example")


@NEEDS_NGINX
@NEEDS_SUPERVISORD
def test_status_names_each_program_running(lan, capsys):
    assert cli.main(["status", "--run-dir", str(lan["run_dir"])]) == 0
    out = capsys.readouterr().out
    assert f"the atlas at http://127.0.0.1:{lan['port']}/" in out
    for name in ("replica-1", "nginx"):
        assert re.search(rf"{name} +RUNNING", out), out


def test_a_missing_nginx_is_refused_before_anything_starts(tmp_path):
    result = _launch(tmp_path, env={"ATLAS_NGINX": str(tmp_path / "no-nginx")})
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.startswith("cannot serve the atlas: ATLAS_NGINX=")
    assert "is not an executable file" in result.stderr
    assert "starting" not in result.stdout and WELCOME not in result.stdout + result.stderr


RESTART_S = 10  # a killed replica answers again within this (issue 28)


@NEEDS_NGINX
@NEEDS_SUPERVISORD
def test_a_killed_replica_is_restarted_by_supervisord_within_10_s(lan):
    run, port = lan["run_dir"], lan["port"]
    before = {p["name"]: p for p in cli.programs(run)}
    pid, address = before["replica-1"]["pid"], lan["state"]["replicas"][0]["address"]
    assert before["replica-1"]["statename"] == "RUNNING"
    killed = time.monotonic()
    os.kill(pid, signal.SIGKILL)
    while cli._alive(pid):  # gone at once: SIGKILL is not caught
        assert time.monotonic() - killed < 2, f"replica {pid} still alive after SIGKILL"
        time.sleep(0.05)
    wait_healthy(f"http://{address}/_stcore/health", timeout=RESTART_S - (time.monotonic() - killed),
                 what="the killed replica")  # fmt: skip
    back = time.monotonic() - killed
    after = {p["name"]: p for p in cli.programs(run)}
    assert after["replica-1"]["pid"] not in (0, pid), after["replica-1"]
    assert after["nginx"]["pid"] == before["nginx"]["pid"]  # nothing else was restarted
    log = (run / "supervisord.log").read_text()
    assert "exited: replica-1 (terminated by SIGKILL; not expected)" in log, log
    assert f"spawned: 'replica-1' with pid {after['replica-1']['pid']}" in log, log
    print(f"replica-1 answered again {back:.1f} s after SIGKILL")
    # ... and nginx reaches it again: readers get a session
    assert " 101 " in handshake(port, "atlas.example.org")


@NEEDS_NGINX
@NEEDS_SUPERVISORD
def test_a_second_serve_from_the_same_run_folder_is_refused(lan):
    result = subprocess.run(
        [sys.executable, "-m", "deploy", "serve", "--run-dir", str(lan["run_dir"]),
         "--port", str(free_port())],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 2, result.stdout + result.stderr
    assert f"an atlas is already served from {lan['run_dir']}: expected it stopped" in (
        result.stderr
    )

def test_a_missing_supervisord_is_refused_before_anything_starts(tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "supervisor.supervisord", None)  # `import` raises
    monkeypatch.setattr(deploy_supervisor.shutil, "which", lambda name: None)
    monkeypatch.setenv("ATLAS_NGINX", sys.executable)  # an executable: nginx is not the point
    run = tmp_path / "run"
    assert cli.main(["serve", "--run-dir", str(run), "--port", str(free_port())]) == 2
    err = capsys.readouterr().err
    assert err.startswith("cannot serve the atlas: supervisord is not installed: `make serve`")
    assert "apt-get install supervisor" in err and not run.exists()


@NEEDS_NGINX
@NEEDS_SUPERVISORD
@pytest.mark.skipif(os.geteuid() != 0, reason="only root's nginx workers run as nobody")
def test_as_root_a_run_folder_nobody_can_enter_is_refused(tmp_path):
    private = tmp_path / "private"
    private.mkdir(mode=0o700)
    result = _launch(private, "--port", str(free_port()))
    assert result.returncode == 2, result.stdout + result.stderr
    assert f"nginx's workers run as nobody when started as root, and cannot enter {private}" in (
        result.stderr
    )
    assert "expected a run folder that others may reach" in result.stderr


# --- the supervisord configuration ---------------------------------------------------------------


def _stack(folder: Path) -> deploy_supervisor.Stack:
    return deploy_supervisor.Stack(
        run_dir=folder / "run dir",  # a space survives supervisord's parsing
        replicas=[deploy_config.Replica("r1", "127.0.0.1:8601"),
                  deploy_config.Replica("r2", "127.0.0.1:8602")],
        listen_host="127.0.0.1", port=8080,
        hosts=["localhost", "127.0.0.1", "::1", "atlas.example.org"],
        ancestors="*", root=ROOT, nginx="/usr/sbin/nginx", secret="ab" * 32,
    )  # fmt: skip


@NEEDS_SUPERVISORD
def test_supervisord_reads_one_restarted_program_per_replica_and_nginx(tmp_path):
    from supervisor.datatypes import RestartUnconditionally
    from supervisor.options import ServerOptions

    stack = _stack(tmp_path)
    deploy_supervisor.write_run_dir(stack)
    run = stack.run_dir
    options = ServerOptions()  # supervisord's own reading of its configuration
    options.realize(args=["-c", str(run / "supervisord.conf")])
    configs = {g.name: g.process_configs[0] for g in options.process_group_configs}
    assert sorted(configs) == ["nginx", "replica-1", "replica-2"]
    for index, replica in enumerate(stack.replicas, 1):
        config = configs[f"replica-{index}"]
        argv = shlex.split(config.command)
        assert argv[:5] == [sys.executable, "-m", "streamlit", "run", "app.py"]
        assert argv[argv.index("--server.port") + 1] == replica.address.rsplit(":", 1)[1]
        assert argv[argv.index("--server.address") + 1] == "127.0.0.1"
        allowed = [argv[i + 1] for i, arg in enumerate(argv) if arg == "--server.allowedHosts"]
        assert allowed == stack.hosts
        assert config.autorestart is RestartUnconditionally
        assert config.startsecs > 0 and config.stopasgroup and config.killasgroup
        assert config.stdout_logfile == str(run / f"replica-{index}.log")
        assert config.redirect_stderr and config.directory == str(ROOT)
    nginx = configs["nginx"]
    assert shlex.split(nginx.command) == [
        "/usr/sbin/nginx", "-p", f"{run}/", "-c", str(run / "nginx.conf"), "-g", "daemon off;"
    ]  # fmt: skip
    # nginx starts after the replicas and stops before them (highest priority stops first)
    assert nginx.priority > max(configs["replica-1"].priority, configs["replica-2"].priority)
    assert nginx.autorestart is RestartUnconditionally and nginx.stopasgroup
    (server,) = options.server_configs
    assert (server["family"], server["file"], server["chmod"]) == (
        socket.AF_UNIX, str(run / "supervisor.sock"), 0o700,
    )  # fmt: skip
    assert options.configroot.supervisord.environment["STREAMLIT_SERVER_COOKIE_SECRET"] == (
        stack.secret
    )
    assert options.logfile == str(run / "supervisord.log")
    assert oct((run / "supervisord.conf").stat().st_mode & 0o777) == "0o600"  # the secret
    # nginx's configuration balances the same replicas; serve.json names them for stop/status
    assert upstream((run / "nginx.conf").read_text(), "atlas_any") == [
        "server 127.0.0.1:8601 max_fails=1 fail_timeout=10s;",
        "server 127.0.0.1:8602 max_fails=1 fail_timeout=10s;",
    ]
    state = deploy_supervisor.read_state(run)
    assert [(r["name"], r["program"]) for r in state["replicas"]] == [
        ("r1", "replica-1"), ("r2", "replica-2"),
    ]  # fmt: skip
    assert state["url"] == "http://127.0.0.1:8080"


@pytest.mark.parametrize(
    "change", [{"hosts": ["localhost\n[program:evil]"]}, {"secret": "a%(here)s"},
               {"run_dir": Path("/tmp/100%")}],
)  # fmt: skip
def test_what_supervisord_cannot_hold_is_refused(tmp_path, change):
    stack = _stack(tmp_path)
    for name, value in change.items():
        setattr(stack, name, value)
    with pytest.raises(deploy_config.Refused, match=r"holds a % or a line break.*expected"):
        deploy_supervisor.render_supervisord(stack)


def test_a_run_folder_with_a_percent_sign_is_refused_by_the_command_line():
    with tempfile.TemporaryDirectory(prefix="atlas-100%-") as folder:
        Path(folder).chmod(0o755)  # nginx's workers may enter it: the % is what is refused
        result = _launch(Path(folder), "--port", str(free_port()))
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.startswith("cannot serve the atlas: ") and "holds a %" in result.stderr


# --- systemd units (production): parsed by systemd, started the way supervisord starts them -----

UNITS = ROOT / "deploy" / "systemd"


def _unit(path: Path) -> dict[str, list[tuple[str, str]]]:
    """A unit file's (key, value) pairs by section, in order (keys may repeat)."""
    sections: dict[str, list[tuple[str, str]]] = {}
    current = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith(("#", ";")):
            continue
        if line.startswith("["):
            current = sections.setdefault(line.strip("[]"), [])
            continue
        key, sep, value = line.partition("=")
        assert sep and current is not None, f"{path.name}: not key=value in a section: {line!r}"
        current.append((key.strip(), value.strip()))
    return sections


def test_the_replica_unit_starts_streamlit_as_supervisord_does_and_restarts_it(tmp_path):
    service = dict(_unit(UNITS / "atlas@.service")["Service"])
    assert service["Restart"] == "always" and service["KillMode"] == "control-group"
    argv = shlex.split(service["ExecStart"])
    assert argv[0] == "/srv/atlas/.venv/bin/python" and service["WorkingDirectory"] == "/srv/atlas"
    # The same command line as a replica under `make serve`, on the instance's port; its host
    # names come from STREAMLIT_SERVER_ALLOWED_HOSTS in the environment file instead of flags.
    stack = _stack(tmp_path)
    stack.hosts = []
    expected = stack.replica_argv(deploy_config.Replica("r1", "127.0.0.1:%i"))
    assert argv[1:] == expected[1:]
    assert service["EnvironmentFile"] == "/etc/atlas/atlas.env"
    assert dict(_unit(UNITS / "atlas@.service")["Install"])["WantedBy"] == "multi-user.target"


def test_the_nginx_unit_runs_the_rendered_configuration_in_the_foreground():
    unit = _unit(UNITS / "atlas-nginx.service")
    service = dict(unit["Service"])
    argv = shlex.split(service["ExecStart"])
    assert argv[1:] == ["-c", "/etc/atlas/nginx.conf", "-g", "daemon off;"]
    assert service["Restart"] == "always" and service["KillSignal"] == "SIGTERM"
    # its state folder is where `python -m deploy render` puts nginx's files by default
    render = cli.parser().parse_args(["render", "--replica", "127.0.0.1:8501"])
    assert render.nginx_run_dir == f"/var/lib/{service['StateDirectory']}"


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no systemd-analyze here")
def test_systemd_parses_the_units_without_a_warning(tmp_path):
    """`systemd-analyze verify` on the units, /srv/atlas made a folder of this machine (it checks
    that ExecStart's program exists); any message (an unknown key, a bad value) fails."""
    srv = tmp_path / "srv"
    (srv / ".venv" / "bin").mkdir(parents=True)
    (srv / ".venv" / "bin" / "python").symlink_to(sys.executable)
    names = []
    for unit in sorted(UNITS.glob("*.service")):
        name = unit.name.replace("@.", "@8501.")  # a template is verified as an instance
        text = unit.read_text(encoding="utf-8").replace("/srv/atlas", str(srv))
        if not Path("/usr/sbin/nginx").exists():
            text = text.replace("/usr/sbin/nginx", "/bin/true")
        (tmp_path / name).write_text(text, encoding="utf-8")
        names.append(name)
    assert names == ["atlas-nginx.service", "atlas@8501.service"]
    result = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", *names],
        cwd=tmp_path, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0 and not result.stderr.strip(), result.stderr


@NEEDS_NGINX
@NEEDS_SUPERVISORD
def test_a_replica_that_cannot_start_is_reported_with_its_log_and_nothing_is_left(tmp_path):
    """A `streamlit` that exits at once (put first on the replicas' PYTHONPATH): supervisord
    retries it, gives up, and `serve` says so with the replica's log, then stops everything."""
    shadow = tmp_path / "shadow" / "streamlit"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text("")
    (shadow / "__main__.py").write_text("import sys\nprint('no module named atlas')\nsys.exit(3)\n")
    run = Path(tempfile.mkdtemp(prefix="atlas-fatal-"))
    run.chmod(0o755)
    try:
        result = _launch(run, "--daemon", "--port", str(free_port()),
                         env={"PYTHONPATH": str(shadow.parent)})  # fmt: skip
        state = deploy_supervisor.read_state(run / "run")
        left = left_behind(run / "run", [], state)
    finally:
        shutil.rmtree(run, ignore_errors=True)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "error: replica-1 could not start (supervisord gave up after several tries)" in (
        result.stderr
    )
    assert "no module named atlas" in result.stderr  # the end of the replica's log
    assert "serving the atlas" not in result.stdout
    assert not left, left


# --- weight: compression and caching through nginx ---------------------------------------------

SCRIPT = b"".join(b"function f%d(a) { return a + %d; }\n" % (i, i) for i in range(2000))
HASHED = "/static/js/index.C1JORDN2.js"  # a Streamlit bundle's name: content-hashed
COMPONENT = "/component/streamlit_folium.st_folium/static/js/main.521860b0.js"
YEAR = "public, max-age=31536000, immutable"


def _tiny_upstream() -> tuple[object, int]:
    """A stand-in for a replica: every path answers with Cache-Control of its own (which nginx
    must replace where the deployment decides); scripts under static/, HTML elsewhere, an HTML
    page at an unknown bundle (as Streamlit answers one), a websocket handshake that echoes the
    extensions it was offered."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Replica(BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path == "/_stcore/stream":
                self.send_response(101)
                self.send_header("Upgrade", "websocket")
                self.send_header("Connection", "Upgrade")
                offered = self.headers.get("Sec-WebSocket-Extensions", "none offered")
                self.send_header("Sec-WebSocket-Extensions", offered)
                self.end_headers()
                return
            suffix = Path(self.path.split("?")[0]).suffix
            kind = {".js": "text/javascript", ".woff2": "font/woff2"}.get(suffix)
            if "gone" in self.path:
                kind = None  # no such bundle: Streamlit answers with its page
            body = SCRIPT if kind else b"<!doctype html><title>page</title>" + b" " * 2000
            self.send_response(200)
            self.send_header("Content-Type", kind or "text/html")
            self.send_header("Cache-Control", "public, max-age=999")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Replica)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, server.server_address[1]


@pytest.fixture(scope="module")
def light(tmp_path_factory):
    """nginx with the deployment's configuration in front of the tiny upstream, with a static
    edition of one page and one script; its port."""
    upstream, upstream_port = _tiny_upstream()
    with tempfile.TemporaryDirectory(prefix="atlas-light-") as folder:
        root, run = Path(folder) / "repo", Path(folder) / "run"
        (root / "site" / "assets").mkdir(parents=True)
        (root / "site" / "index.html").write_text("<h1>edition</h1>" + " " * 2000)
        (root / "site" / "assets" / "explorer.js").write_bytes(SCRIPT)
        run.mkdir()
        for path in (Path(folder), root, root / "site", root / "site" / "assets", run):
            path.chmod(0o755)
        port = free_port()
        config = deploy_config.render_config(
            [f"127.0.0.1:{upstream_port}"], f"127.0.0.1:{port}", run, root,
            deploy_config.nginx_user(),
        )  # fmt: skip
        (run / "nginx.conf").write_text(config)
        nginx = subprocess.Popen(
            [deploy_config.find_nginx(), "-p", f"{run}/", "-c", str(run / "nginx.conf"),
             "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + 20
            while True:
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/site/", timeout=2).close()
                    break
                except (urllib.error.URLError, ConnectionError) as exc:
                    assert nginx.poll() is None, nginx.stderr.read().decode()
                    if time.monotonic() > deadline:
                        raise AssertionError(f"nginx did not answer on port {port}") from exc
                    time.sleep(0.2)  # polling nginx's start, bounded by the deadline
            yield port
        finally:
            nginx.terminate()
            nginx.wait(timeout=10)
            upstream.shutdown()


def _get(port: int, path: str, encoding: str = "") -> tuple[dict, bytes]:
    """Headers (lower-case names) and raw body of GET ``path``, asking for ``encoding``."""
    headers = {"Accept-Encoding": encoding} if encoding else {}
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers)
    with urllib.request.urlopen(request, timeout=10) as response:
        return {k.lower(): v for k, v in response.headers.items()}, response.read()


@NEEDS_NGINX
@pytest.mark.parametrize("path", [HASHED, COMPONENT, "/site/assets/explorer.js"])
def test_a_script_comes_gzipped_when_asked_and_whole_when_not(light, path):
    import gzip

    headers, body = _get(light, path, "gzip")
    assert headers.get("content-encoding") == "gzip", headers
    assert "Accept-Encoding" in headers.get("vary", "")
    assert gzip.decompress(body) == SCRIPT
    assert len(body) < len(SCRIPT) / 4
    headers, body = _get(light, path)
    assert "content-encoding" not in headers and body == SCRIPT


@NEEDS_NGINX
@pytest.mark.skipif(
    not deploy_config.BROTLI_MODULE.is_file(), reason="nginx's brotli module is not installed"
)
def test_a_script_comes_in_brotli_when_the_module_is_installed_and_the_browser_asks(light):
    headers, body = _get(light, HASHED, "gzip, deflate, br")
    assert headers.get("content-encoding") == "br", headers
    assert len(body) < len(SCRIPT) / 4


def test_without_the_brotli_module_the_configuration_has_gzip_alone(tmp_path):
    config = deploy_config.render_config(REPLICAS, "8080", tmp_path, brotli_module=None)
    directives = "\n".join(line for line in config.splitlines() if not line.strip().startswith("#"))
    assert "gzip on;" in directives and "gzip_types text/css" in directives
    assert not re.search(r"^\s*(brotli\w*|load_module) ", directives, re.M)
    module = tmp_path / "ngx_http_brotli_filter_module.so"
    module.write_bytes(b"")
    config = deploy_config.render_config(REPLICAS, "8080", tmp_path, brotli_module=module)
    assert config.index(f"load_module {module};") < config.index("events {")
    assert "brotli on;" in config and "brotli_types text/css" in config


@NEEDS_NGINX
@pytest.mark.parametrize("path", [HASHED, COMPONENT, "/static/media/KaTeX_Main.BQhdFMY1.woff2"])
def test_hashed_bundles_are_kept_a_year(light, path):
    headers, _ = _get(light, path, "gzip")
    assert headers["cache-control"] == YEAR


@NEEDS_NGINX
@pytest.mark.parametrize(
    "path",
    [
        "/",  # the app's page
        "/data?lang=es",  # another page of the app
        "/static/js/gone.C1JORDN2.js",  # an old bundle: the replica answers with its page
        "/component/streamlit_folium.st_folium/index.html",
        "/site/",
        "/site/index.html",
    ],
)
def test_pages_and_html_are_asked_again_each_time(light, path):
    headers, _ = _get(light, path)
    assert headers["cache-control"] == "no-cache"


@NEEDS_NGINX
@pytest.mark.parametrize("path", ["/site/assets/explorer.js", "/app/static/vendor/leaflet.js"])
def test_files_with_fixed_names_are_kept_ten_minutes_then_asked_again(light, path):
    headers, _ = _get(light, path)
    assert headers["cache-control"] == "public, max-age=600, must-revalidate"


@NEEDS_NGINX
def test_the_websocket_s_compression_offer_and_answer_pass_through_nginx(light):
    """permessage-deflate is negotiated between the browser and Streamlit: nginx passes the
    browser's offer to the replica and the replica's answer back."""
    offer = "permessage-deflate; client_max_window_bits"
    with socket.create_connection(("127.0.0.1", light), timeout=10) as sock:
        sock.sendall(
            (
                f"GET /_stcore/stream HTTP/1.1\r\nHost: 127.0.0.1:{light}\r\n"
                "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                f"Sec-WebSocket-Extensions: {offer}\r\n\r\n"
            ).encode()
        )
        answer = sock.recv(4096).decode()
    assert answer.startswith("HTTP/1.1 101 "), answer
    assert f"Sec-WebSocket-Extensions: {offer}" in answer


@NEEDS_NGINX
def test_nginx_accepts_the_configuration_without_brotli(tmp_path):
    config = deploy_config.render_config(
        REPLICAS[:2], f"127.0.0.1:{free_port()}", tmp_path,
        user=deploy_config.nginx_user(), brotli_module=None,
    )  # fmt: skip
    (tmp_path / "nginx.conf").write_text(config)
    tmp_path.chmod(0o755)
    nginx = [deploy_config.find_nginx(), "-t", "-p", f"{tmp_path}/"]
    result = subprocess.run(
        [*nginx, "-c", str(tmp_path / "nginx.conf")], capture_output=True, text=True, timeout=30
    )
    assert result.returncode == 0, result.stderr
