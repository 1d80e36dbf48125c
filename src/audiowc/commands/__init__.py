"""One thin typer module per command; au-stt's console entry point lives here, before any heavy import."""

from __future__ import annotations

# _signal, not signal: the C module is loaded with the interpreter, where importing signal builds
# enums and takes long enough for a Ctrl-C to land inside it, before any handler is in place.
import _signal
import os
import sys

# The console scripts (pyproject.toml). Each starts by importing this package.
COMMAND_NAMES = frozenset({"au-split", "au-stt", "tok", "wc-words", "au-format", "au-verify", "au-count",
                           "au-clip", "au-episode", "au-merge"})


STT = "AUDIOWC_STT"  # set by au-stt's launcher for the process it starts again with `python -m`
_sweep_stdin = None  # au-stt's: removes the temporary chunks named by manifest records waiting on stdin


def _exit_quietly(signum: int, _frame: object) -> None:
    """Ctrl-C or SIGTERM before the runner starts (or after it is done): end at once with the
    runner's status, instead of a traceback from an import. Only au-stt has something to clean up:
    au-split may have finished and left its chunks to it."""
    if _sweep_stdin is not None:
        _sweep_stdin(0)
    os._exit(128 + signum)


def _started_as_a_command() -> bool:
    """Whether this process is a command starting (its console script, or `python -m` of a command
    module) rather than a program importing the package (tests, a library user)."""
    return sys.argv[0] == "-m" or os.path.basename(sys.argv[0]).removesuffix(".exe") in COMMAND_NAMES


QUIET = (_signal.SIGINT, _signal.SIGTERM)
HELD = "AUDIOWC_SIGNALS_HELD"  # set by a launcher that starts Python again with QUIET blocked


def quiet_signals() -> None:
    """SIGINT and SIGTERM end the process quietly; cli.run hands them to its own clean-up."""
    for sig in QUIET:
        if _signal.getsignal(sig) != _signal.SIG_IGN:  # a background job's Ctrl-C stays ignored
            _signal.signal(sig, _exit_quietly)
    if os.environ.pop(HELD, None):  # one that came while Python started again is acted on now
        _signal.pthread_sigmask(_signal.SIG_UNBLOCK, QUIET)


if _started_as_a_command():
    quiet_signals()  # the imports that follow take a fraction of a second: no traceback from them
    if os.environ.pop(STT, None) or os.path.basename(sys.argv[0]) == "au-stt":
        from ..transcribe.leftovers import sweep_waiting_chunks as _sweep_stdin  # os, shutil and json only


def au_stt_main() -> None:
    """Start au-stt with glibc held to two malloc arenas. Each decoding thread (and a fresh model's
    threads for each sampled re-decode) otherwise gets an arena of its own, and their free space
    made au-stt's memory creep up with the recording's length: 704 MB for 40 minutes, 752 MB for 80
    (527 and 592 MB with two arenas, at the same speed). glibc reads the setting only when a process
    starts, so the launcher sets it and starts Python again, before importing anything heavy."""
    if not os.environ.get("MALLOC_ARENA_MAX") and sys.platform.startswith("linux"):
        os.environ["MALLOC_ARENA_MAX"] = "2"
        # the mask outlives exec: a signal while the new interpreter starts waits for quiet_signals
        held = not QUIET[0] in _signal.pthread_sigmask(_signal.SIG_BLOCK, QUIET)
        os.environ[HELD] = "1" if held else ""
        os.environ[STT] = "1"
        try:
            os.execv(sys.executable, [sys.executable, "-m", "audiowc.commands.au_stt", *sys.argv[1:]])
        except OSError:
            os.environ.pop(HELD, None)  # run as we are
            os.environ.pop(STT, None)
            if held:
                _signal.pthread_sigmask(_signal.SIG_UNBLOCK, QUIET)
    from .au_stt import main

    main()
