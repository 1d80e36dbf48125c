"""Long recordings: does a transcript of a long file hold up against its pieces transcribed alone?

Usage: python bench/longform.py [--minutes M | --hours H] [--bin DIR] [--stt-opts "..."] [--keep]
                                [--build-only]

Builds (once, cached in bench/work/longform/) a 16 kHz mono WAV of the asked length from varied
pieces: the example talk, many synthetic two-voice talks (examples/make_talk.py, one seed each),
the speech-dev recordings, 0.5-4 s pauses, 1-2 minute stretches of silence with light noise, and
a piece attenuated by 15-20 dB. The layout (each piece's start, end, source, key word count) is
written beside the WAV as JSON. The layout is fixed by seeds, so a rebuild gives the same file.
Every file holds the example talk and all speech-dev recordings (once per started hour), so the
shortest is about 9 minutes.

Then transcribes the long file with au-split | au-stt, and each distinct piece alone (one
process each, with the code under test, nothing cached), and compares: segments, punctuation-only
segments, phrases repeated back to back, fuzzy key word counts, words per minute, words per piece
span, words inside the silence stretches. Prints a table and writes LONG.summary.json.
"""

from __future__ import annotations

import argparse
import bisect
import json
import math
import random
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import soundfile as sf
import soxr

ROOT = Path(__file__).resolve().parent.parent
KEY = "banana"
RATE = 16000
SEED = 2026
PAUSE_NOISE = 0.001  # std of the noise in pauses between pieces (about -60 dBFS)
SILENCE_NOISE = 0.003  # std of the noise in silence stretches, as in make_talk's background
SECONDS_PER_SENTENCE = 3.7  # make_talk's average, to size the last talk
MAX_PERIOD, MIN_REPEATS = 8, 4
LOW, HIGH = 0.8, 1.2
Record = dict[str, Any]  # a row of the JSON summary


@dataclass(frozen=True)
class Piece:
    """A cached 16 kHz mono WAV with its reference text beside it (ID.txt)."""

    id: str
    kind: str  # example, synthetic, speech-dev, quiet, silence
    source: str
    path: Path
    duration: float
    banana: int
    ref_words: int


@dataclass(frozen=True)
class Span:
    """One piece placed in the long file."""

    index: int
    id: str
    kind: str
    source: str
    start: float
    end: float
    banana: int
    ref_words: int


@dataclass(frozen=True)
class Token:
    word: str
    start: float
    end: float


@dataclass(frozen=True)
class Run:
    """A phrase of n tokens said `repeats` times back to back."""

    phrase: str
    n: int
    repeats: int
    start: float
    end: float


@dataclass
class Transcript:
    segments: int
    punct_only: int
    tokens: list[Token]
    banana: int
    banana_times: list[float]
    seconds: float
    peak_rss_mb: float | None


# ---- pieces ---------------------------------------------------------------------------------

def write_atomic(path: Path, samples: np.ndarray, text: str) -> None:
    part = path.with_name(path.stem + ".part.wav")
    sf.write(str(part), samples, RATE, subtype="PCM_16")
    path.with_suffix(".txt").write_text(text)
    part.rename(path)


def load_mono16k(path: Path) -> np.ndarray:
    samples, rate = sf.read(str(path), dtype="float32", always_2d=True)
    mono: np.ndarray = samples.mean(axis=1)
    return mono if rate == RATE else np.asarray(soxr.resample(mono, rate, RATE), dtype=np.float32)


def describe(path: Path, kind: str, source: str) -> Piece:
    text = path.with_suffix(".txt").read_text()
    return Piece(id=path.stem, kind=kind, source=source, path=path, duration=sf.info(str(path)).duration,
                 banana=text.lower().count(KEY), ref_words=len(re.findall(r"[\w']+", text)))


def converted(src: Path, pieces: Path, kind: str, pid: str) -> Piece:
    """Any recording with a .txt beside it, as 16 kHz mono."""
    path = pieces / f"{pid}.wav"
    if not path.exists():
        write_atomic(path, load_mono16k(src), src.with_suffix(".txt").read_text())
    return describe(path, kind, str(src.relative_to(src.parent.parent)))


