"""How loud: frame levels of 16 kHz mono samples, the level above which a frame is speech, and the share of speech.

Energy is measured in 10 ms frames, DC removed.
"""

from __future__ import annotations

import numpy as np

FRAME = 160  # 10 ms
SILENCE_FLOOR_DB = -45.0  # below this a frame is not speech in a recording of ordinary level
# A quiet recording (peaks of -40 to -50 dBFS are common in public corpora) is all below that floor
# and was taken for silence, never decoded. Where even the loud frames are near the floor but stand
# QUIET_SPEECH_RANGE_DB above the noise, the noise sets the threshold, down to QUIET_FLOOR_DB.
# Steady noise has no such range and stays silence; recordings of ordinary level are unchanged.
QUIET_FLOOR_DB = -75.0
QUIET_SPEECH_RANGE_DB = 25.0
SPEECH_ABOVE_NOISE_DB = 12.0



def frame_db(samples: np.ndarray) -> np.ndarray:
    """RMS level of each whole 10 ms frame, DC removed, in dB full scale."""
    usable = len(samples) // FRAME * FRAME
    frames = samples[:usable].reshape(-1, FRAME).astype(np.float64)
    power = np.var(frames, axis=1)  # about each frame's mean: a DC offset is not sound
    return 10.0 * np.log10(power + 1e-12)


def speech_threshold(levels: np.ndarray) -> float:
    """Frames above this level count as speech: above the absolute floor and above the noise."""
    if levels.size == 0:
        return SILENCE_FLOOR_DB
    noise, loud = np.percentile(levels, [10, 95])
    # A steady level is all signal or all noise: the floor decides. Otherwise speech stands out.
    quiet = loud < SILENCE_FLOOR_DB + 6.0 and loud - noise >= QUIET_SPEECH_RANGE_DB
    floor = QUIET_FLOOR_DB if quiet else SILENCE_FLOOR_DB
    return max(floor, min(float(noise) + SPEECH_ABOVE_NOISE_DB, float(loud) - 6.0))


def speech_share(samples: np.ndarray) -> float:
    """Share of frames judged to be speech (0-1)."""
    levels = frame_db(samples)
    if levels.size == 0:
        return 0.0
    return float(np.mean(levels > speech_threshold(levels)))
