"""au-stt: chunk manifest in, JSONL transcript segments with absolute word times out."""

from __future__ import annotations

import os
import sys
import time
from functools import partial
from itertools import chain
from typing import Annotated, Callable, Iterator, Optional

import typer

from ..cli import runner
from ..cli.inputs import listed_inputs, stdin_bytes
from ..cli.progress import AudioProgress, ChunkProgress, above_bars
from ..errors import DataError, UsageError
from ..records import Chunk, dumps
from ..transcribe.engines import ENGINES, make_engine
from ..transcribe.engines.interface import ChunkAudio, Engine, EngineOptions
from ..transcribe.resume import Partial, read_partial
from ..transcribe.leftovers import sweep_waiting_chunks
from ..transcribe.stt_input import Coverage, TemporaryChunks, chunk_audio, file_chunks, manifest_chunks
from .options import DebugOption, DeviceOption, FilesFromOption, LanguageOption, SkipBadOption, VersionOption

NAME = "au-stt"
HELP = """Transcribe chunks to JSONL segments with word times in the source's timeline.

Reads au-split's chunk manifest on stdin (or audio files given as arguments, each one
chunk). Whisper tiny.en, embedded in the package, is the default model; it runs offline.
A chunk file marked "temporary" (au-split without --out-dir) is deleted once transcribed.

\b
Examples:
  au-split ep.mp3 | au-stt > ep.mp3.jsonl
  au-stt < ep.chunks.jsonl | tok | wc-words --fuzzy banana
  au-stt --model small.en --device cuda < ep.chunks.jsonl
  au-stt intro.wav outro.flac
  au-split ep.mp3 | au-stt --resume ep.mp3.jsonl.part > ep.mp3.jsonl
  au-stt --engine deepspeech --model ds-0.9.3.pbmm --scorer ds-0.9.3.scorer < ep.chunks.jsonl
"""

app = runner.make_app(HELP)


def _earlier(path: str) -> Partial:
    """The partial transcript to go on from; none yet (a first run) is nothing finished."""
    if not os.path.lexists(path):
        runner.warn(NAME, f"nothing to resume, transcribing from the start (where: {path}, not there yet)")
        return Partial(path)
    return read_partial(path)


@app.command(help=HELP)
def au_stt(
    files: Annotated[Optional[list[str]], typer.Argument(metavar="FILE", help="Audio files to transcribe, "
                                                         "each as one chunk (none: a manifest on stdin).",
                                                         show_default=False)] = None,
    files_from: FilesFromOption = None,
    engine: Annotated[str, typer.Option("--engine", "-e", metavar="NAME", help="whisper or deepspeech.")
                      ] = "whisper",
    model: Annotated[Optional[str], typer.Option("--model", "-m", metavar="MODEL", help="Whisper: tiny.en "
                     "(embedded), a CTranslate2 model directory, or a name to download when online. "
                     "DeepSpeech: a .pbmm or .tflite file.", show_default=False)] = None,
    device: DeviceOption = "auto",
    compute_type: Annotated[str, typer.Option("--compute-type", metavar="TYPE", help="CTranslate2 compute "
                            "type (default: int8 on cpu, float16 on cuda).")] = "default",
    threads: Annotated[int, typer.Option("--threads", metavar="N", min=0, help="CPU threads per chunk "
                                         "worker (0: the cores shared among workers).")] = 0,
    beam_size: Annotated[int, typer.Option("--beam-size", metavar="N", min=0, help="Beam width (0: 1 for "
                                           "whisper, the model's default for deepspeech).")] = 0,
    language: LanguageOption = None,
    hotwords: Annotated[Optional[str], typer.Option("--hotwords", metavar="WORDS", help="Words to bias "
                        "towards (measure first: it can hurt).", show_default=False)] = None,
    prompt: Annotated[Optional[str], typer.Option("--prompt", metavar="TEXT", help="Text that comes before "
                      "the recording, to set vocabulary and style.", show_default=False)] = None,
    batch_size: Annotated[int, typer.Option("--batch-size", metavar="N", min=0, help="Chunks decoded at "
                                            "once (0: 2 on cpu, 4 on cuda).")] = 0,
    scorer: Annotated[Optional[str], typer.Option("--scorer", metavar="FILE", help="DeepSpeech external "
                      "scorer (needed for --hotwords).", show_default=False)] = None,
    vad: Annotated[bool, typer.Option("--vad/--no-vad", help="Let Silero VAD drop what it judges non-speech "
                                      "before decoding (off: it can delete a quiet speaker).")] = False,
    digits: Annotated[bool, typer.Option("--digits", help="Let Whisper write numbers as digits (default: "
                                         "as said, \"eight\", so they count like other words).")] = False,
    no_context: Annotated[bool, typer.Option("--no-context", help="Decode each chunk on its own, without "
                                             "the text of the chunks before it as a prompt.")] = False,
    resume: Annotated[Optional[str], typer.Option("--resume", metavar="PARTIAL", help="A partial transcript "
                      "of this same input from an interrupted run: copy its finished chunks to the output, "
                      "skip them, and go on from there (not there yet: from the start).", show_default=False)] = None,
    skip_bad: SkipBadOption = False,
    version: VersionOption = False,
    debug: DebugOption = False,
) -> None:
    if engine not in ENGINES:
        raise UsageError(f"unknown engine {engine!r} (choose from {', '.join(ENGINES)})")
    audio = _audio_files(files or [], files_from)
    if resume is not None and audio is not None:
        raise UsageError("--resume applies to a manifest on stdin, not to audio files")
    if audio == []:
        return  # an empty --files-from list: no input, no output
    temporary, coverage = TemporaryChunks(), Coverage()
    try:
        stdin = None if audio else stdin_bytes("pipe au-split's chunk manifest in, or give audio files")
        earlier = _earlier(resume) if resume is not None else None
        skip = partial(_skip_record, _warn) if skip_bad else None
        chunks = coverage.watch(temporary.watch(file_chunks(audio) if audio else manifest_chunks(stdin, "-", skip)))
        if earlier is not None:
            chunks = earlier.skip_finished(chunks, on_skip=_consumed, on_found=_write_lines)
        items = chunk_audio(chunks, from_manifest=not audio, skip_bad=skip_bad, report=_warn)
        first = next(items, None)
        if first is None:
            return  # empty input, empty output, and no model loaded
        progress = ChunkProgress(AudioProgress(_label(first.chunk), None))
        try:
            # made once the first chunk is found: a resumed run has then skipped the finished ones
            options = EngineOptions(model, device, compute_type, threads, beam_size, language, hotwords, prompt,
                                    batch_size, scorer, vad=vad, digits=digits, context=not no_context,
                                    report=_warn, history=earlier.history if earlier else [],
                                    progress=partial(_reading, progress))
            _write_segments(make_engine(engine, options), chain([first], items), progress)
        finally:
            progress.bar.close()
    except BaseException:
        temporary.remove()  # stopped early: au-split's temporary chunks are nobody else's,
        if not audio:
            sweep_waiting_chunks(0)  # those of records not yet read included
        raise
    _check_coverage(coverage)


