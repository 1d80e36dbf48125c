"""au-verify: hits in, hits with a verdict from the audio out."""

from __future__ import annotations

import sys
from collections import Counter
from functools import partial
from typing import Annotated, Callable, Iterator, Optional

import typer

from ..audio.excerpt import find_audio, read_excerpt
from ..cli import runner
from ..cli.inputs import inputs_or_stdin, open_input
from ..count.hitlines import BadLine, HitLine, HitOrBad, read_hit_lines
from ..errors import DataError, UsageError
from ..hits.hitcontext import Transcript
from ..hits.trusted import SECOND_LOOK_PAD, Judged, heard, second_look, trusted_counts
from ..hits.verify import Verifier, Window
from .options import AudioDirOption, DebugOption, DeviceOption, FilesFromOption, InputFiles, PadOption, VersionOption

NAME = "au-verify"
HELP = """Check each hit against the audio: confirmed, rejected or unsure, with a score.

Reads wc-words --hits lines (with or without --clock, with or without a kind column), cuts the
audio around each hit from its recording, and asks the speech model which reading the sound
supports: the query word, or what the transcript heard. Given the transcript the hits came from
(--transcript), each hit is judged among the words it heard around it, which confirms more true
hits. Output: each hit line with two more columns, verdict and score (0-1, the query's share).
A near-miss that was not counted comes out as a hit when it is confirmed. Cost grows with the
number of hits, not the recording's length.

A line that cannot be judged (an end before its start, a recording that cannot be found or
read) comes out with verdict `unjudged` and score `-`, and a warning naming its line; the rest
are judged, and the exit status stays 0. Input that is not hit lines at all stops with an error.

\b
Examples:
  wc-words --fuzzy banana --hits ep.tokens | au-verify
  wc-words --fuzzy banana --hits --near ep.tokens | au-verify --transcript ep.tokens
  wc-words --fuzzy banana --hits ep.tokens | au-verify --summary     # 7 confirmed, 1 unsure, 2 rejected: banana
  au-verify --audio-dir ~/podcasts hits.tsv | grep -w confirmed
  tok --alternatives ep.mp3.jsonl | wc-words --fuzzy banana --hits --near \\
    | au-verify --transcript ep.mp3.jsonl --counts             # 8<TAB>banana

--counts gives the count to trust (what au-count prints): a form the
transcript wrote out (the word, its plural or other forms, a spoken form, a
number) counts as heard without a decode; a looser counted hit counts unless
the audio rejects it; a candidate (--near, an alternative reading) counts
when the audio confirms it, or is unsure and the same recording has the
word elsewhere (where it has the word, a run of words that was not
confirmed gets a second look, 0.8 s either side).
"""

app = runner.make_app(HELP)
UNJUDGED = "unjudged\t-"  # the verdict and score columns of a line that could not be judged


def _items(files: list[str]) -> Iterator[HitOrBad]:
    for name in files:
        with open_input(name, "wc-words --hits lines") as stream:
            yield from read_hit_lines(stream, name)


def _window(hit: HitLine, pad: float, audio_dir: str | None, transcript: Transcript | None) -> Window:
    first = max(0.0, hit.start - pad)
    excerpt = read_excerpt(find_audio(hit.source, audio_dir), first, hit.end + pad)
    span = max(excerpt.samples.shape[0] / excerpt.rate, 1e-3)
    if excerpt.start + excerpt.samples.shape[0] / excerpt.rate <= hit.start:
        raise DataError("no audio at the hit: the recording ends before it", hit.source)
    where = min(1.0, ((hit.start + hit.end) / 2 - first) / span)
    context = transcript.around(hit.source, hit.start, hit.end, first, first + span) if transcript else None
    return Window(excerpt.mono16k(), hit.form, hit.query, where, context)


def _why(error: DataError, hit: HitLine | None = None) -> str:
    """The warning for a line passed on unjudged: what went wrong (with the recording it concerns),
    then the input and line."""
    if hit is None:
        return f"unjudged: {error.describe()}"
    what = error.message if error.where in (None, hit.where) else f"{error.message}: {error.where}"
    return f"unjudged: {DataError(what, hit.where, hit.line).describe()}"


def _summary(tally: Counter[tuple[str, str]], queries: list[str]) -> str:
    return "".join(f"{tally[q, 'confirmed']} confirmed, {tally[q, 'unsure']} unsure, "
                   f"{tally[q, 'rejected']} rejected: {q}\n" for q in queries)


