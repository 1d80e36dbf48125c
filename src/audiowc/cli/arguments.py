"""What the counting commands read from their arguments: queries in the order given, and the checks
the counting options share (wc-words, au-merge)."""

from __future__ import annotations

from typing import Iterator

from ..errors import UsageError


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
