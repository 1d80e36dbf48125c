"""Reading many chunks at once, their decodes answered together.

Each chunk's reading (redo.reading_steps) asks for one decode at a time. The chunks are taken in
runs: up to `run_length` consecutive chunks of one source, read one after the other, so that each
chunk but a run's first is prompted with the text just before it. Up to `in_flight` runs are read
side by side; each round gathers the decode every unfinished reading waits for and answers the
greedy ones with one call of `decode_many` (a batch on a GPU). Sampled ones (a redo's last resort)
go to a decoder of the chunk's own, whose seeded random draws then do not depend on the other
chunks; they run side by side. Chunks come out in input order. What a chunk is prompted with
depends on the input and on what was decoded, never on timing.
"""

from __future__ import annotations

from collections import deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, Optional

import numpy as np

from ..judge import Window
from ..records import Chunk
from ..redo import ChunkReading, Decode, DecodeRequest, Steps
from . import ChunkAudio

# requests (samples, prompt) -> each one's windows, in order
DecodeMany = Callable[[list[tuple[np.ndarray, Optional[str]]]], list[list[Window]]]
# start(chunk, text of the chunks before it in its run, or None for a run's first) -> its steps,
# or None when there is nothing to read
Start = Callable[[ChunkAudio, Optional[str]], Optional[Steps[ChunkReading]]]
SAMPLING_THREADS = 8


@dataclass(eq=False)
class Reading:
    """One chunk being read: its steps, the decode it waits for, and once done, what it read."""

    number: int  # its place in the input
    chunk: Chunk
    steps: Optional[Steps[ChunkReading]]
    request: Optional[DecodeRequest] = None
    result: Optional[ChunkReading] = None
    sampler: Optional[Decode] = None

    def send(self, windows: Optional[list[Window]]) -> None:
        """Give the reading the windows it asked for (None: start it) and note what it asks next."""
        if self.steps is None:
            self.result = ChunkReading()
            return
        try:
            self.request = next(self.steps) if windows is None else self.steps.send(windows)
        except StopIteration as finished:
            self.request, self.result = None, finished.value


@dataclass(eq=False)
class Run:
    """Consecutive chunks of one source, read in order; `text` is what its finished ones read."""

    source: str
    waiting: deque[tuple[int, ChunkAudio]] = field(default_factory=deque)
    current: Optional[Reading] = None
    text: list[str] = field(default_factory=list)


def read_in_batches(items: Iterable[ChunkAudio], start: Start, decode_many: DecodeMany,
                    new_sampler: Callable[[], Decode], in_flight: int, run_length: int = 1
                    ) -> Iterator[tuple[Chunk, ChunkReading]]:
    """Each chunk with its reading, in input order (see the module's description)."""
    source = _Input(items)
    runs: list[Run] = []
    finished: dict[int, Reading] = {}
    next_out, exhausted = 0, False
    pool = ThreadPoolExecutor(SAMPLING_THREADS, thread_name_prefix="sampling")
    try:
        while True:
            while not exhausted and len(runs) < max(1, in_flight):
                run = _take_run(source, max(1, run_length))
                if run is None:
                    exhausted = True
                    break
                runs.append(run)
                _start_next(run, start)
            if not runs:
                return
            _answer([r.current for r in runs if r.current is not None], decode_many, new_sampler, pool)
            for run in runs:
                while run.current is not None and run.current.request is None:
                    done = run.current
                    finished[done.number] = done
                    if done.result is not None and done.result.trusted_text:
                        run.text.append(done.result.trusted_text)
                    _start_next(run, start)
            runs = [r for r in runs if r.current is not None]
            while next_out in finished:
                done = finished.pop(next_out)
                next_out += 1
                yield done.chunk, done.result or ChunkReading()
    finally:  # stopped early (Ctrl-C, a closed pipe): abandon the sampled decodes in flight
        pool.shutdown(wait=False, cancel_futures=True)


class _Input:
    """The numbered chunks, one of which can be put back (a run ends where the source changes)."""

    def __init__(self, items: Iterable[ChunkAudio]) -> None:
        self.items = enumerate(items)
        self.held: Optional[tuple[int, ChunkAudio]] = None

    def take(self) -> Optional[tuple[int, ChunkAudio]]:
        held, self.held = self.held, None
        return held if held is not None else next(self.items, None)

    def put_back(self, item: tuple[int, ChunkAudio]) -> None:
        self.held = item


def _take_run(source: _Input, run_length: int) -> Optional[Run]:
    """The next `run_length` chunks, fewer where the source changes."""
    first = source.take()
    if first is None:
        return None
    run = Run(first[1].chunk.source, deque([first]))
    while len(run.waiting) < run_length:
        following = source.take()
        if following is None:
            break
        if following[1].chunk.source != run.source:
            source.put_back(following)
            break
        run.waiting.append(following)
    return run


def _start_next(run: Run, start: Start) -> None:
    """Start the run's next chunk (if any); chunks with nothing to read finish at once."""
    run.current = None
    if not run.waiting:
        return
    number, item = run.waiting.popleft()
    reading = Reading(number, item.chunk, start(item, " ".join(run.text) if run.text else None))
    reading.send(None)
    run.current = reading


def _answer(waiting: list[Reading], decode_many: DecodeMany, new_sampler: Callable[[], Decode],
            pool: ThreadPoolExecutor) -> None:
    """One round: every waiting greedy decode in one call; the sampled ones side by side."""
    greedy = [r for r in waiting if r.request is not None and r.request.temperature == 0.0]
    sampled = [r for r in waiting if r.request is not None and r.request.temperature != 0.0]
    requests = [r.request for r in greedy if r.request is not None]
    answers = decode_many([(q.samples, q.prompt) for q in requests]) if requests else []
    for reading in sampled:
        if reading.sampler is None:
            reading.sampler = new_sampler()
    futures = [pool.submit(_sample, r) for r in sampled]
    for reading, windows in zip(greedy, answers):
        reading.send(windows)
    for reading, future in zip(sampled, futures):
        reading.send(future.result())


def _sample(reading: Reading) -> list[Window]:
    request, sampler = reading.request, reading.sampler
    assert request is not None and sampler is not None
    return sampler(request.samples, request.prompt, request.temperature)
