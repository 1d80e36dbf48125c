"""Judging decoded windows: is this text a plausible reading of the audio, or a decoder failure?

A Whisper decoder works on 30 s windows. When one goes wrong it shows in a few ways: the text is
punctuation only, a phrase repeats back to back, the gzip compression ratio is high (repetitive
text), the average log-probability is low, words come faster than anyone speaks, or one word is
stamped over several seconds (the words in between were skipped). Times here are relative to the
audio that was decoded.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field

import numpy as np

from ..audio.levels import FRAME, frame_db, speech_threshold
from ..records import SAMPLE_RATE, Alternative
from ..text.tokenise import tokenise

MAX_COMPRESSION_RATIO = 2.4  # Whisper's own fallback threshold
MIN_AVG_LOGPROB = -1.0  # likewise
MIN_MEAN_WORD_PROB = 0.1  # below this every word is a guess: "Music." on noise, a word said twice at a window's end
MAX_WORDS_PER_SECOND = 7.0  # fast speech is 4-5 words a second
MIN_WORDS_FOR_RATE = 6
MAX_WORD_SECONDS = 3.0
REPEATS_OF_A_PHRASE = 4  # a phrase of two or more tokens said 4 times in a row
REPEATS_OF_A_WORD = 8  # one token: people do say "no, no, no, no", or "word" five times
MIN_GAP_SECONDS = 1.0  # speech without words shorter than this is not worth a second pass
# ... unless it runs into the audio's end: Whisper often closes its reading with a timestamp before
# words cut off by the end ("no speech after the last timestamp"), and faster-whisper then skips them.
MIN_TAIL_SECONDS = 0.3
TAIL_SECONDS = 0.1  # a stretch ending this close to the audio's end runs into it
GAP_TOLERANCE = 0.3  # words this close to a stretch of speech cover it


@dataclass
class DecodedWord:
    word: str
    start: float
    end: float
    prob: float


@dataclass
class DecodedSegment:
    text: str
    words: list[DecodedWord]


@dataclass
class Window:
    """One decoder window's result: its span of the audio, its segments and the decoder's scores."""

    start: float
    end: float
    segments: list[DecodedSegment] = field(default_factory=list)
    avg_logprob: float = 0.0
    compression_ratio: float = 1.0
    no_speech_prob: float = 0.0
    trusted: bool = True  # fit to prompt what follows; False for a kept but doubtful reading
    alternatives: list[Alternative] = field(default_factory=list)  # runner-up hearings (beam search)

    @property
    def text(self) -> str:
        return " ".join(s.text.strip() for s in self.segments if s.text.strip())

    @property
    def words(self) -> list[DecodedWord]:
        return [w for s in self.segments for w in s.words]

    def shifted(self, offset: float) -> "Window":
        """The same window with every time moved by offset seconds."""
        segments = [DecodedSegment(s.text, [DecodedWord(w.word, w.start + offset, w.end + offset, w.prob)
                                            for w in s.words]) for s in self.segments]
        return Window(self.start + offset, self.end + offset, segments, self.avg_logprob,
                      self.compression_ratio, self.no_speech_prob, self.trusted,
                      [a.shifted(offset) for a in self.alternatives])


def compression_ratio(text: str) -> float:
    """Length of the text over its zlib-compressed length: high for repetitive text."""
    data = text.encode("utf-8")
    return len(data) / len(zlib.compress(data)) if data else 1.0


def longest_repeat(tokens: list[str], longest_phrase: int = 12) -> tuple[str, int]:
    """The phrase (1 to longest_phrase tokens) repeated most often back to back, and how often."""
    best, best_count = "", 1
    for size in range(1, longest_phrase + 1):
        start = 0
        while start + 2 * size <= len(tokens):
            count = 1
            while tokens[start + count * size: start + (count + 1) * size] == tokens[start: start + size]:
                count += 1
            if count > best_count or (count == best_count and count > 1 and size > len(best.split())):
                best, best_count = " ".join(tokens[start: start + size]), count
            start += max(1, (count - 1) * size) if count > 1 else 1
    return best, best_count


@dataclass(frozen=True)
class Problem:
    """Why a window's text is not trusted. Junk is dropped if no redo mends it; the rest (a low
    log-probability, one stretched word whose neighbours may still be right) is only doubtful."""

    reason: str
    junk: bool = True


def repeat_problem(tokens: list[str]) -> Problem | None:
    phrase, count = longest_repeat(tokens)
    limit = REPEATS_OF_A_WORD if len(phrase.split()) == 1 else REPEATS_OF_A_PHRASE
    return Problem(f"repeats {phrase!r} {count} times") if count >= limit else None


def timing_problems(words: list[DecodedWord]) -> list[Problem]:
    """Words faster than speech, or one word stretched over seconds."""
    found = [Problem(f"the word {w.word.strip()!r} lasts {w.end - w.start:.1f} s", junk=False)
             for w in words if w.end - w.start > MAX_WORD_SECONDS][:1]
    if len(words) >= MIN_WORDS_FOR_RATE:
        rate = len(words) / max(words[-1].end - words[0].start, 0.1)
        if rate > MAX_WORDS_PER_SECOND:
            found.append(Problem(f"{rate:.0f} words a second"))
    return found


def problems(window: Window) -> list[Problem]:
    """Why this window's text can't be trusted; empty when it looks like a real reading."""
    text = window.text
    if not text:
        return []
    tokens = tokenise(text)
    if not tokens:
        return [Problem("punctuation only")]
    found = []
    ratio = max(window.compression_ratio, compression_ratio(text))
    if ratio > MAX_COMPRESSION_RATIO:
        found.append(Problem(f"compression ratio {ratio:.1f}"))
    if window.avg_logprob < MIN_AVG_LOGPROB:
        found.append(Problem(f"average log-probability {window.avg_logprob:.2f}", junk=False))
    probs = [w.prob for w in window.words]
    if probs and sum(probs) / len(probs) < MIN_MEAN_WORD_PROB:
        found.append(Problem(f"improbable words (mean probability {sum(probs) / len(probs):.2f})"))
    repeat = repeat_problem(tokens)
    return found + ([repeat] if repeat else []) + timing_problems(window.words)


def junk(window: Window) -> list[str]:
    """The reasons that make a window's text junk; empty if it is good or only doubtful."""
    return [p.reason for p in problems(window) if p.junk]


