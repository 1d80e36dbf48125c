"""Print the best (least) wall-clock seconds of N runs of a shell command: best_of.py N 'CMD'."""

from __future__ import annotations

import subprocess
import sys
import time


def main() -> None:
    runs, command = int(sys.argv[1]), sys.argv[2]
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(["bash", "-o", "pipefail", "-c", command], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=True)
        best = min(best, time.perf_counter() - start)
    print(f"{best:.3f}")


if __name__ == "__main__":
    main()
