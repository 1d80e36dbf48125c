"""Recordings in, 16 kHz mono samples out: decoding, checks of a file's length, excerpts, levels, WAV writing."""
