"""Decoding one chunk so that a bad window is redone, and what stays bad is dropped, never kept.

The chunk is decoded once with its prompt. Each window the judge rejects is decoded again on its
own: first without the prompt; if that is rejected too, in two halves cut in a pause (a loop
seldom survives a shorter span, and a phrase really said four times becomes two and two), each
read the same way, down to quarters; then at rising temperatures (the decoder's sampling is seeded,
so a re-run gives the same text). If no attempt is clean, the best attempt is used: its junk windows
are dropped and reported, and windows that are only doubtful (a low log-probability) are kept but
never used as a prompt. Last, stretches that sound like speech but came back without
words get a second pass, without the prompt, that reads on through the segment right after the
stretch to a pause (the words a decoder writes after skipping speech are often stamped over it) and
replaces the words there, up to where the two readings agree again, when it leaves less of the
speech without words; one at the end of the audio that still comes back without words is listed as
unheard, for a warning.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from ..audio.levels import FRAME, frame_db, speech_threshold
from ..records import SAMPLE_RATE
from ..split.cut import find_cut
from ..text.tokenise import tokenise
from .judge import DecodedSegment, DecodedWord, Window, junk, problems, runs_to_end, uncovered_speech

# decode(samples, prompt, temperature) -> windows, times relative to the samples
Decode = Callable[[np.ndarray, "str | None", float], list[Window]]

FALLBACK_TEMPERATURES = (0.2, 0.4, 0.6, 0.8, 1.0)
MAX_SPLITS = 2  # a rejected span is read in halves, then quarters, before sampling
MIN_SPLIT_SECONDS = 4.0  # halves shorter than this are not worth it
# A shorter span is mostly the tail of a chunk that Whisper re-reads after its last timestamp and
# writes again with improbable words; sampling five times (each a full 30 s window) never mends it.
MIN_SAMPLED_SECONDS = 3.0
GAP_MARGIN = 0.2  # seconds of audio either side of a skipped stretch given to its second pass
# The segment after a skipped stretch is read again with it when it begins within a pause's length
FOLLOWING_SECONDS = 2.0
READ_ON_SECONDS = 4.0  # a sentence cut at a window's edge ends within this; it may not pause at all
PAUSE_SECONDS = 0.3  # a quiet stretch this long ends a sentence's speech (words pause for less)
AGREE_SECONDS = 0.5  # two decodes stamp the same word within this of each other
TIME_STEP = 0.02  # Whisper stamps times in steps of 20 ms: a word may end a step past the audio


@dataclass
class Dropped:
    """A window whose every reading was judged bad: its span (chunk-relative), text and reasons."""

    start: float
    end: float
    text: str
    reasons: list[str]


@dataclass
class ChunkReading:
    """What one chunk decoded to: the windows kept (in time order), those dropped, how many redone."""

    windows: list[Window] = field(default_factory=list)
    dropped: list[Dropped] = field(default_factory=list)
    redone: int = 0
    second_passes: int = 0
    unheard: list[tuple[float, float]] = field(default_factory=list)  # speech at the end left without words
    language: str | None = None  # what a multilingual model decoded it as (detected or given)

    @property
    def trusted_text(self) -> str:
        """The text fit to prompt the next chunk: the segments, in time order, of windows judged good at
        once or after a redo (a second pass may take the place of part of a window)."""
        timed = [(s.words[0].start if s.words else w.start, s.text.strip())
                 for w in self.windows if w.trusted for s in w.segments if s.text.strip()]
        return " ".join(text for _, text in sorted(timed, key=lambda pair: pair[0]))


def read_chunk(samples: np.ndarray, prompt: str | None, decode: Decode, second_pass: bool = True) -> ChunkReading:
    """Decode a chunk's samples, redoing windows the judge rejects; see the module's description."""
    reading = ChunkReading()
    for window in decode(samples, prompt, 0.0):
        if not problems(window):
            reading.windows.append(window)
            continue
        reading.redone += 1
        kept, dropped = _redo(samples, window, decode)
        reading.windows.extend(kept)
        reading.dropped.extend(dropped)
    if second_pass:
        _fill_gaps(samples, reading, decode)
    reading.windows.sort(key=lambda w: w.start)
    return reading


def _span(samples: np.ndarray, start: float, end: float) -> tuple[np.ndarray, float]:
    """The samples from start to end (seconds, clipped to the audio) and the offset they begin at."""
    first = max(0, int(start * SAMPLE_RATE))
    last = min(len(samples), max(first, int(np.ceil(end * SAMPLE_RATE))))
    return samples[first:last], first / SAMPLE_RATE


def _redo(samples: np.ndarray, bad: Window, decode: Decode) -> tuple[list[Window], list[Dropped]]:
    """Decode a rejected window's span again; see the module's description."""
    piece, offset = _span(samples, bad.start, bad.end)
    kept, dropped = _read_span(piece, [[bad.shifted(-offset)]], 0, decode)
    return [w.shifted(offset) for w in kept], [Dropped(d.start + offset, d.end + offset, d.text, d.reasons)
                                               for d in dropped]


def _read_span(piece: np.ndarray, attempts: list[list[Window]], depth: int, decode: Decode
               ) -> tuple[list[Window], list[Dropped]]:
    """Unprompted greedy first; then halves cut in a pause, each read the same way; last, sampling."""
    windows = decode(piece, None, 0.0)
    if not any(problems(w) for w in windows):
        return windows, []
    attempts.append(windows)
    if depth < MAX_SPLITS and len(piece) >= 2 * MIN_SPLIT_SECONDS * SAMPLE_RATE:
        cut, _forced = find_cut(piece, len(piece) // 3, 2 * len(piece) // 3, int(0.3 * SAMPLE_RATE))
        first = _read_span(piece[:cut], [], depth + 1, decode)
        second = _read_span(piece[cut:], [], depth + 1, decode)
        later = [w.shifted(cut / SAMPLE_RATE) for w in second[0]]
        moved = [Dropped(d.start + cut / SAMPLE_RATE, d.end + cut / SAMPLE_RATE, d.text, d.reasons) for d in second[1]]
        return first[0] + later, first[1] + moved
    temperatures = FALLBACK_TEMPERATURES if len(piece) >= MIN_SAMPLED_SECONDS * SAMPLE_RATE else ()
    for temperature in temperatures:
        windows = decode(piece, None, temperature)
        if not any(problems(w) for w in windows):
            return windows, []
        attempts.append(windows)
    best = min(attempts, key=_badness)
    kept = [w for w in best if not junk(w)]
    for window in kept:
        window.trusted = False
    return kept, [Dropped(w.start, w.end, w.text, junk(w)) for w in best if junk(w)]


def _badness(windows: list[Window]) -> tuple[int, int, float]:
    """Fewest junk windows first, then fewest doubtful ones, then the best worst log-probability."""
    return (sum(1 for w in windows if junk(w)), sum(1 for w in windows if problems(w)),
            -min((w.avg_logprob for w in windows), default=0.0))


def _fill_gaps(samples: np.ndarray, reading: ChunkReading, decode: Decode) -> None:
    """Give each stretch of speech that no word covers a second pass; see _read_gap."""
    for start, end in uncovered_speech(samples, [w for window in reading.windows for w in window.words]):
        if any(w.start < end and start < w.end for window in reading.windows for w in window.words):
            continue  # an earlier second pass, reading on past its own stretch, heard this one
        reading.second_passes += 1
        if not _read_gap(samples, reading, start, end, decode) and runs_to_end(samples, end):
            reading.unheard.append((start, end))


def _read_gap(samples: np.ndarray, reading: ChunkReading, start: float, end: float, decode: Decode) -> bool:
    """Decode a stretch without words, unprompted, on through the segment after it to a pause, and use
    that reading, up to where it agrees with the old one again, in place of the old words when it
    leaves less of the speech without words. A decoder that skips speech it takes for text already
    written (in its prompt: a talk that repeats itself) often stamps the next words over the skipped
    speech as well, so those are read again with it. True if the reading was used."""
    span_start, span_end = _gap_span(samples, reading.windows, start, end)
    words = [w for window in reading.windows for w in window.words]
    in_span = [w for w in words if span_start <= (w.start + w.end) / 2 <= span_end]
    others = [w for w in words if not span_start <= (w.start + w.end) / 2 <= span_end]
    piece, offset = _span(samples, span_start, span_end)
    at_end = runs_to_end(samples, span_end)  # a word there may be stamped past the last sample
    heard = [w.shifted(offset) for w in decode(piece, None, 0.0) if w.words and not junk(w)
             and _inside(w.words, 0.0, float("inf") if at_end else len(piece) / SAMPLE_RATE)]
    new_words = [w for window in heard for w in window.words]
    # Where the new reading agrees with the old one again, the old (prompted, so often better) words stay
    new_cut, old_cut = _agreement(new_words, in_span, end)
    new_words = [w for w in new_words if w.start < new_cut]
    replaced = [w for w in in_span if w.start < old_cut]
    others += [w for w in in_span if w.start >= old_cut]
    if _unheard_seconds(samples, others + new_words, span_start, span_end) >= \
            _unheard_seconds(samples, others + replaced, span_start, span_end):
        return False
    _remove_words(reading.windows, {id(w) for w in replaced})
    _remove_words(heard, {id(w) for window in heard for w in window.words if w.start >= new_cut})
    for window in heard:
        window.trusted = not problems(window)
        reading.windows.append(window)
    return True


def _agreement(new: list[DecodedWord], old: list[DecodedWord], after: float) -> tuple[float, float]:
    """Where, after `after`, two new words in a row match old words (the same text, stamped within
    AGREE_SECONDS): the start of the first in each reading; infinity for both if they never agree."""
    def match(word: DecodedWord) -> DecodedWord | None:
        text = tokenise(word.word)
        return next((o for o in old if abs(o.start - word.start) <= AGREE_SECONDS and tokenise(o.word) == text), None)

    for first, second in zip(new, new[1:]):
        if first.start >= after and tokenise(first.word):
            found = match(first)
            if found is not None and match(second) is not None:
                return first.start, found.start
    return float("inf"), float("inf")


def _gap_span(samples: np.ndarray, windows: list[Window], start: float, end: float) -> tuple[float, float]:
    """What a second pass over the stretch start-end decodes: the stretch, and the segment beginning
    within FOLLOWING_SECONDS after it, on to the next pause (a segment closed at a decoder window's
    edge may stop mid-sentence) but at most READ_ON_SECONDS past it."""
    span_start, span_end = start - GAP_MARGIN, end + GAP_MARGIN
    following = _segment_after(windows, end, end + FOLLOWING_SECONDS)
    if following is not None:
        last = following.words[-1].end
        span_start = min(span_start, following.words[0].start)
        span_end = max(span_end, min(_pause_after(samples, last), last + READ_ON_SECONDS) + GAP_MARGIN)
    return span_start, span_end


def _remove_words(windows: list[Window], gone: set[int]) -> None:
    """Take the words whose ids are in `gone` out of the windows' segments (a second pass replaces them)."""
    for window in windows:
        segments = []
        for segment in window.segments:
            kept = [w for w in segment.words if id(w) not in gone]
            if len(kept) == len(segment.words):
                segments.append(segment)
            elif kept:
                segments.append(DecodedSegment("".join(w.word for w in kept), kept))
        window.segments = segments


