import json
import os
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from audiowc.commands.au_split import app
from conftest import DATA, call, script, shell

FIXTURES = ["talk-16k.wav", "talk-8k-mono.wav", "talk-24bit.wav", "talk-float.wav", "talk-44k-stereo.flac",
            "talk-48k-stereo.ogg", "talk-44k-stereo.mp3", "talk.opus", "talk.m4a", "talk.webm"]


def split(args: list[str], stdin: bytes = b""):  # type: ignore[no-untyped-def]
    return call(app, "au-split", args, stdin)


def records(out: str) -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(line) for line in out.splitlines()]


def check_tiling(chunks: list[dict], duration: float) -> np.ndarray:  # type: ignore[type-arg]
    """Chunks tile the source sample-exactly; returns the joined signal."""
    assert [c["index"] for c in chunks] == list(range(len(chunks)))
    assert chunks[0]["start"] == 0.0
    signal = []
    position = 0
    for chunk in chunks:
        info = sf.info(chunk["path"])
        assert (info.samplerate, info.channels, info.subtype, info.format) == (16000, 1, "PCM_16", "WAV")
        assert round(chunk["start"] * 16000) == position
        position += info.frames
        assert abs(chunk["end"] - position / 16000) < 0.0006
        assert 0.0 <= chunk["speech"] <= 1.0
        signal.append(sf.read(chunk["path"], dtype="float32")[0])
    assert abs(chunks[-1]["end"] - duration) < 0.03
    return np.concatenate(signal)


@pytest.mark.parametrize("name", FIXTURES)
def test_every_format_tiles_and_cuts_in_pauses(name: str, tmp_path: Path) -> None:
    result = split(["--max-len", "6", "--min-len", "1", "--search", "4", "-o", str(tmp_path), str(DATA / name)])
    assert result.code == 0 and result.err == ""
    chunks = records(result.out)
    assert len(chunks) >= 2
    signal = check_tiling(chunks, 9.7)
    loud = np.sqrt(np.mean(signal ** 2))
    for chunk in chunks[1:]:
        at = round(chunk["start"] * 16000)
        around = signal[max(0, at - 800):at + 800]  # 50 ms either side of the cut
        assert np.sqrt(np.mean(around ** 2)) < loud / 10, (name, chunk["start"])
        assert not chunk.get("forced")


@pytest.mark.parametrize("name", ["talk-44k-stereo.mp3", "talk-44k-stereo.flac", "talk-48k-stereo.ogg"])
def test_stereo_is_mixed_down_to_ffmpegs_level(name: str, tmp_path: Path) -> None:
    """The level Whisper was trained on: FFmpeg's 16-bit downmix, (L+R)/2, as faster-whisper decodes it."""
    from faster_whisper import decode_audio

    result = split(["-o", str(tmp_path), str(DATA / name)])
    ours = np.concatenate([sf.read(c["path"], dtype="float32")[0] for c in records(result.out)])
    ffmpeg = decode_audio(str(DATA / name))
    size = min(len(ours), len(ffmpeg))
    ratio = np.sqrt(np.mean(ours[:size] ** 2) / np.mean(ffmpeg[:size] ** 2))
    assert abs(ratio - 1.0) < 0.01, ratio  # FFmpeg's float downmix would be 1.414


def test_default_directory_and_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))  # $TMPDIR, read once per process
    (tmp_path / "tmp").mkdir()
    result = split([str(DATA / "talk-16k.wav")])
    chunk = records(result.out)[0]
    path = Path(chunk["path"])
    assert path.parent.parent == tmp_path / "tmp" and path.name == "talk-16k.00000.wav" and path.exists()
    assert chunk["temporary"] is True and sorted(tmp_path.iterdir()) == [tmp_path / "tmp"]
    assert chunk["source"] == str(DATA / "talk-16k.wav") and chunk["end"] == 9.7


def test_same_stem_does_not_overwrite(tmp_path: Path) -> None:
    result = split(["-o", str(tmp_path), str(DATA / "talk.opus"), str(DATA / "talk.m4a")])
    paths = [c["path"] for c in records(result.out)]
    assert len(set(paths)) == len(paths) == 2
    assert Path(paths[1]).name == "talk-2.00000.wav"


