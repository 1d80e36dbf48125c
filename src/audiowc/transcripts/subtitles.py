"""Timed text as subtitle players and whisper write it: SRT, WebVTT and whisper's TSV, both ways.

Readers take decoded lines and yield Segments; cues carry no word times, except the inline
`<00:00:01.500>` timestamps of WebVTT karaoke captions (YouTube's automatic ones), which become words.
Writers turn one Segment into the text of one cue or row.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from ..errors import DataError
from ..fields import CLOCK_TIME, clock, parse_clock
from ..records import Segment, Word

TIMING = re.compile(rf"^\s*({CLOCK_TIME})\s*-->\s*({CLOCK_TIME})(?:\s.*)?$")
# Tags a subtitle carries for looks or voices. WebVTT escapes a text "<" as &lt;, so any tag goes:
# <i>, <v Roger>, <c.yellow>, <00:00:01.500>. SRT has no escapes: only its own tags (<i>, <b>, <u>,
# <s>, <font ...>) and SSA/ASS overrides such as {\an8} go, and "<cream>" stays text.
_VTT_TAGS = re.compile(r"</?[A-Za-z][^<>]*>|<\d[\d:.,]*>")
_SRT_TAGS = re.compile(r"</?(?:[ibus]|font)(?:\s[^<>]*)?>|\{\\[^{}]*\}", re.IGNORECASE)
_INLINE_TIME = re.compile(rf"<({CLOCK_TIME})>")
_SPACES = re.compile(r"\s+")
TSV_HEADER = "start\tend\ttext"

OnError = Callable[[DataError], None]


def plain(text: str, vtt: bool = True) -> str:
    """Cue text without tags (and in WebVTT entities), whitespace collapsed."""
    text = html.unescape(_VTT_TAGS.sub("", text)) if vtt else _SRT_TAGS.sub("", text)
    return _SPACES.sub(" ", text).strip()


@dataclass
class Cue:
    start: float
    end: float
    line: int  # of the timing line, for errors
    lines: list[str] = field(default_factory=list)


def _blocks(lines: Iterable[str], vtt: bool) -> Iterator[list[tuple[int, str]]]:
    """Numbered lines grouped by blank lines. WebVTT ends a cue only at an empty line (YouTube's
    captions hold lines of one space); in SRT a line of spaces ends it too."""
    block: list[tuple[int, str]] = []
    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip("\r\n")
        if number == 1:
            line = line.lstrip("\ufeff")
        if line if vtt else line.strip():
            block.append((number, line))
        elif block:
            yield block
            block = []
    if block:
        yield block


def iter_cues(lines: Iterable[str], where: str, vtt: bool, on_error: OnError) -> Iterator[Cue]:
    """Cues in order. The lines before a timing line (an SRT index, a WebVTT cue id) are dropped; a
    block without one is the WebVTT header, a NOTE, STYLE or REGION (skipped), or in SRT the rest of
    the cue before it after a stray blank line (kept as its text)."""
    pending: Cue | None = None
    timed, untimed = False, None  # the first block without a timing line, before any cue
    for block in _blocks(lines, vtt):
        at = next((i for i, (_n, text) in enumerate(block) if "-->" in text), None)
        if at is None:
            if pending is not None and not vtt:
                pending.lines.extend(text for _n, text in block)
            elif not timed and untimed is None and not (vtt and block[0][1].startswith("WEBVTT")):
                untimed = block[0][0]
            continue
        timed = True
        number, timing = block[at]
        match = TIMING.match(timing)
        cue = None
        if match is None:
            on_error(DataError(f"malformed cue timing {timing.strip()[:60]!r}", where, number))
        elif parse_clock(match[2]) < parse_clock(match[1]):
            on_error(DataError("cue ends before it starts", where, number))
        else:
            cue = Cue(parse_clock(match[1]), parse_clock(match[2]), number, [text for _n, text in block[at + 1:]])
        if pending is not None:
            yield pending
        pending = cue
    if pending is not None:
        yield pending
    if not timed and untimed is not None:  # text, but not one cue: another kind of file
        example = "00:00:01.000 --> 00:00:02.000" if vtt else "00:00:01,000 --> 00:00:02,000"
        raise DataError(f"no {'WebVTT' if vtt else 'SRT'} cue timing ({example!r}) in the file: is it another "
                        "kind of transcript?", where, untimed)


def _inline_words(line: str, start: float, end: float) -> list[Word]:
    """Words of a karaoke line `we<00:00:01.079><c> are</c>`: each piece runs to the next timestamp."""
    pieces = _INLINE_TIME.split(line)  # text, time, text, time, text ...
    times = [start] + [parse_clock(t) for t in pieces[1::2]] + [end]
    words = []
    for i, piece in enumerate(pieces[0::2]):
        for word in plain(piece).split():
            words.append(Word(word, min(times[i], end), max(min(times[i + 1], end), min(times[i], end))))
    return words


def _repeated(texts: list[str], before: list[str]) -> int:
    """How many of a cue's first lines repeat the last lines of the cue before."""
    for same in range(min(len(texts), len(before)), 0, -1):
        if texts[:same] == before[len(before) - same:]:
            return same
    return 0


