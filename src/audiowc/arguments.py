"""What several commands read from their arguments: lists of inputs, queries in the order given,
and the checks the counting options share (wc-words, au-merge)."""

from __future__ import annotations

import io
import sys
from typing import IO, Iterator

from .errors import NoInput, UsageError


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


def require_fuzzy(given: dict[str, bool], fuzzy: list[str]) -> None:
    """Options that refine --fuzzy queries (--phonetic, --loose...) are usage errors without one."""
    for flag, present in given.items():
        if present and not fuzzy:
            raise UsageError(f"{flag} applies to --fuzzy queries; give one")


QUERY_FLAGS = (("--word", False), ("-w", False), ("--fuzzy", True), ("-f", True))


def _flag_value(arg: str, rest: Iterator[str]) -> tuple[str, bool] | None:
    for flag, is_fuzzy in QUERY_FLAGS:
        if arg == flag:
            return next(rest, ""), is_fuzzy
        if flag.startswith("--") and arg.startswith(flag + "="):
            return arg[len(flag) + 1:], is_fuzzy
        if not flag.startswith("--") and arg.startswith(flag) and len(arg) > 2:
            return arg[2:], is_fuzzy
    return None


def given_order(argv: list[str] | None, words: list[str], fuzzies: list[str]) -> list[tuple[str, bool]]:
    """(query, fuzzy) in command-line order; click keeps --word and --fuzzy apart, so read argv
    again, and fall back to words first when the two readings disagree."""
    parsed = [(w, False) for w in words] + [(f, True) for f in fuzzies]
    found: list[tuple[str, bool]] = []
    rest = iter(argv or [])
    for arg in rest:
        if arg == "--":
            break
        value = _flag_value(arg, rest)
        if value is not None:
            found.append(value)
    return found if sorted(found) == sorted(parsed) else parsed


def inputs_or_stdin(files: list[str], files_from: str | None) -> list[str]:
    """What a filter reads: FILE... and --files-from's names; stdin only when neither is given (with
    --files-from an empty list is no input, not a wait on stdin)."""
    if files_from is None:
        return list(files) or ["-"]
    return list(listed_inputs(files, files_from))
