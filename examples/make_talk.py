"""Synthesize a two-voice talk with a known text and a key word said a known number of times.

Usage: python examples/make_talk.py OUT.wav SENTENCES [SEED]
Writes OUT.wav (16 kHz mono), OUT.txt (the text, one sentence a line) and prints the key word's
count. Needs espeak-ng (Debian package espeak-ng); pauses of 0.3-1.5 s and light noise between.
"""

from __future__ import annotations

import random
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import soundfile as sf
import soxr

KEY = "banana"
VOICES = ("en-us+m3", "en-gb+f2")
WITH_KEY = [
    "I put a banana in my lunch box every morning.",
    "The banana was still green when we bought it.",
    "Is a banana a berry or a fruit?",
    "My grandmother makes the best banana bread in town.",
    "He slipped on a banana at the market.",
    "We need one more banana for the smoothie.",
    "A ripe banana has brown spots on the skin.",
    "The monkey grabbed the banana and ran away.",
    "She paints a yellow banana on every wall.",
    "Do you want a banana or an apple with your tea?",
]
WITHOUT_KEY = [
    "The weather was cold and windy all week.",
    "Our train left the station twenty minutes late.",
    "Please remember to water the plants on Sunday.",
    "The library closes early during the summer.",
    "They painted the kitchen a bright shade of blue.",
    "Music filled the hall until well after midnight.",
    "The children built a small boat out of paper.",
    "A quiet walk by the river helps me think.",
    "The engineer fixed the old radio in an hour.",
    "Coffee tastes better when the beans are fresh.",
]
RATE = 16000


def speak(text: str, voice: str, workdir: Path) -> np.ndarray:
    wav = workdir / "s.wav"
    subprocess.run(["espeak-ng", "-v", voice, "-s", "155", "-w", str(wav), text], check=True)
    samples, rate = sf.read(str(wav), dtype="float32")
    return soxr.resample(samples, rate, RATE)


def main() -> None:
    out, count = Path(sys.argv[1]), int(sys.argv[2])
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 18)
    sentences = [rng.choice(WITH_KEY) if i % 3 == 0 else rng.choice(WITHOUT_KEY) for i in range(count)]
    noise = np.random.default_rng(rng.randrange(1 << 30))
    parts = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, sentence in enumerate(sentences):
            parts.append(0.8 * speak(sentence, VOICES[(i // 3) % 2], Path(tmp)))
            parts.append(np.zeros(int(RATE * rng.uniform(0.3, 1.5)), dtype=np.float32))
    talk = np.concatenate(parts)
    talk += (0.003 * noise.standard_normal(len(talk))).astype(np.float32)
    sf.write(str(out), talk, RATE, subtype="PCM_16")
    out.with_suffix(".txt").write_text("\n".join(sentences) + "\n")
    print(sum(s.lower().count(KEY) for s in sentences))


if __name__ == "__main__":
    main()
