"""Where outputs go: a file written whole under a temporary name beside it, or not at all."""

from __future__ import annotations

import os
import secrets
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def written_whole(path: str | os.PathLike[str]) -> Iterator[str]:
    """A temporary name beside `path` (same folder, so the rename is atomic) to write to: renamed to
    `path` when the block ends, removed when it raises. A reader never sees a half-written file, and
    an interrupted run leaves none.

    The name is short (the file's own may be as long as a name can be) and made new here, with the
    mode any new file gets (not the 0600 of mkstemp's)."""
    folder = os.path.dirname(os.fspath(path))
    while True:
        part = os.path.join(folder, f".{secrets.token_hex(8)}.part")
        try:
            os.close(os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
            break
        except FileExistsError:
            continue
    try:
        yield part
        os.replace(part, path)
    finally:
        if os.path.lexists(part):
            os.unlink(part)
