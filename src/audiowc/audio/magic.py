"""What a stream's first bytes say it is: the audio containers au-split reads, told from text.

No decoder is imported here: the text tools name audio given by mistake without loading one.
"""

from __future__ import annotations

# (offset, bytes, what): enough to tell the containers au-split reads from text.
_MAGIC = ((0, b"fLaC", "FLAC"), (0, b"OggS", "Ogg"), (4, b"ftyp", "MP4/M4A"), (0, b"\x1aE\xdf\xa3", "WebM/Matroska"),
          (0, b".snd", "AU"), (0, b"#!AMR", "AMR"), (0, b"0&\xb2u", "WMA"), (0, b"wvpk", "WavPack"),
          (0, b"MAC ", "APE"), (0, b"caff", "CAF"))


def audio_kind(head: bytes) -> str | None:
    """The audio container a stream's first bytes announce, or None."""
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "WAV"
    if head[:4] == b"FORM" and head[8:12] in (b"AIFF", b"AIFC"):
        return "AIFF"
    if head[:3] == b"ID3" and len(head) > 4 and head[3] < 10 and head[4] < 10:
        return "MP3"
    # An MPEG audio frame (MP3, ADTS AAC) starts with 11 set bits; 0xFF never starts UTF-8 text.
    if len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0 and head[1] != 0xFE:
        return "MP3/AAC"
    return next((what for at, magic, what in _MAGIC if head[at:at + len(magic)] == magic), None)
