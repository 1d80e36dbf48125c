"""Does a file hold all the audio its header promises? Checks that turn a cut-off download into an error.

Decoders stop quietly at the end of the bytes they have: libsndfile trusts a WAV header that claims
more data than the file holds, reads an Ogg stream cut between pages as complete, and stops an MP3
at the length its first Xing header gives (several MP3s joined with `cat` are one such file).
Each check here needs only the file's header and size, so it costs nothing before decoding.
"""

from __future__ import annotations

import os
import struct

from .errors import DataError

OGG_PAGE = b"OggS"
OGG_END_OF_STREAM = 0x04
TAIL_BYTES = 1 << 16  # an Ogg page is at most 65,307 bytes
XING_FRAMES, XING_BYTES = 0x1, 0x2  # flags of an MP3's Xing/Info header
SHORTFALL_SECONDS = 0.5  # decoders may differ by a frame or two at the end; more is missing audio


def unreadable(path: str, exc: Exception) -> DataError:
    """The error for a file no decoder opens: an empty file says so, rather than what FFmpeg made
    of no bytes at all."""
    try:
        empty = os.path.getsize(path) == 0
    except OSError:
        empty = False
    if empty:
        return DataError("the file is empty (0 bytes)", path)
    return DataError(f"not a readable audio file ({exc.__class__.__name__})", path)


def wav_missing_bytes(path: str) -> int:
    """How many bytes of sample data a WAV header promises beyond the end of the file (0 if none)."""
    size = os.path.getsize(path)
    with open(path, "rb") as handle:
        head = handle.read(12)
        if len(head) < 12 or head[:4] not in (b"RIFF", b"RIFX") or head[8:12] != b"WAVE":
            return 0
        order = "<" if head[:4] == b"RIFF" else ">"
        while True:
            chunk = handle.read(8)
            if len(chunk) < 8:
                return 0
            name, length = chunk[:4], struct.unpack(f"{order}I", chunk[4:])[0]
            if name == b"data":
                return max(0, handle.tell() + length - size) if length != 0xFFFFFFFF else 0
            handle.seek(length + (length & 1), os.SEEK_CUR)


def ogg_is_cut(path: str) -> bool:
    """An Ogg file whose last page does not end its stream was cut off."""
    size = os.path.getsize(path)
    with open(path, "rb") as handle:
        handle.seek(max(0, size - TAIL_BYTES))
        tail = handle.read()
    last = tail.rfind(OGG_PAGE)
    if last < 0 or last + 6 > len(tail):
        return False
    return not tail[last + 5] & OGG_END_OF_STREAM


def mp3_missing_bytes(path: str) -> int:
    """How many bytes of MPEG audio the file's Xing/Info header counts beyond the end of the file
    (0 if none, or if the header says nothing of its size). Joined MP3s are longer than the first
    one's header says, never shorter; a download cut off is shorter."""
    with open(path, "rb") as handle:
        head = handle.read(10)
        tag = 0
        if head[:3] == b"ID3" and len(head) == 10:
            tag = 10 + ((head[6] & 0x7F) << 21 | (head[7] & 0x7F) << 14 | (head[8] & 0x7F) << 7 | (head[9] & 0x7F))
        handle.seek(tag)
        first_frame = handle.read(4096)
    found = max(first_frame.find(b"Xing"), first_frame.find(b"Info"))
    if found < 0 or len(first_frame) < found + 16:
        return 0
    flags = struct.unpack(">I", first_frame[found + 4: found + 8])[0]
    if not flags & XING_BYTES:
        return 0
    field = found + 8 + (4 if flags & XING_FRAMES else 0)
    stream_bytes = struct.unpack(">I", first_frame[field: field + 4])[0]
    return max(0, stream_bytes - (os.path.getsize(path) - tag))


def check_header(path: str, format_name: str) -> None:
    """Raise DataError if the file is visibly cut short before decoding starts."""
    if format_name == "WAV":
        missing = wav_missing_bytes(path)
        if missing:
            raise DataError(f"the file is cut short: its header promises {missing} more bytes of audio", path)
    elif format_name == "OGG" and ogg_is_cut(path):
        raise DataError("the file is cut short: its Ogg stream has no end", path)
    elif format_name == "MP3":
        missing = mp3_missing_bytes(path)
        if missing > 1024:  # a frame or so of slack: encoders round
            raise DataError(f"the file is cut short: its header counts {missing} more bytes of audio", path)


def check_length(path: str, declared: float | None, decoded: float) -> None:
    """Raise DataError if decoding gave clearly less audio than the file declares."""
    if declared and decoded < declared - SHORTFALL_SECONDS:
        raise DataError(f"the file is cut short: decoded {decoded:.1f} s of the {declared:.1f} s it declares",
                        path)
