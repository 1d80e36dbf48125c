import json
import shlex
import sys

import pytest
from hypothesis import given, settings, strategies as st

from audiowc.commands.wc_words import app
from conftest import call, examples, script, shell

TEXT = "Is a banana still a Banana? Bananas' bananaland, toma to tomato automaton tom tomb tamato.\n"


def wc(args: list[str], stdin: bytes | str = b""):  # type: ignore[no-untyped-def]
    return call(app, "wc-words", args, stdin)


def test_table_most_frequent_first_ties_by_word() -> None:
    result = wc([], "b a c b a b\n")
    assert (result.code, result.out, result.err) == (0, "3\tb\n2\ta\n1\tc\n", "")


def test_top() -> None:
    assert wc(["--top", "1"], "b a c b\n").out == "2\tb\n"


def test_exact_words_in_order_given() -> None:
    assert wc(["-w", "tomato", "-w", "banana"], TEXT).out == "1\ttomato\n2\tbanana\n"


def test_fuzzy_counts_forms_but_not_lookalikes() -> None:
    assert wc(["-f", "tomato", "-f", "banana"], TEXT).out == "3\ttomato\n4\tbanana\n"


def test_variants_show_what_was_counted() -> None:
    lines = wc(["-f", "tomato", "--variants"], TEXT).out.splitlines()
    assert lines == ["1\ttamato\ttomato\t83\tmisspelling", "1\ttoma to\ttomato\t100\texact",
                     "1\ttomato\ttomato\t100\texact"]


def test_hits_on_bare_tokens_give_ordinals() -> None:
    lines = wc(["-f", "tomato", "--hits"], TEXT).out.splitlines()
    assert lines == ["-\t9\t10\ttoma to\ttomato\t100\texact", "-\t11\t11\ttomato\ttomato\t100\texact",
                     "-\t15\t15\ttamato\ttomato\t83\tmisspelling"]


def test_hits_on_timed_tokens_and_clock() -> None:
    tokens = "the\t1.0\t1.2\tep.mp3\nbanana\t3661.5\t3662.0\tep.mp3\n"
    assert wc(["-f", "banana", "--hits"], tokens).out == "ep.mp3\t3661.500\t3662.000\tbanana\tbanana\t100\texact\n"
    assert wc(["-f", "banana", "--hits", "--clock"], tokens).out == \
        "ep.mp3\t01:01:01.500\t01:01:02.000\tbanana\tbanana\t100\texact\n"


def test_reads_transcripts_directly() -> None:
    segment = {"source": "ep.mp3", "chunk": 0, "start": 1.0, "end": 2.0, "text": "Banana split",
               "words": [{"word": "Banana", "start": 1.0, "end": 1.4}, {"word": " split", "start": 1.4, "end": 2.0}]}
    result = wc(["-f", "banana split", "--hits"], json.dumps(segment) + "\n")
    assert result.out == "ep.mp3\t1.000\t2.000\tbanana split\tbanana split\t100\texact\n"


def test_phrase_counts() -> None:
    text = "machine learning and machines learning but machine unlearning machinelearning\n"
    assert wc(["-w", "machine learning", "-f", "machine learning"], text).out == \
        "1\tmachine learning\n3\tmachine learning\n"


def test_phonetic_needs_fuzzy_and_adds_matches() -> None:
    assert wc(["--phonetic", "-w", "x"], "x\n").code == 2
    assert wc(["-f", "banana", "--threshold", "95", "--phonetic"], "bananna\n").out == "1\tbanana\n"
    assert wc(["-f", "banana", "--threshold", "95"], "bananna\n").out == "0\tbanana\n"


def test_usage_errors() -> None:
    for args in (["--variants"], ["-f", "a", "--variants", "--hits"], ["--clock"], ["--threshold", "101"],
                 ["--threshold", "nan"], ["--top"], ["--nope"], ["-f", "!!"]):
        result = wc(args, "a\n")
        assert result.code == 2, args
        assert result.err.startswith("wc-words: error: ") and result.err.count("\n") == 1, args


