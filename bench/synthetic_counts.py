"""The count on synthetic talks with voices and noise the project was not tuned on, against
faster-whisper beam 5 on the whole file.

Each seed builds a talk (examples/make_talk.py's sentences, a third of them saying "banana") read by
two espeak-ng voices picked by the seed from VOICES, at a speed and under a noise level also drawn
from the seed, then counts "banana" three ways: faster-whisper beam 5 on the whole file (its
segments counted by tok | wc-words --fuzzy), `au-count --no-verify` (the transcript's own count)
and `au-count` (the count to trust). The example talk (examples/banana-talk.ogg, 9 said) is
counted the same ways. CPU seconds are the children's user+sys time.

Usage: python bench/synthetic_counts.py [--seeds 101 202 303] [--sentences 45] [--work DIR]
Needs espeak-ng; the package importable and its commands beside this Python.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import soundfile as sf
import soxr

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "examples"))
from make_talk import KEY, RATE, WITH_KEY, WITHOUT_KEY  # noqa: E402

BIN = Path(sys.executable).parent
VOICES = ["en-gb-scotland+m2", "en-029+f3", "en-us-nyc+m5", "en-gb-x-rp+f4", "en-gb-x-gbcwmd+m1", "en+klatt2",
          "en-gb-x-gbclan+f1", "en-us+m7"]


def speak(text: str, voice: str, speed: int, folder: Path) -> np.ndarray:
    wav = folder / "s.wav"
    subprocess.run(["espeak-ng", "-v", voice, "-s", str(speed), "-w", str(wav), text], check=True)
    samples, rate = sf.read(str(wav), dtype="float32")
    return soxr.resample(samples, rate, RATE)


def make_talk(path: Path, sentences: int, seed: int) -> tuple[int, str]:
    rng = random.Random(seed)
    voices, speed, level = rng.sample(VOICES, 2), rng.randint(140, 180), rng.choice([0.003, 0.01, 0.02])
    said = [rng.choice(WITH_KEY) if i % 3 == 0 else rng.choice(WITHOUT_KEY) for i in range(sentences)]
    noise = np.random.default_rng(seed)
    parts = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, sentence in enumerate(said):
            parts.append(0.8 * speak(sentence, voices[(i // 3) % 2], speed, Path(tmp)))
            parts.append(np.zeros(int(RATE * rng.uniform(0.3, 1.5)), dtype=np.float32))
    talk = np.concatenate(parts)
    talk += (level * noise.standard_normal(len(talk))).astype(np.float32)
    sf.write(str(path), np.clip(talk, -1, 1), RATE, subtype="PCM_16")
    return sum(s.lower().count(KEY) for s in said), f"{'+'.join(voices)}, {speed} wpm, noise {level}"


def timed(argv: list[str], **kwargs: object) -> tuple[str, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run(argv, capture_output=True, text=True, check=True, **kwargs).stdout  # type: ignore[call-overload]
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return out, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


FW_SCRIPT = """
import json, sys
from faster_whisper import WhisperModel
from audiowc.engines.models import resolve_model
path, name = resolve_model(None)
model = WhisperModel(path, device="cpu", compute_type="int8")
segments, _ = model.transcribe(sys.argv[1], beam_size=5, word_timestamps=True, language="en")
for s in segments:
    words = [{"word": w.word.strip(), "start": w.start, "end": w.end} for w in s.words or []]
    print(json.dumps({"source": sys.argv[1], "start": s.start, "end": s.end, "text": s.text.strip(),
                      "words": words, "engine": "faster-whisper"}))
"""


def count_of(output: str) -> int:
    return sum(int(line.split("\t")[0]) for line in output.splitlines() if line.endswith(f"\t{KEY}"))


def measure(audio: Path) -> dict[str, tuple[int, float]]:
    fw, fw_cpu = timed([sys.executable, "-c", FW_SCRIPT, str(audio)])
    counted = subprocess.run(f"{BIN}/tok | {BIN}/wc-words --fuzzy {KEY}", shell=True, input=fw, capture_output=True,
                             text=True, check=True).stdout
    transcript = Path(str(audio) + ".jsonl")
    transcript.unlink(missing_ok=True)
    trusted, trusted_cpu = timed([f"{BIN}/au-count", "-w", KEY, str(audio)])
    plain, _ = timed([f"{BIN}/au-count", "--no-verify", "-w", KEY, str(audio)])
    return {"fw-beam5": (count_of(counted), fw_cpu), "au-count --no-verify": (count_of(plain), 0.0),
            "au-count": (count_of(trusted), trusted_cpu)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[101, 202, 303])
    parser.add_argument("--sentences", type=int, default=45)
    parser.add_argument("--work", type=Path, default=ROOT / "bench" / "work" / "synthetic")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    rows = []
    example = args.work / "banana-talk.ogg"
    shutil.copy(ROOT / "examples" / "banana-talk.ogg", example)
    talks = [(example, 9, "the example talk")]
    for seed in args.seeds:
        path = args.work / f"talk-{seed}.wav"
        said, how = make_talk(path, args.sentences, seed)
        talks.append((path, said, f"seed {seed}: {how}"))
    print(f"{'talk':58} {'said':>4} {'fw-beam5':>14} {'--no-verify':>11} {'au-count':>14}")
    for path, said, how in talks:
        found = measure(path)
        rows.append({"talk": how, "said": said, **{k: {"count": v[0], "cpu": v[1]} for k, v in found.items()}})
        fw, plain, trusted = found["fw-beam5"], found["au-count --no-verify"], found["au-count"]
        print(f"{how:58} {said:4d} {fw[0]:4d} ({fw[1]:5.1f} s) {plain[0]:11d} {trusted[0]:4d} ({trusted[1]:5.1f} s)",
              flush=True)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
