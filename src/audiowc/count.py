"""Counting tokens and query matches over batches of tokens or blocks of plain text.

Single-token forms of a query are counted from the vocabulary table after the pass (cheap: a
vocabulary is small). Multi-token forms (phrases, words split in two) need the token order, so
each batch is scanned, but only at positions whose token could start such a form.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from itertools import compress
from typing import Iterable, Sequence

from .match import Match, Query, QueryMatcher
from .streams import TokenBatch
from .text import tokenise


@dataclass
class Hit:
    """One occurrence of a query's form; start/end are seconds, or ordinals for bare tokens."""

    order: tuple[int, int]
    source: str
    start: float
    end: float
    form: str
    query: int
    match: Match
    timed: bool


@dataclass
class Tally:
    table: Counter[str] = field(default_factory=Counter)
    runs: list[Counter[str]] = field(default_factory=list)
    run_matches: list[dict[str, Match]] = field(default_factory=list)
    hits: list[Hit] = field(default_factory=list)

    def merge(self, other: "Tally") -> None:
        self.table.update(other.table)
        for mine, theirs in zip(self.runs, other.runs):
            mine.update(theirs)
        for mine_m, theirs_m in zip(self.run_matches, other.run_matches):
            mine_m.update(theirs_m)
        self.hits.extend(other.hits)


@dataclass(frozen=True)
class CountOptions:
    queries: tuple[Query, ...] = ()
    threshold: float = 82.0
    phonetic: bool = False
    keep_case: bool = False
    collect_hits: bool = False


class BlockCounter:
    """Counts one block or batch at a time; keeps per-token caches between calls."""

    def __init__(self, options: CountOptions) -> None:
        self.options = options
        self.matchers = [QueryMatcher(q, options.threshold, options.phonetic) for q in options.queries]
        self.scanning = [m for m in self.matchers if m.width > 1 or m.splits]
        self.piece_tokens: dict[str, list[str]] = {}

    def empty_tally(self) -> Tally:
        return Tally(runs=[Counter() for _ in self.matchers], run_matches=[{} for _ in self.matchers])

    def count_text(self, block: str) -> Tally:
        """Fast path for plain text without hits: count whitespace pieces, then fold them into tokens."""
        tally = self.empty_tally()
        pieces = block.split()
        for piece, count in Counter(pieces).items():
            tokens = self._tokens_of(piece)
            for token in tokens:
                tally.table[token] += count
        if self.scanning:
            self._scan_pieces(pieces, tally)
        return tally

    def _tokens_of(self, piece: str) -> list[str]:
        tokens = self.piece_tokens.get(piece)
        if tokens is None:
            tokens = self.piece_tokens[piece] = tokenise(piece, self.options.keep_case)
        return tokens

    def _scan_pieces(self, pieces: list[str], tally: Tally) -> None:
        """Find multi-token forms around pieces that hold a token able to start one."""
        for matcher in self.scanning:
            q = self.matchers.index(matcher)
            starters = {p for p in set(pieces) if any(map(matcher.starts_run, self._tokens_of(p)))}
            free_from = 0
            for i in compress(range(len(pieces)), map(starters.__contains__, pieces)):
                if i < free_from:
                    continue
                window = [t for p in pieces[i:i + matcher.width + 1] for t in self._tokens_of(p)]
                first = len(self._tokens_of(pieces[i]))
                for j in range(first):
                    found = matcher.run_at(window, j) if matcher.starts_run(window[j]) else None
                    if found:
                        self._record_run(tally, q, window[j:j + found[0]], found[1])
                        free_from = i + 1 if j + found[0] <= first else i + 2
                        break

    def _record_run(self, tally: Tally, q: int, tokens: Sequence[str], match: Match) -> str:
        form = " ".join(tokens)
        tally.runs[q][form] += 1
        tally.run_matches[q][form] = match
        return form

    def count_batch(self, batch: TokenBatch, where: str, batch_number: int, first_ordinal: int) -> Tally:
        """General path: every token in order, with hits when asked."""
        tally = self.empty_tally()
        tally.table.update(batch.tokens)
        hits = self.options.collect_hits
        for q, matcher in enumerate(self.matchers):
            if not hits and matcher not in self.scanning:
                continue
            for i, length, match in self._scan_tokens(batch.tokens, matcher, hits):
                form = self._record_run(tally, q, batch.tokens[i:i + length], match) if length > 1 \
                    else batch.tokens[i]
                if hits:
                    tally.hits.append(self._hit(batch, where, (batch_number, i), i, length, form, q, match,
                                                first_ordinal))
        return tally

    def _scan_tokens(self, tokens: list[str], matcher: QueryMatcher, singles: bool) -> Iterable[
            tuple[int, int, Match]]:
        """(position, length, match) of each form, left to right, forms never overlapping."""
        distinct = set(tokens)
        starters = {t for t in distinct if matcher.starts_run(t)}
        wanted = starters | {t for t in distinct if matcher.single(t)} if singles else starters
        free_from = 0
        for i in compress(range(len(tokens)), map(wanted.__contains__, tokens)):
            if i < free_from:
                continue
            found = matcher.run_at(tokens, i) if tokens[i] in starters else None
            if found is None and singles:
                single = matcher.single(tokens[i])
                found = (1, single) if single else None
            if found:
                free_from = i + found[0]
                yield i, found[0], found[1]

    @staticmethod
    def _hit(batch: TokenBatch, where: str, order: tuple[int, int], i: int, length: int, form: str,
             q: int, match: Match, first_ordinal: int) -> Hit:
        last = i + length - 1
        if batch.timed:
            assert batch.starts is not None and batch.ends is not None and batch.sources is not None
            return Hit(order, batch.sources[i], batch.starts[i], batch.ends[last], form, q, match, True)
        return Hit(order, where, first_ordinal + i, first_ordinal + last, form, q, match, False)
