# Medborgarlöften: `make run` serves the demo, `make test` runs the whole suite on SQLite and
# PostgreSQL. Both set up .venv first with a Python >= 3.12 found on this machine.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
PG_URL := postgres://postgres@127.0.0.1:5432/medborgarloften

# The first Python >= 3.12: python3.13, python3.12, python3, then any installed by pyenv.
# Recursive (=), so it is only looked for when the virtual environment is made.
FIND_PYTHON = for candidate in python3.13 python3.12 python3.14 python3 \
	  $$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV); do \
	  if "$$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then \
	    command -v "$$candidate"; break; \
	  fi; \
	done

.PHONY: help
help:
	@echo "make run       set up, migrate, load the demo and serve on http://127.0.0.1:$(PORT)"
	@echo "make serve     production: check, migrate, collect static files, gunicorn (see .env.example)"
	@echo "make test      set up, then lint and run the whole suite on SQLite and PostgreSQL"
	@echo "make audit     check the locked dependencies for known vulnerabilities (pip-audit)"
	@echo "make lock      refresh requirements.lock from pyproject.toml (LOCK_ARGS=--upgrade)"
	@echo "make messages  extract and compile the Swedish translations (needs gettext)"
	@echo "make format    format the code with ruff"

$(PY):
	@python="$$($(FIND_PYTHON))"; \
	if [ -z "$$python" ]; then echo "No Python >= 3.12 found (tried python3.13, python3.12, python3, pyenv)." >&2; exit 1; fi; \
	echo "Creating $(VENV) with $$python"; \
	"$$python" -m venv $(VENV)

# Exactly the versions (and files, by hash) in requirements.lock, then the project itself.
$(VENV)/.installed: pyproject.toml requirements.lock | $(PY)
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

# Refresh the lock after changing the dependencies in pyproject.toml; pass
# LOCK_ARGS=--upgrade (or --upgrade-package django) to move to newer versions.
.PHONY: lock
lock: $(PY)
	$(PY) -m pip install --quiet 'pip-tools>=7.4,<8'
	$(PY) -m piptools compile --quiet --extra dev --generate-hashes --allow-unsafe --strip-extras \
	  --no-emit-index-url --no-emit-find-links --output-file requirements.lock $(LOCK_ARGS) pyproject.toml

# Front-end libraries from the npm registry, exactly as package-lock.json pins them.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

.PHONY: install
install: $(VENV)/.installed node_modules/.package-lock.json

.PHONY: run
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	DEBUG=$${DEBUG:-1} $(PY) manage.py runserver 127.0.0.1:$(PORT)

# Production-like: PostgreSQL from DATABASE_URL, gunicorn, compressed static files, DEBUG off.
# Settings come from the environment, or from .env if it exists (copy .env.example); a missing
# one stops the start with a message naming it.
.PHONY: serve
serve: install
	@if [ -f .env ]; then set -a; . ./.env; set +a; fi; \
	export PRODUCTION=1 PORT=$(PORT) CONN_MAX_AGE=$${CONN_MAX_AGE:-60}; \
	$(PY) manage.py check --deploy --fail-level WARNING && \
	$(PY) manage.py migrate --noinput && \
	$(PY) manage.py collectstatic --noinput --verbosity 0 && \
	exec $(VENV)/bin/gunicorn --config config/gunicorn.py config.wsgi

.PHONY: lint
lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
	@$(MAKE) --no-print-directory audit-if-reachable

# Known vulnerabilities in the locked versions, from PyPI's advisory data (needs the network).
# --strict: a package that could not be checked is a failure, not a silent pass.
.PHONY: audit
audit: install
	$(PY) -m pip_audit --strict --disable-pip --progress-spinner off -r requirements.lock

# pip-audit when PyPI's advisories per version can be reached. Where only PyPI's project pages
# get through (this project's CI machine), .ci/pypi_advisories.py reads the same advisories for
# every pin that is its package's latest release and lists those it could not check.
.PHONY: audit-if-reachable
audit-if-reachable:
	@if $(PY) -c "import urllib.request; urllib.request.urlopen('https://pypi.org/pypi/pip/' + __import__('importlib.metadata').metadata.version('pip') + '/json', timeout=10).close()" >/dev/null 2>&1; then \
	  $(MAKE) --no-print-directory audit; \
	else \
	  echo "PyPI's advisories per version cannot be reached: checking the locked versions against PyPI's project pages instead."; \
	  $(PY) .ci/pypi_advisories.py requirements.lock; \
	fi

# The suite on SQLite, then on PostgreSQL: DATABASE_URL if set, else the local server on
# 127.0.0.1:5432 (started with pg_ctlcluster if it is installed and stopped). With CI set, a
# PostgreSQL that cannot be reached is a failure; without, it is skipped with a warning.
# The browser tests drive Debian's Chromium (Playwright cannot download browsers here) and
# check each page with the Nu HTML checker (node_modules/vnu-jar), which needs Java.
CHROMIUM := /usr/bin/chromium
.PHONY: browser
browser:
	@if [ ! -x $(CHROMIUM) ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Chromium for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "WARNING: no $(CHROMIUM) and no root to install it: browser tests will be skipped."; \
	  fi; \
	fi
	@if ! command -v java >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Java for the Nu HTML checker"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; \
	  else \
	    echo "WARNING: no java and no root to install it: pages will not be HTML-checked."; \
	  fi; \
	fi

# The suite runs in TEST_WORKERS processes (pytest-xdist; auto: one per core), each with a
# database of its own.
TEST_WORKERS ?= auto
.PHONY: test
test: lint browser
	@echo "== Suite on SQLite =="
	env -u DATABASE_URL $(PY) -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)
	@echo "== Suite on PostgreSQL =="
	@url="$${DATABASE_URL:-}"; \
	if [ -z "$$url" ]; then \
	  if ! $(MAKE) --no-print-directory -s pg-ready; then \
	    if command -v pg_ctlcluster >/dev/null 2>&1; then \
	      echo "Starting the local PostgreSQL cluster"; \
	      pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql | sort -V | tail -n 1) main start || true; \
	      for i in $$(seq 1 20); do $(MAKE) --no-print-directory -s pg-ready && break; sleep 1; done; \
	    fi; \
	  fi; \
	  if $(MAKE) --no-print-directory -s pg-ready; then url="$(PG_URL)"; fi; \
	fi; \
	if [ -z "$$url" ]; then \
	  if [ -n "$${CI:-}" ]; then echo "PostgreSQL was expected (CI is set) but could not be reached." >&2; exit 1; fi; \
	  echo "WARNING: no PostgreSQL on 127.0.0.1:5432 and no DATABASE_URL: tested on SQLite only."; \
	  exit 0; \
	fi; \
	DATABASE_URL="$$url" $(PY) -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS); \
	echo "Tested on: SQLite and PostgreSQL ($${url%%\?*})"

.PHONY: pg-ready
pg-ready:
	@$(PY) -c "import psycopg; psycopg.connect('host=127.0.0.1 port=5432 user=postgres dbname=postgres', connect_timeout=3).close()" >/dev/null 2>&1

.PHONY: messages
messages: install
	$(PY) manage.py makemessages --locale sv --no-obsolete --ignore '.venv/*' --ignore 'tests/*' --ignore 'staticfiles/*'
	$(PY) manage.py compilemessages --locale sv --ignore '.venv/*'

.PHONY: format
format: install
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .
