"""The count to trust: the transcript's hits and the verifier's verdicts put together.

A hit whose form is the query word itself, or a form of it the transcript wrote out (plural, verb
form, spoken form, number), is what the transcript heard: it counts whatever a short window of
audio says, as the verifier's window alone misreads true words too (it rejected true hits scored
0.07-0.36 on real speech). A looser counted hit (a misspelling, a compound, a phonetic match)
counts unless the audio rejects it. A candidate the transcript did not count (a near word, a run of
words, a runner-up reading's hearing) counts when the audio confirms it, or when the audio is
unsure and the same recording already has the word: a word said once in a talk is far likelier
said again (the idea of a cache language model), so a tie goes to the word the talk is about.
"""

from __future__ import annotations

from collections import Counter
from typing import Callable, Iterable, NamedTuple, Sequence

from ..fields import UNCOUNTED_PREFIX

# Kinds the transcript wrote out as a form of the query: kept whatever the verdict.
HEARD_KINDS = frozenset({"exact", "inflection", "family", "spoken-form", "number"})
# A run of words standing for the query ("them an honor" for "a banana") rarely has its edges where
# the word was said, and a wide window lets the run's own words win. Where the recording has the
# word, a run the first look did not confirm gets a second look this close (seconds either side);
# on real speech this confirmed none of 24 such runs wrongly, at 3 % more verification time.
SECOND_LOOK_PAD = 0.8
RUN_KIND = "uncounted-phrase"


# The word counts "elsewhere" in a recording only this far (seconds) from a candidate: an occurrence
# inside the candidate's own window (the verifier hears 1.5 s either side) can itself be what made
# the audio unsure there ("good" beside a true "alright" read as a second "alright").
ELSEWHERE_SECONDS = 1.5


class Judged(NamedTuple):
    """One hit as the count sees it: where it was heard, for which query, its kind and verdict."""

    source: str
    query: str
    kind: str | None
    verdict: str
    start: float = 0.0
    end: float = 0.0


def heard(kind: str | None) -> bool:
    """Whether a hit of this kind counts as the transcript wrote it, whatever the audio says (so it
    needs no decode); a hit line without a kind column is an exact one."""
    return (kind or "exact") in HEARD_KINDS


def trusted(kind: str | None, verdict: str) -> bool:
    """Whether a judged hit of this kind counts on its own verdict."""
    kind = kind or "exact"
    if kind.startswith(UNCOUNTED_PREFIX):
        return verdict == "confirmed"
    return heard(kind) or verdict != "rejected"


def _elsewhere(hits: Sequence[Judged], flags: Sequence[bool]) -> Callable[[Judged], bool]:
    """Whether the same query counts in the hit's recording away from the hit (ELSEWHERE_SECONDS)."""
    counted: dict[tuple[str, str], list[Judged]] = {}
    for hit, flag in zip(hits, flags):
        if flag:
            counted.setdefault((hit.source, hit.query), []).append(hit)
    return lambda hit: any(other.start - hit.end > ELSEWHERE_SECONDS or hit.start - other.end > ELSEWHERE_SECONDS
                           for other in counted.get((hit.source, hit.query), []))


def trusted_flags(hits: Iterable[Judged]) -> list[bool]:
    """Whether each hit counts: on its own verdict, or, for a candidate the audio was unsure of,
    because the same query counts elsewhere in the same recording."""
    hits = list(hits)
    flags = [trusted(hit.kind, hit.verdict) for hit in hits]
    elsewhere = _elsewhere(hits, flags)
    return [flag or (hit.verdict == "unsure" and elsewhere(hit)) for hit, flag in zip(hits, flags)]


def second_look(hits: Sequence[Judged]) -> list[int]:
    """Which hits deserve a second, closer look: runs of words the first look did not confirm, in a
    recording where the same query counts elsewhere."""
    flags = trusted_flags(hits)
    elsewhere = _elsewhere(hits, flags)
    return [i for i, (hit, flag) in enumerate(zip(hits, flags))
            if not flag and hit.kind == RUN_KIND and hit.verdict in ("rejected", "unsure") and elsewhere(hit)]


def trusted_counts(hits: Iterable[Judged]) -> list[tuple[int, str]]:
    """count, query rows: most first, then by query; a query seen with no trusted hit counts 0."""
    hits = list(hits)
    counts: Counter[str] = Counter({hit.query: 0 for hit in hits})
    for hit, flag in zip(hits, trusted_flags(hits)):
        counts[hit.query] += flag
    return sorted(((n, q) for q, n in counts.items()), key=lambda row: (-row[0], row[1]))
