"""The libraries' insides the atlas relies on are there, with the shape it expects.

One section per compatibility module (geo.compat.branca, geo.compat.folium, geo.compat.leaflet,
ui_compat.streamlit, ui_compat.streamlit_folium). An upgrade of any of those libraries fails here
first, naming what moved, instead of the atlas misbehaving quietly in a browser.
"""

from __future__ import annotations

import gc
import importlib.metadata
import inspect
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from geo.compat import branca as branca_compat
from geo.compat import folium as folium_compat
from geo.compat import leaflet as leaflet_compat
from ui_compat import streamlit as st_compat
from ui_compat import streamlit_folium as st_folium_compat

ROOT = Path(__file__).resolve().parent.parent


def _parameters(function) -> list[str]:
    return list(inspect.signature(function).parameters)


# --- versions --------------------------------------------------------------------------------


def _leaflet_js_files() -> list[Path]:
    """The leaflet.js the maps load: xstatic-leaflet's, and its copy in static/ if installed."""
    import xstatic.pkg.leaflet as xleaflet

    files = [Path(xleaflet.BASE_DIR) / "leaflet.js"]
    vendored = ROOT / "static" / "vendor" / "leaflet" / "leaflet.js"
    if vendored.is_file():
        files.append(vendored)
    return files


def _installed(distribution: str) -> str:
    if distribution == "leaflet.js":
        versions = {
            re.search(r'\.version="([^"]+)"', p.read_text(encoding="utf-8")).group(1)
            for p in _leaflet_js_files()
        }
        assert len(versions) == 1, f"static/vendor/leaflet differs from xstatic's: {versions}"
        return versions.pop()
    return importlib.metadata.version(distribution)


@pytest.mark.parametrize(
    ("distribution", "module"),
    [
        ("streamlit", st_compat),
        ("streamlit-folium", st_folium_compat),
        ("branca", branca_compat),
        ("folium", folium_compat),
        ("leaflet.js", leaflet_compat),
    ],
    ids=lambda v: getattr(v, "__name__", v),
)
def test_each_library_is_the_version_its_compat_module_was_written_against(distribution, module):
    installed = _installed(distribution)
    assert installed == module.TESTED_VERSION, (
        f"{distribution} {installed} is installed, but {module.__name__} was written against "
        f"{module.TESTED_VERSION}: re-check every use its docstring lists against the new "
        f"version (the other tests of tests/test_compat.py check their shape), then set "
        f"{module.__name__}.TESTED_VERSION = {installed!r}"
    )


# --- branca ----------------------------------------------------------------------------------


def test_branca_element_compiles_its_text_through_the_module_name_the_atlas_replaces(monkeypatch):
    import branca.element
    import jinja2

    assert branca_compat.COMPILING_TEMPLATE is jinja2.Template
    assert _parameters(branca.element.Element.__init__)[:3] == ["self", "template", "template_name"]
    made = []

    def factory(text, *args, **kwargs):
        made.append(text)
        return branca_compat.COMPILING_TEMPLATE("made")

    monkeypatch.setattr(branca.element, "Template", branca.element.Template)  # restored after
    branca_compat.set_element_template(factory)
    assert branca_compat.element_template() is factory
    element = branca.element.Element("{{ 7 * 7 }}")
    assert made == ["{{ 7 * 7 }}"]
    assert element.render() == "made"


def test_branca_macro_elements_keep_their_template_name_and_parent():
    import folium

    from geo.maps import _Script

    assert isinstance(branca_compat.MacroElement._template, branca_compat.COMPILING_TEMPLATE)
    script = _Script("var atlasProbe = 1;", css="<style>.atlas-probe{}</style>")
    assert script._name == "AtlasScript"
    fmap = folium.Map(tiles=None)
    fmap.add_child(script)
    assert script._parent is fmap
    html = fmap.get_root().render()
    # the header macro reaches the page's head, the script macro runs with the map's variable
    assert html.index(".atlas-probe") < html.index("</head>")
    assert f"var map = {fmap.get_name()}; var atlasProbe = 1;" in html


# --- folium ----------------------------------------------------------------------------------


def test_folium_features_compile_at_render_through_the_module_name_the_atlas_replaces(
    monkeypatch,
):
    import folium
    import folium.features
    import folium.template
    import jinja2

    assert folium_compat.COMPILING_TEMPLATE is folium.template.Template
    assert issubclass(folium.template.Template, jinja2.Template)
    seen = []
    real = folium_compat.features_template()

    def recording(source, *args, **kwargs):
        seen.append(source)
        return real(source, *args, **kwargs)

    monkeypatch.setattr(folium.features, "Template", folium.features.Template)  # restored after
    folium_compat.set_features_template(recording)
    assert folium_compat.features_template() is recording
    fmap = folium.Map(tiles=None)
    feature = {"type": "Feature", "properties": {"name": "x"}, "geometry": None}
    collection = {"type": "FeatureCollection", "features": [feature]}
    folium.GeoJson(collection, tooltip=folium.GeoJsonTooltip(["name"])).add_to(fmap)
    fmap.get_root().render()
    assert seen, "folium's GeoJSON tooltip no longer compiles through folium.features.Template"


