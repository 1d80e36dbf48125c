"""The count to trust in one step: each recording's transcript made once, then its hits and
candidates (the transcript's near-misses and its alternative readings) judged against the audio.

The stages stay the Unix filters a user could type (tok | wc-words | au-verify), run here as one
pipeline of child processes, so what au-count prints is what the documented pipeline gives.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from typing import Sequence

from .episode import TRANSCRIPT_SUFFIX, EpisodeStep, transcript_of
from .errors import DataError
from .trusted import trusted


def transcripts(recordings: Sequence[str], step: EpisodeStep) -> list[str]:
    """Each input's transcript: a .jsonl input is one already; a recording's is made once beside it."""
    found = []
    for recording in recordings:
        if recording.endswith(TRANSCRIPT_SUFFIX):
            if not os.path.isfile(recording):
                raise DataError("no such transcript", recording)
            found.append(recording)
            continue
        step.run(recording)
        found.append(transcript_of(recording))
    return found


def _command(name: str) -> list[str]:
    return [sys.executable, "-m", f"audiowc.commands.{name}"]


def _stages(files: Sequence[str], words: Sequence[str], joined: str, verify: bool, hits: bool,
            pad: float) -> list[list[str]]:
    queries = [option for word in words for option in ("--fuzzy", word)]
    if not verify:
        return [_command("tok") + ["--", *files], _command("wc_words") + queries + (["--hits"] if hits else [])]
    judge = _command("au_verify") + ["--transcript", joined, "--pad", str(pad)] + ([] if hits else ["--counts"])
    return [_command("tok") + ["--alternatives", "--", *files],
            _command("wc_words") + queries + ["--hits", "--near"], judge]


def run_pipeline(stages: list[list[str]]) -> str:
    """The stages' output, stdout to stdin; the first failing stage's message is the error."""
    procs: list[subprocess.Popen[bytes]] = []
    upstream = None
    for argv in stages:
        proc = subprocess.Popen(argv, stdin=upstream, stdout=subprocess.PIPE)
        if upstream is not None:
            upstream.close()  # the child holds it now: a stage that ends early is seen upstream
        upstream = proc.stdout
        procs.append(proc)
    assert upstream is not None
    out = upstream.read().decode("utf-8", "surrogateescape")
    codes = [proc.wait() for proc in procs]
    failed = next((code for code in codes if code), 0)
    if failed:
        raise DataError(f"a stage of the count failed (exit {failed}); its message is above")
    return out


def count_words(files: Sequence[str], words: Sequence[str], verify: bool = True,
                pad: float = 1.5) -> list[tuple[int, str]]:
    """count, word rows for the transcripts: most first, then by word; a word never heard counts 0."""
    with tempfile.TemporaryDirectory(prefix="au-count.") as tmp:
        joined = _joined(files, tmp)
        out = run_pipeline(_stages(files, words, joined, verify, False, pad))
    counts = {word: 0 for word in words}
    for line in out.splitlines():
        number, _, word = line.partition("\t")
        if word in counts:
            counts[word] = int(number)
    return sorted(((n, w) for w, n in counts.items()), key=lambda row: (-row[0], row[1]))


def trusted_hits(files: Sequence[str], words: Sequence[str], verify: bool = True, pad: float = 1.5) -> list[str]:
    """The hit lines that make the count: with verification, each judged line that counts (with its
    verdict and score columns; a form the transcript wrote out counts whatever its verdict)."""
    with tempfile.TemporaryDirectory(prefix="au-count.") as tmp:
        out = run_pipeline(_stages(files, words, _joined(files, tmp), verify, True, pad))
    lines = out.splitlines()
    if not verify:
        return lines
    kept = []
    for line in lines:
        fields = line.split("\t")
        if len(fields) >= 9 and trusted(fields[6], fields[7]):
            kept.append(line)
    return kept


def _joined(files: Sequence[str], folder: str) -> str:
    """One file holding every transcript, for au-verify's --transcript (it reads one)."""
    if len(files) == 1:
        return files[0]
    path = os.path.join(folder, "all.jsonl")
    with open(path, "wb") as out:
        for name in files:
            with open(name, "rb") as part:
                data = part.read()
            out.write(data if data.endswith(b"\n") or not data else data + b"\n")
    return path
