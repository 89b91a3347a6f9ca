#!/usr/bin/env bash
# Install what the browser tests need beyond Python: Debian's Chromium and axe-core from npm; and
# what the static edition's benchmark serves and loads the site with: nginx and wrk (Debian).
# Idempotent; installs Debian packages with apt-get only when they are missing and we are root.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = "0" ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
  else
    echo "Chromium is missing: install Debian's package as root (apt-get install chromium)" >&2
    exit 1
  fi
fi

# nginx and wrk: the bench starts nginx itself on a loopback port (never the system service)
missing=""
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing="$missing nginx"
command -v wrk >/dev/null 2>&1 || missing="$missing wrk"
if [ -n "$missing" ]; then
  if [ "$(id -u)" = "0" ]; then
    apt-get update -qq
    # shellcheck disable=SC2086  # one word per package
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
  else
    echo "Missing Debian packages for the bench:$missing (apt-get install as root)" >&2
  fi
fi

if [ ! -f node_modules/axe-core/axe.min.js ]; then
  npm ci --no-audit --no-fund --silent
fi