def test_folium_map_bounds_and_default_assets_have_the_shape_the_atlas_overrides():
    import folium

    assert _parameters(folium.Map.get_bounds) == ["self"]
    for assets in (folium.Map.default_js, folium.Map.default_css):
        assert isinstance(assets, list)
        assert all(isinstance(a, tuple) and len(a) == 2 for a in assets)
    from geo.maps import LEAFLET_URL, _base_map

    html = _base_map(LEAFLET_URL).get_root().render()
    assert f"{LEAFLET_URL}/leaflet.js" in html
    assert not [a for a in folium.Map.default_js if a[1] in html], "folium's own assets loaded"


# --- Leaflet ---------------------------------------------------------------------------------


@pytest.mark.parametrize("path", _leaflet_js_files(), ids=lambda p: str(p.parent.name))
def test_the_shipped_leaflet_js_has_what_the_map_scripts_override_or_wait_for(path):
    js = path.read_text(encoding="utf-8")
    missing = [text for text in leaflet_compat.RELIED_ON_JS if text not in js]
    assert not missing, (
        f"{path} no longer has {missing}: re-check geo.compat.leaflet (the keyboard handler's "
        "override, the resize that geo.maps.fit_js waits for, Path.getElement)"
    )


def test_the_map_overrides_the_keyboard_handler_through_the_compat_module():
    from geo.maps import FOCUS_JS, _controls_js

    assert FOCUS_JS is leaflet_compat.KEYBOARD_FOCUS_JS
    assert "keyboard._onMouseDown" in FOCUS_JS
    assert FOCUS_JS in _controls_js(_text(), "")


def _text():
    from geo.maps import MapText

    return MapText(
        title="t", subtitle="s", source="src", caveat="c", legend_title="l", not_reported="n"
    )


# --- Streamlit: the server -------------------------------------------------------------------


def test_streamlit_run_context_has_the_fields_the_atlas_reads_and_writes():
    import dataclasses

    from streamlit.runtime.scriptrunner import ScriptRunContext, get_script_run_ctx

    fields = {f.name for f in dataclasses.fields(ScriptRunContext)}
    assert {"query_string", "is_history_navigation"} <= fields
    assert isinstance(inspect.getattr_static(ScriptRunContext, "page_script_hash"), property)
    assert _parameters(get_script_run_ctx)[:1] == ["suppress_warning"]
    assert st_compat.script_run_ctx() is None  # outside a run
    assert st_compat.history_navigation() is False
    assert st_compat.page_script_hash() == ""


def test_streamlit_query_params_change_quietly_as_the_atlas_does():
    from streamlit.runtime.state.query_params import QueryParams
    from streamlit.runtime.state.safe_session_state import SafeSessionState

    assert _parameters(QueryParams.clear_with_no_forward_msg) == ["self", "preserve_embed"]
    assert _parameters(QueryParams.set_with_no_forward_msg) == ["self", "key", "val"]
    assert inspect.isgeneratorfunction(inspect.unwrap(SafeSessionState.query_params))
    # Streamlit's own write keeps the run's query string as urlencode(_query_params, doseq=True)
    source = inspect.getsource(QueryParams._send_query_param_msg)
    assert "parse.urlencode(\n            self._query_params, doseq=True\n        )" in source
    assert "ctx.query_string = " in source
    query = QueryParams()
    query._query_params = {"embed": "true", "layer": "origin"}
    query.clear_with_no_forward_msg(preserve_embed=True)
    query.set_with_no_forward_msg("lang", "en")
    assert query._query_params == {"embed": "true", "lang": "en"}


def test_streamlit_script_runner_can_be_timed_as_the_bench_does(monkeypatch):
    import streamlit.runtime.scriptrunner.script_runner as script_runner
    from streamlit import config

    runner_class = script_runner.ScriptRunner
    assert _parameters(runner_class._run_script) == ["self", "rerun_data"]
    assert "self._session_id = session_id" in inspect.getsource(runner_class.__init__)
    assert script_runner.gc is gc
    assert 'config.get_option("runner.postScriptGC")' in inspect.getsource(script_runner)
    assert isinstance(config.get_option("runner.postScriptGC"), bool)
    from streamlit.web import cli

    assert callable(cli.main)

    monkeypatch.setattr(runner_class, "_run_script", runner_class._run_script)  # restored after
    monkeypatch.setattr(script_runner, "gc", script_runner.gc)
    calls = []

    def wrap(original):
        def timed(runner, rerun_data):
            calls.append((st_compat.session_id(runner), rerun_data))

        return timed

    fake_gc = object()
    st_compat.wrap_script_runs(wrap, fake_gc)
    assert script_runner.gc is fake_gc

    class Runner:
        _session_id = "s1"

    runner_class._run_script(Runner(), "data")
    assert calls == [("s1", "data")]


