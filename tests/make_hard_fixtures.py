"""Rebuild the hard-case audio fixtures in tests/data (committed; the tests need none of this).

Usage: python tests/make_hard_fixtures.py SPEECH_DEV_DIR

SPEECH_DEV_DIR holds the real-speech recordings listed in tests/data/SOURCES.md (NAME.flac and
NAME.txt). Needs numpy, soundfile and soxr (all dependencies of the package). Everything is
deterministic: the same inputs give the same samples.

Writes:
  quiet-second-speaker.flac  a loud talker, then a second talker 18 dB quieter (VAD drops it)
  cards-x4.flac              one short phrase said four times (the model loops on it)
  notes.flac                 synthetic musical notes, no speech (a punctuation-only segment)
  speech/NAME.flac, .txt     unchanged copies of eight short recordings; in one au-split run in
                             the order of CHAIN they show junk text carried from file to file
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import numpy as np
import soundfile as sf
import soxr

RATE = 16000
DATA = Path(__file__).parent / "data"
CHAIN = ["mfa_english_t", "ps_cards005", "mfa_english_slow", "mfa_multilingual_ipa",
         "mfa_multilingual_ipa_5", "mfa_multilingual_ipa_us_4", "mfa_words", "ami_ES2011a_headset0_40-46s"]


def load(src: Path, name: str, start: float = 0.0, end: float | None = None) -> np.ndarray:
    """16 kHz mono float32 samples of src/name.flac from start to end seconds."""
    samples, rate = sf.read(str(src / f"{name}.flac"), dtype="float32")
    if samples.ndim > 1:
        samples = samples.mean(axis=1)
    if rate != RATE:
        samples = soxr.resample(samples, rate, RATE)
    return samples[int(start * RATE): None if end is None else int(end * RATE)]


def level(samples: np.ndarray) -> float:
    """95th percentile of the 20 ms frame levels (dBFS): the level of the loud, voiced part."""
    frames = samples[: len(samples) // 320 * 320].reshape(-1, 320)
    return float(np.percentile(10 * np.log10((frames ** 2).mean(axis=1) + 1e-12), 95))


def at_level(samples: np.ndarray, target: float = -20.0) -> np.ndarray:
    return samples * 10 ** ((target - level(samples)) / 20)


def silence(seconds: float) -> np.ndarray:
    return np.zeros(int(seconds * RATE), dtype="float32")


def write(name: str, samples: np.ndarray) -> None:
    sf.write(str(DATA / name), np.clip(samples, -1, 1).astype("float32"), RATE, subtype="PCM_16")


def notes() -> np.ndarray:
    """Six seconds of 24 plucked notes (three harmonics, decaying), a fixed random tune."""
    rng = np.random.default_rng(7)
    t = np.arange(6 * RATE) / RATE
    rng.standard_normal(len(t))  # two draws used elsewhere when this tune was first made; kept so
    rng.standard_normal(len(t))  # the tune, and the fixture, stay the same
    pitches = [262, 294, 330, 349, 392, 440, 494, 523]
    out = np.zeros_like(t)
    for i in range(24):
        pitch = pitches[rng.integers(8)]
        start = int(i * 0.25 * RATE)
        tt = t[: int(0.25 * RATE)]
        note = sum(0.2 / k * np.sin(2 * np.pi * pitch * k * tt) for k in (1, 2, 3))
        out[start: start + len(tt)] = note * np.exp(-3 * tt)
    return out


def main() -> None:
    src = Path(sys.argv[1])
    loud = at_level(load(src, "mfa_english_t"))
    quiet = at_level(load(src, "mfa_cold_corpus3", 0.0, 11.7)) * 10 ** (-18 / 20)
    write("quiet-second-speaker.flac", np.concatenate([loud, silence(0.5), quiet]))
    cards = load(src, "ps_cards005")
    write("cards-x4.flac", np.concatenate([cards, silence(0.3)] * 4))
    write("notes.flac", notes())
    (DATA / "speech").mkdir(exist_ok=True)
    for name in CHAIN:
        for ext in (".flac", ".txt"):
            shutil.copyfile(src / f"{name}{ext}", DATA / "speech" / f"{name}{ext}")


if __name__ == "__main__":
    main()
