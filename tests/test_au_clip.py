"""au-clip: clips hold the recording's own samples, the supercut holds every clip in order."""

import os
import stat
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from audiowc.hits.clips import clip_name, separator
from audiowc.commands.au_clip import app
from conftest import DATA, call, script, shell

ROOT = Path(__file__).parent.parent
STEREO = DATA / "talk-44k-stereo.flac"


def hits_for(source: Path, spans: list[tuple[float, float]], clock: bool = False) -> str:
    def time(t: float) -> str:
        return f"00:00:{t:06.3f}" if clock else f"{t:.3f}"
    return "".join(f"{source}\t{time(a)}\t{time(b)}\tbanana\tbanana\t100\n" for a, b in spans)


def source_span(source: Path, start: float, end: float) -> np.ndarray:
    samples, rate = sf.read(source, dtype="float32", always_2d=True)
    return samples[max(0, round(start * rate)): round(end * rate)]


def test_clips_hold_the_source_samples(tmp_path: Path) -> None:
    spans = [(1.0, 1.4), (0.2, 0.5), (3.0, 3.25)]
    result = call(app, "au-clip", ["-o", str(tmp_path / "c"), "--pad", "0.5"], hits_for(STEREO, spans, clock=True))
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert len(lines) == 3
    for line, (start, end) in zip(lines, spans):
        clip = Path(line.split("\t")[-1])
        got, rate = sf.read(clip, dtype="float32", always_2d=True)
        assert rate == 44100 and got.shape[1] == 2
        want = source_span(STEREO, start - 0.5, end + 0.5)
        assert got.shape == want.shape
        assert np.max(np.abs(got - want)) <= 1 / 32768
    assert Path(lines[1].split("\t")[-1]).name == "talk-44k-stereo_00h00m00.200s.wav"


def test_supercut_is_the_clips_in_order_with_gaps(tmp_path: Path) -> None:
    spans = [(2.0, 2.3), (0.5, 0.9)]
    cut = tmp_path / "all.flac"
    result = call(app, "au-clip", ["--no-clips", "--supercut", str(cut), "--gap", "0.4"], hits_for(STEREO, spans))
    assert result.code == 0 and result.out == ""
    got, rate = sf.read(cut, dtype="float32", always_2d=True)
    first, second = (source_span(STEREO, a - 1.5, b + 1.5) for a, b in spans)  # the default --pad
    gap = separator(rate, 2, 0.4)
    assert len(got) == len(first) + len(gap) + len(second)
    assert np.max(np.abs(got[: len(first)] - first)) <= 1 / 32768
    assert np.max(np.abs(got[len(first) + len(gap):] - second)) <= 1 / 32768
    assert np.max(np.abs(got[len(first): len(first) + len(gap)])) > 0.05  # the tone between


@pytest.mark.slow  # started as processes, or tens of MB: the whole suite runs it
def test_supercut_of_the_example_plays_every_hit_in_order(tmp_path: Path) -> None:
    example = ROOT / "examples" / "banana-talk.ogg"
    # the example's stored transcript (its source column is the file name): test_pipeline.py runs the model on it
    hits = shell(f"wc-words --fuzzy banana --hits {DATA / 'transcripts' / 'banana-talk.tokens'}")
    assert hits.returncode == 0 and hits.stdout
    cut = tmp_path / "bananas.wav"
    result = shell(f"{script('au-clip')} -o {tmp_path / 'clips'} --supercut {cut} --gap 0.25 "
                   f"--audio-dir {example.parent}", stdin=hits.stdout)
    assert result.returncode == 0, result.stderr
    got, rate = sf.read(cut, dtype="float32", always_2d=True)
    spans = [(float(a), float(b)) for _s, a, b, *_ in (line.split("\t") for line in hits.stdout.decode().splitlines())]
    at, gap = 0, len(separator(rate, got.shape[1], 0.25))
    for start, end in spans:
        want = source_span(example, start - 1.5, end + 1.5)
        assert np.max(np.abs(got[at: at + len(want)] - want)) <= 1 / 32768
        at += len(want) + gap
    assert at - gap == len(got)


