"""au-verify: hit lines in, the same lines with a verdict from the audio out."""

from pathlib import Path

import pytest

from audiowc.commands.au_stt import app as stt_app
from audiowc.commands.au_verify import app
from audiowc.errors import DataError
from audiowc.count.hitlines import parse_hit
from audiowc.hits.hitcontext import Transcript
from audiowc.hits.rivals import find_slot, heard_in_context, near_words, substitutions, supports
from audiowc.hits.verify import share
from conftest import call

EXAMPLE = Path(__file__).parent.parent / "examples" / "banana-talk.ogg"
# Spans the transcript of the example gives for "The banana was still green" (said) and for
# "Music filled the hall" (no banana in it).
SAID = (21.68, 21.94)
NOT_SAID = (25.5, 25.9)
TOKENS = Path(__file__).parent / "data" / "transcripts" / "banana-talk.tokens"
# "I put a banana in my lunch box": a 3 s window alone reads it "I put an end in my lunch box";
# and the transcript's repeat of its first line ("we need one more banana" twice) at 2.28 s.
LUNCH_BOX = (79.15, 79.29)
REPEAT = (2.28, 2.28)


def line(span: tuple[float, float], form: str = "banana", kind: str | None = None) -> str:
    extra = f"\t{kind}" if kind else ""
    return f"{EXAMPLE}\t{span[0]:.3f}\t{span[1]:.3f}\t{form}\tbanana\t100{extra}\n"


def test_hit_lines_take_clock_times_and_a_kind() -> None:
    hit = parse_hit("ep.mp3\t01:02:03.500\t01:02:04.000\tbananna\tbanana\t92\tuncounted-near", "-", 3)
    assert (hit.start, hit.end, hit.form, hit.kind, hit.counted) == (3723.5, 3724.0, "bananna", "uncounted-near", False)
    assert parse_hit("ep.mp3\t1.5\t2\tbanana\tbanana\t100", "-", 1).counted
    with pytest.raises(DataError, match="line 4"):
        parse_hit("ep.mp3\tsoon\t2\tbanana\tbanana\t100", "-", 4)


def test_slot_and_readings() -> None:
    words = "I put an honor in my lunch box".split()
    assert find_slot(words, ["banana"], 0.3) == (2, 3)
    assert "I put banana in my lunch box" in substitutions(words, (2, 3), "banana")
    assert supports("We ate two Bananas.", "banana") and not supports("a red bandana", "banana")
    assert share(0.0, []) == 1.0 and share(-10.0, [0.0]) < 0.001


@pytest.mark.slow
def test_a_word_said_is_confirmed_and_one_not_said_is_rejected() -> None:
    result = call(app, "au-verify", [], line(SAID) + line(NOT_SAID, "bandana", "uncounted-near"))
    assert result.code == 0, result.err
    said, not_said = (row.split("\t") for row in result.out.splitlines())
    assert said[:6] == line(SAID).rstrip("\n").split("\t") and said[6] == "confirmed" and float(said[7]) > 0.9
    assert not_said[6] == "uncounted-near" and not_said[7] == "rejected" and float(not_said[8]) < 0.1


@pytest.mark.slow
def test_summary_counts_verdicts_per_query() -> None:
    result = call(app, "au-verify", ["--summary"], line(SAID) + line(NOT_SAID))
    assert result.code == 0 and result.out == "1 confirmed, 0 unsure, 1 rejected: banana\n"


def test_empty_input_and_errors(tmp_path: Path) -> None:
    assert call(app, "au-verify", [], "").out == ""
    assert call(app, "au-verify", ["--pad", "9"], "").code == 2


class NoModel:
    def __init__(self, *args: object) -> None:
        raise AssertionError("the model was loaded for lines that cannot be judged")


def test_a_line_that_cannot_be_judged_is_passed_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("audiowc.commands.au_verify.Verifier", NoModel)
    bad = [f"{EXAMPLE}\t28.620\t0.740\tman the\tmanta\t83\tuncounted-phrase",  # wc-words' runs across files
           f"{tmp_path}/gone.wav\t1\t2\tbanana\tbanana\t100",
           f"{EXAMPLE}\t500\t501\tbanana\tbanana\t100",  # after the recording's end (100 s)
           f"{EXAMPLE}\tsoon\t2\tbanana\tbanana\t100",
           "two\tcolumns"]
    result = call(app, "au-verify", [], "\n".join(bad) + "\n")
    assert result.code == 0, result.err
    assert result.out == "".join(f"{text}\tunjudged\t-\n" for text in bad)
    warnings = result.err.splitlines()
    assert len(warnings) == 6 and all(w.startswith("au-verify: warning: unjudged: ") for w in warnings[:5])
    assert [w.endswith(f"(where: -, line {n})") for n, w in enumerate(warnings[:5], 1)] == [True] * 5
    assert "a hit must end after it starts" in warnings[0] and "recording not found" in warnings[1]
    assert f"gone.wav (where: -, line 2)" in warnings[1] and "ends before it" in warnings[2]
    assert warnings[5] == "au-verify: warning: 5 lines passed on unjudged"
    summary = call(app, "au-verify", ["--summary"], bad[0] + "\n")
    assert (summary.code, summary.out) == (0, "")


