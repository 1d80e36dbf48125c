"""au-count: the count to trust for words in recordings, in one command."""

from __future__ import annotations

import shlex
import sys
from typing import Annotated, Optional

import typer

from ..batch.bestcount import count_words, transcripts, trusted_hits
from ..batch.episode import EpisodeStep
from ..cli import runner
from ..cli.inputs import listed_inputs
from ..errors import UsageError
from .options import DebugOption, FilesFromOption, PadOption, SttOptions, VersionOption

NAME = "au-count"
HELP = """Count words in recordings: the count to trust, in one command.

Each recording is transcribed once into FILE.jsonl beside it (as au-episode does; a .jsonl
input is taken as a transcript), then every form of each WORD is counted (wc-words --fuzzy)
and what the transcript only nearly heard, or heard only in an alternative reading, is
checked against the audio (au-verify): a candidate the sound confirms counts too. Prints
count<TAB>word, most first; --hits prints the hits that make the count instead, each
with a verdict (heard: a form the transcript wrote out; else au-verify's) and its score.

\b
Examples:
  au-count -w banana ep.mp3                       # 8	banana
  au-count -w banana -w "machine learning" ep1.mp3 "ep 2.ogg"
  au-count -w banana --hits ep.mp3 | cut -f2,4,8   # start, form, verdict
  au-count -w banana --no-verify ep.mp3           # the transcript's count alone (faster)
"""

app = runner.make_app(HELP)


@app.command(help=HELP)
def au_count(
    files: Annotated[Optional[list[str]], typer.Argument(metavar="FILE", help="Recordings (or transcripts, "
                                                         ".jsonl).", show_default=False)] = None,
    words: Annotated[Optional[list[str]], typer.Option("--word", "-w", metavar="WORD", help="A word or phrase "
                                                       "to count (repeat for more).", show_default=False)] = None,
    files_from: FilesFromOption = None,
    hits: Annotated[bool, typer.Option("--hits", help="Print the hits that make the count (wc-words --hits "
                                       "lines, with au-verify's verdict and score) instead of counts.")] = False,
    verify: Annotated[bool, typer.Option("--verify/--no-verify", help="Check candidates against the audio "
                                         "(--no-verify: the transcript's own count).")] = True,
    pad: PadOption = 1.5,
    stt_options: SttOptions = "",
    version: VersionOption = False,
    debug: DebugOption = False,
) -> None:
    if not words:
        raise UsageError("no word to count: give --word WORD")
    recordings = list(listed_inputs(files or [], files_from))
    if not recordings:
        raise UsageError("no input: give FILE... or --files-from")
    try:
        step = EpisodeStep(shlex.split(stt_options), [], lambda _message: None)
    except ValueError as exc:
        raise UsageError(f"cannot read --stt-options: {exc}") from None
    made = transcripts(recordings, step)
    if hits:
        sys.stdout.write("".join(line + "\n" for line in trusted_hits(made, words, verify, pad)))
    else:
        sys.stdout.write("".join(f"{n}\t{word}\n" for n, word in count_words(made, words, verify, pad)))


def main() -> None:
    runner.run(app, NAME)


if __name__ == "__main__":
    main()
