"""Reading input in blocks of whole lines: bytes as they arrive, UTF-8 decoded with one warning for bad bytes.

A block never ends inside a line (so never inside a token or a UTF-8 sequence); plain text with no
newlines at all may be cut at a space once a line grows past a few blocks.
"""

from __future__ import annotations

from typing import IO, Callable, Iterator, TypeVar


from ..errors import DataError

LONG_LINE_BLOCKS = 4  # a line longer than this many blocks may be cut at a space
BLOCK_BYTES = 1 << 20
UTF8_BOM = b"\xef\xbb\xbf"  # editors on some systems start a saved file with one
# A run of text with no space, tab or line break this long is no token anyone counts: an error,
# not gigabytes of memory (man/tok.1)
MAX_TOKEN_BYTES = LONG_LINE_BLOCKS * BLOCK_BYTES


# A record (a JSONL segment or chunk, a subtitle or TSV line) is a few hundred bytes; one this long
# is not a record, and is refused before it is held whole
MAX_RECORD_BYTES = 4 * MAX_TOKEN_BYTES
# A JSON transcript document is read whole (whisper writes it on one line): 24 hours of speech with
# word times is about 20 MB, so one this long is refused rather than parsed in gigabytes
MAX_DOCUMENT_BYTES = 64 << 20


class TokenTooLong(ValueError):
    """A run of text with no space, tab or line break of MAX_TOKEN_BYTES or more."""


class LineTooLong(ValueError):
    """A line of records longer than the limit its reader set."""


# Warnings go where the command says (cli/runner.warn: `NAME: warning: ...`); a library has no name to give.
WarnFunction = Callable[[str], None]
Block = TypeVar("Block")  # what a block of bytes is handed on as


class Utf8Decoder:
    """Decodes blocks of bytes; invalid UTF-8 becomes U+FFFD with one warning naming the first bad line."""

    def __init__(self, where: str, warn: WarnFunction) -> None:
        self.where = where
        self.warn = warn
        self.lines_before = 0
        self.warned = False

    def decode(self, block: bytes) -> str:
        try:
            text = block.decode("utf-8")
        except UnicodeDecodeError as exc:
            if not self.warned:
                line = self.lines_before + block.count(b"\n", 0, exc.start) + 1
                self.warn(f"invalid UTF-8 replaced with U+FFFD (where: {self.where}, line {line})")
                self.warned = True
            text = block.decode("utf-8", errors="replace")
        self.lines_before += block.count(b"\n")
        return text

    def ascii_or_text(self, block: bytes) -> bytes | str:
        """The block itself when it is ASCII (its own UTF-8: nothing to decode or check), else its text."""
        if block.isascii():
            self.lines_before += block.count(b"\n")
            return block
        return self.decode(block)


def read_some(stream: IO[bytes], size: int) -> bytes:
    """What a pipe has ready, up to size bytes, without waiting for all of them (b"" at the end)."""
    read1 = getattr(stream, "read1", None)
    return read1(size) if read1 is not None else stream.read(size)


def read_head(stream: IO[bytes], size: int) -> bytes:
    """The first bytes of a stream, enough to tell it apart: up to its first non-blank line, but
    not waiting for more than that on a pipe (a streaming stage upstream may be slow)."""
    head = b""
    while len(head) < size:
        data = read_some(stream, size - len(head))
        if not data:
            break
        head += data
        stripped = head.lstrip()
        if stripped and b"\n" in stripped:
            break
    return head


def _run_at_end(data: bytes) -> int:
    """The length of the run of bytes after data's last space, tab or line break."""
    return len(data) - max(data.rfind(b" "), data.rfind(b"\t"), data.rfind(b"\n")) - 1


