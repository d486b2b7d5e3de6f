# Dragoman: `make run` serves it, `make test` tests it. Both set themselves up.
SHELL := /bin/bash
PYTHON ?= python3
UV_VERSION := 0.13.8
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
export UV_PROJECT_ENVIRONMENT := $(VENV)
export UV_PYTHON := $(shell command -v $(PYTHON))

.PHONY: run test lint format bench install migrate clean messages

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

$(VENV)/.installed: $(UV) pyproject.toml uv.lock
	$(UV) sync --locked --quiet
	@touch $@

install: $(VENV)/.installed

migrate: install
	$(PY) -m dragoman migrate --no-input

run: migrate
	$(PY) -m dragoman demo_data --if-empty
	$(PY) -m dragoman serve

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DRAGOMAN_TESTING=1 $(VENV)/bin/mypy

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

test: install
	@bash scripts/test.sh

# Extract the interface's messages into the Russian catalogue, then compile it (translate the
# new entries in between; `make test` checks nothing is left untranslated or stale).
messages: install
	$(PY) -m dragoman makemessages -l ru --ignore=bench --ignore=tests --ignore=var
	$(PY) -m dragoman compilemessages -l ru --ignore=.venv --ignore=.tools

bench: install
	$(PY) bench/load.py
	$(PY) bench/suggestions.py

clean:
	rm -rf $(VENV) $(TOOLS) var db.sqlite3