def test_moved_recordings_are_found_with_audio_dir(tmp_path: Path) -> None:
    moved = tmp_path / "moved"
    moved.mkdir()
    (moved / STEREO.name).write_bytes(STEREO.read_bytes())
    lines = hits_for(Path("/gone") / STEREO.name, [(1.0, 1.2)])
    missing = call(app, "au-clip", ["-o", str(tmp_path / "c")], lines)
    assert missing.code == 1 and missing.err.startswith("au-clip: error: recording not found") \
        and missing.err.count("\n") == 1
    found = call(app, "au-clip", ["-o", str(tmp_path / "c"), "--audio-dir", str(moved)], lines)
    assert found.code == 0 and found.out.count("\n") == 1


def test_bad_lines_usage_and_empty_input(tmp_path: Path) -> None:
    bad = call(app, "au-clip", ["-o", str(tmp_path)], hits_for(STEREO, [(1, 2)]) + "x\t1\t2\n")
    assert bad.code == 1 and "line 2" in bad.err and bad.err.count("\n") == 1
    backwards = call(app, "au-clip", ["-o", str(tmp_path)], hits_for(STEREO, [(2, 1)]))
    assert backwards.code == 1 and "line 1" in backwards.err
    assert call(app, "au-clip", ["--supercut", str(tmp_path / "x.mp3")], "").code == 2
    assert call(app, "au-clip", ["--no-clips"], "").code == 2
    empty = call(app, "au-clip", ["-o", str(tmp_path / "e"), "-s", str(tmp_path / "e.wav")], "")
    assert empty.code == 0 and empty.out == "" and not (tmp_path / "e.wav").exists()


def test_no_folder_without_a_clip_and_an_empty_recording_says_so(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert call(app, "au-clip", [], "").code == 0  # empty input
    assert call(app, "au-clip", ["--supercut", "x.mp3"], "").code == 2  # a usage error
    bad = call(app, "au-clip", [], "x\t1\t2\n")  # a bad first line
    assert bad.code == 1
    assert list(tmp_path.iterdir()) == []  # no clips/
    (tmp_path / "empty.mp3").write_bytes(b"")
    empty = call(app, "au-clip", [], hits_for(tmp_path / "empty.mp3", [(1, 2)]))
    assert (empty.code, empty.out) == (1, "")
    assert empty.err == f"au-clip: error: the file is empty (0 bytes) (where: {tmp_path / 'empty.mp3'})\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.mp3"]


def test_clip_names_are_unique() -> None:
    used: set[str] = set()
    assert [clip_name("/a/ep 1.mp3", 3723.5, used), clip_name("/b/ep 1.mp3", 3723.5, used)] == [
        "ep 1_01h02m03.500s.wav", "ep 1_01h02m03.500s-2.wav"]


def test_clips_and_supercut_get_the_mode_of_any_new_file(tmp_path: Path) -> None:
    """Written under a temporary name and renamed, yet not private (0600) as a mkstemp file is."""
    umask = os.umask(0o022)
    try:
        result = call(app, "au-clip", ["-o", str(tmp_path / "c"), "--supercut", str(tmp_path / "all.wav")],
                      hits_for(STEREO, [(1.0, 1.4)]))
    finally:
        os.umask(umask)
    assert result.code == 0, result.err
    written = [Path(result.out.split("\t")[-1].strip()), tmp_path / "all.wav"]
    assert [stat.S_IMODE(p.stat().st_mode) for p in written] == [0o644, 0o644]
    assert [p.name for p in tmp_path.rglob("*.part")] == []


SUBTITLES = "1\n00:00:01,000 --> 00:00:02,000\nis a banana\n\n"


