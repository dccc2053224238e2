# Probācija: the two commands are `make run` and `make test`.
#
# Assumes only Debian with Python 3.11, Node/npm and GNU make. Everything else (uv, the Python
# packages, the front-end assets) is installed into this directory. Stamp files keep re-runs fast:
# a step runs again only when its inputs changed.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:

PYTHON ?= python3
VENV := .venv
UV_VERSION := 0.13.9
ADDR ?= 127.0.0.1:8000
# Extra arguments for pytest, e.g. `make test PYTEST_ARGS="-k search -x"`.
PYTEST_ARGS ?=
# Parallel pytest workers (pytest-xdist); 0 runs the suite in one process.
PYTEST_WORKERS ?= 2

PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
MANAGE := $(PY) manage.py
STAMPS := $(VENV)/.stamps

# uv installs into our .venv (not its own default) and never downloads a Python interpreter.
export UV_PROJECT_ENVIRONMENT := $(CURDIR)/$(VENV)
export UV_PYTHON_DOWNLOADS := never
export UV_NO_PROGRESS := 1

UV_STAMP := $(STAMPS)/uv-$(UV_VERSION)
SYNC_MAIN := $(STAMPS)/sync-main
SYNC_DEV := $(STAMPS)/sync-dev
NPM_STAMP := node_modules/.probacija-stamp
ASSETS_STAMP := static/vendor/.probacija-stamp
MO_STAMP := $(STAMPS)/translations
PO_FILES := $(wildcard */locale/*/LC_MESSAGES/django.po locale/*/LC_MESSAGES/django.po)
# Apps with their own translation catalogue (make messages).
APPS := $(patsubst %/apps.py,%,$(wildcard */apps.py))

.PHONY: backup-drill help run dev test lint fuzz messages bench clean install install-dev assets translations migrate demo FORCE

help:
	@echo "make run      install, migrate, load demo data and serve on http://$(ADDR)/"
	@echo "make dev      make run with Django's debug pages on (developers)"
	@echo "make test     install (with dev tools) and run the whole test suite"
	@echo "              (PostgreSQL when DATABASE_URL is set, in-memory SQLite otherwise)"
	@echo "make lint     ruff + mypy + import-linter (the layers of docs/architecture.md)"
	@echo "make fuzz     schemathesis against the served API (session and token), FUZZ_MAX_TIME s each"
	@echo "make messages extract translatable strings into <app>/locale/{lv,ru} (needs GNU gettext)"
	@echo "make bench    run the benchmarks (bench/)"
	@echo "make backup-drill  back up, restore into a fresh database, compare (production; docs/deployment.md)"
	@echo "make clean    remove the virtualenv, node_modules, vendored assets and caches (keeps var/ data)"

# --- installation -----------------------------------------------------------------------------

$(PY):
	$(PYTHON) -m venv $(VENV)

$(UV_STAMP): | $(PY)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"
	@mkdir -p $(STAMPS)
	@rm -f $(STAMPS)/uv-*
	@touch $@

# --inexact keeps packages that are not in the lock file, above all uv itself.
$(SYNC_MAIN): pyproject.toml uv.lock | $(UV_STAMP)
	$(UV) sync --frozen --inexact --no-dev
	@touch $@

# The dev group is a superset of the main one, so it satisfies both stamps.
$(SYNC_DEV): pyproject.toml uv.lock | $(UV_STAMP)
	$(UV) sync --frozen --inexact
	@touch $@ $(SYNC_MAIN)

$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(ASSETS_STAMP): $(NPM_STAMP) scripts/vendor-assets.sh
	bash scripts/vendor-assets.sh
	@touch $@

# Compiled again when a catalogue changed or a .mo file is missing (they are git-ignored).
MISSING_MO := $(filter-out $(wildcard $(PO_FILES:.po=.mo)),$(PO_FILES:.po=.mo))
$(MO_STAMP): $(PO_FILES) $(if $(MISSING_MO),FORCE) | $(SYNC_MAIN)
	$(MANAGE) compile_translations
	@touch $@

FORCE:

install: $(SYNC_MAIN)
install-dev: $(SYNC_DEV)
assets: $(ASSETS_STAMP)
translations: $(MO_STAMP)

# --- make run ---------------------------------------------------------------------------------

migrate: $(SYNC_MAIN) $(MO_STAMP)
	$(MANAGE) migrate --noinput --verbosity 0

