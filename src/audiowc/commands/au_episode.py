"""au-episode: the per-episode step of a batch; each recording's transcript, made once, resumable."""

from __future__ import annotations

import shlex
from functools import partial
from typing import Annotated, Optional

import typer

from ..batch.episode import EpisodeStep, transcript_of
from ..cli import runner
from ..cli.inputs import listed_inputs
from ..errors import AudiowcError, UsageError
from .options import DebugOption, FilesFromOption, SttOptions, VersionOption

NAME = "au-episode"
HELP = """Transcribe each recording once into FILE.jsonl beside it (au-split | au-stt).

A transcript newer than its recording is kept; an interrupted one (FILE.jsonl.part)
goes on from its last finished chunk. Prints each transcript's name on stdout.
make counts, bin/au-parallel and bin/au-slurm all run this step.

\b
Examples:
  au-episode ep1.mp3 "ep 2.MP3"                  # ep1.mp3.jsonl, ep 2.MP3.jsonl
  au-episode --stt-options '--model base.en' ep1.mp3
  au-episode ep1.mp3 && tok ep1.mp3.jsonl | wc-words --fuzzy banana
  au-merge --fuzzy banana ep1.mp3 "ep 2.MP3"     # the counts of a batch
"""

app = runner.make_app(HELP)


@app.command(help=HELP)
def au_episode(
    files: Annotated[Optional[list[str]], typer.Argument(metavar="FILE", help="Recordings.",
                                                         show_default=False)] = None,
    files_from: FilesFromOption = None,
    stt_options: SttOptions = "",
    split_options: Annotated[str, typer.Option("--split-options", metavar="OPTIONS", help="Options for "
                                               "au-split, as one shell-quoted string.")] = "",
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Say nothing on stderr but warnings and "
                                        "errors.")] = False,
    version: VersionOption = False,
    debug: DebugOption = False,
) -> None:
    recordings = list(listed_inputs(files or [], files_from))
    if not recordings:
        raise UsageError("no input: give FILE... or --files-from")
    try:
        report = _silent if quiet else partial(runner.note, NAME)
        step = EpisodeStep(shlex.split(stt_options), shlex.split(split_options), report)
    except ValueError as exc:
        raise UsageError(f"cannot read the options: {exc}") from None
    failures = 0
    for recording in recordings:
        try:
            step.run(recording)
        except AudiowcError as exc:
            if len(recordings) == 1:
                raise
            runner.error(NAME, exc.describe())  # and go on with the other recordings
            failures += 1
            continue
        print(transcript_of(recording), flush=True)
    if failures:
        raise typer.Exit(1)


def _silent(_message: str) -> None:
    pass


def main() -> None:
    runner.run(app, NAME)


if __name__ == "__main__":
    main()
