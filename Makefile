# Zapyt: `make run` (dev server with demo data) and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export FLASK_APP := app

.PHONY: run test fuzz install migrate clean-db

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

migrate: $(STAMP)
	$(BIN)/flask db upgrade

## Migrate the SQLite database in instance/, create the demo admin and data on first run,
## and serve http://127.0.0.1:5000 with the scheduler (reminders, outbox) inside.
run: migrate
	$(BIN)/flask demo init
	$(BIN)/flask serve --host 127.0.0.1 --port 5000

## The whole suite; against PostgreSQL when TEST_DATABASE_URL is set.
test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## Fuzz the JSON API from its OpenAPI document (schemathesis; bounded to FUZZ_SECONDS).
fuzz: $(STAMP)
	bin/fuzz-api

clean-db:
	rm -f instance/tracker.db instance/demo-login.txt
