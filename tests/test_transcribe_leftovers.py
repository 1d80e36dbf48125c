"""au-stt stopped before reading its manifest removes the temporary chunks the waiting records name."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from audiowc.transcribe.leftovers import sweep_waiting_chunks, temporary_folders


def _chunk_folder(root: Path, name: str) -> Path:
    folder = root / name
    folder.mkdir()
    (folder / "ep.00000.wav").write_bytes(b"RIFF")
    return folder


def _record(folder: Path, temporary: bool = True) -> bytes:
    return json.dumps({"source": "ep.mp3", "index": 0, "path": str(folder / "ep.00000.wav"), "start": 0.0,
                       "end": 1.0, "temporary": temporary}).encode() + b"\n"


def test_the_waiting_records_temporary_folders_are_removed_and_nothing_else(tmp_path: Path) -> None:
    ours = _chunk_folder(tmp_path, "audiowc-chunks-abc")
    kept = _chunk_folder(tmp_path, "audiowc-chunks-kept")  # named by a record that is not temporary
    foreign = _chunk_folder(tmp_path, "my-chunks")  # temporary, but not a folder au-split makes
    read, write = os.pipe()
    os.write(write, _record(ours) + _record(kept, temporary=False) + _record(foreign) + b'{"cut off')
    os.close(write)
    sweep_waiting_chunks(read)
    os.close(read)
    assert not ours.exists() and kept.exists() and foreign.exists()


def test_a_pipe_still_open_is_read_without_waiting(tmp_path: Path) -> None:
    ours = _chunk_folder(tmp_path, "audiowc-chunks-open")
    read, write = os.pipe()
    os.write(write, _record(ours))
    started = time.monotonic()
    sweep_waiting_chunks(read)  # the writer is still there: it must not wait for its end
    assert time.monotonic() - started < 1 and not ours.exists()
    os.close(read)
    os.close(write)


def test_records_that_are_not_a_manifest_name_no_folder() -> None:
    assert temporary_folders(b"banana\t1\n[1, 2]\n{\"temporary\": true}\n") == set()


def test_ctrl_c_while_au_stt_starts_removes_the_chunks_au_split_left_it(tmp_path: Path) -> None:
    """au-split has finished; au-stt, still importing, is stopped before it reads a line. The signal
    is sent once the start-up handler is in place, as it is for the rest of the imports."""
    ours = _chunk_folder(tmp_path, "audiowc-chunks-left")
    starting = ("import os, signal, sys; sys.argv[0] = 'au-stt'; import audiowc.commands; "
                "os.kill(os.getpid(), signal.SIGINT); import time; time.sleep(30)")
    proc = subprocess.run([sys.executable, "-c", starting], input=_record(ours), capture_output=True, timeout=60)
    assert (proc.returncode, proc.stderr) == (130, b"")
    assert not ours.exists()


def test_other_commands_leave_their_stdin_alone_on_ctrl_c(tmp_path: Path) -> None:
    ours = _chunk_folder(tmp_path, "audiowc-chunks-theirs")
    starting = ("import os, signal, sys; sys.argv[0] = 'tok'; import audiowc.commands; "
                "os.kill(os.getpid(), signal.SIGINT); import time; time.sleep(30)")
    proc = subprocess.run([sys.executable, "-c", starting], input=_record(ours), capture_output=True, timeout=60)
    assert proc.returncode == 130 and ours.exists()
