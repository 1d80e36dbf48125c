"""Other readings from beam search: where the decoder's runner-up hypotheses heard something else.

A beam search keeps several hypotheses to the end; faster-whisper uses the best and drops the rest.
The model is wrapped so that each beam-search call returns all of them (CTranslate2's public
`num_hypotheses`; the best is unchanged), and the ones after the best are aligned word by word with
the best reading. Where they differ, the span of the best reading and what the other hypothesis
heard there become an alternative, scored by its hypotheses' share of the n-best probability. A word
heard as "an honor" in the best reading is often "a banana" in the second: the count can list it
as a candidate instead of losing it. Greedy decoding (beam 1) has no runner-up and gives none.
"""

from __future__ import annotations

import difflib
import math
import threading
from typing import Any, Callable, Sequence

from ...records import Alternative
from ...text.tokenise import tokenise

MAX_WORDS = 6  # an alternative longer than this is a different sentence, not another hearing of a word
MIN_SCORE = 0.02  # alternatives less likely than this are noise


class HypothesisRecorder:
    """Stands in for the CTranslate2 Whisper model: beam-search calls ask for `keep` hypotheses and
    each thread's results are kept until `take` is called; everything else passes through."""

    def __init__(self, model: Any, keep: int) -> None:
        self._model = model
        self._keep = keep
        self._local = threading.local()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._model, name)

    def generate(self, *args: Any, **kwargs: Any) -> Any:
        beam = int(kwargs.get("beam_size", 1) or 1)
        if beam > 1 and "num_hypotheses" not in kwargs:
            kwargs["num_hypotheses"] = min(beam, self._keep)
        results = self._model.generate(*args, **kwargs)
        if beam > 1:
            self._calls().extend(results)
        return results

    def take(self) -> list[Any]:
        """This thread's beam-search results since the last take, in call order."""
        calls = self._calls()
        taken = list(calls)
        calls.clear()
        return taken

    def _calls(self) -> list[Any]:
        if not hasattr(self._local, "calls"):
            self._local.calls = []
        return self._local.calls


def posteriors(result: Any, length_penalty: float = 1.0) -> list[float]:
    """Each hypothesis's share of the n-best probability, from CTranslate2's length-normalised scores."""
    totals = [score * max(1, len(ids)) ** length_penalty for score, ids in zip(result.scores, result.sequences_ids)]
    top = max(totals)
    weights = [math.exp(t - top) for t in totals]
    return [w / sum(weights) for w in weights]


def _norm(word: str) -> str:
    return " ".join(tokenise(word))


def _spans(best: Sequence[str], other: Sequence[str]) -> list[tuple[int, int, int, int]]:
    """(i1, i2, j1, j2) where `other` differs from `best`; an insertion takes in the best word before
    it (or after, at the start), so every span covers at least one word of the best reading."""
    spans = []
    matcher = difflib.SequenceMatcher(a=[_norm(w) for w in best], b=[_norm(w) for w in other], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal" or j1 == j2:  # the runner-up only drops words: nothing new heard
            continue
        if i1 == i2:
            if i1 > 0:
                i1, j1 = i1 - 1, j1 - 1
            elif i2 < len(best):
                i2, j2 = i2 + 1, j2 + 1
            else:
                continue
        spans.append((i1, i2, j1, j2))
    return spans


def alternatives(words: Sequence[Any], hypotheses: Sequence[str], shares: Sequence[float]) -> list[Alternative]:
    """The alternatives to a best reading whose timed words are `words` (with .word, .start, .end),
    from the runner-up texts `hypotheses` and their shares. The same text over the same span from
    several hypotheses is one alternative with their shares added."""
    best = [w.word for w in words]
    found: dict[tuple[int, int, str], float] = {}
    for text, share in zip(hypotheses, shares):
        other = text.split()
        for i1, i2, j1, j2 in _spans(best, other):
            heard = " ".join(other[j1:j2])
            if len(other[j1:j2]) <= MAX_WORDS and _norm(heard):
                key = (i1, i2, _norm(heard))
                found[key] = found.get(key, 0.0) + share
    return [Alternative(words[i1].start, words[i2 - 1].end, text, " ".join(_norm(w) for w in best[i1:i2]),
                        round(score, 3))
            for (i1, i2, text), score in sorted(found.items()) if score >= MIN_SCORE]


def window_alternatives(words: Sequence[Any], result: Any, decode: Callable[[list[int]], str]) -> list[Alternative]:
    """The alternatives of one decoded window, from its beam-search result."""
    if len(result.sequences_ids) < 2 or not words:
        return []
    shares = posteriors(result)
    texts = [decode(ids) for ids in result.sequences_ids[1:]]
    return alternatives(words, texts, shares[1:])


def match_results(window_texts: Sequence[str], results: Sequence[Any], decode: Callable[[list[int]], str]
                  ) -> list[Any | None]:
    """The beam-search result each window came from, in order: a window's text is its best hypothesis
    (calls for windows that gave no segment are skipped)."""
    matched: list[Any | None] = []
    at = 0
    for text in window_texts:
        wanted = _norm(text)
        for k in range(at, len(results)):
            if _norm(decode(results[k].sequences_ids[0])) == wanted:
                matched.append(results[k])
                at = k + 1
                break
        else:
            matched.append(None)
    return matched
