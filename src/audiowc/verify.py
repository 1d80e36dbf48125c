"""A verdict from the audio: does the sound around a hit support the query word, or what was heard?

The window around the hit is decoded afresh (beam search, five readings). The reading's words
nearest the hit's form (by spelling, then by where the hit sits in the window) are the slot. The
best reading is then scored, token by token, by the same model with the slot holding the query
word and with each rival the decoding offered (and the form the transcript had, if that is
another word). The score is the query's share of the probability: high when the sound supports
the query, low when a rival fits better.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np
from rapidfuzz import fuzz

from .audio import TARGET_RATE
from .match import inflections
from .text import tokenise

WINDOW_SECONDS = 10.0  # the encoder's input: a third of Whisper's 30 s costs a quarter (and read better here)
CONFIRMED = 0.6  # the query's share at or above which a hit is confirmed
REJECTED = 0.4  # and at or below which it is rejected; between the two it is unsure
MIN_SLOT_SIMILARITY = 40.0  # a span less like the form than this is no slot
READINGS = 5
MAX_TOKENS = 96


@dataclass(frozen=True)
class Verdict:
    verdict: str  # confirmed, rejected or unsure
    score: float  # the query reading's share of the probability, 0 to 1
    heard: str  # what the window's best reading had in the slot ('' if nothing like the form)


def verdict_for(score: float) -> str:
    return "confirmed" if score >= CONFIRMED else "rejected" if score <= REJECTED else "unsure"


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


def share(query_logprob: float, rival_logprobs: Sequence[float]) -> float:
    """The query reading's share of the probability among itself and its rivals."""
    return 1.0 / (1.0 + sum(math.exp(min(50.0, r - query_logprob)) for r in rival_logprobs))


class Verifier:
    """Holds the Whisper model (CTranslate2) and judges one window at a time."""

    def __init__(self, model: str | None = None, device: str = "auto", threads: int = 0) -> None:
        import ctranslate2
        import tokenizers
        from faster_whisper.feature_extractor import FeatureExtractor
        from faster_whisper.tokenizer import Tokenizer

        from .engines.models import choose_device, resolve_model

        where, name = resolve_model(model)
        device = choose_device(device)
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
        self.model: Any = ctranslate2.models.Whisper(where, device=device, intra_threads=threads or cores,
                                                     compute_type="int8" if device == "cpu" else "float16")
        self.hf = tokenizers.Tokenizer.from_file(os.path.join(where, "tokenizer.json"))
        multilingual = self.model.is_multilingual
        self.tokenizer = Tokenizer(self.hf, multilingual, task="transcribe", language="en" if multilingual else None)
        self.features = FeatureExtractor(feature_size=self.model.n_mels)
        self.start = list(self.tokenizer.sot_sequence) + [self.tokenizer.no_timestamps]
        self.storage = ctranslate2.StorageView

    def _encode(self, samples: np.ndarray) -> np.ndarray:
        size = int(WINDOW_SECONDS * TARGET_RATE)
        padded = np.zeros(size, np.float32)
        padded[: min(size, len(samples))] = samples[:size]
        mel = self.features(padded)[:, : int(WINDOW_SECONDS * 100)]
        encoded = self.model.encode(self.storage.from_array(np.ascontiguousarray(mel[None])), to_cpu=True)
        return np.array(encoded)

    def _readings(self, encoded: np.ndarray) -> list[str]:
        result = self.model.generate(self.storage.from_array(encoded), [self.start], beam_size=READINGS,
                                     num_hypotheses=READINGS, max_length=MAX_TOKENS, length_penalty=0.0)[0]
        return [self.hf.decode([t for t in ids if t < self.tokenizer.eot]).strip() for ids in result.sequences_ids]

    def _logprobs(self, encoded: np.ndarray, texts: list[str], frames: int) -> list[float]:
        tokens = [self.tokenizer.encode(" " + t) for t in texts]
        batch = self.storage.from_array(np.ascontiguousarray(np.repeat(encoded, len(texts), axis=0)))
        results = self.model.align(batch, self.start, tokens, [frames] * len(texts))
        return [float(np.sum(np.log(np.maximum(r.text_token_probs, 1e-12)))) for r in results]

    def judge(self, samples: np.ndarray, form: str, query: str, where: float) -> Verdict:
        """The verdict on one hit from its window's 16 kHz samples; `where` is the hit's place in
        the window (0 to 1)."""
        if len(samples) < TARGET_RATE // 10:
            return Verdict("unsure", 0.5, "")
        encoded = self._encode(samples)
        readings = list(dict.fromkeys(r for r in self._readings(encoded) if r))
        if not readings:
            return Verdict("unsure", 0.5, "")
        wanted = query_reading(form, query)
        words = readings[0].split()
        slot = find_slot(words, sorted({wanted, norm(form)}), where) or nearest_word(words, where)
        texts = readings + substitutions(words, slot, wanted)
        if not accepted(form, query):
            texts += substitutions(words, slot, form)[:1]  # the transcript's own word, a rival
        texts = list(dict.fromkeys(texts))
        frames = min(int(len(samples) / TARGET_RATE * 100), int(WINDOW_SECONDS * 100))
        logprobs = self._logprobs(encoded, texts, frames)
        support = [lp for t, lp in zip(texts, logprobs) if supports(t, query)]
        rivals = [lp for t, lp in zip(texts, logprobs) if not supports(t, query)]
        score = share(max(support), [max(rivals)] if rivals else [])
        return Verdict(verdict_for(score), score, norm(" ".join(words[slot[0]:slot[1]])))


def nearest_word(words: list[str], where: float) -> tuple[int, int]:
    """The slot by place alone, when no word of the reading looks like the form."""
    i = min(len(words) - 1, max(0, int(where * len(words))))
    return i, i + 1


def substitutions(words: list[str], slot: tuple[int, int], replacement: str) -> list[str]:
    """The reading with the slot, or the slot widened by a word either side, replaced: the
    decoder's slot may hold a word too few or too many ("an honor" for "a banana")."""
    first, last = slot
    spans = [(first, last)] + [(i, j) for i in (first - 1, first) for j in (last, last + 1)
                               if (i, j) != (first, last) and 0 <= i < j <= len(words)]
    return [" ".join(words[:i] + [replacement] + words[j:]) for i, j in spans]


def supports(text: str, query: str) -> bool:
    """Whether a reading holds the query word or an accepted form of it."""
    tokens, target = tokenise(text), tokenise(query)
    width = len(target)
    return any(accepted(" ".join(tokens[i:i + width]), query) for i in range(len(tokens) - width + 1))
