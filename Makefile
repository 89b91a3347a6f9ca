# One-command set-up and use. `make run` starts the atlas; `make test` sets up and runs every test.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
# Every install comes from uv.lock, hash-checked, through uv (this version, from PyPI; the test
# group pins the same one). --locked refuses a lock that pyproject.toml has moved away from (run
# `make lock`); --inexact keeps the other groups' packages, so `make run` after `make test` keeps
# pytest.
UV_VERSION := 0.13.9
UV_SYNC := UV_PROJECT_ENVIRONMENT=$(abspath $(VENV)) $(VENV)/bin/uv sync --locked --inexact \
	--no-default-groups
PORT ?= 8501
REPLICAS ?= 3
SERVE_PORT ?= 8080
SERVE_RUN_DIR ?= .serve

.PHONY: setup lock run serve serve-stop site test test-setup lint bench data clean

$(VENV)/pyvenv.cfg:
	$(PYTHON) -m venv $(VENV)

.PHONY: uv
uv: $(VENV)/pyvenv.cfg
	$(PY) -m pip install --quiet "uv==$(UV_VERSION)"

## setup: the app's Python dependencies as uv.lock pins them (and the app itself, editable), its
## browser assets (Leaflet, from PyPI) and its compiled message catalogues (gettext .po -> .mo)
setup: uv
	$(UV_SYNC)
	$(PY) scripts/install_assets.py
	$(VENV)/bin/pybabel compile --domain atlas --directory geo/locale --use-fuzzy --statistics

## run: set up, then serve the atlas on http://localhost:$(PORT)
run: setup
	$(VENV)/bin/streamlit run app.py --server.port $(PORT)

## serve: set up, then serve the atlas as $(REPLICAS) Streamlit processes behind nginx on
## http://localhost:$(SERVE_PORT), under supervisord, which restarts a replica that dies (needs
## Debian's nginx; configuration and logs in $(SERVE_RUN_DIR)/); Ctrl-C or `make serve-stop` stops
serve: setup
	$(UV_SYNC) --group serve
	$(PY) -m deploy serve --replicas $(REPLICAS) --port $(SERVE_PORT) --run-dir $(SERVE_RUN_DIR)

serve-stop:
	$(PY) -m deploy stop --run-dir $(SERVE_RUN_DIR)

## site: write the static edition into site/ (open site/index.html, or publish the folder)
site: setup
	$(PY) scripts/build_site.py site

## test-setup: test tools and supervisord (uv.lock's test and serve groups), Debian's Chromium
## and axe-core (npm)
test-setup: setup
	$(UV_SYNC) --group test --group serve
	bash scripts/install_test_deps.sh

## test: set up, lint, then unit, AppTest and browser tests
test: test-setup
	$(PY) -m ruff check .
	$(PY) -m pytest -n 2 --dist loadgroup

## bench: measure every performance budget (bench/README.md): the live app, the static edition
## behind nginx, replicas behind nginx, all in bench/run.py's one table; fails (exit status 1)
## when a budget fails or cannot be judged. ONLY=name,name (or a module: ONLY=site) runs a subset
bench: test-setup
	$(PY) bench/run.py $(if $(ONLY),--only $(ONLY))

## data: rebuild the data package's checksums and schemas, the report layers' classes and the press kit's chart images, after a data or chart change
data: setup
	$(UV_SYNC) --group data
	$(PY) scripts/build_datapackage.py
	$(PY) scripts/build_classes.py
	$(PY) scripts/build_chart_images.py

## lock: after a change to pyproject.toml's dependencies or groups, re-resolve uv.lock (every
## other package keeps its locked version); UPGRADE=1 moves all to the newest versions allowed
lock: uv
	$(VENV)/bin/uv lock $(if $(UPGRADE),--upgrade)

clean:
	rm -rf $(VENV) static/vendor node_modules .pytest_cache test-results site
