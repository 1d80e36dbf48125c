"""au-format, and transcripts in the forms whisper, WhisperX, whisper.cpp and subtitle tools write,
read by au-format, tok and wc-words. Fixtures: tests/data/transcripts (shapes in SOURCES.md)."""

import json
import subprocess
from pathlib import Path

import pytest

from audiowc.commands.au_format import app
from audiowc.commands.tok import app as tok_app
from audiowc.commands.wc_words import app as wc_app
from conftest import DATA, call, command_line, script, shell

TRANSCRIPTS = DATA / "transcripts"
AU_FORMAT = " ".join(command_line("au-format"))
SEGMENTS = [
    {"source": "ep.mp3", "chunk": 0, "start": 12.48, "end": 15.921, "text": "Is a banana still a banana?",
     "words": [{"word": "Is", "start": 12.48, "end": 12.6, "prob": 0.9}], "engine": "whisper/tiny.en"},
    {"source": "ep.mp3", "chunk": 1, "start": 3725.0, "end": 3727.5, "text": "Tomatoes & <cream>",
     "words": [], "engine": "whisper/tiny.en"},
]
JSONL = "".join(json.dumps(s) + "\n" for s in SEGMENTS)


def au_format(args: list[str], stdin: bytes | str = b""):  # type: ignore[no-untyped-def]
    return call(app, "au-format", args, stdin)


def records(out: str) -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(line) for line in out.splitlines()]


def test_jsonl_to_srt() -> None:
    result = au_format(["--to", "srt"], JSONL)
    assert (result.code, result.err) == (0, "")
    assert result.out == ("1\n00:00:12,480 --> 00:00:15,921\nIs a banana still a banana?\n\n"
                          "2\n01:02:05,000 --> 01:02:07,500\nTomatoes & <cream>\n\n")


def test_jsonl_to_vtt_escapes_markup() -> None:
    result = au_format(["--to", "vtt"], JSONL)
    assert result.out.startswith("WEBVTT\n\n00:00:12.480 --> 00:00:15.921\nIs a banana")
    assert "Tomatoes &amp; &lt;cream&gt;\n" in result.out


def test_jsonl_to_tsv_and_txt() -> None:
    assert au_format(["--to", "tsv"], JSONL).out == (
        "start\tend\ttext\n12480\t15921\tIs a banana still a banana?\n3725000\t3727500\tTomatoes & <cream>\n")
    assert au_format(["--to", "txt"], JSONL).out == "Is a banana still a banana?\nTomatoes & <cream>\n"


@pytest.mark.parametrize("form", ["srt", "vtt", "tsv", "json"])
def test_round_trip_keeps_text_and_times_to_the_millisecond(form: str) -> None:
    there = au_format(["--to", form], JSONL)
    back = au_format(["--source", "ep.mp3"], there.out)
    assert back.code == 0, back.err
    got = [(r["source"], r["start"], r["end"], r["text"]) for r in records(back.out)]
    assert got == [(s["source"], s["start"], s["end"], s["text"]) for s in SEGMENTS]


def test_json_keeps_word_times_and_the_source() -> None:
    document = json.loads(au_format(["--to", "json"], JSONL).out)
    assert document["source"] == "ep.mp3"
    assert document["segments"][0]["words"] == [{"word": "Is", "start": 12.48, "end": 12.6, "probability": 0.9}]
    back = records(au_format([], json.dumps(document)).out)
    assert back[0]["source"] == "ep.mp3" and back[0]["words"][0]["start"] == 12.48


def test_subtitle_forms_hold_one_recording() -> None:
    two = JSONL + json.dumps(dict(SEGMENTS[0], source="other.mp3")) + "\n"
    result = au_format(["--to", "srt"], two)
    assert result.code == 1 and result.err.count("\n") == 1
    assert "--to srt holds one recording" in result.err and "'other.mp3'" in result.err
    assert au_format(["--to", "txt"], two).code == 0


def test_srt_from_windows_tools() -> None:
    # BOM, CRLF, index lines, <i> and <font> tags, an {\an8} override, position coordinates,
    # a multi-line cue, a stray blank line inside a cue, hours past one.
    got = records(au_format([str(TRANSCRIPTS / "windows.srt")]).out)
    assert [(r["start"], r["end"], r["text"]) for r in got] == [
        (1.0, 3.5, "Is a banana still a banana?"), (4.0, 6.25, "Bananas & cream."),
        (3723.04, 3725.9, "- Banana split? - Yes.")]
    assert {r["source"] for r in got} == {str(TRANSCRIPTS / "windows")}  # the recording it is named for


