"""The records that flow between the commands, and line-numbered JSONL reading.

Formats are documented in man/audiowc.7; keep the two in step.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator

from .errors import DataError
from .fields import seconds

SAMPLE_RATE = 16000  # every decoded sample and chunk file: 16 kHz mono, what the engines take
CHUNK_KEYS = ("source", "index", "path", "start", "end", "sample_rate", "speech", "forced", "temporary",
              "source_duration")
SEGMENT_KEYS = ("source", "chunk", "start", "end", "text", "words", "engine", "alternatives")


@dataclass
class Word:
    word: str
    start: float
    end: float
    prob: float = 1.0

    def to_dict(self) -> dict[str, Any]:
        return {"word": self.word, "start": seconds(self.start), "end": seconds(self.end),
                "prob": round(float(self.prob), 3)}


@dataclass(frozen=True)
class Alternative:
    """Another hearing of a span of a segment: over [start, end), where the best reading has `heard`,
    a runner-up reading of the decoder has `text`; `score` is that reading's share of the
    probability (0-1). Optional in a segment record (au-stt writes them when it decodes by beam)."""

    start: float
    end: float
    text: str
    heard: str
    score: float

    def shifted(self, offset: float) -> "Alternative":
        return Alternative(self.start + offset, self.end + offset, self.text, self.heard, self.score)

    def to_dict(self) -> dict[str, Any]:
        return {"start": seconds(self.start), "end": seconds(self.end), "text": self.text, "heard": self.heard,
                "score": round(float(self.score), 3)}


@dataclass
class Chunk:
    source: str
    index: int
    path: str
    start: float
    end: float
    sample_rate: int = SAMPLE_RATE
    speech: float | None = None
    forced: bool = False
    temporary: bool = False  # the file is au-stt's to delete once read (au-split without --out-dir)
    source_duration: float | None = None  # the whole recording's length as its decoder knows it (for progress)
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"source": self.source, "index": self.index, "path": self.path,
                               "start": seconds(self.start), "end": seconds(self.end),
                               "sample_rate": self.sample_rate}
        if self.speech is not None:
            out["speech"] = round(self.speech, 3)
        if self.forced:
            out["forced"] = True
        if self.temporary:
            out["temporary"] = True
        if self.source_duration is not None:
            out["source_duration"] = seconds(self.source_duration)
        out.update(self.extra)
        return out


@dataclass
class Segment:
    source: str
    chunk: int
    start: float
    end: float
    text: str
    words: list[Word]
    engine: str
    extra: dict[str, Any] = field(default_factory=dict)
    alternatives: list[Alternative] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"source": self.source, "chunk": self.chunk,
                               "start": seconds(self.start), "end": seconds(self.end),
                               "text": self.text, "words": [w.to_dict() for w in self.words],
                               "engine": self.engine}
        if self.alternatives:
            out["alternatives"] = [a.to_dict() for a in self.alternatives]
        out.update(self.extra)
        return out


def dumps(record: Chunk | Segment) -> str:
    """One JSONL line (without newline); non-ASCII kept readable. A name that is not valid UTF-8
    (held as surrogate escapes) is written as \\udcXX escapes, which read back to the same bytes."""
    line = json.dumps(record.to_dict(), ensure_ascii=False)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        line = json.dumps(record.to_dict())
    return line


def record_kind(obj: dict[str, Any]) -> str:
    """'segment', 'chunk' or 'unknown', by the keys that define each stream."""
    if "text" in obj:
        return "segment"
    if "path" in obj and "start" in obj:
        return "chunk"
    return "unknown"


def iter_jsonl(stream: Iterable[bytes], where: str,
               on_error: Callable[[DataError], None] | None = None) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield (line number, object) for each non-blank line. A bad line raises DataError naming it,
    or, when on_error is given, is passed to it (which may raise) and skipped."""
    for number, raw in enumerate(stream, start=1):
        if not raw.strip():
            continue
        try:
            yield number, _json_object(raw, where, number)
        except DataError as error:
            if on_error is None:
                raise
            on_error(error)


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number JSON allows")


_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_ANY_SURROGATE = re.compile("[\ud800-\udfff]")
_NOT_A_BYTE = re.compile("[\ud800-\udc7f\udd00-\udfff]")  # \udc80-\udcff: a file name's byte that is not UTF-8
NAME_KEYS = frozenset({"source", "path"})


def without_lone_surrogates(value: Any, key: str | None = None) -> Any:
    """A parsed JSON value with each lone surrogate (a \\udXXX escape that makes no character) as
    U+FFFD, so it can be written out as UTF-8; in a file name (source, path) the surrogate escapes
    of bytes that are not UTF-8 stay, as dumps writes them."""
    if isinstance(value, str):
        return (_NOT_A_BYTE if key in NAME_KEYS else _ANY_SURROGATE).sub("\ufffd", value)
    if isinstance(value, list):
        return [without_lone_surrogates(item) for item in value]
    if isinstance(value, dict):
        return {_ANY_SURROGATE.sub("\ufffd", k): without_lone_surrogates(v, k) for k, v in value.items()}
    return value


