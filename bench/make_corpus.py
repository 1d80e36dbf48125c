"""Write a deterministic English-like text corpus of at least N megabytes to stdout.

Vocabulary: the words of the licence texts and Python's standard library on this machine,
drawn with a Zipf-like law, in sentences with capitals, punctuation and line breaks.
"""

from __future__ import annotations

import random
import re
import sys
import sysconfig
from pathlib import Path


def vocabulary() -> list[str]:
    words: set[str] = set()
    sources = list(Path("/usr/share/common-licenses").glob("*"))
    sources += sorted(Path(sysconfig.get_paths()["stdlib"]).glob("*.py"))[:200]
    for path in sources:
        try:
            words.update(re.findall(r"[A-Za-z][a-z]{1,14}(?:'[a-z]{1,2})?", path.read_text(errors="ignore")))
        except OSError:
            continue
    return sorted(words)


def main() -> None:
    megabytes = float(sys.argv[1]) if len(sys.argv) > 1 else 30
    rng = random.Random(206)
    vocab = vocabulary()
    rng.shuffle(vocab)
    weights = [1 / (rank + 1) for rank in range(len(vocab))]
    out, written, target = sys.stdout, 0, int(megabytes * 1_000_000)
    while written < target:
        words = rng.choices(vocab, weights, k=4000)
        lines, line = [], []
        for i, word in enumerate(words):
            line.append(word.capitalize() if i % 13 == 0 else word)
            if i % 13 == 12:
                line[-1] += rng.choice(".,;?!")
            if len(line) >= 12:
                lines.append(" ".join(line))
                line = []
        text = "\n".join(lines) + "\n"
        out.write(text)
        written += len(text)


if __name__ == "__main__":
    main()
