"""One thin typer module per command; au-stt's console entry point lives here, before any heavy import."""

from __future__ import annotations

import os
import sys


def au_stt_main() -> None:
    """Start au-stt with glibc held to two malloc arenas. Each decoding thread (and a fresh model's
    threads for each sampled re-decode) otherwise gets an arena of its own, and their free space
    made au-stt's memory creep up with the recording's length: 704 MB for 40 minutes, 752 MB for 80
    (527 and 592 MB with two arenas, at the same speed). glibc reads the setting only when a process
    starts, so the launcher sets it and starts Python again, before importing anything heavy."""
    if not os.environ.get("MALLOC_ARENA_MAX") and sys.platform.startswith("linux"):
        os.environ["MALLOC_ARENA_MAX"] = "2"
        try:
            os.execv(sys.executable, [sys.executable, "-m", "audiowc.commands.au_stt", *sys.argv[1:]])
        except OSError:
            pass  # run as we are
    from .au_stt import main

    main()