def synthetic(seed: int, sentences: int, pieces: Path) -> Piece:
    path = pieces / f"talk-s{seed}-n{sentences}.wav"
    if not path.exists():
        part = path.with_name(path.stem + ".part.wav")
        subprocess.run([sys.executable, str(ROOT / "examples/make_talk.py"), str(part), str(sentences), str(seed)],
                       check=True, stdout=subprocess.DEVNULL)
        part.with_suffix(".txt").rename(path.with_suffix(".txt"))
        part.rename(path)
    return describe(path, "synthetic", f"make_talk.py {sentences} {seed}")


def quiet(base: Piece, db: float, pieces: Path) -> Piece:
    path = pieces / f"quiet-{base.id}-{db:g}dB.wav"
    if not path.exists():
        samples, _ = sf.read(str(base.path), dtype="float32")
        write_atomic(path, samples * 10 ** (-db / 20), base.path.with_suffix(".txt").read_text())
    return describe(path, "quiet", f"{base.source} at -{db:g} dB")


def silence(seconds: float, seed: int, pieces: Path) -> Piece:
    path = pieces / f"silence-{seconds:g}s-s{seed}.wav"
    if not path.exists():
        noise = np.random.default_rng(seed).standard_normal(int(seconds * RATE)) * SILENCE_NOISE
        write_atomic(path, noise.astype(np.float32), "")
    return describe(path, "silence", f"{seconds:g} s of light noise")


# ---- layout ---------------------------------------------------------------------------------

def fixed_pieces(pieces: Path, speech_dev: Path, reps: int) -> list[Piece]:
    example = converted(ROOT / "examples/banana-talk.ogg", pieces, "example", "banana-talk")
    real = [converted(f, pieces, "speech-dev", f.stem) for f in sorted(speech_dev.glob("*.flac"))]
    if not real:
        sys.exit(f"no speech-dev recordings in {speech_dev}")
    return ([example] + real) * reps


def special_pieces(rng: random.Random, pieces: Path, speech_dev: Path, count: int) -> tuple[list[Piece], list[Piece]]:
    """(quiet pieces, silence stretches): `count` of each."""
    reading = "ljspeech_LJ001-0001-0012"
    bases = [synthetic(900, 30, pieces), converted(speech_dev / f"{reading}.flac", pieces, "speech-dev", reading)]
    quiets = [quiet(bases[i % 2], round(rng.uniform(15, 20) * 2) / 2, pieces) for i in range(count)]
    silences = [silence(round(rng.uniform(60, 120)), SEED + i, pieces) for i in range(count)]
    return quiets, silences


def talks(rng: random.Random, pieces: Path, budget: float) -> list[Piece]:
    """Synthetic talks with a new seed each until `budget` seconds are filled."""
    out: list[Piece] = []
    seed = 101
    while budget > 20:
        sentences = min(rng.randint(15, 60), max(6, math.ceil(budget / SECONDS_PER_SENTENCE)))
        out.append(synthetic(seed, sentences, pieces))
        budget -= out[-1].duration + 2.25
        seed += 1
    return out


def plan(target: float, pieces: Path, speech_dev: Path) -> list[tuple[Piece, float]]:
    """Pieces in order, each with the pause before it."""
    rng = random.Random(SEED)
    reps, specials = max(1, math.ceil(target / 3600)), 1 if target < 3600 else 2
    speech = fixed_pieces(pieces, speech_dev, reps)
    quiets, silences = special_pieces(rng, pieces, speech_dev, specials)
    used = sum(p.duration + 2.25 for p in speech + quiets + silences)
    speech += talks(rng, pieces, target - used)
    rng.shuffle(speech)
    for i, piece in enumerate(silences):  # silences at 1/3 and 2/3 (or 1/2), quiet pieces just past them
        at = len(speech) * (i + 1) // (specials + 1)
        speech[at:at] = [piece, quiets[i]] if i % 2 == 0 else [quiets[i], piece]
    return [(piece, 1.0 if i == 0 else round(rng.uniform(0.5, 4.0), 2)) for i, piece in enumerate(speech)]


