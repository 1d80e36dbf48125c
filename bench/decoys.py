"""--fuzzy on planted misspellings (which should count) and real-word decoys (which should not).

For ten query words: 20 random one-edit non-words of each (a letter changed, dropped, added or two
swapped; none in the English word list) and their plurals, and every word of the list (Zipf 2 or
more) that the rules match other than the query's own plural. Prints recall on the misspellings,
the decoys counted, and apart from them the forms of the query's own family (kind family: "pickled"
for pickle), which should count. Usage: python bench/decoys.py  (with the package importable)
"""

from __future__ import annotations

import random
import string

from audiowc.count.lexicon import lexicon
from audiowc.count.match import QueryMatcher, parse_query

QUERIES = ["banana", "tomato", "potato", "computer", "podcast", "elephant", "chocolate", "umbrella", "guitar",
           "pickle"]
PER_QUERY = 20


def one_edit(word: str, rng: random.Random) -> str:
    i, c = rng.randrange(len(word)), rng.choice(string.ascii_lowercase)
    return rng.choice([word[:i] + c + word[i + 1:], word[:i] + word[i + 1:], word[:i] + c + word[i:],
                       word[:i] + word[i + 1:i + 2] + word[i:i + 1] + word[i + 2:]])


def misspellings(word: str, rng: random.Random) -> list[str]:
    english = lexicon("en")
    found: set[str] = set()
    while len(found) < PER_QUERY:
        form = one_edit(word, rng)
        if form != word and len(form) >= 5 and english.zipf(form) == 0:
            found.add(form)
    return sorted(found) + sorted(f + "s" for f in found)


def main() -> None:
    rng = random.Random(1)
    english = lexicon("en")
    words = [w for w in english.words() if w.isalpha() and english.zipf(w) >= 2.0]
    counted = planted = 0
    decoys: dict[str, list[str]] = {}
    families: dict[str, list[str]] = {}
    for query in QUERIES:
        matcher = QueryMatcher(parse_query(query, True))
        forms = misspellings(query, rng)
        planted += len(forms)
        counted += sum(matcher.single(f) is not None for f in forms)
        own = {query, query + "s", query + "es"}
        found = {w: m.kind for w in words if w not in own and (m := matcher.single(w)) is not None}
        decoys[query] = [w for w, kind in found.items() if kind != "family"]
        families[query] = [w for w, kind in found.items() if kind == "family"]
    print(f"misspellings counted: {counted}/{planted} (recall {counted / planted:.3f})")
    print(f"real-word decoys counted: {sum(map(len, decoys.values()))}")
    for query, found in decoys.items():
        if found:
            print(f"  {query}: {' '.join(found)}")
    print(f"family forms counted: {sum(map(len, families.values()))}")
    for query, found in families.items():
        if found:
            print(f"  {query}: {' '.join(found)}")


if __name__ == "__main__":
    main()
