"""Writing transcript segments in the forms people use: au-stt's JSONL, txt, SRT, WebVTT, whisper's TSV
and whisper's JSON. Line forms are written segment by segment; JSON is one document, so it waits
for the last segment."""

from __future__ import annotations

import json
from typing import IO, Iterable, Iterator

from ..errors import DataError
from ..records import Segment, dumps
from .subtitles import TSV_HEADER, one_line, srt_cue, tsv_row, vtt_cue
from .whisper_json import whisper_document

OUTPUT_FORMATS = ("jsonl", "txt", "srt", "vtt", "tsv", "json")
# A subtitle file, a TSV or a JSON document times one recording; the line forms carry any number.
ONE_SOURCE = ("srt", "vtt", "tsv", "json")


def _one_source(segments: Iterable[Segment], fmt: str) -> Iterator[Segment]:
    first: str | None = None
    for segment in segments:
        if first is None:
            first = segment.source
        elif segment.source != first:
            raise DataError(f"--to {fmt} holds one recording, but the transcript has {first!r} and "
                            f"{segment.source!r}: convert each source on its own", segment.source)
        yield segment


def _lines(segments: Iterable[Segment], fmt: str) -> Iterator[str]:
    number = 0
    for segment in segments:
        if fmt == "jsonl":
            yield dumps(segment) + "\n"
            continue
        if not one_line(segment.text):
            continue  # an empty cue is no cue
        number += 1
        if fmt == "txt":
            yield one_line(segment.text) + "\n"
        elif fmt == "srt":
            yield srt_cue(number, segment)
        elif fmt == "vtt":
            yield ("WEBVTT\n\n" if number == 1 else "") + vtt_cue(segment)
        else:
            yield (TSV_HEADER + "\n" if number == 1 else "") + tsv_row(segment)


def write_segments(segments: Iterable[Segment], fmt: str, out: IO[str]) -> None:
    """Write the segments to out in fmt (one of OUTPUT_FORMATS); no segments, no output."""
    if fmt in ONE_SOURCE:
        segments = _one_source(segments, fmt)
    if fmt == "json":
        collected = list(segments)
        if collected:
            out.write(json.dumps(whisper_document(collected), ensure_ascii=False) + "\n")
        return
    for line in _lines(segments, fmt):
        out.write(line)
