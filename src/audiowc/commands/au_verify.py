"""au-verify: hits in, hits with a verdict from the audio out."""

from __future__ import annotations

import itertools
import sys
from collections import Counter
from typing import Annotated, Iterator, Optional

import typer

from .. import cli
from ..excerpt import read_excerpt
from ..hitlines import HitLine, find_audio, read_hits
from ..streams import input_names, open_input
from ..hitcontext import Transcript
from ..verify import Verifier, Window

NAME = "au-verify"
HELP = """Check each hit against the audio: confirmed, rejected or unsure, with a score.

Reads wc-words --hits lines (with or without --clock, with or without a kind column), cuts the
audio around each hit from its recording, and asks the speech model which reading the sound
supports: the query word, or what the transcript heard. Given the transcript the hits came from
(--transcript), each hit is judged among the words it heard around it, which confirms more true
hits. Output: each hit line with two more columns, verdict and score (0-1, the query's share). A near-miss that was not counted comes out
as a hit when it is confirmed. Cost grows with the number of hits, not the recording's length.

\b
Examples:
  wc-words --fuzzy banana --hits ep.tokens | au-verify
  wc-words --fuzzy banana --hits --near ep.tokens | au-verify --transcript ep.tokens
  wc-words --fuzzy banana --hits ep.tokens | au-verify --summary     # 7 confirmed, 1 unsure: banana
  au-verify --audio-dir ~/podcasts hits.tsv | grep -w confirmed
"""

app = cli.make_app(HELP)


def _hits(files: list[str]) -> Iterator[HitLine]:
    for name in input_names(files):
        with open_input(name) as stream:
            yield from read_hits(stream, name)


def _window(hit: HitLine, pad: float, audio_dir: str | None, transcript: Transcript | None) -> Window:
    first = max(0.0, hit.start - pad)
    excerpt = read_excerpt(find_audio(hit.source, audio_dir), first, hit.end + pad)
    span = max(excerpt.samples.shape[0] / excerpt.rate, 1e-3)
    where = min(1.0, ((hit.start + hit.end) / 2 - first) / span)
    context = transcript.around(hit.source, hit.start, hit.end, first, first + span) if transcript else None
    return Window(excerpt.mono16k(), hit.form, hit.query, where, context)


def _groups(hits: Iterator[HitLine], size: int) -> Iterator[list[HitLine]]:
    """Hits a few at a time: their windows share encoder and decoder calls."""
    group: list[HitLine] = []
    for hit in hits:
        group.append(hit)
        if len(group) == size:
            yield group
            group = []
    if group:
        yield group


def _summary(tally: Counter[tuple[str, str]], queries: list[str]) -> str:
    return "".join(f"{tally[q, 'confirmed']} confirmed, {tally[q, 'unsure']} unsure, "
                   f"{tally[q, 'rejected']} rejected: {q}\n" for q in queries)


@app.command(help=HELP)
def au_verify(
    files: cli.InputFiles = None,
    audio_dir: Annotated[Optional[str], typer.Option("--audio-dir", metavar="DIR", show_default=False,
                         help="Look for recordings here (by file name) before where the hits say.")] = None,
    pad: Annotated[float, typer.Option("--pad", metavar="SECONDS", min=0.2, max=4.0,
                                       help="Audio either side of a hit that the model hears with it.")] = 1.5,
    transcript: Annotated[Optional[str], typer.Option("--transcript", "-t", metavar="FILE", show_default=False,
                          help="The transcript the hits came from (au-stt JSONL, tok's tokens, SRT...): "
                          "its words around each hit are the context the hit is judged in.")] = None,
    summary: Annotated[bool, typer.Option("--summary", help="Instead of the hits, one line a query: "
                                          "N confirmed, M unsure, K rejected: QUERY.")] = False,
    model: Annotated[Optional[str], typer.Option("--model", "-m", metavar="MODEL", show_default=False,
                     help="A CTranslate2 Whisper model directory (default: the embedded tiny.en).")] = None,
    device: Annotated[str, typer.Option("--device", metavar="DEVICE", help="auto, cpu or cuda.")] = "auto",
    version: cli.VersionOption = False,
    debug: cli.DebugOption = False,
) -> None:
    hits = _hits(files or [])
    first = next(hits, None)
    if first is None:
        return
    verifier = Verifier(model, device)  # loaded only when there is a hit
    words = Transcript.read(transcript) if transcript else None
    tally: Counter[tuple[str, str]] = Counter()
    queries: list[str] = []
    for group in _groups(itertools.chain([first], hits), verifier.batch):
        verdicts = verifier.judge_all([_window(hit, pad, audio_dir, words) for hit in group])
        for hit, verdict in zip(group, verdicts):
            if hit.query not in queries:
                queries.append(hit.query)
            tally[hit.query, verdict.verdict] += 1
            if not summary:
                sys.stdout.write(f"{hit.text}\t{verdict.verdict}\t{verdict.score:.3f}\n")
        sys.stdout.flush()  # verdicts cost decodes: let the next stage see each group
    if summary:
        sys.stdout.write(_summary(tally, queries))


def main() -> None:
    cli.run(app, NAME)


if __name__ == "__main__":
    main()
