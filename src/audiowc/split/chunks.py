"""Splitting one recording into WAV chunk files and chunk records, streaming."""

from __future__ import annotations

import fcntl
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Callable, Iterator

from ..audio.decode import Decoded
from ..audio.levels import speech_share
from ..audio.wav import write_wav
from ..errors import DataError
from ..fields import clock
from ..records import SAMPLE_RATE, Chunk
from .cut import Chunker, Piece

Progress = Callable[[float], None]  # seconds of audio done


@dataclass
class SplitOptions:
    out_dir: str | None = None
    max_len: float = 60.0
    min_len: float = 5.0
    search: float = 15.0
    temporary: bool = False  # out_dir is a temporary directory: records say so, and no claim is kept


@dataclass
class Placement:
    """Where one input's chunks go: its directory and stem, held by a lock on the stem's claim file."""

    directory: Path
    stem: str
    claim: Path
    handle: IO[str]
    made_directory: bool
    temporary: bool = False

    def release(self, wrote_chunks: bool) -> None:
        """Unlock the stem. If nothing was written, forget the claim, and remove the directory if this
        run made it and it is empty. A temporary directory keeps no claim (nothing else writes there),
        so it is empty, and removed, once au-stt has read and deleted its chunks."""
        if not wrote_chunks or self.temporary:
            self.claim.unlink(missing_ok=True)
        self.handle.close()  # releases the lock
        if (not wrote_chunks and self.made_directory) or self.temporary:
            _remove_if_empty(self.directory)


@dataclass
class OutputNames:
    """Chooses each input's chunk directory and stem. A stem belongs to one recording: its claim file
    (`.STEM.claim`) names the recording, and is locked while chunks are written. A re-run of the same
    recording reuses its names; another recording with the same stem, or a run of the same recording
    still going on, gets a suffix (-2, -3, ...), as does a stem already used in this run."""

    options: SplitOptions
    used: set[tuple[str, str]] = field(default_factory=set)

    def place(self, source: str) -> Placement:
        stem = "stdin" if source == "-" else Path(source).stem or "audio"
        base = stem
        directory = Path(self.options.out_dir or f"{base}.chunks")
        made = not directory.exists()
        directory.mkdir(parents=True, exist_ok=True)
        owner = source if source == "-" else os.path.abspath(source)
        for number in range(2, 10_000):
            key = (str(directory.resolve()), stem)
            claim = directory / f".{stem}.claim"
            handle = None if key in self.used else _claim(claim, owner)
            if handle is not None:
                self.used.add(key)
                return Placement(directory, stem, claim, handle, made, self.options.temporary)
            stem = f"{base}-{number}"
        raise DataError("too many inputs with the same name", source)


def _claim(path: Path, owner: str) -> IO[str] | None:
    """The claim file, open and locked, if the stem is free for `owner`; None if it is taken."""
    handle = open(path, "a+", encoding="utf-8", errors="surrogateescape")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:  # another run is writing these names now
        handle.close()
        return None
    handle.seek(0)
    held_by = handle.read().rstrip("\n")
    if held_by and held_by != owner:
        handle.close()
        return None
    handle.seek(0)
    handle.truncate()
    handle.write(owner + "\n")
    handle.flush()
    return handle


def split_recording(decoded: Decoded, source: str, directory: Path, stem: str, options: SplitOptions,
                    progress: Progress | None = None) -> Iterator[Chunk]:
    """Decode, cut and write chunks of one recording; yields each record once its WAV is on disk.

    If decoding breaks part way (corrupt data, a file cut short), the audio decoded before the break
    is still written and announced, then a DataError says where it broke: the manifest always
    matches the chunks on disk. Ctrl-C or a closed pipe keep the chunks already announced."""
    chunker = Chunker(options.max_len, options.min_len, options.search)
    index, done = 0, 0
    broken: DataError | None = None
    try:
        for block in decoded.blocks:
            for piece in chunker.feed(block):
                yield _emit(piece, source, directory, stem, index, options.temporary, decoded.duration)
                index += 1
            done += len(block)
            if progress:
                progress(done / SAMPLE_RATE)
    except DataError as exc:
        broken = exc
    # An estimated length gives way to the one decoded, in the last records: au-stt checks that a
    # source's chunks reach its length, and a bit-rate estimate is no promise.
    length = done / SAMPLE_RATE if decoded.estimated and broken is None else decoded.duration
    for piece in chunker.finish():
        yield _emit(piece, source, directory, stem, index, options.temporary, length)
        index += 1
    if broken is not None:
        kept = f"; the audio before it is kept ({index} chunk{'s' if index > 1 else ''})" if index else ""
        raise DataError(f"{broken.message} at {clock(done / SAMPLE_RATE)}{kept}", broken.where)


def _emit(piece: Piece, source: str, directory: Path, stem: str, index: int, temporary: bool,
          duration: float | None) -> Chunk:
    samples, start, forced = piece.samples, piece.start, piece.forced
    path = directory / f"{stem}.{index:05d}.wav"
    write_wav(path, samples)
    # absolute, so the manifest can be read from any directory
    return Chunk(source=source, index=index, path=os.path.abspath(path), start=start / SAMPLE_RATE,
                 end=(start + len(samples)) / SAMPLE_RATE, sample_rate=SAMPLE_RATE,
                 speech=speech_share(samples), forced=forced, temporary=temporary, source_duration=duration)


def _remove_if_empty(directory: Path) -> None:
    try:
        os.rmdir(directory)
    except OSError:
        pass
