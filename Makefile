# The README's commands. `make run` sets everything up and starts web + Celery worker + beat;
# `make test` runs the whole test suite on the embedded defaults (SQLite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run setup test lint e2e clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

setup: $(STAMP)
	mkdir -p var
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_reference_data
	$(BIN)/python manage.py load_demo_data --if-empty
	$(BIN)/python manage.py compilemessages --ignore=.venv -v0 || true

run: setup
	$(BIN)/honcho start

test: $(STAMP)
	$(BIN)/python -m pytest -q -n 2

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run

e2e: $(STAMP)
	$(BIN)/python -m pytest -q -m e2e

clean:
	rm -rf var staticfiles
