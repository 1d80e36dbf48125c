"""Holding Ctrl-C and SIGTERM back while a piece of work must finish whole."""

from __future__ import annotations

import os
import signal
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def signals_held() -> Iterator[None]:
    """Act on SIGINT and SIGTERM after the block, not inside it (main thread only; blocks may nest)."""
    caught: list[int] = []
    previous = {sig: signal.signal(sig, lambda signum, _frame: caught.append(signum))
                for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if caught:
            handler = previous[caught[0]]
            if callable(handler):
                handler(caught[0], None)
            elif handler == signal.SIG_DFL:
                os.kill(os.getpid(), caught[0])
