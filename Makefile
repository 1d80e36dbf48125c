# audiowc: `make run` tries the pipeline on the example, `make test` runs the suite, and
# `make -j2 counts EPISODES="a.mp3 b.mp3" WORD=banana` counts a word over many episodes.
# See README.md.

SHELL := bash
.SHELLFLAGS := -eo pipefail -c
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
EXAMPLE := examples/banana-talk.ogg
WORD ?= banana

.PHONY: run test counts clean-venv
.DELETE_ON_ERROR:

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
	@chunks=$$(mktemp -d) && trap 'rm -rf "$$chunks"' EXIT && \
	  $(BIN)/au-split --out-dir "$$chunks" $(EXAMPLE) | $(BIN)/au-stt | $(BIN)/tok \
	  | $(BIN)/wc-words $(foreach w,$(WORD),--fuzzy $(w))

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest

clean-venv:
	rm -rf $(VENV)

# ---- batches over episodes ------------------------------------------------------------------
# Each episode is transcribed once into <episode>.jsonl beside it (written as .jsonl.part and
# renamed, so an interrupted transcript never looks complete); <episode>.counts.tsv holds its
# counts and COUNTS (counts.tsv) the counts over all episodes. The commands come from .venv when
# it exists, else from PATH; AU_BIN=dir/ names another place.
EPISODES ?=
COUNTS ?= counts.tsv
AU_BIN ?= $(if $(wildcard $(BIN)/au-stt),$(BIN)/,)
AUDIO_EXTENSIONS := mp3 wav flac ogg opus m4a mp4 webm aac
TRANSCRIPTS := $(addsuffix .jsonl,$(basename $(EPISODES)))
EPISODE_COUNTS := $(addsuffix .counts.tsv,$(basename $(EPISODES)))
QUERIES = $(foreach w,$(WORD),--fuzzy $(w))

counts: $(EPISODE_COUNTS) $(COUNTS)
.PRECIOUS: %.jsonl

define transcript_rule
%.jsonl: %.$(1)
	@echo "transcribing $$<" >&2
	@chunks=$$$$(mktemp -d) && trap 'rm -rf "$$$$chunks" "$$@.part"' EXIT && \
	  $(AU_BIN)au-split --out-dir "$$$$chunks" "$$<" | $(AU_BIN)au-stt > "$$@.part" && mv "$$@.part" "$$@"
endef
$(foreach ext,$(AUDIO_EXTENSIONS),$(eval $(call transcript_rule,$(ext))))

%.counts.tsv: %.jsonl
	$(AU_BIN)tok "$<" | $(AU_BIN)wc-words $(QUERIES) > "$@.part" && mv "$@.part" "$@"

$(COUNTS): $(TRANSCRIPTS)
	$(AU_BIN)tok $(foreach t,$^,"$(t)") | $(AU_BIN)wc-words $(QUERIES) > "$@.part" && mv "$@.part" "$@"