def test_empty_input_empty_output() -> None:
    assert wc([], "").out == "" and wc(["-f", "banana"], "").out == ""


def test_bad_token_line_names_it() -> None:
    result = wc([], "a\t1\t2\tx\nb\tone\t2\tx\n")
    assert result.code == 1 and result.err.endswith("(where: -, line 2)\n")


@pytest.mark.slow  # started as processes, or tens of MB: the whole suite runs it
def test_parallel_blocks_agree_with_serial(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "t.txt"
    path.write_text(TEXT * 60_000)  # several blocks
    serial = wc(["-j", "1", "-f", "tomato", "--variants", str(path)])
    parallel = wc(["-j", "2", "-f", "tomato", "--variants", str(path)])
    assert serial.out == parallel.out and "60000\ttoma to" in serial.out
    assert wc(["-j", "2", str(path)]).out == wc(["-j", "1", str(path)]).out


words = st.sampled_from(["banana", "bananas", "tomato", "toma", "to", "tom", "Banana's", "bananaland", "a",
                         "machine", "learning", "x"])
texts = st.lists(st.lists(words, max_size=12).map(" ".join), max_size=8).map("\n".join)


@settings(max_examples=examples(60), deadline=None)
@given(texts)
def test_table_counts_sum_to_token_count(text: str) -> None:
    from audiowc.text.tokenise import tokenise
    total = sum(int(line.split("\t")[0]) for line in wc([], text).out.splitlines())
    assert total == len(tokenise(text))


@settings(max_examples=examples(60), deadline=None)
@given(texts, st.sampled_from(["banana", "tomato", "machine learning"]))
def test_variants_sum_to_fuzzy_total(text: str, query: str) -> None:
    total = wc(["-f", query], text).out
    variants = wc(["-f", query, "--variants"], text).out
    hits = wc(["-f", query, "--hits"], text).out
    if not text.split():
        assert total == variants == hits == ""
        return
    counted = int(total.split("\t")[0])
    assert counted == sum(int(line.split("\t")[0]) for line in variants.splitlines())
    assert counted == len(hits.splitlines())


def test_closed_pipe_is_quiet(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "t.txt"
    path.write_text(" ".join(f"w{i}" for i in range(200_000)) + "\n")
    result = shell(f"{script('wc-words')} {path} | head -1")
    assert result.stdout.count(b"\n") == 1 and result.stderr == b""


def test_tok_into_wc_words_pipe(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "t.txt"
    path.write_text(TEXT)
    result = shell(f"{script('tok')} {path} | {script('wc-words')} -f banana -f tomato")
    assert result.stdout == b"4\tbanana\n3\ttomato\n" and result.returncode == 0


def test_skip_bad_token_lines() -> None:
    result = wc(["--skip-bad"], "a\t1\t2\tx\nb\tone\t2\tx\na\t3\t4\tx\n")
    assert (result.code, result.out) == (0, "2\ta\n")
    assert result.err == "wc-words: warning: skipped: token times must be numbers (where: -, line 2)\n"


def test_mixed_queries_keep_command_line_order() -> None:
    result = wc(["-f", "tomato", "--word=banana", "-wtomato", "--fuzzy", "banana"], TEXT)
    assert result.out == "3\ttomato\n2\tbanana\n1\ttomato\n4\tbanana\n"


BANANAS = "a bananna and a bannana and two banannas, not a band, nor banal, nor a nan\n"


def test_misspellings_count_other_words_do_not() -> None:
    assert wc(["--fuzzy", "banana"], BANANAS).out == "3\tbanana\n"
    decoys = "bandana band banal Panama nana pineapple\n"
    assert wc(["-f", "banana", "-f", "apple"], decoys).out == "0\tbanana\n0\tapple\n"
    assert wc(["-f", "banana", "-f", "apple", "--loose"], decoys).out == "1\tbanana\n1\tapple\n"


def test_variants_give_the_reason() -> None:
    text = "banana bananas bananna banannas bananaland bandana pineapple\n"
    assert wc(["-f", "banana", "--variants"], text).out.splitlines() == [
        "1\tbanana\tbanana\t100\texact", "1\tbananaland\tbanana\t60\tcompound",
        "1\tbananas\tbanana\t86\tinflection", "1\tbananna\tbanana\t86\tmisspelling",
        "1\tbanannas\tbanana\t86\tmisspelling"]
    loose = wc(["-f", "banana", "-f", "apple", "--variants", "--loose"], text).out.splitlines()
    assert "1\tbandana\tbanana\t86\tword" in loose and "1\tpineapple\tapple\t56\tword" in loose


def test_near_lists_uncounted_candidates() -> None:
    tokens = "".join(f"{w}\t{i}.0\t{i}.5\tep.mp3\n" for i, w in enumerate(
        ["banana", "bandana", "the", "banal", "bananna", "band"]))
    hits = wc(["-f", "banana", "--hits", "--near"], tokens).out.splitlines()
    assert hits == ["ep.mp3\t0.000\t0.500\tbanana\tbanana\t100\texact",
                    "ep.mp3\t1.000\t1.500\tbandana\tbanana\t86\tuncounted-word",
                    "ep.mp3\t3.000\t3.500\tbanal\tbanana\t67\tuncounted-near",
                    "ep.mp3\t4.000\t4.500\tbananna\tbanana\t86\tmisspelling"]
    assert wc(["-f", "banana", "--hits"], tokens).out.count("\n") == 2  # counted hits only
    # with --loose the real word is counted, so it is no longer a candidate
    loose = wc(["-f", "banana", "--hits", "--near", "--loose"], tokens).out
    assert "\tbandana\tbanana\t86\tword\n" in loose and "uncounted-near" in loose
    variants = wc(["-f", "banana", "--variants", "--near"], tokens).out.splitlines()
    assert "1\tbandana\tbanana\t86\tuncounted-word" in variants and len(variants) == 4
    assert wc(["-f", "banana"], tokens).out == "2\tbanana\n"


def test_language_option() -> None:
    text = "Bananen bananne Banane\n"
    assert wc(["-f", "banane", "--language", "de", "--variants"], text).out.splitlines() == [
        "1\tbanane\tbanane\t100\texact", "1\tbananen\tbanane\t86\tinflection", "1\tbananne\tbanane\t86\tmisspelling"]


def test_language_is_the_texts_without_a_fuzzy_query_too() -> None:
    # as in tok: French splits off elided words, so the table counts "accident" twice
    text = "L'accident, un accident.\n"
    assert wc(["--language", "fr"], text).out == "2\taccident\n1\tl\n1\tun\n"
    assert wc(["--language", "fr-FR", "-w", "accident"], text).out == "2\taccident\n"


def test_fuzzy_option_errors() -> None:
    for args in (["--loose", "-w", "x"], ["--language", "German"], ["-w", "x", "--hits", "--near"], ["-f", "x", "--near"], ["-f", "x", "--language", "xx"]):
        result = wc(args, "x\n")
        assert result.code == 2, args
        assert result.err.startswith("wc-words: error: ") and result.err.count("\n") == 1, args


@settings(max_examples=examples(40), deadline=None)
@given(st.lists(st.sampled_from(["banana", "bananna", "bandana", "banal", "ba", "nana", "x", "bananas"]), max_size=15))
def test_near_adds_only_uncounted_lines(tokens: list[str]) -> None:
    text = " ".join(tokens) + "\n"
    plain = wc(["-f", "banana", "--hits"], text).out.splitlines()
    near = wc(["-f", "banana", "--hits", "--near"], text).out.splitlines()
    assert [line for line in near if not line.endswith(("uncounted-word", "uncounted-near", "uncounted-phrase"))] == plain


def _timed(words: list[str], gap_after: int = -1) -> str:
    """Timed tokens 0.4 s long, back to back (a 2 s pause after position gap_after)."""
    lines, at = [], 0.0
    for i, w in enumerate(words):
        lines.append(f"{w}\t{at:.3f}\t{at + 0.4:.3f}\tep.mp3\n")
        at += 0.4 + (2.0 if i == gap_after else 0.0)
    return "".join(lines)


def test_near_lists_runs_of_words_heard_for_the_query() -> None:
    tokens = _timed("i put an honor in my bag she peels the man on her slowly the man and a cup".split())
    hits = wc(["-f", "banana", "--hits", "--near"], tokens).out.splitlines()
    assert hits == ["ep.mp3\t0.800\t1.600\tan honor\tbanana\t83\tuncounted-phrase",
                    "ep.mp3\t4.000\t5.200\tman on her\tbanana\t83\tuncounted-phrase",
                    "ep.mp3\t6.000\t7.200\tman and a\tbanana\t71\tuncounted-phrase"]
    assert wc(["-f", "banana", "--hits"], tokens).out == ""  # listed, never counted
    assert wc(["-f", "banana"], tokens).out == "0\tbanana\n"


def test_no_runs_for_unrelated_words_or_across_a_pause() -> None:
    unrelated = _timed("the cat sat on a mat and then a dog ran to the shop in the rain".split())
    assert wc(["-f", "banana", "--hits", "--near"], unrelated).out == ""
    paused = _timed(["an", "honor"], gap_after=0)
    assert wc(["-f", "banana", "--hits", "--near"], paused).out == ""
    assert "an honor" in wc(["-f", "banana", "--hits", "--near"], _timed(["an", "honor"])).out
    assert wc(["-w", "banana", "--hits"], _timed(["an", "honor"])).out == ""  # exact queries list none


def test_runs_never_reuse_a_hit_or_near_miss_token() -> None:
    tokens = _timed("a banana an banal man and a".split())
    hits = wc(["-f", "banana", "--hits", "--near"], tokens).out.splitlines()
    kinds = [line.split("\t")[6] for line in hits]
    assert kinds == ["exact", "uncounted-near", "uncounted-phrase"]
    assert hits[2].split("\t")[3] == "man and a"


def test_spoken_forms_in_transcript_text() -> None:
    text = "Mr. Smith met Mister Jones and Dr. Who at 8 on the 1st, eight of them first.\n"
    assert wc(["-f", "mister", "-f", "doctor", "-f", "eight", "-f", "first"], text).out == \
        "2\tmister\n1\tdoctor\n2\teight\n2\tfirst\n"
    assert wc(["-w", "mister"], text).out == "1\tmister\n"  # exact stays exact
    assert wc(["-f", "mister", "--variants"], text).out.splitlines() == [
        "1\tmister\tmister\t100\texact", "1\tmr\tmister\t33\tspoken-form"]
    assert "1\t8\teight\t0\tnumber" in wc(["-f", "eight", "--variants"], text).out
    assert wc(["-f", "8"], text).out == "2\t8\n"


def test_spoken_form_hits_in_a_whisper_transcript() -> None:
    words = [("Mr.", 1.0, 1.3), (" Banana", 1.3, 1.8), (" walked", 1.8, 2.2), (" in.", 2.2, 2.5)]
    segment = {"source": "ep.mp3", "chunk": 0, "start": 1.0, "end": 2.5, "text": "Mr. Banana walked in.",
               "words": [{"word": w, "start": s, "end": e} for w, s, e in words]}
    hits = wc(["-f", "mister", "-f", "walk", "--hits"], json.dumps(segment) + "\n").out.splitlines()
    assert hits == ["ep.mp3\t1.000\t1.300\tmr\tmister\t33\tspoken-form",
                    "ep.mp3\t1.800\t2.200\twalked\twalk\t67\tfamily"]


def test_fuzzy_counts_every_form_of_the_word() -> None:
    text = "I walk, she walks, we walked and are walking; it failed, then fails; he went and goes\n"
    assert wc(["-f", "walk", "-f", "fail", "-f", "go"], text).out == "4\twalk\n2\tfail\n2\tgo\n"
    assert wc(["-w", "walk"], text).out == "1\twalk\n"
    assert "1\twalked\twalk\t67\tfamily" in wc(["-f", "walk", "--variants"], text).out


def test_real_words_stay_out_but_are_listed() -> None:
    text = "a banana, a ban, a bananna, an apple and an applet\n"
    assert wc(["-f", "banana", "-f", "apple"], text).out == "2\tbanana\n1\tapple\n"
    near = wc(["-f", "apple", "--variants", "--near"], text).out.splitlines()
    assert near == ["1\tapple\tapple\t100\texact", "1\tapplet\tapple\t83\tuncounted-word"]
    assert "ban\t" not in wc(["-f", "banana", "--variants", "--near"], text).out


def test_word_families_in_german() -> None:
    text = "Das Haus, zwei Häuser, in den Häusern; wir hausen dort\n"
    assert wc(["-f", "Haus", "--language", "de", "--variants"], text).out.splitlines() == [
        "1\thaus\tHaus\t100\texact", "1\thäuser\tHaus\t50\tfamily", "1\thäusern\tHaus\t43\tfamily"]

# The last words of one recording and the first of the next, as `au-split a.wav b.ogg | au-stt | tok`
# gives them: "good" ends talk-16k.wav at 9.48 s, "we need" start banana-talk.ogg at 0 s.
TWO_SOURCES = ("good\t9.020\t9.480\ttalk-16k.wav\nwe\t0.000\t0.160\tbanana-talk.ogg\n"
               "need\t0.160\t0.460\tbanana-talk.ogg\n")


def test_runs_never_join_two_recordings() -> None:
    near = wc(["-f", "goodwin", "--hits", "--near"], TWO_SOURCES)
    assert (near.code, near.out) == (0, "")  # "good we" was a run, 9.020 to 0.160
    three = "good\t9.020\t9.480\ta.wav\nman\t9.500\t9.700\ta.wav\nthe\t0.000\t0.200\tb.wav\n"
    assert wc(["-f", "goodmanthe", "--hits", "--near"], three).out == \
        "a.wav\t9.020\t9.700\tgood man\tgoodmanthe\t75\tuncounted-phrase\n"  # not "good man the"
    segments = "".join(json.dumps({"source": source, "start": start, "end": start + 0.5, "text": word,
                                   "words": [{"word": word, "start": start, "end": start + 0.5}]}) + "\n"
                       for source, start, word in [("a.wav", 9.0, "good"), ("b.ogg", 0.0, "we")])
    assert wc(["-f", "goodwin", "--hits", "--near"], segments).out == ""  # read from au-stt's JSONL too


def test_phrases_are_counted_within_one_recording() -> None:
    assert wc(["-w", "good we", "--hits"], TWO_SOURCES).out == ""
    assert wc(["-w", "good we"], TWO_SOURCES).out == "0\tgood we\n"
    assert wc(["-w", "we need"], TWO_SOURCES).out == "1\twe need\n"


def test_runs_never_join_words_whose_times_go_backwards() -> None:
    # Two transcripts of recordings with one name (ep.mp3 in two folders) put one after the other.
    again = "an\t9.020\t9.480\tep.mp3\nhonor\t0.000\t0.160\tep.mp3\n"
    assert wc(["-f", "banana", "--hits", "--near"], again).out == ""
    assert wc(["-w", "an honor"], again).out == "0\tan honor\n"
    forward = "an\t9.020\t9.480\tep.mp3\nhonor\t9.500\t9.700\tep.mp3\n"
    assert wc(["-f", "banana", "--hits", "--near"], forward).out == \
        "ep.mp3\t9.020\t9.700\tan honor\tbanana\t83\tuncounted-phrase\n"


def test_near_runs_check_every_neighbour_of_a_batch() -> None:
    from audiowc.count.match import QueryMatcher, parse_query
    from audiowc.count.nearruns import near_runs
    from audiowc.tokens.batches import TokenBatch

    matcher = QueryMatcher(parse_query("banana", True))
    mixed = TokenBatch(["an", "honor"], [9.02, 0.0], [9.48, 0.16], ["a.wav", "b.ogg"])  # built by hand
    assert list(near_runs(mixed, matcher, set())) == []
    backwards = TokenBatch(["an", "honor"], [9.02, 0.0], [9.48, 0.16], ["a.wav", "a.wav"])
    assert list(near_runs(backwards, matcher, set())) == []
    assert [(i, n) for i, n, _m in near_runs(TokenBatch(["an", "honor"], [9.02, 9.5], [9.48, 9.7], ["a.wav"] * 2),
                                             matcher, set())] == [(0, 2)]
    # the commonest words alone ("for the", "good we") are how people talk: no candidate
    goodwin = QueryMatcher(parse_query("goodwin", True))
    assert list(near_runs(TokenBatch(["good", "we"], [9.02, 9.5], [9.48, 9.7], ["a.wav"] * 2), goodwin, set())) == []


def test_small_text_is_counted_without_a_pool(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # A short text arrives as two blocks (the head read to sniff the format, then the rest); it
    # used to start a pool of forked workers, stopped again at once, which once hung for minutes.
    from audiowc.count import run as count_run
    from audiowc.count.counter import CountOptions
    from audiowc.count.match import parse_query
    from audiowc.tokens.batches import ReadOptions

    path = tmp_path / "t.txt"
    path.write_text(TEXT * 200)
    options = CountOptions((parse_query("banana", True, False),))
    with count_run.CountRun(options, 4, ReadOptions(False, print, False)) as run:
        run.add_input(str(path), "auto")
        assert run.pool is None
    assert count_run.query_total(run.counts, run.counter, 0) == 800


def test_pool_ends_without_signals(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # A finished count closes the pool and lets each worker end by itself: a SIGTERM sent to a
    # worker still starting up could be lost, leaving the parent waiting for it for good.
    import multiprocessing.pool

    from audiowc.count import run as count_run

    def refuse(self) -> None:  # type: ignore[no-untyped-def]
        raise AssertionError("the pool was terminated")

    monkeypatch.setattr(count_run, "POOL_MIN_CHARS", 1000, raising=False)  # a pool for this short text
    monkeypatch.setattr(multiprocessing.pool.Pool, "terminate", refuse)
    path = tmp_path / "t.txt"
    path.write_text(TEXT * 200)
    assert wc(["-j", "2", "-f", "banana", str(path)]).out == "800\tbanana\n"


def test_pool_from_a_process_with_threads_uses_a_forkserver(tmp_path, monkeypatch) -> None:  # type: ignore
    import multiprocessing
    import threading

    from audiowc.count import run as count_run

    methods: list[str] = []
    real = multiprocessing.get_context

    def context(method=None):  # type: ignore[no-untyped-def]
        methods.append(method)
        return real(method)

    monkeypatch.setattr(count_run, "POOL_MIN_CHARS", 1000)
    monkeypatch.setattr(count_run.multiprocessing, "get_context", context)
    path = tmp_path / "t.txt"
    path.write_text(TEXT * 200)
    # alone, the process forks; earlier tests of the session may have left threads running
    first = "fork" if count_run._single_threaded() else "forkserver"
    assert wc(["-j", "2", "-f", "banana", str(path)]).out == "800\tbanana\n"
    stop = threading.Event()
    waiter = threading.Thread(target=stop.wait)
    waiter.start()
    try:
        assert wc(["-j", "2", "-f", "banana", str(path)]).out == "800\tbanana\n"
    finally:
        stop.set()
        waiter.join()
    assert methods == [first, "forkserver"]


def test_an_alternative_reading_is_a_candidate_in_place_of_weaker_ones() -> None:
    words = [("I", 10.0, 10.2), ("put", 10.2, 10.5), ("them", 10.5, 10.7), ("an", 10.7, 10.9), ("honor", 10.9, 11.4),
             ("in", 11.4, 12.0), ("a", 13.0, 13.2), ("banana", 13.2, 14.0)]
    segment = {"source": "ep.mp3", "start": 10.0, "end": 14.0, "text": "I put them an honor in a banana",
               "words": [{"word": w, "start": s, "end": e} for w, s, e in words], "engine": "test",
               "alternatives": [{"start": 10.5, "end": 11.4, "text": "a banana", "heard": "them an honor", "score": 0.31},
                                {"start": 13.2, "end": 14.0, "text": "bandana", "heard": "banana", "score": 0.2}]}
    transcript = json.dumps(segment) + "\n"
    expected = ["ep.mp3\t10.500\t11.400\tbanana\tbanana\t31\tuncounted-alternative",
                "ep.mp3\t13.200\t14.000\tbanana\tbanana\t100\texact"]
    assert wc(["-f", "banana", "--hits", "--near"], transcript).out.splitlines() == expected
    assert wc(["-f", "banana"], transcript).out == "1\tbanana\n"  # never counted


def test_fuzzy_reads_no_word_list_when_no_token_comes_near() -> None:
    """Reading wordfreq's list and simplemma's forms takes seconds: a count that meets no token
    that could be a form of the query (here a word too short to judge) reads neither."""
    code = ("import sys; from audiowc.commands.wc_words import main; sys.argv[1:] = ['--fuzzy', 'banana']\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('wordfreq', 'simplemma') if m in sys.modules))")
    done = shell(f"echo 'hi, ok' | {sys.executable} -c {shlex.quote(code)}")
    assert done.stdout.decode() == "0\tbanana\n[]\n"


def test_text_without_tokens_still_answers_each_query_with_0() -> None:
    assert wc(["-f", "banana", "-w", "x"], "!!!").out == "0\tbanana\n0\tx\n"
    assert wc(["-f", "banana"], "\n\n").out == "" and wc([], "!!!").out == ""  # blank is empty; no query, no table


@pytest.mark.parametrize("line", ["banana\tnan\t2.0\tep", "banana\tinf\tinf\tep", "banana\t5\t3\tep",
                                  "banana\t-1\t2\tep", "\t1\t2\tep", "banana\t1\t2\tep\tnan"])
def test_impossible_token_lines_are_bad_data(line: str) -> None:
    data = f"banana\t0.5\t0.9\tep\n{line}\nbanana\t3\t4\tep\n"
    result = wc(["-f", "banana"], data)
    assert (result.code, result.out) == (1, "") and result.err.endswith("(where: -, line 2)\n"), result.err
    skipped = wc(["-f", "banana", "--skip-bad"], data)
    assert skipped.code == 0 and skipped.out == "2\tbanana\n" and "skipped" in skipped.err


def test_a_token_of_megabytes_is_an_error_not_gigabytes(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from audiowc.text.blocks import MAX_TOKEN_BYTES

    path = tmp_path / "run.txt"
    path.write_bytes(b"banana\n" * 3 + b"a" * (2 * MAX_TOKEN_BYTES) + b" banana\n")
    result = wc(["-f", "banana", str(path)])
    assert result.code == 1 and result.err.endswith(f"(where: {path}, line 4)\n") and "4 MiB" in result.err
