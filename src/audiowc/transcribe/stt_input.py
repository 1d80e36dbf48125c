"""Reading au-stt's input (a chunk manifest, or audio files as single chunks) into chunk audio."""

from __future__ import annotations

import os
import shutil
from typing import IO, Callable, Iterator

import numpy as np
import soundfile as sf

from ..audio.decode import open_audio
from ..audio.integrity import SHORTFALL_SECONDS
from ..audio.magic import audio_kind
from ..errors import DataError
from ..records import SAMPLE_RATE, Chunk, chunk_from_dict, iter_jsonl, record_kind
from ..text.blocks import UTF8_BOM, read_head, replay_lines
from .engines.interface import ChunkAudio

Report = Callable[[str], None]


def _stream_kind_error(head: bytes) -> DataError | None:
    """A clear error when something other than a chunk manifest arrives on stdin."""
    stripped = head.lstrip()
    if not stripped or stripped.startswith(b"{"):
        return None
    if b"\0" in head[:512] or audio_kind(head) is not None:
        return DataError("expected a chunk manifest (au-split output) on stdin, got audio; give audio files as "
                         "arguments: au-stt FILE...", "-", 1)
    return DataError("expected a chunk manifest (au-split output), got text or tokens", "-", 1)


def manifest_chunks(stream: IO[bytes], where: str,
                    on_bad: Callable[[DataError], None] | None = None) -> Iterator[tuple[int, Chunk]]:
    """(line number, chunk) for each record of an au-split manifest; a malformed record raises, or
    goes to on_bad (au-stt --skip-bad) and is skipped. Another stream's records always raise."""
    head = read_head(stream, 512)
    if head.startswith(UTF8_BOM):
        head = head[len(UTF8_BOM):]
    error = _stream_kind_error(head)
    if error:
        raise error
    for number, obj in iter_jsonl(replay_lines(head, stream, where), where, on_bad):
        kind = record_kind(obj)
        if kind == "segment":
            raise DataError("expected a chunk manifest (au-split output), got transcript segments (au-stt output)",
                            where, number)
        try:
            if kind != "chunk":
                raise DataError("expected a chunk manifest (au-split output), got a record without 'path'",
                                where, number)
            chunk = chunk_from_dict(obj, where, number)
        except DataError as error:
            if on_bad is None:
                raise
            on_bad(error)
            continue
        yield number, chunk


def load_chunk(chunk: Chunk) -> np.ndarray:
    """A chunk's samples as 16 kHz mono float32; mixes down and resamples if the file isn't."""
    try:
        info = sf.info(os.fsencode(chunk.path))  # bytes: a name need not be UTF-8
    except (sf.LibsndfileError, RuntimeError, OSError):
        info = None
    if info is not None and info.samplerate == SAMPLE_RATE and info.channels == 1:
        samples, _rate = sf.read(os.fsencode(chunk.path), dtype="float32")
        return samples
    decoded = open_audio(chunk.path)  # names the file in its error
    blocks = list(decoded.blocks)
    return np.concatenate(blocks) if blocks else np.zeros(0, dtype=np.float32)


def file_chunks(paths: list[str]) -> Iterator[tuple[int, Chunk]]:
    """Audio files given as arguments: each one chunk of its own source (its end is set once loaded)."""
    for number, path in enumerate(paths, start=1):
        yield number, Chunk(source=path, index=0, path=path, start=0.0, end=float("inf"))


def chunk_audio(chunks: Iterator[tuple[int, Chunk]], from_manifest: bool, skip_bad: bool,
                report: Report) -> Iterator[ChunkAudio]:
    """Load each chunk's samples; a missing or unreadable file stops the run, or is skipped and reported."""
    for number, chunk in chunks:
        try:
            samples = load_chunk(chunk)
        except DataError as exc:
            where = f"{chunk.path}, manifest line {number}" if from_manifest else chunk.path
            error = DataError(f"cannot read chunk file: {exc.message}", where)
            if not skip_bad:
                raise error from None
            report(f"skipped: {error.describe()}")
            continue
        if not from_manifest:
            chunk.end = len(samples) / SAMPLE_RATE
        yield ChunkAudio(chunk, samples)


class Coverage:
    """How far each source's chunks in the manifest reach, against the length au-split declared for
    it: chunks that stop short mean au-split stopped early (a full disk, a damaged file), and the
    transcript, however clean, is missing the rest."""

    def __init__(self) -> None:
        self.reach: dict[str, tuple[float, float | None]] = {}  # source: (last end, its declared length)

    def watch(self, chunks: Iterator[tuple[int, Chunk]]) -> Iterator[tuple[int, Chunk]]:
        for number, chunk in chunks:
            if chunk.end >= self.reach.get(chunk.source, (0.0, None))[0]:
                self.reach[chunk.source] = (chunk.end, chunk.source_duration)
            yield number, chunk

    def short(self) -> list[str]:
        """One line for each source whose chunks stop clearly short of its declared length."""
        return [f"the chunks of {source} cover {end:.1f} s of the {declared:.1f} s it lasts: the transcript "
                "is incomplete (did au-split stop early?)"
                for source, (end, declared) in self.reach.items()
                if declared is not None and end < declared - SHORTFALL_SECONDS]


class TemporaryChunks:
    """The temporary chunk directories (au-split's, without --out-dir) of the chunks read so far. When
    au-stt stops early (an error, Ctrl-C, a closed pipe) it removes them whole, chunks not yet read
    included: they are nobody else's, and would otherwise stay behind in $TMPDIR."""

    def __init__(self) -> None:
        self.directories: set[bytes] = set()

    def watch(self, chunks: Iterator[tuple[int, Chunk]]) -> Iterator[tuple[int, Chunk]]:
        for number, chunk in chunks:
            if chunk.temporary:
                self.directories.add(os.path.dirname(os.fsencode(chunk.path)))
            yield number, chunk

    def remove(self) -> None:
        for directory in self.directories:
            shutil.rmtree(directory, ignore_errors=True)
