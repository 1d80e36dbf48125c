"""The transcript's own words around a hit, for au-verify --transcript.

A hit's window is judged best with the words the full transcript heard around it: the transcript
was decoded with 30 s of audio and the text before it, a short window is not. Any timed input
wc-words reads will do (au-stt's JSONL, tok's tokens, SRT, WebVTT, whisper JSON...).
"""

from __future__ import annotations

import bisect
import os
from dataclasses import dataclass, field

from ..cli.inputs import open_input
from ..errors import DataError
from ..text.blocks import WarnFunction
from ..tokens.batches import ReadOptions, iter_batches, resolve_format


@dataclass(frozen=True)
class Context:
    """The transcript's words in a hit's window, before and after the hit."""

    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()


@dataclass
class _Timeline:
    starts: list[float] = field(default_factory=list)
    ends: list[float] = field(default_factory=list)
    words: list[str] = field(default_factory=list)


class Transcript:
    """Timed words by source, in time order."""

    def __init__(self) -> None:
        self.sources: dict[str, _Timeline] = {}

    @classmethod
    def read(cls, path: str, warn: WarnFunction) -> "Transcript":
        transcript = cls()
        rows: dict[str, list[tuple[float, float, str]]] = {}
        with open_input(path) as stream:
            head, fmt = resolve_format(stream, "auto", path)
            for batch in iter_batches(stream, path, fmt, ReadOptions(True, warn), head):
                if not batch.timed:
                    raise DataError("a transcript for --transcript needs word times (au-stt's JSONL, "
                                    "tok's tokens, subtitles), not plain text", path)
                assert batch.starts is not None and batch.ends is not None and batch.sources is not None
                for word, start, end, source in zip(batch.tokens, batch.starts, batch.ends, batch.sources):
                    rows.setdefault(source, []).append((start, end, word))
        for source, items in rows.items():
            items.sort(key=lambda row: row[0])
            timeline = transcript.sources[source] = _Timeline()
            for start, end, word in items:
                timeline.starts.append(start)
                timeline.ends.append(end)
                timeline.words.append(word)
        return transcript

    def _timeline(self, source: str) -> _Timeline | None:
        found = self.sources.get(source)
        if found is None:  # the hits may name the recording by another path
            base = os.path.basename(source)
            found = next((t for s, t in self.sources.items() if os.path.basename(s) == base), None)
        return found

    def around(self, source: str, start: float, end: float, first: float, last: float) -> Context | None:
        """The words of [first, last] before and after the hit [start, end]: a word belongs to the hit
        when its middle lies in it."""
        timeline = self._timeline(source)
        if timeline is None:
            return None
        lo = bisect.bisect_left(timeline.starts, first - 5.0)  # words start before their middle
        hi = bisect.bisect_right(timeline.starts, last)
        before, after = [], []
        for i in range(lo, hi):
            mid = (timeline.starts[i] + timeline.ends[i]) / 2
            if first <= mid < start:
                before.append(timeline.words[i])
            elif end < mid <= last:
                after.append(timeline.words[i])
        return Context(tuple(before), tuple(after))
