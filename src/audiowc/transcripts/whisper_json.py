"""The JSON documents of whisper, WhisperX and whisper.cpp, read into Segments; whisper-style JSON out.

- whisper (`--output_format json`): {"text", "segments": [{"start", "end", "text",
  "words": [{"word", "start", "end", "probability"}]}], "language"}, times in seconds.
- WhisperX: the same shape, words scored with "score"; a word it could not align (often a number)
  has no times.
- whisper.cpp (`-oj`, `-ojf`): {"params": {"model"}, "transcription": [{"offsets": {"from", "to"},
  "text", "tokens": [{"text", "offsets", "p"}]}]}, times in milliseconds; `-ojf` adds the tokens,
  pieces of words ("[_BEG_]" and the like are control tokens).
"""

from __future__ import annotations

import json
import math
import os
from typing import Any, Callable, Iterator

from ..errors import DataError
from ..fields import seconds
from ..records import Segment, Word, has_surrogate_escape, without_lone_surrogates

JSON_FORMATS = ("whisper", "whisperx", "whisper.cpp")
OnError = Callable[[DataError], None]


def load_document(text: str, where: str) -> dict[str, Any]:
    try:
        document = json.loads(text.lstrip("\ufeff"))
        if has_surrogate_escape(text):
            document = without_lone_surrogates(document)
    except json.JSONDecodeError as exc:
        raise DataError(f"malformed JSON document: {exc.msg}", where, exc.lineno) from None
    except (RecursionError, ValueError) as exc:
        raise DataError(f"malformed JSON document: {exc}", where) from None
    if not isinstance(document, dict):
        raise DataError("a JSON transcript must be an object", where)
    return document


def document_kind(document: dict[str, Any]) -> str | None:
    """'whisper.cpp', 'whisperx', 'whisper', or None for a document of none of them."""
    if isinstance(document.get("transcription"), list):
        return "whisper.cpp"
    segments = document.get("segments")
    if not isinstance(segments, list):
        return None
    scored = any(isinstance(w, dict) and "score" in w for s in segments[:50] if isinstance(s, dict)
                 for w in (s.get("words") or [])[:5])
    return "whisperx" if scored or "word_segments" in document else "whisper"


def _time(value: Any, scale: float = 1.0) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return None
    return float(value) / scale


def _fill_times(items: list[tuple[str, float | None, float | None, float]], start: float,
                end: float) -> list[Word]:
    """Words from (text, start, end, prob); one without times (WhisperX leaves numbers unaligned)
    shares the gap between its timed neighbours with the others in that gap."""
    words: list[Word] = []
    i = 0
    while i < len(items):
        text, w_start, w_end, prob = items[i]
        if w_start is not None and w_end is not None:
            words.append(Word(text, w_start, max(w_start, w_end), prob))
            i += 1
            continue
        j = i
        while j < len(items) and (items[j][1] is None or items[j][2] is None):
            j += 1
        gap_start = words[-1].end if words else start
        gap_end = items[j][1] if j < len(items) else end
        gap_end = max(gap_start, gap_end if gap_end is not None else end)
        step = (gap_end - gap_start) / (j - i)
        for k in range(i, j):
            a = gap_start + (k - i) * step
            words.append(Word(items[k][0], a, a + step, items[k][3]))
        i = j
    return words


def _whisper_segment(item: Any, source: str, engine: str, where: str) -> Segment:
    if not isinstance(item, dict) or not isinstance(item.get("text"), str):
        raise DataError("segment needs a string in 'text'", where)
    start, end = _time(item.get("start")), _time(item.get("end"))
    if start is None or end is None:
        raise DataError("segment needs numbers in 'start' and 'end'", where)
    items = []
    for word in item.get("words") or []:
        if isinstance(word, dict) and isinstance(word.get("word"), str) and word["word"].strip():
            prob = _time(word.get("probability", word.get("score", 1.0)))
            items.append((word["word"].strip(), _time(word.get("start")), _time(word.get("end")),
                          1.0 if prob is None else prob))
    return Segment(source, 0, start, max(start, end), item["text"].strip(), _fill_times(items, start, end),
                   engine)


def _cpp_span(item: dict[str, Any]) -> tuple[float | None, float | None]:
    offsets = item.get("offsets")
    if not isinstance(offsets, dict):
        return None, None
    return _time(offsets.get("from"), 1000), _time(offsets.get("to"), 1000)


def _cpp_words(tokens: Any, start: float, end: float) -> list[Word]:
    """Words from whisper.cpp's tokens: a piece that begins with a space begins a word."""
    items: list[list[Any]] = []
    for token in tokens if isinstance(tokens, list) else []:
        text = token.get("text") if isinstance(token, dict) else None
        if not isinstance(text, str) or not text.strip() or (text.startswith(("[_", "<|")) and
                                                               text.endswith(("]", "|>"))):
            continue
        t_start, t_end = _cpp_span(token)
        prob = _time(token.get("p"))
        if items and not text.startswith(" "):
            items[-1][0] += text
            items[-1][2] = t_end if t_end is not None else items[-1][2]
        else:
            items.append([text.strip(), t_start, t_end, 1.0 if prob is None else prob])
    return _fill_times([(w, s, e, p) for w, s, e, p in items], start, end)


def _cpp_segment(item: Any, source: str, engine: str, where: str) -> Segment:
    if not isinstance(item, dict) or not isinstance(item.get("text"), str):
        raise DataError("segment needs a string in 'text'", where)
    start, end = _cpp_span(item)
    if start is None or end is None:
        raise DataError("segment needs numbers in 'offsets' 'from' and 'to'", where)
    end = max(start, end)
    return Segment(source, 0, start, end, item["text"].strip(), _cpp_words(item.get("tokens"), start, end), engine)


def document_segments(document: dict[str, Any], where: str, kind: str, source: str,
                      on_error: OnError) -> Iterator[Segment]:
    """Segments of a whisper, WhisperX or whisper.cpp document, in its order."""
    if kind == "whisper.cpp":
        model = (document.get("params") or {}).get("model") if isinstance(document.get("params"), dict) else None
        engine = f"whisper.cpp/{os.path.basename(model)}" if isinstance(model, str) and model else "whisper.cpp"
        items, read = document["transcription"], _cpp_segment
    else:
        items, read, engine = document["segments"], _whisper_segment, kind
    for number, item in enumerate(items, start=1):
        try:
            segment = read(item, source, engine, f"{where}, segment {number}")
        except DataError as error:
            on_error(error)
            continue
        if segment.text:
            yield segment


def whisper_document(segments: list[Segment]) -> dict[str, Any]:
    """The shape whisper writes (`--output_format json`), plus the recording's name in "source"."""
    out: dict[str, Any] = {"text": " ".join(s.text for s in segments), "segments": []}
    for number, segment in enumerate(segments):
        out["segments"].append({"id": number, "start": seconds(segment.start), "end": seconds(segment.end),
                                "text": segment.text,
                                "words": [{"word": w.word, "start": seconds(w.start), "end": seconds(w.end),
                                           "probability": round(w.prob, 3)} for w in segment.words]})
    languages = {s.extra.get("language") for s in segments} - {None}
    if len(languages) == 1:
        out["language"] = languages.pop()
    if segments:
        out["source"] = segments[0].source
    return out