class _Run:
    """Judges hits a few at a time (their windows share encoder and decoder calls) and writes every
    line in input order: a line that cannot be judged goes out unjudged, with a warning."""

    def __init__(self, model: str | None, device: str, summary: bool, counts: bool = False) -> None:
        self.model, self.device, self.summary, self.counts = model, device, summary, counts
        self.judged: list[Judged] = []  # for --counts
        self.judged_hits: list[HitLine] = []  # the hit of each of those
        self.verifier: Verifier | None = None  # loaded when the first hit can be judged
        self.pending: list[tuple[str, HitLine | None, Window | None]] = []
        self.windows = 0
        self.unjudged = 0
        self.tally: Counter[tuple[str, str]] = Counter()
        self.queries: list[str] = []
        self.out = sys.stdout

    def judge(self, hit: HitLine, window: Window) -> None:
        if self.verifier is None:
            self.verifier = Verifier(self.model, self.device)
        self.pending.append((hit.text, hit, window))
        self.windows += 1
        if self.windows >= self.verifier.batch:
            self.flush()

    def heard(self, hit: HitLine) -> None:
        """A hit --counts takes as the transcript heard it, without a decode."""
        self.judged.append(Judged(hit.source, hit.query, hit.kind, "heard", hit.start, hit.end))
        self.judged_hits.append(hit)

    def pass_on(self, text: str, why: str, hit: HitLine | None = None) -> None:
        runner.warn(NAME, why)
        if hit is not None:
            self.judged.append(Judged(hit.source, hit.query, hit.kind, "unjudged", hit.start, hit.end))
            self.judged_hits.append(hit)
        self.unjudged += 1
        self.pending.append((text, None, None))
        if not self.windows:
            self.flush()

    def flush(self) -> None:
        windows = [window for _text, _hit, window in self.pending if window is not None]
        verdicts = iter(self.verifier.judge_all(windows) if windows and self.verifier else [])
        lines = []
        for text, hit, window in self.pending:
            if hit is None or window is None:
                lines.append(f"{text}\t{UNJUDGED}\n")
                continue
            verdict = next(verdicts)
            if hit.query not in self.queries:
                self.queries.append(hit.query)
            self.tally[hit.query, verdict.verdict] += 1
            self.judged.append(Judged(hit.source, hit.query, hit.kind, verdict.verdict, hit.start, hit.end))
            self.judged_hits.append(hit)
            lines.append(f"{text}\t{verdict.verdict}\t{verdict.score:.3f}\n")
        self.pending, self.windows = [], 0
        if not (self.summary or self.counts):
            self.out.flush()
            self.out.buffer.write("".join(lines).encode("utf-8", "surrogateescape"))  # bytes pass as they came
            self.out.buffer.flush()  # verdicts cost decodes: let the next stage see each group

    def look_again(self, window_at: Callable[[HitLine, float], Window]) -> None:
        """--counts: the runs of words a second, closer look confirms count (see hits/trusted.py)."""
        self.flush()
        again = second_look(self.judged)
        if not again or self.verifier is None:
            return
        verdicts = self.verifier.judge_all([window_at(self.judged_hits[i], SECOND_LOOK_PAD) for i in again])
        for i, verdict in zip(again, verdicts):
            if verdict.verdict == "confirmed":
                self.judged[i] = self.judged[i]._replace(verdict="confirmed")

    def finish(self) -> None:
        self.flush()
        if self.summary:
            self.out.write(_summary(self.tally, self.queries))
        if self.counts:
            self.out.write("".join(f"{n}\t{query}\n" for n, query in trusted_counts(self.judged)))
        if self.unjudged:
            runner.warn(NAME, f"{self.unjudged} line{'s' if self.unjudged > 1 else ''} passed on unjudged")


@app.command(help=HELP)
def au_verify(
    files: InputFiles = None,
    files_from: FilesFromOption = None,
    audio_dir: AudioDirOption = None,
    pad: PadOption = 1.5,
    transcript: Annotated[Optional[str], typer.Option("--transcript", "-t", metavar="FILE", show_default=False,
                          help="The transcript the hits came from (au-stt JSONL, tok's tokens, SRT...): "
                          "its words around each hit are the context the hit is judged in.")] = None,
    summary: Annotated[bool, typer.Option("--summary", help="Instead of the hits, one line a query: "
                                          "N confirmed, M unsure, K rejected: QUERY.")] = False,
    counts: Annotated[bool, typer.Option("--counts", help="Instead of the hits, the count to trust, "
                                         "count<TAB>query (see above); forms the transcript wrote out "
                                         "are not decoded again.")] = False,
    model: Annotated[Optional[str], typer.Option("--model", "-m", metavar="MODEL", show_default=False,
                     help="A CTranslate2 Whisper model directory (default: the embedded tiny.en).")] = None,
    device: DeviceOption = "auto",
    version: VersionOption = False,
    debug: DebugOption = False,
) -> None:
    if summary and counts:
        raise UsageError("--summary and --counts cannot be used together")
    run = _Run(model, device, summary, counts)
    words: Transcript | None = None
    for item in _items(inputs_or_stdin(files or [], files_from)):
        if isinstance(item, BadLine):
            run.pass_on(item.text, _why(item.error))
            continue
        if counts and heard(item.kind):
            run.heard(item)
            continue
        if transcript and words is None:
            words = Transcript.read(transcript, partial(runner.warn, NAME))
        try:
            window = _window(item, pad, audio_dir, words)
        except DataError as error:
            run.pass_on(item.text, _why(error, item), item)
            continue
        run.judge(item, window)
    if counts:
        run.look_again(lambda hit, closer: _window(hit, closer, audio_dir, words))
    run.finish()


def main() -> None:
    runner.run(app, NAME)


if __name__ == "__main__":
    main()
