"""One episode's transcript, made once: the step that make, GNU parallel and Slurm all call.

A recording's transcript is FILE.jsonl beside it (the whole file name, so ep.mp3 and ep.flac never
share one), current while it is newer than the recording, as make judges. It is written as
FILE.jsonl.part and renamed when complete; an interrupted run leaves the .part, and the next run
goes on from its last finished chunk (au-stt --resume) instead of starting again.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from typing import Callable

from ..errors import DataError

TRANSCRIPT_SUFFIX = ".jsonl"
Report = Callable[[str], None]


def transcript_of(recording: str) -> str:
    """The transcript's name: the recording's whole name and .jsonl."""
    return recording + TRANSCRIPT_SUFFIX


def _mtime(path: str) -> int | None:
    try:
        return os.stat(os.fsencode(path)).st_mtime_ns
    except FileNotFoundError:
        return None


def is_current(recording: str, transcript: str) -> bool:
    """A transcript stands for the recording while it is at least as new (a recording replaced or
    touched since is transcribed again)."""
    made, recorded = _mtime(transcript), _mtime(recording)
    return made is not None and recorded is not None and made >= recorded


@dataclass
class EpisodeStep:
    """Transcribes recordings with au-split | au-stt, each once, resuming interrupted ones."""

    stt_options: list[str] = field(default_factory=list)
    split_options: list[str] = field(default_factory=list)
    report: Report = lambda message: None

    def run(self, recording: str) -> bool:
        """Make the recording's transcript unless it is current; True if one was written."""
        if not os.path.isfile(os.fsencode(recording)):
            raise DataError("no such recording", recording)
        transcript = transcript_of(recording)
        if is_current(recording, transcript):
            self.report(f"up to date: {transcript}")
            return False
        part, resume = transcript + ".part", transcript + ".resume"
        earlier = self._earlier_part(recording, part, resume)
        self.report(f"{'resuming' if earlier else 'transcribing'} {recording}")
        with tempfile.TemporaryDirectory(prefix="audiowc-episode-") as chunks:
            code = self._pipeline(recording, chunks, part, earlier)
        if code != 0:
            _drop_if_empty(part)  # what was transcribed stays in .part for the next run to go on from
            kept = "; run again to go on from its last finished chunk" if _mtime(part) is not None else ""
            raise DataError(f"transcribing failed (au-split | au-stt exit status {code}){kept}", recording)
        os.replace(os.fsencode(part), os.fsencode(transcript))
        if earlier:
            os.unlink(os.fsencode(earlier))
        return True

    @staticmethod
    def _earlier_part(recording: str, part: str, resume: str) -> str | None:
        """The partial transcript to go on from (moved to .resume, as the new run writes .part), or None.
        Of two, the longer holds more; one older than the recording is of other audio and dropped."""
        found = [p for p in (part, resume) if _mtime(p) is not None]
        current = [p for p in found if is_current(recording, p) and os.path.getsize(os.fsencode(p)) > 0]
        keep = max(current, key=lambda p: os.path.getsize(os.fsencode(p)), default=None)
        for path in found:
            if path != keep:
                os.unlink(os.fsencode(path))
        if keep is None:
            return None
        if keep != resume:
            os.replace(os.fsencode(keep), os.fsencode(resume))
        return resume

    def _pipeline(self, recording: str, chunks: str, part: str, resume: str | None) -> int:
        """au-split | au-stt > part, with this Python's own package; the worse exit status of the two."""
        python = [sys.executable, "-m"]
        split = [*python, "audiowc.commands.au_split", "--out-dir", chunks, *self.split_options, "--", recording]
        stt = [*python, "audiowc.commands.au_stt", *(["--resume", resume] if resume else []), *self.stt_options]
        env = dict(os.environ)
        env.setdefault("MALLOC_ARENA_MAX", "2")  # as au-stt's own launcher sets it (see commands/__init__.py)
        with open(os.fsencode(part), "wb") as out:
            first = subprocess.Popen(split, stdout=subprocess.PIPE)
            second = subprocess.Popen(stt, stdin=first.stdout, stdout=out, env=env)
            assert first.stdout is not None
            first.stdout.close()  # au-stt holds the pipe now; au-split sees it close if au-stt ends
            try:
                codes = [second.wait(), first.wait()]
            finally:
                _stop([first, second])
        return next((c for c in codes if c != 0), 0)


def _stop(processes: list[subprocess.Popen[bytes]]) -> None:
    """On Ctrl-C or SIGTERM the children end too (they share the terminal's signal, not SIGTERM)."""
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def _drop_if_empty(path: str) -> None:
    if _mtime(path) is not None and os.path.getsize(os.fsencode(path)) == 0:
        os.unlink(os.fsencode(path))

