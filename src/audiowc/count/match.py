"""Deciding whether a token (or a run of tokens) is a form of a query word.

Kinds, from strongest to weakest: exact, spoken-form (an abbreviation and the words it is read as:
"mr" for mister), number (digits and their words: "8" for eight, "1st" for first), inflection
(plural, possessive), family (another form of the query's headword: "walked", "went", "children"
for walk, go, child), compound (the word begins or ends a longer token), misspelling (edit similarity at or above the threshold; two neighbouring letters swapped
are one edit),
phonetic (same Metaphone key and a looser similarity), and word: a near form that is an ordinary
word of the language with a meaning of its own ("bandana" for "banana", "pineapple" for "apple"),
counted only when loose. A near form that is not counted (a word, or a form just below the
threshold) is a candidate a verifier may check against the audio: kind word or near, counted False.
A run of two or three tokens whose letters together sound like the query ("an honor", "man and a"
for "banana": the transcript heard the word as several) is such a candidate too, of kind phrase.
Scores are 0-100 similarities.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

import jellyfish
from rapidfuzz.distance import OSA

from ..errors import UsageError
from ..fields import UNCOUNTED_PREFIX
from ..text.tokenise import tokenise
from .lexicon import DEFAULT_LANGUAGE, Lexicon, inflections, lexicon
from .spoken import spoken_forms, spoken_kind

__all__ = ["KINDS", "Match", "Query", "QueryMatcher", "WordMatcher", "inflections", "parse_query"]

KINDS = ("exact", "spoken-form", "number", "inflection", "family", "compound", "misspelling", "phonetic", "word", "near", "phrase",
         "alternative")
DEFAULT_THRESHOLD = 82.0
PHONETIC_FLOOR = 60.0  # a shared sound key alone matches too much (tomato ~ teammate)
NEAR_FLOOR = 65.0  # an uncounted candidate: two letters wrong in a word of six ("banal" for "banana")
MIN_NEAR_WORD = 4  # one wrong letter of a shorter word is half the language
MIN_COMPOUND_WORD = 4  # below this, "cat" would find "category"
MIN_COMPOUND_REST = 3
MIN_PART = 2  # halves of a split word ("toma to") are at least this long
# A run of words heard for one word: its letters joined must be this like the query's, or its sound
# key (below) this like the query's. Calibrated on synthetic talks: "man and a" 71, "an honor" 83 (key),
# while "and a", "beans are" and "the monkey" stay under.
PHRASE_LETTERS = 70.0
PHRASE_SOUND = 80.0
# The sound key: vowels (and w, y) one class, h silent, voiced and unvoiced pairs and m/n alike.
SOUND_CLASSES = str.maketrans({**{c: "a" for c in "eiouwy"}, "p": "b", "v": "f", "m": "n", "d": "t",
                               "c": "k", "g": "k", "q": "k", "x": "k", "j": "k", "z": "s", "h": None})
NOT_LETTER = re.compile(r"[^a-z]")
QUIET_R = re.compile(r"(?<=a)r(?!a)")  # "honor" sounds "hona" in much of English
REPEATS = re.compile(r"(.)\1+")


@dataclass(frozen=True)
class Match:
    kind: str
    score: float
    counted: bool = True

    @property
    def label(self) -> str:
        """The kind as written in a kind column: an uncounted candidate's says so ("uncounted-word")."""
        return self.kind if self.counted else f"{UNCOUNTED_PREFIX}-{self.kind}"

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


def similarity(a: str, b: str) -> float:
    # Optimal string alignment: Levenshtein plus swaps of neighbouring letters as one edit ("tomaot").
    return 100.0 * OSA.normalized_similarity(a, b)


def sound_key(text: str) -> str:
    """A coarse key of how letters sound, for runs of words: "an honor" and "banana" differ by one
    letter ("anana", "banana"), which spelling (29) and Metaphone (ANHNR, BNN) do not see."""
    key = NOT_LETTER.sub("", text.lower()).translate(SOUND_CLASSES)
    return REPEATS.sub(r"\1", QUIET_R.sub("", key))


def _is_compound(token: str, word: str) -> bool:
    if len(word) < MIN_COMPOUND_WORD or len(token) - len(word) < MIN_COMPOUND_REST:
        return False
    return token.startswith(word) or token.endswith(word)


