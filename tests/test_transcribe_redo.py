"""The redo rules, with a scripted decoder standing in for Whisper (the real one is in test_au_stt)."""

import numpy as np

from audiowc.transcribe.judge import DecodedSegment, DecodedWord, Window
from audiowc.transcribe.redo import FALLBACK_TEMPERATURES, read_chunk

RATE = 16000
QUIET = np.zeros(20 * RATE, dtype=np.float32)
SHORT = np.zeros(6 * RATE, dtype=np.float32)  # too short to be read in halves


def window(text: str, start: float, end: float) -> Window:
    words = [DecodedWord(w, start + i * 0.4, start + i * 0.4 + 0.3, 0.9) for i, w in enumerate(text.split())]
    return Window(start, end, [DecodedSegment(text, words)])


class Script:
    """Answers each decode from a table keyed by (prompted, temperature); records the calls."""

    def __init__(self, answers: dict[tuple[bool, float], list[Window]], otherwise: list[Window] | None = None
                 ) -> None:
        self.answers, self.otherwise = answers, otherwise or []
        self.calls: list[tuple[float, str | None, float]] = []

    def __call__(self, samples: np.ndarray, prompt: str | None, temperature: float) -> list[Window]:
        self.calls.append((len(samples) / RATE, prompt, temperature))
        return self.answers.get((prompt is not None, temperature), self.otherwise)


LOOP = "Bye. " * 10


def test_a_clean_chunk_is_decoded_once() -> None:
    script = Script({(True, 0.0): [window("hello there", 0, 10), window("general kenobi", 10, 20)]})
    reading = read_chunk(QUIET, "earlier text", script)
    assert reading.trusted_text == "hello there general kenobi" and reading.redone == 0
    assert script.calls == [(20.0, "earlier text", 0.0)]


def test_a_bad_window_is_redone_alone_without_the_prompt() -> None:
    script = Script({(True, 0.0): [window("hello there", 0, 10), window(LOOP, 10, 20)],
                     (False, 0.0): [window("general kenobi", 0, 10)]})
    reading = read_chunk(QUIET, "earlier text", script)
    assert reading.trusted_text == "hello there general kenobi" and reading.redone == 1 and not reading.dropped
    assert script.calls[1] == (10.0, None, 0.0)  # only the bad window's 10 s, no prompt
    assert reading.windows[1].start == 10.0 and reading.windows[1].words[0].start == 10.0  # back in chunk time


def test_temperature_fallback_comes_after_the_unprompted_retry() -> None:
    script = Script({(False, 0.4): [window("a real sentence", 0, 6)]}, otherwise=[window(LOOP, 0, 6)])
    reading = read_chunk(SHORT, None, script)
    assert reading.trusted_text == "a real sentence"
    assert [t for _, _, t in script.calls] == [0.0, 0.0, 0.2, 0.4]


def test_a_span_that_stays_bad_is_read_in_halves_cut_in_a_pause() -> None:
    audio = np.zeros(16 * RATE, dtype=np.float32)
    t = np.arange(RATE) / RATE
    for second in (1, 3, 5, 10, 12, 14):  # loud seconds; the longest pause is 6-10 s
        audio[second * RATE: (second + 1) * RATE] = 0.2 * np.sin(2 * np.pi * 200 * t)

    def decode(samples: np.ndarray, prompt: str | None, temperature: float) -> list[Window]:
        seconds = len(samples) / RATE
        text = LOOP if seconds > 10 else f"a piece of {round(seconds)} seconds"
        return [window(text, 0, seconds)]

    reading = read_chunk(audio, "earlier text", decode, second_pass=False)
    assert len(reading.windows) == 2 and all(w.text.startswith("a piece of") for w in reading.windows)
    assert 6.0 <= reading.windows[1].start <= 10.0 and not reading.dropped  # the cut is in the pause


def test_what_stays_bad_is_dropped_and_reported() -> None:
    script = Script({}, otherwise=[window(". . . .", 0, 6)])
    reading = read_chunk(SHORT, None, script)
    assert reading.windows == [] and reading.trusted_text == ""
    assert len(reading.dropped) == 1 and reading.dropped[0].reasons == ["punctuation only"]
    assert len(script.calls) == 2 + len(FALLBACK_TEMPERATURES)


