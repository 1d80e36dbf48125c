"""The texts a verdict compares: the query in the hit's place, and its rivals.

With the transcript's words around the hit, every text keeps those words and only the slot
differs; without them, the best reading's words frame the slot and the other readings compete
whole (see verify.py).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

import numpy as np
from rapidfuzz import fuzz

from ..count.match import inflections
from ..text.tokenise import tokenise
from .hitcontext import Context

MIN_SLOT_SIMILARITY = 40.0  # a span less like the form than this is no slot
LIKE = 55.0  # a reading's slot this like the query (bandana, band on) is a rival in context
NEIGHBOURS = 8  # common look-alike words scored as rivals in every window
COMMON_WORDS = 60000  # the most frequent words of the list that rivals are taken from
SLOT = "\0"  # the hit's place among the transcript's words


def norm(text: str) -> str:
    return " ".join(tokenise(text))


def query_reading(form: str, query: str) -> str:
    """The words that stand for the query: the form itself when it is the query or an inflection of
    it (`bananas`), else the query."""
    form_n, query_n = norm(form), norm(query)
    return form_n if form_n == query_n or form_n in inflections(query_n) else query_n


def accepted(text: str, query: str) -> bool:
    text_n, query_n = norm(text), norm(query)
    return text_n == query_n or text_n in inflections(query_n)


def find_slot(words: Sequence[str], targets: Sequence[str], where: float) -> tuple[int, int] | None:
    """The span [i, j) of words most like one of the targets; ties go to the span nearest `where`
    (the hit's place in the window, 0 to 1)."""
    best: tuple[float, float, int, int] | None = None
    longest = max(len(t.split()) for t in targets) + 1
    for i in range(len(words)):
        for j in range(i + 1, min(len(words), i + longest) + 1):
            span = norm(" ".join(words[i:j]))
            if not span:
                continue
            likeness = max(fuzz.ratio(span, t) for t in targets)
            nearness = -abs((i + j) / 2 / len(words) - where)
            if likeness >= MIN_SLOT_SIMILARITY and (best is None or (likeness, nearness) > best[:2]):
                best = (likeness, nearness, i, j)
    return (best[2], best[3]) if best else None


@dataclass
class Window:
    """One hit to judge: its window's 16 kHz samples, the hit's place in it (0 to 1), and the
    transcript's words around it when known."""

    samples: np.ndarray
    form: str
    query: str
    where: float
    context: Context | None = None


def rival_texts(window: Window, readings: list[str]) -> tuple[list[tuple[str, bool]], str]:
    """The texts to score for one window, each with whether its slot holds the query, and what the
    best reading had in the slot. With the transcript's words around the hit, every text has those
    words around the slot, so only the slot differs: it holds the query reading, the transcript's
    form, common look-alike words, and what each reading had there. Without them, the best
    reading's words frame the slot and the other readings compete whole."""
    if not readings:
        return [], ""
    query = window.query
    fillers = [query_reading(window.form, query), norm(window.form), *near_words(norm(query))[:NEIGHBOURS]]
    context = window.context
    if context is not None and (context.before or context.after):
        before, after = [norm(w) for w in context.before], [norm(w) for w in context.after]
        fitted = [heard_in_context(before, after, norm(reading).split()) for reading in readings]
        targets = sorted(set(fillers))  # the look-alike words too: a reading may have heard "nana"
        for reading in readings:  # what each reading had where the form was, in the transcript's words
            other = reading.split()
            found = find_slot(other, targets, window.where)
            fillers += [" ".join(other[found[0]:found[1]])] if found else []
        texts = [(" ".join(before + [norm(f)] + after), f) for f in fillers]
        # A reading fitted whole is a rival only when what it heard there looks like the query: a
        # short window often mishears the word itself ("burger"), and that must not outvote it.
        texts += [(text, slot) for text, slot in fitted if fuzz.ratio(slot.replace(" ", ""), norm(query)) >= LIKE]
        heard = fitted[0][1]
    else:  # the best reading's words around its slot; the other readings whole as rivals
        words = readings[0].split()
        slot = find_slot(words, sorted(set(fillers[:2])), window.where) or nearest_word(words, window.where)
        texts = [(reading, reading) for reading in readings]
        texts += [(" ".join(words[:slot[0]] + [f] + words[slot[1]:]), f) for f in fillers[1:]]
        texts += [(text, fillers[0]) for text in substitutions(words, slot, fillers[0])]
        heard = norm(" ".join(words[slot[0]:slot[1]]))
    scored = {text: supports(slot, query) for text, slot in texts if text}
    return list(scored.items()), heard


@lru_cache(maxsize=64)
def near_words(query: str) -> tuple[str, ...]:
    """Common words spelt like the query (bandana, nana, banal for banana): rivals every window is
    scored against, so a decoy is rejected even when no reading of a short window heard it."""
    from rapidfuzz import process

    from ..count.lexicon import lexicon

    common = [w for w in lexicon("en").words()[:COMMON_WORDS] if w.isalpha()]
    found = process.extract(query, common, scorer=fuzz.ratio, limit=NEIGHBOURS * 2, score_cutoff=60)
    return tuple(w for w, _, _ in found if w != query and not accepted(w, query))[:NEIGHBOURS]


def heard_in_context(before: list[str], after: list[str], words: list[str]) -> tuple[str, str]:
    """A reading fitted into the transcript's words: the words around the slot stay the
    transcript's, the slot (with any neighbours the reading heard otherwise) is the reading's.
    Returns that text and the reading's words in the slot ('' when it heard nothing there)."""
    ref = before + [SLOT] + after
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=ref, b=words, autojunk=False).get_opcodes():
        if i1 <= len(before) < i2:
            mine = words[j1:j2] if tag == "replace" else []
            return " ".join(ref[:i1] + mine + ref[i2:]), " ".join(mine)
    return "", ""


def nearest_word(words: list[str], where: float) -> tuple[int, int]:
    """The slot by place alone, when no word of the reading looks like the form."""
    i = min(len(words) - 1, max(0, int(where * len(words))))
    return i, i + 1


def substitutions(words: list[str], slot: tuple[int, int], replacement: str) -> list[str]:
    """The reading with the slot, or the slot widened by a word either side, replaced: the
    decoder's slot may hold a word too few or too many ("an honor" for "a banana")."""
    return [" ".join(words[:i] + [replacement] + words[j:]) for i, j in spans(words, slot)]


def spans(words: list[str], slot: tuple[int, int]) -> list[tuple[int, int]]:
    """The slot, and the slot widened by a word either side."""
    first, last = slot
    return [(first, last)] + [(i, j) for i in (first - 1, first) for j in (last, last + 1)
                              if (i, j) != (first, last) and 0 <= i < j <= len(words)]


def supports(text: str, query: str) -> bool:
    """Whether a reading holds the query word or an accepted form of it."""
    tokens, target = tokenise(text), tokenise(query)
    width = len(target)
    return any(accepted(" ".join(tokens[i:i + width]), query) for i in range(len(tokens) - width + 1))
