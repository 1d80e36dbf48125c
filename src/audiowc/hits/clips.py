"""Cutting hits out of their recordings: one short clip each, and one supercut of them all.

Clips keep the recording's own samples, rate and channels. The supercut takes the first clip's
rate and channels (the others are converted to them) and puts a short gap with a soft tone
between clips, so a listener hears where one hit ends and the next begins.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

import numpy as np
import soundfile as sf
import soxr

from ..audio.excerpt import Excerpt, find_audio, read_excerpt
from ..cli.outputs import written_whole
from ..count.hitlines import HitLine
from ..errors import DataError
from ..fields import clock

TONE_HZ = 880.0
TONE_SECONDS = 0.08
TONE_LEVEL = 0.1
SUPERCUT_FORMATS = {".wav": "WAV", ".flac": "FLAC", ".ogg": "OGG"}


@dataclass
class Clip:
    hit: HitLine
    excerpt: Excerpt
    path: Path


def clip_name(source: str, start: float, used: set[str]) -> str:
    """`stem_HHhMMmSS.mmms.wav`, by the recording's name and the hit's time; a second clip with the
    same name gets `-2`, and so on."""
    stem = Path(os.path.basename(source)).stem or "clip"
    base = f"{stem}_{clock(start, ('h', 'm', 's'))}"
    name, n = f"{base}.wav", 1
    while name in used:
        n += 1
        name = f"{base}-{n}.wav"
    used.add(name)
    return name


def write_audio(path: Path, samples: np.ndarray, rate: int) -> None:
    """Write under a temporary name in the same directory, then rename: never a half-written file."""
    fmt = SUPERCUT_FORMATS.get(path.suffix.lower(), "WAV")
    with written_whole(path) as part:
        sf.write(part, samples, rate, format=fmt, subtype="PCM_16" if fmt != "OGG" else "VORBIS")


def cut_clips(hits: Iterable[HitLine], out_dir: Path, pad: float, audio_dir: str | None,
              write: bool = True) -> Iterator[Clip]:
    """Each hit's clip, `pad` seconds either side of it, written to out_dir (unless write=False)."""
    used: set[str] = {p.name for p in out_dir.iterdir()} if write and out_dir.is_dir() else set()
    for hit in hits:
        path = find_audio(hit.source, audio_dir)
        excerpt = read_excerpt(path, hit.start - pad, hit.end + pad)
        if not len(excerpt.samples):  # a hit from another recording's transcript, or a wrong time
            raise DataError(f"the hit at {clock(hit.start)} lies past the recording's end", path)
        clip = Clip(hit, excerpt, out_dir / clip_name(hit.source, hit.start, used))
        if write:
            out_dir.mkdir(parents=True, exist_ok=True)  # only now: no hit, no folder
            write_audio(clip.path, excerpt.samples, excerpt.rate)
        yield clip


def separator(rate: int, channels: int, gap: float) -> np.ndarray:
    """`gap` seconds of silence with a short soft tone in its middle (none when the gap is too short)."""
    out = np.zeros((int(round(gap * rate)), channels), np.float32)
    tone = int(TONE_SECONDS * rate)
    if gap > 2 * TONE_SECONDS and tone > 0:
        t = np.arange(tone) / rate
        beep = TONE_LEVEL * np.sin(2 * np.pi * TONE_HZ * t) * np.hanning(tone)
        first = (len(out) - tone) // 2
        out[first:first + tone] = beep[:, None]
    return out


def conform(excerpt: Excerpt, rate: int, channels: int) -> np.ndarray:
    """An excerpt's samples at the supercut's rate and channel count."""
    samples = excerpt.samples
    if samples.shape[1] != channels:
        samples = np.repeat(samples.mean(axis=1, keepdims=True), channels, axis=1)
    if excerpt.rate != rate and len(samples):
        samples = soxr.resample(samples, excerpt.rate, rate).astype(np.float32)
    return samples


class Supercut:
    """Collects the clips in order and writes them, gaps between, as one file."""

    def __init__(self, path: Path, gap: float) -> None:
        self.path, self.gap = path, gap
        self.parts: list[np.ndarray] = []
        self.rate, self.channels = 0, 0

    def add(self, excerpt: Excerpt) -> None:
        if not self.rate:
            self.rate, self.channels = excerpt.rate, excerpt.samples.shape[1]
        elif self.gap > 0:
            self.parts.append(separator(self.rate, self.channels, self.gap))
        self.parts.append(conform(excerpt, self.rate, self.channels))

    def write(self) -> None:
        if self.parts:
            write_audio(self.path, np.concatenate(self.parts), self.rate)
