"""Batches: temporary chunks, the per-episode step, merging, make, GNU parallel and Slurm (au-stt's
--resume, which the per-episode step uses, is in test_transcribe_resume.py)."""

import json
import os
import shlex
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from audiowc.commands.au_split import app as split_app
from audiowc.commands.au_stt import app as stt_app
from conftest import command, DATA, call

ROOT = Path(__file__).parent.parent
SHORT = ["talk-16k.wav", "talk.opus", "talk-8k-mono.wav"]  # about 10 s each: quick to transcribe
SMALL_CHUNKS = ["--max-len", "6", "--min-len", "1"]


def run(args: list[str], cwd: Path, au_bin: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = dict(os.environ, PATH=f"{au_bin}:{os.environ['PATH']}", PWD=str(cwd))
    environment.update(env)
    return subprocess.run(args, cwd=cwd, env=environment, capture_output=True, text=True, timeout=600)


def episodes(folder: Path, names: list[str]) -> list[Path]:
    folder.mkdir(exist_ok=True)
    paths = [folder / name for name in names]
    for path, fixture in zip(paths, SHORT * 3):
        shutil.copy(DATA / fixture, path)
    return paths


def records(text: str) -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(line) for line in text.splitlines()]


# ---- chunks and paths ----------------------------------------------------------------------------

@pytest.mark.slow
def test_the_pipeline_leaves_no_chunks_behind(tmp_path: Path, au_bin: Path) -> None:
    spool = tmp_path / "tmp"
    spool.mkdir()
    pipeline = f"au-split {DATA / 'talk-16k.wav'} | au-stt | tok | wc-words -w banana"
    result = run(["bash", "-o", "pipefail", "-c", pipeline], tmp_path, au_bin, TMPDIR=str(spool))
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.split("\t")[0]) >= 1
    assert list(tmp_path.iterdir()) == [spool] and list(spool.iterdir()) == []


@pytest.mark.slow
@pytest.mark.parametrize("stage, code", [("head -c 1 > /dev/null", 0), ("au-stt --language xx", 2),
                                         ("au-stt --model whatever", 2)])
def test_a_pipeline_stopped_early_leaves_no_chunks_behind(stage: str, code: int, tmp_path: Path,
                                                          au_bin: Path) -> None:
    spool = tmp_path / "tmp"
    spool.mkdir()
    pipeline = f"au-split --max-len 5 --min-len 2 {DATA / 'talk-16k.wav'} | {stage}; echo ${{PIPESTATUS[1]}}"
    result = run(["bash", "-c", pipeline], tmp_path, au_bin, TMPDIR=str(spool))
    assert result.stdout.split()[-1] == str(code), result.stderr
    assert "au-split" not in result.stderr  # au-split stops quietly when nobody reads its chunks
    assert list(spool.iterdir()) == []


@pytest.mark.slow
def test_ctrl_c_on_the_pipeline_leaves_no_chunks_behind(tmp_path: Path, au_bin: Path) -> None:
    spool = tmp_path / "tmp"
    spool.mkdir()
    env = dict(os.environ, PATH=f"{au_bin}:{os.environ['PATH']}", TMPDIR=str(spool))
    pipeline = f"au-split --max-len 5 --min-len 2 {DATA / 'talk-16k.wav'} {DATA / 'talk-16k.wav'} | au-stt"
    proc = subprocess.Popen(["bash", "-c", pipeline], cwd=tmp_path, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 60
    while not any(spool.rglob("*.wav")) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)
    os.killpg(proc.pid, signal.SIGINT)  # as Ctrl-C does: the whole pipeline
    proc.wait(timeout=30)
    assert list(spool.iterdir()) == []