def test_rerun_is_byte_identical(tmp_path: Path) -> None:
    args = ["--max-len", "6", "--min-len", "1", "-o", str(tmp_path), str(DATA / "talk-44k-stereo.mp3")]
    first = split(args)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    second = split(args)
    assert first.out == second.out
    assert before == {p.name: p.read_bytes() for p in tmp_path.iterdir()}


def test_stdin_audio(tmp_path: Path) -> None:
    result = split(["-o", str(tmp_path), "-"], (DATA / "talk-44k-stereo.flac").read_bytes())
    chunk = records(result.out)[0]
    assert chunk["source"] == "-" and Path(chunk["path"]).name == "stdin.00000.wav"


def test_files_from(tmp_path: Path) -> None:
    listing = tmp_path / "list.txt"
    listing.write_text(f"{DATA / 'talk-16k.wav'}\n\n{DATA / 'talk.opus'}\n")
    result = split(["-o", str(tmp_path), "--files-from", str(listing)])
    assert [c["source"] for c in records(result.out)] == [str(DATA / "talk-16k.wav"), str(DATA / "talk.opus")]


@pytest.mark.parametrize("name,message", [("nothere.wav", "no such file"),
                                          ("corrupt.mp3", "not a readable audio file"),
                                          ("not-audio.wav", "not a readable audio file")])
