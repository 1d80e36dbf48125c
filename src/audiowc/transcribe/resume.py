"""Resuming au-stt from a partial transcript: which chunks are finished, and the state to go on with.

A transcript is written a chunk at a time, in manifest order, so a partial one holds the segments of
the chunks before the one being decoded when it stopped. Its last chunk may have lost segments (a
kill can cut a write short, at a line or inside one), so that chunk is decoded again; the chunks
before it are not. So that the resumed run decodes exactly as the uninterrupted one would have, each
finished chunk leaves in `history` what it told the engine: its prompt text and language, read from
its segments the way the engine derives them (engines.context_of), one entry a chunk in input order,
an empty one for a chunk that had no segments.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Callable, Iterator

from ..errors import DataError
from ..records import Chunk, Segment, iter_jsonl, segment_from_dict
from .engines.interface import ChunkContext, context_of


@dataclass
class Partial:
    """What a partial transcript says about the run that wrote it."""

    where: str
    kept: list[bytes] = field(default_factory=list)  # lines of the finished chunks, as written
    restart: tuple[str, int] | None = None  # (source, chunk index) to decode again; None: start over
    finished: dict[tuple[str, int], list[Segment]] = field(default_factory=dict)  # segments by chunk
    history: list[ChunkContext] = field(default_factory=list)  # each skipped chunk's, filled by skipping

    def skip_finished(self, chunks: Iterator[tuple[int, Chunk]], on_skip: Callable[[Chunk], None],
                      on_found: Callable[[list[bytes]], None]) -> Iterator[tuple[int, Chunk]]:
        """The chunks from the restart point on. on_skip sees each finished chunk; on_found gets the
        kept lines once the restart point is reached (so they go out before any new segment)."""
        if self.restart is None:
            on_found(self.kept)
            yield from chunks
            return
        for number, chunk in chunks:
            if (chunk.source, chunk.index) == self.restart:
                on_found(self.kept)
                yield number, chunk
                yield from chunks
                return
            self.history.append(context_of(chunk.source, self.finished.get((chunk.source, chunk.index), [])))
            on_skip(chunk)
        raise DataError("the partial transcript is not of this input: its last chunk "
                        f"({self.restart[0]} #{self.restart[1]}) is not in the manifest", self.where)


def read_partial(path: str) -> Partial:
    """Read a partial transcript; a last line without its newline was cut short and is dropped."""
    with open(os.fsencode(path), "rb") as handle:
        lines = [line for line in handle if line.endswith(b"\n")]
    partial = Partial(path)
    segments = [segment_from_dict(obj, path, number) for number, obj in iter_jsonl(lines, path)]
    if not segments:
        return partial
    last = segments[-1]
    partial.restart = (last.source, last.chunk)
    first_redone = next(i for i, s in enumerate(segments) if (s.source, s.chunk) == partial.restart)
    partial.kept = [line for line in lines if line.strip()][:first_redone]
    for segment in segments[:first_redone]:
        partial.finished.setdefault((segment.source, segment.chunk), []).append(segment)
    return partial
