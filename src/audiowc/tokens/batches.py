"""Turning any stream into batches of tokens.

wc-words and tok accept plain text, tok's TSV tokens and every transcript form transcripts/formats.py reads
(au-stt's JSONL, SRT, WebVTT, whisper's TSV and JSON, WhisperX, whisper.cpp).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import IO, Iterator

from ..errors import DataError
from ..fields import tsv_text
from ..records import Segment
from ..text.blocks import WarnFunction, iter_text_blocks
from ..text.tokenise import normalise, spread_tokens, tokenise
from ..transcripts.formats import TRANSCRIPT_FORMATS, check_format, read_segments, sniff

TOKENS_PER_BATCH = 8192
INFINITY = float("inf")


@dataclass(frozen=True)
class AltReading:
    """Another hearing of [start, end) of a source (a segment's alternative, see records.Alternative):
    its tokens and its score (0-1). Never counted; wc-words --near lists the queries it holds."""

    tokens: tuple[str, ...]
    start: float
    end: float
    source: str
    score: float


@dataclass
class TokenBatch:
    """Tokens in order; times and sources when the stream carries them. A timed batch holds one
    source's tokens in time order (see follows), so what joins neighbouring tokens (phrases, split
    words, near runs) never joins two recordings, nor the end of one transcript to the start of
    another of the same name."""

    tokens: list[str]
    starts: list[float] | None = None
    ends: list[float] | None = None
    sources: list[str] | None = None
    alternatives: list[AltReading] = field(default_factory=list)
    language: str | None = None  # what the transcript says its words are in (its segments' "language")

    @property
    def timed(self) -> bool:
        return self.starts is not None

    def follows(self, start: float, source: str) -> bool:
        """Whether a token from source at start can come next in this batch: it is empty, or the
        token is its last token's source's and does not start before it."""
        if not self.tokens:
            return True
        assert self.starts is not None and self.sources is not None
        return source == self.sources[-1] and start >= self.starts[-1]

    def add(self, token: str, start: float, end: float, source: str) -> None:
        assert self.starts is not None and self.ends is not None and self.sources is not None
        self.tokens.append(token)
        self.starts.append(start)
        self.ends.append(end)
        self.sources.append(source)


@dataclass
class ReadOptions:
    """How to read: case, where warnings go, and whether a bad record stops the run or is skipped."""

    keep_case: bool
    warn: WarnFunction
    skip_bad: bool = False
    source: str | None = None  # names the recording, over what the input says (--source)
    language: str | None = None  # the text's language, over what a transcript says (--language)

    def language_of(self, segment: Segment) -> str | None:
        """The language whose rules tokenise a segment: the one given, else the segment's own."""
        said = segment.extra.get("language")
        return self.language or (said.lower() if isinstance(said, str) and said else None)

    def bad_record(self, error: DataError) -> None:
        """Raise the error, or with skip_bad report it as one warning line and go on."""
        if not self.skip_bad:
            raise error
        self.warn(f"skipped: {error.describe()}")


def _segment_tokens(segment: Segment, keep_case: bool, language: str | None) -> Iterator[tuple[str, float, float]]:
    """A segment's tokens with their times. A segment without word times (a subtitle cue) spreads
    its tokens over its span in proportion to their place in its text: an estimate."""
    if not segment.words:
        yield from spread_tokens(segment.text, segment.start, segment.end, keep_case, language)
    for word in segment.words:
        for token in tokenise(word.word, keep_case, language):
            yield token, word.start, word.end


def segment_batches(segments: Iterator[Segment], opts: ReadOptions) -> Iterator[TokenBatch]:
    """Tokens with word times from transcript segments; a new batch where the source changes or
    time goes back."""
    batch = TokenBatch([], [], [], [])
    for segment in segments:
        language = opts.language_of(segment)
        if batch.tokens and language != batch.language:
            yield batch
            batch = TokenBatch([], [], [], [])
        batch.language = language
        for token, start, end in _segment_tokens(segment, opts.keep_case, language):
            if not batch.follows(start, segment.source):
                yield batch
                batch = TokenBatch([], [], [], [], language=language)
            batch.add(token, start, end, segment.source)
        batch.alternatives += [AltReading(tuple(tokens), a.start, a.end, segment.source, a.score) for a in
                               segment.alternatives if (tokens := tokenise(a.text, opts.keep_case, language))]
        if len(batch.tokens) >= TOKENS_PER_BATCH:
            yield batch
            batch = TokenBatch([], [], [], [])
    if batch.tokens:
        yield batch