@pytest.mark.slow
def test_chunks_without_out_dir_are_temporary_and_absolute(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # $TMPDIR, read once per process
    monkeypatch.chdir(tmp_path)
    manifest = call(split_app, "au-split", [*SMALL_CHUNKS, str(DATA / "talk-16k.wav")]).out
    chunks = records(manifest)
    assert len(chunks) >= 2 and all(c["temporary"] is True and os.path.isabs(c["path"]) for c in chunks)
    assert {Path(c["path"]).parent.parent for c in chunks} == {tmp_path}
    assert all(Path(c["path"]).exists() for c in chunks)
    result = call(stt_app, "au-stt", [], manifest)
    assert result.code == 0 and "banana" in result.out
    assert not any(Path(c["path"]).exists() for c in chunks) and list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_kept_chunks_have_absolute_paths_read_from_anywhere(tmp_path: Path, au_bin: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    made = run(["au-split", "-o", "ep.chunks", str(DATA / "talk-16k.wav")], tmp_path, au_bin)
    assert made.returncode == 0 and "temporary" not in made.stdout
    (tmp_path / "ep.chunks.jsonl").write_text(made.stdout)
    read = run(["bash", "-c", "au-stt < ../ep.chunks.jsonl"], tmp_path / "elsewhere", au_bin)
    assert read.returncode == 0 and "banana" in read.stdout
    assert len(list((tmp_path / "ep.chunks").glob("*.wav"))) == len(made.stdout.splitlines())  # kept


# ---- the per-episode step ------------------------------------------------------------------------

@pytest.mark.slow
def test_episode_step_names_transcripts_by_the_whole_file_name(tmp_path: Path, au_bin: Path) -> None:
    mp3 = tmp_path / "ep.mp3"
    shutil.copy(DATA / "talk-44k-stereo.mp3", mp3)
    shutil.copy(DATA / "talk-8k-mono.wav", tmp_path / "ep.wav")
    first = run(["au-episode", "ep.mp3"], tmp_path, au_bin)
    assert first.returncode == 0 and first.stdout == "ep.mp3.jsonl\n"
    again = run(["au-episode", "ep.mp3", "ep.wav"], tmp_path, au_bin)
    assert "up to date: ep.mp3.jsonl" in again.stderr and "transcribing ep.wav" in again.stderr
    assert {json.loads(line)["source"] for line in (tmp_path / "ep.wav.jsonl").read_text().splitlines()} == {"ep.wav"}
    os.utime(mp3)  # the recording replaced: its transcript is made again
    newer = run(["au-episode", "ep.mp3"], tmp_path, au_bin)
    assert "transcribing ep.mp3" in newer.stderr


@pytest.mark.slow
def test_make_counts_with_f_from_a_program_that_left_pwd_stale(tmp_path: Path, au_bin: Path) -> None:
    podcast = tmp_path / "pod"
    podcast.mkdir()
    episodes(podcast, ["ep2.wav"])
    made = run(["make", "-s", "-f", str(ROOT / "Makefile"), "counts", "EPISODES=ep2.wav", f"AU_BIN={au_bin}/"],
               podcast, au_bin, PWD=str(tmp_path))  # the parent's PWD, as subprocess(cwd=...) leaves it
    assert made.returncode == 0, made.stderr
    assert (podcast / "counts.tsv").read_text().splitlines()[0].endswith("\tep2.wav")


def test_make_counts_takes_each_shell_word_of_word_as_one_query(tmp_path: Path, au_bin: Path) -> None:
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    episodes(tmp_path, ["ep.wav"])
    segment = {"source": "ep.wav", "chunk": 0, "start": 0.0, "end": 3.0, "text": "my fellow Americans, my fellow",
               "words": [{"word": w, "start": i * 0.5, "end": i * 0.5 + 0.4, "prob": 0.9}
                         for i, w in enumerate(["my", "fellow", "Americans,", "my", "fellow"])], "engine": "test"}
    (tmp_path / "ep.wav.jsonl").write_text(json.dumps(segment) + "\n")  # newer than ep.wav: kept, not redone
    made = run(["make", "-s", "-f", str(ROOT / "Makefile"), "counts", "EPISODES=ep.wav",
                'WORD=room times "my fellow"', f"AU_BIN={au_bin}/"], tmp_path, au_bin)
    assert made.returncode == 0, made.stderr
    assert (tmp_path / "counts.tsv").read_text().splitlines()[-3:] == ["0\troom", "0\ttimes", "2\tmy fellow"]


@pytest.mark.slow
def test_au_count_never_reuses_another_recordings_transcript(tmp_path: Path, au_bin: Path) -> None:
    shutil.copy(DATA / "talk-16k.wav", tmp_path / "ep.mp3")  # a WAV by another name: decoded all the same
    shutil.copy(DATA / "silence.wav", tmp_path / "ep.flac")
    assert run([*command("au-count"), "-w", "tomato", "ep.mp3"], tmp_path, au_bin).returncode == 0
    silent = run([*command("au-count"), "-w", "tomato", "--hits", "ep.flac"], tmp_path, au_bin)
    assert silent.returncode == 0, silent.stderr
    assert (tmp_path / "ep.flac.jsonl").exists() and silent.stdout == ""  # no hits from ep.mp3


@pytest.mark.slow
def test_episode_step_resumes_from_its_part_file(tmp_path: Path, au_bin: Path) -> None:
    episode = episodes(tmp_path, ["ep.wav"])[0]
    options = ["--split-options", " ".join(SMALL_CHUNKS)]
    assert run(["au-episode", *options, "ep.wav"], tmp_path, au_bin).returncode == 0
    whole = (tmp_path / "ep.wav.jsonl").read_text().splitlines(keepends=True)
    marked = whole[0].replace(json.loads(whole[0])["text"], "FROM THE PART FILE")
    (tmp_path / "ep.wav.jsonl").unlink()
    (tmp_path / "ep.wav.jsonl.part").write_text(marked + whole[1])
    resumed = run(["au-episode", *options, "ep.wav"], tmp_path, au_bin)
    assert resumed.returncode == 0 and "resuming ep.wav" in resumed.stderr
    assert (tmp_path / "ep.wav.jsonl").read_text().splitlines(keepends=True) == [marked, *whole[1:]]
    assert sorted(p.name for p in tmp_path.iterdir()) == [episode.name, "ep.wav.jsonl"]


@pytest.mark.slow
def test_episode_step_failure_leaves_no_transcript(tmp_path: Path, au_bin: Path) -> None:
    shutil.copy(DATA / "corrupt.mp3", tmp_path / "bad.mp3")
    result = run(["au-episode", "bad.mp3"], tmp_path, au_bin)
    assert result.returncode == 1 and result.stderr.splitlines()[-1].startswith("au-episode: error: transcribing")
    assert not (tmp_path / "bad.mp3.jsonl").exists()


# ---- merging, make, GNU parallel, Slurm -----------------------------------------------------------

NAMES = ["ep 1.wav", "EP2.OPUS", "ep3.WAV"]


@pytest.mark.slow
def test_make_counts_from_any_directory(tmp_path: Path, au_bin: Path) -> None:
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    podcast = tmp_path / "podcast"
    episodes(podcast, NAMES)
    words = "EPISODES='ep 1.wav' *.OPUS ep3.WAV"
    first = run(["make", "-s", "-C", str(ROOT), "-j2", "counts", words, "WORD=banana", f"AU_BIN={au_bin}/"],
                podcast, au_bin)
    assert first.returncode == 0, first.stderr
    assert first.stderr.count("transcribing") == 3
    table = (podcast / "counts.tsv").read_text().splitlines()
    rows = [line.split("\t") for line in table]
    assert [r[2] for r in rows[:3]] == NAMES and rows[3][1:] == ["banana"]
    assert int(rows[3][0]) == sum(int(r[0]) for r in rows[:3]) > 0
    second = run(["make", "-s", "-f", str(ROOT / "Makefile"), "counts", words, "WORD=banana tomato",
                  f"AU_BIN={au_bin}/", "COUNTS=by-episode.tsv"], podcast, au_bin)
    assert second.returncode == 0 and "transcribing" not in second.stderr
    assert [line.split("\t")[1] for line in (podcast / "by-episode.tsv").read_text().splitlines()] == \
        ["banana", "tomato"] * 4
    assert not list(ROOT.glob("*.tsv")) and not list(podcast.glob("*.part"))


@pytest.fixture(scope="module")
def transcribed(tmp_path_factory: pytest.TempPathFactory, au_bin: Path) -> Path:
    """The batch one episode after another: a folder with NAMES and their transcripts."""
    folder = tmp_path_factory.mktemp("serial")
    episodes(folder, NAMES)
    made = run(["au-episode", *NAMES], folder, au_bin)
    assert made.returncode == 0, made.stderr
    return folder


@pytest.fixture(scope="module")
def serial(transcribed: Path, au_bin: Path) -> dict[str, str]:
    """The merged outputs of the batch made one episode after another."""
    return merged(transcribed, au_bin)


def merged(folder: Path, au_bin: Path) -> dict[str, str]:
    outputs = {}
    for kind, options in {"counts": ["-f", "banana", "-w", "tomato"], "hits": ["-f", "banana", "--hits"],
                          "segments": ["--segments"]}.items():
        result = run(["au-merge", *options, *NAMES], folder, au_bin)
        assert result.returncode == 0, result.stderr
        outputs[kind] = result.stdout
    return outputs


@pytest.mark.slow
def test_merge_is_one_big_run(serial: dict[str, str], tmp_path: Path, au_bin: Path) -> None:
    folder = tmp_path / "big"
    episodes(folder, NAMES)
    pipeline = "au-split \"$@\" | au-stt | tee all.jsonl | wc-words -f banana -w tomato"
    big = run(["bash", "-o", "pipefail", "-c", pipeline, "-", *NAMES], folder, au_bin)
    assert big.returncode == 0, big.stderr
    assert serial["segments"] == (folder / "all.jsonl").read_text()
    totals = [line for line in serial["counts"].splitlines(keepends=True) if line.count("\t") == 1]
    assert "".join(totals) == big.stdout
    hits = [line.split("\t") for line in serial["hits"].splitlines()]
    assert [(h[0], float(h[1])) for h in hits] == sorted((h[0], float(h[1])) for h in hits) and len(hits) >= 3


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("parallel") is None, reason="GNU parallel is not installed")
def test_gnu_parallel_gives_the_serial_bytes_and_resumes(serial: dict[str, str], tmp_path: Path,
                                                         au_bin: Path) -> None:
    folder = tmp_path / "parallel"
    episodes(folder, NAMES)
    (folder / "list.txt").write_text("".join(f"{name}\n" for name in NAMES))
    (folder / "EP2.OPUS").rename(folder / "away")  # this episode fails, as if its job were killed
    first = run([str(ROOT / "bin" / "au-parallel"), "list.txt", "-S", "2/:"], folder, au_bin)
    assert first.returncode == 1
    done = {name: (folder / f"{name}.jsonl").stat().st_mtime_ns for name in ("ep 1.wav", "ep3.WAV")}
    (folder / "away").rename(folder / "EP2.OPUS")
    second = run([str(ROOT / "bin" / "au-parallel"), "list.txt", "-S", "2/:"], folder, au_bin)
    assert second.returncode == 0, second.stderr
    log = (folder / "list.txt.joblog").read_text().splitlines()[1:]
    assert len(log) == 4 and log[-1].split("\t")[-1].endswith("EP2.OPUS")  # only the failed one ran again
    assert {name: (folder / f"{name}.jsonl").stat().st_mtime_ns for name in done} == done
    assert merged(folder, au_bin) == serial


@pytest.mark.slow
def test_slurm_array_tasks_each_take_their_own_line(tmp_path: Path, au_bin: Path, transcribed: Path) -> None:
    script = str(ROOT / "bin" / "au-slurm")
    assert subprocess.run(["bash", "-n", script]).returncode == 0
    episodes(tmp_path, NAMES)
    for name in NAMES[:2]:  # already transcribed: the tasks' au-episode finds them current
        shutil.copy(transcribed / f"{name}.jsonl", tmp_path)
    (tmp_path / "list.txt").write_text("".join(f"{name}\n" for name in NAMES))
    for task, name in ((1, "ep 1.wav"), (2, "EP2.OPUS")):
        result = run(["bash", script, "list.txt"], tmp_path, au_bin, SLURM_ARRAY_TASK_ID=str(task))
        assert result.returncode == 0, result.stderr
        assert result.stdout == f"{name}.jsonl\n" and (tmp_path / f"{name}.jsonl").exists()
    assert not (tmp_path / "ep3.WAV.jsonl").exists()
    assert run(["bash", script, "list.txt"], tmp_path, au_bin, SLURM_ARRAY_TASK_ID="9").returncode == 2
    assert run(["bash", script, "list.txt"], tmp_path, au_bin).returncode == 2


def test_make_links_the_man_pages_where_man_finds_them_from_the_venv_s_bin(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    made = subprocess.run(["make", "-s", "-C", str(tmp_path), "-f", str(ROOT / "Makefile"), f"VENV={venv}",
                           "man-pages"], capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    pages = {p.name for p in (venv / "share" / "man" / "man1").iterdir()}
    assert {f"{p.stem}.1" for p in (ROOT / "man").glob("*.1")} == pages
    if shutil.which("man") is None:
        pytest.skip("no man here")
    env = {k: v for k, v in os.environ.items() if k != "MANPATH"}
    env["PATH"] = f"{venv / 'bin'}:/usr/bin:/bin"
    found = subprocess.run(["man", "-w", "au-stt"], capture_output=True, text=True, env=env)
    # man names the page by where its link points
    assert found.returncode == 0 and found.stdout.strip() == str((ROOT / "man" / "au-stt.1").resolve())
    env["PATH"] = "/usr/bin:/bin"
    assert subprocess.run(["man", "-w", "au-stt"], capture_output=True, env=env).returncode != 0  # found through the venv


@pytest.mark.slow
def test_bin_scripts_use_the_checkouts_venv(tmp_path: Path, au_bin: Path) -> None:
    """After `make run` the commands are in .venv/bin, not on PATH: the scripts find them there."""
    checkout = tmp_path / "checkout"
    (checkout / "bin").mkdir(parents=True)
    (checkout / ".venv").mkdir()
    (checkout / ".venv" / "bin").symlink_to(au_bin)
    shutil.copy(ROOT / "bin" / "au-transcript", checkout / "bin")
    shutil.copy(DATA / "talk-16k.wav", tmp_path / "ep.wav")
    bare = dict(os.environ, PATH="/usr/bin:/bin")
    result = subprocess.run([str(checkout / "bin" / "au-transcript"), "ep.wav"], cwd=tmp_path, env=bare,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("[00:00:00] ") and "tomato" in result.stdout


def test_merge_and_wc_words_name_a_transcript_file_the_same(tmp_path: Path) -> None:
    from audiowc.commands.au_merge import app as merge_app
    from audiowc.commands.wc_words import app as wc_app
    from conftest import call as run_in_process

    names = [str(tmp_path / "Other Tool.srt"), str(tmp_path / "Banana Talk (Example).ogg.SRT")]
    for name in names:
        shutil.copy(DATA / "transcripts" / "windows.srt", name)
    recordings = [str(tmp_path / "Other Tool"), str(tmp_path / "Banana Talk (Example).ogg")]
    counts = run_in_process(merge_app, "au-merge", ["-f", "banana", *names])
    assert counts.code == 0, counts.err
    assert [line.split("\t")[2] for line in counts.out.splitlines()[:2]] == recordings
    merged = run_in_process(merge_app, "au-merge", ["-f", "banana", "--hits", *names])
    counted = run_in_process(wc_app, "wc-words", ["-f", "banana", "--hits", *names])
    assert sorted({line.split("\t")[0] for line in merged.out.splitlines()}) == sorted(recordings)
    assert sorted(merged.out.splitlines()) == sorted(counted.out.splitlines())


def test_merge_counts_subtitles_and_whisper_output_with_wc_words_options(tmp_path: Path) -> None:
    from audiowc.commands.au_merge import app as merge_app
    from audiowc.commands.wc_words import app as wc_app
    from conftest import call as run_in_process

    names = []
    for name in ("windows.srt", "whisper.json"):
        shutil.copy(DATA / "transcripts" / name, tmp_path / name)
        names.append(str(tmp_path / name))
    expected = run_in_process(wc_app, "wc-words", ["-f", "banana", *names])
    merged_counts = run_in_process(merge_app, "au-merge", ["-f", "banana", *names])
    assert merged_counts.code == 0, merged_counts.err
    lines = merged_counts.out.splitlines()
    assert [line.split("\t")[2] for line in lines[:2]] == [str(tmp_path / "windows"), str(tmp_path / "whisper")]
    assert lines[2] + "\n" == expected.out  # the total is wc-words' own line
    loose = run_in_process(merge_app, "au-merge", ["-f", "banana", "--loose", "--hits", "--near", *names])
    assert loose.code == 0 and all(len(line.split("\t")) == 7 for line in loose.out.splitlines())
    assert run_in_process(merge_app, "au-merge", ["-w", "banana", "--loose", *names]).code == 2
    assert run_in_process(merge_app, "au-merge", ["-f", "banana", "--near", *names]).code == 2
    assert run_in_process(merge_app, "au-merge", ["--segments", *names]).code == 1


@pytest.mark.parametrize("option, remote", [(["-S", "2/:"], False), (["-S", "host1"], True), (["-Shost1"], True),
                                            (["--sshlogin=2/:,host1"], True), (["--sshlogin=:"], False),
                                            (["--sshloginfile=workers.txt"], True), (["--slf", "w.txt"], True)])
def test_au_parallel_sends_recordings_only_to_ssh_workers(option: list[str], remote: bool, tmp_path: Path) -> None:
    stub = tmp_path / "bin" / "parallel"
    stub.parent.mkdir()
    stub.write_text('#!/bin/sh\nprintf "%s\\n" "$@"\n')  # shows the arguments au-parallel gives parallel
    stub.chmod(0o755)
    (tmp_path / "list.txt").write_text("ep1.mp3\n")
    (tmp_path / "ep1.mp3.jsonl").touch()  # the stub runs nothing: au-parallel finds the transcript made already
    env = dict(os.environ, PATH=f"{stub.parent}:{os.environ['PATH']}")
    result = subprocess.run([str(ROOT / "bin" / "au-parallel"), "list.txt", *option], cwd=tmp_path, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert ("--transferfile" in result.stdout.split("\n")) == remote


SLOW = pytest.mark.slow  # each runs make, au-episode and wc-words: one stays in the fast loop


@pytest.mark.parametrize("folder, name", [("pod cast", "ep.wav"),
                                          pytest.param("ép's \"x\" dir", "ép's \"x\" ep.wav", marks=SLOW),
                                          pytest.param("$HOME `x` \\n", "`x` ep.wav", marks=SLOW)])
def test_make_c_counts_in_a_folder_whose_path_has_spaces_and_quotes(folder: str, name: str, tmp_path: Path,
                                                                   au_bin: Path) -> None:
    """The folder make is run from and the episodes' names hold spaces, quotes, non-ASCII letters
    and what a shell would expand; EPISODES is shell words, so the name is given quoted."""
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    podcast = tmp_path / folder
    podcast.mkdir()
    episodes(podcast, [name])
    segment = {"source": name, "chunk": 0, "start": 0.0, "end": 1.0, "text": "banana",
               "words": [{"word": "banana", "start": 0.0, "end": 1.0, "prob": 0.9}], "engine": "test"}
    (podcast / f"{name}.jsonl").write_text(json.dumps(segment) + "\n")  # newer than the recording: kept, not redone
    for how, where in (["-C", str(ROOT)], ROOT), (["-f", str(ROOT / "Makefile")], podcast):
        made = run(["make", "-s", *how, "counts", f"EPISODES={shlex.quote(name)}", "WORD=banana",
                    f"AU_BIN={au_bin}/"], podcast, au_bin, PWD=str(podcast))
        assert made.returncode == 0, made.stderr
        assert (podcast / "counts.tsv").read_text().splitlines() == [f"1\tbanana\t{name}", "1\tbanana"]
        assert made.stderr.endswith(f"counts: {podcast}/counts.tsv\n")
        (podcast / "counts.tsv").unlink()


def test_make_counts_takes_a_name_that_starts_with_a_dash(tmp_path: Path, au_bin: Path) -> None:
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    shutil.copy(DATA / "talk-16k.wav", tmp_path / "-leading-dash.wav")
    segment = {"source": "-leading-dash.wav", "start": 0.0, "end": 1.0, "text": "a banana",
               "words": [{"word": "a", "start": 0.0, "end": 0.2}, {"word": "banana", "start": 0.2, "end": 1.0}]}
    (tmp_path / "-leading-dash.wav.jsonl").write_text(json.dumps(segment) + "\n")  # newer: no model needed
    made = run(["make", "-s", "-f", str(ROOT / "Makefile"), "counts", "EPISODES=-leading-dash.wav", "WORD=banana",
                f"AU_BIN={au_bin}/"], tmp_path, au_bin)
    assert made.returncode == 0, made.stderr
    assert (tmp_path / "counts.tsv").read_text().splitlines() == ["1\tbanana\t-leading-dash.wav", "1\tbanana"]


@pytest.mark.slow
def test_two_make_counts_in_one_folder_queue(tmp_path: Path, au_bin: Path) -> None:
    """The second waits for the first, then reuses its transcript: both succeed, one counts.tsv."""
    if shutil.which("make") is None or shutil.which("flock") is None:
        pytest.skip("make or flock is not installed")
    episodes(tmp_path, ["ep.wav"])
    environment = dict(os.environ, PATH=f"{au_bin}:{os.environ['PATH']}", PWD=str(tmp_path))
    argv = ["make", "-s", "-f", str(ROOT / "Makefile"), "counts", "EPISODES=ep.wav", "WORD=banana", f"AU_BIN={au_bin}/"]
    runs = [subprocess.Popen(argv, cwd=tmp_path, env=environment, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    errors = [proc.communicate(timeout=600)[1] for proc in runs]
    assert [proc.returncode for proc in runs] == [0, 0], errors
    assert "waiting for it" in "".join(errors)
    assert (tmp_path / "counts.tsv").read_text().splitlines()[-1].endswith("\tbanana")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["counts.tsv", "ep.wav", "ep.wav.jsonl"]
