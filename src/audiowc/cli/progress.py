"""A progress bar on stderr, only when stderr is a terminal; warnings on lines of their own above it."""

from __future__ import annotations

import os
import sys
import threading
from contextlib import contextmanager
from typing import Any, Iterator

LINE_EVERY = 10.0  # seconds between progress lines on a terminal shared with other jobs


def shared_terminal(makeflags: str | None = None) -> bool:
    """Whether other jobs may draw on the same terminal line: a parallel make (-j, -jN with N > 1, or a
    job server), whose jobs (au-episode under make -j2 counts) share the make's stderr."""
    flags = (os.environ.get("MAKEFLAGS", "") if makeflags is None else makeflags).split()
    return any(flag == "-j" or (flag.startswith("-j") and flag[2:] != "1") or flag.startswith("--jobserver")
               for flag in flags)


class _WholeLines:
    """A terminal stream for a bar that must not redraw a line others write on too: each refresh
    becomes a line of its own (tqdm's carriage returns and clearing spaces are dropped)."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream

    def write(self, text: str) -> None:
        line = text.replace("\r", "").strip()
        if line:
            self.stream.write(line + "\n")

    def flush(self) -> None:
        self.stream.flush()


class AudioProgress:
    """Seconds of audio done out of a total (when known), with tqdm; silent when not a terminal."""

    def __init__(self, label: str, total: float | None, enabled: bool | None = None) -> None:
        show = sys.stderr.isatty() if enabled is None else enabled
        self.bar: Any = None
        if show:
            from tqdm import tqdm

            # on a shared terminal, a line every few seconds, each naming its recording
            drawing: dict[str, Any] = (dict(file=_WholeLines(sys.stderr), ncols=100, mininterval=LINE_EVERY,
                                            maxinterval=LINE_EVERY) if shared_terminal()
                                       else dict(file=sys.stderr, dynamic_ncols=True))
            self.bar = tqdm(total=total or None, desc=label, leave=False, bar_format=_format(total), **drawing)
        self.done = 0.0

    def set_total(self, total: float | None) -> None:
        """A total learnt (or grown) on the way: au-stt learns each recording's length from its chunks."""
        if self.bar is not None and total and total != self.bar.total:
            self.bar.total = total
            self.bar.bar_format = _format(total)
            self.bar.refresh()

    def update(self, done: float, **postfix: str) -> None:
        if self.bar is not None:
            if self.bar.total:  # a length from the container may be a little short of what decodes
                done = min(done, self.bar.total)
            self.bar.update(done - self.done)
            if postfix:
                self.bar.set_postfix(postfix)
        self.done = done

    def set_label(self, label: str) -> None:
        """Name what is being worked on (au-stt: the source being read)."""
        if self.bar is not None and label != self.bar.desc:
            self.bar.set_description_str(label)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


class ChunkProgress:
    """Seconds of audio read: the chunks finished, and how far into each chunk in flight decoding has
    got (reported from the decoding threads), so the bar moves within a chunk and never backwards."""

    def __init__(self, bar: AudioProgress) -> None:
        self.bar = bar
        self.finished = 0.0
        self.reading: dict[int, float] = {}  # by id of the chunk record
        self.lock = threading.Lock()

    def reading_at(self, key: int, seconds: float, length: float) -> None:
        with self.lock:
            self.reading[key] = max(self.reading.get(key, 0.0), min(seconds, length))
            self.bar.update(self.finished + sum(self.reading.values()))

    def finish(self, key: int, length: float, **postfix: str) -> None:
        with self.lock:
            self.reading.pop(key, None)
            self.finished += length
            self.bar.update(self.finished + sum(self.reading.values()), **postfix)


@contextmanager
def above_bars() -> Iterator[None]:
    """Lines written inside go on lines of their own: a bar on the terminal is cleared first and
    drawn again after."""
    if "tqdm" not in sys.modules:  # no bar was ever made
        yield
        return
    from tqdm import tqdm

    with tqdm.external_write_mode(file=sys.stderr):
        yield


def _format(total: float | None) -> str:
    if total:
        return "{desc}: {percentage:3.0f}%|{bar}| {n:.0f}/{total:.0f} s audio [{elapsed}<{remaining}{postfix}]"
    return "{desc}: {n:.0f} s audio [{elapsed}{postfix}]"  # no length known