def has_surrogate_escape(raw: bytes | str) -> bool:
    """Whether JSON text holds a \\udXXX escape (rare: only then is without_lone_surrogates worth a walk)."""
    return _SURROGATE_ESCAPE.search(raw if isinstance(raw, bytes) else raw.encode("utf-8", "surrogatepass")) is not None


def _json_object(raw: bytes, where: str, number: int) -> dict[str, Any]:
    try:
        obj = json.loads(raw, parse_constant=_reject_constant)
        if has_surrogate_escape(raw):
            obj = without_lone_surrogates(obj)
    except UnicodeDecodeError:
        raise DataError("invalid UTF-8 in JSON record", where, number) from None
    except json.JSONDecodeError as exc:
        raise DataError(f"malformed JSON record: {exc.msg}", where, number) from None
    except RecursionError:
        raise DataError("malformed JSON record: nested too deeply", where, number) from None
    except ValueError as exc:  # NaN or Infinity, an integer with too many digits
        raise DataError(f"malformed JSON record: {exc}", where, number) from None
    if not isinstance(obj, dict):
        raise DataError("a JSON record must be an object", where, number)
    return obj


def _number(obj: dict[str, Any], key: str, where: str, line: int) -> float:
    value = obj.get(key)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise DataError(f"record needs a number in {key!r}", where, line)
    try:
        number = float(value)
    except OverflowError:
        number = math.inf
    if not math.isfinite(number):
        raise DataError(f"record needs a finite number in {key!r}", where, line)
    return number


def _optional_number(obj: dict[str, Any], key: str, default: float, where: str, line: int) -> float:
    return _number(obj, key, where, line) if key in obj else default


def _string(obj: dict[str, Any], key: str, where: str, line: int) -> str:
    value = obj.get(key)
    if not isinstance(value, str):
        raise DataError(f"record needs a string in {key!r}", where, line)
    return value


def chunk_from_dict(obj: dict[str, Any], where: str, line: int) -> Chunk:
    """Validate a chunk record; keys a user added are kept in `extra`."""
    start, end = _number(obj, "start", where, line), _number(obj, "end", where, line)
    if end < start:
        raise DataError("chunk ends before it starts", where, line)
    speech = obj.get("speech")
    return Chunk(source=_string(obj, "source", where, line), index=int(_number(obj, "index", where, line)),
                 path=_string(obj, "path", where, line), start=start, end=end,
                 sample_rate=int(_optional_number(obj, "sample_rate", SAMPLE_RATE, where, line)),
                 speech=None if speech is None else _number(obj, "speech", where, line),
                 forced=bool(obj.get("forced", False)), temporary=obj.get("temporary") is True,
                 source_duration=_number(obj, "source_duration", where, line) if "source_duration" in obj else None,
                 extra={k: v for k, v in obj.items() if k not in CHUNK_KEYS})


def _objects(items: Any, key: str, noun: str, where: str, line: int) -> list[dict[str, Any]]:
    """A record's list of objects (its words, its alternatives), checked to be one."""
    if not isinstance(items, list):
        raise DataError(f"{key!r} must be a list", where, line)
    if not all(isinstance(item, dict) for item in items):
        raise DataError(f"each {noun} must be an object", where, line)
    return items


def words_from_list(items: Any, where: str, line: int) -> list[Word]:
    return [Word(word=_string(item, "word", where, line), start=_number(item, "start", where, line),
                 end=_number(item, "end", where, line), prob=_optional_number(item, "prob", 1.0, where, line))
            for item in _objects(items, "words", "word", where, line)]


def _alternative(item: dict[str, Any], where: str, line: int) -> Alternative:
    start, end = _number(item, "start", where, line), _number(item, "end", where, line)
    if end < start:
        raise DataError("an alternative ends before it starts", where, line)
    return Alternative(start, end, _string(item, "text", where, line), str(item.get("heard", "")),
                       _optional_number(item, "score", 0.0, where, line))


def alternatives_from_list(items: Any, where: str, line: int) -> list[Alternative]:
    return [_alternative(item, where, line) for item in _objects(items, "alternatives", "alternative", where, line)]


def segment_from_dict(obj: dict[str, Any], where: str, line: int) -> Segment:
    """Validate a segment record; keys a user added are kept in `extra`."""
    return Segment(source=str(obj.get("source", where)), chunk=int(_optional_number(obj, "chunk", 0, where, line)),
                   start=_number(obj, "start", where, line), end=_number(obj, "end", where, line),
                   text=_string(obj, "text", where, line),
                   words=words_from_list(obj.get("words", []), where, line),
                   engine=str(obj.get("engine", "")),
                   extra={k: v for k, v in obj.items() if k not in SEGMENT_KEYS},
                   alternatives=alternatives_from_list(obj.get("alternatives", []), where, line))
