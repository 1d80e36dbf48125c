"""What the count to trust costs: au-count from scratch (transcript made, candidates verified)
against faster-whisper beam 5 on each whole file, CPU seconds of the children, medians of rounds.

usage: python bench/count_cost.py [--rounds 3] [--together] [--words-from FILE] [-w WORD ...] FILE...

Each round runs, for each file, both methods one after the other (interleaved, so load on a shared
machine falls on both alike). au-count works on a copy of the file in a fresh folder, so its
transcript is made every time. faster-whisper runs through bench/count_recall.py's worker (the
embedded model, int8, word times, English), loading the model once a file as au-count does.
With --together, each method takes all the files in one call (au-count as a batch would run it,
faster-whisper loading its model once), and the row is the whole set.
"""

from __future__ import annotations

import argparse
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def timed(argv: list[str]) -> tuple[float, float]:
    """(CPU seconds of the children, wall seconds) of a command; stops on failure."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    out = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if out.returncode != 0:
        sys.exit(f"count_cost: failed ({out.returncode}): {shlex.join(argv)}\n{out.stderr.strip()[-2000:]}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), wall


def au_count(paths: list[Path], words: list[str]) -> float:
    with tempfile.TemporaryDirectory(prefix="count_cost.") as folder:
        copies = []
        for path in paths:
            copies.append(Path(folder) / path.name)
            shutil.copyfile(path, copies[-1])
        argv = ["au-count", *[a for w in words for a in ("-w", w)], "--", *map(str, copies)]
        return timed(argv)[0]


def fw_beam5(paths: list[Path], _words: list[str]) -> float:
    return timed([sys.executable, str(HERE / "count_recall.py"), "--fw-beam5-worker", *map(str, paths)])[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("-w", "--word", action="append", default=[])
    parser.add_argument("--words-from", type=Path)
    parser.add_argument("--together", action="store_true", help="all files in one call of each method")
    args = parser.parse_args()
    words = list(args.word) + (args.words_from.read_text().split("\n") if args.words_from else [])
    words = [w for w in words if w.strip()] or ["banana"]
    cpu: dict[tuple[str, str], list[float]] = {}
    groups = {f"{len(args.files)} files": args.files} if args.together else {p.name: [p] for p in args.files}
    for round_no in range(args.rounds):
        for name, paths in groups.items():
            for method, run in (("fw-beam5", fw_beam5), ("au-count", au_count)):
                cpu.setdefault((name, method), []).append(run(paths, words))
                print(f"round {round_no + 1} {name} {method}: {cpu[name, method][-1]:.1f} s CPU", file=sys.stderr)
    print(f"{len(words)} words; CPU seconds, median of {args.rounds} (all runs in brackets)")
    print(f"{'file':40s} {'fw-beam5':>10s} {'au-count':>10s} {'ratio':>6s}")
    totals = {"fw-beam5": 0.0, "au-count": 0.0}
    for name in groups:
        row = {m: statistics.median(cpu[name, m]) for m in totals}
        for m in totals:
            totals[m] += row[m]
        runs = " ".join(f"[{', '.join(f'{x:.0f}' for x in cpu[name, m])}]" for m in totals)
        print(f"{name:40s} {row['fw-beam5']:10.1f} {row['au-count']:10.1f} "
              f"{row['au-count'] / row['fw-beam5']:5.2f}x  {runs}")
    print(f"{'all':40s} {totals['fw-beam5']:10.1f} {totals['au-count']:10.1f} "
          f"{totals['au-count'] / totals['fw-beam5']:5.2f}x (goal <= 1.5x)")


if __name__ == "__main__":
    main()