def _check_coverage(coverage: Coverage) -> None:
    """A source whose chunks stop short is bad data: say so, and exit 1 once all is written."""
    short = coverage.short()
    for line in short:
        runner.warn(NAME, line)
    if short:
        raise typer.Exit(1)


def _audio_files(files: list[str], files_from: str | None) -> list[str] | None:
    """The audio files to transcribe, each one chunk; None: a chunk manifest on stdin instead."""
    if files_from is None:
        return files or None
    return list(listed_inputs(files, files_from))


def _skip_record(report: Callable[[str], None], error: DataError) -> None:
    report(f"skipped: {error.describe()}")


def _warn(message: str) -> None:
    with above_bars():  # on a line of its own, not glued to the progress bar's
        runner.warn(NAME, message)


def _label(chunk: Chunk) -> str:
    """The bar's name: the command and the recording being read (two runs may share a terminal)."""
    return f"{NAME} {os.path.basename(chunk.source) or chunk.source}"


def _reading(progress: ChunkProgress, chunk: Chunk, seconds: float) -> None:
    progress.reading_at(id(chunk), seconds, chunk.end - chunk.start)


def _write_lines(lines: list[bytes]) -> None:
    sys.stdout.flush()
    sys.stdout.buffer.write(b"".join(lines))
    sys.stdout.buffer.flush()


def _consumed(chunk: Chunk) -> None:
    """A chunk au-split wrote to a temporary directory is deleted once read, and the directory with
    its last chunk."""
    if not chunk.temporary:
        return
    try:
        os.unlink(os.fsencode(chunk.path))
        os.rmdir(os.path.dirname(os.fsencode(chunk.path)))
    except OSError:
        pass  # gone already, or the directory still holds chunks


def _write_segments(recogniser: Engine, items: Iterator[ChunkAudio], progress: ChunkProgress) -> None:
    """Write each chunk's segments as soon as they are ready; progress in audio seconds as decoding
    goes, labelled with the source being read, with the total (and so the time left) from the
    recordings' lengths that au-split puts in each chunk."""
    bar = progress.bar
    lengths: dict[str, float | None] = {}

    def watched(items: Iterator[ChunkAudio]) -> Iterator[ChunkAudio]:
        for item in items:
            chunk = item.chunk
            bar.set_label(_label(chunk))
            if chunk.source not in lengths:
                lengths[chunk.source] = chunk.source_duration
                known = [v for v in lengths.values() if v is not None]
                bar.set_total(sum(known) if len(known) == len(lengths) else None)
            yield item

    started, done = time.perf_counter(), 0.0
    for chunk, segments in recogniser.transcribe(watched(items)):
        sys.stdout.write("".join(dumps(s) + "\n" for s in segments))
        sys.stdout.flush()
        _consumed(chunk)
        done += chunk.end - chunk.start
        progress.finish(id(chunk), chunk.end - chunk.start,
                        rtf=f"{(time.perf_counter() - started) / max(done, 1e-9):.3f}")


def main() -> None:
    runner.run(app, NAME)


if __name__ == "__main__":
    main()
