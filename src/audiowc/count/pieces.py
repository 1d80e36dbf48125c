"""Plain text counted as whitespace pieces, at C speed; the pieces become tokens once, at the end.

Separators are turned into spaces first (ASCII_SEPARATORS), so nearly every piece is already one
normalised token. A block of pure ASCII is lower-cased and spaced by one bytes.translate, and needs
no UTF-8 check; other blocks are decoded, normalised and spaced as text.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from itertools import islice, repeat
from operator import add
from typing import Hashable, TypeVar

from ..text.tokenise import ASCII_SEPARATORS, ascii_spacing, normalise

Key = TypeVar("Key", bound=Hashable)
SLICE_CHARS = 1 << 14


def add_counts(into: Counter[Key], more: Mapping[Key, int]) -> None:
    """into += more, at C speed (Counter.update adds in a Python loop once into has keys)."""
    if not into:
        dict.update(into, more)
        return
    keys = more.keys()
    dict.update(into, zip(keys, map(add, map(into.get, keys, repeat(0)), more.values())))


class PieceCounts:
    """How often each whitespace piece of plain text came."""

    def __init__(self, keep_case: bool, slice_chars: int = SLICE_CHARS) -> None:
        self.keep_case = keep_case
        self.slice_chars = slice_chars
        self.table: Counter[str] = Counter()

    def spaced(self, block: bytes | str) -> str:
        """The block normalised, its ASCII separators made spaces."""
        if isinstance(block, bytes):  # ASCII: lower-cased and spaced by one translate, and no need to decode
            return block.translate(_SPACING[self.keep_case]).decode("ascii")
        return normalise(block, self.keep_case).translate(ASCII_SEPARATORS)

    def count(self, block: bytes | str) -> None:
        self._count_spaced(self.spaced(block))

    def add(self, block: bytes | str) -> tuple[str, list[str]]:
        """Count a block's pieces; give its spaced text and the pieces it brought that none before did."""
        text = self.spaced(block)
        known = len(self.table)
        self._count_spaced(text)
        return text, list(islice(self.table, known, None))  # a dict keeps keys in order of coming: new ones last

    def _count_spaced(self, text: str) -> None:
        """Count the pieces a slice at a time, cut at a space: a slice's pieces are counted while they
        are still in the processor's cache (a whole block's are not: about 1.3x slower)."""
        table, size, start = self.table, len(text), 0
        while start < size:
            end = text.find(" ", start + self.slice_chars)
            if end < 0:
                end = size
            table.update(text[start:end].split())
            start = end

    def merge(self, other: "PieceCounts") -> None:
        add_counts(self.table, other.table)


_SPACING = {keep_case: ascii_spacing(keep_case) for keep_case in (False, True)}
