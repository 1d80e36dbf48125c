"""bin/au-parallel with a real SSH worker: an sshd of the test's own on 127.0.0.1, reached with keys made
here, so that GNU parallel sends each recording over, runs au-episode there, brings the transcript back
and cleans up, as with a machine elsewhere. Skipped where sshd, ssh, GNU parallel or rsync is missing."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Iterator

import pytest

from conftest import DATA

ROOT = Path(__file__).resolve().parent.parent
CLIP = DATA / "speech" / "ps_cards005.flac"  # 3.5 s: "eight of spades four of clubs seven of hearts"
# names a shell or rsync could get wrong on the way there and back
NAMES = ["ep 1.flac", "it's \"x\" é.flac"]


def sshd_path() -> str | None:
    """sshd lives in sbin, which is not on every user's PATH."""
    return shutil.which("sshd") or next((p for p in ("/usr/sbin/sshd", "/usr/local/sbin/sshd") if Path(p).exists()),
                                        None)


def missing_tool() -> str | None:
    for tool in ("ssh", "ssh-keygen", "parallel", "rsync"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed"
    return None if sshd_path() else "sshd is not installed (openssh-server)"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def keygen(path: Path) -> None:
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(path)], check=True)


@pytest.fixture
def ssh_login(tmp_path: Path) -> Iterator[str]:
    """An sshd on a free port of 127.0.0.1 that lets this user in with a key of the test's own; yields
    the ssh command line that reaches it (a GNU parallel sshlogin)."""
    why = missing_tool()
    if why:
        pytest.skip(why)
    keys = tmp_path / "ssh"
    keys.mkdir()
    keygen(keys / "host_key")
    keygen(keys / "client_key")
    shutil.copy(keys / "client_key.pub", keys / "authorized_keys")
    port = free_port()
    config = keys / "sshd_config"
    config.write_text(f"Port {port}\nListenAddress 127.0.0.1\nHostKey {keys / 'host_key'}\n"
                      f"AuthorizedKeysFile {keys / 'authorized_keys'}\nPidFile {keys / 'sshd.pid'}\n"
                      "StrictModes no\nUsePAM no\nPasswordAuthentication no\nKbdInteractiveAuthentication no\n")
    sshd = sshd_path()
    assert sshd is not None
    checked = subprocess.run([sshd, "-t", "-f", str(config)], capture_output=True, text=True)
    if checked.returncode != 0:  # e.g. root's sshd needs /run/sshd, made when the service is started
        pytest.skip(f"sshd cannot run here: {checked.stderr.strip()}")
    server = subprocess.Popen([sshd, "-D", "-f", str(config), "-E", str(keys / "sshd.log")])
    login = shlex.join(["ssh", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                        "-o", "BatchMode=yes", "-o", "LogLevel=ERROR", "-i", str(keys / "client_key"),
                        "-p", str(port), "127.0.0.1"])
    try:
        deadline = time.monotonic() + 20
        while subprocess.run([*shlex.split(login), "true"], capture_output=True).returncode != 0:
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.skip(f"sshd did not let the test in: {(keys / 'sshd.log').read_text()[-300:]}")
            time.sleep(0.2)
        yield login
    finally:
        server.terminate()
        server.wait(timeout=10)


def worker_bin(tmp_path: Path) -> Path:
    """au-episode for the worker: an SSH login does not carry this test's environment, so the script
    itself names the Python and this checkout's package, and notes the folder it ran in."""
    folder = tmp_path / "worker-bin"
    folder.mkdir()
    script = folder / "au-episode"
    path = os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")]))
    script.write_text(f"#!/bin/sh\npwd >> {shlex.quote(str(tmp_path / 'ran-in'))}\n"
                      f"PYTHONPATH={shlex.quote(path)} exec {shlex.quote(sys.executable)} "
                      "-m audiowc.commands.au_episode \"$@\"\n")
    script.chmod(0o755)
    return folder


def au_parallel(folder: Path, workdir: Path, au_bin: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, AU_BIN=f"{au_bin}/")
    return subprocess.run([str(ROOT / "bin" / "au-parallel"), "list.txt", "--sshloginfile", "workers.txt",
                           "--workdir", str(workdir)], cwd=folder, env=env, capture_output=True, text=True,
                          timeout=600)


def jobs(folder: Path) -> list[list[str]]:
    return [line.split("\t") for line in (folder / "list.txt.joblog").read_text().splitlines()[1:]]


@pytest.mark.slow
def test_au_parallel_over_ssh_sends_runs_returns_and_cleans_up(ssh_login: str, tmp_path: Path) -> None:
    podcast = tmp_path / "pod cast"
    podcast.mkdir()
    for name in NAMES:
        shutil.copy(CLIP, podcast / name)
    (podcast / "list.txt").write_text("".join(f"{name}\n" for name in NAMES))
    (podcast / "workers.txt").write_text(f"2/{ssh_login}\n")
    workdir, au_bin = tmp_path / "worker", worker_bin(tmp_path)

    first = au_parallel(podcast, workdir, au_bin)
    assert first.returncode == 0, first.stderr
    assert set((tmp_path / "ran-in").read_text().splitlines()) == {str(workdir)}  # there, not here
    for name in NAMES:  # brought back, each the transcript of its own recording
        segments = [json.loads(line) for line in (podcast / f"{name}.jsonl").read_text().splitlines()]
        assert {s["source"] for s in segments} == {name} and "spades" in " ".join(s["text"] for s in segments)
    assert all(job[1] == ssh_login and job[6] == "0" for job in jobs(podcast)) and len(jobs(podcast)) == 2
    assert not workdir.exists() or not any(workdir.rglob("*"))  # the recordings and transcripts removed there

    # a transcript lost on the way back (as a failed rsync leaves it): the next run redoes that one alone
    (podcast / f"{NAMES[1]}.jsonl").unlink()
    again = au_parallel(podcast, workdir, au_bin)
    assert again.returncode == 0, again.stderr
    assert [job[0] for job in jobs(podcast)] == ["1", "2"]  # the second episode's job, logged anew
    assert (podcast / f"{NAMES[1]}.jsonl").exists()
    assert len((tmp_path / "ran-in").read_text().splitlines()) == 3

