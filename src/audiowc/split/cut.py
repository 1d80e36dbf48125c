"""Where to cut: pure functions over 16 kHz mono sample arrays, and a streaming chunker.

Energy is measured in 10 ms frames. A cut goes in the middle of the quietest stretch (a moving
average over `pause` seconds) inside a search window that ends at the length limit; if even that
stretch is loud, the cut is still made there and flagged as forced.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

import numpy as np

from ..audio.levels import FRAME, SILENCE_FLOOR_DB, frame_db
from ..records import SAMPLE_RATE

PAUSE_BELOW_SPEECH_DB = 25.0


def find_cut(samples: np.ndarray, earliest: int, latest: int, pause: int) -> tuple[int, bool]:
    """Sample index of the cut in [earliest, latest] and whether no real pause was there (forced)."""
    levels = frame_db(samples[: latest + pause])
    first, last = earliest // FRAME, max(earliest // FRAME + 1, latest // FRAME)
    width = max(1, pause // FRAME)
    power = 10.0 ** (levels / 10.0)
    window = np.convolve(power, np.ones(width) / width, mode="valid")  # window[i] covers frames i..i+w-1
    lo, hi = max(0, first - width // 2), min(len(window), last - width // 2)
    if hi <= lo:
        return latest, True
    quiet = window[lo:hi]
    best = lo + int(len(quiet) - 1 - np.argmin(quiet[::-1]))  # the latest of equally quiet stretches
    cut = (best + width // 2) * FRAME
    loud = float(np.percentile(levels, 95)) if levels.size else 0.0
    quiet_db = 10.0 * np.log10(window[best] + 1e-12)
    forced = quiet_db > max(SILENCE_FLOOR_DB, loud - PAUSE_BELOW_SPEECH_DB)
    return min(max(cut, earliest), latest), forced


@dataclass
class Piece:
    """A chunk's samples, where it starts in the stream (samples) and whether its cut was forced."""

    samples: np.ndarray
    start: int
    forced: bool


class Chunker:
    """Cuts a stream of sample blocks into pieces of at most max_len seconds, in pauses."""

    def __init__(self, max_len: float, min_len: float, search: float, pause: float = 0.3) -> None:
        self.max = int(max_len * SAMPLE_RATE)
        self.min = int(min(min_len, max_len / 2) * SAMPLE_RATE)
        self.search = int(min(search, max_len - min_len) * SAMPLE_RATE)
        self.pause = int(pause * SAMPLE_RATE)
        self.buffer: list[np.ndarray] = []
        self.buffered = 0
        self.position = 0  # stream index of the buffer's first sample

    def feed(self, block: np.ndarray) -> Iterator[Piece]:
        self.buffer.append(block)
        self.buffered += len(block)
        # Hold back min_len past the limit, so the piece after a cut is never too short.
        while self.buffered >= self.max + self.min + self.pause:
            yield self._cut(self.max)

    def finish(self) -> Iterator[Piece]:
        if self.buffered > self.max:
            yield self._cut(self.max, earliest=max(self.max - self.search, self.buffered - self.max))
        if self.buffered:
            samples = np.concatenate(self.buffer)
            self.buffer, self.buffered = [], 0
            yield Piece(samples, self.position, False)

    def _cut(self, latest: int, earliest: int | None = None) -> Piece:
        samples = np.concatenate(self.buffer)
        low = max(self.min, latest - self.search) if earliest is None else earliest
        cut, forced = find_cut(samples, low, latest, self.pause)
        piece = Piece(samples[:cut], self.position, forced)
        rest = samples[cut:]
        self.buffer, self.buffered, self.position = [rest], len(rest), self.position + cut
        return piece