def _runs(mask: np.ndarray, bridge: int) -> list[tuple[int, int]]:
    """[start, end) frame runs of True, with holes of up to `bridge` frames filled."""
    edges = np.flatnonzero(np.diff(np.concatenate(([0], mask.astype(np.int8), [0]))))
    runs: list[tuple[int, int]] = []
    for start, end in zip(edges[::2], edges[1::2]):
        if runs and start - runs[-1][1] <= bridge:
            runs[-1] = (runs[-1][0], int(end))
        else:
            runs.append((int(start), int(end)))
    return runs


def uncovered_speech(samples: np.ndarray, words: list[DecodedWord],
                     min_seconds: float = MIN_GAP_SECONDS) -> list[tuple[float, float]]:
    """Stretches (seconds) that sound like speech by level, at least min_seconds long (MIN_TAIL_SECONDS
    for one that runs into the end), with no word in or near them: what the decoder skipped."""
    levels = frame_db(samples)
    if levels.size == 0:
        return []
    uncovered = levels > speech_threshold(levels)
    per_second = SAMPLE_RATE / FRAME
    for word in words:
        first = max(0, int((word.start - GAP_TOLERANCE) * per_second))
        uncovered[first: int((word.end + GAP_TOLERANCE) * per_second) + 1] = False
    tail = len(levels) - TAIL_SECONDS * per_second
    return [(start / per_second, end / per_second) for start, end in _runs(uncovered, int(0.3 * per_second))
            if end - start >= (min(min_seconds, MIN_TAIL_SECONDS) if end >= tail else min_seconds) * per_second]


def runs_to_end(samples: np.ndarray, end: float) -> bool:
    """Does a stretch ending at `end` (seconds) run into the end of the audio?"""
    return end >= len(samples) // FRAME * FRAME / SAMPLE_RATE - TAIL_SECONDS


def stitch(windows: list[Window], duration: float | None) -> None:
    """Each window reaches to where the next begins, and the last to the end of the audio when its
    duration is given, so every stretch of the audio belongs to a window the judge can redo."""
    for window, following in zip(windows, windows[1:]):
        window.end = max(window.end, following.start)
    if windows and duration is not None:
        windows[-1].end = max(windows[-1].end, duration)
