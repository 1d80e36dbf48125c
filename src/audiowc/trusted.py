"""The count to trust: the transcript's hits and the verifier's verdicts put together.

A hit whose form is the query word itself, or a form of it the transcript wrote out (plural, verb
form, spoken form, number), is what the transcript heard: it counts whatever a short window of
audio says, as the verifier's window alone misreads true words too (it rejected true hits scored
0.07-0.36 on real speech). A looser counted hit (a misspelling, a compound, a phonetic match)
counts unless the audio rejects it. A candidate the transcript did not count (a near word, a run of
words, a runner-up reading's hearing) counts only when the audio confirms it.
"""

from __future__ import annotations

from collections import Counter
from typing import Iterable

from .hitlines import UNCOUNTED_PREFIX

# Kinds the transcript wrote out as a form of the query: kept whatever the verdict.
HEARD_KINDS = frozenset({"exact", "inflection", "family", "spoken-form", "number"})


def heard(kind: str | None) -> bool:
    """Whether a hit of this kind counts as the transcript wrote it, whatever the audio says (so it
    needs no decode); a hit line without a kind column is an exact one."""
    return (kind or "exact") in HEARD_KINDS


def trusted(kind: str | None, verdict: str) -> bool:
    """Whether a judged hit of this kind counts."""
    kind = kind or "exact"
    if kind.startswith(UNCOUNTED_PREFIX):
        return verdict == "confirmed"
    return heard(kind) or verdict != "rejected"


def trusted_counts(judged: Iterable[tuple[str, str | None, str]]) -> list[tuple[int, str]]:
    """count, query rows from (query, kind, verdict) triples: most first, then by query; a query
    seen with no trusted hit counts 0."""
    counts: Counter[str] = Counter()
    for query, kind, verdict in judged:
        counts[query] += trusted(kind, verdict)
    return sorted(((n, q) for q, n in counts.items()), key=lambda row: (-row[0], row[1]))
