"""Mozilla DeepSpeech 0.9.3 through its documented Python API (optional; Python 3.9 and older).

This adapter is tested against a fake module that reproduces that API (tests/fake_deepspeech); it
has not been run against the real package, whose wheels do not exist for Python 3.10 and newer.
"""

from __future__ import annotations

import math
import os
from typing import Any, Iterable, Iterator


from ...audio.wav import to_pcm16
from ...errors import DataError, UsageError
from ...records import Chunk, Segment
from .interface import ChunkAudio, EngineOptions, absolute_words

TIMESTEP = 0.02  # DeepSpeech emits a character every 20 ms step
HOTWORD_BOOST = 10.0


def _import() -> Any:
    try:
        import deepspeech
    except ImportError:
        raise DataError("the deepspeech engine needs the deepspeech package, which exists only for Python 3.9 "
                        "and older while audiowc needs 3.10 or newer: it runs only in a separate Python 3.9 "
                        "environment, unsupported (see man au-stt)") from None
    return deepspeech


class DeepSpeechEngine:
    def __init__(self, options: EngineOptions) -> None:
        if not options.model:
            raise UsageError("--engine deepspeech needs --model FILE.pbmm or FILE.tflite")
        if options.hotwords and not options.scorer:
            raise UsageError("DeepSpeech hot-words need --scorer")
        for path in (options.model, options.scorer):
            if path and not os.path.isfile(path):
                raise DataError("no such file", path)
        deepspeech = _import()
        self.model = deepspeech.Model(options.model)
        if options.scorer:
            self.model.enableExternalScorer(options.scorer)
        if options.beam_size:
            self.model.setBeamWidth(options.beam_size)
        for word in (options.hotwords or "").replace(",", " ").split():
            self.model.addHotWord(word, HOTWORD_BOOST)
        self.name = f"deepspeech/{os.path.splitext(os.path.basename(options.model))[0]}"

    def transcribe(self, items: Iterable[ChunkAudio]) -> Iterator[tuple[Chunk, list[Segment]]]:
        for item in items:
            yield item.chunk, self._one(item)

    def _one(self, item: ChunkAudio) -> list[Segment]:
        if not item.samples.size or (item.chunk.speech is not None and item.chunk.speech < 0.02):
            return []
        metadata = self.model.sttWithMetadata(to_pcm16(item.samples), 1)
        if not metadata.transcripts:
            return []
        best = metadata.transcripts[0]
        prob = math.exp(best.confidence / max(1, len(best.tokens)))  # a rough per-character likelihood
        words = absolute_words(item.chunk, ((text, start, end, min(1.0, prob))
                                            for text, start, end in _words(best.tokens)))
        if not words:
            return []
        text = " ".join(w.word for w in words)
        return [Segment(source=item.chunk.source, chunk=item.chunk.index, start=words[0].start,
                        end=words[-1].end, text=text, words=words, engine=self.name, extra=dict(item.chunk.extra))]


def _words(tokens: Iterable[Any]) -> Iterator[tuple[str, float, float]]:
    """Characters with start times grouped into words at spaces: (word, start, end)."""
    letters: list[str] = []
    start = last = 0.0
    for token in tokens:
        if token.text == " ":
            if letters:
                yield "".join(letters), start, last + TIMESTEP
            letters = []
            continue
        if not letters:
            start = float(token.start_time)
        letters.append(token.text)
        last = float(token.start_time)
    if letters:
        yield "".join(letters), start, last + TIMESTEP



