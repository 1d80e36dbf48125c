"""Shared helpers: run a command in-process through the real runner, or as a subprocess; the speech
model loaded once per test session for the tests that run commands in-process; the rule that only
tests marked slow load it; the hypothesis profiles."""

from __future__ import annotations

import atexit
import copy
import io
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import threading
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import pytest
import typer
from hypothesis import settings

from audiowc.cli import runner
from model_guard import audiowc_model_guard as guard

DATA = Path(__file__).parent / "data"
BIN = Path(sys.executable).parent


@dataclass
class Result:
    code: int
    out: str
    err: str


def call(app: typer.Typer, name: str, args: list[str], stdin: bytes | str = b"") -> Result:
    """Run a command through runner.invoke with stdin/stdout/stderr captured."""
    data = stdin.encode() if isinstance(stdin, str) else stdin
    saved = sys.stdin, sys.stdout, sys.stderr
    out_bytes = io.BytesIO()
    sys.stdin = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
    sys.stdout = io.TextIOWrapper(out_bytes, encoding="utf-8", newline="\n")
    sys.stderr = io.StringIO()
    try:
        code = runner.invoke(app, name, args)
        sys.stdout.flush()
        return Result(code, out_bytes.getvalue().decode(), sys.stderr.getvalue())
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved


SHIMS = Path(tempfile.mkdtemp(prefix="audiowc-shims-"))
atexit.register(shutil.rmtree, SHIMS, True)  # the test run leaves nothing in $TMPDIR


def script(name: str) -> str:
    """The installed console script (next to this Python); a command added since the package was
    installed runs through a shim that starts its module with this Python."""
    if (BIN / name).exists():
        return str(BIN / name)
    shim = SHIMS / name
    if not shim.exists():
        module = name.replace("-", "_")
        shim.write_text(f"#!/bin/sh\nexec {shlex.quote(sys.executable)} -m audiowc.commands.{module} \"$@\"\n")
        shim.chmod(0o755)
    return str(shim)


def command(name: str) -> list[str]:
    """argv that runs a command: its console script, or the module when it is not installed (yet)."""
    if (BIN / name).exists():
        return [script(name)]
    module = name.replace("-", "_")
    return [sys.executable, "-c", f"import sys; sys.argv[0] = {name!r}; from audiowc.commands.{module} import main; "
            "main()"]


COMMANDS = ("au-split", "au-stt", "tok", "wc-words", "au-episode", "au-merge", "au-format")


