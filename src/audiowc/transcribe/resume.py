"""Resuming au-stt from a partial transcript: which chunks are finished, and the text to prompt with.

A transcript is written a chunk at a time, in manifest order, so a partial one holds the segments of
the chunks before the one being decoded when it stopped. Its last chunk may have lost segments (a
kill can cut a write short), so that chunk is decoded again; the chunks before it are not.
"""

from __future__ import annotations

import os
from itertools import groupby
from dataclasses import dataclass, field
from typing import Callable, Iterator

from ..errors import DataError
from ..records import Chunk, iter_jsonl, segment_from_dict


@dataclass
class Partial:
    """What a partial transcript says about the run that wrote it."""

    where: str
    kept: list[bytes] = field(default_factory=list)  # lines of the finished chunks, as written
    restart: tuple[str, int] | None = None  # (source, chunk index) to decode again; None: start over
    history: list[tuple[str, str]] = field(default_factory=list)  # (source, text) of finished chunks

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
            on_skip(chunk)
        raise DataError("the partial transcript is not of this input: its last chunk "
                        f"({self.restart[0]} #{self.restart[1]}) is not in the manifest", self.where)


def read_partial(path: str) -> Partial:
    """Read a partial transcript; a last line without its newline was cut short and is dropped."""
    with open(os.fsencode(path), "rb") as handle:
        lines = [line for line in handle if line.endswith(b"\n")]
    partial = Partial(path)
    keys: list[tuple[str, int]] = []
    texts: list[str] = []
    for _number, obj in iter_jsonl(lines, path):
        segment = segment_from_dict(obj, path, _number)
        keys.append((segment.source, segment.chunk))
        texts.append(segment.text)
    if not keys:
        return partial
    partial.restart = keys[-1]
    first_redone = keys.index(partial.restart)
    content = [line for line in lines if line.strip()]
    partial.kept = content[:first_redone]
    # The prompt context of the source being resumed: the text of each of its finished chunks, the
    # way the engine collects it (its judged-good text; the segments are what is left of that).
    finished = [(key, text) for key, text in zip(keys[:first_redone], texts[:first_redone])
                if key[0] == partial.restart[0]]
    for key, group in groupby(finished, key=lambda item: item[0]):
        partial.history.append((key[0], " ".join(text for _key, text in group)))
    return partial
