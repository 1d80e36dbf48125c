"""Write a long synthetic recording, block by block: speech-like bursts with pauses.

Usage: python bench/make_audio.py OUT SECONDS RATE CHANNELS   (format from OUT's extension)
"""

from __future__ import annotations

import sys

import numpy as np
import soundfile as sf


def main() -> None:
    out, seconds, rate, channels = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    rng = np.random.default_rng(206)
    t = np.arange(rate) / rate
    with sf.SoundFile(out, "w", rate, channels) as handle:
        for second in range(seconds):
            # ~0.8 s of voiced sound then a short pause, every second; a long pause every 9 s
            pitch = 110 + 60 * rng.random()
            voiced = np.sin(2 * np.pi * pitch * t) + 0.4 * np.sin(2 * np.pi * 2.1 * pitch * t)
            envelope = (t < 0.8) * (0.0 if second % 9 == 8 else 0.25)
            noise = 0.002 * rng.standard_normal(rate)
            mono = (voiced * envelope + noise).astype(np.float32)
            handle.write(np.repeat(mono[:, None], channels, axis=1))


if __name__ == "__main__":
    main()
