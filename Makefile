# The two commands of the README: `make run` and `make test`. Everything else is a helper of those.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test install lint typecheck pytest messages compilemessages screenshots clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip setuptools  # the venv's own setuptools is old (audit)
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP)

## make run: SQLite under var/, migrations, reference + demo data, web server and background worker.
run: $(STAMP) compilemessages
	THB_ENV=development $(BIN)/thb migrate --noinput
	THB_ENV=development $(BIN)/thb load-reference
	THB_ENV=development THB_OTP_RELAXED=1 $(BIN)/thb load-demo
	THB_ENV=development $(BIN)/thb load-public-content
	THB_ENV=development $(BIN)/thb procedures install-default
	THB_ENV=development $(BIN)/thb blocking load-protected-domains
	THB_ENV=development $(BIN)/thb hearings load-guides
	THB_ENV=development $(BIN)/thb actionplan load
	THB_ENV=development THB_OTP_RELAXED=1 $(BIN)/thb serve --port $(PORT)

## make test: lint, types, translation catalogues, then the whole pytest suite.
test: $(STAMP) compilemessages lint typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	THB_ENV=test $(BIN)/mypy thb/core thb/api thb/hotline thb/dispatch thb/blocking thb/victims thb/casefiles thb/residence thb/investigations thb/actionplan thb/campaigns thb/statistics thb/childprotection thb/expertise config

pytest: $(STAMP)
	THB_ENV=test $(BIN)/pytest -n 2 --dist loadfile -p no:cacheprovider

compilemessages: $(STAMP)
	THB_ENV=test $(BIN)/thb compilemessages --ignore=.venv --ignore=var >/dev/null

## make messages: staff catalogues (fr, nl, de: every string) and public-only catalogues (public pages only).
messages: $(STAMP)
	THB_ENV=test $(BIN)/thb makemessages --no-obsolete --no-location -l fr -l nl -l de --ignore=.venv --ignore=var --ignore=locale --ignore=build
	THB_ENV=test $(BIN)/thb makemessages-public

## make screenshots: the browser journeys that illustrate docs/ save their pages as PNG files.
screenshots: $(STAMP) compilemessages
	THB_ENV=test THB_SCREENSHOTS=docs/img $(BIN)/pytest -p no:cacheprovider -q thb/victims/tests/test_browser_victims.py thb/investigations/tests/test_browser_investigations.py thb/actionplan/tests/test_browser_actionplan.py thb/campaigns/tests/test_browser_campaigns.py thb/childprotection/tests/test_browser_childprotection.py thb/statistics/tests/test_browser_statistics.py thb/expertise/tests/test_browser_library.py thb/expertise/tests/test_browser_trainings.py thb/expertise/tests/test_browser_meetings.py thb/hotline/tests/test_journey_reporter.py thb/residence/tests/test_journey_caseworker.py thb/dispatch/tests/test_journey_operator.py thb/blocking/tests/test_journey_blocking.py

clean:
	rm -rf $(VENV) var/thb.sqlite3* var/celery var/celerybeat-schedule*
