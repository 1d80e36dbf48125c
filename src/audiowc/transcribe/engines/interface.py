"""Speech-to-text engines behind one small interface.

An engine takes the stream of chunks (with their samples) and yields, in chunk order, each
chunk with its segments, so it may work on several chunks at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, Protocol

import numpy as np

from ...records import Chunk, Segment, Word


@dataclass
class ChunkAudio:
    """A chunk record and its samples: 16 kHz mono float32 (empty when skipped as silent)."""

    chunk: Chunk
    samples: np.ndarray


DOUBTFUL = "doubtful"  # a segment's key, true when its reading was kept but judged doubtful


@dataclass(frozen=True)
class ChunkContext:
    """What a finished chunk leaves for the chunks after it: the text fit to prompt them (its segments
    not marked doubtful) and the language it was read in (None when it gave no segments)."""

    source: str
    text: str
    language: str | None


def context_of(source: str, segments: list[Segment]) -> ChunkContext:
    """A chunk's context, from the segments written for it: the engine and a resumed run (which has
    only the segments) derive it the same way, so they prompt the next chunks alike."""
    text = " ".join(s.text for s in segments if not s.extra.get(DOUBTFUL))
    language = next((str(s.extra["language"]) for s in segments if s.extra.get("language")), None)
    return ChunkContext(source, text, language)


@dataclass
class EngineOptions:
    model: str | None = None
    device: str = "auto"
    compute_type: str = "default"
    threads: int = 0
    beam_size: int = 0  # 0: the engine's default
    language: str | None = None
    hotwords: str | None = None
    prompt: str | None = None
    batch_size: int = 0  # 0: the engine's default
    scorer: str | None = None
    vad: bool = False  # Silero VAD deletes quiet speakers; silence is handled by the judge instead
    digits: bool = False  # let Whisper write numbers as digits
    context: bool = True  # prompt each chunk with the text before it (same source only)
    report: Callable[[str], None] | None = None  # one-line warnings
    # What each chunk finished by an earlier, interrupted run (au-stt --resume) left for those after
    # it, in input order: an engine that prompts with earlier text goes on from these
    history: list[ChunkContext] = field(default_factory=list)
    # progress(chunk, seconds of it decoded so far), called as a chunk's first pass goes (any thread)
    progress: Callable[[Chunk, float], None] | None = None


class Engine(Protocol):
    name: str

    def transcribe(self, items: Iterable[ChunkAudio]) -> Iterator[tuple[Chunk, list[Segment]]]:
        ...



def absolute_words(chunk: Chunk, timed: Iterable[tuple[str, float, float, float]]) -> list[Word]:
    """Words with chunk-relative times moved to the source's timeline, kept inside the chunk and
    non-decreasing (recognisers sometimes step back a few milliseconds)."""
    words: list[Word] = []
    floor = chunk.start
    for text, start, end, prob in timed:
        begin = min(max(chunk.start + start, floor), chunk.end)
        finish = min(max(chunk.start + end, begin), chunk.end)
        words.append(Word(text, begin, finish, prob))
        floor = begin
    return words