def test_input_that_is_not_hit_lines_stops(tmp_path: Path) -> None:
    tokens = call(app, "au-verify", [], "banana\t1.000\t1.300\tep.mp3\n")
    assert tokens.code == 1 and tokens.err == ("au-verify: error: expected a hit line of 6 or 7 tab-separated "
                                               "columns (wc-words --hits), or au-verify's 9, got 4 (where: -, line 1)\n")
    audio = call(app, "au-verify", [str(EXAMPLE)])
    assert audio.code == 1 and audio.err.count("\n") == 1 and "Traceback" not in audio.err


def test_an_unknown_device_is_a_usage_error() -> None:
    for stdin in ("", line(SAID)):
        result = call(app, "au-verify", ["--device", "gpu"], stdin)
        assert (result.code, result.out) == (2, "")
        assert result.err == "au-verify: error: unknown device 'gpu' (choose from auto, cpu, cuda)\n"


def test_a_model_that_will_not_load_is_the_same_one_line_error_as_au_stt(tmp_path: Path) -> None:
    broken = tmp_path / "broken-model"
    broken.mkdir()
    (broken / "model.bin").write_bytes(b"not a CTranslate2 model")
    options = ["--device", "cpu", "--model", str(broken)]
    verify = call(app, "au-verify", options, line(SAID))
    stt = call(stt_app, "au-stt", [*options, str(EXAMPLE)])
    assert (verify.code, verify.out, stt.code) == (1, "", 1)
    assert verify.err.startswith("au-verify: error: model 'broken-model' would not load on cpu (")
    assert verify.err.count("\n") == 1 and verify.err.removeprefix("au-verify") == stt.err.removeprefix("au-stt")


@pytest.mark.slow
def test_hits_after_a_bad_line_are_judged_in_order() -> None:
    backwards = f"{EXAMPLE}\t28.620\t0.740\tman the\tbanana\t83\tuncounted-phrase\n"
    result = call(app, "au-verify", [], line(SAID) + backwards + line(NOT_SAID, "bandana"))
    assert result.code == 0, result.err
    rows = [row.split("\t") for row in result.out.splitlines()]
    assert [row[-2] for row in rows] == ["confirmed", "unjudged", "rejected"] and rows[1][-1] == "-"
    assert "(where: -, line 2)" in result.err.splitlines()[0]


def test_the_transcript_gives_the_words_around_a_hit() -> None:
    transcript = Transcript.read(str(TOKENS), print)
    context = transcript.around(str(EXAMPLE), *LUNCH_BOX, LUNCH_BOX[0] - 1.5, LUNCH_BOX[1] + 1.5)
    assert context is not None and context.before[-3:] == ("i", "put", "a")
    assert context.after[:3] == ("in", "my", "lunchbox") and "banana" not in context.before + context.after
    assert transcript.around("other.ogg", 1, 2, 0, 3) is None


def test_rivals_keep_the_transcripts_words_around_the_slot() -> None:
    rival, heard = heard_in_context("she tied a blue".split(), "to the bag".split(),
                                    "she tie the blue band onto the bag".split())
    assert heard == "band onto" and rival == "she tied a blue band onto the bag"
    assert heard_in_context(["a"], ["b"], ["a", "b"]) == ("a b", "")  # heard nothing there
    assert {"bandana", "nana"} <= set(near_words("banana")) and "bananas" not in near_words("banana")


@pytest.mark.slow
def test_with_the_transcript_a_misread_window_is_confirmed() -> None:
    hits = line(LUNCH_BOX) + line(REPEAT)
    alone = call(app, "au-verify", [], hits)
    told = call(app, "au-verify", ["--transcript", str(TOKENS)], hits)
    assert alone.code == 0 and told.code == 0, told.err
    assert [row.split("\t")[6] for row in alone.out.splitlines()][0] == "rejected"
    assert [row.split("\t")[6] for row in told.out.splitlines()] == ["confirmed", "rejected"]


