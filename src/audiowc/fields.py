"""Times and TSV fields: how a time or a text is written into a record or a column, and read back."""

from __future__ import annotations

import re
from functools import lru_cache


def seconds(value: float) -> float:
    """Times travel as float seconds with 3 decimals (millisecond precision)."""
    return round(float(value), 3)


def clock(value: float) -> str:
    """Seconds as hh:mm:ss.mmm, the way media players show a position."""
    millis = round(value * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours:02d}:{minutes:02d}:{rest // 1000:02d}.{rest % 1000:03d}"


_TSV_SPECIAL = re.compile("[\\\\\t\n\r\0\udc80-\udcff]")
_TSV_ESCAPED = re.compile(r"\\(\\|t|n|r|0|x[0-9a-f]{2})")
# NUL too: a raw NUL makes the stream binary to the next reader (and to grep)
_TSV_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r", "\0": "\\0"}
_TSV_UNESCAPES = {"\\": "\\", "t": "\t", "n": "\n", "r": "\r", "0": "\0"}


@lru_cache(maxsize=4096)
def tsv_field(text: str) -> str:
    """Text fit for one TSV column: backslash, tab, newline, CR and NUL as \\\\, \\t, \\n, \\r, \\0, and a byte
    that is not UTF-8 (a surrogate escape) as \\xNN. tsv_text undoes it."""
    return _TSV_SPECIAL.sub(lambda m: _TSV_ESCAPES.get(m[0]) or f"\\x{ord(m[0]) - 0xDC00:02x}", text)


@lru_cache(maxsize=4096)
def tsv_text(field: str) -> str:
    """The text a tsv_field column holds."""
    return _TSV_ESCAPED.sub(lambda m: _TSV_UNESCAPES.get(m[1]) or chr(0xDC00 + int(m[1][1:], 16)), field)