@pytest.fixture(scope="session")
def au_bin(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory with every command, as scripts that run this checkout's package with this Python."""
    directory = tmp_path_factory.mktemp("bin")
    for name in COMMANDS:
        path = directory / name
        words = " ".join(shlex.quote(w) for w in command(name))
        path.write_text(f"#!/bin/sh\nexec {words} \"$@\"\n")
        path.chmod(0o755)
    return directory


command_line = command  # the name some tests use


def shell(command: str, stdin: bytes = b"", cwd: Path | None = None, timeout: float = 300
          ) -> subprocess.CompletedProcess[bytes]:
    """Run a bash pipeline with the package's scripts on PATH."""
    for name in ("au-verify", "au-clip"):
        script(name)
    env = dict(os.environ, PATH=f"{BIN}:{SHIMS}:{os.environ.get('PATH', '')}")
    return subprocess.run(["bash", "-o", "pipefail", "-c", command], input=stdin, capture_output=True,
                          cwd=cwd, env=env, timeout=timeout)


@pytest.fixture
def data_dir() -> Path:
    return DATA


# ---- the speech model, loaded once per session ---------------------------------------------------
# Loading the embedded model takes a second or two; in-process au-stt and au-verify runs load it
# anew each time. Here each model is loaded once and handed out again for the same arguments.
# Commands run as subprocesses load their own: nothing to share there.
WHISPER = "audiowc.transcribe.engines.whisper"  # load_whisper(...) and WhisperEngine
VERIFY = ("audiowc.hits.verify.Verifier", "audiowc.commands.au_verify.Verifier")


class _SharedWhisper:
    """WhisperEngine's model, shared: only the load made while an engine is being built (its main
    model) is kept; a sampler is loaded fresh as before, since its seeded random draws depend on
    the model being new. Each engine gets a shallow copy, so what it sets on it (the n-best
    recorder around `.model`) stays its own."""

    def __init__(self, load: Any) -> None:
        self.load = load
        self.models: dict[tuple[Any, ...], Any] = {}
        self.building = threading.local()

    def __call__(self, *args: Any) -> Any:
        if not getattr(self.building, "on", False):
            return self.load(*args)
        if args not in self.models:
            self.models[args] = self.load(*args)
        guard.note_load("the shared Whisper model was used")  # loaded by an earlier test: still a load here
        return copy.copy(self.models[args])

    def init(self, original: Any) -> Any:
        def init(engine: Any, *args: Any, **kwargs: Any) -> None:
            self.building.on = True
            try:
                original(engine, *args, **kwargs)
            finally:
                self.building.on = False
        return init


class _SharedVerifier:
    """audiowc.hits.verify.Verifier, one instance per set of arguments (it keeps no state between windows)."""

    def __init__(self, cls: type) -> None:
        self.cls = cls
        self.made: dict[tuple[Any, ...], Any] = {}

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        key = (args, tuple(sorted(kwargs.items())))
        if key not in self.made:
            self.made[key] = self.cls(*args, **kwargs)
        guard.note_load("the shared verifier's model was used")
        return self.made[key]


@pytest.fixture(scope="session", autouse=True)
def shared_models() -> Iterator[None]:
    """Nothing is loaded until a test needs it; a test may still monkeypatch these names."""
    import importlib

    with pytest.MonkeyPatch.context() as patch:
        try:
            whisper = importlib.import_module(WHISPER)
            shared = _SharedWhisper(whisper.load_whisper)
            patch.setattr(whisper, "load_whisper", shared)
            patch.setattr(whisper.WhisperEngine, "__init__", shared.init(whisper.WhisperEngine.__init__))
            verifier = _SharedVerifier(importlib.import_module("audiowc.hits.verify").Verifier)
            for name in VERIFY:
                patch.setattr(name, verifier)
        except (ImportError, AttributeError) as exc:  # moved: the tests still run, each loading its own
            warnings.warn(f"the model is not shared between tests (update tests/conftest.py): {exc}")
        yield


# ---- only tests marked slow load the speech model ----------------------------------------------
# A test not marked slow runs with guard.FORBID set: a model loaded in this process or in a command it
# starts (tests/model_guard is on PYTHONPATH, so its sitecustomize.py runs in each) fails it.
LOADS = Path(tempfile.mkdtemp(prefix="audiowc-model-loads-"))
atexit.register(shutil.rmtree, LOADS, True)
os.environ["PYTHONPATH"] = os.pathsep.join(
    [str(Path(guard.__file__).parent)] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p])
try:
    import faster_whisper.transcribe

    guard.forbid(faster_whisper.transcribe.WhisperModel)
except ImportError:  # no model to load at all
    pass


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[object]:
    """Set up, run and tear down a test not marked slow with loads forbidden (its module's
    fixtures are set up within its first test)."""
    fast = item.get_closest_marker("slow") is None
    if fast:
        os.environ[guard.FORBID] = str(LOADS)
    try:
        return (yield)
    finally:
        os.environ.pop(guard.FORBID, None)
        for note in LOADS.iterdir():
            note.unlink()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    try:
        return (yield)
    finally:
        notes = sorted(note.read_text().strip() for note in LOADS.iterdir())
        if notes:
            pytest.fail(f"{item.nodeid} is not marked slow but loads the speech model: " + "; ".join(notes),
                        pytrace=False)


# ---- hypothesis: `make test` runs each property test's full count, `make test-fast` fewer ----------
settings.register_profile("thorough")  # hypothesis's own defaults
settings.register_profile("fast", max_examples=20)
settings.load_profile("thorough")  # --hypothesis-profile=fast (make test-fast) loads the other


def examples(thorough: int) -> int:
    """max_examples for a heavy property test: `thorough` in the default profile, at most the
    profile's own count under `fast`."""
    return min(thorough, settings.default.max_examples)
