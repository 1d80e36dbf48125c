"""Batched decoding: the scheduler's order, prompts and rounds (scripted decoder), and the batcher
against faster-whisper's own transcribe (the embedded model, on the CPU)."""

from __future__ import annotations

import json

import numpy as np
import pytest
import soundfile as sf

from audiowc.engines import ChunkAudio, EngineOptions
from audiowc.engines.schedule import read_in_batches
from audiowc.judge import DecodedSegment, DecodedWord, Window
from audiowc.records import Chunk
from audiowc.redo import reading_steps

from conftest import DATA, shell

RATE = 16000


def chunk(source: str, index: int, seconds: float = 2.0, level: float = 0.1) -> ChunkAudio:
    samples = (level * np.sin(np.arange(int(seconds * RATE)) * 0.05)).astype(np.float32)
    return ChunkAudio(Chunk(source, index, f"{source}.{index}.wav", index * seconds, (index + 1) * seconds,
                            RATE), samples)


def window(text: str, seconds: float) -> Window:
    words = text.split()
    step = seconds / max(len(words), 1)
    return Window(0.0, seconds, [DecodedSegment(text, [DecodedWord(w, i * step, (i + 0.8) * step, 0.9)
                                                       for i, w in enumerate(words)])])


class Recorder:
    """A decode_many that reads each chunk's samples back as 'said by SOURCE INDEX' and logs the rounds."""

    def __init__(self, names: dict[int, str]) -> None:
        self.names = names  # id of a chunk's samples -> "source index"
        self.rounds: list[list[tuple[str, str | None]]] = []

    def __call__(self, requests: list[tuple[np.ndarray, str | None]]) -> list[list[Window]]:
        self.rounds.append([(self.names[id(samples)], prompt) for samples, prompt in requests])
        return [[window(f"said by {self.names[id(samples)]}", len(samples) / RATE)] for samples, _ in requests]


def run(items: list[ChunkAudio], in_flight: int, run_length: int = 1) -> tuple[list[str], Recorder]:
    names = {id(item.samples): f"{item.chunk.source} {item.chunk.index}" for item in items}
    recorder = Recorder(names)
    heard: dict[str, list[str]] = {}
    out = []

    def start(item: ChunkAudio, run_text: str | None):
        earlier = run_text if run_text is not None else " ".join(heard.get(item.chunk.source, []))
        return reading_steps(item.samples, earlier or None, second_pass=False)

    for done, reading in read_in_batches(items, start, recorder, lambda: pytest.fail("no sampling"), in_flight,
                                         run_length):
        text = " ".join(w.text for w in reading.windows)
        heard.setdefault(done.source, []).append(text)
        out.append(f"{done.source} {done.index}: {text}")
    return out, recorder


@pytest.mark.parametrize("run_length", [1, 2, 3])
def test_chunks_come_out_in_input_order_with_their_own_text(run_length: int) -> None:
    items = [chunk("a", i) for i in range(5)] + [chunk("b", i) for i in range(3)]
    out, recorder = run(items, in_flight=3, run_length=run_length)
    assert out == [f"{c.chunk.source} {c.chunk.index}: said by {c.chunk.source} {c.chunk.index}" for c in items]
    assert max(len(r) for r in recorder.rounds) == 3  # three chunks' decodes answered together


def test_a_run_reads_its_chunks_in_order_each_prompted_by_the_one_before() -> None:
    items = [chunk("a", i) for i in range(6)] + [chunk("b", 0), chunk("b", 1)]
    _out, recorder = run(items, in_flight=3, run_length=3)
    prompts = {name: prompt for round_ in recorder.rounds for name, prompt in round_}
    rounds = [[name for name, _ in round_] for round_ in recorder.rounds]
    assert rounds[0] == ["a 0", "a 3", "b 0"]  # three runs side by side: a 0-2, a 3-5, b 0-1
    assert prompts["a 1"] == "said by a 0" and prompts["a 2"] == "said by a 0 said by a 1"
    assert prompts["a 4"] == "said by a 3"
    assert prompts["a 3"] is None  # a run's first chunk: the source's text already out, none yet here
    assert prompts["b 1"] == "said by b 0"  # never another source's text


def test_a_run_s_first_chunk_is_prompted_by_its_source_s_text_already_out() -> None:
    items = [chunk("a", i) for i in range(4)]
    _out, recorder = run(items, in_flight=1, run_length=2)
    prompts = {name: prompt for round_ in recorder.rounds for name, prompt in round_}
    assert prompts["a 2"] == "said by a 0 said by a 1"


def test_rounds_depend_on_the_input_alone() -> None:
    items = [chunk("a", i, seconds=1.0 + i % 3) for i in range(7)]
    first = run(items, in_flight=4, run_length=2)
    second = run(items, in_flight=4, run_length=2)
    assert first[0] == second[0] and first[1].rounds == second[1].rounds