def test_vtt_header_note_style_voices_and_entities() -> None:
    got = records(au_format([str(TRANSCRIPTS / "styled.vtt")]).out)
    assert [(r["start"], r["end"], r["text"]) for r in got] == [
        (0.5, 2.0, "Is a banana still a banana?"), (2.5, 4.0, "Ask the banana shop & see <b> is not a tag")]


def test_youtube_captions_give_word_times_and_each_line_once() -> None:
    got = records(au_format([str(TRANSCRIPTS / "youtube.vtt")]).out)
    assert [r["text"] for r in got] == ["so is a banana still", "a banana or not"]
    words = [(w["word"], w["start"], w["end"]) for r in got for w in r["words"]]
    assert words[3] == ("banana", 0.63, 1.17) and words[6] == ("banana", 2.6, 3.1)


def test_highlighted_words_are_one_cue_a_line_said_again_is_kept() -> None:
    got = records(au_format(["--to", "jsonl", str(TRANSCRIPTS / "highlight.vtt")]).out)
    assert [(r["start"], r["end"], r["text"]) for r in got] == [
        (0.0, 1.3, "Bananas are berries."), (2.0, 3.0, "Bananas are berries.")]


def test_whisper_json() -> None:
    got = records(au_format([str(TRANSCRIPTS / "whisper.json")]).out)
    assert [r["text"] for r in got] == ["Is a banana still a banana?", "Café owners say bananas sell."]
    assert got[0]["words"][2] == {"word": "banana", "start": 0.6, "end": 1.18, "prob": 0.97}
    assert got[0]["engine"] == "whisper"


def test_whisperx_json_word_without_times_fills_its_gap() -> None:
    got = records(au_format([str(TRANSCRIPTS / "whisperx.json")]).out)
    assert got[0]["words"][1] == {"word": "20", "start": 0.291, "end": 1.052, "prob": 1.0}
    assert got[0]["engine"] == "whisperx" and got[1]["words"][0]["prob"] == 0.9


def test_whisper_cpp_json_tokens_make_words() -> None:
    got = records(au_format([str(TRANSCRIPTS / "whisper.cpp.json")]).out)
    assert [w["word"] for w in got[0]["words"]] == ["And", "so", "my", "fellow", "bananas,"]
    assert got[0]["words"][4]["start"] == 1.31 and got[0]["words"][4]["end"] == 2.3
    assert got[1]["words"][-1]["word"] == "do." and got[1]["end"] == 6.0
    assert got[0]["engine"] == "whisper.cpp/ggml-base.en.bin"


def test_whisper_tsv() -> None:
    got = records(au_format([str(TRANSCRIPTS / "whisper.tsv")]).out)
    assert [(r["start"], r["end"]) for r in got] == [(0.0, 4.2), (4.2, 7.5)]


def test_forced_format_that_does_not_fit() -> None:
    result = au_format(["--from", "whisper.cpp", str(TRANSCRIPTS / "whisper.json")])
    assert result.code == 1 and "not a whisper.cpp JSON transcript" in result.err
    assert au_format(["--from", "srt", str(TRANSCRIPTS / "windows.srt")]).code == 0


@pytest.mark.parametrize("form", ["srt", "vtt"])
def test_subtitles_forced_on_another_transcript_is_an_error_not_empty_output(form: str) -> None:
    result = au_format(["--from", form, str(TRANSCRIPTS / "whisper.json")])
    assert result.code == 1 and result.out == "" and "cue timing" in result.err and "line 1" in result.err
    tokens = call(tok_app, "tok", ["--from", form, str(TRANSCRIPTS / "whisper.json")])
    assert tokens.code == 1 and "cue timing" in tokens.err
    assert au_format(["--from", "vtt"], stdin="WEBVTT\n\n").code == 0  # a WebVTT file with no cues is fine


def test_bad_cue_names_its_line_and_skip_bad_goes_on() -> None:
    srt = "1\n00:00:01,000 --> 00:00:02,000\nfine\n\n2\n00:00:05,000 --> 00:00:03,000\nbackwards\n\n"
    result = au_format(["--from", "srt"], srt)
    assert (result.code, result.err) == (1, "au-format: error: cue ends before it starts (where: -, line 6)\n")
    skipped = au_format(["--skip-bad", "--from", "srt"], srt)
    assert skipped.code == 0 and len(records(skipped.out)) == 1 and "warning: skipped" in skipped.err


def test_plain_text_is_not_a_transcript_and_usage_errors() -> None:
    result = au_format([], "just words\n")
    assert result.code == 1 and "not a transcript" in result.err
    assert au_format(["--to", "docx"], JSONL).code == 2
    assert au_format(["--from", "xml"], JSONL).code == 2


