"""deploy/serve.py's nginx configuration: affinity per replica, checked by nginx itself."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("atlas_serve", ROOT / "deploy" / "serve.py")
serve = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = serve  # its dataclass looks itself up there
_spec.loader.exec_module(serve)

NEEDS_NGINX = pytest.mark.skipif(
    shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists(),
    reason="nginx is not installed (make test-setup installs it as root)",
)
REPLICAS = ["10.0.0.11:8501", "10.0.0.12:8501", "app-3.internal:8502"]


def upstream(config: str, name: str) -> list[str]:
    """The server lines of upstream ``name``."""
    block = re.search(rf"upstream {name} \{{(.*?)\}}", config, re.S)
    assert block, f"no upstream {name}"
    return [line.strip() for line in block.group(1).splitlines() if "server " in line]


def test_each_replica_has_its_own_upstream_with_the_others_as_backups(tmp_path):
    config = serve.render_config(REPLICAS, "8080", tmp_path)
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
        serve.render_config(replicas, "8080", tmp_path)


@NEEDS_NGINX
def test_nginx_accepts_the_configuration(tmp_path):
    config = serve.render_config(
        REPLICAS[:2], f"127.0.0.1:{serve.free_port()}", tmp_path, user=serve._nginx_user()
    )
    (tmp_path / "nginx.conf").write_text(config)
    tmp_path.chmod(0o755)
    result = subprocess.run(
        [serve.find_nginx(), "-t", "-p", f"{tmp_path}/", "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


def test_stop_without_a_running_cluster_says_so(tmp_path, capsys):
    assert serve.main(["--state", str(tmp_path / "none.json"), "stop"]) == 0
    assert "nothing to stop" in capsys.readouterr().out


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
    run.mkdir()
    for folder in (tmp_path, root, root / "site", run):
        folder.chmod(0o755)
    port = serve.free_port()
    # replicas that do not exist: /site/ must not need them
    config = serve.render_config(
        ["127.0.0.1:9", "127.0.0.1:10"], f"127.0.0.1:{port}", run, root, serve._nginx_user()
    )
    (run / "nginx.conf").write_text(config)
    nginx = subprocess.Popen(
        [serve.find_nginx(), "-p", f"{run}/", "-c", str(run / "nginx.conf"), "-g", "daemon off;"],
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
    finally:
        nginx.terminate()
        nginx.wait(timeout=10)
