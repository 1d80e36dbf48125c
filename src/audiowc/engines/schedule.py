"""Reading many chunks at once, their decodes answered together.

Each chunk's reading (redo.reading_steps) asks for one decode at a time. Up to `in_flight` chunks are
read together: each round gathers the decode every unfinished reading is waiting for and answers the
greedy ones with one call of `decode_many` (a batch on a GPU); sampled ones (a redo's last resort,
rare) go to a decoder of the chunk's own, whose seeded random draws then do not depend on the other
chunks. Chunks come out in input order, and new ones start after a round when there is room, once
every chunk finished in that round has come out; so what a chunk is prompted with depends on the
input and what was decoded, never on timing.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator, Optional

import numpy as np

from ..judge import Window
from ..records import Chunk
from ..redo import ChunkReading, Decode, DecodeRequest, Steps
from . import ChunkAudio

# requests (samples, prompt) -> each one's windows, in order
DecodeMany = Callable[[list[tuple[np.ndarray, Optional[str]]]], list[list[Window]]]


@dataclass(eq=False)
class Reading:
    """One chunk in flight: its steps, the decode it waits for, and once done, what it read."""

    chunk: Chunk
    steps: Optional[Steps[ChunkReading]]
    request: Optional[DecodeRequest] = None
    result: Optional[ChunkReading] = None
    sampler: Optional[Decode] = None

    def send(self, windows: Optional[list[Window]]) -> None:
        """Give the reading the windows it asked for (None: start it) and note what it asks next."""
        assert self.steps is not None
        try:
            self.request = next(self.steps) if windows is None else self.steps.send(windows)
        except StopIteration as finished:
            self.request, self.result = None, finished.value


def read_in_batches(items: Iterable[ChunkAudio], start: Callable[[ChunkAudio], Optional[Steps[ChunkReading]]],
                    decode_many: DecodeMany, new_sampler: Callable[[], Decode], in_flight: int
                    ) -> Iterator[tuple[Chunk, ChunkReading]]:
    """Each chunk with its reading, in input order. `start` gives a chunk's steps (None: nothing to
    read); it is called for a chunk only when fewer than `in_flight` chunks before it are unfinished
    and every finished one has been yielded."""
    waiting = iter(items)
    active: deque[Reading] = deque()
    exhausted = False
    while True:
        while not exhausted and len(active) < max(1, in_flight):
            item = next(waiting, None)
            if item is None:
                exhausted = True
                break
            active.append(_begin(item, start))
        if not active:
            return
        _answer(active, decode_many, new_sampler)
        while active and active[0].request is None:
            done = active.popleft()
            yield done.chunk, done.result or ChunkReading()


def _begin(item: ChunkAudio, start: Callable[[ChunkAudio], Optional[Steps[ChunkReading]]]) -> Reading:
    reading = Reading(item.chunk, start(item))
    if reading.steps is None:
        reading.result = ChunkReading()
    else:
        reading.send(None)
    return reading


def _answer(active: Iterable[Reading], decode_many: DecodeMany, new_sampler: Callable[[], Decode]) -> None:
    """One round: every waiting greedy decode in one call, then each sampled one on its own."""
    greedy: list[tuple[Reading, DecodeRequest]] = []
    sampled: list[tuple[Reading, DecodeRequest]] = []
    for reading in active:
        if reading.request is not None:
            (greedy if reading.request.temperature == 0.0 else sampled).append((reading, reading.request))
    answers = decode_many([(request.samples, request.prompt) for _, request in greedy]) if greedy else []
    for (reading, _request), windows in zip(greedy, answers):
        reading.send(windows)
    for reading, request in sampled:
        if reading.sampler is None:
            reading.sampler = new_sampler()
        reading.send(reading.sampler(request.samples, request.prompt, request.temperature))
