import json
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from audiowc.commands.au_split import app as split_app
from audiowc.commands.au_stt import app
from audiowc.transcribe.engines.models import _verify, resolve_model
from audiowc.errors import DataError
from conftest import DATA, call, script, shell

FAKE_DEEPSPEECH = Path(__file__).parent / "fake_deepspeech"


def stt(args: list[str], stdin: bytes | str = b""):  # type: ignore[no-untyped-def]
    return call(app, "au-stt", args, stdin)


@pytest.fixture(scope="module")
def manifest(tmp_path_factory: pytest.TempPathFactory) -> list[dict]:  # type: ignore[type-arg]
    out = tmp_path_factory.mktemp("chunks")
    result = call(split_app, "au-split", ["--max-len", "6", "--min-len", "1", "-o", str(out),
                                          str(DATA / "talk-16k.wav")])
    # Without the source's length, so that a test can give au-stt some of the chunks: a manifest
    # that stops short of its source's length is bad data.
    chunks = [json.loads(line) for line in result.out.splitlines()]
    return [{k: v for k, v in c.items() if k != "source_duration"} for c in chunks]


def as_jsonl(records: list[dict]) -> str:  # type: ignore[type-arg]
    return "".join(json.dumps(r) + "\n" for r in records)


@pytest.mark.slow
def test_transcribes_with_absolute_ordered_times(manifest: list[dict]) -> None:  # type: ignore[type-arg]
    chunks = [dict(c, episode=206) for c in manifest]
    result = stt([], as_jsonl(chunks))
    assert result.code == 0 and result.err == ""
    segments = [json.loads(line) for line in result.out.splitlines()]
    words = [w for s in segments for w in s["words"]]
    text = " ".join(s["text"] for s in segments).lower()
    assert "banana" in text and "tomato" in text and "bread" in text
    assert {s["chunk"] for s in segments} == {c["index"] for c in manifest}
    starts = [w["start"] for w in words]
    assert starts == sorted(starts) and all(w["end"] >= w["start"] for w in words)
    for segment in segments:
        chunk = manifest[segment["chunk"]]
        assert chunk["start"] <= segment["start"] <= segment["end"] <= chunk["end"]
        assert segment["text"] == segment["text"].strip()
        assert segment["episode"] == 206 and segment["engine"] == "whisper/tiny.en"
        assert segment["source"] == str(DATA / "talk-16k.wav")
    assert manifest[2]["start"] > 5 and segments[-1]["start"] > 5  # later chunks carry their offset


@pytest.mark.slow
def test_audio_files_as_arguments() -> None:
    result = stt([str(DATA / "talk-44k-stereo.flac")])
    segments = [json.loads(line) for line in result.out.splitlines()]
    assert result.code == 0 and "banana" in " ".join(s["text"].lower() for s in segments)
    assert segments[-1]["end"] <= 9.71


@pytest.mark.slow
def test_speech_running_to_the_last_sample_is_kept() -> None:
    """Real speech cut in the middle of its last word: the words up to it come out, or a warning says
    which stretch came back without words, never nothing."""
    result = stt([str(DATA / "speech-cut-mid-word.flac")])
    text = " ".join(json.loads(line)["text"] for line in result.out.splitlines()).lower()
    assert result.code == 0 and ("full stop" in text or "came back without words" in result.err)


@pytest.mark.slow  # loads the speech model
def test_silence_gives_nothing(tmp_path: Path) -> None:
    assert stt([str(DATA / "silence.wav")]).out == ""
    chunk = {"source": "s.wav", "index": 0, "path": str(DATA / "silence.wav"), "start": 0.0, "end": 4.0,
             "sample_rate": 16000, "speech": 0.0}
    assert stt(["--no-vad"], json.dumps(chunk) + "\n").out == ""