class WordMatcher:
    """Classifies tokens against one target word, with a cache (vocabularies repeat a lot)."""

    def __init__(self, word: str, fuzzy: bool, threshold: float, phonetic: bool, loose: bool = False,
                 language: str = DEFAULT_LANGUAGE) -> None:
        self.word = word
        self.fuzzy = fuzzy
        self.threshold = threshold
        self.phonetic = phonetic
        self.loose = loose
        self.language = language
        self.lexicon: Lexicon | None = lexicon(language) if fuzzy else None
        self.spoken = spoken_forms(word, language) if fuzzy else {}
        self.key = jellyfish.metaphone(word) if fuzzy else ""
        self.cache: dict[str, Match | None] = {}

    def __call__(self, token: str) -> Match | None:
        """How token counts as a form of the word, or None."""
        match = self.classify(token)
        return match if match is not None and match.counted else None

    def near(self, token: str) -> Match | None:
        """How token comes near the word without counting (a candidate to check), or None."""
        match = self.classify(token)
        return match if match is not None and not match.counted else None

    def classify(self, token: str) -> Match | None:
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
        assert self.lexicon is not None
        spoken = spoken_kind(token, self.word, self.language, self.spoken)
        if spoken is not None:
            return Match(spoken, similarity(token, self.word))
        if self.lexicon.inflects(token, self.word):
            return Match("inflection", similarity(token, self.word))
        if self.lexicon.in_family(token, self.word):
            return Match("family", similarity(token, self.word))
        near = {stem: m for stem in self.lexicon.stems(token) if (m := self._near_form(stem)) is not None}
        if not near:
            return None
        # a misspelt plural is judged by its singular; ties go by the stem, so runs agree
        best = min(near, key=lambda stem: (KINDS.index(near[stem].kind), -near[stem].score, stem))
        return self._judged(token, [stem for stem, m in near.items() if m.counted], near[best])

    def _near_form(self, stem: str) -> Match | None:
        score = similarity(stem, self.word)
        if _is_compound(stem, self.word):
            return Match("compound", score)
        if score >= self.threshold:
            return Match("misspelling", score)
        if score >= PHONETIC_FLOOR and jellyfish.metaphone(stem) == self.key:
            return Match("phonetic", score) if self.phonetic else Match("near", score, counted=False)
        if score >= NEAR_FLOOR and len(self.word) >= MIN_NEAR_WORD:
            return Match("near", score, counted=False)
        return None

    def _judged(self, token: str, stems: list[str], match: Match) -> Match:
        """A near form that is a word of its own ("bandana", "pineapple", "applet"), or the plural of
        one ("computes"), is another word, not this one, however rare beside the query: a candidate
        for a verifier (--near), counted only with --loose."""
        if not match.counted:
            return match
        assert self.lexicon is not None
        if any(map(self.lexicon.is_word, [token, *stems])):
            return Match("word", match.score, counted=self.loose)
        return match

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

    def __init__(self, query: Query, threshold: float = DEFAULT_THRESHOLD, phonetic: bool = False,
                 loose: bool = False, language: str = DEFAULT_LANGUAGE) -> None:
        self.query = query
        fuzzy = query.fuzzy
        rules = (fuzzy, threshold, phonetic and fuzzy, loose, language)
        self.whole = WordMatcher(query.joined, *rules)
        self.parts = [WordMatcher(w, *rules) for w in query.words]
        self.splits = fuzzy and len(query.words) == 1
        self.starters: dict[str, bool] = {}
        self.sound = sound_key(query.joined)
        self.runs_seen: dict[str, Match | None] = {}

    def near_run(self, tokens: Sequence[str]) -> Match | None:
        """A run of tokens whose letters joined come near a fuzzy query ("man and a" for banana): a
        candidate to check, never counted. Cached: runs of common words repeat."""
        if not self.query.fuzzy or self.width > 1:
            return None
        joined = "".join(tokens)
        try:
            return self.runs_seen[joined]
        except KeyError:
            pass
        word = self.query.joined
        letters = similarity(joined, word)
        sound = 100.0 * OSA.normalized_similarity(sound_key(joined), self.sound)
        same_key = jellyfish.metaphone(joined) == self.whole.key
        found = letters >= PHRASE_LETTERS or sound >= PHRASE_SOUND or same_key
        result = self.runs_seen[joined] = Match("phrase", max(letters, sound), counted=False) if found else None
        return result

    @property
    def width(self) -> int:
        return len(self.query.words)

    def single(self, token: str) -> Match | None:
        """A token that is by itself a form of the whole query ("machinelearning" for a fuzzy phrase)."""
        if self.width > 1 and not self.query.fuzzy:
            return None
        return self.whole(token)

    def near_single(self, token: str) -> Match | None:
        """A token that comes near the whole query but does not count (a candidate to check)."""
        return self.whole.near(token) if self.query.fuzzy else None

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
