from pathlib import Path

import numpy as np
from hypothesis import given, settings, strategies as st

from audiowc.audio.levels import frame_db, speech_share
from audiowc.records import SAMPLE_RATE as RATE
from audiowc.split.cut import Chunker, find_cut
from conftest import examples


def tone(seconds: float, level: float = 0.3, freq: float = 220.0) -> np.ndarray:
    t = np.arange(int(seconds * RATE)) / RATE
    return (level * np.sin(2 * np.pi * freq * t)).astype(np.float32)


def quiet(seconds: float) -> np.ndarray:
    return (np.random.default_rng(1).standard_normal(int(seconds * RATE)) * 1e-4).astype(np.float32)


def test_cut_falls_in_the_pause() -> None:
    signal = np.concatenate([tone(4), quiet(0.6), tone(5)])
    cut, forced = find_cut(signal, 2 * RATE, 8 * RATE, int(0.3 * RATE))
    assert 4.0 * RATE <= cut <= 4.6 * RATE and not forced


def test_no_pause_is_forced() -> None:
    noise = (np.random.default_rng(2).standard_normal(10 * RATE) * 0.2).astype(np.float32)
    cut, forced = find_cut(noise, 2 * RATE, 8 * RATE, int(0.3 * RATE))
    assert 2 * RATE <= cut <= 8 * RATE and forced


def test_speech_share() -> None:
    assert speech_share(quiet(3)) == 0.0
    assert speech_share(tone(3)) > 0.95
    assert 0.4 < speech_share(np.concatenate([tone(2), np.zeros(2 * RATE, np.float32)])) < 0.6


def test_frame_levels() -> None:
    levels = frame_db(tone(1, level=1.0))
    assert len(levels) == 100 and abs(float(levels.mean()) + 3.0) < 0.2  # a full-scale sine is -3 dBFS


@settings(max_examples=examples(25), deadline=None)
@given(st.lists(st.integers(1, 40_000), min_size=1, max_size=60), st.integers(0, 3))
def test_chunker_tiles_the_stream(block_sizes: list[int], seed: int) -> None:
    rng = np.random.default_rng(seed)
    stream = np.concatenate([rng.standard_normal(n).astype(np.float32) * rng.uniform(0, 0.5)
                             for n in block_sizes])
    chunker = Chunker(max_len=20, min_len=3, search=8)
    pieces, position = [], 0
    for n in block_sizes:
        pieces += list(chunker.feed(stream[position:position + n]))
        position += n
    pieces += list(chunker.finish())
    assert np.array_equal(np.concatenate([p.samples for p in pieces]), stream)
    starts = [p.start for p in pieces]
    assert starts == list(np.cumsum([0] + [len(p.samples) for p in pieces[:-1]]))
    assert all(len(p.samples) <= 20 * RATE for p in pieces)
    assert all(len(p.samples) >= 3 * RATE for p in pieces[:-1])


def test_a_quiet_recording_is_speech_and_steady_noise_is_not() -> None:
    """A recording peaking at -46 dBFS (public corpora have them) was all under the -45 dB floor:
    taken for silence and never decoded. Steady noise at that level stays silence."""
    import soundfile as sf

    talk, _rate = sf.read(str(Path(__file__).parent / "data" / "talk-16k.wav"), dtype="float32")
    quiet = talk / np.max(np.abs(talk)) * 10 ** (-46 / 20)
    assert speech_share(quiet) > 0.3
    noise = np.random.default_rng(1).standard_normal(len(talk)).astype(np.float32) * 10 ** (-50 / 20)
    assert speech_share(noise) == 0.0