@pytest.mark.slow  # loads the speech model
def test_chunks_that_stop_short_of_their_source_warn_and_exit_1() -> None:
    """au-split died part way (a full $TMPDIR): its manifest looks fine, but ends early."""
    chunk = {"source": "ep.mp3", "index": 0, "path": str(DATA / "silence.wav"), "start": 0.0, "end": 4.0,
             "sample_rate": 16000, "speech": 0.0, "source_duration": 10.0}
    result = stt([], json.dumps(chunk) + "\n")
    assert (result.code, result.out) == (1, "")
    assert result.err == ("au-stt: warning: the chunks of ep.mp3 cover 4.0 s of the 10.0 s it lasts: the "
                          "transcript is incomplete (did au-split stop early?)\n")
    whole = dict(chunk, source_duration=4.3)  # within a frame or two of decoders' slack
    assert stt([], json.dumps(whole) + "\n").code == 0


@pytest.mark.slow  # loads the speech model
def test_a_manifest_saved_with_a_byte_order_mark_is_read() -> None:
    chunk = {"source": "s.wav", "index": 0, "path": str(DATA / "silence.wav"), "start": 0.0, "end": 4.0,
             "sample_rate": 16000, "speech": 0.0}
    result = stt([], b"\xef\xbb\xbf" + json.dumps(chunk).encode() + b"\n")
    assert (result.code, result.out, result.err) == (0, "", "")


def test_empty_input_empty_output() -> None:
    assert (stt([], b"").code, stt([], b"").out) == (0, "")


@pytest.mark.parametrize("stdin,message", [
    pytest.param(f'{{"source": "a", "index": 0, "path": "{DATA / "silence.wav"}", "start": 0, "end": 4, "speech": 0}}\n'
                 '{bad\n'.encode(), "malformed JSON record", marks=pytest.mark.slow),  # the first chunk is transcribed
    (b'{"source": "a", "chunk": 0, "start": 0, "end": 1, "text": "hi", "words": []}\n',
     "expected a chunk manifest (au-split output), got transcript segments (au-stt output)"),
    (b"banana\t1.0\t1.2\tep.mp3\n", "expected a chunk manifest (au-split output), got text or tokens"),
    ((DATA / "talk-16k.wav").read_bytes(), "got audio; give audio files as arguments"),
])
def test_wrong_stream_is_one_line(stdin: bytes, message: str) -> None:
    result = stt([], stdin)
    assert result.code == 1 and message in result.err and result.err.count("\n") == 1
    assert result.err.startswith("au-stt: error: ")


def test_malformed_line_is_named() -> None:
    result = stt([], b'\n{oops\n')
    assert result.err.endswith("(where: -, line 2)\n")


@pytest.mark.slow
def test_missing_chunk_file_stops_or_is_skipped(manifest: list[dict]) -> None:  # type: ignore[type-arg]
    records = [dict(manifest[0], path="/nonexistent/c.wav"), manifest[1]]
    result = stt([], as_jsonl(records))
    assert result.code == 1 and result.out == ""
    assert result.err == ("au-stt: error: cannot read chunk file: no such file "
                          "(where: /nonexistent/c.wav, manifest line 1)\n")
    skipped = stt(["--skip-bad"], as_jsonl(records))
    assert skipped.code == 0 and skipped.out and "skipped: cannot read chunk file" in skipped.err
    assert all(json.loads(line)["chunk"] == 1 for line in skipped.out.splitlines())


def test_unknown_engine_device_and_model(manifest: list[dict]) -> None:  # type: ignore[type-arg]
    line = as_jsonl(manifest[:1])
    assert stt(["--engine", "kaldi"], line).code == 2
    assert stt(["--device", "tpu"], line).code == 2
    result = stt(["--model", "/nonexistent/model"], line)
    assert result.code == 1 and "no such model directory" in result.err


def test_a_model_name_that_does_not_exist_is_a_usage_error(manifest: list[dict]) -> None:  # type: ignore[type-arg]
    result = stt(["--model", "whatever"], as_jsonl(manifest[:1]))
    assert result.code == 2 and "unknown model 'whatever'" in result.err and "large-v3" in result.err
    assert "device" not in result.err


def test_a_model_not_downloaded_says_how_to_fetch_it_once(tmp_path: Path, manifest: list[dict]) -> None:  # type: ignore[type-arg]
    env = f"HF_HUB_OFFLINE=1 HF_HOME={tmp_path}/hf"
    result = shell(f"{env} au-stt --model base.en", as_jsonl(manifest[:1]).encode())
    err = result.stderr.decode()
    assert result.returncode == 1 and err.count("\n") == 1, err
    assert "model 'base.en' is not downloaded" in err and "fetch it once while online" in err
    assert f"{tmp_path}/hf" in err  # where it would go