def test_a_transcript_without_times_is_refused(tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("a banana\n")
    result = call(app, "au-verify", ["--transcript", str(text)], line(SAID))
    assert result.code == 1 and "needs word times" in result.err


@pytest.mark.slow
def test_windows_judged_together_agree_with_one_at_a_time() -> None:
    from audiowc.audio.excerpt import read_excerpt
    from audiowc.hits.verify import Verifier, Window

    verifier = Verifier(device="cpu")
    windows = [Window(read_excerpt(str(EXAMPLE), a - 1.5, b + 1.5).mono16k(), "banana", "banana", 0.5)
               for a, b in (SAID, NOT_SAID)]
    together = verifier.judge_all(windows)
    alone = [verifier.judge_all([w])[0] for w in windows]
    assert [v.verdict for v in together] == [v.verdict for v in alone] == ["confirmed", "rejected"]
    assert all(abs(t.score - a.score) < 0.05 for t, a in zip(together, alone))


def test_a_run_of_words_is_judged_as_one_slot(tmp_path: Path) -> None:
    """A near-miss heard as several words (wc-words --near, kind uncounted-phrase): the transcript's
    words around it leave out the whole run, and every compared text holds the query in its place."""
    import numpy as np

    from audiowc.commands.wc_words import app as wc_app
    from audiowc.hits.rivals import Window, rival_texts

    words = "she peels the man on her slowly".split()
    tokens = tmp_path / "t.tokens"
    tokens.write_text("".join(f"{w}\t{i * 0.3:.3f}\t{i * 0.3 + 0.3:.3f}\tep.flac\n" for i, w in enumerate(words)))
    hits = call(wc_app, "wc-words", ["-f", "banana", "--hits", "--near", str(tokens)]).out.splitlines()
    assert len(hits) == 1
    hit = parse_hit(hits[0], "hits", 1)
    assert (hit.form, hit.start, hit.end, hit.counted) == ("man on her", 0.9, 1.8, False)
    context = Transcript.read(str(tokens), print).around("ep.flac", hit.start, hit.end, 0.0, 2.1)
    assert context is not None and context.before == ("she", "peels", "the") and context.after == ("slowly",)
    window = Window(np.zeros(16000, np.float32), hit.form, hit.query, 0.5, context)
    texts, _heard = rival_texts(window, ["she peels the man on her slowly"])
    assert ("she peels the banana slowly", True) in texts
    assert ("she peels the man on her slowly", False) in texts
    assert all(text.startswith("she peels the ") and text.endswith(" slowly") for text, _ in texts)


def test_counts_take_forms_the_transcript_wrote_without_a_decode(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("audiowc.commands.au_verify.Verifier", NoModel)
    lines = [line(SAID), line(LUNCH_BOX, "bananas", "inflection"), line(REPEAT, "mr", "spoken-form").replace(
             "\tbanana\t100", "\tmister\t100"), f"{tmp_path}/gone.wav\t1\t2\tbananna\tbanana\t86\tmisspelling\n",
             f"{EXAMPLE}\t9\t1\tbananna\tbanana\t86\tmisspelling\n"]
    result = call(app, "au-verify", ["--counts"], "".join(lines))
    assert result.code == 0, result.err
    # a counted hit whose recording is gone cannot be judged and still counts; a malformed line does not
    assert result.out == "3\tbanana\n1\tmister\n"
    assert call(app, "au-verify", ["--counts", "--summary"], "").code == 2


@pytest.mark.slow
def test_counts_add_a_confirmed_candidate_and_drop_a_rejected_one() -> None:
    lines = [line(SAID), line(LUNCH_BOX, "an end", "uncounted-phrase"), line(NOT_SAID, "hall", "uncounted-word")]
    result = call(app, "au-verify", ["--counts", "--transcript", str(TOKENS)], "".join(lines))
    assert result.code == 0, result.err
    assert result.out == "2\tbanana\n"


def test_the_trust_rule() -> None:
    from audiowc.hits.trusted import Judged, trusted, trusted_counts

    assert trusted("exact", "rejected") and trusted("family", "rejected") and trusted(None, "rejected")
    assert trusted("misspelling", "unsure") and not trusted("misspelling", "rejected")
    assert trusted("uncounted-alternative", "confirmed") and not trusted("uncounted-phrase", "unsure")
    assert trusted_counts([Judged("x", "b", "exact", "heard"),
                           Judged("x", "a", "uncounted-near", "rejected")]) == [(1, "b"), (0, "a")]


def test_an_unsure_candidate_counts_where_the_recording_has_the_word_elsewhere() -> None:
    from audiowc.hits.trusted import Judged, trusted_flags

    hits = [Judged("talk.mp3", "aligner", "uncounted-near", "confirmed", 59.2, 59.6),
            Judged("talk.mp3", "aligner", "uncounted-near", "unsure", 55.4, 55.7),  # the talk has it: counts
            Judged("talk.mp3", "aligner", "uncounted-near", "rejected", 40.0, 40.3),  # the audio said no
            Judged("other.mp3", "aligner", "uncounted-near", "unsure", 55.4, 55.7),  # no sign of it there
            Judged("talk.mp3", "liner", "uncounted-near", "unsure", 20.0, 20.3),  # another query
            Judged("talk.mp3", "aligner", "uncounted-alternative", "unsure", 58.4, 59.2)]  # beside the one heard
    assert trusted_flags(hits) == [True, True, False, False, False, False]


def test_a_run_gets_a_second_look_only_where_the_recording_has_the_word() -> None:
    from audiowc.hits.trusted import Judged, second_look

    hits = [Judged("talk.mp3", "banana", "exact", "heard", 1.0, 1.5),
            Judged("talk.mp3", "banana", "uncounted-phrase", "rejected", 10.8, 11.4),  # looked at again
            Judged("talk.mp3", "banana", "uncounted-phrase", "confirmed", 33.7, 34.3),  # counts already
            Judged("b.mp3", "banana", "exact", "heard", 5.0, 5.5),
            Judged("b.mp3", "banana", "uncounted-phrase", "rejected", 5.6, 6.0),  # beside b's only banana
            Judged("talk.mp3", "banana", "uncounted-near", "rejected"),  # a word, not a run
            Judged("other.mp3", "banana", "uncounted-phrase", "unsure"),  # no banana there
            Judged("talk.mp3", "apple", "uncounted-phrase", "rejected")]  # no apple anywhere
    assert second_look(hits) == [1]  # not 3: a run beside the word is no sign of another


def test_hit_lines_read_clock_times_as_subtitles_write_them() -> None:
    """One reader of times (fields.parse_time): SRT's comma and WebVTT's mm:ss read as --clock's form."""
    hit = parse_hit("ep.mp3\t00:01:02,500\t01:03.25\tbanana\tbanana\t100", "-", 1)
    assert (hit.start, hit.end) == (62.5, 63.25)
    with pytest.raises(DataError, match="hit times must be"):
        parse_hit("ep.mp3\t1:02:03:04\t1:02:03:05\tbanana\tbanana\t100", "-", 1)


def test_a_transcript_of_bad_utf8_is_warned_of_in_the_commands_own_form(tmp_path: Path) -> None:
    tokens = tmp_path / "ep.tokens"
    tokens.write_bytes(b"banana\t1.000\t1.300\tep.flac\nbad\xff\t2.000\t2.300\tep.flac\n")
    result = call(app, "au-verify", ["--transcript", str(tokens)], "nowhere.flac\t1.000\t1.300\tbanana\tbanana\t100\n")
    assert "au-verify: warning: invalid UTF-8 replaced with U+FFFD " \
           f"(where: {tokens}, line 2)" in result.err.splitlines(), result.err


def test_a_subtitle_hit_whose_recording_is_ambiguous_is_passed_on(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from audiowc.commands.wc_words import app as wc_app

    monkeypatch.setattr("audiowc.commands.au_verify.Verifier", NoModel)
    (tmp_path / "Other Tool.srt").write_text("1\n00:00:01,000 --> 00:00:02,000\nis a banana\n\n")
    for name, fixture in (("Other Tool.ogg", "talk-48k-stereo.ogg"), ("Other Tool.flac", "talk-44k-stereo.flac")):
        (tmp_path / name).write_bytes((TOKENS.parent.parent / fixture).read_bytes())
    hits = call(wc_app, "wc-words", ["-f", "banana", "--hits", str(tmp_path / "Other Tool.srt")]).out
    result = call(app, "au-verify", ["--transcript", str(tmp_path / "Other Tool.srt")], hits)
    assert (result.code, result.out) == (0, hits.rstrip("\n") + "\tunjudged\t-\n")
    assert result.err.splitlines()[0] == ("au-verify: warning: unjudged: several recordings could be it "
                                          "(Other Tool.flac, Other Tool.ogg): name one with --source FILE (tok, "
                                          f"wc-words): {tmp_path / 'Other Tool'} (where: -, line 1)")
    words = Transcript.read(str(tmp_path / "Other Tool.srt"), print)  # the transcript names it as the hits do
    assert words.around(hits.split("\t")[0], 1.3, 2.0, 0.0, 3.0) is not None
