"""A server's first visit imports only what the map needs: the heavy libraries wait for a user's ask.

scipy (through mapclassify), matplotlib, kaleido and openpyxl cost seconds to import on a two-core
machine; they are imported when a reader uploads a layer, asks for an image or a workbook, not when
the glue is imported (``import ui``, at a session's first run) nor when the map page runs.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("scipy", "mapclassify", "matplotlib", "kaleido", "openpyxl")

# Run in a new interpreter, so that nothing another test imported counts.
PROBE = """
import json, sys
from geo.warm import warm_process
warm_process()  # what a server does before its first visitor (app.py)
after_warm = sorted(m for m in {heavy!r} + ("streamlit",) if m in sys.modules)
import ui
after_import = sorted(m for m in {heavy!r} if m in sys.modules)
from streamlit.testing.v1 import AppTest
at = AppTest.from_file("app_pages/map_page.py", default_timeout=120)
at.query_params["lang"] = "es"
at.run()
at.run()  # the run the drawn map asks for in a browser (ui.live_map.REST_JS): profile, downloads
assert not at.exception, at.exception
assert len(at.get("download_button")) == 6  # the page ran to its end, map drawn
after_run = sorted(m for m in {heavy!r} if m in sys.modules)
print(json.dumps({{"warm": after_warm, "import": after_import, "run": after_run}}))
"""


def test_warming_a_server_import_ui_and_a_map_page_run_import_no_heavy_library():
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=HEAVY)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["warm"] == [], f"warming a server imported {found['warm']}"
    assert found["import"] == [], f"`import ui` imported {found['import']}"
    assert found["run"] == [], f"a run of the map page imported {found['run']}"
