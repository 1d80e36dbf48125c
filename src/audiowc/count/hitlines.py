"""wc-words' hit lines (TSV): written by the counters (wc-words, au-merge), read back by the filters
that go from hits to audio (au-verify, au-clip).

A hit line is `source start end form query score`, times in seconds or hh:mm:ss.mmm (--clock),
with an optional trailing `kind` column. A line whose kind marks a candidate that was not counted
(a near-miss shown for checking) is read like any other and flagged as such. read_hits stops at a
bad line; read_hit_lines hands it on as a BadLine, so a filter can pass it through and go on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Iterator, Union

from ..errors import DataError
from ..fields import UNCOUNTED_PREFIX, clock, parse_time, tsv_field, tsv_text

if TYPE_CHECKING:  # only for the type: reading hit lines needs no counter
    from .counter import Hit


@dataclass
class HitLine:
    """One hit as read; `text` is the line as it came (without its newline), to echo unchanged."""

    text: str
    source: str
    start: float
    end: float
    form: str
    query: str
    kind: str | None
    line: int
    where: str = "-"  # the input it came from

    @property
    def counted(self) -> bool:
        return not (self.kind or "").startswith(UNCOUNTED_PREFIX)


@dataclass
class BadLine:
    """A line of hit lines that cannot be read as a hit; `text` as it came (a byte that is not UTF-8
    as a surrogate escape), `error` says why and where."""

    text: str
    error: DataError


HitOrBad = Union[HitLine, BadLine]


def hit_line(hit: Hit, query: str, clock_times: bool) -> str:
    """A hit as wc-words --hits writes it: source, start, end, form, query, score, kind."""
    if not hit.timed:
        start, end = str(int(hit.start)), str(int(hit.end))
    elif clock_times:
        start, end = clock(hit.start), clock(hit.end)
    else:
        start, end = f"{hit.start:.3f}", f"{hit.end:.3f}"
    return f"{tsv_field(hit.source)}\t{start}\t{end}\t{hit.form}\t{query}\t{hit.match.score:.0f}\t{hit.match.label}\n"


def _columns(text: str, where: str, number: int) -> list[str]:
    fields = text.split("\t")
    if len(fields) not in (6, 7, 9):  # 9: au-verify's, its verdict and score after wc-words' 7
        raise DataError(f"expected a hit line of 6 or 7 tab-separated columns (wc-words --hits), or au-verify's 9, "
                        f"got {len(fields)}", where, number)
    return fields


def parse_hit(text: str, where: str, number: int) -> HitLine:
    fields = _columns(text, where, number)
    try:
        start, end = parse_time(fields[1]), parse_time(fields[2])
    except ValueError:
        raise DataError("hit times must be seconds or hh:mm:ss.mmm", where, number) from None
    if start < 0 or end < start:
        raise DataError(f"a hit must end after it starts, at or after 0 (got {fields[1]} to {fields[2]})",
                        where, number)
    kind = fields[6] if len(fields) > 6 else None
    return HitLine(text, tsv_text(fields[0]), start, end, tsv_text(fields[3]), tsv_text(fields[4]), kind, number,
                   where)


def read_hit_lines(stream: IO[bytes], where: str) -> Iterator[HitOrBad]:
    """Every non-blank line of one input, as a HitLine or, when it cannot be read as one, a BadLine.
    An input whose first line is not a hit line's shape (UTF-8, 6 or 7 columns) is not hit lines
    at all (a transcript, tokens, audio): DataError."""
    first = True
    for number, raw in enumerate(stream, 1):
        try:
            text = raw.decode("utf-8").rstrip("\r\n")
        except UnicodeDecodeError:
            error = DataError("not UTF-8 text", where, number)
            if first:
                raise error from None
            yield BadLine(raw.decode("utf-8", "surrogateescape").rstrip("\r\n"), error)
            continue
        if not text.strip():
            continue
        if first:
            _columns(text, where, number)
            first = False
        try:
            yield parse_hit(text, where, number)
        except DataError as error:
            yield BadLine(text, error)


def read_hits(stream: IO[bytes], where: str) -> Iterator[HitLine]:
    """Hit lines of one input; blank lines are skipped, a bad line stops with its number."""
    for item in read_hit_lines(stream, where):
        if isinstance(item, BadLine):
            raise item.error
        yield item
