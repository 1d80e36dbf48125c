"""Greedy Whisper decoding of many spans of audio at once.

faster-whisper reads one span at a time: a 30 s window, then the next from the last timestamp, each
prompted with the text before it, words timed by aligning the text to the audio. A GPU does the same
work for 64 windows in little more time than for one, so this takes the steps of that loop for many
spans together: each round encodes, decodes and aligns the current window of every span in one call
each, then moves each span on. A span's result is what faster-whisper's transcribe gives it (greedy
or beam, temperature 0, no VAD) up to the float rounding of a batched product; the step rules and the
word-time fixes are faster-whisper's own, called rather than copied.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import numpy as np
from faster_whisper.audio import pad_or_trim
from faster_whisper.tokenizer import Tokenizer
from faster_whisper.transcribe import get_compression_ratio, get_end, get_suppressed_tokens

from ..audio import TARGET_RATE
from ..judge import DecodedSegment, DecodedWord, Window, stitch

NO_SPEECH_THRESHOLD = 0.6  # faster-whisper's defaults for skipping a window as silence
LOG_PROB_THRESHOLD = -1.0
# CTranslate2 decodes a batch only when every prompt is as long as the others. A window's prompt (the
# text before it) is therefore cut to the longest of these lengths it reaches, keeping its most
# recent tokens: at most a third of it is lost, and the cut depends on the span alone, not on
# which other spans share the batch. 223 is the most Whisper takes.
PROMPT_LENGTHS = (0, 16, 32, 48, 64, 96, 128, 160, 192, 223)
MAX_INITIAL_TIMESTAMP = 1.0
PREPEND_PUNCTUATIONS = "\"'“¿([{-"
APPEND_PUNCTUATIONS = "\"'.。,，!！?？:：”)]}、"


@dataclass
class Span:
    """One span being read: its features, where the next window starts, the text so far."""

    features: np.ndarray
    duration: float
    tokenizer: Any
    tokens: list[int]  # what the next window is prompted with: the initial prompt, then the text read
    seek: int = 0
    last_speech: float = 0.0
    windows: list[Window] = field(default_factory=list)

    @property
    def frames(self) -> int:
        return self.features.shape[-1] - 1

    @property
    def done(self) -> bool:
        return self.seek >= self.frames


@dataclass
class Step:
    """One span's current window inside a round."""

    span: Span
    seek: int
    size: int
    result: Any = None
    avg_logprob: float = 0.0
    segments: list[dict] = field(default_factory=list)
    single_ending: bool = False
    next_seek: int = 0


