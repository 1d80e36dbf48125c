"""Chunks with their samples in, segments out: the engines (whisper, deepspeech), loaded by name."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...errors import UsageError

if TYPE_CHECKING:
    from .interface import Engine, EngineOptions

ENGINES = ("whisper", "deepspeech")


def make_engine(name: str, options: EngineOptions) -> Engine:
    """Load an engine by name; imports are lazy so a missing optional engine costs nothing."""
    if name == "whisper":
        from .whisper import WhisperEngine

        return WhisperEngine(options)
    if name == "deepspeech":
        from .deepspeech import DeepSpeechEngine

        return DeepSpeechEngine(options)
    raise UsageError(f"unknown engine {name!r} (choose from {', '.join(ENGINES)})")
