"""One episode's transcript, made once: the step that make, GNU parallel and Slurm all call.

A recording's transcript is FILE.jsonl beside it (the whole file name, so ep.mp3 and ep.flac never
share one), current while it is newer than the recording, as make judges. It is written as
FILE.jsonl.part and renamed when complete; an interrupted run leaves the .part, and the next run
goes on from its last finished chunk (au-stt --resume) instead of starting again.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from typing import IO, Callable, Sequence

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
            code = self._pipeline([recording], chunks, part, earlier)
        if code != 0:
            _drop_if_empty(part)  # what was transcribed stays in .part for the next run to go on from
            kept = "; run again to go on from its last finished chunk" if _mtime(part) is not None else ""
            raise DataError(f"transcribing failed (au-split | au-stt exit status {code}){kept}", recording)
        os.replace(os.fsencode(part), os.fsencode(transcript))
        if earlier:
            os.unlink(os.fsencode(earlier))
        return True

    def run_together(self, recordings: Sequence[str]) -> None:
        """Make each recording's transcript unless it is current, the fresh ones in one au-split |
        au-stt (one model load for all: on short recordings that load costs as much as the speech);
        an interrupted one goes on alone from its partial transcript. Each is written as its .part,
        renamed once all are done; a failure leaves the .parts for the next run to go on from."""
        for recording in recordings:
            if not os.path.isfile(os.fsencode(recording)):
                raise DataError("no such recording", recording)
        stale = list(dict.fromkeys(r for r in recordings if not is_current(r, transcript_of(r))))
        fresh = [r for r in stale if not any(_mtime(transcript_of(r) + end) is not None for end in (".part", ".resume"))]
        for recording in stale:
            if recording not in fresh:
                self.run(recording)
        if len(fresh) < 2:
            for recording in fresh:
                self.run(recording)
            return
        self.report(f"transcribing {len(fresh)} recordings")
        parts = {recording: transcript_of(recording) + ".part" for recording in fresh}
        with tempfile.TemporaryDirectory(prefix="audiowc-episode-") as chunks:
            code = self._pipeline(fresh, chunks, _SourceFiles(parts), None)
        if code != 0:
            for part in parts.values():
                _drop_if_empty(part)
            raise DataError(f"transcribing failed (au-split | au-stt exit status {code}); run again to go on "
                            "from each recording's last finished chunk", fresh[0])
        for recording, part in parts.items():
            os.replace(os.fsencode(part), os.fsencode(transcript_of(recording)))

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

    def _pipeline(self, names: Sequence[str], chunks: str, out: "str | _SourceFiles", resume: str | None) -> int:
        """au-split | au-stt into a part file (or one a source), with this Python's own package; the
        worse exit status of the two."""
        python = [sys.executable, "-m"]
        split = [*python, "audiowc.commands.au_split", "--out-dir", chunks, *self.split_options, "--", *names]
        stt = [*python, "audiowc.commands.au_stt", *(["--resume", resume] if resume else []), *self.stt_options]
        env = dict(os.environ)
        env.setdefault("MALLOC_ARENA_MAX", "2")  # as au-stt's own launcher sets it (see commands/__init__.py)
        with open(os.fsencode(out), "wb") if isinstance(out, str) else out as sink:
            first = subprocess.Popen(split, stdout=subprocess.PIPE)
            second = subprocess.Popen(stt, stdin=first.stdout, stdout=subprocess.PIPE if isinstance(out, _SourceFiles)
                                      else sink, env=env)
            assert first.stdout is not None
            first.stdout.close()  # au-stt holds the pipe now; au-split sees it close if au-stt ends
            try:
                if isinstance(sink, _SourceFiles) and second.stdout is not None:
                    sink.copy(second.stdout)
                codes = [second.wait(), first.wait()]
            finally:
                _stop([first, second])
        return next((c for c in codes if c != 0), 0)


class _SourceFiles:
    """au-stt's lines, each into the part file of the recording it names (its `source`)."""

    def __init__(self, parts: dict[str, str]) -> None:
        self.parts = parts
        self.files: dict[str, IO[bytes]] = {}

    def __enter__(self) -> "_SourceFiles":
        self.files = {source: open(os.fsencode(part), "wb") for source, part in self.parts.items()}
        return self

    def __exit__(self, *_exc: object) -> None:
        for handle in self.files.values():
            handle.close()

    def copy(self, lines: IO[bytes]) -> None:
        for line in lines:
            source = json.loads(line).get("source")
            if source not in self.files:
                raise DataError("au-stt wrote a segment of no recording it was given", str(source))
            self.files[source].write(line)
            self.files[source].flush()  # a part is kept for resuming if the run stops


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