@pytest.mark.slow
def test_a_model_directory_is_used_and_named(tmp_path: Path, manifest: list[dict]) -> None:  # type: ignore[type-arg]
    embedded, _name = resolve_model(None)
    directory = tmp_path / "whisper-tiny.en-ct2"
    shutil.copytree(embedded, directory)
    result = stt(["--model", str(directory)], as_jsonl(manifest[:1]))
    assert result.code == 0, result.err
    assert json.loads(result.out.splitlines()[0])["engine"] == "whisper/whisper-tiny.en-ct2"


@pytest.mark.parametrize("language, message", [  # a language code is checked against the model once it is loaded
    ("English", "not a language code"), pytest.param("xx", "not a language code", marks=pytest.mark.slow),
    pytest.param("de", "English-only", marks=pytest.mark.slow)])
def test_language_is_checked_against_the_model(language: str, message: str,
                                               manifest: list[dict]) -> None:  # type: ignore[type-arg]
    result = stt(["--language", language], as_jsonl(manifest[:1]))
    assert result.code == 2 and message in result.err and result.err.count("\n") == 1


@pytest.mark.slow
def test_language_auto_and_en_are_fine_for_an_english_model(manifest: list[dict]) -> None:  # type: ignore[type-arg]
    assert stt(["--language", "auto"], as_jsonl(manifest[:1])).code == 0
    assert stt(["--language", "EN"], as_jsonl(manifest[:1])).code == 0


def test_cuda_without_a_gpu_says_so(manifest: list[dict]) -> None:  # type: ignore[type-arg]
    import ctranslate2

    if ctranslate2.get_cuda_device_count():
        pytest.skip("this machine has a GPU")
    result = stt(["--device", "cuda"], as_jsonl(manifest[:1]))
    assert result.code == 1 and "no CUDA GPU is usable here" in result.err and "insufficient" not in result.err


def test_model_directory_without_model_bin(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="no model.bin"):
        resolve_model(str(tmp_path))


def test_embedded_model_is_verified(tmp_path: Path) -> None:
    path, name = resolve_model(None)
    assert name == "tiny.en" and (Path(path) / "model.bin").exists()
    (tmp_path / "model.bin").write_bytes(b"not the model")
    with pytest.raises(DataError, match="sha256"):
        _verify(tmp_path)


def test_deepspeech_without_the_package(manifest: list[dict]) -> None:  # type: ignore[type-arg]
    result = stt(["--engine", "deepspeech", "--model", str(DATA / "talk.txt")], as_jsonl(manifest[:1]))
    assert result.code == 1 and "separate Python 3.9 environment" in result.err
    assert "Python 3.9" in result.err


def test_deepspeech_adapter_against_the_documented_api(manifest: list[dict], tmp_path: Path,  # type: ignore[type-arg]
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(FAKE_DEEPSPEECH))
    import deepspeech  # the fake

    deepspeech.CALLS.clear()
    model, scorer = tmp_path / "m.pbmm", tmp_path / "m.scorer"
    model.write_bytes(b"x")
    scorer.write_bytes(b"x")
    chunks = [dict(c, episode=1) for c in manifest[:2]]
    result = stt(["-e", "deepspeech", "-m", str(model), "--scorer", str(scorer), "--beam-size", "50",
                  "--hotwords", "banana"], as_jsonl(chunks))
    assert result.code == 0, result.err
    segments = [json.loads(line) for line in result.out.splitlines()]
    assert [s["text"] for s in segments] == ["is a banana still a banana"] * 2
    assert segments[1]["words"][0]["start"] >= manifest[1]["start"]
    assert segments[0]["engine"] == "deepspeech/m" and segments[0]["episode"] == 1
    names = [c[0] for c in deepspeech.CALLS]
    assert names[:4] == ["Model", "enableExternalScorer", "setBeamWidth", "addHotWord"]
    assert names.count("sttWithMetadata") == 2
    assert stt(["-e", "deepspeech", "-m", str(model), "--hotwords", "x"], as_jsonl(chunks)).code == 2


