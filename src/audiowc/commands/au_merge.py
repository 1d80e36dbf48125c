"""au-merge: a batch's transcripts in, counts per episode and in total (or hits, or one transcript) out."""

from __future__ import annotations

import sys
from functools import partial
from typing import Annotated, Optional

import typer

from ..batch.merge import count_rows, episodes, merged_hits, merged_segments
from ..cli import runner
from ..cli.arguments import given_order, require_fuzzy
from ..cli.inputs import listed_inputs
from ..count.counter import CountOptions
from ..count.hitlines import hit_line
from ..count.lexicon import DEFAULT_LANGUAGE, resolve_language
from ..count.match import DEFAULT_THRESHOLD, parse_query
from ..errors import UsageError
from ..tokens.batches import ReadOptions
from .options import (ClockOption, DebugOption, FilesFromOption, FuzzyOption, LanguageOption, LooseOption,
                      PhoneticOption, ThresholdOption, VersionOption, WordOption)

NAME = "au-merge"
HELP = """Merge a batch: counts per episode and in total, every hit, or one transcript.

Each FILE is a recording whose transcript au-episode made (FILE.jsonl), or a transcript
(.jsonl, or subtitles and whisper output: .srt, .vtt, .json, .tsv, .txt),
whose episode is its name less that extension, as tok names its recording.
Counts are TSV, count<TAB>word<TAB>episode for each episode in the order given, then
count<TAB>word for the whole batch: the lines one wc-words run over every transcript gives.
Hits are wc-words' hit lines (source, start, end, form, query, score, kind).

\b
Examples:
  au-merge --fuzzy banana ep1.mp3 ep2.mp3 > counts.tsv
  au-merge --fuzzy banana --files-from episodes.txt
  au-merge --fuzzy banana --hits --clock *.mp3.jsonl  # by source, then time
  au-merge --fuzzy Banane --language de folge*.mp3
  au-merge --segments ep1.mp3 ep2.mp3 > all.jsonl     # as one au-stt run writes them
"""

app = runner.make_app(HELP)


@app.command(help=HELP)
def au_merge(
    ctx: typer.Context,
    files: Annotated[Optional[list[str]], typer.Argument(metavar="FILE", help="Recordings or transcripts.",
                                                         show_default=False)] = None,
    files_from: FilesFromOption = None,
    word: WordOption = None,
    fuzzy: FuzzyOption = None,
    phonetic: PhoneticOption = False,
    loose: LooseOption = False,
    language: LanguageOption = None,
    threshold: ThresholdOption = DEFAULT_THRESHOLD,
    hits: Annotated[bool, typer.Option("--hits", help="Every hit instead: source, start, end, form, query, "
                                       "score, kind, by source and time.")] = False,
    near: Annotated[bool, typer.Option("--near", help="With --hits, also the near-misses not counted "
                                       "(kind uncounted-word, uncounted-near or uncounted-phrase).")] = False,
    clock_times: ClockOption = False,
    segments: Annotated[bool, typer.Option("--segments", help="The transcripts as one, in the order "
                                           "given, instead.")] = False,
    version: VersionOption = False,
    debug: DebugOption = False,
) -> None:
    names = list(listed_inputs(files or [], files_from))
    if not names:
        raise UsageError("no input: give FILE... or --files-from")
    queries = [parse_query(text, is_fuzzy, False) for text, is_fuzzy in given_order(ctx.obj, word or [], fuzzy or [])]
    if segments:
        if queries or hits:
            raise UsageError("--segments takes no queries and no --hits")
        sys.stdout.flush()
        sys.stdout.buffer.writelines(merged_segments(episodes(names)))
        return
    if not queries:
        raise UsageError("give a --word or --fuzzy query (or --segments)")
    if clock_times and not hits:
        raise UsageError("--clock applies to --hits")
    require_fuzzy({"--phonetic": phonetic, "--loose": loose, "--near": near}, fuzzy or [])
    if near and not hits:
        raise UsageError("--near applies to --hits")
    batch = episodes(names)
    code = resolve_language(language) if language else None
    options = CountOptions(tuple(queries), threshold, phonetic, collect_hits=hits, loose=loose, near=near,
                           language=code or DEFAULT_LANGUAGE)
    read = ReadOptions(False, partial(runner.warn, NAME), language=code)  # tokenised by its rules too, as wc-words
    if hits:
        texts = [q.text for q in queries]
        sys.stdout.writelines(hit_line(h, texts[h.query], clock_times) for h in merged_hits(batch, options, read))
    else:
        sys.stdout.writelines(count_rows(batch, options, read))


def main() -> None:
    runner.run(app, NAME)


if __name__ == "__main__":
    main()
