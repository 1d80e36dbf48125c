"""Exceptions the command runner turns into one-line errors and exit codes."""

from __future__ import annotations


class AudiowcError(Exception):
    """Bad data or a runtime failure: exit status 1."""

    exit_code = 1

    def __init__(self, message: str, where: str | None = None, line: int | None = None) -> None:
        self.message = message
        self.where = where
        self.line = line
        super().__init__(self.describe())

    def describe(self) -> str:
        """The message with its location, as `what happened (where: file, line N)`."""
        place = [p for p in (self.where, f"line {self.line}" if self.line else None) if p]
        return f"{self.message} (where: {', '.join(place)})" if place else self.message


class DataError(AudiowcError):
    """An input record or file that cannot be used."""


class UsageError(AudiowcError):
    """Options that do not fit together: exit status 2."""

    exit_code = 2


class NoInput(UsageError):
    """stdin is a terminal where a command would read its input: nothing was piped in and no file
    given. The runner adds where to read more (`see CMD --help`)."""
