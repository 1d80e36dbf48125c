"""One runner for every command: exit codes, one-line errors, closed pipes, Ctrl-C.

Exit status: 0 ok, 1 bad data or a runtime failure, 2 a usage error, 130 interrupted (Ctrl-C),
143 terminated (SIGTERM), 141 stdout closed early (like a tool killed by SIGPIPE, but after cleaning up).
"""

from __future__ import annotations

import os
import signal
import sys
import traceback
from typing import Any, NoReturn, Sequence

import typer

from ..errors import AudiowcError, NoInput

# Typer has shipped click both vendored and as a dependency; BadParameter's parent is its
# UsageError either way.
CLICK_USAGE_ERROR: type[Exception] = typer.BadParameter.__mro__[1]
EXIT_INTERRUPTED = 130
EXIT_TERMINATED = 143
EXIT_PIPE_CLOSED = 141


class Terminated(BaseException):
    """SIGTERM, raised in the main thread so the same clean-up runs as for Ctrl-C."""


def _raise_terminated(_signum: int, _frame: object) -> None:
    raise Terminated()


def make_app(help_text: str) -> typer.Typer:
    """A single-command Typer app; rich panels stay for --help but never for errors."""
    return typer.Typer(add_completion=False, help=help_text, pretty_exceptions_enable=False,
                       rich_markup_mode=None,
                       context_settings={"help_option_names": ["-h", "--help"]})


def note(name: str, message: str) -> None:
    """A one-line note of what a command does, on stderr (stdout carries its data): `NAME: message`."""
    print(f"{name}: {message}", file=sys.stderr, flush=True)


def warn(name: str, message: str) -> None:
    """A one-line warning on stderr."""
    print(f"{name}: warning: {message}", file=sys.stderr, flush=True)


def error(name: str, message: str) -> None:
    """A one-line error on stderr: `NAME: error: message`."""
    first_line = message.strip().splitlines()[0] if message.strip() else "failed"
    print(f"{name}: error: {first_line}", file=sys.stderr, flush=True)


def _silence_stdout() -> None:
    """After EPIPE, point stdout at /dev/null so the interpreter's last flush stays quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _os_error_text(exc: OSError) -> str:
    what = exc.strerror or str(exc)
    return f"{what} (where: {os.fsdecode(exc.filename)})" if exc.filename else what


def _report(name: str, exc: Exception) -> int:
    """Say what went wrong in one line; return the exit status."""
    if isinstance(exc, NoInput):
        error(name, f"{exc.describe()} (see {name} --help)")
        return exc.exit_code
    if isinstance(exc, AudiowcError):
        error(name, exc.describe())
        return exc.exit_code
    if isinstance(exc, OSError):
        error(name, _os_error_text(exc))
    elif isinstance(exc, MemoryError):
        error(name, "out of memory")
    else:
        error(name, f"internal error: {type(exc).__name__}: {exc} (run with --debug for details)")
    return 1


def _argument_label(param: Any) -> str:
    """An argument as the usage line shows it: FILE, [FILE], FILE... or [FILE]..."""
    label = param.metavar or param.name.upper()
    label = label if param.required else f"[{label}]"
    return label + ("..." if param.nargs != 1 else "")


def _plain_argument_help(command: Any) -> None:
    """Typer lists an argument in --help with its Python type (`FILE <list[str]>`); show it the way
    the usage line and man pages do (`[FILE]...`)."""
    for param in command.params:
        if param.param_type_name != "argument":
            continue
        original = param.get_help_record

        def record(ctx: Any, original: Any = original, label: str = _argument_label(param)) -> Any:
            found = original(ctx)
            return None if found is None else (label, found[1])

        param.get_help_record = record


def invoke(app: typer.Typer, name: str, argv: Sequence[str]) -> int:
    """Run the command with argv and return its exit status; never raises for expected failures."""
    debug = "--debug" in argv
    try:
        command = typer.main.get_command(app)
        _plain_argument_help(command)
        # The raw arguments ride along in ctx.obj for commands that care about their order.
        with command.make_context(name, list(argv), obj=list(argv)) as ctx:
            command.invoke(ctx)
        sys.stdout.flush()
        return 0
    except typer.Exit as exc:
        return exc.exit_code
    except CLICK_USAGE_ERROR as exc:
        error(name, exc.format_message())  # type: ignore[attr-defined]
        return 2
    except (KeyboardInterrupt, typer.Abort):
        return EXIT_INTERRUPTED
    except Terminated:
        return EXIT_TERMINATED
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_PIPE_CLOSED
    except Exception as exc:  # the last line of defence: still one line, unless --debug
        signalled = _signal_inside(exc)
        if signalled is not None:
            return signalled
        if debug:
            traceback.print_exc()
        return _report(name, exc)


def _signal_inside(exc: BaseException) -> int | None:
    """The exit status of a Ctrl-C or SIGTERM that Python wrapped in another error (one that lands
    in a class body's __set_name__ while a module loads comes out as a RuntimeError)."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, KeyboardInterrupt):
            return EXIT_INTERRUPTED
        if isinstance(seen, Terminated):
            return EXIT_TERMINATED
        seen = seen.__cause__ or seen.__context__
    return None


def _exit_quietly(signum: int, _frame: object) -> None:
    os._exit(128 + signum)


def _handle_signals(handlers: dict[int, Any]) -> None:
    """Set signal handlers, but leave a signal the parent ignored ignored (a background job's Ctrl-C)."""
    for sig, handler in handlers.items():
        if signal.getsignal(sig) is not signal.SIG_IGN:
            signal.signal(sig, handler)


def run(app: typer.Typer, name: str) -> NoReturn:
    """Console-script entry point. Until here (the imports) and from the end of invoke on (the
    interpreter shutting down) a signal ends the process at once and quietly; in between it
    unwinds through the command's clean-up."""
    _handle_signals({signal.SIGINT: signal.default_int_handler, signal.SIGTERM: _raise_terminated})
    code = invoke(app, name, sys.argv[1:])
    _handle_signals({signal.SIGINT: _exit_quietly, signal.SIGTERM: _exit_quietly})
    if code in (EXIT_INTERRUPTED, EXIT_TERMINATED):
        # Cleanup ran while unwinding; don't let the interpreter wait for worker threads to finish
        # work nobody wants any more (a chunk being decoded takes seconds).
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
        os._exit(code)
    if code == EXIT_PIPE_CLOSED:
        os._exit(code)  # skip the flush of a stdout that has nowhere to go
    sys.exit(code)
