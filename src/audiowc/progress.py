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

            known = "{percentage:3.0f}%|{bar}| {n:.0f}/{total:.0f} s audio [{elapsed}<{remaining}{postfix}]"
            unknown = "{n:.0f} s audio [{elapsed}{postfix}]"  # a manifest on stdin: no total
            self.bar = tqdm(total=round(total, 1) if total else None, desc=label, file=sys.stderr, leave=False,
                            dynamic_ncols=True, bar_format="{desc}: " + (known if total else unknown))
        self.done = 0.0

    def update(self, done: float, **postfix: str) -> None:
        if self.bar is not None:
            self.bar.update(done - self.done)
            if postfix:
                self.bar.set_postfix(postfix)
        self.done = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
