import json

import pytest

from audiowc.commands.tok import app
from conftest import call, script, shell

SEGMENT = {"source": "ep.mp3", "chunk": 0, "start": 12.48, "end": 15.92, "text": "Is a banana?",
           "words": [{"word": " Is", "start": 12.48, "end": 12.6, "prob": 0.9},
                     {"word": " a", "start": 12.6, "end": 12.7, "prob": 0.9},
                     {"word": " banana?", "start": 12.91, "end": 13.3, "prob": 0.9}],
           "engine": "whisper/tiny.en"}


def tok(args: list[str], stdin: bytes | str = b""):  # type: ignore[no-untyped-def]
    return call(app, "tok", args, stdin)


def test_plain_text_gives_bare_tokens() -> None:
    result = tok([], "Is a banana still a Banana?\n")
    assert (result.code, result.out, result.err) == (0, "is\na\nbanana\nstill\na\nbanana\n", "")


def test_transcript_gives_timed_tokens() -> None:
    result = tok([], json.dumps(SEGMENT) + "\n")
    assert result.code == 0
    assert result.out.splitlines() == ["is\t12.480\t12.600\tep.mp3", "a\t12.600\t12.700\tep.mp3",
                                       "banana\t12.910\t13.300\tep.mp3"]


def test_segment_without_words_spreads_its_span_over_its_tokens() -> None:
    # "Is a banana?" over 12.48-15.92: 12 characters, 0.2867 s each; tokens keep their place.
    segment = dict(SEGMENT, words=[])
    result = tok([], json.dumps(segment) + "\n")
    assert result.out.splitlines() == ["is\t12.480\t13.053\tep.mp3", "a\t13.340\t13.627\tep.mp3",
                                       "banana\t13.913\t15.633\tep.mp3"]


def test_forced_text_format_reads_json_as_text() -> None:
    result = tok(["--from", "text"], '{"text": "Hi"}\n')
    assert result.out == "text\nhi\n"