@pytest.mark.slow
def test_closed_pipe_is_quiet() -> None:
    result = shell(f"{script('au-split')} --max-len 6 --min-len 1 -o $(mktemp -d) {DATA / 'talk-16k.wav'} | "
                   f"{script('au-stt')} | head -1")
    assert result.stderr == b"" and result.stdout.count(b"\n") == 1


@pytest.mark.slow
def test_ctrl_c_exits_130_with_whole_lines(manifest: list[dict], tmp_path: Path) -> None:  # type: ignore[type-arg]
    many = tmp_path / "many.jsonl"
    many.write_text(as_jsonl([dict(manifest[i % len(manifest)], index=i) for i in range(60)]))
    with open(many, "rb") as stdin:
        proc = subprocess.Popen([script("au-stt"), "--batch-size", "1"], stdin=stdin,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None
    first = proc.stdout.readline()
    time.sleep(0.3)
    proc.send_signal(signal.SIGINT)
    sent = time.perf_counter()
    rest, err = proc.communicate(timeout=120)
    assert proc.returncode == 130 and b"Traceback" not in err
    assert time.perf_counter() - sent < 2.5  # chunks in flight are abandoned, not finished
    lines = (first + rest).splitlines()
    assert 1 <= len(lines) < 60
    for line in lines:
        json.loads(line)


@pytest.mark.slow
def test_ctrl_c_abandons_a_chunk_in_flight(tmp_path: Path) -> None:
    import numpy as np
    import soundfile as sf

    talk, rate = sf.read(DATA / "talk-16k.wav", dtype="float32")
    long_chunk = tmp_path / "long.wav"
    sf.write(long_chunk, np.tile(talk, 15), rate)  # 2.5 minutes: seconds of decoding
    proc = subprocess.Popen([script("au-stt"), "--batch-size", "1", str(long_chunk)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(2.5)
    proc.send_signal(signal.SIGINT)
    sent = time.perf_counter()
    _out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130 and b"Traceback" not in err
    assert time.perf_counter() - sent < 1.5


def test_skip_bad_skips_a_malformed_manifest_line_as_tok_does_a_record() -> None:
    records = b'{oops\n{"path": "c.wav"}\n{"source": "a", "index": 0, "path": "c.wav", "start": "x", "end": 1}\n'
    stopped = stt([], records)
    assert stopped.code == 1 and stopped.err.endswith("(where: -, line 1)\n")
    skipped = stt(["--skip-bad"], records)
    assert (skipped.code, skipped.out) == (0, "")
    assert [line.split(": ")[1] for line in skipped.err.splitlines()] == ["warning"] * 3
    assert all("skipped: " in line for line in skipped.err.splitlines())
    segments = stt(["--skip-bad"], '{"text": "hello", "start": 0, "end": 1}\n')  # another stream: still an error
    assert segments.code == 1 and "got transcript segments" in segments.err


def test_files_from_lists_audio_files(tmp_path: Path) -> None:
    empty = tmp_path / "list"
    empty.write_text("\n")
    assert (stt(["--files-from", str(empty)], "not a manifest").code, stt(["-T", str(empty)]).out) == (0, "")
    resumed = stt(["--files-from", str(empty), "--resume", str(tmp_path / "x.part")])
    assert resumed.code == 2 and "--resume applies to a manifest" in resumed.err
    listed = tmp_path / "listed"
    listed.write_text(str(tmp_path / "gone.wav") + "\n")
    missing = stt(["--files-from", str(listed)])
    assert missing.code == 1 and "gone.wav" in missing.err and missing.err.count("\n") == 1


def test_audio_on_stdin_is_named_by_the_same_magic_bytes_the_text_tools_know() -> None:
    """An AMR stream (its header and frames hold no NUL to give it away) is audio, not text."""
    amr = b"#!AMR\n" + bytes(range(1, 256)) * 4
    result = call(app, "au-stt", [], amr)
    assert result.code == 1
    assert "got audio; give audio files as arguments" in result.err, result.err
