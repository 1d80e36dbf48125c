"""Telling an input apart by its first bytes, and reading any transcript form into Segments.

Inputs are plain text, tok's tokens, or a transcript: au-stt's JSONL segments, SRT, WebVTT, whisper's
TSV, or the JSON of whisper, WhisperX or whisper.cpp. Audio given by mistake is named by its magic
bytes, so the text tools can say to transcribe it first instead of counting nothing.
"""

from __future__ import annotations

import json
import shlex
from typing import IO, Callable, Iterator

from ..audio.magic import audio_kind
from ..errors import DataError, UsageError
from ..records import Segment, iter_jsonl, record_kind, segment_from_dict
from ..text.blocks import (BLOCK_BYTES, MAX_DOCUMENT_BYTES, UTF8_BOM, Utf8Decoder, WarnFunction, read_head, read_some,
                           replay_lines)
from .names import transcript_source
from .subtitles import TIMING, TSV_HEADER, cue_segments, iter_cues, tsv_segments
from .whisper_json import JSON_FORMATS, document_kind, document_segments, load_document

TRANSCRIPT_FORMATS = ("jsonl", "srt", "vtt", "tsv", "json", *JSON_FORMATS)
INPUT_FORMATS = ("auto", "text", "tokens", *TRANSCRIPT_FORMATS)
SNIFF_BYTES = 4096
MAGIC_BYTES = 16
OnError = Callable[[DataError], None]

def check_format(requested: str) -> None:
    """--from's check: one of INPUT_FORMATS."""
    if requested not in INPUT_FORMATS:
        raise UsageError(f"unknown input format {requested!r} (choose from {', '.join(INPUT_FORMATS)})")


def check_text(head: bytes, where: str) -> None:
    """Refuse audio and other binary data with a line that says what to do instead."""
    kind = audio_kind(head)
    if kind is not None:
        name = "-" if where == "-" else shlex.quote(where)
        raise DataError(f"this is audio ({kind}), not text or a transcript: "
                        f"transcribe it first with au-split {name} | au-stt | ...", where)
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise DataError("text in UTF-16: convert it first with iconv -f UTF-16 -t UTF-8", where)
    if b"\0" in head:
        raise DataError("binary data, not text or a transcript", where)


def _read_more(stream: IO[bytes], head: bytes, enough: Callable[[bytes], bool]) -> bytes:
    while not enough(head):
        data = read_some(stream, SNIFF_BYTES)
        if not data:
            break
        head += data
    return head


def _first_line_whole(stream: IO[bytes], head: bytes, where: str) -> bytes:
    """The head read on to the end of its first non-blank line (whisper writes its JSON on one
    line); only new data is searched, so a long line costs linear time."""
    if b"\n" in head.lstrip():
        return head
    parts, held = [head], len(head)
    while True:
        data = read_some(stream, BLOCK_BYTES)
        parts.append(data)
        held += len(data)
        if not data or b"\n" in data:
            return b"".join(parts)
        if held > MAX_DOCUMENT_BYTES:
            raise _too_long(where)


def _too_long(where: str) -> DataError:
    return DataError(f"a JSON line or document of {MAX_DOCUMENT_BYTES >> 20} MiB or more is no transcript", where)


def _lines(head: bytes) -> list[bytes]:
    return head.lstrip(UTF8_BOM).lstrip().split(b"\n")


def sniff(stream: IO[bytes], where: str) -> tuple[bytes, str]:
    """Read the first bytes and name the stream: one of TRANSCRIPT_FORMATS' readers ('json' for any
    JSON document), 'tokens' or 'text'. A JSON stream is read up to its first line's end to tell a
    document from JSONL records. Audio and binary data raise DataError."""
    # A line typed at a terminal may be shorter than the magic bytes: a newline is enough then.
    head = _read_more(stream, read_head(stream, SNIFF_BYTES), lambda h: len(h) >= MAGIC_BYTES or b"\n" in h)
    check_text(head, where)
    first = head.lstrip(UTF8_BOM).lstrip()
    if first.startswith(b"WEBVTT"):
        return head, "vtt"
    if first.startswith(b"{"):
        head = _first_line_whole(stream, head, where)
        return head, _json_kind(_lines(head)[0])
    if _lines(head)[0].strip().isdigit():  # an SRT index: its timing line follows
        head = _read_more(stream, head, lambda h: len(_lines(h)) > 2 or len(h) > SNIFF_BYTES)
    lines = [line.rstrip(b"\r") for line in _lines(head)]
    if any(TIMING.match(line.decode("utf-8", "replace")) for line in lines[:2]):
        return head, "srt"
    if lines[0] == TSV_HEADER.encode():
        return head, "tsv"
    return head, "tokens" if b"\t" in lines[0] else "text"


