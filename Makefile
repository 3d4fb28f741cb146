# Zapyt: `make run` (dev server with demo data) and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export FLASK_APP := app

.PHONY: run test fuzz bench install migrate clean-db translations

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

MO := translations/en/LC_MESSAGES/messages.mo
$(MO): translations/en/LC_MESSAGES/messages.po translations/uk/LC_MESSAGES/messages.po $(STAMP)
	$(BIN)/pybabel compile -d translations

install: $(STAMP) $(MO)

## Re-extract the strings to translate and merge them into the English catalogue, listing the
## untranslated ones; `bin/po-fill FILE.json` fills entries (under a lock: see the script).
translations: $(STAMP)
	bin/po-fill

migrate: $(STAMP) $(MO)
	$(BIN)/flask db upgrade

## Migrate the SQLite database in instance/, create the demo admin and data on first run,
## and serve http://127.0.0.1:5000 with the scheduler (reminders, outbox) inside.
## Mail stays on this machine (MAIL_BACKEND=catcher: read it on the outbox page) unless
## MAIL_BACKEND=smtp is given.
run: migrate
	MAIL_BACKEND=$${MAIL_BACKEND:-catcher} $(BIN)/flask demo init
	MAIL_BACKEND=$${MAIL_BACKEND:-catcher} $(BIN)/flask serve --host 127.0.0.1 --port 5000

## Browser-side tools of the end-to-end tests (axe-core), when npm is there.
E2E_DEPS := tests/e2e/node_modules/axe-core/axe.min.js
$(E2E_DEPS):
	@if command -v npm >/dev/null; then npm ci --silent --no-audit --no-fund --prefix tests/e2e; \
	else echo "npm not found: the accessibility checks will be skipped"; fi

## The layering contracts (.importlinter), then the whole suite; against PostgreSQL when
## TEST_DATABASE_URL is set. The end-to-end tests
## run when Chromium is installed (/usr/bin/chromium) and say "skipped" with the reason if not.
## On SQLite (each worker its own database files) the suite runs on PYTEST_JOBS processes,
## then the browser tests on one; PostgreSQL's shared test database takes one process.
PYTEST_JOBS ?= 2
test: $(STAMP) $(MO) $(E2E_DEPS)
	@test -x /usr/bin/chromium || echo "NOTE: Chromium not found — end-to-end browser tests will be skipped (apt-get install chromium)."
	$(BIN)/lint-imports --no-cache
ifeq ($(PYTEST_ARGS)$(TEST_DATABASE_URL),)
	$(BIN)/python -m pytest -n $(PYTEST_JOBS) --ignore=tests/e2e
	$(BIN)/python -m pytest tests/e2e
else
	$(BIN)/python -m pytest $(PYTEST_ARGS)
endif

## Fuzz the JSON API from its OpenAPI document (schemathesis; bounded to FUZZ_SECONDS).
fuzz: $(STAMP) $(MO)
	bin/fuzz-api

## Benchmarks at 1 000, 100 000 and 1 000 000 requests on PostgreSQL (BENCH_DATABASE_URL,
## default the local test database, which it empties) and up to 100 000 on SQLite; writes
## bench/results.json and fails when a target is missed. BENCH_SIZES=1000,100000 for a
## shorter run (the million takes about half an hour on 2 cores).
bench: $(STAMP) $(MO)
	$(BIN)/python bench/run.py

clean-db:
	rm -f instance/tracker.db instance/demo-login.txt
