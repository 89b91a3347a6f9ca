"""A server's first visit imports only what the map needs: the heavy libraries wait for a user's ask.

scipy (through mapclassify), matplotlib and kaleido cost seconds to import on a two-core machine;
they are imported when a reader uploads a layer or asks for an image, not when the glue is imported
(``import ui``, at a session's first run) nor when the map page runs. Each of them is in the app's
own install (uv.lock), or "not imported" would prove nothing.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("scipy", "mapclassify", "matplotlib", "kaleido")

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
assert len(at.get("download_button")) == 6  # the page ran to its end: the map's 6 downloads
from geo.i18n import t
from ui.view_table import TABS_KEY
at.session_state[TABS_KEY] = t("map.tab.table", "es")  # a reader opens the table tab
at.run()
assert len(at.get("download_button")) == 7, at.exception  # and the table's CSV
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


def _app_install() -> set[str]:
    """The distributions `make setup` installs: the project's and theirs, as uv.lock resolved them."""
    lock = tomllib.loads((ROOT / "uv.lock").read_text(encoding="utf-8"))
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    packages = {package["name"]: package for package in lock["package"]}
    found, todo = set(), [re.sub(r"[-_.]+", "-", project["name"]).lower()]
    while todo:
        name = todo.pop()
        if name not in found:
            found.add(name)
            todo += [dependency["name"] for dependency in packages[name].get("dependencies", [])]
    return found


def test_every_library_held_back_is_one_the_app_installs():
    """A library the app never installs is never imported: listing it above would prove nothing."""
    missing = [name for name in HEAVY if name not in _app_install()]
    assert not missing, f"{missing} are not in the app's install (uv.lock): drop them from HEAVY"