def test_empty_input_empty_output() -> None:
    for form in ("jsonl", "srt", "vtt", "tsv", "json"):
        assert (au_format(["--to", form], b"").code, au_format(["--to", form], b"").out) == (0, "")


@pytest.mark.parametrize("name", ["windows.srt", "styled.vtt", "youtube.vtt", "whisper.json", "whisperx.json",
                                  "whisper.cpp.json", "whisper.tsv"])
def test_tok_reads_every_form_with_times(name: str) -> None:
    result = call(tok_app, "tok", [str(TRANSCRIPTS / name)])
    assert result.code == 0, result.err
    rows = [line.split("\t") for line in result.out.splitlines()]
    assert rows and all(len(row) == 4 and float(row[1]) <= float(row[2]) for row in rows)
    assert "00" not in [row[0] for row in rows]  # no tokens from timestamps
    assert any(row[0].startswith("banana") for row in rows)


def test_subtitle_words_get_times_spread_over_their_cue() -> None:
    # "Is a banana still a banana?" from 1.000 to 3.500: 27 characters, "banana" the 6th to 11th.
    hits = call(wc_app, "wc-words", ["--fuzzy", "banana", "--hits", str(TRANSCRIPTS / "windows.srt")])
    first = hits.out.splitlines()[0].split("\t")
    assert first[1:4] == ["1.463", "2.019", "banana"]


@pytest.mark.slow  # started as processes, or tens of MB: the whole suite runs it
def test_pipeline_srt_into_tok_and_wc_words() -> None:
    srt = TRANSCRIPTS / "windows.srt"
    result = shell(f"{script('tok')} {srt} | {script('wc-words')} --fuzzy banana --hits --clock")
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode().splitlines()[-1] == (f"{TRANSCRIPTS / 'windows'}\t01:02:03.300\t01:02:04.080\t"
                                                       "banana\tbanana\t100\texact")
    whisper = shell(f"{script('wc-words')} --fuzzy banana --hits {TRANSCRIPTS / 'whisper.json'}")
    assert [line.split("\t")[1] for line in whisper.stdout.decode().splitlines()] == ["0.600", "1.780", "5.400"]


