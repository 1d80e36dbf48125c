import json

from hypothesis import given, settings, strategies as st

from audiowc.commands.wc_words import app
from conftest import call, script, shell

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


@settings(max_examples=60, deadline=None)
@given(texts)
def test_table_counts_sum_to_token_count(text: str) -> None:
    from audiowc.text import tokenise
    total = sum(int(line.split("\t")[0]) for line in wc([], text).out.splitlines())
    assert total == len(tokenise(text))


@settings(max_examples=60, deadline=None)
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
