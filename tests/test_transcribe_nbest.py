"""Alternatives from a beam search's runner-up hypotheses, and their place in segment records."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from audiowc.transcribe.engines.nbest import HypothesisRecorder, alternatives, match_results, posteriors
from audiowc.errors import DataError
from audiowc.records import Alternative, Segment, Word, dumps, segment_from_dict


def timed(*words: str) -> list[SimpleNamespace]:
    return [SimpleNamespace(word=" " + w, start=float(i), end=i + 0.5) for i, w in enumerate(words)]


def test_a_word_heard_as_two_gets_the_runner_up_reading_over_its_span() -> None:
    best = timed("I", "put", "them", "an", "honor", "in", "my", "lunchbox.")
    found = alternatives(best, ["I put a banana in my lunchbox.", "I put them an honor in my lunch box."], [0.3, 0.1])
    assert Alternative(2.0, 4.5, "a banana", "them an honor", 0.3) in found
    assert [a.text for a in found] == ["a banana", "lunch box"]


def test_punctuation_and_case_alone_are_no_alternative() -> None:
    best = timed("Coffee", "is", "fresh.")
    assert alternatives(best, ["coffee is fresh", "Coffee, is fresh!"], [0.2, 0.2]) == []


def test_the_same_hearing_from_two_hypotheses_adds_up_and_rare_ones_are_dropped() -> None:
    best = timed("one", "more", "manana")
    found = alternatives(best, ["one more banana.", "One more banana", "one more bandana"], [0.2, 0.15, 0.01])
    assert found == [Alternative(2.0, 2.5, "banana", "manana", 0.35)]


def test_a_word_the_runner_up_adds_takes_in_its_neighbour() -> None:
    best = timed("the", "was", "green")
    found = alternatives(best, ["the banana was green"], [0.4])
    assert found == [Alternative(0.0, 0.5, "the banana", "the", 0.4)]


def test_posteriors_undo_the_length_normalisation() -> None:
    result = SimpleNamespace(scores=[-0.25, -0.5], sequences_ids=[[1, 2, 3, 4], [1, 2]])
    shares = posteriors(result)
    assert shares[0] == pytest.approx(shares[1]) and sum(shares) == pytest.approx(1.0)


def test_windows_find_their_results_in_order_skipping_silent_calls() -> None:
    texts = {1: " Hello there.", 2: "", 3: " Bye now."}
    results = [SimpleNamespace(sequences_ids=[[k]]) for k in (1, 2, 3)]
    matched = match_results(["Hello there.", "Bye now."], results, lambda ids: texts[ids[0]])
    assert matched == [results[0], results[2]]
    assert match_results(["Elsewhere."], results, lambda ids: texts[ids[0]]) == [None]


def test_the_recorder_asks_beam_search_for_runner_ups_and_keeps_them_per_thread() -> None:
    calls = []

    class Model:
        n_mels = 80

        def generate(self, *args: object, **kwargs: object) -> list[str]:
            calls.append(kwargs)
            return ["result"]

    recorder = HypothesisRecorder(Model(), keep=5)
    assert recorder.n_mels == 80
    recorder.generate("features", beam_size=5)
    recorder.generate("features", beam_size=1)
    assert calls[0]["num_hypotheses"] == 5 and "num_hypotheses" not in calls[1]
    assert recorder.take() == ["result"] and recorder.take() == []


def test_alternatives_travel_in_segment_records_and_are_checked() -> None:
    segment = Segment("ep.mp3", 0, 1.0, 2.0, "an honor", [Word("an", 1.0, 1.2), Word("honor", 1.2, 2.0)], "w",
                      alternatives=[Alternative(1.0, 2.0, "a banana", "an honor", 0.25)])
    line = dumps(segment)
    assert json.loads(line)["alternatives"] == [
        {"start": 1.0, "end": 2.0, "text": "a banana", "heard": "an honor", "score": 0.25}]
    assert segment_from_dict(json.loads(line), "-", 1).alternatives == segment.alternatives
    assert "alternatives" not in dumps(Segment("ep.mp3", 0, 1.0, 2.0, "hi", [], "w"))
    bad = {**json.loads(line), "alternatives": [{"start": 2.0, "end": 1.0, "text": "x"}]}
    with pytest.raises(DataError, match="alternative ends before it starts"):
        segment_from_dict(bad, "-", 3)