# Demo data only when the database is empty; seed_demo prints the demo logins.
demo: migrate
	@if [ -f demo/management/commands/seed_demo.py ]; then \
		$(MANAGE) seed_demo --if-empty; \
	else \
		echo "(seed_demo is not available: no demo data loaded)"; \
	fi

# Served as production serves it (no debug pages); the demo logins are printed last, once it listens.
run: $(SYNC_MAIN) $(ASSETS_STAMP) $(MO_STAMP) migrate demo
	@echo "Starting on http://$(ADDR)/ (Ctrl+C stops)"
	$(MANAGE) serve $(ADDR) --banner-file var/demo-logins.txt

# make run with Django's debug pages and tracebacks (developers only).
dev:
	DEBUG=true $(MAKE) run

# --- make test --------------------------------------------------------------------------------

# pytest-xdist spreads the suite over $(PYTEST_WORKERS) processes; tests that share one external
# resource (the Redis test database) are kept in one xdist_group. --create-db throws away any
# stale PostgreSQL test database left by an interrupted run.
ifeq ($(PYTEST_WORKERS),0)
XDIST_ARGS := -p no:xdist
else
XDIST_ARGS := -n $(PYTEST_WORKERS) --dist loadgroup
endif

test: $(SYNC_DEV) $(ASSETS_STAMP) $(MO_STAMP)
	@echo "Database: $$(echo "$${DATABASE_URL:-in-memory SQLite}" | sed -E 's#//([^:@/]+):[^@]*@#//\1:***@#')"
	$(PY) -m pytest --create-db $(XDIST_ARGS) $(PYTEST_ARGS)

lint: $(SYNC_DEV)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy .
	$(VENV)/bin/lint-imports

# Property-based fuzzing of the whole API (scripts/fuzz.py): a fresh demo database, gunicorn on a free
# port, schemathesis with not_a_server_error and response_schema_conformance, once with a session and
# once with a bearer token. FUZZ_MAX_TIME bounds each of the two runs (seconds).
FUZZ_MAX_TIME ?= 60
fuzz: $(SYNC_DEV) $(ASSETS_STAMP) $(MO_STAMP)
	$(PY) scripts/fuzz.py --max-time $(FUZZ_MAX_TIME)

# Developers only: needs GNU gettext (apt-get install gettext). One makemessages run from the root:
# Django puts each string into the catalogue of the nearest locale/ directory, so every app keeps
# its own <app>/locale/{lv,ru}; strings outside the apps (templates/) go to the root locale/.
MESSAGES_IGNORE := node_modules static var bench deploy scripts test-results tests '*/tests'
messages: $(SYNC_MAIN)
	@command -v msgfmt >/dev/null || { echo "make messages needs GNU gettext (apt-get install gettext)"; exit 1; }
	@for app in $(APPS); do mkdir -p "$$app/locale"; done
	@mkdir -p locale
	$(MANAGE) makemessages -l lv -l ru --no-obsolete --verbosity 1 $(addprefix --ignore ,$(MESSAGES_IGNORE))
	@echo "Now translate the new msgstr entries, remove '#, fuzzy' flags, and run: make translations"

# The performance benchmark (needs PostgreSQL at 127.0.0.1:5432; see bench/run.py and docs/performance.md),
# e.g. `make bench BENCH_ARGS="--clients 20000 --duration 30"`.
BENCH_ARGS ?=
bench: $(SYNC_DEV) $(ASSETS_STAMP) $(MO_STAMP)
	$(PY) bench/run.py $(BENCH_ARGS)

# Production: back up the database and MEDIA_ROOT, restore both into a fresh database and directory, and
# compare row counts and file checksums (deploy/backup-drill.sh; needs DATABASE_URL and MEDIA_ROOT).
backup-drill: $(SYNC_MAIN)
	bash deploy/backup-drill.sh

# Keeps var/probacija.sqlite3 (your data) and var/media; delete them by hand for a fresh start.
clean:
	rm -rf $(VENV) node_modules static/vendor var/staticfiles var/test-media test-results \
		.mypy_cache .ruff_cache .pytest_cache
	find . -path ./.git -prune -o -name '__pycache__' -type d -prune -exec rm -rf {} +
	find . -path ./.git -prune -o -name '*.mo' -path '*/LC_MESSAGES/*' -type f -exec rm -f {} +
