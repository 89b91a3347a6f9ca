#!/usr/bin/env bash
# Install what the tests and the bench need beyond Python: Debian's Chromium, nginx (the replica
# tests put the atlas behind it; the bench serves the static edition with it) with its brotli
# module (deploy/config.py loads it when present; the compression tests check it), and wrk (the
# bench's load tool), and axe-core from npm.
# Idempotent; installs the Debian packages with apt-get only when missing and we are root.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium fonts-dejavu-core)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx)
command -v wrk >/dev/null || missing+=(wrk)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ]; then
    apt-get update -qq
    # The package's own service is never started: `python -m deploy` runs nginx with its own config.
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "Missing Debian packages: install them as root (apt-get install ${missing[*]})" >&2
    exit 1
  fi
fi

# nginx's brotli module, built for Debian's nginx: best effort (an nginx from elsewhere cannot load
# it; the configuration then compresses with gzip alone and the brotli test is skipped).
BROTLI=/usr/lib/nginx/modules/ngx_http_brotli_filter_module.so
if [ ! -f "$BROTLI" ] && [ "$(id -u)" = "0" ]; then
  { apt-get update -qq \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libnginx-mod-http-brotli-filter \
      >/dev/null; } \
    || echo "libnginx-mod-http-brotli-filter not installed: nginx will compress with gzip only" >&2
fi

if [ ! -f node_modules/axe-core/axe.min.js ]; then
  npm ci --no-audit --no-fund --silent
fi
