"""Decoding any recording to 16 kHz mono float32 blocks, streaming.

soundfile (libsndfile) reads WAV, FLAC, OGG and MP3; containers it can't read (M4A/AAC, MP4,
WebM) go through PyAV. Either way soxr resamples, so memory never depends on the file's length.
"""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter
from typing import Iterator

import numpy as np
import soundfile as sf
import soxr

from ..errors import DataError
from ..records import SAMPLE_RATE
from .integrity import Undecodable, adts_missing_bytes, check_header, check_length, unreadable

SOURCE_BLOCK = 1 << 16  # frames read at a time from the source
ESTIMATED_LENGTH = ("mp3", "aac")  # FFmpeg demuxers whose duration is a bit-rate estimate (aac: ADTS)


@dataclass
class Decoded:
    """A decoder that is open: the source's duration (seconds, None if unknown) and its blocks."""

    duration: float | None
    blocks: Iterator[np.ndarray]  # mono float32 at SAMPLE_RATE
    estimated: bool = False  # the duration is the container's estimate (from the bit rate), not a promise


def _mono(frames: np.ndarray) -> np.ndarray:
    """Frames (samples x channels) mixed down to one channel: the mean of the channels, for every decoder.

    For stereo that is FFmpeg's own downmix, (L+R)/2, as `ffmpeg -ac 1` gives it with 16-bit output:
    the audio Whisper was trained on (OpenAI's whisper loads audio that way) and what faster-whisper's
    decode_audio gives. Whisper's log-mel features are not gain-invariant, so the level matters: FFmpeg's
    float output, (L+R)/sqrt(2), is 3 dB louder, and that changed words on real speech (bench/RESULTS.md)
    and clips loud recordings. Beyond two channels FFmpeg weighs the layout's channels; here all count alike."""
    if frames.ndim == 2 and frames.shape[1] == 2 and frames.dtype == np.float32:
        return (frames[:, 0] + frames[:, 1]) * np.float32(0.5)  # the same bits as mean, twice as fast
    return frames.mean(axis=1, dtype=np.float32) if frames.ndim == 2 else frames.astype(np.float32)


def _resampled(blocks: Iterator[np.ndarray], rate: int) -> Iterator[np.ndarray]:
    if rate == SAMPLE_RATE:
        yield from blocks
        return
    stream = soxr.ResampleStream(rate, SAMPLE_RATE, 1, dtype="float32", quality="HQ")
    for block in blocks:
        out = stream.resample_chunk(block)
        if out.size:
            yield out
    tail = stream.resample_chunk(np.zeros(0, dtype=np.float32), last=True)
    if tail.size:
        yield tail


def _resampled_runs(blocks: Iterator[tuple[np.ndarray, int]]) -> Iterator[np.ndarray]:
    """Each run of blocks at one rate resampled to SAMPLE_RATE, its resampler flushed at its end."""
    for rate, run in groupby(blocks, key=itemgetter(1)):
        yield from _resampled((block for block, _rate in run), rate)


def _soundfile_blocks(handle: sf.SoundFile, path: str) -> Iterator[tuple[np.ndarray, int]]:
    with handle:
        while True:
            try:
                with quiet_stderr():
                    frames = handle.read(SOURCE_BLOCK, dtype="float32", always_2d=True)
            except (sf.LibsndfileError, RuntimeError) as exc:
                raise DataError(f"audio data is corrupt ({exc})", path) from None
            if not len(frames):
                return
            yield _mono(frames), handle.samplerate


