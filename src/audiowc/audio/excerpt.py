"""Reading a stretch of a recording by seeking, so the cost follows the stretch, not the file.

soundfile seeks sample-exactly in WAV, FLAC, OGG and MP3; other containers go through PyAV, which
seeks to a packet before the stretch and decodes forward from there.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np
import soundfile as sf
import soxr

from ..errors import DataError
from ..records import SAMPLE_RATE
from .decode import quiet_stderr
from .integrity import unreadable
from .magic import audio_kind

HEAD_BYTES = 16  # enough for audio_kind


@dataclass
class Excerpt:
    """Samples (frames x channels, float32) at the recording's own rate."""

    samples: np.ndarray
    rate: int
    start: float  # where the first sample sits in the recording, seconds

    def mono16k(self) -> np.ndarray:
        """The excerpt as the recogniser hears it: 16 kHz mono float32."""
        mono = self.samples.mean(axis=1, dtype=np.float32)
        return mono if self.rate == SAMPLE_RATE else soxr.resample(mono, self.rate, SAMPLE_RATE).astype(np.float32)


def read_excerpt(path: str, start: float, end: float) -> Excerpt:
    """The recording's samples from start to end seconds (clipped to the recording)."""
    start = max(0.0, start)
    try:
        with quiet_stderr():
            handle = sf.SoundFile(os.fsencode(path))
    except (sf.LibsndfileError, RuntimeError, TypeError):
        return _pyav_excerpt(path, start, end)
    with handle:
        first = min(int(round(start * handle.samplerate)), handle.frames)
        last = min(int(round(end * handle.samplerate)), handle.frames)
        try:
            handle.seek(first)
            frames = handle.read(max(0, last - first), dtype="float32", always_2d=True)
        except (sf.LibsndfileError, RuntimeError) as exc:
            raise DataError(f"audio data is corrupt ({exc})", path) from None
        return Excerpt(frames, handle.samplerate, first / handle.samplerate)


def _pyav_excerpt(path: str, start: float, end: float) -> Excerpt:
    import av

    try:
        with quiet_stderr():
            container = av.open(path)
    except (av.error.FFmpegError, OSError, ValueError) as exc:
        raise unreadable(path, exc) from None
    with container:
        if not container.streams.audio:
            raise DataError("no audio stream in the file", path)
        stream = container.streams.audio[0]
        rate = stream.codec_context.sample_rate or stream.rate
        if stream.time_base:
            container.seek(int(start / stream.time_base), stream=stream, backward=True)
        pieces: list[np.ndarray] = []
        first = int(round(start * rate))
        last = int(round(end * rate))
        try:
            for frame in container.decode(stream):
                at = int(round(float(frame.pts * frame.time_base) * rate)) if frame.pts is not None else first
                data = _planar(frame.to_ndarray(), frame.format.is_planar, len(frame.layout.channels))
                keep = data[max(0, first - at): max(0, last - at)]
                if len(keep):
                    pieces.append(keep)
                if at + len(data) >= last:
                    break
        except av.error.FFmpegError as exc:
            raise DataError(f"audio data is corrupt ({exc.__class__.__name__})", path) from None
    channels = pieces[0].shape[1] if pieces else 1
    samples = np.concatenate(pieces) if pieces else np.zeros((0, channels), np.float32)
    return Excerpt(samples, rate, first / rate)


def _planar(data: np.ndarray, planar: bool, channels: int) -> np.ndarray:
    """PyAV frames as frames x channels float32 (planar is channels x frames; packed interleaves)."""
    if data.dtype.kind == "i":
        data = data.astype(np.float32) / float(np.iinfo(data.dtype).max + 1)
    data = data.astype(np.float32, copy=False)
    return data.T if planar else data.reshape(-1, channels)


def find_audio(source: str, audio_dir: str | None) -> str:
    """Where a hit's recording is now: under audio_dir, else as recorded; in each place the file of that
    name, else the one audio file of that name plus an extension (a transcript's source names its
    recording without it: `Other Tool` for `Other Tool.srt`, see transcripts/names.py)."""
    places = ([os.path.join(audio_dir, os.path.basename(source))] if audio_dir is not None else []) + [source]
    for place in places:
        if os.path.isfile(place):
            return place
        found = _audio_with_extension(place)
        if len(found) == 1:
            return found[0]
        if found:
            names = ", ".join(os.path.basename(path) for path in found)
            raise DataError(f"several recordings could be it ({names}): name one with --source FILE (tok, wc-words)",
                            source)
    hint = f" or in {audio_dir}" if audio_dir is not None else " (--audio-dir DIR says where it went)"
    raise DataError(f"recording not found as recorded, nor as one audio file of that name and an "
                    f"extension{hint}", source)


def _audio_with_extension(path: str) -> list[str]:
    """The files NAME.EXT beside path (NAME its file name, EXT one more extension) whose first bytes
    say audio, sorted."""
    folder, name = os.path.split(path)
    try:
        entries = os.listdir(folder or ".")
    except OSError:  # no such folder, or not one to read: nothing there
        return []
    found = []
    for entry in sorted(entries):
        extension = entry[len(name) + 1:]
        if not (entry.startswith(name + ".") and extension and "." not in extension):
            continue
        candidate = os.path.join(folder, entry)
        try:
            with open(candidate, "rb") as handle:
                head = handle.read(HEAD_BYTES)
        except OSError:  # a folder, or unreadable: not the recording
            continue
        if audio_kind(head) is not None:
            found.append(candidate)
    return found
