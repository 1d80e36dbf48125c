"""Times and TSV fields: how a time or a text is written into a record or a column, and read back."""

from __future__ import annotations

import math
import re
from functools import lru_cache


def seconds(value: float) -> float:
    """Times travel as float seconds with 3 decimals (millisecond precision)."""
    return round(float(value), 3)


def clock(value: float, marks: tuple[str, str, str] = (":", ":", "")) -> str:
    """Seconds as hh:mm:ss.mmm, the way media players show a position; other marks after the hours,
    minutes and seconds make a name for a file (("h", "m", "s"): 00h01m02.500s)."""
    millis = round(value * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours:02d}{marks[0]}{minutes:02d}{marks[1]}{rest // 1000:02d}.{rest % 1000:03d}{marks[2]}"


# A time as clock() writes it, and as subtitles do: hours optional (WebVTT's mm:ss.mmm), the
# fraction optional and after "." or "," (SRT's 00:01:02,500).
CLOCK_TIME = r"(?:\d+:)?\d{1,2}:\d{1,2}(?:[,.]\d+)?"
_CLOCK_TIME = re.compile(CLOCK_TIME)


def parse_clock(text: str) -> float:
    """Seconds from a CLOCK_TIME ('01:02:03,450', '02:03.45', '1:02:03'); the fraction is a decimal one."""
    clock_part, _, fraction = text.replace(",", ".").partition(".")
    total = 0.0
    for part in clock_part.split(":"):
        total = total * 60 + int(part)
    return total + (float(f"0.{fraction}") if fraction else 0.0)


def parse_time(text: str) -> float:
    """Seconds from a time column: seconds ('12.345') or a CLOCK_TIME; ValueError otherwise."""
    if _CLOCK_TIME.fullmatch(text):
        return parse_clock(text)
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(text)
    return value


# A kind column (wc-words' hit lines and variant rows) marks a candidate shown but not counted
# (wc-words --near) with kinds starting so: uncounted-word, uncounted-near, uncounted-phrase.
UNCOUNTED_PREFIX = "uncounted"

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
