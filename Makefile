# audiowc: `make run` tries the pipeline on the example, `make test` runs the suite.
# Both create .venv when it is missing. See README.md.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
EXAMPLE := examples/banana-talk.flac
WORD ?= banana

.PHONY: run test clean-venv

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@ $(VENV)/.installed

run: $(VENV)/.installed
	set -o pipefail; $(BIN)/au-split --out-dir $$(mktemp -d) $(EXAMPLE) | $(BIN)/au-stt \
	  | $(BIN)/tok | $(BIN)/wc-words --fuzzy $(WORD)

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest

clean-venv:
	rm -rf $(VENV)
