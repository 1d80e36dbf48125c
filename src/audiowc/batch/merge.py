"""Merging a batch: per-episode transcripts into counts per episode and in total, hits, one transcript.

Each episode is counted on its own and all of them together, with the same counting wc-words does,
so the totals are what one big run over every transcript gives, and an episode's rows what a run
over that episode alone gives. The order is the order the episodes are given in, so a batch run
serially, with make -j, GNU parallel or Slurm merges to the same bytes.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Iterator, Sequence

from ..count.counter import CountOptions, Hit
from ..count.run import count_inputs, query_total
from ..errors import DataError
from ..fields import tsv_field
from ..tokens.batches import ReadOptions
from ..transcripts.names import is_transcript_name, transcript_source
from .episode import TRANSCRIPT_SUFFIX, transcript_of


@dataclass(frozen=True)
class Episode:
    name: str  # the recording as given; a transcript given directly: the recording it is named for
    transcript: str


def episodes(names: Sequence[str]) -> list[Episode]:
    """Each name is a transcript (au-stt's .jsonl, subtitles, whisper's output: counted as they are,
    detected by content) or a recording whose transcript au-episode wrote. A transcript's episode
    is named as tok and wc-words name its source (transcripts/names.py)."""
    found = []
    for name in names:
        if is_transcript_name(name):
            episode = Episode(transcript_source(name), name)
        else:
            episode = Episode(name, transcript_of(name))
        if not os.path.isfile(os.fsencode(episode.transcript)):
            raise DataError("no transcript; make it with: au-episode FILE", episode.transcript)
        found.append(episode)
    return found


def count_rows(batch: Sequence[Episode], options: CountOptions, read: ReadOptions) -> Iterator[str]:
    """count<TAB>query<TAB>episode for each episode and query, then count<TAB>query for the totals."""
    texts = [query.text for query in options.queries]
    for episode in batch:
        tally, counter = count_inputs([episode.transcript], "auto", options, 1, read)
        for q, text in enumerate(texts):
            yield f"{query_total(tally, counter, q)}\t{text}\t{tsv_field(episode.name)}\n"
    tally, counter = count_inputs([e.transcript for e in batch], "auto", options, 1, read)
    for q, text in enumerate(texts):
        yield f"{query_total(tally, counter, q)}\t{text}\n"


def merged_hits(batch: Sequence[Episode], options: CountOptions, read: ReadOptions) -> list[Hit]:
    """Every hit of every episode, by source, then time, then query."""
    tally, _counter = count_inputs([e.transcript for e in batch], "auto", options, 1, read)
    return sorted(tally.hits, key=lambda h: (h.source, h.start, h.end, h.query))


def merged_segments(batch: Sequence[Episode]) -> Iterator[bytes]:
    """The transcripts one after another, as one au-stt run over the episodes in this order writes them."""
    for episode in batch:
        if not episode.transcript.lower().endswith(TRANSCRIPT_SUFFIX):
            raise DataError("--segments joins au-stt transcripts (.jsonl); convert others with au-format",
                            episode.transcript)
        with open(os.fsencode(episode.transcript), "rb") as handle:
            for line in handle:
                if line.strip():
                    yield line if line.endswith(b"\n") else line + b"\n"
