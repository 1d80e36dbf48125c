"""Running the count over inputs (in parallel for big plain text) and shaping the results as rows."""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from dataclasses import replace
from itertools import chain
from operator import itemgetter
from typing import IO, Sequence

from ..cli.inputs import open_input
from ..text.blocks import iter_ascii_or_text_blocks
from ..text.tokenise import has_own_rules
from ..tokens.batches import ReadOptions, iter_batches, resolve_format
from .counter import BlockCounter, CountOptions, Counts, Hit
from .lexicon import languages, lexicon
from .match import Match
from .pieces import PieceCounts

# Plain text shorter than this (in characters) is counted in this process: a pool costs more than
# it saves there (a block is 1 MiB; counting runs at about 50 MB/s a core), and a small input
# never forks.
POOL_MIN_CHARS = 4 << 20
STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}

_worker: BlockCounter | None = None


def _start_worker(counter: BlockCounter | None, options: CountOptions) -> None:
    """Runs first in each worker, which starts with SIGINT and SIGTERM blocked (see _fork_pool)."""
    global _worker
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops the pool
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # and stops it with SIGTERM, which must just end us
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)  # one sent meanwhile ends us now
    _worker = counter if counter is not None else BlockCounter(options)


def _single_threaded() -> bool:
    """Whether this process has no thread but the main one (native threads included, on Linux)."""
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:
        return threading.active_count() == 1


def _fork_pool(counter: BlockCounter, jobs: int) -> multiprocessing.pool.Pool:
    """A pool of workers that count blocks with counter's lexicon.

    Forking shares the loaded lexicon (1-2 s to load again in each worker otherwise), but is only
    safe from a process with one thread: a lock another thread holds stays held in the child for
    good. With threads about, the workers come from a fresh forkserver and load their own.
    SIGINT and SIGTERM are blocked while the workers are made: a worker that the parent stops at
    once (a short input ends before the last worker is up) would otherwise take the signal with the
    parent's Python handler, or lose it altogether if it came before the interpreter's after-fork
    reset, and wait for work forever while the parent waits for it to end."""
    method = "fork" if _single_threaded() else "forkserver"
    shared = counter if method == "fork" else None
    if shared is not None and any(q.fuzzy for q in counter.options.queries):
        lexicon(counter.options.language).load()  # read once here, not once a worker
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        return multiprocessing.get_context(method).Pool(
            jobs, initializer=_start_worker, initargs=(shared, counter.options))
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)


def _count_in_worker(block: bytes | str) -> tuple[PieceCounts, Counts]:
    assert _worker is not None
    pieces, runs = PieceCounts(_worker.options.keep_case), _worker.empty_counts()
    _worker.count_text(block, pieces, runs)
    return pieces, runs


