"""The atlas's nginx configuration and the settings it is made from, checked.

What a deployment renders (``python -m deploy render``, docs/DEPLOY.md), ``make serve`` runs
under supervisord and the bench measures: one configuration, written here only. Nothing here
starts a process.
"""

from __future__ import annotations

import contextlib
import ipaddress
import os
import re
import shutil
import socket
from dataclasses import dataclass
from pathlib import Path

from deploy.previews import preview_fields

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).resolve().parent / "nginx.conf.template"
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
# Debian's brotli module for nginx (package libnginx-mod-http-brotli-filter); loaded when present.
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_filter_module.so")
# The types nginx compresses (text/html always is), with gzip and, when loaded, brotli.
COMPRESSED_TYPES = (
    "text/css text/plain text/csv text/javascript application/javascript application/x-javascript "
    "application/json application/geo+json application/manifest+json image/svg+xml text/xml "
    "application/xml"
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


def compression_fields(brotli_module: Path | None = BROTLI_MODULE) -> dict[str, str]:
    """The template's ``LOAD_MODULES`` and ``BROTLI`` fields: brotli beside gzip when nginx's
    brotli module is installed at ``brotli_module``, else nothing (gzip alone)."""
    if brotli_module is None or not brotli_module.is_file():
        return {"LOAD_MODULES": "", "BROTLI": "", "COMPRESSED_TYPES": COMPRESSED_TYPES}
    return {
        "LOAD_MODULES": f"load_module {brotli_module};",
        "BROTLI": (
            "    brotli on;\n    brotli_comp_level 5;\n    brotli_min_length 1024;\n"
            f"    brotli_types {COMPRESSED_TYPES};"
        ),
        "COMPRESSED_TYPES": COMPRESSED_TYPES,
    }


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


SITE_PATH = "/site/"  # where nginx serves the static edition (the template's location)


def static_url(value: str | None, root: Path) -> str | None:
    """Where the replicas send readers for the views the static edition shows (their
    ``ATLAS_STATIC_URL``): ``value`` when given, checked; else ``/site/`` on nginx's own host when
    ``root/site/`` holds a built edition; else None (every link stays the live app's).

    Raises
    ------
    Refused
        For a value that is neither an http(s) address nor a path starting with ``/``.
    """
    value = (value or "").strip()
    if not value:
        return SITE_PATH if (root / "site" / "index.html").is_file() else None
    absolute = re.fullmatch(r"https?://[^/\s?#]+(/[^\s?#]*)?", value, re.IGNORECASE)
    path = re.fullmatch(r"/(?!/)[^\s?#]*", value)
    if not (absolute or path):
        raise Refused(
            f"ATLAS_STATIC_URL {value!r} is not an address: expected where the static edition "
            "is published, as https://example.org/atlas/ or as a path on this server such as "
            f"{SITE_PATH}"
        )
    return value if value.endswith("/") else value + "/"


def check_boundaries() -> None:
    """Refuse a bad ``$ATLAS_BOUNDARIES`` here, before any replica starts (each would refuse it)."""
    if not os.environ.get("ATLAS_BOUNDARIES", "").strip():
        return  # the shipped file: checked by the tests
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


def icon_font_field(font: Path | None, ancestors: str = FRAME_ANCESTORS) -> str:
    """The template's ``ICON_FONT`` field: the location that answers Streamlit's icon font's
    address with ``font`` (deploy/icon_font.py writes it under the original's name); empty
    without one. The name carries the content's hash, as the original's: kept a year."""
    if font is None:
        return ""
    font = Path(font)
    pattern = re.escape(f"/static/media/{font.name}")
    return (
        "        # Streamlit's icon font, cut to the icons the atlas can show (deploy/icon_font.py).\n"
        f"        location ~ {pattern}$ {{\n"
        f"            root {font.parent};\n"
        f"            try_files /{font.name} =404;\n"
        '            add_header Cache-Control "public, max-age=31536000, immutable";\n'
        f"{security_headers(ancestors)}\n"
        "        }\n"
    )


def render_config(
    replicas: list[str],
    listen: str,
    run_dir: Path,
    root: Path = ROOT,
    user: str = "",
    ancestors: str = FRAME_ANCESTORS,
    brotli_module: Path | None = BROTLI_MODULE,
    icon_font: Path | None = None,
) -> str:
    """The nginx configuration balancing ``replicas`` (``host:port`` each) with session affinity.

    ``listen`` is nginx's ``listen`` argument (``8080``, ``127.0.0.1:8080``); ``run_dir`` holds its
    pid file, logs and temporary files; ``root`` is the folder whose ``site/`` is served at
    ``/site/``; ``user`` an nginx ``user`` directive (needed when nginx starts as root);
    ``ancestors`` the CSP ``frame-ancestors`` sources (who may embed the atlas);
    ``brotli_module`` nginx's brotli filter module, used when that file exists (None: gzip only);
    ``icon_font`` the cut of Streamlit's icon font to answer its address with
    (``deploy.icon_font.write_icon_font``; None: Streamlit's own is passed through).
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
        "ICON_FONT": icon_font_field(icon_font, ancestors),
        **compression_fields(brotli_module),
        **preview_fields(root),
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


def nginx_user() -> str:
    """nginx's `user` directive: workers drop root to nobody (Debian has no group `nobody`)."""
    if os.geteuid() != 0:
        return ""  # nginx ignores `user` unless it starts as root
    import grp
    import pwd

    nobody = pwd.getpwnam("nobody")
    return f"user nobody {grp.getgrgid(nobody.pw_gid).gr_name};"