def build(order: list[tuple[Piece, float]], out: Path) -> list[Span]:
    """Write the long WAV (unless the same layout is already there) and return its layout."""
    spans, at = [], 0
    for i, (piece, pause) in enumerate(order):
        at += int(pause * RATE)
        length = sf.info(str(piece.path)).frames
        spans.append(Span(i, piece.id, piece.kind, piece.source, at / RATE, (at + length) / RATE, piece.banana,
                          piece.ref_words))
        at += length
    layout = out.with_suffix(".layout.json")
    text = json.dumps([asdict(s) for s in spans], indent=1)
    if out.exists() and layout.exists() and layout.read_text() == text:
        return spans
    write_long(order, out)
    layout.write_text(text)
    return spans


def write_long(order: list[tuple[Piece, float]], out: Path) -> None:
    noise = np.random.default_rng(SEED)
    part = out.with_name(out.stem + ".part.wav")
    with sf.SoundFile(str(part), "w", RATE, 1, "PCM_16") as f:
        for piece, pause in order:
            f.write((noise.standard_normal(int(pause * RATE)) * PAUSE_NOISE).astype(np.float32))
            f.write(sf.read(str(piece.path), dtype="float32")[0])
    part.rename(out)


# ---- transcription --------------------------------------------------------------------------

def shell(command: str) -> str:
    return subprocess.run(["bash", "-c", "set -o pipefail; " + command], check=True, capture_output=True,
                          text=True).stdout


def transcribe(audio: Path, out: Path, bin_dir: Path, stt_opts: str, measure_rss: bool) -> tuple[float, float | None]:
    """au-split | au-stt into `out`; (seconds, au-stt peak RSS in MB or None)."""
    timer = Path("/usr/bin/time")
    with tempfile.TemporaryDirectory() as tmp:
        rss_file = Path(tmp) / "rss.txt"
        wrap = f"{timer} -v -o {shlex.quote(str(rss_file))} " if measure_rss and timer.exists() else ""
        command = (f"{shlex.quote(str(bin_dir / 'au-split'))} -o {shlex.quote(tmp + '/chunks')} "
                   f"{shlex.quote(str(audio))} | {wrap}{shlex.quote(str(bin_dir / 'au-stt'))} {stt_opts} "
                   f"> {shlex.quote(str(out))} 2> {shlex.quote(str(out.with_suffix('.err')))}")
        start = time.perf_counter()
        shell(command)
        seconds = time.perf_counter() - start
        found = re.search(r"Maximum resident set size \(kbytes\): (\d+)", rss_file.read_text()) if wrap else None
    return seconds, int(found.group(1)) / 1024 if found else None


def read_transcript(path: Path, bin_dir: Path, seconds: float, rss: float | None) -> Transcript:
    texts = [json.loads(line)["text"] for line in path.read_text().splitlines() if line.strip()]
    q = shlex.quote
    tokens = [Token(f[0], float(f[1]), float(f[2])) for f in
              (line.split("\t") for line in shell(f"{q(str(bin_dir / 'tok'))} {q(str(path))}").splitlines())]
    hits = shell(f"{q(str(bin_dir / 'tok'))} {q(str(path))} | {q(str(bin_dir / 'wc-words'))} --fuzzy {KEY} --hits")
    times = [(float(f[1]) + float(f[2])) / 2 for f in (line.split("\t") for line in hits.splitlines()) if len(f) > 2]
    return Transcript(segments=len(texts), punct_only=sum(not any(c.isalnum() for c in t) for t in texts),
                      tokens=tokens, banana=key_count(path, bin_dir), banana_times=times, seconds=seconds,
                      peak_rss_mb=rss)