def cue_segments(cues: Iterable[Cue], source: str, engine: str, vtt: bool) -> Iterator[Segment]:
    """A Segment for each cue with text. A cue that touches the one before and only repeats its last
    lines adds no speech, just time (whisper's --highlight_words repeats a line once per word).
    In WebVTT, a cue's first lines that repeat the last lines of the cue before are read once when new
    lines follow (captions that scroll up, as YouTube's do, show each line twice)."""
    before: list[str] = []
    held: Segment | None = None
    for cue in cues:
        lines = [line for line in cue.lines if plain(line, vtt)]
        texts = [plain(line, vtt) for line in lines]
        same = _repeated(texts, before)
        if held is not None and texts and same == len(texts) and cue.start <= held.end + 0.001:
            held.end = max(held.end, cue.end)  # the same words shown on: no new speech
            continue
        skip = same if vtt and same < len(texts) else 0  # nothing new: a line said again
        before = texts
        if not texts[skip:]:
            continue
        words: list[Word] = []
        if any(_INLINE_TIME.search(line) for line in lines[skip:]):
            for line in lines[skip:]:
                words.extend(_inline_words(line, cue.start, cue.end))
        if held is not None:
            yield held
        held = Segment(source, 0, cue.start, cue.end, " ".join(texts[skip:]), words, engine)
    if held is not None:
        yield held


def tsv_segments(lines: Iterable[str], where: str, source: str, on_error: OnError) -> Iterator[Segment]:
    """whisper's TSV: a `start<TAB>end<TAB>text` header, then times in integer milliseconds."""
    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip("\r\n").lstrip("\ufeff") if number == 1 else raw.rstrip("\r\n")
        if not line.strip() or (number == 1 and line == TSV_HEADER):
            continue
        fields = line.split("\t", 2)
        try:
            if len(fields) != 3:
                raise ValueError
            start, end = int(fields[0]) / 1000, int(fields[1]) / 1000
        except ValueError:
            on_error(DataError("expected start<TAB>end<TAB>text with times in milliseconds", where, number))
            continue
        if end < start:
            on_error(DataError("row ends before it starts", where, number))
            continue
        if fields[2].strip():
            yield Segment(source, 0, start, end, fields[2].strip(), [], "tsv")


def one_line(text: str) -> str:
    """Cue text on one line: a line break in it would end the cue."""
    return _SPACES.sub(" ", text).strip()


def srt_cue(index: int, segment: Segment) -> str:
    times = f"{clock(segment.start).replace('.', ',')} --> {clock(segment.end).replace('.', ',')}"
    return f"{index}\n{times}\n{one_line(segment.text)}\n\n"


def vtt_cue(segment: Segment) -> str:
    # "<" and "&" start markup in WebVTT; escape them so the text reads back the same.
    text = one_line(segment.text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f"{clock(segment.start)} --> {clock(segment.end)}\n{text}\n\n"


def tsv_row(segment: Segment) -> str:
    return f"{round(segment.start * 1000)}\t{round(segment.end * 1000)}\t{one_line(segment.text)}\n"