def _json_kind(first_line: bytes) -> str:
    """'json' for a document (whisper's one line, whisper.cpp's indented one), else 'jsonl'."""
    if first_line.strip() == b"{":
        return "json"
    try:
        obj = json.loads(first_line)
    except (ValueError, RecursionError):
        return "jsonl"  # the JSONL reader names the bad line
    return "json" if isinstance(obj, dict) and ("segments" in obj or "transcription" in obj) else "jsonl"


def _decoded_lines(head: bytes, stream: IO[bytes], where: str, warn: WarnFunction) -> Iterator[str]:
    decoder = Utf8Decoder(where, warn)
    return (decoder.decode(line) for line in replay_lines(head, stream, where))


def jsonl_segments(lines: Iterator[bytes], where: str, on_error: OnError) -> Iterator[Segment]:
    """au-stt's segments, checked; a chunk manifest given by mistake is named as such."""
    for number, obj in iter_jsonl(lines, where, on_error):
        kind = record_kind(obj)
        try:
            if kind != "segment":
                what = "a chunk manifest (au-split output)" if kind == "chunk" else "a record without 'text'"
                raise DataError(f"expected transcript segments (au-stt output), got {what}", where, number)
            yield segment_from_dict(obj, where, number)
        except DataError as error:
            on_error(error)


def _json_segments(head: bytes, stream: IO[bytes], where: str, fmt: str, source: str | None,
                   warn: WarnFunction, on_error: OnError) -> Iterator[Segment]:
    """A JSON document is one object, so it is read whole (a transcript is small beside its audio)."""
    rest = stream.read(MAX_DOCUMENT_BYTES + 1 - len(head)) if len(head) <= MAX_DOCUMENT_BYTES else b""
    if len(head) + len(rest) > MAX_DOCUMENT_BYTES:
        raise _too_long(where)
    document = load_document(Utf8Decoder(where, warn).decode(head + rest), where)
    kind = document_kind(document)
    if kind is None:
        raise DataError("a JSON transcript needs 'segments' (whisper, WhisperX) or 'transcription' "
                        "(whisper.cpp)", where)
    if fmt != "json" and (kind == "whisper.cpp") != (fmt == "whisper.cpp"):
        raise DataError(f"not a {fmt} JSON transcript: it looks like {kind}'s", where)
    named = document.get("source")
    name = source or (named if isinstance(named, str) and named else transcript_source(where))
    return document_segments(document, where, kind, name, on_error)


def read_segments(head: bytes, stream: IO[bytes], where: str, fmt: str, source: str | None,
                  warn: WarnFunction, on_error: OnError) -> Iterator[Segment]:
    """Segments from a transcript in a resolved format; source, when given, names the recording, else
    JSONL's and JSON's own do, else the file's name (names.transcript_source)."""
    if fmt == "jsonl":
        segments = jsonl_segments(replay_lines(head, stream, where), where, on_error)
        return segments if source is None else _renamed(segments, source)
    if fmt in ("json", *JSON_FORMATS):
        return _json_segments(head, stream, where, fmt, source, warn, on_error)
    lines = _decoded_lines(head, stream, where, warn)
    if fmt == "tsv":
        return tsv_segments(lines, where, source or transcript_source(where), on_error)
    cues = iter_cues(lines, where, fmt == "vtt", on_error)
    return cue_segments(cues, source or transcript_source(where), fmt, vtt=fmt == "vtt")


def _renamed(segments: Iterator[Segment], source: str) -> Iterator[Segment]:
    for segment in segments:
        segment.source = source
        yield segment
