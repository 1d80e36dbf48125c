"""Where a command's inputs come from: named files, a list of them, or stdin (never a terminal)."""

from __future__ import annotations

import io
import sys
from contextlib import contextmanager
from typing import IO, Iterator, Sequence

from ..errors import DataError, NoInput, UsageError


def stdin_bytes(expects: str) -> IO[bytes]:
    """stdin, where a command reads its input; a terminal there is a usage error, not a silent wait
    for typing. expects: what to do instead ("give FILE or pipe text in")."""
    if sys.stdin is None:
        raise NoInput(f"no input: {expects}")
    try:
        terminal = sys.stdin.isatty()
    except ValueError:  # closed
        terminal = False
    if terminal:
        raise NoInput(f"no input: {expects}")
    return sys.stdin.buffer


def listed_inputs(files: list[str], files_from: str | None) -> Iterator[str]:
    """The names given as arguments, after those read from --files-from (one a line; '-': stdin)."""
    if files_from is not None:
        if files_from == "-" and "-" in files:
            raise UsageError("stdin can hold the list of files or audio, not both")
        # surrogateescape: a name need not be UTF-8, and must come through byte for byte
        stream = (io.TextIOWrapper(stdin_bytes("pipe the list of files in, one a line"), encoding="utf-8",
                                   errors="surrogateescape")
                  if files_from == "-" else open(files_from, encoding="utf-8", errors="surrogateescape"))
        with stream:
            yield from (line.rstrip("\n") for line in stream if line.strip())
    yield from files


@contextmanager
def open_input(path: str, expects: str = "text") -> Iterator[IO[bytes]]:
    """A binary stream for a path, '-' meaning stdin (a usage error on a terminal: expects says
    what to pipe in)."""
    if path == "-":
        yield stdin_bytes(f"give FILE or pipe {expects} in")
        return
    try:
        handle = open(path, "rb")
    except IsADirectoryError:
        raise DataError("is a directory", path) from None
    except OSError as exc:
        raise DataError(exc.strerror or "cannot open", path) from None
    with handle:
        yield handle


def input_names(paths: Sequence[str]) -> list[str]:
    """The inputs to read: stdin when none is given."""
    return list(paths) or ["-"]


def inputs_or_stdin(files: list[str], files_from: str | None) -> list[str]:
    """What a filter reads: FILE... and --files-from's names; stdin only when neither is given (with
    --files-from an empty list is no input, not a wait on stdin)."""
    if files_from is None:
        return list(files) or ["-"]
    return list(listed_inputs(files, files_from))
