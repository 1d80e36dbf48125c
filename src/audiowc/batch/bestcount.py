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

from ..errors import DataError
from ..fields import parse_time
from ..hits.trusted import SECOND_LOOK_PAD, Judged, heard, second_look, trusted_flags
from .episode import TRANSCRIPT_SUFFIX, EpisodeStep, transcript_of


def transcripts(recordings: Sequence[str], step: EpisodeStep) -> list[str]:
    """Each input's transcript: a .jsonl input is one already; a recording's is made once beside it
    (those still to make, together)."""
    for name in recordings:
        if name.endswith(TRANSCRIPT_SUFFIX) and not os.path.isfile(name):
            raise DataError("no such transcript", name)
    step.run_together([name for name in recordings if not name.endswith(TRANSCRIPT_SUFFIX)])
    return [name if name.endswith(TRANSCRIPT_SUFFIX) else transcript_of(name) for name in recordings]


def _command(name: str) -> list[str]:
    return [sys.executable, "-m", f"audiowc.commands.{name}"]


def run_pipeline(stages: list[list[str]], data: bytes | None = None) -> str:
    """The stages' output, stdout to stdin (the first reading `data` when given); the first failing
    stage's message is the error."""
    procs: list[subprocess.Popen[bytes]] = []
    upstream = None
    for argv in stages:
        stdin = upstream if upstream is not None else (subprocess.PIPE if data is not None else None)
        proc = subprocess.Popen(argv, stdin=stdin, stdout=subprocess.PIPE)
        if upstream is not None:
            upstream.close()  # the child holds it now: a stage that ends early is seen upstream
        elif data is not None:
            assert proc.stdin is not None
            proc.stdin.write(data)  # hit lines: small beside what the stages do with them
            proc.stdin.close()
        upstream = proc.stdout
        procs.append(proc)
    assert upstream is not None
    out = upstream.read().decode("utf-8", "surrogateescape")
    codes = [proc.wait() for proc in procs]
    failed = next((code for code in codes if code), 0)
    if failed:
        raise DataError(f"a stage of the count failed (exit {failed}); its message is above")
    return out


def _kind(line: str) -> str | None:
    fields = line.split("\t")
    return fields[6] if len(fields) > 6 else None


def judged_hits(files: Sequence[str], words: Sequence[str], verify: bool = True, pad: float = 1.5) -> list[str]:
    """Every hit and candidate of the words, with a verdict and score: forms the transcript wrote out
    are `heard` without a decode (they count whatever a window says); the rest go to au-verify."""
    queries = [option for word in words for option in ("--fuzzy", word)]
    found = run_pipeline([_command("tok") + (["--alternatives"] if verify else []) + ["--", *files],
                          _command("wc_words") + queries + ["--hits"] + (["--near"] if verify else [])])
    lines = found.splitlines()
    doubtful = [line for line in lines if not heard(_kind(line))]
    if not verify or not doubtful:
        return [f"{line}\theard\t-" for line in lines]
    with tempfile.TemporaryDirectory(prefix="au-count.") as tmp:
        transcript = _joined(files, tmp)
        verdicts = iter(_verified(doubtful, transcript, pad))
        judged = [f"{line}\theard\t-" if heard(_kind(line)) else next(verdicts) for line in lines]
        again = second_look([_judged(line) for line in judged])
        closer = _verified([lines[i] for i in again], transcript, SECOND_LOOK_PAD) if again else []
    for i, line in zip(again, closer):
        if line.split("\t")[7] == "confirmed":
            judged[i] = line
    return judged


def _judged(line: str) -> Judged:
    """A judged hit line (source, start, end, form, query, score, kind, verdict, score) as the count sees it."""
    fields = line.split("\t")
    return Judged(fields[0], fields[4], fields[6], fields[7], parse_time(fields[1]), parse_time(fields[2]))


def _verified(lines: Sequence[str], transcript: str, pad: float) -> list[str]:
    """au-verify's verdict lines for these hit lines, judged with this much audio either side."""
    judge = _command("au_verify") + ["--transcript", transcript, "--pad", str(pad)]
    return run_pipeline([judge], "".join(line + "\n" for line in lines).encode("utf-8", "surrogateescape")).splitlines()


def count_words(files: Sequence[str], words: Sequence[str], verify: bool = True,
                pad: float = 1.5) -> list[tuple[int, str]]:
    """count, word rows for the transcripts: most first, then by word; a word never heard counts 0."""
    counts = {word: 0 for word in words}
    for line in trusted_hits(files, words, verify, pad):
        query = line.split("\t")[4]
        counts[query] = counts.get(query, 0) + 1
    return sorted(((n, w) for w, n in counts.items()), key=lambda row: (-row[0], row[1]))


def trusted_hits(files: Sequence[str], words: Sequence[str], verify: bool = True, pad: float = 1.5) -> list[str]:
    """The hit lines that make the count, each with its verdict and score columns."""
    lines = [line for line in judged_hits(files, words, verify, pad) if line.count("\t") >= 8]
    hits = [_judged(line) for line in lines]
    return [line for line, flag in zip(lines, trusted_flags(hits)) if flag]


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