def test_the_glue_freezes_the_libraries_streamlits_collection_after_each_run_would_scan():
    """``import ui`` freezes the libraries' objects; Streamlit's collection after each run stays on
    (turning it off instead was slower: ui/__init__.py, bench/README.md)."""
    probe = (
        "import gc, json; import ui; from streamlit import config;"
        " print(json.dumps([gc.get_freeze_count(), config.get_option('runner.postScriptGC')]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    frozen, post_script_gc = json.loads(done.stdout.strip().splitlines()[-1])
    assert frozen > 100_000, f"only {frozen} objects frozen after `import ui`"
    assert post_script_gc is True


# --- Streamlit: the browser ------------------------------------------------------------------


@pytest.fixture(scope="module")
def streamlit_frontend() -> str:
    import streamlit

    js = Path(streamlit.__file__).parent / "static" / "static" / "js"
    return "".join(p.read_text(encoding="utf-8", errors="replace") for p in sorted(js.glob("*.js")))


def _quoted(name: str, text: str, prefix: bool = False) -> bool:
    """True when ``name`` is a string of ``text`` (in quotes or backticks; ``prefix``: begins one)."""
    end = "" if prefix else "[`\"']"
    return re.search(f"[`\"']{re.escape(name)}{end}", text) is not None


def test_streamlit_frontend_has_the_markup_the_atlas_selects(streamlit_frontend):
    js = streamlit_frontend
    for selector in (st_compat.APP, st_compat.ELEMENT_CONTAINER, st_compat.MAIN_BLOCK):
        test_id = re.fullmatch(r'\[data-testid="(\w+)"\]', selector).group(1)
        assert _quoted(test_id, js), f"Streamlit's frontend has no data-testid {test_id!r}"
    assert '"data-testid":`stApp`,"data-test-script-state":' in js
    assert _quoted(st_compat.NOT_RUNNING, js)
    assert '"data-stale":' in js
    assert "`st-key-`+" in js and st_compat.key_class("map_rest") == "st-key-map_rest"
    assert "isHistoryNavigation" in js  # Back and Forward rerun with the entry's query


def test_every_data_testid_the_glue_names_is_in_streamlits_frontend(streamlit_frontend):
    """The CSS and scripts of ui/ and the pages select Streamlit's markup by data-testid (the
    map's scripts through ui_compat.streamlit; the embed's, story's and upload's styles directly)."""
    sources = [
        *ROOT.joinpath("ui").glob("*.py"),
        *ROOT.joinpath("ui_compat").glob("*.py"),
        *ROOT.joinpath("app_pages").glob("*.py"),
    ]
    named = {}
    for path in [*sources, ROOT / "app.py"]:
        for match in re.finditer(r'data-testid(\^?)=\\?["\'](\w+)', path.read_text("utf-8")):
            named[(match.group(2), bool(match.group(1)))] = path.name
    assert ("stApp", False) in named and ("stHeader", False) in named  # the scan sees them
    missing = {
        f"{test_id} ({where})"
        for (test_id, prefix), where in named.items()
        if not _quoted(test_id, streamlit_frontend, prefix)
    }
    assert not missing, f"Streamlit's frontend no longer has: {sorted(missing)}"


# --- streamlit-folium ------------------------------------------------------------------------


def test_st_folium_takes_the_arguments_the_atlas_gives_and_names_its_frame():
    import streamlit_folium

    assert {
        "key",
        "height",
        "use_container_width",
        "returned_objects",
        "render",
        "on_change",
    } <= set(_parameters(streamlit_folium.st_folium))
    assert streamlit_folium._component_func.name == st_folium_compat.FRAME_TITLE
    assert st_folium_compat.st_folium is streamlit_folium.st_folium


def test_st_folium_component_can_be_replaced_for_the_bench():
    import streamlit_folium

    real = streamlit_folium._component_func
    with st_folium_compat.component_replaced(lambda **kwargs: "fake"):
        assert streamlit_folium._component_func() == "fake"
    assert streamlit_folium._component_func is real


def test_st_folium_frame_exposes_streamlits_library_to_the_map_script():
    import streamlit_folium

    build = Path(streamlit_folium.__file__).parent / "frontend" / "build" / "static" / "js"
    js = "".join(p.read_text(encoding="utf-8") for p in build.glob("main.*.js"))
    assert f"{st_folium_compat.STREAMLIT_JS}=" in js
    assert st_folium_compat.SET_VALUE_JS in js
    assert "last_active_drawing:null" in js  # the default value the atlas's value keeps
