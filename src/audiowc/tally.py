"""Running the count over inputs (in parallel for big plain text) and shaping the results as rows."""

from __future__ import annotations

import multiprocessing
import os
import signal
from dataclasses import replace
from itertools import chain, islice
from typing import IO, Iterator, Sequence

from .count import BlockCounter, CountOptions, Hit, Tally
from .lexicon import languages
from .match import Match
from .records import clock, tsv_field
from .streams import ReadOptions, iter_batches, open_input, resolve_format
from .text import iter_text_blocks

_worker: BlockCounter | None = None


def _start_worker(options: CountOptions) -> None:
    global _worker
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops the pool
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # and stops it with SIGTERM, which must just end us
    _worker = BlockCounter(options)


def _count_in_worker(block: str) -> Tally:
    assert _worker is not None
    return _worker.count_text(block)


def default_jobs() -> int:
    return max(1, min(4, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1))


class TallyRun:
    """Counts every input into one Tally; owns the worker pool, if any."""

    def __init__(self, options: CountOptions, jobs: int, read: ReadOptions, follow_language: bool = False) -> None:
        self.options = options
        self.follow_language = follow_language  # count with the word list of the language a transcript says
        self.languages_seen: set[str] = set()
        self.counter = BlockCounter(options)
        self.jobs = jobs
        self.read = read
        self.pool: multiprocessing.pool.Pool | None = None
        self.tally = self.counter.empty_tally()
        self.batches = 0

    def __enter__(self) -> "TallyRun":
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()

    def add_input(self, name: str, fmt: str) -> None:
        with open_input(name) as stream:
            head, resolved = resolve_format(stream, fmt, name)
            if resolved == "text" and not self.options.collect_hits:
                self._add_text(stream, name, head)
            else:
                self._add_batches(stream, name, resolved, head)

    def _add_text(self, stream: IO[bytes], name: str, head: bytes) -> None:
        blocks = iter_text_blocks(stream, name, head, self.read.warn)
        for tally in self._map_blocks(blocks):
            self.tally.merge(tally)

    def _map_blocks(self, blocks: Iterator[str]) -> Iterator[Tally]:
        ahead = list(islice(blocks, 2))
        if len(ahead) < 2 or self.jobs < 2:  # a small input is not worth a pool
            yield from map(self.counter.count_text, chain(ahead, blocks))
            return
        if self.pool is None:
            self.pool = multiprocessing.get_context("fork").Pool(
                self.jobs, initializer=_start_worker, initargs=(self.options,))
        yield from self.pool.imap(_count_in_worker, chain(ahead, blocks), chunksize=1)

    def _add_batches(self, stream: IO[bytes], name: str, fmt: str, head: bytes) -> None:
        ordinal = 1
        for batch in iter_batches(stream, name, fmt, self.read, head):
            if self.follow_language and batch.language:
                self._follow(batch.language)
            self.batches += 1
            self.tally.merge(self.counter.count_batch(batch, name, self.batches, ordinal))
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
        elif self.tally.table or self.batches:
            self.read.warn(f"the transcript also says {said!r}; counting all with the word "
                           f"list of {self.options.language!r} (--language chooses)")
        else:
            self.options = replace(self.options, language=language)
            self.counter = BlockCounter(self.options)
            self.tally = self.counter.empty_tally()


def count_inputs(names: Sequence[str], fmt: str, options: CountOptions, jobs: int, read: ReadOptions,
                 follow_language: bool = False) -> tuple[Tally, BlockCounter]:
    """Every input counted into one Tally; follow_language: with the language a transcript says."""
    with TallyRun(options, jobs, read, follow_language) as run:
        for name in names:
            run.add_input(name, fmt)
        return run.tally, run.counter


def table_rows(table: dict[str, int], top: int | None) -> list[tuple[int, str]]:
    """(count, word), most frequent first, ties by word."""
    rows = sorted(((n, w) for w, n in table.items()), key=lambda r: (-r[0], r[1]))
    return rows[:top] if top is not None else rows


def variant_rows(tally: Tally, counter: BlockCounter, q: int) -> list[tuple[int, str, Match]]:
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


def near_rows(tally: Tally, counter: BlockCounter, q: int) -> list[tuple[int, str, Match]]:
    """(count, form, match) of every token that came near query q without counting."""
    matcher = counter.matchers[q]
    rows = [(count, token, match) for token, count in tally.table.items()
            if (match := matcher.near_single(token)) is not None]
    return sorted(rows, key=lambda r: (-r[0], r[1]))


def query_total(tally: Tally, counter: BlockCounter, q: int) -> int:
    return sum(count for count, _form, _match in variant_rows(tally, counter, q))


def sorted_hits(tally: Tally) -> list[Hit]:
    return sorted(tally.hits, key=lambda h: (h.order, h.query))


def hit_line(hit: Hit, query: str, clock_times: bool) -> str:
    """A hit as wc-words --hits writes it: source, start, end, form, query, score, kind."""
    if not hit.timed:
        start, end = str(int(hit.start)), str(int(hit.end))
    elif clock_times:
        start, end = clock(hit.start), clock(hit.end)
    else:
        start, end = f"{hit.start:.3f}", f"{hit.end:.3f}"
    return f"{tsv_field(hit.source)}\t{start}\t{end}\t{hit.form}\t{query}\t{hit.match.score:.0f}\t{hit.match.label}\n"
