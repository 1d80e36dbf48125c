"""A stand-in for Mozilla DeepSpeech 0.9.3's Python API, for testing the adapter.

It reproduces the calls and result shapes the documentation gives (Model, enableExternalScorer,
setBeamWidth, addHotWord, sttWithMetadata -> Metadata.transcripts[i].tokens with text and
start_time). It "hears" a fixed sentence spread over the audio's length and records the calls.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

SENTENCE = "is a banana still a banana"
CALLS: list[tuple] = []


@dataclass
class TokenMetadata:
    text: str
    timestep: int
    start_time: float


@dataclass
class CandidateTranscript:
    tokens: list[TokenMetadata]
    confidence: float


@dataclass
class Metadata:
    transcripts: list[CandidateTranscript] = field(default_factory=list)


class Model:
    def __init__(self, model_path: str) -> None:
        CALLS.append(("Model", model_path))
        self.scorer = None

    def sampleRate(self) -> int:
        return 16000

    def enableExternalScorer(self, scorer_path: str) -> None:
        CALLS.append(("enableExternalScorer", scorer_path))
        self.scorer = scorer_path

    def setBeamWidth(self, beam_width: int) -> int:
        CALLS.append(("setBeamWidth", beam_width))
        return 0

    def addHotWord(self, word: str, boost: float) -> None:
        if self.scorer is None:
            raise RuntimeError("hot-words need an external scorer")
        CALLS.append(("addHotWord", word, boost))

    def sttWithMetadata(self, audio_buffer: np.ndarray, num_results: int = 1) -> Metadata:
        assert audio_buffer.dtype == np.int16 and audio_buffer.ndim == 1
        CALLS.append(("sttWithMetadata", len(audio_buffer), num_results))
        seconds = len(audio_buffer) / 16000
        step = seconds / (len(SENTENCE) + 2)
        tokens = [TokenMetadata(c, int((i + 1) * step / 0.02), round((i + 1) * step, 2))
                  for i, c in enumerate(SENTENCE)]
        return Metadata([CandidateTranscript(tokens, -12.5)][:num_results])
