"""Deciding whether a token (or a run of tokens) is a form of a query word.

Kinds, from strongest to weakest: exact, inflection (plural, possessive), compound (the word
begins or ends a longer token), edit (Levenshtein similarity at or above the threshold) and
phonetic (same Metaphone key and a looser similarity). Scores are 0-100 similarities.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import jellyfish
from rapidfuzz.distance import Levenshtein

from .errors import UsageError
from .text import tokenise

KINDS = ("exact", "inflection", "compound", "edit", "phonetic")
DEFAULT_THRESHOLD = 82.0
PHONETIC_FLOOR = 60.0  # a shared sound key alone matches too much (tomato ~ teammate)
MIN_COMPOUND_WORD = 4  # below this, "cat" would find "category"
MIN_COMPOUND_REST = 3
MIN_PART = 2  # halves of a split word ("toma to") are at least this long


@dataclass(frozen=True)
class Match:
    kind: str
    score: float

    def weaker(self, other: "Match") -> "Match":
        """The weaker of two matches: the one whose kind comes later, then the lower score."""
        return max(self, other, key=lambda m: (KINDS.index(m.kind), -m.score))


@dataclass(frozen=True)
class Query:
    """A query as typed, and its normalised words."""

    text: str
    words: tuple[str, ...]
    fuzzy: bool

    @property
    def joined(self) -> str:
        return "".join(self.words)


def parse_query(text: str, fuzzy: bool, keep_case: bool = False) -> Query:
    words = tuple(tokenise(text, keep_case))
    if not words:
        raise UsageError(f"query {text!r} has no word in it")
    return Query(text, words, fuzzy)


def inflections(word: str) -> set[str]:
    """English plural and possessive forms of a word."""
    forms = {word + "s", word + "es", word + "'s", word + "s'", word + "es'"}
    if word.endswith("s"):
        forms.add(word + "'")
    if len(word) > 2 and word.endswith("y") and word[-2] not in "aeiou":
        forms.update({word[:-1] + "ies", word[:-1] + "ies'"})
    return forms


def similarity(a: str, b: str) -> float:
    return 100.0 * Levenshtein.normalized_similarity(a, b)


def _is_compound(token: str, word: str) -> bool:
    if len(word) < MIN_COMPOUND_WORD or len(token) - len(word) < MIN_COMPOUND_REST:
        return False
    return token.startswith(word) or token.endswith(word)


class WordMatcher:
    """Classifies tokens against one target word, with a cache (vocabularies repeat a lot)."""

    def __init__(self, word: str, fuzzy: bool, threshold: float, phonetic: bool) -> None:
        self.word = word
        self.fuzzy = fuzzy
        self.threshold = threshold
        self.phonetic = phonetic
        self.forms = inflections(word)
        self.key = jellyfish.metaphone(word) if phonetic else ""
        self.cache: dict[str, Match | None] = {}

    def __call__(self, token: str) -> Match | None:
        try:
            return self.cache[token]
        except KeyError:
            result = self.cache[token] = self._classify(token)
            return result

    def _classify(self, token: str) -> Match | None:
        if token == self.word:
            return Match("exact", 100.0)
        if not self.fuzzy:
            return None
        score = similarity(token, self.word)
        if token in self.forms:
            return Match("inflection", score)
        if _is_compound(token, self.word):
            return Match("compound", score)
        if score >= self.threshold:
            return Match("edit", score)
        if self.phonetic and score >= PHONETIC_FLOOR and jellyfish.metaphone(token) == self.key:
            return Match("phonetic", score)
        return None

    def could_start(self, token: str) -> bool:
        """Whether token may be the first half of a split form of the word."""
        size = len(token)
        return (MIN_PART <= size < len(self.word) and token[0] == self.word[0]
                and similarity(token, self.word[:size]) >= 50.0)

    def could_end(self, token: str) -> bool:
        """Whether token may be the second half of a split form of the word."""
        size = len(token)
        return MIN_PART <= size < len(self.word) and similarity(token, self.word[-size:]) >= 50.0


class QueryMatcher:
    """Matches one query: a single token, a split word (two tokens) or a phrase (n tokens)."""

    def __init__(self, query: Query, threshold: float = DEFAULT_THRESHOLD, phonetic: bool = False) -> None:
        self.query = query
        fuzzy = query.fuzzy
        self.whole = WordMatcher(query.joined, fuzzy, threshold, phonetic and fuzzy)
        self.parts = [WordMatcher(w, fuzzy, threshold, phonetic and fuzzy) for w in query.words]
        self.splits = fuzzy and len(query.words) == 1
        self.starters: dict[str, bool] = {}

    @property
    def width(self) -> int:
        return len(self.query.words)

    def single(self, token: str) -> Match | None:
        """A token that is by itself a form of the whole query ("machinelearning" for a fuzzy phrase)."""
        if self.width > 1 and not self.query.fuzzy:
            return None
        return self.whole(token)

    def starts_run(self, token: str) -> bool:
        """Whether a multi-token form may begin at this token (cheap filter for scanning)."""
        try:
            return self.starters[token]
        except KeyError:
            if self.width > 1:
                found = self.parts[0](token) is not None
            else:  # the cheap test first: most tokens fail it
                found = self.splits and self.whole.could_start(token) and self.whole(token) is None
            self.starters[token] = found
            return found

    @property
    def run_width(self) -> int:
        """Tokens in a multi-token form: the phrase's words, or the two halves of a split word."""
        return self.width if self.width > 1 else 2

    def fits(self, position: int, token: str) -> bool:
        """Whether token may stand at this position of a multi-token form."""
        if position == 0:
            return self.starts_run(token)
        if position == self.run_width - 1:
            return self.could_finish(token)
        return self.parts[position](token) is not None

    def could_finish(self, token: str) -> bool:
        """Whether a split form may end at this token (phrases end wherever their words do)."""
        if self.width > 1:
            return self.parts[-1](token) is not None
        return self.splits and self.whole.could_end(token) and self.whole(token) is None

    def run_at(self, tokens: Sequence[str], i: int) -> tuple[int, Match] | None:
        """A multi-token form starting at i: (its length, the match), or None."""
        if self.width > 1:
            return self._phrase_at(tokens, i)
        if self.splits and i + 1 < len(tokens):
            second = tokens[i + 1]
            if self.could_finish(second):
                joined = self.whole(tokens[i] + second)
                if joined is not None:
                    return 2, joined
        return None

    def _phrase_at(self, tokens: Sequence[str], i: int) -> tuple[int, Match] | None:
        if i + self.width > len(tokens):
            return None
        result = Match("exact", 100.0)
        for offset, part in enumerate(self.parts):
            match = part(tokens[i + offset])
            if match is None:
                return None
            result = result.weaker(match)
        return self.width, result
