"""Whisper through faster-whisper (CTranslate2), on the CPU (int8) or CUDA.

Chunks are decoded `batch_size` at a time, each in its own CTranslate2 worker. Whisper conditions
each 30 s window on the text before it; across chunks, a chunk's prompt is the judged-good text of
the chunks of the same source already finished `batch_size` places back, so a source's transcript
depends neither on timing nor on the other sources of the run. That text is read from the segments
written (engines.context_of), so a resumed run, given the finished chunks' contexts, prompts every
chunk as the uninterrupted run did. Each window is judged and redone when bad (see redo.py).
"""

from __future__ import annotations

from collections import OrderedDict, deque
from concurrent.futures import Future, ThreadPoolExecutor
from itertools import groupby
from typing import Any, Callable, Iterable, Iterator

import numpy as np

from ...fields import clock
from ...records import SAMPLE_RATE, Chunk, Segment
from ..judge import DecodedSegment, DecodedWord, Window, stitch
from ..redo import ChunkReading, read_chunk
from .interface import DOUBTFUL, ChunkAudio, ChunkContext, EngineOptions, absolute_words, context_of
from .models import check_language, choose_device, compute_type_for, load_whisper, resolve_source, usable_cores
from .nbest import HypothesisRecorder, match_results, window_alternatives

PROMPT_CHARS = 400  # Whisper's prompt holds at most 224 tokens; the recent text matters most
SILENT_CHUNK = 0.02  # au-split's speech share below which a chunk is not decoded at all
SAMPLING_SEED = 16000  # sampled re-decodes start from this seed in a fresh model, so re-runs agree
FRAME_SECONDS = 0.01  # a Whisper feature frame; a segment's `seek` counts them
N_BEST = 5  # hypotheses a beam search keeps to the end: the runner-ups give each window's alternatives
DETECT_WINDOWS = 2  # 30 s windows a chunk's language is detected on (au-split's chunks are at most 60 s)
SURE_LANGUAGE = 0.5  # below this probability a chunk keeps the language its source's last chunk had