def default_jobs() -> int:
    """One process a CPU, at most 4; but one (no pool) on a machine of 2 CPUs or fewer: there two
    forked workers took 1.2-1.5x the CPU time of counting in one process, and with other work
    running they got no second CPU to spend it on (bench/RESULTS.md)."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    return min(4, cpus) if cpus > 2 else 1


class CountRun:
    """Counts every input into one Counts; owns the worker pool, if any."""

    def __init__(self, options: CountOptions, jobs: int, read: ReadOptions, follow_language: bool = False) -> None:
        self.options = options
        self.follow_language = follow_language  # count with the word list of the language a transcript says
        self.languages_seen: set[str] = set()
        self.counter = BlockCounter(options)
        self.jobs = jobs
        self.read = read
        self.pool: multiprocessing.pool.Pool | None = None
        self.counts = self.counter.empty_counts()
        self.batches = 0

    def __enter__(self) -> "CountRun":
        return self

    def __exit__(self, kind: object, *exc: object) -> None:
        if self.pool is not None:
            if kind is None:  # done: the workers end when they see the queue closed, no signal needed
                self.pool.close()
            else:
                self.pool.terminate()
            self.pool.join()

    def add_input(self, name: str, fmt: str) -> None:
        with open_input(name) as stream:
            head, resolved = resolve_format(stream, fmt, name)
            # the fast path splits by the common rules only; a language with rules of its own goes the way tok does
            if resolved == "text" and not self.options.collect_hits and not has_own_rules(self.read.language):
                self._add_text(stream, name, head)
            else:
                self._add_batches(stream, name, resolved, head)
        self.counts.had_content |= bool(head.strip())

    def _add_text(self, stream: IO[bytes], name: str, head: bytes) -> None:
        blocks = iter_ascii_or_text_blocks(stream, name, head, self.read.warn)
        pieces, runs = PieceCounts(self.options.keep_case), self.counter.empty_counts()
        ahead: list[bytes | str] = []
        size = 0
        if self.jobs > 1:
            for block in blocks:  # a small input is not worth a pool
                ahead.append(block)
                size += len(block)
                if size >= POOL_MIN_CHARS:
                    break
        if size < POOL_MIN_CHARS:
            for block in chain(ahead, blocks):
                self.counter.count_text(block, pieces, runs)
        else:
            if self.pool is None:
                self.pool = _fork_pool(self.counter, self.jobs)
            for block_pieces, block_runs in self.pool.imap(_count_in_worker, chain(ahead, blocks), chunksize=1):
                pieces.merge(block_pieces)
                runs.merge(block_runs)
        runs.table = self.counter.fold(pieces)
        self.counts.merge(runs)

    def _add_batches(self, stream: IO[bytes], name: str, fmt: str, head: bytes) -> None:
        ordinal = 1
        for batch in iter_batches(stream, name, fmt, self.read, head):
            if self.follow_language and batch.language:
                self._follow(batch.language)
            self.batches += 1
            self.counts.merge(self.counter.count_batch(batch, name, self.batches, ordinal))
            ordinal += len(batch.tokens)


    def _follow(self, said: str) -> None:
        """Count with the language the transcript says, when it says so before anything is counted;
        a later, different one is reported once (one word list serves a run)."""
        language = said.split("-")[0].lower()
        if language == self.options.language or language in self.languages_seen:
            return
        self.languages_seen.add(language)
        if language not in languages():
            self.read.warn(f"the transcript says its language is {said!r}, which has no word list; counting "
                           f"with the word list of {self.options.language!r} (--language chooses)")
        elif self.counts.table or self.batches:
            self.read.warn(f"the transcript also says {said!r}; counting all with the word "
                           f"list of {self.options.language!r} (--language chooses)")
        else:
            self.options = replace(self.options, language=language)
            self.counter = BlockCounter(self.options)
            self.counts = self.counter.empty_counts()


def count_inputs(names: Sequence[str], fmt: str, options: CountOptions, jobs: int, read: ReadOptions,
                 follow_language: bool = False) -> tuple[Counts, BlockCounter]:
    """Every input counted into one Counts; follow_language: with the language a transcript says."""
    with CountRun(options, jobs, read, follow_language) as run:
        for name in names:
            run.add_input(name, fmt)
        return run.counts, run.counter


def table_rows(table: dict[str, int], top: int | None) -> list[tuple[int, str]]:
    """(count, word), most frequent first, ties by word."""
    # by word, then by count: a stable sort keeps the words of one count in order, reversed or not
    by_count = sorted(sorted(table.items()), key=itemgetter(1), reverse=True)
    return [(n, w) for w, n in (by_count[:top] if top is not None else by_count)]


def variant_rows(tally: Counts, counter: BlockCounter, q: int) -> list[tuple[int, str, Match]]:
    """(count, form, match) of every form counted for query q, most frequent first."""
    matcher = counter.matchers[q]
    rows: list[tuple[int, str, Match]] = []
    for token, count in tally.table.items():
        match = matcher.single(token)
        if match is not None:
            rows.append((count, token, match))
    for form, count in tally.runs[q].items():
        rows.append((count, form, tally.run_matches[q][form]))
    return sorted(rows, key=lambda r: (-r[0], r[1]))


def near_rows(tally: Counts, counter: BlockCounter, q: int) -> list[tuple[int, str, Match]]:
    """(count, form, match) of every token that came near query q without counting."""
    matcher = counter.matchers[q]
    rows = [(count, token, match) for token, count in tally.table.items()
            if (match := matcher.near_single(token)) is not None]
    return sorted(rows, key=lambda r: (-r[0], r[1]))


def query_total(tally: Counts, counter: BlockCounter, q: int) -> int:
    return sum(count for count, _form, _match in variant_rows(tally, counter, q))


def sorted_hits(tally: Counts) -> list[Hit]:
    return sorted(tally.hits, key=lambda h: (h.order, h.query))
