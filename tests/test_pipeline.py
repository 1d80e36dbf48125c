"""End to end: the four commands through real pipes, the example, Makefile batches and bin/."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import BIN, DATA, command, shell

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "examples" / "banana-talk.ogg"
STAGES = ["au-split --out-dir {tmp} {audio}", "au-stt", "tok", "wc-words"]


def expected_counts() -> dict[str, tuple[int, int]]:
    lines = (ROOT / "examples" / "banana-talk.counts.tsv").read_text().splitlines()[1:]
    return {word: (int(said), int(heard)) for said, heard, word in (line.split("\t") for line in lines)}


def pipeline(stages: list[str], tmp: Path, audio: Path) -> str:
    return " | ".join(stage.format(tmp=tmp, audio=audio) for stage in stages)


@pytest.mark.slow
def test_example_count(tmp_path: Path) -> None:
    said, heard = expected_counts()["banana"]
    result = shell(pipeline(STAGES, tmp_path, EXAMPLE) + " --fuzzy banana")
    assert result.returncode == 0 and result.stderr == b""
    count, word = result.stdout.decode().strip().split("\t")
    assert word == "banana"
    assert int(count) == heard, "the embedded model's transcript of the example changed"
    assert said - 3 <= int(count) <= said


@pytest.mark.slow
@pytest.mark.parametrize("stage", range(4))
def test_head_at_every_stage_is_quiet(stage: int, tmp_path: Path) -> None:
    stages = STAGES[: stage + 1]
    result = shell(pipeline(stages, tmp_path, DATA / "talk-16k.wav") + " | head -1")
    assert result.returncode == 0 and result.stderr == b""
    assert result.stdout.count(b"\n") == 1


@pytest.mark.slow
@pytest.mark.parametrize("broken,stage_name", [
    ("au-split --out-dir {tmp} " + str(DATA / "corrupt.mp3"), "au-split"),
    ("echo not-a-manifest", "au-stt"),
    ("printf '{{\"source\": \"a\", \"chunk\": 0, \"start\": 0, \"end\": 1, \"text\": \"hi\"}}\\n"
     "{{oops\\n' | tok", "tok"),
    ("printf 'a\\t1\\t2\\tx\\nb\\tnope\\t2\\tx\\n' | wc-words", "wc-words"),
])
def test_bad_input_at_each_stage_fails_the_pipeline(broken: str, stage_name: str, tmp_path: Path) -> None:
    rest = {"au-split": ["au-stt", "tok", "wc-words"], "au-stt": ["au-stt", "tok", "wc-words"],
            "tok": ["wc-words"], "wc-words": []}[stage_name]
    result = shell(" | ".join([broken.format(tmp=tmp_path)] + rest))
    assert result.returncode != 0
    errors = result.stderr.decode().splitlines()
    assert len(errors) == 1 and errors[0].startswith(f"{stage_name}: error: ")


def run_bin(au_bin: Path, name: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PATH=f"{au_bin}:{BIN}:{os.environ['PATH']}")
    return subprocess.run([str(ROOT / "bin" / name), *args], capture_output=True, text=True, env=env)


@pytest.mark.parametrize("name", ["au-transcript"])
def test_bin_scripts_have_usage(name: str, au_bin: Path) -> None:
    result = run_bin(au_bin, name, "-h")
    assert result.returncode == 0 and result.stdout.startswith(f"Usage: {name} FILE")
    assert run_bin(au_bin, name).returncode == 2
    missing = run_bin(au_bin, name, "/nonexistent.mp3", "x")
    assert missing.returncode in (1, 2) and missing.stderr.count("\n") >= 1


@pytest.mark.slow
def test_au_count_and_au_transcript(tmp_path: Path, au_bin: Path) -> None:
    audio = tmp_path / "ep.wav"
    shutil.copy(DATA / "talk-16k.wav", audio)
    counted = subprocess.run([*command("au-count"), "-w", "tomato", "-w", "zebra", str(audio)], capture_output=True,
                             text=True)
    assert counted.returncode == 0, counted.stderr
    lines = counted.stdout.splitlines()
    assert lines[1] == "0\tzebra" and lines[0].endswith("\ttomato") and int(lines[0].split("\t")[0]) >= 1
    assert (tmp_path / "ep.wav.jsonl").exists()
    hits = subprocess.run([*command("au-count"), "-w", "tomato", "--hits", str(audio)], capture_output=True, text=True)
    assert len(hits.stdout.splitlines()) == int(lines[0].split("\t")[0])
    assert all(h.split("\t")[4] == "tomato" and h.split("\t")[7] in ("heard", "confirmed", "unsure")
               for h in hits.stdout.splitlines())
    transcript = run_bin(au_bin, "au-transcript", str(audio))
    assert transcript.returncode == 0
    assert transcript.stdout.startswith("[00:00:00] ") and "tomato" in transcript.stdout


@pytest.mark.slow
def test_names_of_any_bytes_survive_every_stream(tmp_path: Path) -> None:
    """A tab, a newline and a byte that is not UTF-8 in recordings' names: TSV escapes them, JSON keeps them."""
    names = [b"ep\t1\n.wav", b"caf\xe9.wav"]
    for name in names:
        Path(os.fsdecode(os.fsencode(tmp_path) + b"/" + name)).write_bytes((DATA / "talk-16k.wav").read_bytes())
    result = subprocess.run(
        f"set -o pipefail; cd {tmp_path} && {BIN}/au-split -o chunks ep* caf* | {BIN}/au-stt | tee t.jsonl "
        f"| {BIN}/tok | {BIN}/wc-words -w banana --hits", shell=True, executable="/bin/bash", capture_output=True)
    assert result.returncode == 0 and result.stderr == b""
    hits = result.stdout.decode().splitlines()
    assert sorted(line.split("\t")[0] for line in hits) == ["caf\\xe9.wav", "ep\\t1\\n.wav"]
    sources = {json.loads(line)["source"] for line in (tmp_path / "t.jsonl").read_text().splitlines()}
    assert {os.fsencode(s) for s in sources} == set(names)


