"""Runs of two or three words that a transcript may have heard for one word of a query.

"A banana" is sometimes heard as "an honor", "the man on her" or "man and a": no single token comes
near the query, so the near-miss would never reach a verifier. With --near, wc-words also lists such
runs as uncounted candidates (kind phrase). They never change a count, never reuse a token that is
already a hit or a listed near-miss, and never overlap one another: where runs overlap, the one most
like the query is kept.
"""

from __future__ import annotations

from typing import Iterator, Sequence

from ..tokens.batches import TokenBatch
from .match import Match, QueryMatcher

RUN_LENGTHS = (2, 3)
# A run of the commonest words only ("for the", "is a", "to be": Zipf 6 or more, once in a thousand
# words) is how people talk, not a word heard as several; on real speech such runs were most of the
# candidates (for "fourteen", "easier", "type") and the verifier rejected them all, at a decode each.
FUNCTION_WORD_ZIPF = 6.0
MAX_GAP = 0.5  # seconds of silence between the words of one run: more is two utterances


def _joinable(batch: TokenBatch, i: int, length: int) -> bool:
    """Whether tokens i..i+length-1 are one source's words in time order, each close to the next."""
    if i + length > len(batch.tokens):
        return False
    if not batch.timed:
        return True
    assert batch.starts is not None and batch.ends is not None and batch.sources is not None
    starts, ends, sources = batch.starts, batch.ends, batch.sources
    return all(sources[k + 1] == sources[k] and starts[k] <= starts[k + 1] and ends[k] <= ends[k + 1]
               and starts[k + 1] - ends[k] <= MAX_GAP for k in range(i, i + length - 1))


def _common_words_only(tokens: Sequence[str], matcher: QueryMatcher) -> bool:
    lexicon = matcher.whole.lexicon
    return lexicon is not None and all(lexicon.zipf(t) >= FUNCTION_WORD_ZIPF for t in tokens)


def near_runs(batch: TokenBatch, matcher: QueryMatcher, taken: set[int]) -> Iterator[tuple[int, int, Match]]:
    """(position, length, match) of each run that comes near the query, in token order; runs touch
    no taken position and do not overlap (the most similar run wins, then the earlier, the shorter)."""
    if not (matcher.query.fuzzy and matcher.width == 1):
        return iter(())
    tokens: Sequence[str] = batch.tokens
    found: list[tuple[int, int, Match]] = []
    for i in range(len(tokens)):
        if i in taken:
            continue
        for length in RUN_LENGTHS:
            span = range(i, i + length)
            if any(k in taken for k in span) or not _joinable(batch, i, length):
                continue
            match = matcher.near_run(tokens[i:i + length])
            if match is not None and not _common_words_only(tokens[i:i + length], matcher):
                found.append((i, length, match))
    chosen: list[tuple[int, int, Match]] = []
    used: set[int] = set()
    for i, length, match in sorted(found, key=lambda f: (-f[2].score, f[0], f[1])):
        if used.isdisjoint(range(i, i + length)):
            used.update(range(i, i + length))
            chosen.append((i, length, match))
    return iter(sorted(chosen, key=lambda f: f[0]))
