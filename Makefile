# Two commands on a fresh machine (Python 3.11+): `make demo` and `make test`. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEV := DJANGO_DEBUG=1
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test lint bench backup restore messages browser-deps screenshots clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python requirements.txt
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

## Serve the demo on http://$(HOST):$(PORT) with the demo data and demo editor and publisher logins.
demo: $(VENV)/.installed
	$(DEV) $(BIN)/python manage.py migrate --noinput
	$(DEV) $(BIN)/python manage.py setup_demo --base-url http://$(HOST):$(PORT)
	$(DEV) $(BIN)/python manage.py demo_accounts --base-url http://$(HOST):$(PORT)
	$(DEV) $(BIN)/python manage.py runserver $(HOST):$(PORT)

## Run the whole suite (browser tests included where Chromium can be installed).
test: $(VENV)/.installed-dev browser-deps
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

## Chromium and its Chinese fonts (fonts-noto-cjk) from Debian and axe-core from npm, for the
## browser tests. Failing here means the browser tests skip, with the reason printed by pytest;
## in CI (CI=true) it fails the run.
MISSING = if [ -n "$$CI" ] && [ "$$CI" != "false" ] && [ "$$CI" != "0" ]; then \
	echo "error: could not install $(1); CI=true needs the browser tests to run" >&2; exit 1; \
	else echo "note: could not install $(1); $(or $(2),browser tests will be skipped)"; fi
# Installs the Debian package $(1) where apt-get exists, refreshing the package lists if needed.
APT_INSTALL = (command -v apt-get >/dev/null 2>&1 && \
	(apt-get install -y -qq $(1) >/dev/null 2>&1 || \
	 (apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq $(1) >/dev/null 2>&1)))
browser-deps:
	@command -v chromium >/dev/null 2>&1 || $(call APT_INSTALL,chromium) || { $(call MISSING,Chromium); }
	@fc-list :lang=zh-tw 2>/dev/null | grep -q . || $(call APT_INSTALL,fonts-noto-cjk) || \
		{ $(call MISSING,fonts-noto-cjk,Chinese may show as boxes in screenshots); }
	@test -f node_modules/axe-core/axe.min.js || (command -v npm >/dev/null 2>&1 && \
		npm ci --silent --no-audit --no-fund >/dev/null 2>&1) || \
		{ $(call MISSING,axe-core); }

## Full-page screenshots of each kind of page on the demo data, desktop and phone, English and
## Chinese, into .screenshots/; fails listing anything overlapping, cut off or too wide.
screenshots: $(VENV)/.installed-dev browser-deps
	$(BIN)/python -m pytest tests/browser/screenshots.py -q

## Re-extract the marked strings into locale/*/django.po and compile the .mo files. Extraction
## needs GNU gettext (apt-get install gettext); set-up never does: the compiled .mo is committed,
## and `manage.py compile_translations` compiles with polib alone after editing a .po.
messages: $(VENV)/.installed-dev
	$(DEV) $(BIN)/python manage.py compile_translations --extract

## Measured speed against issue 11's performance contract: about 16 minutes on 2 cores; prints
## the tables and writes docs/performance.md. Before committing: make bench BENCH_ARGS=--quick
## (about 2.5 minutes, no file written). wrk comes from Debian. Knobs: BENCH_ARGS="--help".
bench: $(VENV)/.installed
	@command -v wrk >/dev/null 2>&1 || apt-get install -y -qq wrk >/dev/null 2>&1 || \
		(apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq wrk >/dev/null 2>&1) || \
		(echo "make bench needs wrk (Debian: apt-get install wrk)" && exit 1)
	$(BIN)/python -m bench.run $(BENCH_ARGS)

## Write all data to backups/hkai-<UTC time>.json (dumpdata; see docs/deployment.md).
## Runs against DATABASE_URL; in production, with DJANGO_SECRET_KEY set, debug stays off.
MANAGE_ENV = $(if $(DJANGO_SECRET_KEY),,$(DEV))
backup: $(VENV)/.installed
	@$(MANAGE_ENV) $(BIN)/python manage.py backup_data

## Replace ALL data with a backup: make restore FILE=backups/hkai-<UTC time>.json
## Migrates first, so it also fills a brand-new database. One transaction: all or nothing.
restore: $(VENV)/.installed
	@test -n "$(FILE)" || (echo "usage: make restore FILE=backups/hkai-<UTC time>.json" >&2; exit 2)
	@$(MANAGE_ENV) $(BIN)/python manage.py migrate --noinput --verbosity 0
	@$(MANAGE_ENV) $(BIN)/python manage.py restore_data --no-input "$(FILE)"

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache .ruff_cache