def test_a_rejected_window_is_redone_in_a_later_round_while_others_go_on() -> None:
    items = [chunk("a", 0), chunk("a", 1, seconds=3.0)]
    names = {id(item.samples): f"a {item.chunk.index}" for item in items}
    rounds = []

    def decode_many(requests):
        rounds.append(len(requests))
        answers = []
        for samples, prompt in requests:
            name = names.get(id(samples), "a piece")
            looped = name == "a 1" and prompt is not None  # the prompted read loops, the redo does not
            answers.append([window("go on " * 8 if looped else f"fine {name}", len(samples) / RATE)])
        return answers

    def start(item, run_text):
        return reading_steps(item.samples, "earlier", second_pass=False)

    out = [(c.index, " ".join(w.text for w in r.windows)) for c, r in
           read_in_batches(items, start, decode_many, lambda: pytest.fail("no sampling"), 2)]
    assert out[0] == (0, "fine a 0")
    assert "go on go on go on go on" not in out[1][1]
    assert rounds[0] == 2 and len(rounds) >= 2  # both chunks first, then the redo of chunk 1 alone


def test_sampled_decodes_go_to_a_decoder_of_the_chunk_s_own() -> None:
    items = [chunk("a", 0, seconds=4.0)]
    made = []

    def decode_many(requests):
        return [[window("the same words " * 4, len(s) / RATE)] for s, _ in requests]  # always a loop

    def new_sampler():
        made.append(1)
        return lambda samples, prompt, temperature: [window(f"sampled at {temperature}", len(samples) / RATE)]

    [(done, reading)] = list(read_in_batches(items, lambda i, _t: reading_steps(i.samples, None, False),
                                             decode_many, new_sampler, 4))
    assert made == [1]
    assert "sampled at 0.2" in " ".join(w.text for w in reading.windows)


def test_silent_chunks_need_no_decode() -> None:
    items = [chunk("a", 0), chunk("a", 1)]
    out = list(read_in_batches(items, lambda i, _t: None, lambda r: pytest.fail("decoded"), lambda: None, 2))
    assert [c.index for c, r in out] == [0, 1] and all(not r.windows for _, r in out)


# ---- the batcher against faster-whisper, on real speech ----------------------------------------

@pytest.fixture(scope="module")
def whisper():
    from audiowc.engines.whisper import WhisperEngine

    return WhisperEngine(EngineOptions(device="cpu", batched=True, batch_size=4))


@pytest.mark.slow
def test_one_span_alone_reads_as_faster_whisper_reads_it(whisper) -> None:
    from audiowc.engines.whisper import _windows

    samples, _ = sf.read(DATA / "speech" / "ami_ES2011a_headset0_40-46s.flac", dtype="float32")
    prompt = None  # a prompt would be cut to one of PROMPT_LENGTHS, so faster-whisper would see more of it
    ours = whisper.batcher().decode([(samples, prompt)])[0]
    theirs, _ = whisper.model.transcribe(samples, language="en", beam_size=1, word_timestamps=True,
                                         initial_prompt=prompt, suppress_tokens=whisper.suppressed, temperature=0.0)
    theirs = _windows(list(theirs), len(samples) / RATE, by_seek=True)
    assert [(w.word, w.start, w.end) for x in ours for w in x.words] == \
        [(w.word, w.start, w.end) for x in theirs for w in x.words]
    assert [round(x.avg_logprob, 4) for x in ours] == [round(x.avg_logprob, 4) for x in theirs]


@pytest.mark.slow
def test_spans_read_together_keep_their_own_text(whisper) -> None:
    names = ["mfa_english_t", "ps_cards005", "mfa_english_slow"]
    audio = [sf.read(DATA / "speech" / f"{n}.flac", dtype="float32")[0] for n in names]
    together = whisper.batcher().decode([(a, None) for a in audio])
    alone = [whisper.batcher().decode([(a, None)])[0] for a in audio]
    assert [[w.word for x in t for w in x.words] for t in together] == \
        [[w.word for x in t for w in x.words] for t in alone]
    assert all(together)


@pytest.mark.slow
def test_au_stt_batched_on_the_cpu_is_deterministic(tmp_path) -> None:
    files = " ".join(str(DATA / "speech" / f"{n}.flac") for n in ("mfa_english_t", "ps_cards005", "mfa_words"))
    runs = []
    for attempt in range(2):
        result = shell(f"au-split -o {tmp_path}/c{attempt} {files} | au-stt --device cpu --batched --batch-size 2")
        assert result.returncode == 0, result.stderr
        runs.append(result.stdout)
    assert runs[0] == runs[1]
    segments = [json.loads(line) for line in runs[0].decode().splitlines()]
    assert {s["source"].rsplit("/", 1)[-1] for s in segments} == {"mfa_english_t.flac", "ps_cards005.flac",
                                                                  "mfa_words.flac"}


def test_a_chunk_s_segments_come_out_in_time_order() -> None:
    """A second pass fills a stretch inside a window that began earlier; its text must not come after."""
    from audiowc.engines.whisper import SourceContext, WhisperEngine
    from audiowc.redo import ChunkReading

    engine = object.__new__(WhisperEngine)  # _finish needs no model
    engine.name, engine.options = "whisper/test", EngineOptions()
    late = Window(0.0, 9.0, [DecodedSegment(" later words", [DecodedWord(" later", 6.0, 6.5, 0.9),
                                                            DecodedWord(" words", 6.5, 7.0, 0.9)])])
    filled = Window(2.0, 4.0, [DecodedSegment(" filled in", [DecodedWord(" filled", 2.2, 2.6, 0.9),
                                                           DecodedWord(" in", 2.6, 3.0, 0.9)])])
    item = chunk("a", 0, seconds=10.0)
    _chunk, segments = engine._finish((item.chunk, ChunkReading([late, filled])), SourceContext())
    assert [s.text for s in segments] == ["filled in", "later words"]
