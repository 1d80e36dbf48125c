import numpy as np
import pytest

from audiowc.transcribe.judge import (DecodedSegment, DecodedWord, Window, compression_ratio, junk, longest_repeat,
                                      problems, uncovered_speech)

RATE = 16000


def window(text: str, seconds_per_word: float = 0.4, start: float = 0.0, **scores: float) -> Window:
    words = [DecodedWord(w, start + i * seconds_per_word, start + (i + 0.8) * seconds_per_word, 0.9)
             for i, w in enumerate(text.split())]
    return Window(start, start + len(words) * seconds_per_word, [DecodedSegment(text, words)], **scores)


def reasons(window: Window) -> list[str]:
    return [p.reason for p in problems(window)]


def test_ordinary_speech_passes() -> None:
    assert problems(window("Is a banana still a banana? I think it is, said the grocer.")) == []
    assert problems(Window(0.0, 30.0)) == []  # nothing decoded is not a failure


def test_legitimate_repeats_pass() -> None:
    assert problems(window("here's some more word word word word word")) == []
    assert problems(window("no, no, no, no, I said no")) == []


@pytest.mark.parametrize("text,reason", [
    (". . . . . .", "punctuation only"),
    ("Bye. " * 9, "repeats 'bye' 9 times"),
    ("We need to get a little bit of water. " * 4, "repeats 'we need to get a little bit of water' 4 times"),
    ("Sound of a banana. " * 5, "repeats 'sound of a banana' 5 times"),
])
def test_decoder_failures_are_named(text: str, reason: str) -> None:
    assert reason in reasons(window(text)) and junk(window(text))


def test_scores_and_timing() -> None:
    unsure = window("hello there friend", avg_logprob=-1.4)
    assert reasons(unsure) == ["average log-probability -1.40"] and junk(unsure) == []  # doubtful, not junk
    assert junk(window("hello there", compression_ratio=2.9)) == ["compression ratio 2.9"]
    assert junk(window("one two three four five six seven eight", 0.05)) == ["21 words a second"]
    stretched = window("a word stretched")
    stretched.segments[0].words[1].end = 9.0
    assert reasons(stretched) == ["the word 'word' lasts 8.6 s"] and junk(stretched) == []


def test_words_the_decoder_barely_believes_are_junk() -> None:
    music = window("Music.")
    music.segments[0].words[0].prob = 0.0
    assert junk(music) == ["improbable words (mean probability 0.00)"]


def test_longest_repeat_and_compression() -> None:
    assert longest_repeat("a b a b a b c".split()) == ("a b", 3)
    assert longest_repeat("x y z".split()) == ("", 1)
    assert compression_ratio("Bye. " * 40) > 2.4 > compression_ratio("The quick brown fox jumps over the dog.")


def test_uncovered_speech_finds_skipped_stretches() -> None:
    rng = np.random.default_rng(1)
    audio = 0.001 * rng.standard_normal(10 * RATE).astype(np.float32)
    t = np.arange(2 * RATE) / RATE
    tone = (0.3 * np.sin(2 * np.pi * 180 * t)).astype(np.float32)
    audio[1 * RATE: 3 * RATE] += tone  # covered by words
    audio[6 * RATE: 8 * RATE] += tone  # no word there
    words = [DecodedWord("hello", 1.1, 1.9, 0.9), DecodedWord("there", 2.0, 2.9, 0.9)]
    gaps = uncovered_speech(audio, words)
    assert len(gaps) == 1 and gaps[0][0] == pytest.approx(6.0, abs=0.05) and gaps[0][1] == pytest.approx(8.0, abs=0.05)
    assert uncovered_speech(0.001 * rng.standard_normal(5 * RATE).astype(np.float32), []) == []
