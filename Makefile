# IT Services Reporting. `make run` serves the portal with its demo data;
# `make test` runs every check. `make help` lists the rest.

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

# What the browser and PDF tests need from Debian: command or font -> package.
SYSTEM_PACKAGES := chromium fonts-liberation2 poppler-utils

.PHONY: help install run serve bench test lint system-deps constraints clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
		|| { echo "Python 3.11 or newer is needed (found $$($(PYTHON) --version))."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip==26.3
	$(BIN)/pip install --quiet --constraint constraints.txt --editable '.[dev]'
	@touch $@

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "Node.js 20 or newer, with npm, is needed."; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

frontend/dist/.built: node_modules/.installed frontend/build.mjs $(shell find frontend/src -type f)
	npm run --silent build
	@touch $@

install: $(VENV)/.installed frontend/dist/.built ## Create .venv, install the project, build the front-end assets

run: install ## Serve the portal with its demo data on http://127.0.0.1:$(PORT)/, and its background worker
	export DEBUG=$${DEBUG:-true}; \
	$(BIN)/python manage.py migrate --no-input && \
	$(BIN)/python manage.py loaddemo && \
	{ $(BIN)/python manage.py db_worker --no-startup-delay --no-reload & worker=$$!; \
	  trap 'kill -TERM $$worker 2>/dev/null; wait $$worker' EXIT; \
	  $(BIN)/python manage.py runserver 127.0.0.1:$(PORT); }

serve: install ## Serve the portal as in production (gunicorn, WhiteNoise, DEBUG off) with its worker, on http://127.0.0.1:$(PORT)/
	export SECRET_KEY=$${SECRET_KEY:-$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')} \
	       ALLOWED_HOSTS=$${ALLOWED_HOSTS:-127.0.0.1,localhost} BIND=$${BIND:-127.0.0.1:$(PORT)}; \
	$(BIN)/python manage.py migrate --no-input && \
	$(BIN)/python manage.py collectstatic --no-input --verbosity 0 && \
	$(BIN)/python manage.py loaddemo && \
	{ $(BIN)/python manage.py db_worker --no-startup-delay --no-reload & worker=$$!; \
	  trap 'kill -TERM $$worker 2>/dev/null; wait $$worker' EXIT; \
	  $(BIN)/gunicorn --config python:harrow_its.gunicorn harrow_its.wsgi; }

bench: install system-deps ## Measure the portal's speed and print the figures (tests/benchmarks/bench.py; ARGS=--quick)
	@command -v wrk >/dev/null || { \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "Installing from Debian: wrk"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
		else echo "The benchmark needs wrk: sudo apt-get install wrk"; exit 1; fi; }
	$(BIN)/python -m tests.benchmarks.bench $(ARGS)

system-deps: ## Install Debian's Chromium, Liberation fonts and poppler when missing (as root)
	@missing=""; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	fc-list 2>/dev/null | grep -q "LiberationSans-Regular" || missing="$$missing fonts-liberation2"; \
	command -v pdftoppm >/dev/null || missing="$$missing poppler-utils"; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "Installing from Debian:$$missing"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
		else \
			echo "The browser and PDF tests need these Debian packages:$$missing"; \
			echo "Install them with: sudo apt-get install$$missing"; \
			exit 1; \
		fi; \
	fi

lint: $(VENV)/.installed ## Check the code: ruff (lint, format, security rules) and bandit
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/bandit --quiet --configfile pyproject.toml --recursive harrow_its projects indicators bvpi reports

test: install system-deps lint ## Run every check: ruff, migrations, unit, browser and accessibility tests
	$(BIN)/pytest

constraints: $(VENV)/.installed ## Re-pin every installed package in constraints.txt (after changing pyproject.toml)
	{ echo "# Every package the project installs, pinned. Made by \`make constraints\`."; \
	  $(BIN)/pip freeze --exclude-editable; } > constraints.txt

clean: ## Remove the virtualenv, node_modules, built assets and var/ (the embedded database)
	rm -rf $(VENV) node_modules frontend/dist var