class WhisperEngine:
    def __init__(self, options: EngineOptions) -> None:
        self.source = resolve_source(options.model)
        model_name = self.source.name
        self.device = choose_device(options.device)
        self.compute_type = compute_type_for(self.device, options.compute_type)
        self.workers = options.batch_size or (2 if self.device == "cpu" else 4)
        self.threads = options.threads or max(1, usable_cores() // self.workers)
        self.model = load_whisper(self.source, self.device, self.compute_type, self.threads, self.workers)
        # Beam search already holds runner-up readings; the recorder keeps them instead of dropping them.
        self.recorder = HypothesisRecorder(self.model.model, N_BEST) if (options.beam_size or 1) > 1 else None
        if self.recorder is not None:
            self.model.model = self.recorder
        self.options = options
        self.language = check_language(options.language, self.model, model_name)
        self.multilingual = bool(self.model.model.is_multilingual)  # segments then say their language
        self.name = f"whisper/{model_name}"
        # -1: Whisper's own list of non-speech symbols
        self.suppressed = [-1] if options.digits else [-1, *_numeral_tokens(self.model)]

    def transcribe(self, items: Iterable[ChunkAudio]) -> Iterator[tuple[Chunk, list[Segment]]]:
        context = SourceContext()
        # Resuming: the chunks before the first item were finished by an earlier run. When a full run
        # submits a chunk, the `workers - 1` chunks before it are still in flight, so their text joins
        # the context only as later chunks are submitted, in the place their own finishing would have.
        replayed = deque(self.options.history)
        while len(replayed) >= self.workers:
            context.add(replayed.popleft())
        pending: deque[tuple[Chunk, Future[ChunkReading]]] = deque()
        pool = ThreadPoolExecutor(self.workers, thread_name_prefix="whisper")
        try:
            for item in items:
                if replayed and len(replayed) + len(pending) == self.workers:
                    context.add(replayed.popleft())
                elif len(pending) == self.workers:
                    yield self._finish(pending.popleft(), context)
                prompt = self._prompt(context.text(item.chunk.source))
                hint = context.language(item.chunk.source)
                pending.append((item.chunk, pool.submit(self._read, item, prompt, hint)))
            while pending:
                yield self._finish(pending.popleft(), context)
        except BaseException:
            # Stopped early (Ctrl-C, a closed pipe): abandon the chunks in flight rather than finish them.
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        pool.shutdown()

    def _finish(self, entry: tuple[Chunk, "Future[ChunkReading]"], context: "SourceContext"
                ) -> tuple[Chunk, list[Segment]]:
        chunk, pending = entry
        reading = pending.result()
        for dropped in reading.dropped:
            self._warn(f"dropped unreliable text at {chunk.source} {clock(chunk.start + dropped.start)}-"
                       f"{clock(chunk.start + dropped.end)} ({'; '.join(dropped.reasons)}): {_abridged(dropped.text)}")
        for start, end in reading.unheard:
            self._warn(f"speech at the end of a chunk came back without words: {chunk.source} "
                       f"{clock(chunk.start + start)}-{clock(chunk.start + end)}")
        segments = [self._segment(chunk, s, window, reading.language)
                    for window in reading.windows for s in window.segments]
        # A second pass fills a stretch inside a window that began earlier: its segments go in time order
        written = sorted((s for s in segments if s is not None), key=lambda s: (s.start, s.end))
        context.add(context_of(chunk.source, written))
        return chunk, written

    def _warn(self, message: str) -> None:
        if self.options.report:
            self.options.report(message)

    def _prompt(self, recent: str) -> str | None:
        parts = [p for p in (self.options.prompt, recent[-PROMPT_CHARS:] if self.options.context else "") if p]
        return " ".join(parts) or None

    def _read(self, item: ChunkAudio, prompt: str | None, hint: str | None = None) -> ChunkReading:
        if _silent(item):
            return ChunkReading()
        language = self.language
        if self.multilingual and language is None:
            language = self._detect(item.samples, hint)
        progress = self.options.progress
        watch = (lambda seconds: progress(item.chunk, seconds)) if progress else None
        reading = read_chunk(item.samples, prompt, ChunkDecoder(self, language, watch).decode)
        reading.language = language if self.multilingual else None
        return reading

    def _detect(self, samples: np.ndarray, hint: str | None) -> str:
        """The chunk's language, detected once so that every redo decodes in the same one; an unsure
        detection (music, a few words) keeps the language of the source's chunk before, when known."""
        code, probability, _all = self.model.detect_language(  # type: ignore[attr-defined]
            samples, language_detection_segments=DETECT_WINDOWS, language_detection_threshold=SURE_LANGUAGE)
        return hint if hint and probability < SURE_LANGUAGE else code

    def _segment(self, chunk: Chunk, raw: DecodedSegment, window: Window, language: str | None = None
                 ) -> Segment | None:
        text = raw.text.strip()
        words = absolute_words(chunk, ((w.word.strip(), w.start, w.end, w.prob) for w in raw.words if w.word.strip()))
        if not text or not words:
            return None
        first, last = raw.words[0].start, raw.words[-1].end
        mine = [a.shifted(chunk.start) for a in window.alternatives if first <= a.start and a.end <= last]
        extra = dict(chunk.extra, language=language) if language else dict(chunk.extra)
        if not window.trusted:  # kept, but never a prompt: a resumed run must know that too
            extra[DOUBTFUL] = True
        return Segment(source=chunk.source, chunk=chunk.index, start=words[0].start, end=words[-1].end, text=text,
                       words=words, engine=self.name, extra=extra, alternatives=mine)


class SourceContext:
    """The judged-good text of each source so far. Chunks of several sources may come interleaved (au-split
    processes run side by side into one au-stt), so the recent sources are each kept, up to SOURCES_KEPT."""

    SOURCES_KEPT = 256

    def __init__(self) -> None:
        self.parts: OrderedDict[str, deque[str]] = OrderedDict()
        self.languages: dict[str, str] = {}  # the language of each source's latest chunk that had one

    def text(self, source: str) -> str:
        return " ".join(self.parts.get(source, ()))

    def language(self, source: str) -> str | None:
        return self.languages.get(source)

    def add(self, finished: ChunkContext) -> None:
        parts = self.parts.setdefault(finished.source, deque(maxlen=20))
        self.parts.move_to_end(finished.source)
        if len(self.parts) > self.SOURCES_KEPT:
            forgotten, _ = self.parts.popitem(last=False)
            self.languages.pop(forgotten, None)
        if finished.text:
            parts.append(finished.text)
        if finished.language:
            self.languages[finished.source] = finished.language


class ChunkDecoder:
    """Decodes one chunk's audio for read_chunk: greedy (or beam) with the shared model, sampled with a
    fresh model of its own, seeded, so the random draws don't depend on what was decoded before."""

    def __init__(self, engine: WhisperEngine, language: str | None = None,
                 progress: Callable[[float], None] | None = None) -> None:
        self.engine = engine
        self.language = language or engine.language
        self.sampler: Any = None
        self.progress = progress  # told the seconds read as the first decode (the whole chunk) goes

    def decode(self, samples: np.ndarray, prompt: str | None, temperature: float) -> list[Window]:
        engine, opts = self.engine, self.engine.options
        model = engine.model if temperature == 0.0 else self._sampler()
        segments, _info = model.transcribe(  # type: ignore[attr-defined]
            samples, language=self.language, beam_size=opts.beam_size or 1, word_timestamps=True,
            initial_prompt=prompt, hotwords=opts.hotwords, vad_filter=opts.vad, suppress_tokens=engine.suppressed,
            condition_on_previous_text=temperature == 0.0, temperature=temperature)
        windows = _windows(self._watched(segments), len(samples) / SAMPLE_RATE, by_seek=not opts.vad)
        if engine.recorder is not None and temperature == 0.0:
            self._add_alternatives(windows, engine.recorder.take())
        return windows

    def _watched(self, segments: Iterable[Any]) -> list[Any]:
        """The decoded segments (decoding happens as they are drawn), each reported to progress."""
        progress, self.progress = self.progress, None  # redos re-read parts of what is already counted
        decoded = []
        for segment in segments:
            decoded.append(segment)
            if progress is not None:
                progress(segment.end)
        return decoded

    def _add_alternatives(self, windows: list[Window], results: list[Any]) -> None:
        tokenizer = self.engine.model.hf_tokenizer
        end_of_text = tokenizer.token_to_id("<|endoftext|>")

        def decode(ids: list[int]) -> str:
            return tokenizer.decode([t for t in ids if t < end_of_text])

        for window, result in zip(windows, match_results([w.text for w in windows], results, decode)):
            if result is not None:
                window.alternatives = window_alternatives(window.words, result, decode)

    def _sampler(self) -> Any:
        if self.sampler is None:
            import ctranslate2

            ctranslate2.set_random_seed(SAMPLING_SEED)  # read once by each new decoding thread
            engine = self.engine
            self.sampler = load_whisper(engine.source, engine.device, engine.compute_type, engine.threads, 1)
        return self.sampler


def _silent(item: ChunkAudio) -> bool:
    chunk = item.chunk
    return not item.samples.size or (chunk.speech is not None and chunk.speech < SILENT_CHUNK)


def _numeral_tokens(model: Any) -> list[int]:
    """Text tokens holding a digit or a currency or percent sign. Suppressing them makes Whisper write
    numbers as they are said ("eight", "twenty twenty"), so they can be counted like other words."""
    tokenizer = model.hf_tokenizer
    end_of_text = tokenizer.token_to_id("<|endoftext|>")
    return [i for i in range(end_of_text) if any(c.isdigit() or c in "%$£€" for c in tokenizer.decode([i]))]


def _windows(segments: list[Any], duration: float, by_seek: bool) -> list[Window]:
    """faster-whisper's segments grouped into the windows they were decoded in."""
    windows = []
    for _seek, group in groupby(segments, key=lambda s: s.seek):
        members = list(group)
        decoded = [DecodedSegment(s.text, [DecodedWord(w.word, w.start, w.end, w.probability) for w in s.words or []])
                   for s in members]
        first = members[0]
        start = first.seek * FRAME_SECONDS if by_seek else first.start
        windows.append(Window(start, members[-1].end, decoded, first.avg_logprob, first.compression_ratio,
                              first.no_speech_prob))
    stitch(windows, duration if by_seek else None)
    return windows


def _abridged(text: str, limit: int = 80) -> str:
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")
