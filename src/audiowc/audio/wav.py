"""Writing 16 kHz mono samples as a PCM WAV file, whole or not at all."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np

from ..cli.outputs import written_whole
from ..records import SAMPLE_RATE


def to_pcm16(samples: np.ndarray) -> np.ndarray:
    """Float samples to int16 the same way every time (so re-runs give identical files)."""
    return np.clip(np.round(samples * 32768.0), -32768, 32767).astype(np.int16)


def write_wav(path: Path, samples: np.ndarray) -> None:
    """Write 16 kHz mono PCM_16 under a temporary name, then rename: never a half-written chunk.

    The stdlib's wave writer, not libsndfile's: an error (a full disk) is then a plain OSError, not
    a traceback printed from inside a C callback. (au-split holds Ctrl-C and SIGTERM while a chunk
    is written and announced, so neither lands inside the write.)"""
    pcm = to_pcm16(samples)
    try:
        with written_whole(path) as part, wave.open(part, "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(SAMPLE_RATE)
            out.writeframes(pcm.astype("<i2").tobytes())
    except OSError as exc:  # a full disk: say which file
        raise OSError(exc.errno, exc.strerror, str(path)) from None
