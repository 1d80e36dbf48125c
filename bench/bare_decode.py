"""The baseline for au-split: streaming decode (soundfile) + resample to 16 kHz mono (soxr), nothing else."""

from __future__ import annotations

import sys

import soundfile as sf
import soxr

with sf.SoundFile(sys.argv[1]) as handle:
    stream = soxr.ResampleStream(handle.samplerate, 16000, 1, dtype="float32", quality="HQ")
    total = 0
    for block in handle.blocks(1 << 16, dtype="float32", always_2d=True):
        total += len(stream.resample_chunk(block.mean(axis=1, dtype="float32")))
    total += len(stream.resample_chunk(block[:0, 0], last=True))
print(f"{total / 16000:.1f} s decoded", file=sys.stderr)