def test_a_subtitle_hit_is_clipped_from_the_recording_the_subtitles_are_named_for(tmp_path: Path) -> None:
    (tmp_path / "Banana Talk (Example).flac").write_bytes(STEREO.read_bytes())
    (tmp_path / "Banana Talk (Example).flac.srt").write_text(SUBTITLES)
    result = shell(f"{script('tok')} 'Banana Talk (Example).flac.srt' | {script('wc-words')} --fuzzy banana "
                   f"--hits | {script('au-clip')} --pad 0.5", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    source, start, end, *_rest, clip = result.stdout.decode().rstrip("\n").split("\t")
    assert source == "Banana Talk (Example).flac"
    got, _rate = sf.read(tmp_path / clip, dtype="float32", always_2d=True)
    want = source_span(STEREO, float(start) - 0.5, float(end) + 0.5)
    assert got.shape == want.shape and np.max(np.abs(got - want)) <= 1 / 32768


def subtitle_hits(srt: Path) -> str:
    from audiowc.commands.wc_words import app as wc_app

    srt.write_text(SUBTITLES)
    hits = call(wc_app, "wc-words", ["--fuzzy", "banana", "--hits", str(srt)])
    assert hits.code == 0 and hits.out.count("\n") == 1
    return hits.out


def test_a_recording_named_without_its_extension_is_the_one_audio_file_of_that_name(tmp_path: Path) -> None:
    hits = subtitle_hits(tmp_path / "Other Tool.srt")  # whisper's naming: the recording's extension dropped
    assert hits.startswith(f"{tmp_path / 'Other Tool'}\t")
    (tmp_path / "Other Tool.flac").write_bytes(STEREO.read_bytes())
    (tmp_path / "Other Tool.txt").write_text("notes, not audio\n")
    result = call(app, "au-clip", ["-o", str(tmp_path / "c"), "--pad", "0.5"], hits)
    assert result.code == 0, result.err
    _source, start, end, *_rest, clip = result.out.rstrip("\n").split("\t")
    got, _rate = sf.read(clip, dtype="float32", always_2d=True)
    want = source_span(STEREO, float(start) - 0.5, float(end) + 0.5)
    assert got.shape == want.shape and np.max(np.abs(got - want)) <= 1 / 32768
    moved = tmp_path / "moved"  # and with --audio-dir, there first
    moved.mkdir()
    (tmp_path / "Other Tool.flac").rename(moved / "Other Tool.flac")
    assert call(app, "au-clip", ["-o", str(tmp_path / "c"), "--audio-dir", str(moved)], hits).code == 0


def test_no_audio_file_or_several_of_that_name_is_a_one_line_error(tmp_path: Path) -> None:
    hits = subtitle_hits(tmp_path / "Other Tool.srt")
    none = call(app, "au-clip", ["-o", str(tmp_path / "c")], hits)
    assert (none.code, none.out) == (1, "")
    assert none.err == ("au-clip: error: recording not found as recorded, nor as one audio file of that name and "
                        f"an extension (--audio-dir DIR says where it went) (where: {tmp_path / 'Other Tool'})\n")
    (tmp_path / "Other Tool.flac").write_bytes(STEREO.read_bytes())
    (tmp_path / "Other Tool.wav").write_bytes((DATA / "talk-16k.wav").read_bytes())
    several = call(app, "au-clip", ["-o", str(tmp_path / "c")], hits)
    assert (several.code, several.out) == (1, "")
    assert several.err == ("au-clip: error: several recordings could be it (Other Tool.flac, Other Tool.wav): name "
                           f"one with --source FILE (tok, wc-words) (where: {tmp_path / 'Other Tool'})\n")
    assert not (tmp_path / "c").exists()


def test_a_hit_past_the_recordings_end_is_an_error_not_an_empty_clip(tmp_path: Path) -> None:
    result = call(app, "au-clip", ["-o", str(tmp_path / "c")], hits_for(STEREO, [(1.0, 1.4), (3723.0, 3723.5)]))
    assert (result.code, result.err) == (1, f"au-clip: error: the hit at 01:02:03.000 lies past the recording's "
                                            f"end (where: {STEREO})\n")
    assert [p.name for p in (tmp_path / "c").iterdir()] == ["talk-44k-stereo_00h00m01.000s.wav"]