def test_speech_without_words_gets_a_second_pass() -> None:
    audio = np.zeros(20 * RATE, dtype=np.float32)
    t = np.arange(3 * RATE) / RATE
    audio[12 * RATE: 15 * RATE] = 0.2 * np.sin(2 * np.pi * 200 * t)
    script = Script({(False, 0.0): [window("quiet voice here", 0.2, 3.2)]})
    reading = read_chunk(audio, "earlier text", script)  # the prompted pass hears nothing
    assert reading.second_passes == 1 and reading.trusted_text == "quiet voice here"
    assert 11.5 < reading.windows[0].words[0].start < 12.5 and script.calls[1][1] is None


def test_doubtful_text_is_kept_but_never_prompts() -> None:
    unsure = window("in the banana steel", 0, 2)
    unsure.avg_logprob = -1.4
    script = Script({}, otherwise=[unsure])
    reading = read_chunk(SHORT, "earlier text", script)
    assert [w.text for w in reading.windows] == ["in the banana steel"] and not reading.dropped
    assert reading.trusted_text == ""


def test_a_short_tail_is_not_sampled() -> None:
    """Under 3 s it is the tail Whisper re-reads after its last timestamp; sampling never mends it."""
    script = Script({}, otherwise=[window("Music.", 0, 2)])
    script.otherwise[0].segments[0].words[0].prob = 0.0
    reading = read_chunk(np.zeros(2 * RATE, dtype=np.float32), None, script)
    assert [t for _, _, t in script.calls] == [0.0, 0.0] and reading.windows == []
    assert reading.dropped[0].reasons == ["improbable words (mean probability 0.00)"]


def _speech_to_the_end(seconds: float) -> np.ndarray:
    """6 s: a loud second at 1-2 s, then a loud tail of `seconds` that runs to the last sample."""
    audio = np.full(6 * RATE, 1e-4, dtype=np.float32)
    t = np.arange(6 * RATE) / RATE
    loud = ((t >= 1) & (t < 2)) | (t >= 6 - seconds)
    audio[loud] += (0.3 * np.sin(2 * np.pi * 220 * t[loud])).astype(np.float32)
    return audio


def test_speech_running_into_the_end_gets_a_second_pass_even_when_short() -> None:
    """Whisper closes its reading before words cut off by the end; the tail is read on its own, and a
    word stamped past the last sample is kept."""
    tail = Window(0.0, 0.9, [DecodedSegment("narrative", [DecodedWord("narrative", 0.2, 1.2, 0.8)])])
    script = Script({(True, 0.0): [window("hello", 1, 2)], (False, 0.0): [tail]})
    reading = read_chunk(_speech_to_the_end(0.6), "earlier", script)
    assert reading.trusted_text == "hello narrative" and not reading.unheard


def test_speech_at_the_end_that_stays_without_words_is_listed_as_unheard() -> None:
    script = Script({(True, 0.0): [window("hello", 1, 2)]})
    reading = read_chunk(_speech_to_the_end(0.6), "earlier", script)
    (start, end), = reading.unheard
    assert abs(start - 5.4) < 0.05 and abs(end - 6.0) < 0.05


def _tones(*spans: tuple[float, float], seconds: float = 20.0) -> np.ndarray:
    """Silence with a loud tone over each (start, end) span, in seconds."""
    audio = np.zeros(int(seconds * RATE), dtype=np.float32)
    t = np.arange(len(audio)) / RATE
    for start, end in spans:
        loud = (t >= start) & (t < end)
        audio[loud] = (0.2 * np.sin(2 * np.pi * 200 * t[loud])).astype(np.float32)
    return audio


def test_a_second_pass_heard_from_its_first_sample_is_kept() -> None:
    """The stretch begins at 3.26 s: its piece begins a hair (a fraction of a sample) before 3.06 s,
    and the second pass stamps its first word at 0.0 of the piece. It was dropped for that."""
    script = Script({(False, 0.0): [window("eight of spades", 0.0, 3.0)]})
    reading = read_chunk(_tones((3.26, 6.0)), "earlier text", script)
    assert reading.second_passes == 1 and reading.trusted_text == "eight of spades"
    assert abs(reading.windows[0].words[0].start - 3.06) < 0.001


