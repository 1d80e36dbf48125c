"""wc-words: tokens (or text, or transcripts) in, counts out."""

from __future__ import annotations

import sys
from functools import partial
from typing import Annotated, Iterator, Optional

import typer

from .. import cli
from ..count import BlockCounter, CountOptions, Hit, Tally
from ..errors import UsageError
from ..lexicon import DEFAULT_LANGUAGE, resolve_language
from ..match import DEFAULT_THRESHOLD, parse_query
from ..records import clock, tsv_field
from ..streams import ReadOptions, input_names
from ..tally import (count_inputs, default_jobs, near_rows, query_total, sorted_hits, table_rows,
                     variant_rows)

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
"""

app = cli.make_app(HELP)


def _check_options(words: list[str], fuzzy: list[str], variants: bool, hits: bool, clock_times: bool,
                   fuzzy_only: dict[str, bool], near: bool) -> None:
    if variants and hits:
        raise UsageError("--variants and --hits do not go together")
    if (variants or hits) and not (words or fuzzy):
        raise UsageError("--variants and --hits need a --word or --fuzzy query")
    for flag, given in fuzzy_only.items():
        if given and not fuzzy:
            raise UsageError(f"{flag} applies to --fuzzy queries; give one")
    if clock_times and not hits:
        raise UsageError("--clock applies to --hits")
    if near and not (hits or variants):
        raise UsageError("--near applies to --hits and --variants")


def _hit_line(hit: Hit, query: str, clock_times: bool) -> str:
    if not hit.timed:
        start, end = str(int(hit.start)), str(int(hit.end))
    elif clock_times:
        start, end = clock(hit.start), clock(hit.end)
    else:
        start, end = f"{hit.start:.3f}", f"{hit.end:.3f}"
    return f"{tsv_field(hit.source)}\t{start}\t{end}\t{hit.form}\t{query}\t{hit.match.score:.0f}\t{hit.match.label}\n"


def _variant_lines(tally: Tally, counter: BlockCounter, q: int, query: str, near: bool) -> str:
    rows = variant_rows(tally, counter, q) + (near_rows(tally, counter, q) if near else [])
    return "".join(f"{n}\t{form}\t{query}\t{m.score:.0f}\t{m.label}\n" for n, form, m in rows)


def _write(tally: Tally, counter: BlockCounter, queries: list[str], variants: bool, hits: bool,
           clock_times: bool, top: int | None, near: bool) -> None:
    out = sys.stdout
    if not tally.table:
        return  # empty input, empty output
    if not queries:
        out.write("".join(f"{n}\t{w}\n" for n, w in table_rows(tally.table, top)))
    elif hits:
        out.write("".join(_hit_line(h, queries[h.query], clock_times) for h in sorted_hits(tally)))
    elif variants:
        out.write("".join(_variant_lines(tally, counter, q, query, near) for q, query in enumerate(queries)))
    else:
        out.write("".join(f"{query_total(tally, counter, q)}\t{query}\n" for q, query in enumerate(queries)))


QUERY_FLAGS = (("--word", False), ("-w", False), ("--fuzzy", True), ("-f", True))


def _flag_value(arg: str, rest: Iterator[str]) -> tuple[str, bool] | None:
    for flag, is_fuzzy in QUERY_FLAGS:
        if arg == flag:
            return next(rest, ""), is_fuzzy
        if flag.startswith("--") and arg.startswith(flag + "="):
            return arg[len(flag) + 1:], is_fuzzy
        if not flag.startswith("--") and arg.startswith(flag) and len(arg) > 2:
            return arg[2:], is_fuzzy
    return None


def given_order(argv: list[str] | None, words: list[str], fuzzies: list[str]) -> list[tuple[str, bool]]:
    """(query, fuzzy) in command-line order; click keeps --word and --fuzzy apart, so read argv
    again, and fall back to words first when the two readings disagree."""
    parsed = [(w, False) for w in words] + [(f, True) for f in fuzzies]
    found: list[tuple[str, bool]] = []
    rest = iter(argv or [])
    for arg in rest:
        if arg == "--":
            break
        value = _flag_value(arg, rest)
        if value is not None:
            found.append(value)
    return found if sorted(found) == sorted(parsed) else parsed


@app.command(help=HELP)
def wc_words(
    ctx: typer.Context,
    files: cli.InputFiles = None,
    word: Annotated[Optional[list[str]], typer.Option(
        "--word", "-w", metavar="WORD", show_default=False,
        help="Count this word or phrase exactly (repeatable).")] = None,
    fuzzy: Annotated[Optional[list[str]], typer.Option(
        "--fuzzy", "-f", metavar="WORD", show_default=False,
        help="Count every form of this word or phrase a listener would accept (repeatable).")] = None,
    phonetic: cli.PhoneticOption = False,
    loose: cli.LooseOption = False,
    language: Annotated[Optional[str], typer.Option(
        "--language", "-l", metavar="CODE", show_default=False,
        help="Language of the tokens, whose words a near form may be (en, de, fr...; default en).")] = None,
    threshold: cli.ThresholdOption = DEFAULT_THRESHOLD,
    variants: Annotated[bool, typer.Option("--variants", help="One line per matched form: "
                                           "count, form, query, score, kind.")] = False,
    hits: Annotated[bool, typer.Option("--hits", help="One line per occurrence: "
                                       "source, start, end, form, query, score, kind.")] = False,
    near: Annotated[bool, typer.Option("--near", help="With --hits or --variants, also the near-misses not "
                                       "counted (kind uncounted-word, uncounted-near, or uncounted-phrase for "
                                       "a run of words).")] = False,
    clock_times: cli.ClockOption = False,
    top: Annotated[Optional[int], typer.Option(
        "--top", "-n", metavar="N", min=1, show_default=False, help="Only the N most frequent words.")] = None,
    keep_case: cli.KeepCaseOption = False,
    skip_bad: cli.SkipBadOption = False,
    input_format: cli.FromOption = "auto",
    jobs: Annotated[int, typer.Option("--jobs", "-j", metavar="N", min=0, help="Processes for large plain text "
                                      "(0: one a CPU, up to 4).")] = 0,
    version: cli.VersionOption = False,
    debug: cli.DebugOption = False,
) -> None:
    words, fuzzies = word or [], fuzzy or []
    given = {"--phonetic": phonetic, "--loose": loose, "--language": language is not None, "--near": near}
    _check_options(words, fuzzies, variants, hits, clock_times, given, near)
    queries = [parse_query(text, is_fuzzy, keep_case) for text, is_fuzzy in given_order(ctx.obj, words, fuzzies)]
    if not 0 <= threshold <= 100:  # false for NaN too
        raise UsageError(f"--threshold must be a number from 0 to 100, not {threshold}")
    options = CountOptions(tuple(queries), threshold, phonetic, keep_case, collect_hits=hits, loose=loose,
                           language=resolve_language(language) if language else DEFAULT_LANGUAGE, near=near)
    tally, counter = count_inputs(input_names(files or []), input_format, options, jobs or default_jobs(),
                                  ReadOptions(keep_case, partial(cli.warn, NAME), skip_bad))
    _write(tally, counter, [q.text for q in queries], variants, hits, clock_times, top, near)


def main() -> None:
    cli.run(app, NAME)


if __name__ == "__main__":
    main()
