# One-command set-up and use. `make run` starts the atlas; `make test` sets up and runs every test.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501
REPLICAS ?= 3
SERVE_PORT ?= 8080
SERVE_RUN_DIR ?= .serve

.PHONY: setup run serve serve-stop site test test-setup lint bench data clean

$(VENV)/pyvenv.cfg:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip>=25.1"

## setup: the app's Python dependencies, its browser assets (Leaflet, from PyPI) and its
## compiled message catalogues (gettext .po -> .mo, through Babel)
setup: $(VENV)/pyvenv.cfg
	$(PY) -m pip install --quiet -e .
	$(PY) scripts/install_assets.py
	$(VENV)/bin/pybabel compile --domain atlas --directory geo/locale --use-fuzzy --statistics

## run: set up, then serve the atlas on http://localhost:$(PORT)
run: setup
	$(VENV)/bin/streamlit run app.py --server.port $(PORT)

## serve: set up, then serve the atlas as $(REPLICAS) Streamlit processes behind nginx on
## http://localhost:$(SERVE_PORT), under supervisord, which restarts a replica that dies (needs
## Debian's nginx; configuration and logs in $(SERVE_RUN_DIR)/); Ctrl-C or `make serve-stop` stops
serve: setup
	$(PY) -m pip install --quiet --group serve
	$(PY) -m deploy serve --replicas $(REPLICAS) --port $(SERVE_PORT) --run-dir $(SERVE_RUN_DIR)

serve-stop:
	$(PY) -m deploy stop --run-dir $(SERVE_RUN_DIR)

## site: write the static edition into site/ (open site/index.html, or publish the folder)
site: setup
	$(PY) scripts/build_site.py site

## test-setup: test tools, supervisord (the serve group), Debian's Chromium and axe-core (npm)
test-setup: setup
	$(PY) -m pip install --quiet --group test --group serve
	bash scripts/install_test_deps.sh

## test: set up, lint, then unit, AppTest and browser tests
test: test-setup
	$(PY) -m ruff check .
	$(PY) -m pytest -n 2 --dist loadgroup

## bench: measure the performance budgets (see bench/README.md): the live app's (bench/run.py),
## the static edition's (bench/site.py) and replicas behind nginx (bench/replicas.py);
## ONLY=name,name runs a subset of bench/run.py's figures alone
bench: test-setup
	$(PY) bench/run.py $(if $(ONLY),--only $(ONLY))
	$(if $(ONLY),,$(PY) bench/site.py)
	$(if $(ONLY),,$(PY) bench/replicas.py)

## data: rebuild the data package's checksums and schemas, the report layers' classes and the press kit's chart images, after a data or chart change
data: setup
	$(PY) -m pip install --quiet --group data
	$(PY) scripts/build_datapackage.py
	$(PY) scripts/build_classes.py
	$(PY) scripts/build_chart_images.py

clean:
	rm -rf $(VENV) static/vendor node_modules .pytest_cache test-results site
