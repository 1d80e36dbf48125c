"""Progress bars appear on a terminal's stderr, and only there."""

import fcntl
import os
import pty
import struct
import subprocess
import termios
from pathlib import Path

import pytest

from audiowc.cli.progress import AudioProgress, ChunkProgress, shared_terminal
from conftest import DATA, script


def stderr_on_terminal(args: list[str], stdin: bytes = b"", makeflags: str = "") -> tuple[int, str]:
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    env = dict(os.environ, MAKEFLAGS=makeflags)  # not the flags of a make that runs the tests
    proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=slave, env=env)
    os.close(slave)
    assert proc.stdin is not None
    proc.stdin.write(stdin)
    proc.stdin.close()
    seen = b""
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        seen += data
    os.close(master)
    return proc.wait(), seen.decode(errors="replace")


def test_au_split_shows_audio_seconds(tmp_path: Path) -> None:
    code, err = stderr_on_terminal([script("au-split"), "-o", str(tmp_path), str(DATA / "talk-44k-stereo.flac")])
    assert code == 0 and "0/10 s audio" in err


@pytest.mark.parametrize("makeflags, shared", [("", False), (" -j2 --jobserver-auth=3,4", True), (" -j", True),
                                                ("-j1", False), ("s -k", False), ("--jobserver-fds=3,4", True)])
def test_a_parallel_make_is_a_terminal_shared_with_other_jobs(makeflags: str, shared: bool) -> None:
    assert shared_terminal(makeflags) is shared


def test_under_make_j_progress_comes_as_whole_lines_that_name_the_recording(tmp_path: Path) -> None:
    """Two episodes under make -j2 drew on one line; each progress line is now a line of its own."""
    code, err = stderr_on_terminal([script("au-split"), "-o", str(tmp_path), str(DATA / "talk-44k-stereo.flac")],
                                   makeflags=" -j2 --jobserver-auth=3,4")
    lines = err.replace("\r\n", "\n").splitlines()  # the terminal turns each newline into CR LF
    assert code == 0 and lines and "\r" not in err.replace("\r\n", "")
    assert all(line.startswith("au-split talk-44k-stereo.flac: ") and "s audio" in line for line in lines)


@pytest.mark.slow
def test_au_stt_shows_real_time_factor(tmp_path: Path) -> None:
    manifest = subprocess.run([script("au-split"), "-o", str(tmp_path), str(DATA / "talk-16k.wav")],
                              capture_output=True, check=True).stdout
    code, err = stderr_on_terminal([script("au-stt")], manifest)
    assert code == 0 and "rtf=" in err and "s audio" in err


@pytest.mark.slow
def test_au_stt_knows_the_total_and_the_time_left_from_the_manifest(tmp_path: Path) -> None:
    manifest = subprocess.run([script("au-split"), "-o", str(tmp_path), str(DATA / "talk-16k.wav")],
                              capture_output=True, check=True).stdout
    assert b"\"source_duration\": 9.7" in manifest.splitlines()[0]
    code, err = stderr_on_terminal([script("au-stt")], manifest)
    assert code == 0 and "/10 s audio" in err and "<" in err.split("/10 s audio")[-1]  # 9.7 s; elapsed<remaining
    assert "Warning" not in err and "<-" not in err  # the count never passes the total


@pytest.mark.slow
def test_au_stt_names_the_recording_and_puts_warnings_on_lines_of_their_own(tmp_path: Path) -> None:
    manifest = subprocess.run([script("au-split"), "--max-len", "6", "--min-len", "1", "-o", str(tmp_path),
                               str(DATA / "talk-16k.wav")], capture_output=True, check=True).stdout.splitlines()
    assert len(manifest) >= 3
    missing = manifest[1].replace(b'"path": "', b'"path": "' + str(tmp_path / "gone").encode())
    code, err = stderr_on_terminal([script("au-stt"), "--skip-bad"], b"\n".join([manifest[0], missing, *manifest[2:]]))
    assert code == 0 and "au-stt talk-16k.wav:" in err
    warning = err.index("au-stt: warning: skipped")
    assert err[warning - 1] in "\r\n" and "s audio" in err[:warning]  # the bar was drawn, then cleared


def test_au_stt_progress_counts_the_chunks_in_flight_and_never_goes_back() -> None:
    progress = ChunkProgress(AudioProgress("au-stt", 20.0, enabled=False))
    progress.reading_at(1, 3.0, 5.0)
    progress.reading_at(2, 7.0, 5.0)  # past its chunk's end (a word stamped late): counts to the end
    assert progress.bar.done == 8.0
    progress.finish(1, 5.0)
    progress.reading_at(2, 4.0, 5.0)  # an earlier point reported late: no step back
    assert progress.bar.done == 10.0
    progress.finish(2, 5.0)
    assert progress.bar.done == 10.0
