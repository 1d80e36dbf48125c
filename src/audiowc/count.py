"""Counting tokens and query matches over batches of tokens or blocks of plain text.

Single-token forms of a query are counted from the vocabulary table after the pass (cheap: a
vocabulary is small). Multi-token forms (phrases, words split in two) need the token order, so
each batch is scanned, but only at positions whose token could start such a form.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from itertools import compress
from typing import Callable, Iterable, KeysView, Sequence

from .match import Match, Query, QueryMatcher
from .streams import TokenBatch
from .text import normalise, tokenise


# ASCII characters that can never be inside a token become spaces before splitting, so nearly every
# whitespace piece is already a clean token (str.translate runs at C speed; a regex would not).
ASCII_SEPARATORS = str.maketrans({chr(c): " " for c in range(128) if not chr(c).isalnum() and chr(c) != "'"})


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


class PieceRoles:
    """Which whitespace pieces may start or end a multi-token form of one query, learnt as they come.

    A split word ("toma to") needs a first half and a second half that join into a form of the
    word; a common first half ("to") is only scanned for once such a partner has been seen.
    """

    def __init__(self, matcher: QueryMatcher, tokens_of: Callable[[str], list[str]]) -> None:
        self.matcher = matcher
        self.tokens_of = tokens_of
        self.seen: set[str] = set()  # pieces
        self.known: set[str] = set()  # tokens
        self.firsts: dict[str, set[str]] = {}  # first-half token -> pieces ending with it
        self.seconds: set[str] = set()  # second-half tokens
        self.active: set[str] = set()  # pieces to scan at

    def _learn_token(self, token: str) -> None:
        self.known.add(token)
        if self.matcher.width == 1 and self.matcher.could_finish(token):
            self.seconds.add(token)
            for first, pieces in self.firsts.items():
                if self._joins(first, token):
                    self.active.update(pieces)
        if self.matcher.starts_run(token):
            self.firsts[token] = set()

    def _learn(self, piece: str) -> None:
        tokens = self.tokens_of(piece)
        self.seen.add(piece)
        for token in tokens:
            if token not in self.known:
                self._learn_token(token)
        if not tokens:
            return
        if len(tokens) > 1 and any(self.matcher.run_at(tokens, i) for i in range(len(tokens) - 1)):
            self.active.add(piece)  # holds a whole form, like "toma-to"
        pieces = self.firsts.get(tokens[-1])
        if pieces is not None:
            pieces.add(piece)
            if self.matcher.width > 1 or any(self._joins(tokens[-1], b) for b in self.seconds):
                self.active.add(piece)

    def _joins(self, first: str, second: str) -> bool:
        return self.matcher.single(first + second) is not None

    def starters_in(self, distinct: KeysView[str]) -> set[str]:
        """Pieces of this block at which a form may begin (a partner seen anywhere so far)."""
        for piece in distinct - self.seen:
            self._learn(piece)
        return distinct & self.active


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
        self.unclean_pieces: set[str] = set()
        self.piece_roles = [PieceRoles(m, self._tokens_of) for m in self.scanning]

    def empty_tally(self) -> Tally:
        return Tally(runs=[Counter() for _ in self.matchers], run_matches=[{} for _ in self.matchers])

    def count_text(self, block: str) -> Tally:
        """Fast path for plain text without hits: count whitespace pieces, then fold them into tokens."""
        tally = self.empty_tally()
        pieces = normalise(block, self.options.keep_case).translate(ASCII_SEPARATORS).split()
        piece_counts = Counter(pieces)
        self._fold(piece_counts, tally.table)
        for k, matcher in enumerate(self.scanning):
            self._scan_pieces(pieces, piece_counts.keys(), tally, k, matcher)
        return tally

    def _tokens_of(self, piece: str) -> list[str]:
        tokens = self.piece_tokens.get(piece)
        if tokens is None:
            tokens = self.piece_tokens[piece] = tokenise(piece, self.options.keep_case)
            if tokens != [piece]:
                self.unclean_pieces.add(piece)
        return tokens

    def _fold(self, piece_counts: Counter[str], table: Counter[str]) -> None:
        """Most pieces already are one normalised token; only the rest are re-tokenised and moved."""
        for piece in piece_counts.keys() - self.piece_tokens.keys():
            self._tokens_of(piece)
        table.update(piece_counts)  # C-speed dict update: the table starts empty
        for piece in piece_counts.keys() & self.unclean_pieces:
            count = table.pop(piece)
            for token in self.piece_tokens[piece]:
                table[token] += count

    def _scan_pieces(self, pieces: list[str], distinct: KeysView[str], tally: Tally, k: int,
                     matcher: QueryMatcher) -> None:
        """Find multi-token forms around pieces that hold a token able to start one."""
        starters = self.piece_roles[k].starters_in(distinct)
        if not starters:
            return
        q = self.matchers.index(matcher)
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
