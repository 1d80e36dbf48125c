"""au-clip: hits in, a short clip per hit and one supercut out."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Iterator, Optional

import typer

from ..cli import runner
from ..cli.inputs import inputs_or_stdin, open_input
from ..count.hitlines import HitLine, read_hits
from ..errors import UsageError
from ..fields import tsv_field
from ..hits.clips import SUPERCUT_FORMATS, Supercut, cut_clips
from .options import AudioDirOption, DebugOption, FilesFromOption, InputFiles, PadOption, VersionOption

NAME = "au-clip"
HELP = """Cut each hit out of its recording, to listen to: one clip a hit, and a supercut.

Reads wc-words --hits lines (or au-verify's). Each clip runs from --pad seconds before the hit
to --pad seconds after it, with the recording's own samples, and is named by the recording's
stem and the hit's time. Output: each hit line with its clip's path appended.

A recording is looked for in --audio-dir, then where the hit says: the file
of that name, else the one audio file of that name plus an extension (hits
from "Other Tool.srt" name "Other Tool": "Other Tool.mp3" beside it).

\b
Examples:
  wc-words --fuzzy banana --hits ep.tokens | au-clip --supercut bananas.wav
  au-clip -o clips/ --pad 2 hits.tsv
  au-verify hits.tsv | grep -v rejected | au-clip --supercut check.flac
"""

app = runner.make_app(HELP)


def _hits(files: list[str]) -> Iterator[HitLine]:
    for name in files:
        with open_input(name, "wc-words --hits lines") as stream:
            yield from read_hits(stream, name)


@app.command(help=HELP)
def au_clip(
    files: InputFiles = None,
    out_dir: Annotated[Path, typer.Option("--out-dir", "-o", metavar="DIR", help="Where the clips go "
                                          "(made with the first clip).")] = Path("clips"),
    supercut: Annotated[Optional[Path], typer.Option("--supercut", "-s", metavar="FILE", show_default=False,
                        help="Also write every clip, in hit order, into this one file (.wav, .flac or .ogg).")
                        ] = None,
    pad: PadOption = 1.5,
    gap: Annotated[float, typer.Option("--gap", metavar="SECONDS", min=0, help="Silence between clips in "
                                       "the supercut, with a short tone in it (0: none).")] = 0.5,
    no_clips: Annotated[bool, typer.Option("--no-clips", help="Write only the supercut.")] = False,
    audio_dir: AudioDirOption = None,
    files_from: FilesFromOption = None,
    version: VersionOption = False,
    debug: DebugOption = False,
) -> None:
    if supercut is not None and supercut.suffix.lower() not in SUPERCUT_FORMATS:
        raise UsageError(f"--supercut must end in {', '.join(SUPERCUT_FORMATS)}, not {supercut.name!r}")
    if no_clips and supercut is None:
        raise UsageError("--no-clips needs --supercut")
    joined = Supercut(supercut, gap) if supercut is not None else None
    for clip in cut_clips(_hits(inputs_or_stdin(files or [], files_from)), out_dir, pad, audio_dir, write=not no_clips):
        if joined is not None:
            joined.add(clip.excerpt)
        if not no_clips:
            sys.stdout.write(f"{clip.hit.text}\t{tsv_field(str(clip.path))}\n")
    if joined is not None:
        joined.write()


def main() -> None:
    runner.run(app, NAME)


if __name__ == "__main__":
    main()
