import io

import pytest

from audiowc.errors import DataError
from audiowc.fields import clock
from audiowc.records import Chunk, Segment, Word, chunk_from_dict, dumps, iter_jsonl, record_kind, segment_from_dict


def test_jsonl_names_the_bad_line() -> None:
    stream = io.BytesIO(b'{"a": 1}\n\n{"a": \n')
    with pytest.raises(DataError) as info:
        list(iter_jsonl(stream, "t.jsonl"))
    assert info.value.line == 3
    assert "(where: t.jsonl, line 3)" in info.value.describe()


def test_jsonl_rejects_non_objects_and_bad_utf8() -> None:
    with pytest.raises(DataError, match="must be an object"):
        list(iter_jsonl(io.BytesIO(b"[1]\n"), "x"))
    with pytest.raises(DataError, match="invalid UTF-8"):
        list(iter_jsonl(io.BytesIO(b'{"a": "\xff"}\n'), "x"))


def test_chunk_round_trip_keeps_user_keys() -> None:
    chunk = Chunk("ep.mp3", 0, "ep.chunks/ep.00000.wav", 0.0, 29.4801, speech=0.83, extra={"episode": 206})
    obj = chunk.to_dict()
    assert obj["end"] == 29.48 and obj["episode"] == 206 and "forced" not in obj
    again = chunk_from_dict(obj, "m", 1)
    assert again.extra == {"episode": 206} and again.speech == 0.83
    assert record_kind(obj) == "chunk"


def test_segment_round_trip() -> None:
    segment = Segment("ep.mp3", 2, 12.48, 15.92, "Is a banana", [Word("Is", 12.48, 12.6, 0.98)], "whisper/tiny.en")
    line = dumps(segment)
    import json
    obj = json.loads(line)
    assert record_kind(obj) == "segment"
    assert segment_from_dict(obj, "s", 1).words[0].start == 12.48


def test_missing_number_is_named() -> None:
    with pytest.raises(DataError, match="'start'"):
        chunk_from_dict({"source": "a", "index": 0, "path": "p"}, "m", 4)


def test_clock_format() -> None:
    assert clock(0) == "00:00:00.000"
    assert clock(3723.4567) == "01:02:03.457"


SEGMENT = '{"source": "a", "chunk": 0, "start": 0, "end": 1, "text": "hi", "words": [WORDS]}'
CHUNK = '{"source": "a", "index": 0, "path": "x.wav", "start": 0, "end": 1, "sample_rate": RATE}'


@pytest.mark.parametrize("line,message", [
    (SEGMENT.replace("WORDS", '{"word": "hi", "start": 0, "end": 1, "prob": null}'), "record needs a number in 'prob'"),
    (SEGMENT.replace('"chunk": 0', '"chunk": 1e400').replace("WORDS", ""), "a finite number in 'chunk'"),
    (SEGMENT.replace('"chunk": 0', f'"chunk": {"9" * 400}').replace("WORDS", ""), "a finite number in 'chunk'"),
    (SEGMENT.replace('"start": 0', '"start": NaN').replace("WORDS", ""), "NaN is not a number JSON allows"),
    (SEGMENT.replace('"end": 1', '"end": Infinity').replace("WORDS", ""), "Infinity is not a number JSON allows"),
    ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
])
def test_unexpected_values_are_bad_records_with_their_line(line: str, message: str) -> None:
    stream = io.BytesIO(f'{SEGMENT.replace("WORDS", "")}\n{line}\n'.encode())
    with pytest.raises(DataError, match=message) as info:
        for number, obj in iter_jsonl(stream, "t.jsonl"):
            segment_from_dict(obj, "t.jsonl", number)
    assert info.value.line == 2


def test_unexpected_chunk_values_are_bad_records() -> None:
    for rate in ("null", '"16000"', "1e400"):
        with pytest.raises(DataError, match="'sample_rate'"):
            for number, obj in iter_jsonl(io.BytesIO(CHUNK.replace("RATE", rate).encode()), "m"):
                chunk_from_dict(obj, "m", number)