class WindowBatcher:
    """Reads lists of (samples, prompt) together, batch_size windows per model call."""

    def __init__(self, model: Any, language: str | None, suppressed: list[int], beam_size: int,
                 hotwords: str | None, batch_size: int, feature_threads: int) -> None:
        self.model = model
        self.multilingual = model.model.is_multilingual
        self.language = language
        self.english = Tokenizer(model.hf_tokenizer, self.multilingual, task="transcribe", language=language or "en")
        self.suppressed = get_suppressed_tokens(self.english, suppressed)
        self.beam_size = max(1, beam_size)
        self.hotwords = hotwords
        self.batch_size = max(1, batch_size)
        self.features = ThreadPoolExecutor(max(1, feature_threads), thread_name_prefix="features")
        self.window_frames = model.feature_extractor.nb_max_frames
        self.seconds_per_frame = model.feature_extractor.time_per_frame

    def decode(self, requests: list[tuple[np.ndarray, str | None]]) -> list[list[Window]]:
        """Each request's windows, times relative to its samples, in request order."""
        spans = list(self.features.map(self._span, requests))
        while active := [s for s in spans if not s.done]:
            by_length: dict[int, list[Span]] = {}
            for span in active:
                by_length.setdefault(_prompt_length(len(span.tokens)), []).append(span)
            for length, group in sorted(by_length.items()):
                for first in range(0, len(group), self.batch_size):
                    self._round(group[first:first + self.batch_size], length)
        for span in spans:
            stitch(span.windows, span.duration)
        return [s.windows for s in spans]

    def close(self) -> None:
        self.features.shutdown(wait=False, cancel_futures=True)

    def _span(self, request: tuple[np.ndarray, str | None]) -> Span:
        samples, prompt = request
        tokens = self.english.encode(" " + prompt.strip()) if prompt else []
        return Span(self.model.feature_extractor(samples), len(samples) / TARGET_RATE, self.english, tokens)

    def _round(self, spans: list[Span], prompt_length: int) -> None:
        steps = [Step(s, s.seek, min(self.window_frames, s.frames - s.seek)) for s in spans]
        batch = np.stack([pad_or_trim(st.span.features[:, st.seek:st.seek + st.size]) for st in steps])
        encoded = self.model.encode(batch)
        if self.multilingual and self.language is None:
            self._detect_languages(steps, encoded)
        self._generate(steps, encoded, prompt_length)
        for step in steps:
            self._split(step)
        self._time_words(steps, encoded)
        for step in steps:
            self._advance(step)

    def _detect_languages(self, steps: list[Step], encoded: Any) -> None:
        """A span's language is detected on its first window and kept for the rest, as faster-whisper does."""
        for step, found in zip(steps, self.model.model.detect_language(encoded)):
            if step.seek == 0:
                code = found[0][0][2:-2]
                step.span.tokenizer = Tokenizer(self.model.hf_tokenizer, True, task="transcribe", language=code)

    def _generate(self, steps: list[Step], encoded: Any, prompt_length: int) -> None:
        prompts = [self.model.get_prompt(st.span.tokenizer, st.span.tokens[len(st.span.tokens) - prompt_length:],
                                         without_timestamps=False, hotwords=self.hotwords) for st in steps]
        results = self.model.model.generate(
            encoded, prompts, beam_size=self.beam_size, patience=1, length_penalty=1, repetition_penalty=1,
            no_repeat_ngram_size=0, max_length=self.model.max_length, return_scores=True,
            return_no_speech_prob=True, suppress_blank=True, suppress_tokens=self.suppressed,
            max_initial_timestamp_index=int(round(MAX_INITIAL_TIMESTAMP / self.model.time_precision)))
        for step, result in zip(steps, results):
            tokens = result.sequences_ids[0]
            step.result = result
            step.avg_logprob = result.scores[0] * len(tokens) / (len(tokens) + 1)

    def _split(self, step: Step) -> None:
        result = step.result
        if result.no_speech_prob > NO_SPEECH_THRESHOLD and step.avg_logprob <= LOG_PROB_THRESHOLD:
            return  # silence: the window is skipped whole
        step.segments, step.next_seek, step.single_ending = self.model._split_segments_by_timestamps(
            tokenizer=step.span.tokenizer, tokens=result.sequences_ids[0], time_offset=step.seek * self.seconds_per_frame,
            segment_size=step.size, segment_duration=step.size * self.seconds_per_frame, seek=step.seek)

    def _time_words(self, steps: list[Step], encoded: Any) -> None:
        """Align every window's text in one call, then apply faster-whisper's word-time fixes to each."""
        texts = [[t for seg in st.segments for t in seg["tokens"] if t < st.span.tokenizer.eot] for st in steps]
        if len({tuple(st.span.tokenizer.sot_sequence) for st in steps}) == 1:
            alignments = self.model.find_alignment(steps[0].span.tokenizer, texts, encoded, [st.size for st in steps])
        else:  # spans in different languages start differently: align them one by one
            alignments = [self._align_alone(step, text) for step, text in zip(steps, texts)]
        for step, alignment in zip(steps, alignments):
            if not step.segments:
                continue
            fixer = SimpleNamespace(frames_per_second=self.model.frames_per_second,
                                    find_alignment=lambda *_args, found=alignment: [found])
            type(self.model).add_word_timestamps(fixer, [step.segments], step.span.tokenizer, None, step.size,
                                                 PREPEND_PUNCTUATIONS, APPEND_PUNCTUATIONS, step.span.last_speech)

    def _align_alone(self, step: Step, text: list[int]) -> list[dict]:
        window = pad_or_trim(step.span.features[:, step.seek:step.seek + step.size])
        encoded = self.model.encode(window[None])
        return self.model.find_alignment(step.span.tokenizer, [text], encoded, [step.size])[0] if text else []

    def _advance(self, step: Step) -> None:
        """Move the span past this window and keep what it read, as faster-whisper's loop does."""
        span = step.span
        if not step.segments:
            span.seek = step.seek + step.size
            return
        span.seek = step.next_seek
        last_word_end = get_end(step.segments)
        if last_word_end is not None and not step.single_ending and last_word_end > step.seek * self.seconds_per_frame:
            span.seek = round(last_word_end * self.model.frames_per_second)  # the next window starts after it
        if last_word_end is not None:
            span.last_speech = last_word_end
        kept = []
        for segment in step.segments:
            text = span.tokenizer.decode(segment["tokens"])
            if segment["start"] == segment["end"] or not text.strip():
                continue
            span.tokens.extend(segment["tokens"])
            words = [DecodedWord(w["word"], w["start"], w["end"], w["probability"]) for w in segment["words"]]
            kept.append((segment["end"], DecodedSegment(text, words)))
        if kept:
            text = span.tokenizer.decode(step.result.sequences_ids[0]).strip()
            span.windows.append(Window(step.seek * self.seconds_per_frame, kept[-1][0], [s for _, s in kept],
                                       step.avg_logprob, get_compression_ratio(text), step.result.no_speech_prob))


def _prompt_length(tokens: int) -> int:
    return max(length for length in PROMPT_LENGTHS if length <= tokens)
