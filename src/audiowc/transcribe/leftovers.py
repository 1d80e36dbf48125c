"""Temporary chunks au-stt never got to read. When au-stt stops before reading its manifest (Ctrl-C
while it starts up), au-split may already have finished and left its chunks to au-stt: the records
waiting in the pipe are the only place their folder is named. This module reads what is waiting,
without blocking, and removes those folders. It imports only os, shutil, stat and json, so the start-up signal
handler can use it before anything heavy has loaded."""

from __future__ import annotations

import json
import os
import shutil
import stat

PREFIX = b"audiowc-chunks-"  # au-split's temporary folders; nothing else is ever removed
MOST_WAITING = 16 << 20  # bytes read from the pipe at most: a manifest line is ~250 bytes


def waiting_bytes(fd: int) -> bytes:
    """What the pipe on fd holds now, without waiting for more (empty for a terminal or a file)."""
    try:
        if not _is_pipe(fd):
            return b""
        os.set_blocking(fd, False)
    except OSError:
        return b""
    pieces, size = [], 0
    while size < MOST_WAITING:
        try:
            piece = os.read(fd, 1 << 16)
        except (BlockingIOError, InterruptedError, OSError):
            break
        if not piece:
            break
        pieces.append(piece)
        size += len(piece)
    return b"".join(pieces)


def _is_pipe(fd: int) -> bool:
    mode = os.fstat(fd).st_mode
    return stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)


def temporary_folders(manifest: bytes) -> set[bytes]:
    """The au-split temporary folders named by the chunk records in these manifest lines."""
    folders = set()
    for line in manifest.splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue  # a line cut where the pipe's contents ended, or not a manifest at all
        if not isinstance(record, dict) or record.get("temporary") is not True:
            continue
        path = record.get("path")
        if isinstance(path, str):
            folder = os.path.dirname(os.fsencode(path))
            if os.path.basename(folder).startswith(PREFIX):
                folders.add(folder)
    return folders


def sweep_waiting_chunks(fd: int = 0) -> None:
    """Remove the temporary chunk folders named by the manifest records waiting on fd."""
    for folder in temporary_folders(waiting_bytes(fd)):
        shutil.rmtree(folder, ignore_errors=True)