@contextmanager
def quiet_stderr() -> Iterator[None]:
    """Silence what C decoders print on fd 2 (mpg123's "Note: Trying to resync..."): errors are ours to say."""
    sys.stderr.flush()
    saved = os.dup(2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


def _open_soundfile(path: str) -> Decoded | None:
    try:
        with quiet_stderr():
            handle = sf.SoundFile(os.fsencode(path))  # bytes: a name need not be UTF-8
    except (sf.LibsndfileError, RuntimeError, TypeError):
        return None
    try:
        check_header(path, handle.format)
    except DataError:
        handle.close()
        raise
    # libsndfile stops joined MP3s at the first file's end, and Ogg Opus (1.2.2) where a page's granule
    # position runs ahead of its packets (FFmpeg's own Opus files have such pages); FFmpeg reads both whole.
    if handle.format in ("MP3", "MPEG") or handle.subtype == "OPUS":
        handle.close()
        return None
    declared = handle.frames / handle.samplerate if handle.frames > 0 else None
    blocks = _counted(_soundfile_blocks(handle, path), path, declared)
    return Decoded(declared or 0.0, _resampled_runs(blocks))


def _pyav_blocks(container: "object", stream: "object", path: str) -> Iterator[tuple[np.ndarray, int]]:
    """Decoded audio, mixed down, with its sample rate: MP3s of different rates or channel counts
    joined with `cat` change both mid-stream, and FFmpeg's resampler is rebuilt for each run. A
    packet FFmpeg can't decode (the tag between two joined MP3s) is skipped; a run of them worth more
    than half a second of audio is an error, and so is an ADTS stream whose last frame is cut."""
    import av

    # Interleaved float in the source's layout; _mono mixes down (not FFmpeg's float rematrix, which
    # is 3 dB louder than its 16-bit one) and soxr resamples.
    resampler, setup = None, None
    undecodable = Undecodable(path)
    last = None
    try:
        for packet in container.demux(stream):  # type: ignore[attr-defined]
            try:
                frames = packet.decode()
            except av.error.InvalidDataError:
                undecodable.refused(bytes(packet), float(packet.duration * packet.time_base) if packet.duration
                                    else 0.026)
                last = packet
                continue
            undecodable.decoded(packet.size, sum(frame.samples / frame.sample_rate for frame in frames))
            last = packet if packet.size else last
            for frame in frames:
                if frame.format.name == "fltp":  # what MP3, AAC and Opus decoders give: no conversion needed
                    yield frame.to_ndarray().T, frame.sample_rate
                    continue
                if (frame.sample_rate, frame.layout.name) != setup:
                    yield from _flushed(resampler)
                    resampler, setup = av.AudioResampler(format="flt"), (frame.sample_rate, frame.layout.name)
                for out in resampler.resample(frame):
                    yield _interleaved(out), out.sample_rate
        yield from _flushed(resampler)
        missing = adts_missing_bytes(bytes(last)) if last is not None and container.format.name == "aac" else 0
        if missing:
            raise DataError(f"the file is cut short: its last ADTS frame lacks {missing} bytes", path)
    finally:
        container.close()  # type: ignore[attr-defined]


def _flushed(resampler: "object") -> Iterator[tuple[np.ndarray, int]]:
    if resampler is not None:
        for out in resampler.resample(None):  # type: ignore[attr-defined]
            yield _interleaved(out), out.sample_rate


def _interleaved(frame: "object") -> np.ndarray:
    channels = len(frame.layout.channels)  # type: ignore[attr-defined]
    return frame.to_ndarray().reshape(-1, channels)  # type: ignore[attr-defined]


def _mixed_by_the_second(frames: Iterator[tuple[np.ndarray, int]]) -> Iterator[tuple[np.ndarray, int]]:
    """Decoded frames (samples x channels) mixed down a second at a time: an MP3 frame is 26 ms, and
    mixing and resampling each on its own cost four times the decoding (a 20-minute MP3: 46,000 calls)."""
    pending: list[np.ndarray] = []
    setup, held = None, 0
    for frames_in, rate in frames:
        if (rate, frames_in.shape[1]) != setup and pending:
            yield _mono(np.concatenate(pending)), setup[0]  # type: ignore[index]
            pending, held = [], 0
        setup = (rate, frames_in.shape[1])
        pending.append(frames_in)
        held += len(frames_in)
        if held >= rate:
            yield _mono(np.concatenate(pending)), rate
            pending, held = [], 0
    if pending:
        yield _mono(np.concatenate(pending)), setup[0]  # type: ignore[index]


def _open_pyav(path: str) -> Decoded:
    import av

    try:
        with quiet_stderr():
            container = av.open(path)
    except (av.error.FFmpegError, OSError, ValueError) as exc:
        raise unreadable(path, exc) from None
    if not container.streams.audio:
        container.close()
        raise DataError("no audio stream in the file", path)
    stream = container.streams.audio[0]
    rate = stream.codec_context.sample_rate or stream.rate
    if not rate:
        container.close()
        raise DataError("audio stream without a sample rate", path)
    duration = float(stream.duration * stream.time_base) if stream.duration and stream.time_base else (
        container.duration / 1_000_000 if container.duration else None)
    # An MP3's or ADTS stream's length is estimated from its bit rate (ADTS's by seconds): not a promise.
    # Cut MP3s are caught by their header, cut ADTS streams by their last frame.
    exact = container.format.name not in ESTIMATED_LENGTH
    mixed = _mixed_by_the_second(_pyav_blocks(container, stream, path))
    blocks = _counted(_guard(mixed, path), path, duration if exact else None)
    return Decoded(duration, _resampled_runs(blocks), estimated=not exact)


def _counted(blocks: Iterator[tuple[np.ndarray, int]], path: str, declared: float | None
             ) -> Iterator[tuple[np.ndarray, int]]:
    """The blocks (mono, with their rate), then a check that none of the declared audio is missing."""
    samples: dict[int, int] = {}  # by rate: a sum of whole samples, as exact as the rates allow
    for block, rate in blocks:
        samples[rate] = samples.get(rate, 0) + len(block)
        yield block, rate
    check_length(path, declared, sum(count / rate for rate, count in samples.items()))


def _guard(blocks: Iterator[np.ndarray], path: str) -> Iterator[np.ndarray]:
    """Turn decoder failures in the middle of a file into a one-line DataError."""
    import av

    try:
        yield from blocks
    except av.error.FFmpegError as exc:
        raise DataError(f"audio data is corrupt ({exc.__class__.__name__})", path) from None


def open_audio(path: str) -> Decoded:
    """Open a recording for streaming decode; raises DataError when it can't be read."""
    if not os.path.exists(path):
        raise DataError("no such file", path)
    if os.path.isdir(path):
        raise DataError("is a directory", path)
    if not os.access(path, os.R_OK):
        raise DataError("permission denied", path)
    return _open_soundfile(path) or _open_pyav(path)
