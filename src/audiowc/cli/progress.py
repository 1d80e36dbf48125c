"""A progress bar on stderr, only when stderr is a terminal."""

from __future__ import annotations

import sys
from typing import Any


class AudioProgress:
    """Seconds of audio done out of a total (when known), with tqdm; silent when not a terminal."""

    def __init__(self, label: str, total: float | None, enabled: bool | None = None) -> None:
        show = sys.stderr.isatty() if enabled is None else enabled
        self.bar: Any = None
        if show:
            from tqdm import tqdm

            self.bar = tqdm(total=total or None, desc=label, file=sys.stderr, leave=False,
                            dynamic_ncols=True, bar_format=_format(total))
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

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _format(total: float | None) -> str:
    if total:
        return "{desc}: {percentage:3.0f}%|{bar}| {n:.0f}/{total:.0f} s audio [{elapsed}<{remaining}{postfix}]"
    return "{desc}: {n:.0f} s audio [{elapsed}{postfix}]"  # no length known
