"""Audio that can be read only once (stdin, a pipe) spooled to a file a decoder can seek in."""

from __future__ import annotations

import os
import shutil
import stat
import tempfile

from ..cli.inputs import stdin_bytes


def is_stream(path: str) -> bool:
    """A FIFO, a character device or /dev/fd/N of a pipe: it can be read once, not sought."""
    try:
        return not stat.S_ISREG(os.stat(path).st_mode) and not os.path.isdir(path)
    except OSError:
        return False


def spool(source: str, directory: str | None = None) -> str:
    """Copy audio from stdin ('-') or a pipe to a temporary file (decoders need to seek); the caller
    deletes it. Interrupted, it leaves nothing behind."""
    fd, name = tempfile.mkstemp(prefix="au-split-stdin-", dir=directory)
    try:
        with os.fdopen(fd, "wb") as out:
            if source == "-":
                shutil.copyfileobj(stdin_bytes("pipe audio in, or give FILE"), out, 1 << 20)
            else:
                with open(source, "rb") as stream:
                    shutil.copyfileobj(stream, out, 1 << 20)
    except BaseException:  # Ctrl-C, a full disk: no spool file left behind
        os.unlink(name)
        raise
    return name
