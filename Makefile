# Scoreline: `make demo` serves the product with demo data; `make test` runs every check and test.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PG_URL ?= postgres://postgres@127.0.0.1:5432/scoreline
PORT ?= 8000

.PHONY: install demo serve test lint test-sqlite test-calendar test-postgres lock clean

$(BIN)/.installed: requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

install: $(BIN)/.installed

# The demo serves as production does (DEBUG off, static files by WhiteNoise, the product's
# error pages), on this machine only: plain HTTP on 127.0.0.1, so cookies are not HTTPS-only.
DEMO_ENV := DEBUG=0 SECURE_COOKIES=0

demo: install
	$(DEMO_ENV) $(BIN)/scoreline migrate --no-input
	$(DEMO_ENV) $(BIN)/scoreline demo --if-empty
	@# The worker (intake, clocks, reminders, daily pace) runs beside the web server and stops with it.
	$(DEMO_ENV) $(BIN)/scoreline worker & worker=$$!; trap "kill $$worker" EXIT INT TERM; \
	$(DEMO_ENV) $(BIN)/scoreline serve --host 127.0.0.1 --port $(PORT)

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/lint-imports
	$(BIN)/mypy src

test-sqlite: install
	scripts/ensure-browser
	$(BIN)/pytest -n 2 -p no:cacheprovider

# The suite again on awkward days: a month's first half hour (still the previous month in
# UTC), a 25th, New Year's Eve's last quarter, the night summer time starts.
CALENDAR := 2027-01-01T00:30:00+01:00 2026-11-25T16:00:00+01:00 2026-12-31T23:45:00+01:00 \
	2026-03-29T03:30:00+02:00

test-calendar: install
	scripts/ensure-browser
	for moment in $(CALENDAR); do \
	  echo "== the suite on $$moment"; \
	  SCORELINE_TEST_NOW=$$moment $(BIN)/pytest -n 2 -p no:cacheprovider -q || exit 1; \
	done

test-postgres: install
	scripts/ensure-postgres
	DATABASE_URL=$(PG_URL) $(BIN)/pytest -n 2 -p no:cacheprovider -m "not browser"

test: lint test-sqlite test-calendar test-postgres

lock:
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 -o requirements.lock

clean:
	rm -rf $(VENV) var build *.egg-info
