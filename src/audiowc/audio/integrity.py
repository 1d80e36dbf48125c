"""Does a file hold all the audio its header promises? Checks that turn a cut-off download into an error.

Decoders stop quietly at the end of the bytes they have: libsndfile trusts a WAV header that claims
more data than the file holds, reads an Ogg stream cut between pages as complete, and stops an MP3
at the length its first Xing header gives (several MP3s joined with `cat` are one such file).
Each check here needs only the file's header and size, so it costs nothing before decoding; the
others watch the packets as they are decoded (an ADTS stream, random bytes inside an MP3).
"""

from __future__ import annotations

import os
import struct

from ..errors import DataError

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
    """How many bytes of sample data a WAV header promises beyond the end of the file (0 if none).
    Plain and extensible WAV alike; an RF64 (or BW64) file gives its data's length in its ds64 chunk."""
    size = os.path.getsize(path)
    with open(path, "rb") as handle:
        head = handle.read(12)
        if len(head) < 12 or head[:4] not in (b"RIFF", b"RIFX", b"RF64", b"BW64") or head[8:12] != b"WAVE":
            return 0
        order = ">" if head[:4] == b"RIFX" else "<"
        long_data = 0  # the data length from an RF64 file's ds64 chunk
        while True:
            chunk = handle.read(8)
            if len(chunk) < 8:
                return 0
            name, length = chunk[:4], struct.unpack(f"{order}I", chunk[4:])[0]
            if name == b"ds64" and length >= 16:
                long_data = struct.unpack("<Q", handle.read(16)[8:])[0]
                length -= 16
            if name == b"data":
                length = long_data if length == 0xFFFFFFFF else length
                return max(0, handle.tell() + length - size)
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


def id3_tag_bytes(head: bytes) -> int:
    """The length of the ID3v2 tag that `head` starts with, header and footer included (0 if none)."""
    if head[:3] != b"ID3" or len(head) < 10:
        return 0
    size = (head[6] & 0x7F) << 21 | (head[7] & 0x7F) << 14 | (head[8] & 0x7F) << 7 | (head[9] & 0x7F)
    return 10 + size + (10 if head[5] & 0x10 else 0)


def mp3_missing_bytes(path: str) -> int:
    """How many bytes of MPEG audio the file's Xing/Info header counts beyond the end of the file
    (0 if none, or if the header says nothing of its size). Joined MP3s are longer than the first
    one's header says, never shorter; a download cut off is shorter."""
    with open(path, "rb") as handle:
        tag = id3_tag_bytes(handle.read(10))
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
    if format_name in ("WAV", "WAVEX", "RF64"):
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


def adts_missing_bytes(frame: bytes) -> int:
    """How many bytes an ADTS frame's header counts beyond the bytes given: the last frame of an AAC
    stream cut off mid-frame (0 if whole, or not an ADTS frame)."""
    if len(frame) < 7 or frame[0] != 0xFF or frame[1] & 0xF6 != 0xF0:
        return 0
    declared = (frame[3] & 0x03) << 11 | frame[4] << 3 | frame[5] >> 5
    return max(0, declared - len(frame))


class Undecodable:
    """Runs of packets a decoder refused, measured in the audio they held: their bytes at the byte
    rate of the audio decoded so far. Random bytes written over an MP3 come out as a few packets
    of kilobytes each, not as many packets of 26 ms, so a count of packets would miss the loss."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.good_bytes, self.good_seconds = 0, 0.0
        self.run_bytes, self.run_seconds = 0, 0.0
        self.tag_left = 0  # bytes of an ID3 tag met between joined MP3s: metadata, no lost audio

    def decoded(self, size: int, seconds: float) -> None:
        self.good_bytes += size
        self.good_seconds += seconds
        self.run_bytes, self.run_seconds = 0, 0.0

    def refused(self, data: bytes, nominal_seconds: float) -> None:
        """A packet that did not decode; a run of them worth more than SHORTFALL_SECONDS is an error.
        Before any audio has decoded, the packets' own durations are all there is to go by."""
        self.tag_left = id3_tag_bytes(data) or self.tag_left  # FFmpeg starts a packet where a tag starts
        excused = min(self.tag_left, len(data))
        self.tag_left -= excused
        if excused == len(data):
            return
        self.run_bytes += len(data) - excused
        self.run_seconds += nominal_seconds
        lost = max(self.run_seconds, self.run_bytes * self.good_seconds / self.good_bytes) if self.good_bytes \
            else self.run_seconds
        if lost > SHORTFALL_SECONDS:
            raise DataError(f"audio data is corrupt: {self.run_bytes} bytes in a row do not decode (about {lost:.1f} s)",
                            self.path)
