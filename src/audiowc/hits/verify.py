"""A verdict from the audio: does the sound around a hit support the query word, or what was heard?

The window around the hit is decoded afresh (beam search, five readings), and texts are then scored
token by token by the same model on that window: the query in the hit's place against rivals.
Given the transcript's words around the hit (au-verify --transcript), every text keeps those words
and only the hit's place differs, holding the query, the transcript's form, common words spelt
like the query (bandana, nana) and what each reading heard there that looks like the query. A short
window misreads often ("a banana" as "a man", "burger"); in the transcript's words the comparison
is of the word alone, which the sound decides far better. Without the transcript, the best
reading's words frame the slot and the other readings compete whole. The score is the query's
share of the probability: high when the sound supports the query, low when a rival fits better.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np

from ..records import SAMPLE_RATE
from .hitcontext import Context
from .rivals import Window, norm, query_reading, rival_texts

WINDOW_SECONDS = 10.0  # the encoder's input: a third of Whisper's 30 s costs a quarter (and read better here)
CONFIRMED = 0.6  # the query's share at or above which a hit is confirmed
REJECTED = 0.4  # and at or below which it is rejected; between the two it is unsure
READINGS = 5
MAX_TOKENS = 96
# The query's share against the transcript's own form alone below which a hit is rejected without
# decoding its window: on real speech most candidates are ordinary words the transcript heard
# rightly, and the full judgement (five readings, a score for each rival) costs four times as much.
# A run of words ("them an honor") rarely has the slot's edges where the word was said, so the
# plain swap scores far lower for it, and only a far lower share rejects it.
QUICK_REJECT = {"word": 0.02, "run": 1e-5}
# Windows a call: batching pays on a GPU; on two CPU cores one at a time measured faster.
BATCH = {"cuda": 8, "cpu": 1}


@dataclass(frozen=True)
class Verdict:
    verdict: str  # confirmed, rejected or unsure
    score: float  # the query reading's share of the probability, 0 to 1
    heard: str  # what the window's best reading had in the slot ('' if nothing like the form)


def verdict_for(score: float) -> str:
    return "confirmed" if score >= CONFIRMED else "rejected" if score <= REJECTED else "unsure"


def share(query_logprob: float, rival_logprobs: Sequence[float]) -> float:
    """The query reading's share of the probability among itself and its rivals."""
    return 1.0 / (1.0 + sum(math.exp(min(50.0, r - query_logprob)) for r in rival_logprobs))


