"""Word error rate of a long recording's transcript, piece by piece, from the layout it was built with.

Usage: python bench/long_wer.py TRANSCRIPT.jsonl LAYOUT.json PIECES_DIR

LAYOUT.json is what bench/longform.py writes beside the long WAV (each piece's id, kind, start, end);
PIECES_DIR holds ID.txt, each piece's reference (bench/work/longform/pieces). Each recognised word
is given to the piece its middle falls in (half a second of slack either side); words outside every
piece are counted as insertions. Both sides go through tok's tokeniser. Prints WER by kind of piece
and pooled.
"""

from __future__ import annotations

import bisect
import json
import sys
from collections import defaultdict
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from audiowc.text.tokenise import tokenise

SLACK = 0.5


def main() -> None:
    transcript, layout_path, pieces = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
    layout = [p for p in json.loads(layout_path.read_text()) if (pieces / f"{p['id']}.txt").exists()]
    layout.sort(key=lambda p: p["start"])
    starts = [p["start"] - SLACK for p in layout]
    heard: dict[int, list[str]] = defaultdict(list)
    stray = 0
    for line in transcript.read_text().splitlines():
        for word in json.loads(line)["words"]:
            middle = (word["start"] + word["end"]) / 2
            i = bisect.bisect_right(starts, middle) - 1
            tokens = tokenise(word["word"])
            if i >= 0 and middle <= layout[i]["end"] + SLACK:
                heard[i].extend(tokens)
            else:
                stray += len(tokens)
    edits: dict[str, int] = defaultdict(int)
    words: dict[str, int] = defaultdict(int)
    for i, piece in enumerate(layout):
        reference = tokenise((pieces / f"{piece['id']}.txt").read_text())
        edits[piece["kind"]] += Levenshtein.distance(heard[i], reference)
        words[piece["kind"]] += len(reference)
    for kind in sorted(words):
        print(f"{kind:12s} {words[kind]:6d} words  WER {100 * edits[kind] / max(words[kind], 1):5.1f} %")
    total_edits, total_words = sum(edits.values()) + stray, sum(words.values())
    print(f"{'pooled':12s} {total_words:6d} words  WER {100 * total_edits / total_words:5.1f} % "
          f"({stray} words outside every piece counted as insertions)")


if __name__ == "__main__":
    main()
