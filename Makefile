# The README's commands. `make run` sets everything up and starts web + Celery worker + beat;
# `make test` runs the whole test suite on the embedded defaults (SQLite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# honcho gives the first Procfile process $PORT (its own default would be 5000).
PORT ?= 8000
VAR_DIR ?= var
LINTS := lint-ruff lint-format lint-migrations lint-imports lint-types lint-templates

.PHONY: run setup test lint $(LINTS) lock e2e clean

# Exactly the versions (and hashes) CI tested: requirements.lock (`make lock` rewrites it), then
# the project itself without dependencies.
$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

# After changing a pin in pyproject.toml: resolve the whole tree again (needs PyPI; pip-tools is
# in the dev extras) and commit both files.
lock:
	$(BIN)/pip-compile --quiet --extra dev --generate-hashes --strip-extras --allow-unsafe \
		--no-emit-index-url --no-emit-find-links --no-emit-trusted-host \
		-o requirements.lock pyproject.toml

setup: $(STAMP)
	mkdir -p $(VAR_DIR) locale
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_reference_data
	$(BIN)/python manage.py load_demo_data --if-empty
	$(BIN)/python manage.py compilemessages --ignore=.venv -v0 \
		|| echo "warning: translations not compiled (is gettext installed?); pages show source strings"

run: setup
	$(BIN)/honcho start --port $(PORT)

test: $(STAMP)
	$(BIN)/python -m pytest -q -n 2

# The same checks run in CI (.ci/run step 2, `make -k lint`: all run even if one fails) and
# before each commit (.pre-commit-config.yaml). Layer contracts, mypy and djlint settings live in
# pyproject.toml.
lint: $(LINTS)

lint-ruff: $(STAMP)
	$(BIN)/ruff check .

lint-format: $(STAMP)
	$(BIN)/ruff format --check .

lint-migrations: $(STAMP)
	$(BIN)/python manage.py makemigrations --check --dry-run

lint-imports: $(STAMP)
	$(BIN)/lint-imports

lint-types: $(STAMP)
	$(BIN)/mypy

lint-templates: $(STAMP)
	$(BIN)/djlint templates */templates --lint

e2e: $(STAMP)
	$(BIN)/python -m pytest -q -m e2e

clean:
	rm -rf var staticfiles