def _unheard_seconds(samples: np.ndarray, words: list[DecodedWord], start: float, end: float) -> float:
    """Seconds of speech between start and end with no word near: what two readings are compared by."""
    return sum(max(0.0, min(b, end) - max(a, start)) for a, b in uncovered_speech(samples, words, PAUSE_SECONDS))


def _pause_after(samples: np.ndarray, at: float) -> float:
    """Where the speech going on at `at` (seconds) first pauses: `at` itself if it is quiet there."""
    levels = frame_db(samples)
    speech = levels > speech_threshold(levels)
    frame, pause = int(at * SAMPLE_RATE / FRAME), int(PAUSE_SECONDS * SAMPLE_RATE / FRAME)
    while frame < len(speech) and speech[frame: frame + pause].any():
        frame += 1
    return frame * FRAME / SAMPLE_RATE


def _segment_after(windows: list[Window], end: float, limit: float) -> DecodedSegment | None:
    """The segment of the first word that begins at or after `end`, if it begins by `limit`."""
    after = [(w.start, segment) for window in windows for segment in window.segments
             for w in segment.words if w.start >= end]
    if not after:
        return None
    first, segment = min(after, key=lambda entry: entry[0])
    return segment if first <= limit else None


def _inside(words: list[DecodedWord], start: float, end: float) -> bool:
    """Are the words (times in the piece decoded) inside start-end, give or take one timestamp step?"""
    return all(start - TIME_STEP <= w.start and w.end <= end + TIME_STEP for w in words)
