"""au-split: recordings in, WAV chunks cut in pauses out, with a JSONL manifest on stdout."""

from __future__ import annotations

import os
import shutil
import tempfile
from typing import Annotated, Optional

import typer

from ..audio.decode import open_audio
from ..audio.spool import is_stream, spool
from ..cli import runner
from ..cli.inputs import listed_inputs
from ..cli.progress import AudioProgress
from ..cli.signals import signals_held
from ..errors import AudiowcError, DataError, UsageError
from ..records import Chunk, dumps
from ..split.chunks import OutputNames, SplitOptions, split_recording
from .options import DebugOption, FilesFromOption, VersionOption

NAME = "au-split"
HELP = """Cut recordings into 16 kHz mono WAV chunks at pauses; print a JSONL chunk manifest.

Reads WAV, FLAC, OGG, MP3 and (through PyAV) M4A/AAC, MP4, WebM; '-' reads audio bytes
on stdin. Without --out-dir the chunks go to a temporary directory and are marked
"temporary": au-stt deletes each one once it has read it, so the pipeline leaves nothing
behind. --out-dir DIR keeps them in DIR. Chunk paths in the manifest are absolute.

\b
Examples:
  au-split ep.mp3 | au-stt | tok | wc-words --fuzzy banana
  au-split --out-dir ep.chunks ep.mp3 > ep.chunks.jsonl
  find . -name '*.mp3' | au-split --files-from - --out-dir chunks/ > all.jsonl
  curl -s https://example.org/ep.ogg | au-split - --out-dir ep/
"""

app = runner.make_app(HELP)


MANIFEST = "stdout"  # where an error writing the manifest happened


def _announce(chunk: Chunk) -> None:
    """Print a chunk's record. If it cannot be written, the chunk goes too (the manifest and the disk
    agree), and an error other than a closed pipe (a full disk) names the manifest as where."""
    try:
        print(dumps(chunk), flush=True)
    except OSError as exc:
        os.unlink(chunk.path)
        if isinstance(exc, BrokenPipeError):
            raise
        raise OSError(exc.errno, exc.strerror, MANIFEST) from None


def _split_one(source: str, names: OutputNames, options: SplitOptions) -> int:
    """Split one input, printing records as they come; returns the number of chunks."""
    spooled = source == "-" or is_stream(source)  # decoders need to seek; a pipe or FIFO can't
    path = spool(source) if spooled else source
    count = 0
    try:
        place = names.place(source)
        try:
            decoded = open_audio(path)
            bar = AudioProgress(f"{NAME} {os.path.basename(source) or source}", decoded.duration)
            try:
                chunks = split_recording(decoded, source, place.directory, place.stem, options, bar.update)
                while True:
                    with signals_held():  # a chunk on disk is always in the manifest, and the other way round
                        chunk = next(chunks, None)
                        if chunk is None:
                            break
                        _announce(chunk)
                        count += 1
            finally:
                bar.close()
        finally:
            place.release(wrote_chunks=count > 0)
    except DataError as exc:
        if spooled:  # name what the user gave, not the spool file
            raise DataError(exc.message, source, exc.line) from None
        raise
    finally:
        if spooled:
            os.unlink(path)
    if count == 0:
        runner.warn(NAME, f"no audio in the recording, no chunks (where: {source})")
    return count


@app.command(help=HELP)
def au_split(
    files: Annotated[Optional[list[str]], typer.Argument(metavar="FILE", help="Recordings ('-': audio on "
                                                         "stdin).", show_default=False)] = None,
    files_from: FilesFromOption = None,
    out_dir: Annotated[Optional[str], typer.Option("--out-dir", "-o", metavar="DIR", help="Keep the chunks in "
                                                   "DIR (default: a temporary directory au-stt empties).",
                                                   show_default=False)] = None,
    max_len: Annotated[float, typer.Option("--max-len", metavar="SECONDS", min=5.0, help="Longest chunk.")] = 60.0,
    min_len: Annotated[float, typer.Option("--min-len", metavar="SECONDS", min=0.0, help="Shortest chunk "
                                           "(but the last one of a recording).")] = 5.0,
    search: Annotated[float, typer.Option("--search", metavar="SECONDS", min=1.0, help="How far before the "
                                          "limit to look for a pause.")] = 15.0,
    version: VersionOption = False,
    debug: DebugOption = False,
) -> None:
    if min_len >= max_len:
        raise UsageError("--min-len must be shorter than --max-len")
    sources = list(listed_inputs(files or [], files_from))
    if not sources:
        raise UsageError("no input: give FILE..., '-' or --files-from")
    temporary = out_dir is None
    options = SplitOptions(out_dir or tempfile.mkdtemp(prefix="audiowc-chunks-"), max_len, min_len, search,
                           temporary)
    try:
        _split_all(sources, OutputNames(options))
    except (BrokenPipeError, KeyboardInterrupt, runner.Terminated):
        if temporary:  # the pipeline is stopping: no au-stt will read these chunks
            shutil.rmtree(options.out_dir, ignore_errors=True)
        raise
    except FileNotFoundError:
        if temporary and not os.path.isdir(options.out_dir):
            raise BrokenPipeError() from None  # au-stt stopped early and removed the directory
        raise
    except OSError as exc:
        if temporary and exc.filename == MANIFEST:  # chunks nobody can find without their records
            shutil.rmtree(options.out_dir, ignore_errors=True)
        raise
    finally:
        if temporary:
            _remove_if_empty(options.out_dir)  # nothing written, or au-stt has read it all already


def _remove_if_empty(directory: str | None) -> None:
    try:
        os.rmdir(directory or "")
    except OSError:
        pass


def _split_all(sources: list[str], names: OutputNames) -> None:
    options = names.options
    failures = 0
    for source in sources:
        try:
            _split_one(source, names, options)
        except AudiowcError as exc:
            if len(sources) == 1:
                raise
            runner.error(NAME, exc.describe())  # and go on with the other inputs
            failures += 1
    if failures:
        raise typer.Exit(1)


def main() -> None:
    runner.run(app, NAME)


if __name__ == "__main__":
    main()