def iter_byte_blocks(stream: IO[bytes], first: bytes = b"", size: int = BLOCK_BYTES, eager: bool = False,
                     split_long_lines: bool = False, longest_line: int | None = None) -> Iterator[bytes]:
    """Blocks of about `size` bytes that end at a line break (or at end of input).

    eager: hand on whole lines as soon as they arrive, for streaming stages; otherwise wait for
    full blocks, which is faster for bulk text. split_long_lines: plain text may also be cut after
    a space or tab once a line grows past a few blocks (a file with no newlines at all), which
    splits no token and no UTF-8 sequence; records (JSONL, TSV) are always whole lines, and a line
    growing past longest_line raises LineTooLong."""
    cut = first.rfind(b"\n")
    if cut >= 0:  # whole lines already here go on at once (a streaming stage upstream may be slow)
        yield first[: cut + 1]
        first = first[cut + 1:]
    parts, held = ([first], len(first)) if first else ([], 0)
    run = _run_at_end(first)  # bytes since the last space, tab or line break: the token being read
    while True:
        data = read_some(stream, size) if eager else stream.read(size)
        if not data:
            break
        cut = data.rfind(b"\n")
        if cut < 0 and split_long_lines:
            space = max(data.rfind(b" "), data.rfind(b"\t"))
            run = run + len(data) if space < 0 else len(data) - space - 1
            if run >= MAX_TOKEN_BYTES:
                raise TokenTooLong()
            if held + len(data) >= LONG_LINE_BLOCKS * size:
                cut = space
        elif split_long_lines:
            lead = min(i for i in (data.find(b" "), data.find(b"\t"), cut) if i >= 0)  # the run's end
            if run + lead >= MAX_TOKEN_BYTES:
                raise TokenTooLong()
            run = _run_at_end(data[cut + 1:])
        if longest_line is not None and held + (len(data) if cut < 0 else data.find(b"\n") + 1) > longest_line:
            raise LineTooLong()  # the line being read (the new data's first) is longer than that
        if cut < 0:  # only the new data is searched, so a long line costs linear time
            parts.append(data)
            held += len(data)
            continue
        parts.append(data[: cut + 1])
        yield b"".join(parts)
        parts, held = [data[cut + 1:]], len(data) - cut - 1
    if held:
        yield b"".join(parts)


def iter_text_blocks(stream: IO[bytes], where: str, first: bytes, warn: WarnFunction) -> Iterator[str]:
    """Decoded text blocks that never split a line (so never split a token or a UTF-8 sequence)."""
    decoder = Utf8Decoder(where, warn)
    return _text_blocks(stream, first, decoder, decoder.decode)


def iter_ascii_or_text_blocks(stream: IO[bytes], where: str, first: bytes, warn: WarnFunction) -> Iterator[bytes | str]:
    """As iter_text_blocks, but a block that is all ASCII comes as its bytes, not decoded."""
    decoder = Utf8Decoder(where, warn)
    return _text_blocks(stream, first, decoder, decoder.ascii_or_text)


def _text_blocks(stream: IO[bytes], first: bytes, decoder: Utf8Decoder,
                 convert: Callable[[bytes], Block]) -> Iterator[Block]:
    try:
        for block in iter_byte_blocks(stream, first, split_long_lines=True):
            yield convert(block)
    except TokenTooLong:  # the run is on the line after the blocks handed on
        raise DataError(f"a token (text with no space, tab or line break) of {MAX_TOKEN_BYTES >> 20} MiB or more",
                        decoder.where, decoder.lines_before + 1) from None


def replay_lines(head: bytes, stream: IO[bytes], where: str) -> Iterator[bytes]:
    """Record lines of the stream, the sniffed head included, each as soon as it arrives; a line of
    MAX_RECORD_BYTES or more is bad data, found without holding more of it than that."""
    number = 0
    try:
        for block in iter_byte_blocks(stream, head, eager=True, longest_line=MAX_RECORD_BYTES):
            lines = block.splitlines(keepends=True)
            number += len(lines)
            yield from lines
    except LineTooLong:
        raise DataError(f"a line of {MAX_RECORD_BYTES >> 20} MiB or more is no record", where, number + 1) from None
