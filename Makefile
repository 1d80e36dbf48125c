# audiowc: `make run` tries the pipeline on the example, `make test` runs the suite (`make test-fast`
# all but the tests marked slow: those that run the speech model or whole pipelines), and
# `make -j2 counts EPISODES="a.mp3 'b c.MP3'" WORD=banana` counts a word over many episodes.
# Works from any directory (make -C REPO, make -f REPO/Makefile). See README.md.

SHELL := bash
.SHELLFLAGS := -eo pipefail -c
ROOT := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))
PYTHON ?= python3
VENV ?= $(ROOT)/.venv
BIN := $(VENV)/bin
EXAMPLE := $(ROOT)/examples/banana-talk.ogg
WORD ?= banana

.PHONY: run test test-fast counts clean-venv man-pages
.DELETE_ON_ERROR:

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# An editable install puts no data files in the venv: the man pages are linked into .venv/share/man,
# where man finds them once .venv/bin is on PATH.
define link_man_pages
	for page in $(ROOT)/man/*.[17]; do \
	  section=$${page##*.}; mkdir -p $(VENV)/share/man/man$$section; \
	  ln -sf "$$page" $(VENV)/share/man/man$$section/; \
	done
endef

$(VENV)/.installed: $(ROOT)/pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e $(ROOT)
	touch $@

$(VENV)/.installed-test: $(ROOT)/pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '$(ROOT)[test]'
	touch $@ $(VENV)/.installed

# Every time (it is cheap), so a page added since the venv was made is found too.
man-pages:
	@$(link_man_pages)

# WORD is shell words, each one query: WORD='banana "machine learning"' is two. The recipe line that
# runs this has the queries as "$${queries[@]}" (no glob expands in a query).
define fuzzy_queries
set -f && words=($(WORD)) && set +f && queries=() && \
	for word in "$${words[@]}"; do queries+=(--fuzzy "$$word"); done
endef

# The count to trust (au-count); its transcript is kept as examples/banana-talk.ogg.jsonl (git-ignored).
run: $(VENV)/.installed man-pages
	@set -f && words=($(WORD)) && set +f && queries=() && \
	for word in "$${words[@]}"; do queries+=(-w "$$word"); done && \
	$(BIN)/au-count "$${queries[@]}" $(EXAMPLE)
	@echo "The commands and their man pages are in $(VENV). To use them: . $(BIN)/activate" >&2

# One pytest worker a CPU (pytest-xdist). `make test` keeps each test file on one worker, so a file's
# transcripts made once (module fixtures) are not made again on the other; test-fast has none to share.
test: $(VENV)/.installed-test man-pages
	cd $(ROOT) && $(BIN)/python -m pytest -n auto --dist loadfile

# The inner loop: the tests that neither run the speech model nor a whole pipeline (under a minute),
# property tests with fewer examples each (the hypothesis profile `fast`, tests/conftest.py).
test-fast: $(VENV)/.installed-test man-pages
	cd $(ROOT) && $(BIN)/python -m pytest -n auto -m "not slow" --hypothesis-profile=fast

clean-venv:
	rm -rf $(VENV)

# ---- batches over episodes ------------------------------------------------------------------
# EPISODES is a list of shell words, read in the directory make was started from (HERE): quote a
# name with spaces, or give a glob ('*.mp3'). au-episode transcribes each episode once into
# EPISODE.jsonl beside it (resuming an interrupted one), make -jN running N at a time; au-merge
# then writes COUNTS (in HERE): count<TAB>word<TAB>episode per episode, then count<TAB>word for all.
# Counting is quick, so it is done afresh each time: a new WORD is always counted.
# The commands come from .venv when it has them, else from PATH; AU_BIN=dir/ names another place.
EPISODES ?=
COUNTS ?= counts.tsv
STT_OPTIONS ?=
# make -C REPO leaves the caller's directory only in $PWD; otherwise $(CURDIR) is it ($PWD may be a
# parent's, when make is started by a program that changed directory without setting it)
# (the shell tests PWD: make's own functions split a path with a space into two words; $(value PWD):
# a $ in the path is no make variable)
HERE ?= $(if $(and $(filter $(realpath $(ROOT)),$(realpath $(CURDIR))),$(shell [ -d "$$PWD" ] && echo y)),$(value PWD),$(CURDIR))
# The recipe reads the folder and the file name from its environment, never pasted into its text, so
# quotes, $ and backquotes in them stay letters.
counts: export COUNTS_FOLDER = $(HERE)
counts: export COUNTS_FILE = $(COUNTS)
AU_BIN ?= $(if $(wildcard $(BIN)/au-episode),$(BIN)/,)
# make -jN: N episodes at a time (-j alone: one a CPU)
JOBS = $(if $(filter -j%,$(MAKEFLAGS)),$(or $(patsubst -j%,%,$(filter -j%,$(MAKEFLAGS))),$$(nproc)),1)

# One `make counts` at a time in a folder: a second one waits for the first (whose transcripts it then
# reuses) instead of both writing the same files. The lock is on the folder itself (flock(1), from
# util-linux; without it, no queue).
define queue_in_folder
exec 9<. && if command -v flock >/dev/null; then flock -n 9 || { \
	  echo "make counts: another make counts is running in $$COUNTS_FOLDER; waiting for it" >&2; flock 9; }; fi
endef

counts:
	@cd "$$COUNTS_FOLDER" && set -- $(EPISODES) && $(fuzzy_queries) && \
	if [ $$# -eq 0 ]; then echo "make counts: give EPISODES='ep1.mp3 \"ep 2.mp3\"' or EPISODES='*.mp3'" >&2; exit 2; fi && \
	$(queue_in_folder) && \
	trap 'rm -f -- "$$COUNTS_FILE.part"' EXIT && \
	printf '%s\0' "$$@" | xargs -0 -n 1 -P $(JOBS) $(AU_BIN)au-episode --stt-options '$(STT_OPTIONS)' -- >/dev/null && \
	$(AU_BIN)au-merge "$${queries[@]}" -- "$$@" > "$$COUNTS_FILE.part" && mv -- "$$COUNTS_FILE.part" "$$COUNTS_FILE" && \
	echo "counts: $$COUNTS_FOLDER/$$COUNTS_FILE" >&2
