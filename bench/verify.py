"""How much au-verify mends a count: recall and precision before and after, and what it costs.

Builds a synthetic talk with espeak-ng (several voices and speeds): sentences that say "banana"
(the truth), sentences with decoys (bandana, band, Panama, banal, nana) and filler. Transcribes it
with au-split | au-stt | tok, then plants mishearings in the tokens: some decoys become "banana"
(false hits) and some bananas become near-misses the count misses ("bananna" shown as an
uncounted candidate, "manana"). Hits are `wc-words --fuzzy banana --hits --near`: the counted
hits and the near-misses shown but not counted; au-verify judges them all, by default with the
planted tokens as its --transcript. A hit is true when it falls in a sentence that says banana.

The talk is built and transcribed once per WORKDIR (its plan and voices from --seed); later runs
reuse it and time au-verify only, so settings can be compared on the same talk.

Usage: python bench/verify.py WORKDIR [--seed N] [--no-transcript] [AU-VERIFY OPTIONS]
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import soundfile as sf
from rapidfuzz import fuzz

BANANA = ["I put a banana in my lunch box.", "She peeled the banana slowly.", "A ripe banana has brown spots.",
          "He bought one banana at the market.", "The banana was still green.", "We baked banana bread on Sunday."]
DECOYS = ["He wore a red bandana on his head.", "The band played until midnight.", "They sailed through Panama last year.",
          "The speech was banal and long.", "My nana makes soup on Fridays.", "She tied a blue bandana to the bag."]
FILLER = ["The train left the station late.", "Coffee tastes better when the beans are fresh.",
          "The library closes early in summer.", "Our neighbours painted their fence white.",
          "The children built a boat out of paper.", "Rain is expected again tomorrow morning."]
VOICES = [("en-us", 150), ("en-gb", 160), ("en-us+f2", 140), ("en-gb-x-rp+m3", 170), ("en-us+f4", 155)]
RATE = 16000


def say(text: str, voice: str, speed: int, tmp: Path) -> np.ndarray:
    wav = tmp / "say.wav"
    subprocess.run(["espeak-ng", "-v", voice, "-s", str(speed), "-w", str(wav), text], check=True)
    samples, rate = sf.read(wav, dtype="float32")
    import soxr
    return soxr.resample(samples, rate, RATE).astype(np.float32)


def build(work: Path, bananas: int, decoys: int, fillers: int, seed: int) -> list[dict[str, object]]:
    rng = random.Random(seed)
    plan = ([("banana", rng.choice(BANANA)) for _ in range(bananas)] + [("decoy", rng.choice(DECOYS)) for _ in range(decoys)]
            + [("filler", rng.choice(FILLER)) for _ in range(fillers)])
    rng.shuffle(plan)
    pieces, truth, at = [], [], 0.0
    for n, (kind, text) in enumerate(plan):
        voice, speed = VOICES[n % len(VOICES)]
        audio = say(text, voice, speed + rng.randint(-15, 15), work)
        pieces += [audio, np.zeros(int(0.6 * RATE), np.float32)]
        truth.append({"kind": kind, "text": text, "start": at, "end": at + len(audio) / RATE})
        at += len(audio) / RATE + 0.6
    sf.write(work / "talk.flac", np.concatenate(pieces), RATE)
    (work / "truth.json").write_text(json.dumps(truth, indent=1))
    return truth


def run(command: str, stdin: bytes = b"") -> tuple[bytes, float]:
    began = time.perf_counter()
    out = subprocess.run(["bash", "-o", "pipefail", "-c", command], input=stdin, capture_output=True, check=True).stdout
    return out, time.perf_counter() - began


def sentence_of(truth: list[dict[str, object]], start: float, end: float) -> dict[str, object] | None:
    mid = (start + end) / 2
    return next((s for s in truth if float(s["start"]) - 0.3 <= mid <= float(s["end"]) + 0.3), None)  # type: ignore[arg-type]


def plant(tokens: list[list[str]], truth: list[dict[str, object]]) -> list[list[str]]:
    """Decoys heard as banana (every other one) and bananas heard as near-misses (every fifth)."""
    seen: dict[str, int] = {"banana": 0, "decoy": 0}
    out = []
    for token in tokens:
        sentence = sentence_of(truth, float(token[1]), float(token[2]))
        word = token[0]
        if sentence and sentence["kind"] == "decoy" and word in ("bandana", "band", "panama", "banal", "nana"):
            seen["decoy"] += 1
            word = "banana" if seen["decoy"] % 2 else word
        elif sentence and sentence["kind"] == "banana" and fuzz.ratio(word, "banana") >= 80:
            seen["banana"] += 1
            word = {0: "bananna", 2: "manana"}.get(seen["banana"] % 5, word)
        out.append([word, *token[1:]])
    return out


def score(lines: list[list[str]], truth: list[dict[str, object]], total: int) -> tuple[float, float, int]:
    true_hits = {id(s) for line in lines if (s := sentence_of(truth, float(line[1]), float(line[2])))
                 and s["kind"] == "banana"}
    good = sum(1 for line in lines if (s := sentence_of(truth, float(line[1]), float(line[2]))) and s["kind"] == "banana")
    return len(true_hits) / total, good / max(1, len(lines)), len(lines)


def talk(work: Path, seed: int) -> tuple[list[dict[str, object]], float]:
    """The talk, its truth and au-stt's time: built and transcribed once per work directory."""
    if not (work / "stt.json").exists():
        truth = build(work, 20, 18, 40, seed)
        talk = work / "talk.flac"
        _, stt_time = run(f"au-split -o {work}/chunks {talk} | au-stt > {work}/talk.jsonl")
        (work / "stt.json").write_text(json.dumps({"seconds": stt_time}))
    truth = json.loads((work / "truth.json").read_text())
    return truth, float(json.loads((work / "stt.json").read_text())["seconds"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("work", type=Path)
    parser.add_argument("--seed", type=int, default=11, help="the talk's plan and voices")
    parser.add_argument("--no-transcript", action="store_true", help="judge without the transcript's words")
    args, options = parser.parse_known_args()  # the rest goes to au-verify
    work = args.work
    work.mkdir(parents=True, exist_ok=True)
    truth, stt_time = talk(work, args.seed)
    tokens = [line.split("\t") for line in run(f"tok {work}/talk.jsonl")[0].decode().splitlines()]
    planted = plant(tokens, truth)
    (work / "planted.tokens").write_text("".join("\t".join(t) + "\n" for t in planted))
    # The hits and the near-misses wc-words shows but does not count, as a user would pass them on.
    out, _ = run(f"wc-words --fuzzy banana --hits --near {work}/planted.tokens")
    lines = [line.split("\t") for line in out.decode().splitlines()]
    hits = [h for h in lines if not h[6].startswith("uncounted")]
    given = [] if args.no_transcript else ["--transcript", str(work / "planted.tokens")]
    verified, verify_time = run(" ".join([sys.executable, "-m", "audiowc.commands.au_verify", *given,
                                          *options]), out)
    rows = [line.split("\t") for line in verified.decode().splitlines()]
    confirmed = [r for r in rows if r[-2] == "confirmed"]
    said = sum(1 for s in truth if s["kind"] == "banana")
    offered = score(lines, truth, said)[0]  # the most any verdict could find
    before, after = score(hits, truth, said), score(confirmed, truth, said)
    report = {"seed": args.seed, "audio_seconds": round(float(truth[-1]["end"]), 1), "said": said,
              "hits": len(hits), "candidates": len(lines) - len(hits), "recall_offered": round(offered, 3),
              "recall_before": round(before[0], 3), "precision_before": round(before[1], 3),
              "recall_after": round(after[0], 3), "precision_after": round(after[1], 3),
              "unsure": sum(1 for r in rows if r[-2] == "unsure"),
              "stt_seconds": round(stt_time, 2), "verify_seconds": round(verify_time, 2),
              "verify_share_of_stt": round(verify_time / stt_time, 3)}
    (work / "verified.tsv").write_bytes(verified)
    print(json.dumps(report))


if __name__ == "__main__":
    main()