class Verifier:
    """Holds the Whisper model (CTranslate2) and judges windows, several to an encoder call."""

    def __init__(self, model: str | None = None, device: str = "auto", threads: int = 0,
                 prompted: bool = True) -> None:
        import ctranslate2
        from faster_whisper.feature_extractor import FeatureExtractor
        from faster_whisper.tokenizer import Tokenizer

        from ..transcribe.engines.models import (choose_device, compute_type_for, load_whisper, resolve_source,
                                                 usable_cores)

        # au-stt's loader: the same models (the packaged base too) and the same one-line load errors
        source = resolve_source(model)
        device = choose_device(device)
        whisper = load_whisper(source, device, compute_type_for(device), threads or usable_cores())
        self.model: Any = whisper.model  # CTranslate2's Whisper: encode, generate and align are used directly
        self.hf = whisper.hf_tokenizer
        multilingual = self.model.is_multilingual
        self.tokenizer = Tokenizer(self.hf, multilingual, task="transcribe", language="en" if multilingual else None)
        self.features = FeatureExtractor(feature_size=self.model.n_mels)
        self.start = list(self.tokenizer.sot_sequence) + [self.tokenizer.no_timestamps]
        self.storage = ctranslate2.StorageView
        self.batch = BATCH.get(device, 1)  # hits judged together
        self.prompted = prompted

    def _encode(self, windows: Sequence[Window]) -> np.ndarray:
        size = int(WINDOW_SECONDS * SAMPLE_RATE)
        mels = []
        for window in windows:
            padded = np.zeros(size, np.float32)
            padded[: min(size, len(window.samples))] = window.samples[:size]
            mels.append(self.features(padded)[:, : int(WINDOW_SECONDS * 100)])
        encoded = self.model.encode(self.storage.from_array(np.ascontiguousarray(np.stack(mels))), to_cpu=True)
        return np.array(encoded)

    def _start(self, window: Window) -> list[int]:
        """The decoder's start: the query as the text before the window (Whisper's prompt), so the
        model listens for it as it would after hearing the word earlier in a long recording, where
        tiny models hear a repeated word far better than in a window alone."""
        if not self.prompted:
            return self.start
        return [self.tokenizer.sot_prev, *self.tokenizer.encode(" " + norm(window.query))] + self.start

    def _readings(self, encoded: np.ndarray, windows: Sequence[Window]) -> list[list[str]]:
        results = self.model.generate(self.storage.from_array(np.ascontiguousarray(encoded)),
                                      [self._start(w) for w in windows], beam_size=READINGS,
                                      num_hypotheses=READINGS, max_length=MAX_TOKENS, length_penalty=0.0)
        eot = self.tokenizer.eot
        return [list(dict.fromkeys(text for ids in result.sequences_ids
                                   if (text := self.hf.decode([t for t in ids if t < eot]).strip())))
                for result in results]

    def _logprobs(self, encoded: np.ndarray, texts: list[list[str]], frames: list[int],
                  windows: Sequence[Window]) -> list[list[float]]:
        """Each window's texts scored token by token on its own audio and start, a call a window
        (align takes one start sequence a call)."""
        out: list[list[float]] = []
        for i, group in enumerate(texts):
            if not group:
                out.append([])
                continue
            tokens = [self.tokenizer.encode(" " + t) for t in group]
            batch = self.storage.from_array(np.ascontiguousarray(np.repeat(encoded[i: i + 1], len(group), axis=0)))
            results = self.model.align(batch, self._start(windows[i]), tokens, [frames[i]] * len(group))
            out.append([float(np.sum(np.log(np.maximum(r.text_token_probs, 1e-12)))) for r in results])
        return out

    def judge_all(self, windows: Sequence[Window]) -> list[Verdict]:
        """The verdicts on several hits, their windows decoded and scored together. A window where the
        query in the slot is far less likely than the transcript's own form is rejected at once; the
        rest are decoded (five readings) and scored against every rival."""
        live = [i for i, w in enumerate(windows) if len(w.samples) >= SAMPLE_RATE // 10]
        verdicts = [Verdict("unsure", 0.5, "") for _ in windows]
        if not live:
            return verdicts
        batch = [windows[i] for i in live]
        encoded = self._encode(batch)
        frames = [min(int(len(w.samples) / SAMPLE_RATE * 100), int(WINDOW_SECONDS * 100)) for w in batch]
        quick = self._quick_shares(encoded, batch, frames)
        floors = [QUICK_REJECT["run" if " " in norm(w.form) else "word"] for w in batch]
        for k, found in enumerate(quick):
            if found is not None and found < floors[k]:
                verdicts[live[k]] = Verdict("rejected", found, norm(batch[k].form))
        full = [k for k, found in enumerate(quick) if found is None or found >= floors[k]]
        if not full:
            return verdicts
        kept = [batch[k] for k in full]
        readings = self._readings(encoded[full], kept)
        plans = [rival_texts(w, r) for w, r in zip(kept, readings)]
        scored = self._logprobs(encoded[full], [[text for text, _ in p[0]] for p in plans], [frames[k] for k in full],
                                kept)
        for k, (texts, heard), logprobs in zip(full, plans, scored):
            support = [lp for (_, query), lp in zip(texts, logprobs) if query]
            rivals = [lp for (_, query), lp in zip(texts, logprobs) if not query]
            if support:
                score = share(max(support), [max(rivals)] if rivals else [])
                verdicts[live[k]] = Verdict(verdict_for(score), score, heard)
        return verdicts

    def _quick_shares(self, encoded: np.ndarray, windows: Sequence[Window], frames: list[int]) -> list[float | None]:
        """For each window with the transcript's words around it, the query's share against the
        transcript's own form alone (None where there is no such pair to compare)."""
        pairs: list[list[str]] = []
        for window in windows:
            context, mine, heard = window.context, query_reading(window.form, window.query), norm(window.form)
            if context is None or not (context.before or context.after) or mine == heard or not heard:
                pairs.append([])
                continue
            before, after = [norm(w) for w in context.before], [norm(w) for w in context.after]
            pairs.append([" ".join(before + [mine] + after), " ".join(before + [heard] + after)])
        scored = self._logprobs(encoded, pairs, frames, windows)
        return [share(lp[0], [lp[1]]) if len(lp) == 2 else None for lp in scored]

    def judge(self, samples: np.ndarray, form: str, query: str, where: float,
              context: Context | None = None) -> Verdict:
        """The verdict on one hit from its window's 16 kHz samples."""
        return self.judge_all([Window(samples, form, query, where, context)])[0]