@pytest.mark.parametrize("argv,expects", [
    (["tok"], "give FILE or pipe text or a transcript in"),
    (["tok", "-"], "give FILE or pipe text or a transcript in"),
    (["wc-words", "--fuzzy", "banana"], "give FILE or pipe text in"),
    (["au-format"], "give FILE or pipe a transcript in"),
    (["au-verify"], "give FILE or pipe wc-words --hits lines in"),
    (["au-clip"], "give FILE or pipe wc-words --hits lines in"),
    (["au-stt"], "pipe au-split's chunk manifest in, or give audio files"),
    (["au-split", "-"], "pipe audio in, or give FILE"),
    (["au-merge", "--files-from", "-"], "pipe the list of files in, one a line"),
])
def test_terminal_on_stdin_is_a_usage_error(argv: list[str], expects: str, tmp_path: Path) -> None:
    """With nothing piped in and no file given, a command says what it expects instead of waiting
    for typing on the terminal."""
    master, slave = os.openpty()
    try:
        result = subprocess.run(command(argv[0]) + argv[1:], stdin=slave, capture_output=True, text=True,
                                cwd=tmp_path, timeout=60)
    finally:
        os.close(master)
        os.close(slave)
    name = argv[0]
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == f"{name}: error: no input: {expects} (see {name} --help)\n"


@pytest.mark.parametrize("name", ["au-parallel", "au-slurm", "au-transcript"])
def test_bin_scripts_have_a_version(name: str, au_bin: Path) -> None:
    from audiowc import __version__

    result = run_bin(au_bin, name, "--version")
    assert (result.returncode, result.stdout, result.stderr) == (0, f"{name} {__version__}\n", "")
    assert "--version" in run_bin(au_bin, name, "--help").stdout


@pytest.mark.parametrize("name", ["au-stt", "tok", "au-format", "wc-words", "au-verify", "au-clip"])
def test_help_examples_name_transcripts_as_the_readme_does(name: str) -> None:
    """A transcript of ep.mp3 is ep.mp3.jsonl (au-episode's name; the README calls ep.jsonl unused)."""
    text = subprocess.run([*command(name), "--help"], capture_output=True, text=True, check=True).stdout
    page = (ROOT / "man" / f"{name}.1").read_text().replace("\\-", "-")
    for where in (text, page, (ROOT / "man" / "audiowc.7").read_text()):
        assert "au-stt > ep.jsonl" not in where.replace("\\-", "-") and " ep.jsonl |" not in where


def test_au_verify_summary_example_is_what_it_prints() -> None:
    from collections import Counter

    from audiowc.commands.au_verify import HELP, _summary

    tally = Counter({("banana", "confirmed"): 7, ("banana", "unsure"): 1, ("banana", "rejected"): 2})
    assert f"# {_summary(tally, ['banana']).strip()}" in HELP
