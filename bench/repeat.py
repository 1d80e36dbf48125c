"""A clip repeated N times should be heard as N times the clip alone: words, and no speech left wordless.

    python bench/repeat.py [--clip examples/banana-talk.ogg] [--copies 6 24] [--keep]

Builds bench/work/repeat/CLIP-xN.wav (the decoded clip, N copies back to back), runs
`au-split X | au-stt` on the clip and on each repeated file, and prints for each: the words heard
against N times the words of the clip alone; the stretches of speech (by level, as the window
judge measures it) at least 1 s long with no word within 0.3 s, longest first; and the longest
pause between two words that holds at least 1 s of speech. --no-run reports on the transcripts
an earlier run left.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import soundfile as sf

from audiowc.audio.levels import FRAME, frame_db, speech_threshold
from audiowc.records import SAMPLE_RATE
from audiowc.transcribe.judge import DecodedWord, uncovered_speech

WORK = Path("bench/work/repeat")


def transcribe(audio: Path, out: Path, stt_args: list[str]) -> float:
    """`au-split AUDIO | au-stt > OUT`, niced; the wall time."""
    began = time.monotonic()
    with out.open("w") as sink:
        split = subprocess.Popen(["nice", "au-split", str(audio)], stdout=subprocess.PIPE)
        subprocess.run(["nice", "au-stt", *stt_args], stdin=split.stdout, stdout=sink, check=True)
        split.stdout.close()
        if split.wait():
            sys.exit(f"au-split failed on {audio}")
    return time.monotonic() - began


def words_of(transcript: Path) -> list[DecodedWord]:
    segments = [json.loads(line) for line in transcript.open()]
    return [DecodedWord(w["word"], w["start"], w["end"], w.get("prob", 1.0)) for s in segments for w in s["words"]]


def clock(seconds: float) -> str:
    return f"{int(seconds // 3600):02d}:{int(seconds % 3600 // 60):02d}:{seconds % 60:04.1f}"


def longest_silent_speech(audio: np.ndarray, words: list[DecodedWord]) -> tuple[float, float, float]:
    """(start, end, seconds of speech in it) of the longest pause between words (or before the
    first, after the last) that holds at least 1 s of speech; zeros if none does."""
    levels = frame_db(audio)
    speech = levels > speech_threshold(levels)
    per_second = SAMPLE_RATE / FRAME
    times = [t for w in sorted(words, key=lambda w: w.start) for t in (w.start, w.end)]
    edges = [0.0] + times + [len(audio) / SAMPLE_RATE]
    best = (0.0, 0.0, 0.0)
    for start, end in zip(edges[::2], edges[1::2]):
        spoken = float(np.sum(speech[int(start * per_second): int(end * per_second)])) / per_second
        if spoken >= 1.0 and end - start > best[1] - best[0]:
            best = (start, end, spoken)
    return best


def report(name: str, audio: np.ndarray, words: list[DecodedWord], expected: int | None, clip_seconds: float) -> None:
    gaps = sorted(uncovered_speech(audio.astype(np.float32), words), key=lambda g: g[0] - g[1])
    line = f"{name:28} words {len(words):6d}"
    if expected is not None:
        line += f"  alone x N {expected:6d}  {100.0 * (len(words) - expected) / expected:+6.1f} %"
    longest = gaps[0][1] - gaps[0][0] if gaps else 0.0
    print(f"{line}  wordless speech >= 1 s: {len(gaps)}, longest {longest:.1f} s")
    start, end, spoken = longest_silent_speech(audio, words)
    if spoken:
        print(f"    longest pause between words over speech: {clock(start)}-{clock(end)} ({end - start:.1f} s, "
              f"{spoken:.1f} s of it speech)")
    for start, end in gaps[:5]:
        print(f"    {clock(start)}-{clock(end)} ({end - start:.1f} s; {start % clip_seconds:.1f} s into its copy)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clip", type=Path, default=Path("examples/banana-talk.ogg"))
    parser.add_argument("--copies", type=int, nargs="+", default=[6, 24])
    parser.add_argument("--stt", default="", help="extra au-stt options, one string")
    parser.add_argument("--no-run", action="store_true", help="report on the transcripts already in " + str(WORK))
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    stt_args = args.stt.split()
    clip, rate = sf.read(str(args.clip), dtype="float32", always_2d=True)
    clip = clip.mean(axis=1)
    if rate != SAMPLE_RATE:
        sys.exit(f"the clip must be {SAMPLE_RATE} Hz mono (it is {rate} Hz)")
    # the clip alone from the very samples the copies are made of
    alone = WORK / f"{args.clip.stem}-x1.wav"
    if not args.no_run:
        sf.write(str(alone), clip, rate, subtype="PCM_16")
    print(f"{args.clip}: {len(clip) / rate:.1f} s; au-stt {' '.join(stt_args) or '(defaults)'}")
    wall = 0.0 if args.no_run else transcribe(alone, alone.with_suffix(".jsonl"), stt_args)
    alone_words = words_of(alone.with_suffix(".jsonl"))
    report(f"alone ({wall:.0f} s)", clip, alone_words, None, len(clip) / rate)
    for copies in args.copies:
        repeated = np.tile(clip, copies)
        path = WORK / f"{args.clip.stem}-x{copies}.wav"
        out = path.with_suffix(".jsonl")
        wall = 0.0
        if not args.no_run:
            sf.write(str(path), repeated, rate, subtype="PCM_16")
            wall = transcribe(path, out, stt_args)
        report(f"x{copies} ({wall:.0f} s)", repeated, words_of(out), copies * len(alone_words), len(clip) / rate)


if __name__ == "__main__":
    main()
