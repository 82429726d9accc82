# Two commands set everything up on a fresh machine:
#   make run   - install into .venv and screen the sample applicants against every class
#   make test  - install with the test extras into .venv and run the tests
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
SOURCES := pyproject.toml $(shell find cli specs -name '*.py' -o -name '*.yaml' 2>/dev/null)

.PHONY: run test bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python $(SOURCES)
	$(BIN)/python -m pip install --quiet .
	touch $@

$(TEST_STAMP): $(BIN)/python $(SOURCES)
	$(BIN)/python -m pip install --quiet ".[test]"
	touch $@ $(STAMP)

run: $(STAMP)
	$(BIN)/merit screen sample_applicants --as-of 2026-11-01 --exit-zero

test: $(TEST_STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python bench/bench.py

clean:
	rm -rf $(VENV) build *.egg-info
