"""au-format: a transcript in any form people hold in, the same transcript in another form out."""

from __future__ import annotations

import sys
from functools import partial
from typing import Annotated, Iterator

import typer

from ..cli import runner
from ..cli.inputs import inputs_or_stdin, open_input
from ..errors import DataError, UsageError
from ..records import Segment
from ..tokens.batches import ReadOptions, resolve_format
from ..transcripts.convert import OUTPUT_FORMATS, write_segments
from ..transcripts.formats import TRANSCRIPT_FORMATS, read_segments
from .options import (DebugOption, FilesFromOption, FromOption, InputFiles, SkipBadOption, SourceOption,
                      VersionOption)

NAME = "au-format"
HELP = """Convert transcripts: au-stt's JSONL, SRT, WebVTT, whisper's TSV or JSON,
WhisperX or whisper.cpp JSON in (detected, or --from); jsonl, txt, srt, vtt,
tsv or whisper-style json out (--to, jsonl by default).

Times survive to the millisecond a form holds; word times only in jsonl and
json. Subtitles carry no word times: tok and wc-words spread a cue's span
over its words.

\b
Examples:
  au-split ep.mp3 | au-stt | au-format --to srt > ep.srt
  au-format --to vtt ep.mp3.jsonl > ep.vtt
  au-format whisper-output.json > ep.jsonl
  au-format --source ep.mp3 old.srt | tok | wc-words --fuzzy banana --hits
"""

app = runner.make_app(HELP)


def _segments(names: list[str], input_format: str, read: ReadOptions) -> Iterator[Segment]:
    for name in names:
        with open_input(name, "a transcript") as stream:
            head, fmt = resolve_format(stream, input_format, name)
            if not head.strip():
                continue  # empty input, empty output
            if fmt not in TRANSCRIPT_FORMATS:
                raise DataError("not a transcript (JSONL segments, SRT, WebVTT, whisper TSV or JSON): "
                                "plain text and tokens carry no times", name)
            yield from read_segments(head, stream, name, fmt, read.source, read.warn, read.bad_record)


@app.command(help=HELP)
def au_format(
    files: InputFiles = None,
    files_from: FilesFromOption = None,
    input_format: FromOption = "auto",
    output_format: Annotated[str, typer.Option(
        "--to", metavar="FORMAT", help=f"Output form: {', '.join(OUTPUT_FORMATS)}.")] = "jsonl",
    source: SourceOption = None,
    skip_bad: SkipBadOption = False,
    version: VersionOption = False,
    debug: DebugOption = False,
) -> None:
    if output_format not in OUTPUT_FORMATS:
        raise UsageError(f"unknown output format {output_format!r} (choose from {', '.join(OUTPUT_FORMATS)})")
    read = ReadOptions(False, partial(runner.warn, NAME), skip_bad=skip_bad, source=source)
    write_segments(_segments(inputs_or_stdin(files or [], files_from), input_format, read), output_format, sys.stdout)


def main() -> None:
    runner.run(app, NAME)


if __name__ == "__main__":
    main()