def _parse_token_line(line: str, where: str, number: int) -> tuple[str, float, float, str, float | None]:
    """A token line's fields; the fifth, when there is one, is an alternative's score."""
    fields = line.split("\t")
    if len(fields) == 1:
        raise DataError("bare token in a timed token stream", where, number)
    if len(fields) not in (4, 5):
        raise DataError(f"expected 1, 4 or 5 tab-separated columns, got {len(fields)}", where, number)
    try:
        start, end = float(fields[1]), float(fields[2])
    except ValueError:
        raise DataError("token times must be numbers", where, number) from None
    if not 0 <= start <= end < INFINITY:  # false for NaN too
        raise DataError(f"token times must be finite seconds, from 0, the end not before the start (got "
                        f"{fields[1]} to {fields[2]})", where, number)
    if not fields[0]:
        raise DataError("empty token", where, number)
    try:
        score = float(fields[4]) if len(fields) == 5 else None
    except ValueError:
        raise DataError("an alternative's score (fifth column) must be a number", where, number) from None
    if score is not None and not 0 <= score <= 1:
        raise DataError(f"an alternative's score (fifth column) must be from 0 to 1, not {fields[4]}", where, number)
    return fields[0], start, end, tsv_text(fields[3]), score


def _add_alternative_token(batch: TokenBatch, token: str, start: float, end: float, source: str,
                           score: float) -> None:
    """tok writes an alternative of several tokens as lines with the same span and score, one a token."""
    last = batch.alternatives[-1] if batch.alternatives else None
    if last is not None and (last.start, last.end, last.source, last.score) == (start, end, source, score):
        batch.alternatives[-1] = AltReading(last.tokens + (token,), start, end, source, score)
    else:
        batch.alternatives.append(AltReading((token,), start, end, source, score))


def token_batches(head: bytes, stream: IO[bytes], where: str, opts: ReadOptions) -> Iterator[TokenBatch]:
    """tok's TSV output: `token<TAB>start<TAB>end<TAB>source`; a new batch where the source changes
    or time goes back. opts.source, when given, names the recording instead of the source column."""
    number, rename = 0, opts.source
    for block in iter_text_blocks(stream, where, head, opts.warn):
        batch = TokenBatch([], [], [], [])
        last_start, last_source = 0.0, None  # the batch's last token's, kept at hand: this loop is hot
        for line in block.splitlines():
            number += 1
            if not line:
                continue
            try:
                token, start, end, source, score = _parse_token_line(line, where, number)
            except DataError as error:
                opts.bad_record(error)
                continue
            if rename is not None:
                source = rename
            if score is not None:
                _add_alternative_token(batch, normalise(token, opts.keep_case), start, end, source, score)
                continue
            if (source != last_source or start < last_start) and batch.tokens:
                yield batch
                batch = TokenBatch([], [], [], [])
            batch.add(normalise(token, opts.keep_case), start, end, source)
            last_start, last_source = start, source
        if batch.tokens:
            yield batch


def text_batches(head: bytes, stream: IO[bytes], where: str, opts: ReadOptions) -> Iterator[TokenBatch]:
    for block in iter_text_blocks(stream, where, head, opts.warn):
        tokens = tokenise(block, opts.keep_case, opts.language)
        if tokens:
            yield TokenBatch(tokens, language=opts.language)


def resolve_format(stream: IO[bytes], requested: str, where: str = "-") -> tuple[bytes, str]:
    """The stream's format (sniffed when 'auto') and the bytes already read; audio is refused."""
    check_format(requested)
    head, guessed = sniff(stream, where)
    return head, guessed if requested == "auto" else requested


def iter_batches(stream: IO[bytes], where: str, fmt: str, opts: ReadOptions,
                 head: bytes = b"") -> Iterator[TokenBatch]:
    """Token batches from one input in a resolved format."""
    if fmt in TRANSCRIPT_FORMATS:
        return segment_batches(read_segments(head, stream, where, fmt, opts.source, opts.warn, opts.bad_record), opts)
    if fmt == "tokens":
        return token_batches(head, stream, where, opts)
    return text_batches(head, stream, where, opts)
