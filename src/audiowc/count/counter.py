"""Counting tokens and query matches over batches of tokens or blocks of plain text.

Single-token forms of a query are counted from the vocabulary table after the pass (cheap: a
vocabulary is small). Multi-token forms (phrases, words split in two) need the token order: plain
text is searched for the token sequences known to make one, batches of tokens are scanned at the
positions whose token could start one.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
import re
from itertools import compress, product
from typing import AbstractSet, Iterable, Iterator, Sequence

from ..text.tokenise import tokenise
from ..tokens.batches import TokenBatch
from .lexicon import DEFAULT_LANGUAGE
from .match import DEFAULT_THRESHOLD, Match, Query, QueryMatcher
from .nearruns import near_runs
from .pieces import PieceCounts, add_counts


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
class Counts:
    table: Counter[str] = field(default_factory=Counter)
    runs: list[Counter[str]] = field(default_factory=list)
    run_matches: list[dict[str, Match]] = field(default_factory=list)
    hits: list[Hit] = field(default_factory=list)
    had_content: bool = False  # an input was more than blank: a query's 0 is an answer, not empty input

    def merge(self, other: "Counts") -> None:
        add_counts(self.table, other.table)
        self.had_content |= other.had_content
        for mine, theirs in zip(self.runs, other.runs):
            mine.update(theirs)
        for mine_m, theirs_m in zip(self.run_matches, other.run_matches):
            mine_m.update(theirs_m)
        self.hits.extend(other.hits)


def _overlap(hit: Hit, source: str, start: float, end: float) -> bool:
    return hit.source == source and hit.start < end and start < hit.end


class RunFinder:
    """Finds the multi-token forms of one query in normalised plain text with one regular expression.

    The token sequences that make a form ("toma to", "machines learning") are learnt from each
    block's vocabulary as it comes; the text is then searched for them at C speed, so a common half
    of a split word ("to") costs nothing until it has a partner. Sequences are matched between
    whitespace, so a form glued to punctuation other than ASCII's is not seen here (--hits sees it).
    """

    def __init__(self, matcher: QueryMatcher) -> None:
        self.matcher = matcher
        self.known: set[str] = set()
        self.slots: list[set[str]] = [set() for _ in range(matcher.run_width)]
        self.forms: dict[tuple[str, ...], Match] = {}
        self.pattern: re.Pattern[str] | None = None

    def learn(self, tokens: AbstractSet[str]) -> None:
        new = tokens - self.known
        if not new:
            return
        self.known |= new
        added = [{t for t in new if self.matcher.fits(i, t)} for i in range(len(self.slots))]
        for slot, extra in zip(self.slots, added):
            slot |= extra
        fresh = False
        for i, extra in enumerate(added):
            for token in extra:
                choices = [slot if j != i else [token] for j, slot in enumerate(self.slots)]
                for sequence in product(*choices):
                    if sequence not in self.forms:
                        found = self.matcher.run_at(sequence, 0) if self.matcher.starts_run(sequence[0]) else None
                        if found and found[0] == len(sequence):
                            self.forms[sequence] = found[1]
                            fresh = True
        if fresh:
            alternatives = sorted((r"\s+".join(map(re.escape, seq)) for seq in self.forms), key=len, reverse=True)
            # No look-behind: it would defeat re's first-character scan (10x slower); find() checks it.
            self.pattern = re.compile(r"(?:" + "|".join(alternatives) + r")(?!\S)")

    def find(self, text: str) -> Iterator[tuple[tuple[str, ...], Match]]:
        if self.pattern is None:
            return
        for found in self.pattern.finditer(text):
            start = found.start()
            if start and not text[start - 1].isspace():
                continue  # the end of a longer word ("photo mat" is no "to mat")
            sequence = tuple(found.group().split())
            yield sequence, self.forms[sequence]


@dataclass(frozen=True)
class CountOptions:
    queries: tuple[Query, ...] = ()
    threshold: float = DEFAULT_THRESHOLD
    phonetic: bool = False
    keep_case: bool = False
    collect_hits: bool = False
    loose: bool = False  # near forms that are words of their own count too
    language: str = DEFAULT_LANGUAGE
    near: bool = False  # hits include uncounted candidates


class BlockCounter:
    """Counts one block or batch at a time; keeps per-token caches between calls."""

    def __init__(self, options: CountOptions) -> None:
        self.options = options
        self.matchers = [QueryMatcher(q, options.threshold, options.phonetic, options.loose, options.language)
                         for q in options.queries]
        self.scanning = [m for m in self.matchers if m.width > 1 or m.splits]
        self.piece_tokens: dict[str, list[str]] = {}
        self.unclean_pieces: set[str] = set()
        self.run_finders = [RunFinder(m) for m in self.scanning]

    def empty_counts(self) -> Counts:
        return Counts(runs=[Counter() for _ in self.matchers], run_matches=[{} for _ in self.matchers])

    def count_text(self, block: bytes | str, pieces: PieceCounts, runs: Counts) -> None:
        """Fast path for plain text without hits: the block's whitespace pieces into pieces (made
        tokens by fold, at the end), the multi-token forms of the queries into runs."""
        if not self.run_finders:
            pieces.count(block)
            return
        text, fresh = pieces.add(block)
        # a token met before came in a piece met before: new tokens come in new pieces
        tokens = {token for piece in fresh for token in self._tokens_of(piece)}
        for finder in self.run_finders:
            finder.learn(tokens)
            q = self.matchers.index(finder.matcher)
            for sequence, match in finder.find(text):
                self._record_run(runs, q, sequence, match)

    def _tokens_of(self, piece: str) -> list[str]:
        if "'" not in piece and piece.isascii():
            return [piece]  # ASCII letters and digits, the separators gone: one token as it is
        tokens = self.piece_tokens.get(piece)
        if tokens is None:
            tokens = self.piece_tokens[piece] = tokenise(piece, self.options.keep_case)
            if tokens != [piece]:
                self.unclean_pieces.add(piece)
        return tokens

    def fold(self, pieces: PieceCounts) -> Counter[str]:
        """The tokens of the pieces, with their counts (the pieces' own table, made over). Most pieces
        already are one normalised token (ASCII without an apostrophe always is); only the rest are
        re-tokenised and moved."""
        table = pieces.table
        for piece in table.keys() - self.piece_tokens.keys():
            self._tokens_of(piece)
        for piece in table.keys() & self.unclean_pieces:
            count = table.pop(piece)
            for token in self.piece_tokens[piece]:
                table[token] += count
        return table

    def _record_run(self, tally: Counts, q: int, tokens: Sequence[str], match: Match) -> str:
        form = " ".join(tokens)
        tally.runs[q][form] += 1
        tally.run_matches[q][form] = match
        return form

    def count_batch(self, batch: TokenBatch, where: str, batch_number: int, first_ordinal: int) -> Counts:
        """General path: every token in order, with hits when asked."""
        tally = self.empty_counts()
        tally.table.update(batch.tokens)
        hits = self.options.collect_hits
        for q, matcher in enumerate(self.matchers):
            if not hits and matcher not in self.scanning:
                continue
            taken: set[int] = set()
            for i, length, match in self._scan_tokens(batch.tokens, matcher, hits):
                form = self._record_run(tally, q, batch.tokens[i:i + length], match) if length > 1 \
                    else batch.tokens[i]
                if hits:
                    taken.update(range(i, i + length))
                    tally.hits.append(self._hit(batch, where, (batch_number, i), i, length, form, q, match,
                                                first_ordinal))
            if hits and self.options.near:
                for i, match in self._scan_near(batch.tokens, matcher, taken):
                    taken.add(i)
                    tally.hits.append(self._hit(batch, where, (batch_number, i), i, 1, batch.tokens[i], q, match,
                                                first_ordinal))
                for i, length, match in near_runs(batch, matcher, taken):  # a word heard as several
                    tally.hits.append(self._hit(batch, where, (batch_number, i), i, length,
                                                " ".join(batch.tokens[i:i + length]), q, match, first_ordinal))
                counted = [h for h in tally.hits if h.query == q and h.match.counted]
                alternatives = self._alternative_hits(batch, batch_number, q, matcher, counted)
                if alternatives:  # one spoken word, one candidate: an alternative replaces weaker ones
                    tally.hits = [h for h in tally.hits if h.query != q or h.match.counted or not any(
                        _overlap(a, h.source, h.start, h.end) for a in alternatives)] + alternatives
        return tally

    def _alternative_hits(self, batch: TokenBatch, batch_number: int, q: int, matcher: QueryMatcher,
                          counted: list[Hit]) -> list[Hit]:
        """Candidates only a runner-up reading holds: the query in an alternative whose span no
        counted hit of the query covers; of overlapping alternatives the likelier wins."""
        found: list[Hit] = []
        if not batch.alternatives or batch.starts is None:
            return found
        for alt in sorted(batch.alternatives, key=lambda a: -a.score):
            if any(_overlap(h, alt.source, alt.start, alt.end) for h in counted + found):
                continue
            for i, length, match in self._scan_tokens(list(alt.tokens), matcher, True):
                if match.counted:
                    found.append(Hit((batch_number, bisect_left(batch.starts, alt.start)), alt.source, alt.start,
                                     alt.end, " ".join(alt.tokens[i:i + length]), q,
                                     Match("alternative", round(100 * alt.score, 1), counted=False), True))
                    break
        return found

    @staticmethod
    def _scan_near(tokens: list[str], matcher: QueryMatcher, taken: set[int]) -> Iterator[tuple[int, Match]]:
        """(position, match) of each token that comes near the query without counting."""
        near = {t: m for t in set(tokens) if (m := matcher.near_single(t)) is not None}
        if near:
            for i in compress(range(len(tokens)), map(near.__contains__, tokens)):
                if i not in taken:
                    yield i, near[tokens[i]]

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
