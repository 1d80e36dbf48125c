"""The rule that keeps `make test-fast` fast: only a test marked slow may load the speech model.

While a test not marked slow runs, tests/conftest.py sets FORBID to a folder. A Whisper model loaded
then, in the test's own process or in a command it runs as a process (this folder is on PYTHONPATH,
and its sitecustomize.py watches for faster-whisper being imported), leaves a file there and raises;
conftest fails the test when it finds one, also where the raise was caught or only made a command fail.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import os
import sys
from pathlib import Path
from types import ModuleType
from typing import Any, Sequence

FORBID = "AUDIOWC_TEST_NO_MODEL"
MODULE = "faster_whisper.transcribe"  # where WhisperModel is defined


class ModelInFastTest(RuntimeError):
    pass


def note_load(what: str) -> None:
    """Raise, leaving a note for the test runner, if the running test may not load the model."""
    folder = os.environ.get(FORBID)
    if not folder:
        return
    note = Path(folder) / f"{os.getpid()}-{len(list(Path(folder).iterdir()))}"
    note.write_text(f"{what} in {Path(sys.argv[0]).name or 'python'} (pid {os.getpid()})\n")
    raise ModelInFastTest(f"{what}: a test that loads the speech model must be marked slow")


def forbid(cls: Any) -> None:
    """Every construction of cls (faster-whisper's WhisperModel) that succeeds is a model load."""
    original = cls.__init__
    if getattr(original, "guarded", False):
        return

    def init(self: Any, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        note_load("the Whisper model was loaded")  # only once it has: a model that will not load costs nothing

    init.guarded = True  # type: ignore[attr-defined]
    cls.__init__ = init


class _Watch(importlib.abc.MetaPathFinder):
    """Wraps WhisperModel as soon as faster-whisper defines it, without importing it earlier."""

    def find_spec(self, name: str, path: Sequence[str] | None, target: ModuleType | None = None
                  ) -> importlib.machinery.ModuleSpec | None:
        if name != MODULE:
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None or spec.loader is None:
            return spec
        execute = spec.loader.exec_module

        def exec_module(module: ModuleType) -> None:
            execute(module)
            forbid(module.WhisperModel)

        spec.loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


def watch_imports() -> None:
    if os.environ.get(FORBID) and not any(isinstance(f, _Watch) for f in sys.meta_path):
        sys.meta_path.insert(0, _Watch())
