# make run  : install, migrate an SQLite database, load demo data, serve http://127.0.0.1:8000
#              with one background worker beside the server (both stop on Ctrl-C)
# make test : install with dev and browser-test dependencies, run every test (on PostgreSQL)
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000

.PHONY: install install-dev run test lint format bench clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(VENV)/.installed $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

run: install
	DATABASE_URL= $(PY) manage.py migrate --noinput
	DATABASE_URL= $(PY) manage.py load_demo
	DATABASE_URL= $(PY) scripts/run_dev.py $(HOST)

# System packages first (installed when root, else named), then PostgreSQL (found or started).
test: install-dev
	@bash scripts/system-packages.sh
	@url="$$($(PY) scripts/test_database.py)" && \
	  DATABASE_URL="$$url" $(PY) -m pytest $(PYTEST_ARGS)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DATABASE_URL= $(PY) manage.py makemigrations --check --dry-run

format: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles test-artifacts
