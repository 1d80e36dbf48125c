"""Splitting one recording into WAV chunk files and chunk records, streaming."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from .audio import TARGET_RATE, Decoded, write_wav
from .errors import AudiowcError, DataError
from .records import Chunk
from .split import Chunker, Piece, speech_share

Progress = Callable[[float], None]  # seconds of audio done


@dataclass
class SplitOptions:
    out_dir: str | None = None
    max_len: float = 60.0
    min_len: float = 5.0
    search: float = 15.0


@dataclass
class OutputNames:
    """Chooses each input's chunk directory and stem; a stem already used in this run gets a suffix."""

    options: SplitOptions
    used: set[tuple[str, str]] = field(default_factory=set)

    def place(self, source: str) -> tuple[Path, str]:
        stem = "stdin" if source == "-" else Path(source).stem or "audio"
        base = stem
        for number in range(2, 10_000):
            directory = Path(self.options.out_dir or f"{base}.chunks")
            key = (str(directory.resolve()), stem)
            if key not in self.used:
                self.used.add(key)
                return directory, stem
            stem = f"{base}-{number}"
        raise DataError("too many inputs with the same name", source)


def split_recording(decoded: Decoded, source: str, directory: Path, stem: str, options: SplitOptions,
                    progress: Progress | None = None) -> Iterator[Chunk]:
    """Decode, cut and write chunks of one recording; yields each record once its WAV is on disk.

    If the recording turns out to be bad, the chunk files written for it are removed before the
    error goes on. Ctrl-C or a closed pipe keep the chunks already announced: each is complete.
    """
    written: list[Path] = []
    try:
        chunker = Chunker(options.max_len, options.min_len, options.search)
        index = 0
        done = 0
        for block in decoded.blocks:
            for piece in chunker.feed(block):
                yield _emit(piece, source, directory, stem, index, written)
                index += 1
            done += len(block)
            if progress:
                progress(done / TARGET_RATE)
        for piece in chunker.finish():
            yield _emit(piece, source, directory, stem, index, written)
            index += 1
    except AudiowcError:
        for chunk_path in written:
            chunk_path.unlink(missing_ok=True)
        _remove_if_empty(directory)
        raise


def _emit(piece: Piece, source: str, directory: Path, stem: str, index: int, written: list[Path]) -> Chunk:
    samples, start, forced = piece.samples, piece.start, piece.forced
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{stem}.{index:05d}.wav"
    write_wav(path, samples)
    written.append(path)
    return Chunk(source=source, index=index, path=str(path), start=start / TARGET_RATE,
                 end=(start + len(samples)) / TARGET_RATE, sample_rate=TARGET_RATE,
                 speech=speech_share(samples), forced=forced)


def _remove_if_empty(directory: Path) -> None:
    try:
        os.rmdir(directory)
    except OSError:
        pass