def test_keep_case_and_files(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "a.txt"
    path.write_text("Banana SPLIT\n")
    assert tok(["--keep-case", str(path)]).out == "Banana\nSPLIT\n"


def test_empty_input_empty_output() -> None:
    assert tok([], b"") == type(tok([], b""))(0, "", "")


def test_malformed_jsonl_names_the_line() -> None:
    result = tok([], json.dumps(SEGMENT) + "\n{oops\n")
    assert result.code == 1
    assert result.err.startswith("tok: error: malformed JSON record")
    assert result.err.endswith("(where: -, line 2)\n")
    assert result.err.count("\n") == 1


def test_chunk_manifest_by_mistake() -> None:
    chunk = {"source": "a.wav", "index": 0, "path": "a.00000.wav", "start": 0, "end": 1, "sample_rate": 16000}
    result = tok([], json.dumps(chunk) + "\n")
    assert result.code == 1
    assert "expected transcript segments (au-stt output), got a chunk manifest" in result.err


def test_invalid_utf8_is_replaced_with_one_warning() -> None:
    result = tok([], b"good\nba\xffd\nworse \xfe\n")
    assert result.code == 0
    assert result.out == "good\nba\nd\nworse\n"
    assert result.err == "tok: warning: invalid UTF-8 replaced with U+FFFD (where: -, line 2)\n"


def test_missing_file_is_one_line_exit_1() -> None:
    result = tok(["/nonexistent/x.txt"])
    assert result.code == 1
    assert result.err == "tok: error: No such file or directory (where: /nonexistent/x.txt)\n"


def test_usage_errors_exit_2() -> None:
    assert tok(["--bogus"]).code == 2
    result = tok(["--from"])
    assert result.code == 2 and result.err.startswith("tok: error: ") and result.err.count("\n") == 1
    assert tok(["--from", "xml"], "a\n").code == 2


def test_debug_shows_a_traceback() -> None:
    result = tok(["--debug", "/nonexistent/x.txt"])
    assert "Traceback" in result.err and result.code == 1


def test_version() -> None:
    assert tok(["--version"]).out.startswith("tok 0.")


def test_closed_pipe_is_quiet(tmp_path) -> None:  # type: ignore[no-untyped-def]
    big = tmp_path / "big.txt"
    big.write_text("banana split with cream\n" * 400_000)
    result = shell(f"{script('tok')} {big} | head -1")
    assert result.stdout == b"banana\n"
    assert result.stderr == b""


def test_invalid_utf8_in_jsonl_is_an_error_naming_the_line() -> None:
    result = tok([], json.dumps(SEGMENT).encode() + b'\n{"text": "ba\xffd", "start": 0, "end": 1}\n')
    assert result.code == 1 and result.err.endswith("(where: -, line 2)\n") and "invalid UTF-8" in result.err


def test_skip_bad_reports_each_bad_record_and_goes_on() -> None:
    stream = json.dumps(SEGMENT) + "\n{oops\n[1]\n" + json.dumps(dict(SEGMENT, text="tomato", words=[])) + "\n"
    result = tok(["--skip-bad"], stream)
    assert result.code == 0
    assert result.out.splitlines()[-1] == "tomato\t12.480\t15.920\tep.mp3"
    warnings = result.err.splitlines()
    assert len(warnings) == 2 and all(w.startswith("tok: warning: skipped: ") for w in warnings)
    assert warnings[0].endswith("line 2)") and warnings[1].endswith("line 3)")


def test_a_lone_surrogate_in_json_becomes_a_replacement_character() -> None:
    record = ('{"source": "ep\\ud800.mp3", "chunk": 0, "start": 1.0, "end": 2.0, "text": "a banana \\udfff", '
              '"words": [{"word": "banana", "start": 1.0, "end": 2.0}]}\n')
    result = tok([], record)
    assert (result.code, result.out) == (0, "banana\t1.000\t2.000\tep\ufffd.mp3\n"), result.err
    # a surrogate escape of a file name's byte that is not UTF-8 stays that byte, written as \xNN
    assert tok([], record.replace("ud800", "udcff")).out == "banana\t1.000\t2.000\tep\\xff.mp3\n"


def test_a_nul_in_a_source_name_is_escaped_so_wc_words_reads_it() -> None:
    record = ('{"source": "ep\\u0000x.mp3", "chunk": 0, "start": 1.0, "end": 2.0, "text": "a banana", '
              '"words": [{"word": "banana", "start": 1.0, "end": 2.0}]}\n')
    result = shell("tok | wc-words --fuzzy banana --hits", record.encode())
    assert result.returncode == 0, result.stderr
    assert result.stdout == b"ep\\0x.mp3\t1.000\t2.000\tbanana\tbanana\t100\texact\n"


def test_a_record_line_of_megabytes_is_an_error_not_gigabytes(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """One 200 MB JSONL line took 21 GB and 11 minutes; the line is refused once it is too long to be a record."""
    from audiowc.text.blocks import MAX_RECORD_BYTES

    path = tmp_path / "ep.mp3.jsonl"
    words = " banana" * (MAX_RECORD_BYTES // 7 + 1)
    path.write_text(json.dumps(SEGMENT) + "\n" + json.dumps(dict(SEGMENT, text=words, words=[])) + "\n")
    result = tok([str(path)])
    assert (result.code, result.out) == (1, "")
    assert result.err == f"tok: error: a line of 16 MiB or more is no record (where: {path}, line 2)\n"


def test_a_subtitle_line_of_megabytes_is_an_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from audiowc.text.blocks import MAX_RECORD_BYTES

    path = tmp_path / "ep.srt"
    path.write_text("1\n00:00:01,000 --> 00:00:02,000\n" + " banana" * (MAX_RECORD_BYTES // 7 + 1) + "\n")
    result = tok([str(path)])
    assert result.code == 1 and result.err.endswith(f"no record (where: {path}, line 3)\n")


@pytest.mark.slow  # started as processes, or tens of MB: the whole suite runs it
def test_a_json_document_of_tens_of_megabytes_is_an_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from audiowc.text.blocks import MAX_DOCUMENT_BYTES

    path = tmp_path / "ep.json"
    text = " banana" * (MAX_DOCUMENT_BYTES // 7 + 1)
    path.write_text(json.dumps({"segments": [{"start": 0, "end": 1, "text": text}]}))
    result = tok([str(path)])
    assert (result.code, result.out) == (1, "")
    assert result.err == f"tok: error: a JSON line or document of 64 MiB or more is no transcript (where: {path})\n"
    path.write_text(json.dumps({"segments": [{"start": 0, "end": 1, "text": text[: 2 << 20]}]}))
    assert tok([str(path)]).code == 0  # a long transcript well under the limit is read
