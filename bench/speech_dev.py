"""Word error rate on a folder of real recordings with references, all files in one run and each alone.

Usage: python bench/speech_dev.py [--stt-opts "OPTS"] [--split-opts "OPTS"] [--no-alone] DIR
DIR holds NAME.flac (or .wav, .mp3) with NAME.txt beside it, e.g. ../shared/speech-dev. Both the reference and
the transcript go through the tokeniser `tok` uses; WER is the word edit distance over reference words.
Prints one line a file (together, alone, and whether the two transcripts are identical) and the
pooled figure; exits 1 if a file's transcript depends on the files decoded before it.
"""

from __future__ import annotations

import argparse
import json
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from audiowc.text.tokenise import tokenise

# The commands beside this Python (a venv), else those on PATH.
BIN = Path(sys.executable).parent if (Path(sys.executable).parent / "au-stt").exists() else \
    Path(shutil.which("au-stt") or "au-stt").parent


def transcribe(files: list[Path], split_opts: str, stt_opts: str) -> tuple[float, dict[str, list[dict]]]:
    """Seconds taken and the segments of each source, from one `au-split FILES | au-stt` run."""
    with tempfile.TemporaryDirectory() as tmp:
        names = " ".join(shlex.quote(str(f)) for f in files)
        command = f"set -o pipefail; {BIN}/au-split -o {tmp} {split_opts} {names} | {BIN}/au-stt {stt_opts}"
        started = time.perf_counter()
        out = subprocess.run(["bash", "-c", command], capture_output=True, text=True)
        elapsed = time.perf_counter() - started
    if out.returncode != 0:
        sys.exit(f"pipeline failed ({out.returncode}): {out.stderr.strip()}")
    for line in out.stderr.splitlines():
        print(f"  stderr: {line}")
    by_source: dict[str, list[dict]] = {str(f): [] for f in files}
    for line in out.stdout.splitlines():
        segment = json.loads(line)
        by_source[segment["source"]].append(segment)
    return elapsed, by_source


def wer(segments: list[dict], reference: list[str]) -> tuple[int, list[str]]:
    """(word edits, recognised tokens)."""
    tokens = tokenise(" ".join(s["text"] for s in segments))
    return Levenshtein.distance(tokens, reference), tokens


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", type=Path)
    parser.add_argument("--stt-opts", default="")
    parser.add_argument("--split-opts", default="")
    parser.add_argument("--no-alone", action="store_true", help="skip the one-file-a-run pass")
    args = parser.parse_args()
    files = sorted(p for p in args.folder.iterdir() if p.suffix in (".flac", ".wav", ".mp3") and p.with_suffix(".txt").exists())
    elapsed, together = transcribe(files, args.split_opts, args.stt_opts)
    print(f"{len(files)} files in one run: {elapsed:.1f} s (au-stt {args.stt_opts or 'defaults'})")
    totals = {"ref": 0, "together": 0, "alone": 0}
    differing = 0
    print(f"{'file':34s} {'ref':>4s} {'together':>9s} {'alone':>7s}  same")
    for path in files:
        reference = tokenise(path.with_suffix(".txt").read_text())
        edits, _tokens = wer(together[str(path)], reference)
        totals["ref"] += len(reference)
        totals["together"] += edits
        line = f"{path.stem:34s} {len(reference):4d} {100 * edits / len(reference):8.1f}%"
        if not args.no_alone:
            _seconds, alone = transcribe([path], args.split_opts, args.stt_opts)
            alone_edits, _ = wer(alone[str(path)], reference)
            totals["alone"] += alone_edits
            same = [s["text"] for s in alone[str(path)]] == [s["text"] for s in together[str(path)]]
            differing += not same
            line += f" {100 * alone_edits / len(reference):6.1f}%  {'yes' if same else 'NO'}"
        print(line)
    pooled = f"pooled WER, one run: {100 * totals['together'] / totals['ref']:.1f} % over {totals['ref']} words"
    if not args.no_alone:
        pooled += f"; each alone: {100 * totals['alone'] / totals['ref']:.1f} %; files that differ: {differing}"
    print(pooled)
    if differing:
        sys.exit(1)


if __name__ == "__main__":
    main()