def key_count(path: Path, bin_dir: Path) -> int:
    """The fuzzy key word count exactly as the pipeline prints it."""
    q = shlex.quote
    out = shell(f"{q(str(bin_dir / 'tok'))} {q(str(path))} | {q(str(bin_dir / 'wc-words'))} --fuzzy {KEY}")
    return int(out.split("\t")[0]) if out.strip() else 0


# ---- analysis -------------------------------------------------------------------------------

def is_power(phrase: list[str]) -> bool:
    """True when the phrase is a shorter phrase said more than once (so its own period is counted)."""
    n = len(phrase)
    return any(n % d == 0 and phrase == phrase[:d] * (n // d) for d in range(1, n))


def repeat_runs(tokens: list[Token]) -> list[Run]:
    """Every phrase of 1-MAX_PERIOD tokens repeated back to back at least MIN_REPEATS times."""
    words, runs = [t.word for t in tokens], []
    for n in range(1, MAX_PERIOD + 1):
        i = 0
        while i + n < len(words):
            j = i
            while j + n < len(words) and words[j] == words[j + n]:
                j += 1
            repeats = (j - i + n) // n
            if repeats >= MIN_REPEATS and not is_power(words[i:i + n]):
                runs.append(Run(" ".join(words[i:i + n]), n, repeats, tokens[i].start, tokens[i + repeats * n - 1].end))
            i = max(j, i + 1)
    return sorted(runs, key=lambda r: (-r.repeats, -r.n, r.start))


def assign(times: list[float], spans: list[Span]) -> tuple[list[int], int]:
    """Count times per span (a time in a pause goes to the nearer span); also how many fell in pauses."""
    starts, counts, in_pause = [s.start for s in spans], [0] * len(spans), 0
    for t in times:
        i = max(0, bisect.bisect_right(starts, t) - 1)
        if t >= spans[i].end and i + 1 < len(spans):
            in_pause += 1
            i = i if t - spans[i].end < spans[i + 1].start - t else i + 1
        elif t >= spans[i].end or t < spans[i].start:
            in_pause += 1
        counts[i] += 1
    return counts, in_pause


def span_of(t: float, spans: list[Span]) -> str:
    counts, _ = assign([t], spans)
    return spans[counts.index(1)].id


def clock(seconds: float) -> str:
    return f"{int(seconds // 3600):02d}:{int(seconds % 3600 // 60):02d}:{seconds % 60:04.1f}"


def run_text(run: Record | None, alone: bool = False) -> str:
    if not run:
        return "none"
    at = clock(run["start"])
    where = f"in {run['span']} at {at}" if alone else f"at {at} ({run['span']})"
    return f'"{run["phrase"]}" x{run["repeats"]} {where}'


def compare_spans(spans: list[Span], long: Transcript, alone: dict[str, Transcript]) -> list[Record]:
    words, _ = assign([(t.start + t.end) / 2 for t in long.tokens], spans)
    bananas, _ = assign(long.banana_times, spans)
    rows = []
    for span, w, b in zip(spans, words, bananas):
        ref = len(alone[span.id].tokens) if span.id in alone else 0
        ratio = w / ref if ref else None
        flag = w > 0 if span.kind == "silence" or not ref else not LOW <= w / ref <= HIGH
        rows.append({**asdict(span), "words_long": w, "words_alone": ref,
                     "ratio": None if ratio is None else round(ratio, 3), "flag": flag,
                     "banana_long": b, "banana_alone": alone[span.id].banana if span.id in alone else 0})
    return rows


def summarise(spans: list[Span], long: Transcript, alone: dict[str, Transcript], duration: float) -> Record:
    speech = [s for s in spans if s.kind != "silence"]
    speech_min = sum(s.end - s.start for s in speech) / 60
    alone_words = sum(len(alone[s.id].tokens) for s in speech)
    alone_key = sum(alone[s.id].banana for s in speech)
    truth, long_key = sum(s.banana for s in speech), long.banana
    rows = compare_spans(spans, long, alone)
    long_runs = repeat_runs(long.tokens)
    alone_runs = [{**asdict(r), "span": pid} for pid, t in alone.items() for r in repeat_runs(t.tokens)]
    alone_runs.sort(key=lambda r: (-r["repeats"], -r["n"]))
    _, in_pause = assign([(t.start + t.end) / 2 for t in long.tokens], spans)
    return {
        "duration_s": round(duration, 2), "pieces": len(speech), "distinct_pieces": len(alone),
        "silence_stretches": sum(s.kind == "silence" for s in spans),
        "long_seconds": round(long.seconds, 1), "long_rtf": round(long.seconds / duration, 4),
        "long_peak_rss_mb": None if long.peak_rss_mb is None else round(long.peak_rss_mb),
        "pieces_seconds": round(sum(t.seconds for t in alone.values()), 1),
        "segments_long": long.segments, "segments_alone": sum(alone[s.id].segments for s in speech),
        "punct_only_long": long.punct_only, "punct_only_alone": sum(alone[s.id].punct_only for s in speech),
        "repeat_runs_long": [{**asdict(r), "span": span_of(r.start, spans)} for r in long_runs],
        "worst_repeat_alone": alone_runs[0] if alone_runs else None,
        "banana_long": long_key, "banana_alone": alone_key, "banana_truth": truth,
        "banana_long_vs_alone_pct": round(100 * long_key / alone_key, 1) if alone_key else None,
        "banana_long_vs_truth_pct": round(100 * long_key / truth, 1) if truth else None,
        "words_long": len(long.tokens), "words_alone": alone_words, "ref_words": sum(s.ref_words for s in speech),
        "wpm_long": round(len(long.tokens) / speech_min, 1), "wpm_alone": round(alone_words / speech_min, 1),
        "wpm_ref": round(sum(s.ref_words for s in speech) / speech_min, 1),
        "words_in_pauses": in_pause,
        "words_in_silence": sum(int(r["words_long"]) for r in rows if r["kind"] == "silence"),
        "flagged_spans": sum(bool(r["flag"]) for r in rows), "spans": rows,
    }


def report(s: Record, layout: Path) -> None:
    rss = f", au-stt peak RSS {s['long_peak_rss_mb']} MB" if s["long_peak_rss_mb"] is not None else ""
    runs = s["repeat_runs_long"]
    print(f"long file: {s['duration_s']} s ({s['duration_s'] / 60:.1f} min), {s['pieces']} pieces "
          f"({s['distinct_pieces']} distinct), {s['silence_stretches']} silence stretches; layout {layout}")
    print(f"long run {s['long_seconds']} s (RTF {s['long_rtf']}){rss}; pieces alone {s['pieces_seconds']} s")
    print(f"{'':28s}{'long':>10s}{'alone':>10s}{'truth':>10s}")
    print(f"{'segments':28s}{s['segments_long']:>10}{s['segments_alone']:>10}")
    print(f"{'punctuation-only segments':28s}{s['punct_only_long']:>10}{s['punct_only_alone']:>10}")
    print(f"{KEY + ' (fuzzy)':28s}{s['banana_long']:>10}{s['banana_alone']:>10}{s['banana_truth']:>10}"
          f"   long/alone {s['banana_long_vs_alone_pct']} % (goal 95-105), "
          f"long/truth {s['banana_long_vs_truth_pct']} %")
    print(f"{'words':28s}{s['words_long']:>10}{s['words_alone']:>10}{s['ref_words']:>10}")
    print(f"{'words/min of piece audio':28s}{s['wpm_long']:>10}{s['wpm_alone']:>10}{s['wpm_ref']:>10}")
    print(f"{'words in silence stretches':28s}{s['words_in_silence']:>10}{'':>10}{0:>10}")
    print(f"{'words in pauses':28s}{s['words_in_pauses']:>10}")
    print(f"repeat runs (>= {MIN_REPEATS}x, 1-{MAX_PERIOD} tokens): long {len(runs)}, worst "
          f"{run_text(runs[0] if runs else None)}; alone worst {run_text(s['worst_repeat_alone'], True)}")
    print(f"spans flagged (words long/alone < {LOW:.0%} or > {HIGH:.0%}, or words in silence): {s['flagged_spans']}")
    for r in s["spans"]:
        if r["flag"]:
            ratio = "-" if r["ratio"] is None else f"{100 * r['ratio']:.0f} %"
            print(f"  {clock(r['start'])}-{clock(r['end'])} {r['id'][:34]:34s} ref {r['ref_words']:4d} alone "
                  f"{r['words_alone']:4d} long {r['words_long']:4d} {ratio:>6s}  {KEY} long/alone/truth "
                  f"{r['banana_long']}/{r['banana_alone']}/{r['banana']}")


# ---- main -----------------------------------------------------------------------------------

def options() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    length = p.add_mutually_exclusive_group()
    length.add_argument("--minutes", type=float, help="length of the long file (default 40)")
    length.add_argument("--hours", type=float, help="length of the long file in hours")
    found = shutil.which("au-stt")
    p.add_argument("--bin", type=Path, default=Path(found).parent if found else Path(sys.executable).parent,
                   help="where au-split, au-stt, tok and wc-words are (default: au-stt's on PATH)")
    p.add_argument("--stt-opts", default="", help="extra au-stt options, one quoted string")
    p.add_argument("--keep", action="store_true", help="keep the transcripts in bench/work/longform/run-LEN/")
    p.add_argument("--build-only", action="store_true", help="build the long file and its layout, transcribe nothing")
    p.add_argument("--work", type=Path, default=ROOT / "bench/work/longform", help="cache and output directory")
    p.add_argument("--speech-dev", type=Path, default=ROOT.parent / "shared/speech-dev")
    return p.parse_args()


def transcribe_all(spans: list[Span], long_wav: Path, pieces: Path, out: Path,
                   args: argparse.Namespace) -> tuple[Transcript, dict[str, Transcript]]:
    """The long file, then each distinct non-silence piece alone, one at a time."""
    print(f"transcribing {long_wav.name} ...", file=sys.stderr)
    long_jsonl = out / "long.jsonl"
    seconds, rss = transcribe(long_wav, long_jsonl, args.bin, args.stt_opts, measure_rss=True)
    long = read_transcript(long_jsonl, args.bin, seconds, rss)
    alone: dict[str, Transcript] = {}
    for span in spans:
        if span.kind == "silence" or span.id in alone:
            continue
        print(f"  alone: {span.id}", file=sys.stderr)
        jsonl = out / f"{span.id}.jsonl"
        seconds, _ = transcribe(pieces / f"{span.id}.wav", jsonl, args.bin, args.stt_opts, measure_rss=False)
        alone[span.id] = read_transcript(jsonl, args.bin, seconds, None)
    return long, alone


def main() -> None:
    args = options()
    minutes = args.hours * 60 if args.hours else args.minutes or 40.0
    tag = f"{minutes:g}m"
    pieces = args.work / "pieces"
    pieces.mkdir(parents=True, exist_ok=True)
    long_wav = args.work / f"long-{tag}.wav"
    spans = build(plan(minutes * 60, pieces, args.speech_dev), long_wav)
    duration = sf.info(str(long_wav)).duration
    print(f"{long_wav}: {duration:.1f} s, {len(spans)} spans", file=sys.stderr)
    if args.build_only:
        return
    keep_dir = args.work / f"run-{tag}"
    with tempfile.TemporaryDirectory() as tmp:
        out = keep_dir if args.keep else Path(tmp)
        out.mkdir(parents=True, exist_ok=True)
        long, alone = transcribe_all(spans, long_wav, pieces, out, args)
    summary = summarise(spans, long, alone, duration)
    summary["stt_opts"] = args.stt_opts
    path = long_wav.with_suffix(".summary.json")
    path.write_text(json.dumps(summary, indent=1, default=str))
    report(summary, long_wav.with_suffix(".layout.json"))
    print(f"summary: {path}")


if __name__ == "__main__":
    main()
