"""How often au-stt decodes a window again, and what that costs: decodes and audio seconds per chunk.

Usage: python bench/redo_rate.py MANIFEST.jsonl [AU-STT OPTIONS as engine fields, e.g. beam_size=2]
Runs the Whisper engine in-process over an au-split manifest with a counting wrapper around each
decode, and prints the chunks, windows redone, second passes, windows dropped, decodes and the
audio seconds decoded against the audio's length (1.00 means nothing was decoded twice).
"""

from __future__ import annotations

import io
import sys
import time

import numpy as np

import audiowc.transcribe.engines.whisper as whisper
from audiowc.transcribe.engines.interface import EngineOptions
from audiowc.transcribe.judge import Window
from audiowc.transcribe.redo import ChunkReading, Decode, read_chunk
from audiowc.transcribe.stt_input import chunk_audio, manifest_chunks

totals = {"chunks": 0, "redone": 0, "second passes": 0, "dropped": 0, "decodes": 0, "decoded s": 0.0}


def counting_read_chunk(samples: np.ndarray, prompt: str | None, decode: Decode,
                        second_pass: bool = True) -> ChunkReading:
    def counted(piece: np.ndarray, piece_prompt: str | None, temperature: float) -> list[Window]:
        totals["decodes"] += 1
        totals["decoded s"] += len(piece) / 16000
        return decode(piece, piece_prompt, temperature)

    reading = read_chunk(samples, prompt, counted, second_pass)
    totals["chunks"] += 1
    totals["redone"] += reading.redone
    totals["second passes"] += reading.second_passes
    totals["dropped"] += len(reading.dropped)
    return reading


def main() -> None:
    manifest, fields = sys.argv[1], dict(arg.split("=", 1) for arg in sys.argv[2:])
    options = EngineOptions(**{k: int(v) if v.isdigit() else v for k, v in fields.items()})
    whisper.read_chunk = counting_read_chunk  # type: ignore[assignment]
    with open(manifest, "rb") as handle:
        items = list(chunk_audio(manifest_chunks(io.BytesIO(handle.read()), manifest), True, False, print))
    audio = sum(len(i.samples) for i in items) / 16000
    started = time.perf_counter()
    for _chunk, _segments in whisper.WhisperEngine(options).transcribe(items):
        pass
    elapsed = time.perf_counter() - started
    print(", ".join(f"{k} {v:.0f}" for k, v in totals.items()),
          f"| audio {audio:.0f} s, decoded {totals['decoded s'] / audio:.2f}x of it, {elapsed:.1f} s")


if __name__ == "__main__":
    main()
