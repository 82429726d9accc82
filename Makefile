# Two commands set everything up on a fresh machine:
#   make run   - install into .venv, screen the sample applicants against every class, and count the results
#   make test  - install with the test extras into .venv and run the tests
# Both install the versions pinned in requirements.lock; `make lock` upgrades them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
LOCK := requirements.lock
SOURCES := pyproject.toml $(LOCK) $(shell find cli specs -name '*.py' -o -name '*.yaml' -o -name '*.j2' -o -name '*.js' -o -name '*.css' 2>/dev/null)
PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check -c $(LOCK)

.PHONY: run test bench lock clean browser screenshot

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) --upgrade pip

$(STAMP): $(BIN)/python $(SOURCES)
	$(PIP) .
	touch $@

$(TEST_STAMP): $(BIN)/python $(SOURCES)
	$(PIP) ".[test]"
	touch $@ $(STAMP)

run: $(STAMP)
	$(BIN)/merit screen sample_applicants --as-of 2026-11-01 --exit-zero --summary

test: $(TEST_STAMP) browser
	$(BIN)/ruff check cli tests bench examples
	$(BIN)/mypy
	$(BIN)/python -m pytest

# The HTML report is checked in a real headless browser (tests/test_report_browser.py):
# Debian's chromium, installed here when it is missing and we may (root, apt-get).
# Elsewhere the browser test is skipped with the reason, except in CI, where it fails.
browser:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing chromium for the browser test of the HTML report"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null; \
	  else \
	    echo "chromium is not installed (and cannot be here): the browser test will be skipped"; \
	  fi

# docs/report.png and docs/review.png: the HTML report and the review page of the sample applicants, as the browser draws them
screenshot: $(STAMP) browser
	$(BIN)/python tests/browser.py --screenshot docs/report.png
	$(BIN)/python tests/browser.py --page review --screenshot docs/review.png

bench: $(STAMP)
	$(BIN)/python bench/bench.py

# Resolve today's newest versions of everything merit and its tests need, in a
# throw-away environment, and pin them; then `make test` checks them.
lock:
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --upgrade pip
	.lock-venv/bin/python -m pip install --quiet ".[test]"
	{ echo "# Pinned versions that make and CI install (pip install -c requirements.lock)."; \
	  echo "# Regenerate with: make lock"; \
	  .lock-venv/bin/python -m pip freeze --all --exclude-editable \
	    | grep -v -i -E '^(merit-screen|setuptools|wheel)[ =@]'; } > $(LOCK)
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) build *.egg-info