def _spread(text: str, start: float, end: float) -> list[DecodedWord]:
    """The words of text one after another from start to end (seconds), each with Whisper's leading space."""
    step = (end - start) / len(text.split())
    return [DecodedWord(f" {w}", start + i * step, start + (i + 1) * step, 0.5) for i, w in enumerate(text.split())]


def _segment(*parts: tuple[str, float, float]) -> DecodedSegment:
    words = [w for text, start, end in parts for w in _spread(text, start, end)]
    return DecodedSegment("".join(w.word for w in words), words)


# Speech at 2-4.5 s that the prompted reading skipped, at 5.5-9 s and at 9.5-11 s; the prompted
# reading stamped "the weather was" over 5.5-9 s, where "coffee tastes" was said first.
SKIPPED = _tones((2.0, 4.5), (5.5, 9.0), (9.5, 11.0))


def _prompted() -> Window:
    return Window(0.0, 20.0, [_segment(("the weather", 5.5, 7.5), ("was", 7.5, 9.0), ("cold and windy", 9.5, 11.0))])


def test_the_segment_after_skipped_speech_is_read_again_with_it() -> None:
    """Whisper skips speech whose text its prompt already holds and stamps the next words over it too:
    the skipped stretch is decoded on through that segment; the new words take the old ones' place up
    to where the two readings agree again ("cold and windy"), from where the old words stay."""
    fuller = _segment(("my grandmother cooks", 0.2, 2.7), ("coffee tastes", 3.7, 5.7), ("the weather was", 5.7, 7.2),
                      ("cold and windy", 7.7, 9.2))  # in the piece's time: it begins at 1.8 s
    script = Script({(True, 0.0): [_prompted()], (False, 0.0): [Window(0.0, 9.4, [fuller])]})
    reading = read_chunk(SKIPPED, "earlier text", script)
    assert reading.trusted_text == "my grandmother cooks coffee tastes the weather was cold and windy"
    assert reading.second_passes == 1 and script.calls[1][1] is None  # unprompted
    assert abs(script.calls[1][0] - 9.4) < 0.01  # 1.8-11.2 s: on through the segment to the pause
    kept_old = [w for w in reading.windows[0].words]
    assert [w.word for w in kept_old] == [" cold", " and", " windy"] and kept_old[0].start == 9.5
    # a reading that hears the skipped speech but loses what came after leaves the old words alone
    shorter = Window(0.0, 9.4, [_segment(("my grandmother cooks", 0.2, 2.7))])
    script = Script({(True, 0.0): [_prompted()], (False, 0.0): [shorter]})
    reading = read_chunk(SKIPPED, "earlier text", script)
    assert reading.trusted_text == "the weather was cold and windy" and len(reading.windows) == 1


def test_a_second_pass_reads_on_across_a_window_edge_to_a_pause() -> None:
    """The segment after the skipped speech ends at a window's edge mid-sentence (9 s; the speech
    goes on to 10 s) and the next window begins with the sentence's rest: the second pass reads on
    to the pause, and its words take the place of that rest too, so nothing is written twice."""
    cut = Window(0.0, 9.0, [_segment(("the weather was", 6.6, 9.0))])  # stamped 0.6 s off the new reading
    edge = Window(9.0, 20.0, [_segment(("fresh today", 9.0, 10.0))])
    fuller = _segment(("coffee tastes better", 0.2, 3.2), ("the weather was fresh today", 4.2, 8.2))
    script = Script({(True, 0.0): [cut, edge], (False, 0.0): [Window(0.0, 8.4, [fuller])]})
    reading = read_chunk(_tones((2.0, 5.0), (6.0, 10.0)), "earlier text", script)
    assert reading.trusted_text == "coffee tastes better the weather was fresh today"
    assert abs(script.calls[1][0] - 8.4) < 0.01  # 1.8-10.2 s: on to the pause at 10 s
