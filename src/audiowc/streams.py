"""Opening inputs, telling the streams apart, and turning any of them into batches of tokens.

wc-words and tok accept three streams: plain text, au-stt's JSONL segments, and tok's TSV tokens.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO, Iterator, Sequence

from .errors import DataError, UsageError
from .records import iter_jsonl, record_kind, segment_from_dict
from .text import WarnFunction, iter_byte_blocks, iter_text_blocks, normalise, tokenise

FORMATS = ("auto", "text", "jsonl", "tokens")
SNIFF_BYTES = 4096
SEGMENTS_PER_BATCH = 512


@dataclass
class TokenBatch:
    """Tokens in order; times and sources when the stream carries them."""

    tokens: list[str]
    starts: list[float] | None = None
    ends: list[float] | None = None
    sources: list[str] | None = None

    @property
    def timed(self) -> bool:
        return self.starts is not None


@contextmanager
def open_input(path: str) -> Iterator[IO[bytes]]:
    """A binary stream for a path, '-' meaning stdin."""
    if path == "-":
        yield sys.stdin.buffer
        return
    try:
        handle = open(path, "rb")
    except IsADirectoryError:
        raise DataError("is a directory", path) from None
    except OSError as exc:
        raise DataError(exc.strerror or "cannot open", path) from None
    with handle:
        yield handle


def sniff(stream: IO[bytes]) -> tuple[bytes, str]:
    """Read the first bytes and guess the stream: 'jsonl', 'tokens' (TSV) or 'text'."""
    head = stream.read(SNIFF_BYTES)
    first = head.lstrip()
    first_line = first.split(b"\n", 1)[0]
    if first.startswith(b"{"):
        return head, "jsonl"
    if b"\t" in first_line:
        return head, "tokens"
    return head, "text"


def _replay(head: bytes, stream: IO[bytes]) -> Iterator[bytes]:
    """Lines of the stream, the sniffed head included."""
    for block in iter_byte_blocks(stream, head):
        yield from block.splitlines(keepends=True)


class ReplayLines:
    """A file-like object over replayed lines, for iter_jsonl."""

    def __init__(self, head: bytes, stream: IO[bytes]) -> None:
        self._lines = _replay(head, stream)

    def __iter__(self) -> Iterator[bytes]:
        return self._lines


def segment_batches(lines: ReplayLines, where: str, keep_case: bool) -> Iterator[TokenBatch]:
    """Tokens with word times from au-stt's segments; a segment without words uses its own times."""
    batch = TokenBatch([], [], [], [])
    for number, obj in iter_jsonl(lines, where):
        kind = record_kind(obj)
        if kind != "segment":
            what = "a chunk manifest (au-split output)" if kind == "chunk" else "a record without 'text'"
            raise DataError(f"expected transcript segments (au-stt output), got {what}", where, number)
        segment = segment_from_dict(obj, where, number)
        timed_words = [(w.word, w.start, w.end) for w in segment.words] or [
            (segment.text, segment.start, segment.end)]
        for word, start, end in timed_words:
            for token in tokenise(word, keep_case):
                batch.tokens.append(token)
                batch.starts.append(start)  # type: ignore[union-attr]
                batch.ends.append(end)  # type: ignore[union-attr]
                batch.sources.append(segment.source)  # type: ignore[union-attr]
        if len(batch.tokens) >= SEGMENTS_PER_BATCH * 16:
            yield batch
            batch = TokenBatch([], [], [], [])
    if batch.tokens:
        yield batch


def _parse_token_line(fields: list[str], where: str, line: int) -> tuple[str, float, float, str]:
    if len(fields) != 4:
        raise DataError(f"expected 1 or 4 tab-separated columns, got {len(fields)}", where, line)
    try:
        return fields[0], float(fields[1]), float(fields[2]), fields[3]
    except ValueError:
        raise DataError("token times must be numbers", where, line) from None


def token_batches(head: bytes, stream: IO[bytes], where: str, keep_case: bool,
                  warn: WarnFunction) -> Iterator[TokenBatch]:
    """tok's TSV output: `token<TAB>start<TAB>end<TAB>source`, or bare tokens."""
    line_number = 0
    for block in iter_text_blocks(stream, where, head, warn):
        batch = TokenBatch([], [], [], [])
        for line in block.splitlines():
            line_number += 1
            if not line:
                continue
            fields = line.split("\t")
            if len(fields) == 1:
                raise DataError("bare token in a timed token stream", where, line_number)
            token, start, end, source = _parse_token_line(fields, where, line_number)
            batch.tokens.append(normalise(token, keep_case))
            batch.starts.append(start)  # type: ignore[union-attr]
            batch.ends.append(end)  # type: ignore[union-attr]
            batch.sources.append(source)  # type: ignore[union-attr]
        if batch.tokens:
            yield batch


def text_batches(head: bytes, stream: IO[bytes], where: str, keep_case: bool,
                 warn: WarnFunction) -> Iterator[TokenBatch]:
    for block in iter_text_blocks(stream, where, head, warn):
        tokens = tokenise(block, keep_case)
        if tokens:
            yield TokenBatch(tokens)


def resolve_format(stream: IO[bytes], requested: str) -> tuple[bytes, str]:
    """The stream's format (sniffed when 'auto') and the bytes already read."""
    if requested not in FORMATS:
        raise UsageError(f"unknown input format {requested!r} (choose from {', '.join(FORMATS)})")
    head, guessed = sniff(stream)
    return head, guessed if requested == "auto" else requested


def iter_batches(stream: IO[bytes], where: str, fmt: str, keep_case: bool,
                 warn: WarnFunction, head: bytes = b"") -> Iterator[TokenBatch]:
    """Token batches from one input in a resolved format."""
    if fmt == "jsonl":
        return segment_batches(ReplayLines(head, stream), where, keep_case)
    if fmt == "tokens":
        return token_batches(head, stream, where, keep_case, warn)
    return text_batches(head, stream, where, keep_case, warn)


def input_names(paths: Sequence[str]) -> list[str]:
    """The inputs to read: stdin when none is given."""
    return list(paths) or ["-"]