def test_bad_file_is_one_line_and_leaves_nothing(name: str, message: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = split(["-o", str(out), str(DATA / name)])
    assert result.code == 1 and result.out == ""
    assert result.err == f"au-split: error: {message} (where: {DATA / name})\n" or \
        result.err.startswith(f"au-split: error: {message}") and result.err.count("\n") == 1
    assert not out.exists()


def test_empty_file_says_it_is_empty(tmp_path: Path) -> None:
    (tmp_path / "ep.mp3").write_bytes(b"")
    result = split(["-o", str(tmp_path / "out"), str(tmp_path / "ep.mp3")])
    assert (result.code, result.out) == (1, "")
    assert result.err == f"au-split: error: the file is empty (0 bytes) (where: {tmp_path / 'ep.mp3'})\n"


def test_other_inputs_still_run_after_a_bad_one(tmp_path: Path) -> None:
    result = split(["-o", str(tmp_path), str(DATA / "corrupt.mp3"), str(DATA / "talk-16k.wav")])
    assert result.code == 1
    assert len(records(result.out)) == 1 and result.err.count("\n") == 1


def test_zero_length_warns_and_writes_nothing(tmp_path: Path) -> None:
    result = split(["-o", str(tmp_path / "o"), str(DATA / "empty.wav")])
    assert (result.code, result.out) == (0, "")
    assert result.err.startswith("au-split: warning: no audio")
    assert not (tmp_path / "o").exists()


def test_usage_errors() -> None:
    for args in ([], ["--min-len", "30", "--max-len", "20", "x.wav"], ["--max-len", "1", "x.wav"], ["--bogus"]):
        result = split(args)
        assert result.code == 2 and result.err.startswith("au-split: error: "), args


def long_recording(path: Path, seconds: int) -> None:
    """Speech-like bursts with pauses, 44.1 kHz stereo FLAC, written block by block."""
    rng = np.random.default_rng(0)
    with sf.SoundFile(str(path), "w", 44100, 2, format="FLAC") as out:
        for second in range(seconds):
            t = np.arange(44100) / 44100
            level = 0.3 if second % 7 else 0.0005
            burst = level * np.sin(2 * np.pi * 180 * t) * (0.5 + 0.5 * rng.random())
            out.write(np.stack([burst, burst], axis=1).astype(np.float32))


def test_closed_pipe_is_quiet(tmp_path: Path) -> None:
    source = tmp_path / "long.flac"
    long_recording(source, 240)
    result = shell(f"{script('au-split')} -o {tmp_path / 'c'} {source} | head -1")
    assert result.stderr == b"" and result.stdout.count(b"\n") == 1
    first = json.loads(result.stdout)
    assert Path(first["path"]).exists()
    assert not list((tmp_path / "c").glob(".*part"))


@pytest.mark.slow  # started as processes, or tens of MB: the whole suite runs it
def test_ctrl_c_exits_130_and_leaves_no_partial_file(tmp_path: Path) -> None:
    """A split that ended before the signal came (a quiet machine is fast) proves nothing: tried again."""
    source = tmp_path / "long.flac"
    long_recording(source, 600)
    for attempt in range(3):
        out = tmp_path / f"c{attempt}"
        proc = subprocess.Popen([script("au-split"), "-o", str(out), str(source)], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE)
        assert proc.stdout is not None
        proc.stdout.readline()  # one chunk done: the split is under way
        time.sleep(0.05 * attempt)
        proc.send_signal(signal.SIGINT)
        rest, err = proc.communicate(timeout=60)
        assert b"Traceback" not in err and not list(out.glob(".*part"))
        assert all(sf.info(str(wav)).frames > 0 for wav in out.glob("*.wav"))
        if proc.returncode != 0:
            assert proc.returncode == 130
            return
    pytest.fail("au-split finished before the signal every time")


def test_joined_mp3s_are_decoded_whole(tmp_path: Path) -> None:
    """Podcasts join MP3 files (ad insertion); libsndfile stopped at the first one's end."""
    joined = tmp_path / "joined.mp3"
    joined.write_bytes((DATA / "talk-44k-stereo.mp3").read_bytes() * 3)
    result = split(["-o", str(tmp_path / "out"), str(joined)])
    assert result.code == 0 and result.err == ""
    assert abs(records(result.out)[-1]["end"] - 3 * 9.7) < 0.2


@pytest.mark.parametrize("name,keep,message", [
    ("talk-44k-stereo.mp3", 40_000, "the file is cut short: its header counts 38202 more bytes of audio"),
    ("talk-16k.wav", 150_000, "the file is cut short: its header promises 160436 more bytes of audio"),
    ("talk-48k-stereo.ogg", 60_000, "the file is cut short: its Ogg stream has no end"),
    ("talk-44k-stereo.flac", 150_000, "audio data is corrupt (Error : flac decoder lost sync.) at 00:00:04.420"),
])
def test_a_file_cut_short_is_an_error_and_keeps_what_was_good(tmp_path: Path, name: str, keep: int,
                                                              message: str) -> None:
    cut = tmp_path / f"cut{Path(name).suffix}"
    cut.write_bytes((DATA / name).read_bytes()[:keep])
    out = tmp_path / "out"
    result = split(["--max-len", "5", "--min-len", "1", "-o", str(out), str(cut)])
    assert result.code == 1 and result.err.startswith(f"au-split: error: {message}")
    assert result.err.endswith(f"(where: {cut})\n") and result.err.count("\n") == 1
    announced = {Path(c["path"]).name for c in records(result.out)}
    assert announced == {p.name for p in out.glob("*.wav")} if out.exists() else not announced
    if announced:  # what decoded before the break is kept, and says so
        assert "the audio before it is kept (1 chunk)" in result.err


def test_two_runs_into_one_directory_never_share_names(tmp_path: Path) -> None:
    """Two recordings both named ep.wav, split at the same time into one --out-dir."""
    out = tmp_path / "chunks"
    sources = []
    for name, fixture in (("talk", "talk-16k.wav"), ("quiet", "silence.wav")):
        (tmp_path / name).mkdir()
        sources.append(tmp_path / name / "ep.wav")
        sources[-1].write_bytes((DATA / fixture).read_bytes())
    runs = [subprocess.Popen([script("au-split"), "--max-len", "6", "--min-len", "1", "-o", str(out), str(s)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE) for s in sources]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0] and all(err == b"" for _, err in outputs)
    talk, quiet = (records(stdout.decode()) for stdout, _ in outputs)
    assert not {c["path"] for c in talk} & {c["path"] for c in quiet}
    check_tiling(talk, 9.7)  # each run's records point at its own audio
    check_tiling(quiet, 4.0)
    assert max(np.abs(sf.read(c["path"])[0]).max() for c in quiet) < 0.05 < np.abs(sf.read(talk[0]["path"])[0]).max()
    chunk_files = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    assert chunk_files == sorted(Path(c["path"]).name for c in talk + quiet)
    again = subprocess.run([script("au-split"), "--max-len", "6", "--min-len", "1", "-o", str(out), str(sources[0])],
                           capture_output=True, check=True)
    assert [c["path"] for c in records(again.stdout.decode())] == [c["path"] for c in talk]  # a re-run reuses its names


def test_interrupted_stdin_leaves_no_spool_file(tmp_path: Path) -> None:
    env_tmp = tmp_path / "tmp"
    env_tmp.mkdir()
    proc = subprocess.Popen([script("au-split"), "-o", str(tmp_path / "o"), "-"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=dict(os.environ, TMPDIR=str(env_tmp)))
    assert proc.stdin is not None
    proc.stdin.write((DATA / "talk-16k.wav").read_bytes()[:100_000])  # more is still to come
    proc.stdin.flush()
    time.sleep(1.0)
    proc.send_signal(signal.SIGINT)
    proc.communicate(timeout=60)
    assert proc.returncode == 130 and list(env_tmp.iterdir()) == []


@pytest.mark.parametrize("sig,code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_signals_end_cleanly_with_whole_chunks(tmp_path: Path, sig: int, code: int) -> None:
    long_talk = tmp_path / "long.wav"
    talk, rate = sf.read(DATA / "talk-16k.wav", dtype="float32")
    sf.write(long_talk, np.tile(talk, 200), rate)  # 32 minutes
    out = tmp_path / "out"
    proc = subprocess.Popen([script("au-split"), "--max-len", "5", "--min-len", "1", "-o", str(out), str(long_talk)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not (out.exists() and len(list(out.glob("*.wav"))) >= 3) and time.monotonic() < deadline:
        time.sleep(0.01)
    proc.send_signal(sig)
    stdout, err = proc.communicate(timeout=60)
    assert proc.returncode == code and err == b""
    assert not [p for p in out.iterdir() if p.name.endswith(".part")]
    for line in stdout.decode().splitlines():  # every announced chunk is on disk, whole
        assert sf.info(json.loads(line)["path"]).frames > 0
    names = {Path(json.loads(line)["path"]).name for line in stdout.decode().splitlines()}
    assert names == {p.name for p in out.iterdir() if not p.name.startswith(".")}  # nothing unannounced


def test_an_mp3_through_a_fifo_and_errors_on_stdin_name_the_input(tmp_path: Path) -> None:
    fifo = tmp_path / "ep.mp3"
    os.mkfifo(fifo)
    writer = subprocess.Popen(["bash", "-c", f"cat {DATA / 'talk-44k-stereo.mp3'} > {fifo}"])
    result = shell(f"au-split -o {tmp_path / 'out'} {fifo}")
    writer.wait(timeout=30)
    assert result.returncode == 0 and result.stderr == b""
    assert abs(json.loads(result.stdout.splitlines()[-1])["end"] - 9.7) < 0.05
    cut = (DATA / "talk-44k-stereo.mp3").read_bytes()[:40_000]
    piped = shell(f"au-split -o {tmp_path / 'out2'} -", stdin=cut)
    assert piped.returncode == 1 and piped.stderr.decode().endswith("(where: -)\n")
    assert b"au-split-stdin-" not in piped.stderr


def test_a_dc_offset_does_not_hide_the_pauses(tmp_path: Path) -> None:
    talk, rate = sf.read(DATA / "talk-16k.wav", dtype="float32")
    shifted = tmp_path / "dc.wav"
    sf.write(shifted, np.clip(0.5 * talk + 0.4, -1, 1), rate)
    args = ["--max-len", "6", "--min-len", "1", "--search", "4", "-o"]
    plain = records(split([*args, str(tmp_path / "a"), str(DATA / "talk-16k.wav")]).out)
    offset = records(split([*args, str(tmp_path / "b"), str(shifted)]).out)
    assert len(offset) == len(plain)
    assert all(abs(a["start"] - b["start"]) < 0.3 for a, b in zip(offset, plain))  # in the same pauses
    assert not any(c.get("forced") for c in offset) and all(c["speech"] < 0.9 for c in offset)


def test_a_full_disk_is_one_line_and_leaves_no_partial_file(tmp_path: Path) -> None:
    """A file-size limit stands in for a full disk: the write fails the same way (an OSError)."""
    import resource

    def limit_files() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, 100_000))

    out = tmp_path / "out"
    result = subprocess.run([script("au-split"), "--max-len", "6", "--min-len", "1", "-o", str(out),
                             str(DATA / "talk-16k.wav")], capture_output=True, preexec_fn=limit_files)
    err = result.stderr.decode()
    assert result.returncode == 1 and err.startswith("au-split: error: File too large (where: ")
    assert err.count("\n") == 1 and "Traceback" not in err
    assert not [p for p in out.iterdir() if p.name.endswith(".part")] if out.exists() else True


def test_files_from_passes_names_that_are_not_utf8(tmp_path: Path) -> None:
    name = os.fsencode(tmp_path) + b"/caf\xe9.wav"
    Path(os.fsdecode(name)).write_bytes((DATA / "talk-16k.wav").read_bytes())
    listing = name + b"\n" + str(DATA / "silence.wav").encode()
    result = shell(f"au-split -o {tmp_path / 'out'} --files-from -", stdin=listing)
    assert result.returncode == 0 and result.stderr == b""
    sources = [json.loads(line)["source"] for line in result.stdout.splitlines()]
    assert os.fsencode(sources[0]) == name and sources[-1] == str(DATA / "silence.wav")


def encode(path: Path, samples: np.ndarray, rate: int, codec: str, layout: str, container: str | None = None
           ) -> None:
    """Encode 16 kHz mono samples with FFmpeg's encoders (PyAV), as the ffmpeg command would."""
    import av

    with av.open(str(path), "w", format=container) as out:
        stream = out.add_stream(codec, rate=rate)
        stream.layout = layout
        resampler = av.AudioResampler(format=stream.format.name, layout=layout, rate=rate)
        frame = av.AudioFrame.from_ndarray(samples[None, :].astype(np.float32), format="flt", layout="mono")
        frame.sample_rate = 16000
        for piece in resampler.resample(frame) + resampler.resample(None) + [None]:
            for packet in stream.encode(piece):
                out.mux(packet)


def talk(times: int = 1) -> np.ndarray:
    samples, _rate = sf.read(DATA / "talk-16k.wav", dtype="float32")
    return np.tile(samples, times)


@pytest.mark.parametrize("kind", ["WAVEX 24-bit", "3 channels", "RF64"])
def test_a_cut_wav_of_every_kind_is_an_error(tmp_path: Path, kind: str) -> None:
    """libsndfile reads a cut file to its end; only the header tells that half of it is missing."""
    samples = talk()
    whole = tmp_path / "whole.wav"
    if kind == "WAVEX 24-bit":
        sf.write(whole, np.stack([samples, samples], axis=1), 16000, subtype="PCM_24", format="WAVEX")
    elif kind == "3 channels":
        sf.write(whole, np.stack([samples] * 3, axis=1), 16000, subtype="PCM_16", format="WAVEX")
    else:
        sf.write(whole, samples, 16000, subtype="PCM_16", format="RF64")
    assert split(["-o", str(tmp_path / "whole"), str(whole)]).code == 0
    cut = tmp_path / "cut.wav"
    data = whole.read_bytes()
    cut.write_bytes(data[: len(data) // 2])
    result = split(["-o", str(tmp_path / "out"), str(cut)])
    assert (result.code, result.out) == (1, "")
    assert result.err.startswith("au-split: error: the file is cut short: its header promises ")


def test_random_bytes_inside_an_mp3_are_an_error_but_a_tag_between_joined_mp3s_is_not(tmp_path: Path) -> None:
    """dd conv=notrunc over an MP3: FFmpeg refuses a few packets of kilobytes each, seconds of audio."""
    mp3 = tmp_path / "ep.mp3"
    encode(mp3, talk(3), 44100, "libmp3lame", "stereo")
    data = bytearray(mp3.read_bytes())
    at = len(data) * 4 // 10
    data[at: at + 16384] = np.random.default_rng(19).integers(0, 256, 16384, dtype=np.uint8).tobytes()
    damaged = tmp_path / "damaged.mp3"
    damaged.write_bytes(bytes(data))
    result = split(["-o", str(tmp_path / "out"), str(damaged)])
    assert result.code == 1 and "au-split: error: audio data is corrupt: " in result.err
    assert "bytes in a row do not decode" in result.err and "the audio before it is kept" in result.err
    assert records(result.out)[-1]["end"] < 0.45 * 3 * 9.7
    # An ID3 tag with a picture between joined files (ad insertion) is no lost audio
    picture = np.random.default_rng(7).integers(0, 256, 60_000, dtype=np.uint8).tobytes()
    frame = b"APIC" + (len(picture) + 14).to_bytes(4, "big") + b"\0\0\0image/jpeg\0\3\0" + picture
    size = len(frame)
    tag = b"ID3\3\0\0" + bytes([size >> 21 & 127, size >> 14 & 127, size >> 7 & 127, size & 127]) + frame
    joined = tmp_path / "joined.mp3"
    joined.write_bytes(mp3.read_bytes() + tag + mp3.read_bytes())
    result = split(["-o", str(tmp_path / "joined"), str(joined)])
    assert result.code == 0 and result.err == ""
    assert abs(records(result.out)[-1]["end"] - 6 * 9.7) < 0.2


@pytest.mark.slow  # started as processes, or tens of MB: the whole suite runs it
def test_adts_aac_whole_is_read_and_cut_is_an_error(tmp_path: Path) -> None:
    """An ADTS stream's length is estimated from its bit rate: no promise. Its last frame's header
    tells when it was cut."""
    aac = tmp_path / "ep.aac"
    encode(aac, talk(4), 44100, "aac", "stereo", "adts")  # its bit-rate estimate is 38.25 s, half a second short
    result = split(["-o", str(tmp_path / "whole"), str(aac)])
    assert result.code == 0 and result.err == ""
    chunks = records(result.out)
    assert abs(chunks[-1]["end"] - 4 * 9.7) < 0.1
    assert chunks[-1]["source_duration"] == chunks[-1]["end"]  # the length decoded, not the estimate
    cut = tmp_path / "cut.aac"
    data = aac.read_bytes()
    cut.write_bytes(data[: len(data) // 2])
    result = split(["-o", str(tmp_path / "out"), str(cut)])
    assert result.code == 1 and "the file is cut short: its last ADTS frame lacks " in result.err
    assert records(result.out)  # the half that is there is kept


def test_an_ffmpeg_made_opus_is_read_whole(tmp_path: Path) -> None:
    result = split(["-o", str(tmp_path), str(DATA / "ffmpeg-16k.opus")])
    assert result.code == 0 and result.err == ""
    assert abs(records(result.out)[-1]["end"] - 8.0) < 0.01


def test_mp3s_of_other_rates_and_channels_joined_are_decoded_whole(tmp_path: Path) -> None:
    pieces = []
    for rate, layout in ((22050, "mono"), (44100, "stereo"), (16000, "mono")):
        pieces.append(tmp_path / f"{rate}-{layout}.mp3")
        encode(pieces[-1], talk(), rate, "libmp3lame", layout)
    joined = tmp_path / "joined.mp3"
    joined.write_bytes(b"".join(p.read_bytes() for p in pieces))
    result = split(["-o", str(tmp_path / "out"), str(joined)])
    assert result.code == 0 and result.err == ""
    chunks = records(result.out)
    check_tiling(chunks, chunks[-1]["end"])
    assert 0 <= chunks[-1]["end"] - 3 * len(talk()) / 16000 < 0.25  # each piece keeps its encoder's padding


def test_a_full_stdout_leaves_no_chunk_behind(tmp_path: Path) -> None:
    """The manifest cannot be written: the chunk it would announce, and au-split's temporary folder, go."""
    spool = tmp_path / "tmp"
    spool.mkdir()
    for out in ([], ["-o", str(tmp_path / "kept")]):
        result = subprocess.run([script("au-split"), *out, str(DATA / "talk-16k.wav")], stdout=open("/dev/full", "wb"),
                                stderr=subprocess.PIPE, env=dict(os.environ, TMPDIR=str(spool)), timeout=120)
        assert result.returncode == 1 and result.stderr.endswith(b"(where: stdout)\n"), result.stderr
    assert list(spool.iterdir()) == [] and not (tmp_path / "kept").exists()


def test_a_name_as_long_as_names_go_is_split(tmp_path: Path) -> None:
    """A 250-byte name: its chunks' names fit (255 bytes); the temporary names must be short."""
    source = tmp_path / ("x" * 245 + ".flac")
    source.write_bytes((DATA / "talk-44k-stereo.flac").read_bytes())
    result = split(["-o", str(tmp_path / "out"), str(source)])
    assert result.code == 0, result.err
    assert [p.name for p in (tmp_path / "out").iterdir() if p.suffix == ".wav"] == ["x" * 245 + ".00000.wav"]
