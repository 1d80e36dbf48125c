"""wc-words: tokens (or text, or transcripts) in, counts out."""

from __future__ import annotations

import sys
from functools import partial
from typing import Annotated, Optional

import typer

from ..cli import runner
from ..cli.arguments import given_order, require_fuzzy
from ..cli.inputs import inputs_or_stdin
from ..count.counter import BlockCounter, CountOptions, Counts
from ..count.hitlines import hit_line
from ..count.lexicon import DEFAULT_LANGUAGE, resolve_language
from ..count.match import DEFAULT_THRESHOLD, parse_query
from ..count.run import count_inputs, default_jobs, near_rows, query_total, sorted_hits, table_rows, variant_rows
from ..errors import UsageError
from ..tokens.batches import ReadOptions
from .options import (ClockOption, DebugOption, FilesFromOption, FromOption, FuzzyOption, InputFiles, KeepCaseOption,
                      LanguageOption, LooseOption, PhoneticOption, SkipBadOption, SourceOption, ThresholdOption,
                      VersionOption, WordOption)

NAME = "wc-words"
HELP = """Count words: the whole table, or how often each query occurs, and where.

Reads tok's tokens, plain text or au-stt transcripts (detected, or --from).
Output is TSV: count<TAB>word, most frequent first, ties by word.

\b
Examples:
  wc-words --top 20 < notes.txt
  au-split ep.mp3 | au-stt | tok | wc-words --fuzzy banana
  wc-words --fuzzy tomato --variants ep.tokens
  wc-words --fuzzy "machine learning" --hits --clock ep.tokens
  wc-words --fuzzy banana --hits --near ep.tokens   # and the near-misses not counted
  wc-words --fuzzy Banane --language de notizen.txt
  au-stt --model base folge.ogg | wc-words --fuzzy Banane   # the language the transcript says
  wc-words --fuzzy mister --fuzzy eight --fuzzy walk ep.tokens   # Mr., 8, walked and went too

--fuzzy counts, by kind: exact, spoken-form (Mr. for mister), number (8 for eight, 1st for
first), inflection (plural, possessive), family (walked, went: give the dictionary form),
compound, misspelling; words of their own (applet for apple) only with --loose.
"""

app = runner.make_app(HELP)


def _check_options(words: list[str], fuzzy: list[str], variants: bool, hits: bool, clock_times: bool,
                   fuzzy_only: dict[str, bool], near: bool) -> None:
    if variants and hits:
        raise UsageError("--variants and --hits do not go together")
    if (variants or hits) and not (words or fuzzy):
        raise UsageError("--variants and --hits need a --word or --fuzzy query")
    require_fuzzy(fuzzy_only, fuzzy)
    if clock_times and not hits:
        raise UsageError("--clock applies to --hits")
    if near and not (hits or variants):
        raise UsageError("--near applies to --hits and --variants")


def _variant_lines(tally: Counts, counter: BlockCounter, q: int, query: str, near: bool) -> str:
    rows = variant_rows(tally, counter, q) + (near_rows(tally, counter, q) if near else [])
    return "".join(f"{n}\t{form}\t{query}\t{m.score:.0f}\t{m.label}\n" for n, form, m in rows)


def _write(tally: Counts, counter: BlockCounter, queries: list[str], variants: bool, hits: bool,
           clock_times: bool, top: int | None, near: bool) -> None:
    out = sys.stdout
    if not tally.table and not (queries and tally.had_content):
        return  # empty input, empty output; a query over text without tokens still gets its 0
    if not queries:
        out.write("".join(f"{n}\t{w}\n" for n, w in table_rows(tally.table, top)))
    elif hits:
        out.write("".join(hit_line(h, queries[h.query], clock_times) for h in sorted_hits(tally)))
    elif variants:
        out.write("".join(_variant_lines(tally, counter, q, query, near) for q, query in enumerate(queries)))
    else:
        out.write("".join(f"{query_total(tally, counter, q)}\t{query}\n" for q, query in enumerate(queries)))


@app.command(help=HELP)
def wc_words(
    ctx: typer.Context,
    files: InputFiles = None,
    files_from: FilesFromOption = None,
    word: WordOption = None,
    fuzzy: FuzzyOption = None,
    phonetic: PhoneticOption = False,
    loose: LooseOption = False,
    language: LanguageOption = None,
    threshold: ThresholdOption = DEFAULT_THRESHOLD,
    variants: Annotated[bool, typer.Option("--variants", help="One line per matched form: "
                                           "count, form, query, score, kind.")] = False,
    hits: Annotated[bool, typer.Option("--hits", help="One line per occurrence: "
                                       "source, start, end, form, query, score, kind.")] = False,
    near: Annotated[bool, typer.Option("--near", help="With --hits or --variants, also the near-misses not "
                                       "counted (kind uncounted-word, uncounted-near, or uncounted-phrase for "
                                       "a run of words).")] = False,
    clock_times: ClockOption = False,
    top: Annotated[Optional[int], typer.Option(
        "--top", "-n", metavar="N", min=1, show_default=False, help="Only the N most frequent words.")] = None,
    keep_case: KeepCaseOption = False,
    skip_bad: SkipBadOption = False,
    input_format: FromOption = "auto",
    source: SourceOption = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", metavar="N", min=0, help="Processes for plain text of 4 MiB "
                                      "or more (0: one a CPU, up to 4; one on 2 CPUs or fewer).")] = 0,
    version: VersionOption = False,
    debug: DebugOption = False,
) -> None:
    words, fuzzies = word or [], fuzzy or []
    given = {"--phonetic": phonetic, "--loose": loose, "--near": near}
    _check_options(words, fuzzies, variants, hits, clock_times, given, near)
    queries = [parse_query(text, is_fuzzy, keep_case) for text, is_fuzzy in given_order(ctx.obj, words, fuzzies)]
    code = resolve_language(language) if language else None
    options = CountOptions(tuple(queries), threshold, phonetic, keep_case, collect_hits=hits, loose=loose,
                           language=code or DEFAULT_LANGUAGE, near=near)
    # Without --language, a transcript that says its language (au-stt with a multilingual model) chooses it
    tally, counter = count_inputs(inputs_or_stdin(files or [], files_from), input_format, options, jobs or default_jobs(),
                                  ReadOptions(keep_case, partial(runner.warn, NAME), skip_bad, source=source,
                                              language=code),
                                  follow_language=code is None)
    _write(tally, counter, [q.text for q in queries], variants, hits, clock_times, top, near)


def main() -> None:
    runner.run(app, NAME)


if __name__ == "__main__":
    main()
