"""Debian's Chromium as the browser tests and the benchmark launch it, in one place."""

from __future__ import annotations

import os

# Debian's package: `playwright install` downloads a browser build of its own, which cannot be had
# offline and is not what users run. ATLAS_CHROMIUM points at another Chromium executable.
CHROMIUM = os.environ.get("ATLAS_CHROMIUM", "/usr/bin/chromium")
# Headless-friendly flags; the background-networking ones keep Chromium itself from calling home.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
# Playwright's `chromium.launch(**LAUNCH_OPTIONS)`, sync or async.
LAUNCH_OPTIONS = {"executable_path": CHROMIUM, "args": CHROMIUM_ARGS}
