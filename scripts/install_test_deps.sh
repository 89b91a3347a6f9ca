#!/usr/bin/env bash
# Install what the browser tests need beyond Python: Debian's Chromium and axe-core from npm.
# Idempotent; installs Chromium with apt-get only when it is missing and we are root.
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

if [ ! -f node_modules/axe-core/axe.min.js ]; then
  npm ci --no-audit --no-fund --silent
fi