def test_au_format_in_a_pipeline(tmp_path: Path) -> None:
    (tmp_path / "ep.jsonl").write_text(JSONL)
    result = shell(f"{AU_FORMAT} --to srt ep.jsonl | {AU_FORMAT} --source ep.mp3 | {script('tok')} | "
                   f"{script('wc-words')} -w banana", cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (0, b"2\tbanana\n", b"")


AUDIO = ["talk-16k.wav", "talk-44k-stereo.mp3", "talk-44k-stereo.flac", "talk-48k-stereo.ogg", "talk.m4a",
         "talk.opus", "talk.webm"]


@pytest.mark.parametrize("command", ["tok", "wc-words", "au-format"])
@pytest.mark.parametrize("name", AUDIO)
def test_audio_into_a_text_tool_says_to_transcribe_it(command: str, name: str) -> None:
    argv = command_line(command)
    args = ["--fuzzy", "banana"] if command == "wc-words" else []
    result = subprocess.run([*argv, *args, str(DATA / name)], capture_output=True, text=True)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr.startswith(f"{command}: error: this is audio (")
    assert f"au-split {DATA / name} | au-stt | ..." in result.stderr and result.stderr.count("\n") == 1


def test_audio_on_stdin_and_binary_data() -> None:
    audio = (DATA / "talk.m4a").read_bytes()
    result = call(wc_app, "wc-words", ["--fuzzy", "banana"], audio)
    assert result.code == 1 and "this is audio (MP4/M4A)" in result.err and "au-split - | au-stt" in result.err
    assert "binary data" in call(tok_app, "tok", [], b"ab\0cd\n").err
    assert "UTF-16" in call(tok_app, "tok", [], "banana\n".encode("utf-16")).err
    assert call(tok_app, "tok", [], "ID3 tags hold titles\n").out.startswith("id3\n")  # text that starts alike


@pytest.mark.parametrize("command", ["tok", "wc-words", "au-split", "au-stt", "au-format"])
def test_help_shows_file_arguments_plainly(command: str) -> None:
    text = subprocess.run([*command_line(command), "--help"], capture_output=True, text=True).stdout
    assert "[FILE]..." in text.split("Arguments:", 1)[1] and "<list[str]>" not in text


def test_one_line_json_longer_than_the_sniffed_head_through_a_pipe(tmp_path: Path) -> None:
    segment = {"start": 0.0, "end": 1.0, "text": " banana " * 40, "words": []}
    document = {"text": "x", "segments": [dict(segment, start=float(i), end=i + 1.0) for i in range(3000)]}
    path = tmp_path / "long.json"
    path.write_text(json.dumps(document))  # one line of about 1 MB, as whisper writes it
    result = shell(f"cat {path} | {script('wc-words')} -w banana")
    assert (result.returncode, result.stdout) == (0, b"120000\tbanana\n")


@pytest.mark.parametrize("form", ["srt", "vtt", "jsonl"])
def test_a_lone_surrogate_in_json_is_written_as_a_replacement_character(form: str) -> None:
    segment = b'{"source": "ep.mp3", "chunk": 0, "start": 1.0, "end": 2.0, "text": "a \\ud83c banana"}\n'
    whisper = b'{"text": " a banana", "segments": [{"start": 0, "end": 2, "text": " a \\udfff banana"}]}'
    for data in (segment, whisper):
        result = au_format(["--to", form], data)
        assert result.code == 0 and "a \ufffd banana" in result.out, result.err


@pytest.mark.parametrize("path, source", [
    ("talk.ogg.srt", "talk.ogg"), ("ep.mp3.jsonl", "ep.mp3"), ("dir/Other Tool.SRT", "dir/Other Tool"),
    ("ep.wav.vtt", "ep.wav"), ("ep.tsv", "ep"), ("ep.json", "ep"), ("ep.txt", "ep"),
    ("ep.tokens", "ep.tokens"), ("ep.mp3", "ep.mp3"), ("-", "-"), (".srt", ".srt"), ("dir/.vtt", "dir/.vtt")])
def test_a_transcript_file_names_its_recording_less_its_transcript_extension(path: str, source: str) -> None:
    from audiowc.transcripts.names import transcript_source

    assert transcript_source(path) == source


def test_tok_wc_words_and_au_format_name_a_transcript_file_the_same(tmp_path: Path) -> None:
    srt = tmp_path / "Banana Talk (Example).ogg.srt"
    srt.write_bytes((TRANSCRIPTS / "windows.srt").read_bytes())
    whisper = tmp_path / "ep.mp3.json"
    whisper.write_bytes((TRANSCRIPTS / "whisper.json").read_bytes())
    recording = str(tmp_path / "Banana Talk (Example).ogg")
    for name, want in ((srt, recording), (whisper, str(tmp_path / "ep.mp3"))):
        tokens = call(tok_app, "tok", [str(name)])
        hits = call(wc_app, "wc-words", ["--fuzzy", "banana", "--hits", str(name)])
        converted = au_format([str(name)])
        assert (tokens.code, hits.code, converted.code) == (0, 0, 0)
        assert {line.split("\t")[3] for line in tokens.out.splitlines()} == {want}
        assert {line.split("\t")[0] for line in hits.out.splitlines()} == {want}
        assert {r["source"] for r in records(converted.out)} == {want}
    jsonl = tmp_path / "renamed.srt.jsonl"  # au-stt's segments keep their own source, whatever the file's name
    jsonl.write_text(JSONL)
    assert {line.split("\t")[3] for line in call(tok_app, "tok", [str(jsonl)]).out.splitlines()} == {"ep.mp3"}
    named = tmp_path / "x.json"
    named.write_text(au_format(["--to", "json"], JSONL).out)  # whisper-style JSON with "source"
    assert {r["source"] for r in records(au_format([str(named)]).out)} == {"ep.mp3"}


def test_source_names_the_recording_in_tok_wc_words_and_au_format(tmp_path: Path) -> None:
    srt = str(TRANSCRIPTS / "windows.srt")
    tokens = call(tok_app, "tok", ["--source", "talk.flac", srt])
    assert tokens.code == 0 and {line.split("\t")[3] for line in tokens.out.splitlines()} == {"talk.flac"}
    hits = call(wc_app, "wc-words", ["-f", "banana", "--hits", "--source", "talk.flac", srt])
    assert hits.code == 0 and {line.split("\t")[0] for line in hits.out.splitlines()} == {"talk.flac"}
    # tok's tokens name their source in a column: --source names it over that too
    renamed = call(wc_app, "wc-words", ["-f", "banana", "--hits", "--source", "ep.ogg"], tokens.out)
    assert renamed.out.replace("ep.ogg\t", "talk.flac\t") == hits.out
    assert {r["source"] for r in records(au_format(["--source", "talk.flac", srt]).out)} == {"talk.flac"}
