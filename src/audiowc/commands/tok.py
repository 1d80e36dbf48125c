"""tok: text or transcripts in, one token a line out."""

from __future__ import annotations

import sys
from functools import partial
from typing import Annotated

import typer


from ..cli import runner
from ..cli.inputs import inputs_or_stdin, open_input
from ..fields import tsv_field
from ..tokens.batches import ReadOptions, iter_batches, resolve_format
from .options import (DebugOption, FilesFromOption, FromOption, InputFiles, KeepCaseOption, LanguageOption,
                      SkipBadOption, SourceOption, VersionOption)

NAME = "tok"
HELP = """Split text or au-stt transcripts into tokens, one a line.

Plain text gives bare tokens; transcripts (JSONL segments) give
token<TAB>start<TAB>end<TAB>source with times in seconds. With
--alternatives, the tokens of what au-stt's runner-up readings heard
instead (a segment's "alternatives") follow each batch as lines with a
fifth column, the reading's score: wc-words lists the queries they hold as
candidates and never counts them.

The source of a transcript file is what its JSONL (or JSON) says, else
the file's name less its transcript extension: talk.ogg.srt gives
talk.ogg, so au-clip and au-verify find the recording; --source NAME
names it instead.

A transcript that says its language (au-stt with a multilingual model
writes "language" in each segment) is split by that language's rules:
French, Italian and Catalan split off elided words (l'accident: l
accident), Turkish lower-cases I to ı. --language sets the language
instead, for plain text too.

\b
Examples:
  tok notes.txt | sort | uniq -c | sort -rn | head
  au-split ep.mp3 | au-stt | tok > ep.tokens
  tok --keep-case ep.mp3.jsonl | grep -w Banana
  tok --source ep.mp3 old.srt | wc-words --fuzzy banana --hits
  tok --alternatives ep.mp3.jsonl | wc-words --fuzzy banana --hits --near
  tok --language fr notes.txt
"""

app = runner.make_app(HELP)


@app.command(help=HELP)
def tok(
    files: InputFiles = None,
    files_from: FilesFromOption = None,
    input_format: FromOption = "auto",
    keep_case: KeepCaseOption = False,
    skip_bad: SkipBadOption = False,
    alternatives: Annotated[bool, typer.Option("--alternatives", help="Also write the tokens of the "
                            "transcript's alternative readings, with their score as a fifth column.")] = False,
    language: LanguageOption = None,
    source: SourceOption = None,
    version: VersionOption = False,
    debug: DebugOption = False,
) -> None:
    read = ReadOptions(keep_case, partial(runner.warn, NAME), skip_bad, source=source, language=language)
    out = sys.stdout
    for name in inputs_or_stdin(files or [], files_from):
        with open_input(name, "text or a transcript") as stream:
            head, fmt = resolve_format(stream, input_format, name)
            for batch in iter_batches(stream, name, fmt, read, head):
                if batch.timed:
                    assert batch.starts is not None and batch.ends is not None and batch.sources is not None
                    out.write("".join(f"{t}\t{s:.3f}\t{e:.3f}\t{tsv_field(src)}\n" for t, s, e, src in zip(
                        batch.tokens, batch.starts, batch.ends, batch.sources)))
                    if alternatives:
                        out.write("".join(f"{t}\t{a.start:.3f}\t{a.end:.3f}\t{tsv_field(a.source)}\t{a.score:.3f}\n"
                                          for a in batch.alternatives for t in a.tokens))
                else:
                    out.write("\n".join(batch.tokens) + "\n")


def main() -> None:
    runner.run(app, NAME)


if __name__ == "__main__":
    main()
