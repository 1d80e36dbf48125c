"""Opening inputs, telling the streams apart, and turning any of them into batches of tokens.

wc-words and tok accept three streams: plain text, au-stt's JSONL segments, and tok's TSV tokens.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO, Iterator, Sequence

from .errors import DataError, UsageError
from .records import Segment, iter_jsonl, record_kind, segment_from_dict, tsv_text
from .text import WarnFunction, iter_byte_blocks, iter_text_blocks, normalise, read_head, tokenise, warn_stderr

FORMATS = ("auto", "text", "jsonl", "tokens")
SNIFF_BYTES = 4096
TOKENS_PER_BATCH = 8192


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

    def add(self, token: str, start: float, end: float, source: str) -> None:
        assert self.starts is not None and self.ends is not None and self.sources is not None
        self.tokens.append(token)
        self.starts.append(start)
        self.ends.append(end)
        self.sources.append(source)


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
    head = read_head(stream, SNIFF_BYTES)
    first = head.lstrip()
    first_line = first.split(b"\n", 1)[0]
    if first.startswith(b"{"):
        return head, "jsonl"
    if b"\t" in first_line:
        return head, "tokens"
    return head, "text"


def replay_lines(head: bytes, stream: IO[bytes]) -> Iterator[bytes]:
    """Lines of the stream, the sniffed head included, each as soon as it arrives."""
    for block in iter_byte_blocks(stream, head, eager=True):
        yield from block.splitlines(keepends=True)


@dataclass
class ReadOptions:
    """How to read: case, where warnings go, and whether a bad record stops the run or is skipped."""

    keep_case: bool = False
    warn: WarnFunction = warn_stderr
    skip_bad: bool = False

    def bad_record(self, error: DataError) -> None:
        """Raise the error, or with skip_bad report it as one warning line and go on."""
        if not self.skip_bad:
            raise error
        self.warn(f"skipped: {error.describe()}")


def _segment(obj: dict[str, object], where: str, number: int) -> Segment:
    kind = record_kind(obj)
    if kind != "segment":
        what = "a chunk manifest (au-split output)" if kind == "chunk" else "a record without 'text'"
        raise DataError(f"expected transcript segments (au-stt output), got {what}", where, number)
    return segment_from_dict(obj, where, number)


def segment_batches(lines: Iterator[bytes], where: str, opts: ReadOptions) -> Iterator[TokenBatch]:
    """Tokens with word times from au-stt's segments; a segment without words uses its own times."""
    batch = TokenBatch([], [], [], [])
    for number, obj in iter_jsonl(lines, where, opts.bad_record):
        try:
            segment = _segment(obj, where, number)
        except DataError as error:
            opts.bad_record(error)
            continue
        timed_words = [(w.word, w.start, w.end) for w in segment.words] or [
            (segment.text, segment.start, segment.end)]
        for word, start, end in timed_words:
            for token in tokenise(word, opts.keep_case):
                batch.add(token, start, end, segment.source)
        if len(batch.tokens) >= TOKENS_PER_BATCH:
            yield batch
            batch = TokenBatch([], [], [], [])
    if batch.tokens:
        yield batch


def _parse_token_line(line: str, where: str, number: int) -> tuple[str, float, float, str]:
    fields = line.split("\t")
    if len(fields) == 1:
        raise DataError("bare token in a timed token stream", where, number)
    if len(fields) != 4:
        raise DataError(f"expected 1 or 4 tab-separated columns, got {len(fields)}", where, number)
    try:
        return fields[0], float(fields[1]), float(fields[2]), tsv_text(fields[3])
    except ValueError:
        raise DataError("token times must be numbers", where, number) from None


def token_batches(head: bytes, stream: IO[bytes], where: str, opts: ReadOptions) -> Iterator[TokenBatch]:
    """tok's TSV output: `token<TAB>start<TAB>end<TAB>source`."""
    number = 0
    for block in iter_text_blocks(stream, where, head, opts.warn):
        batch = TokenBatch([], [], [], [])
        for line in block.splitlines():
            number += 1
            if not line:
                continue
            try:
                token, start, end, source = _parse_token_line(line, where, number)
            except DataError as error:
                opts.bad_record(error)
                continue
            batch.add(normalise(token, opts.keep_case), start, end, source)
        if batch.tokens:
            yield batch


def text_batches(head: bytes, stream: IO[bytes], where: str, opts: ReadOptions) -> Iterator[TokenBatch]:
    for block in iter_text_blocks(stream, where, head, opts.warn):
        tokens = tokenise(block, opts.keep_case)
        if tokens:
            yield TokenBatch(tokens)


def resolve_format(stream: IO[bytes], requested: str) -> tuple[bytes, str]:
    """The stream's format (sniffed when 'auto') and the bytes already read."""
    if requested not in FORMATS:
        raise UsageError(f"unknown input format {requested!r} (choose from {', '.join(FORMATS)})")
    head, guessed = sniff(stream)
    return head, guessed if requested == "auto" else requested


def iter_batches(stream: IO[bytes], where: str, fmt: str, opts: ReadOptions,
                 head: bytes = b"") -> Iterator[TokenBatch]:
    """Token batches from one input in a resolved format."""
    if fmt == "jsonl":
        return segment_batches(replay_lines(head, stream), where, opts)
    if fmt == "tokens":
        return token_batches(head, stream, where, opts)
    return text_batches(head, stream, where, opts)


def input_names(paths: Sequence[str]) -> list[str]:
    """The inputs to read: stdin when none is given."""
    return list(paths) or ["-"]
