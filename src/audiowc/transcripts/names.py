"""The recording a transcript file is named for: the one rule for the source of a transcript read from a file.

A transcript is named after its recording plus the extension of its form: au-episode writes ep.mp3.jsonl,
whisper.cpp ep.mp3.srt, whisper ep.srt (its recording's extension dropped). So the source of a transcript
that does not name its recording inside is the file's name less that extension: `talk.ogg.srt` is
`talk.ogg`, `Other Tool.srt` is `Other Tool`, which au-clip and au-verify find as the one audio file
`Other Tool.EXT` (audio/excerpt.py). JSONL segments and a JSON document with "source" keep their own.
"""

from __future__ import annotations

import os

# The extensions the transcript forms are written with (whisper writes txt, vtt, srt, tsv and json; au-stt
# jsonl). Plain text carries no times, so its .txt never reaches a hit, but a .txt holding subtitles does.
TRANSCRIPT_EXTENSIONS = (".jsonl", ".srt", ".vtt", ".tsv", ".json", ".txt")


def is_transcript_name(path: str) -> bool:
    """Whether a file's name says it is a transcript: it ends in one of TRANSCRIPT_EXTENSIONS (any case)."""
    return transcript_source(path) != path


def transcript_source(path: str) -> str:
    """The recording a transcript file is named for: its path less a transcript extension (any case),
    the folder kept; a name that is only the extension, stdin ('-') and other names stay as they are."""
    stem, extension = os.path.splitext(path)
    if extension.lower() in TRANSCRIPT_EXTENSIONS and os.path.basename(stem):
        return stem
    return path
