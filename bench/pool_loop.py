"""Start and stop wc-words' worker pool thousands of times on small inputs; report any hang.

Usage: python bench/pool_loop.py [RUNS] [JOBS]   (defaults 3000 and 4)

Each run counts a small text (--fuzzy gold, about 9 KB: two blocks) with the pool forced on
(count_run.POOL_MIN_CHARS = 0; wc-words itself counts inputs under 4 MiB without one), the SIGTERM
handler every command installs in place, the way the command does: pool made, blocks counted,
pool ended. A run that takes over 30 s counts as a hang: the loop stops, prints where the parent
waits, and its process group (stuck workers included) is killed. Results: bench/RESULTS.md.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time

HANG_S = 30
current = 0


def child(runs: int, jobs: int, path: str) -> None:
    import faulthandler

    def hung(_signum: int, _frame: object) -> None:  # not faulthandler's timer: that is a thread
        print(f"run {current} hung for {HANG_S} s; the parent waits here:", file=sys.stderr, flush=True)
        faulthandler.dump_traceback(all_threads=True)
        os._exit(3)

    from audiowc.cli import runner
    from audiowc.count import run as count_run
    from audiowc.count.counter import CountOptions
    from audiowc.count.match import parse_query
    from audiowc.tokens.batches import ReadOptions

    signal.signal(signal.SIGTERM, runner._raise_terminated)
    signal.signal(signal.SIGALRM, hung)
    count_run.POOL_MIN_CHARS = 0  # an attribute of its own: harmless on code without the threshold
    options = CountOptions((parse_query("gold", True, False),))
    read = ReadOptions(False, print, False)
    started = time.monotonic()
    global current
    for run in range(1, runs + 1):
        current = run
        signal.alarm(HANG_S)
        result, counter = count_run.count_inputs([path], "auto", options, jobs, read)
        if count_run.query_total(result, counter, 0) != 300:
            sys.exit(f"run {run}: wrong count")
        if run % 250 == 0:
            print(f"{run} runs, {time.monotonic() - started:.1f} s", flush=True)
    signal.alarm(0)
    print(f"done: {runs} runs in {time.monotonic() - started:.1f} s, no hang", flush=True)


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
    jobs = int(sys.argv[2]) if len(sys.argv) > 2 else 4
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "small.txt")
        with open(path, "w") as f:
            f.write("the gold and the golden goose\n" * 300)
        proc = subprocess.Popen([sys.executable, __file__, "--child", str(runs), str(jobs), path],
                                start_new_session=True)
        code = proc.wait()
        os.killpg(proc.pid, signal.SIGKILL) if _group_alive(proc.pid) else None
    print(f"exit {code}" + ("" if code == 0 else ": HANG or failure (see above)"))
    sys.exit(code)


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
        return True
    except ProcessLookupError:
        return False


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
    else:
        main()
