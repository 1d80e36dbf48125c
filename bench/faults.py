"""Bad input and faults, in bulk: what the tests check once, repeated until rare failures show.

Usage: python bench/faults.py [--trials N] [--fuzz N] [--big-mb M] [--resumes N] [--only WORD]
(--only WORD: the checks whose name has WORD: audio, faults, text, resume...)
Prints one line a check with its count of failures; exits 1 if any check failed. Checks:
  joined MP3s (3 and 50 pieces) decode whole; cut MP3/OGG/WAV files are errors, never short output;
  SIGINT/SIGTERM to au-split and au-stt at random moments leave no .part, no spool file, no
  traceback, and a manifest that matches the disk; fuzzed records (fixed seed) never give an
  internal error; a one-line text of M MB stays under 200 MB in tok and wc-words; two concurrent
  au-split runs into one directory both come out right. The audio fault matrix (--only audio) makes
  variants of the 100.4 s example (FFmpeg's encoders through PyAV) and prints one row each: what
  au-split decoded of it and how it ended: cut WAVEX/RF64/3-channel WAVs, random bytes written
  into MP3s, cut and whole ADTS AAC, an FFmpeg-made Opus, MP3s of mixed rates joined, an empty
  MP3, and au-stt after an au-split that stopped part way. Text faults (--only faults, with the
  file faults): a query over text with no tokens gets its 0; NaN, infinite, reversed or negative
  token times and empty tokens are bad data; lone surrogates in JSON and a NUL in a source name pass through tok, wc-words and au-format; one
  200 MB token, JSONL line, subtitle line or JSON document is an error under 200 MB. File faults: au-split > /dev/full leaves no chunk; a 250-byte
  name splits; au-clip makes no folder for nothing; make counts takes a name with a leading dash,
  and two at once in one folder both end with counts.tsv.
  au-stt --resume from a transcript cut at N random points (at a record's end, or inside one)
  gives the bytes of the uninterrupted run (--only resume).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
BIN = Path(sys.executable).parent
MP3 = DATA / "talk-44k-stereo.mp3"  # 9.7 s


def run(args: list[str], stdin: bytes = b"", env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(args, input=stdin, capture_output=True, env=env, timeout=600)


def last_end(out: bytes) -> float:
    lines = out.splitlines()
    return json.loads(lines[-1])["end"] if lines else 0.0


def check_joined_and_cut(tmp: Path) -> int:
    failures = 0
    for pieces in (3, 50):
        joined = tmp / f"joined{pieces}.mp3"
        joined.write_bytes(MP3.read_bytes() * pieces)
        result = run([str(BIN / "au-split"), "-o", str(tmp / f"j{pieces}"), str(joined)])
        if result.returncode != 0 or abs(last_end(result.stdout) - 9.7 * pieces) > 0.1 * pieces:
            print(f"  {pieces} joined MP3s: exit {result.returncode}, decoded {last_end(result.stdout):.1f} s "
                  f"of {9.7 * pieces:.1f}: {result.stderr.decode(errors='replace').strip()[:200]}")
            failures += 1
    for source, keep in ((MP3, 0.5), (DATA / "talk-48k-stereo.ogg", 0.5), (DATA / "talk-16k.wav", 0.5)):
        cut = tmp / f"cut{source.suffix}"
        data = source.read_bytes()
        cut.write_bytes(data[: int(len(data) * keep)])
        result = run([str(BIN / "au-split"), "-o", str(tmp / f"c{source.suffix}"), str(cut)])
        if result.returncode != 1 or b"cut short" not in result.stderr:
            print(f"  {cut.name} cut to half: exit {result.returncode}: {result.stderr.decode().strip()[:200]}")
            failures += 1
    return failures


def interrupt_once(tmp: Path, command: list[str], stdin: bytes, sig: int, delay: float, out: Path) -> str | None:
    """Run, signal after delay, and say what went wrong (None if nothing)."""
    env = dict(os.environ, TMPDIR=str(tmp / "spool"))
    proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert proc.stdin is not None
    try:
        proc.stdin.write(stdin)
        proc.stdin.close()
    except BrokenPipeError:
        pass
    proc.stdin = None  # written and closed: communicate() only reads
    time.sleep(delay)
    proc.send_signal(sig)
    stdout, stderr = proc.communicate(timeout=120)
    expected = 130 if sig == signal.SIGINT else 143
    if proc.returncode not in (0, expected):
        return f"exit {proc.returncode}"
    if b"Traceback" in stderr or b"internal error" in stderr:
        return "traceback"
    if list((tmp / "spool").iterdir()):
        return "spool left"
    if out.exists():
        if [p for p in out.iterdir() if p.name.endswith(".part")]:
            return ".part left"
        announced = {Path(json.loads(line)["path"]).name for line in stdout.splitlines() if b'"path"' in line}
        on_disk = {p.name for p in out.glob("*.wav")}
        if "au-split" in command[0] and announced != on_disk:
            return "manifest and disk differ"
    return None


def check_signals(tmp: Path, trials: int) -> int:
    rng = random.Random(206)
    long_wav = tmp / "long.wav"
    run([sys.executable, "-c", f"import numpy as np, soundfile as sf; a, r = sf.read('{DATA / 'talk-16k.wav'}');"
                               f" sf.write('{long_wav}', np.tile(a, 60), r)"])
    manifest = run([str(BIN / "au-split"), "--max-len", "6", "--min-len", "1", "-o", str(tmp / "m"),
                    str(DATA / "talk-16k.wav")]).stdout
    (tmp / "spool").mkdir(exist_ok=True)
    failures = 0
    for trial in range(trials):
        sig = (signal.SIGINT, signal.SIGTERM)[trial % 2]
        out = tmp / f"s{trial}"
        if trial % 4 < 2:
            command, stdin = [str(BIN / "au-split"), "--max-len", "5", "--min-len", "1", "-o", str(out), "-"], \
                long_wav.read_bytes()
        else:
            command, stdin = [str(BIN / "au-stt"), "--batch-size", "1"], manifest * 5
        problem = interrupt_once(tmp, command, stdin, sig, rng.uniform(0.3, 2.5), out)
        if problem:
            print(f"  signal trial {trial} ({Path(command[0]).name}, {signal.Signals(sig).name}): {problem}")
            failures += 1
    return failures


def fuzzed_record(rng: random.Random) -> bytes:
    values = [None, True, 0, -1, 1e400, 10 ** 400, "x", "\t\n", [], {}, 1.5, "NaN", "\udcff"]
    record: dict[str, object] = {"source": "ep.mp3", "chunk": 0, "start": 1.0, "end": 2.0, "text": "a banana",
                                 "words": [{"word": "banana", "start": 1.0, "end": 2.0, "prob": 0.9}]}
    for _ in range(rng.randint(1, 3)):
        key = rng.choice(["source", "chunk", "start", "end", "text", "words", "prob", "extra"])
        if key == "prob":
            record["words"] = [{"word": "banana", "start": 1.0, "end": 2.0, "prob": rng.choice(values)}]
        else:
            record[key] = rng.choice(values)
    text = json.dumps(record).replace('"NaN"', rng.choice(['"NaN"', "NaN", "Infinity"]))
    cut = rng.random() < 0.1
    return (text[: rng.randint(1, len(text))] if cut else text).encode("utf-8", "surrogateescape") + b"\n"


def invoke(name: str, args: list[str], data: bytes) -> tuple[int, str]:
    """Run a text filter in this process (2,000 process starts would take minutes): (status, stderr)."""
    from audiowc.cli import runner
    from audiowc.commands import tok, wc_words

    app = {"tok": tok.app, "wc-words": wc_words.app}[name]
    saved = sys.stdin, sys.stdout, sys.stderr
    sys.stdin = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
    sys.stdout, sys.stderr = io.TextIOWrapper(io.BytesIO(), encoding="utf-8"), io.StringIO()
    try:
        status = runner.invoke(app, name, args)
        sys.stdout.flush()
        return status, sys.stderr.getvalue()
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved


def check_fuzz(count: int) -> int:
    rng = random.Random(2026)
    failures = 0
    for index in range(count):
        data = b"".join(fuzzed_record(rng) for _ in range(rng.randint(1, 3)))
        name = rng.choice(["tok", "wc-words"])
        args = rng.choice([[], ["--skip-bad"]] + ([["-f", "banana"], ["-f", "banana", "--hits"]]
                                                  if name == "wc-words" else []))
        status, stderr = invoke(name, args, data)
        if status not in (0, 1) or "internal error" in stderr or "Traceback" in stderr:
            print(f"  fuzz {index}: {name} {' '.join(args)} exit {status}: {stderr.strip()[:200]}")
            failures += 1
    return failures


def check_one_line_text(tmp: Path, megabytes: int) -> int:
    big = tmp / "one-line.txt"
    words = b"banana split tomato the of and bread monkey ".split()
    rng = random.Random(1)
    with open(big, "wb") as handle:
        for _ in range(megabytes):
            handle.write(b" ".join(rng.choice(words) for _ in range(150_000))[: 1 << 20] + b" ")
    failures = 0
    for tool in ("tok", "wc-words"):
        result = run(["/usr/bin/time", "-f", "%M", str(BIN / tool), str(big)])
        peak = int(result.stderr.decode().split()[-1]) // 1024
        print(f"  {tool}, {megabytes} MB on one line: peak RSS {peak} MB")
        failures += peak >= 200 or result.returncode != 0
    return failures


def check_concurrent(tmp: Path) -> int:
    out, failures = tmp / "shared", 0
    sources = []
    for name, fixture in (("a", "talk-16k.wav"), ("b", "silence.wav")):
        (tmp / name).mkdir()
        sources.append(tmp / name / "ep.wav")
        sources[-1].write_bytes((DATA / fixture).read_bytes())
    runs = [subprocess.Popen([str(BIN / "au-split"), "--max-len", "5", "--min-len", "1", "-o", str(out), str(s)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE) for s in sources]
    outputs = [r.communicate(timeout=120)[0] for r in runs]
    ends = [last_end(o) for o in outputs]
    paths = [{json.loads(line)["path"] for line in o.splitlines()} for o in outputs]
    failures += any(r.returncode for r in runs) or bool(paths[0] & paths[1]) or abs(ends[0] - 9.7) > 0.05
    failures += abs(ends[1] - 4.0) > 0.05
    return failures


EXAMPLE = ROOT / "examples" / "banana-talk.ogg"  # 100.4 s


def encode(path: Path, samples: "object", rate: int, codec: str, layout: str, container: str | None = None) -> None:
    import av
    import numpy as np

    with av.open(str(path), "w", format=container) as out:
        stream = out.add_stream(codec, rate=rate)
        stream.layout = layout
        resampler = av.AudioResampler(format=stream.format.name, layout=layout, rate=rate)
        frame = av.AudioFrame.from_ndarray(np.asarray(samples, dtype=np.float32)[None, :], format="flt",
                                           layout="mono")
        frame.sample_rate = 16000
        for piece in resampler.resample(frame) + resampler.resample(None) + [None]:
            for packet in stream.encode(piece):
                out.mux(packet)


def audio_cases(tmp: Path) -> list[tuple[str, Path, str]]:
    """(case, file, what should happen: 'whole' or 'error')."""
    import numpy as np
    import soundfile as sf

    samples, _rate = sf.read(EXAMPLE, dtype="float32")
    cases: list[tuple[str, Path, str]] = []

    def cut(name: str, whole: Path) -> None:
        data = whole.read_bytes()
        (tmp / f"cut-{name}").write_bytes(data[: len(data) // 2])
        cases.append((f"{name} cut in half", tmp / f"cut-{name}", "error"))

    for name, kwargs in (("wavex24.wav", dict(data=np.stack([samples] * 2, 1), subtype="PCM_24", format="WAVEX")),
                         ("three.wav", dict(data=np.stack([samples] * 3, 1), subtype="PCM_16", format="WAVEX")),
                         ("rf64.wav", dict(data=samples, subtype="PCM_16", format="RF64"))):
        sf.write(tmp / f"whole-{name}", samplerate=16000, **kwargs)  # type: ignore[arg-type]
        cut(name, tmp / f"whole-{name}")
    rng = np.random.default_rng(19)
    sf.write(tmp / "sf.mp3", samples, 16000, format="MP3")
    encode(tmp / "ff.mp3", samples, 44100, "libmp3lame", "stereo")
    for mp3 in ("sf.mp3", "ff.mp3"):
        for size in (65536, 4096):
            data = bytearray((tmp / mp3).read_bytes())
            at = len(data) * 4 // 10
            data[at: at + size] = rng.integers(0, 256, size, dtype=np.uint8).tobytes()
            (tmp / f"{size // 1024}k-{mp3}").write_bytes(bytes(data))
            lost = size * 8 / (os.path.getsize(tmp / mp3) * 8 / len(samples) * 16000)  # seconds at its bit rate
            cases.append((f"{size // 1024} KB random 40 % into {mp3} ({lost:.1f} s of it)", tmp / f"{size // 1024}k-{mp3}",
                          "error" if lost > 0.5 else "whole"))
    encode(tmp / "ff.aac", samples, 44100, "aac", "stereo", "adts")
    cases.append(("ADTS ff.aac whole", tmp / "ff.aac", "whole"))
    cut("ff.aac", tmp / "ff.aac")
    encode(tmp / "ff.opus", samples, 16000, "libopus", "mono", "ogg")
    cases.append(("Opus 16 kHz (PyAV)", tmp / "ff.opus", "whole"))
    cases.append(("Opus by the ffmpeg command (8 s)", DATA / "ffmpeg-16k.opus", "whole"))
    pieces = []
    for index in range(20):
        rate, layout = ((22050, "mono"), (44100, "stereo"), (16000, "mono"), (48000, "stereo"))[index % 4]
        piece = tmp / f"piece{rate}{layout}.mp3"
        if not piece.exists():
            encode(piece, samples[: 16000 * 15], rate, "libmp3lame", layout)
        pieces.append(piece.read_bytes())
    (tmp / "mixed20.mp3").write_bytes(b"".join(pieces))
    cases.append(("20 MP3s of mixed rates joined (20 x 15 s)", tmp / "mixed20.mp3", "whole"))
    (tmp / "empty.mp3").write_bytes(b"")
    cases.append(("empty .mp3", tmp / "empty.mp3", "error"))
    return cases


def check_audio_faults(tmp: Path) -> int:
    """One row a case: exit status, seconds decoded, and au-split's message."""
    tmp = tmp / "audio"
    tmp.mkdir()
    failures = 0
    print("  | case | expected | exit | decoded s | message |\n  | --- | --- | --- | --- | --- |")
    for index, (case, path, expected) in enumerate(audio_cases(tmp)):
        result = run([str(BIN / "au-split"), "-o", str(tmp / f"out{index}"), str(path)])
        message = result.stderr.decode(errors="replace").strip().replace(str(path), path.name)
        wrong = result.returncode != (0 if expected == "whole" else 1) or b"internal error" in result.stderr
        failures += wrong
        print(f"  | {case} | {expected} | {result.returncode} | {last_end(result.stdout):.1f} | {message[:160]} |"
              + (" WRONG" if wrong else ""))
    # au-split stops part way; au-stt downstream must not look fine
    damaged = tmp / "64k-ff.mp3"
    result = run(["bash", "-c", f"{BIN / 'au-split'} {damaged} | {BIN / 'au-stt'} > /dev/null"])
    message = result.stderr.decode(errors="replace").strip().splitlines()
    stt_line = [line for line in message if line.startswith("au-stt")]
    wrong = result.returncode != 1 or not stt_line
    failures += wrong
    print(f"  | au-split (stops at the damage) \\| au-stt | au-stt exit 1 | {result.returncode} | | "
          f"{(stt_line or ['-'])[0][:160]} |" + (" WRONG" if wrong else ""))


def _failed(label: str, result: subprocess.CompletedProcess[bytes], ok: bool) -> int:
    if not ok:
        print(f"  {label}: exit {result.returncode}: {result.stderr.decode(errors='replace').strip()[:200]}")
    return 0 if ok else 1


def _segment(source: str, text: str = "a banana") -> bytes:
    """A segment line whose strings are JSON as written, escapes and all."""
    return ('{"source": "%s", "chunk": 0, "start": 1.0, "end": 2.0, "text": "%s", '
            '"words": [{"word": "banana", "start": 1.0, "end": 2.0}]}\n' % (source, text)).encode()


def check_text_faults(tmp: Path) -> int:
    """Text that is there but odd: no tokens, impossible token lines, lone surrogates, a NUL in a
    name, one 200 MB token (peak RSS)."""
    failures = 0
    result = run([str(BIN / "wc-words"), "--fuzzy", "banana"], b"!!!")
    failures += _failed("no tokens: a query's 0", result, result.stdout == b"0\tbanana\n")
    for line in (b"nan\t2", b"inf\tinf", b"5\t3", b"-1\t2"):
        result = run([str(BIN / "wc-words"), "--fuzzy", "banana"], b"banana\t" + line + b"\tep\n")
        failures += _failed(f"token times {line!r}", result, result.returncode == 1 and b"line 1" in result.stderr)
    result = run([str(BIN / "wc-words")], b"\t1\t2\tep\n")
    failures += _failed("empty token", result, result.returncode == 1)
    surrogate = _segment("ep\\ud800.mp3", "a \\udfff banana")
    for tool, args in (("tok", []), ("wc-words", ["-f", "banana", "--hits"]), ("au-format", ["--to", "srt"])):
        result = run([str(BIN / tool), *args], surrogate, env=dict(os.environ, LC_ALL="C.UTF-8"))
        failures += _failed(f"lone surrogate, {tool}", result, result.returncode == 0 and not result.stderr)
    result = run(["bash", "-o", "pipefail", "-c", f"{BIN / 'tok'} | {BIN / 'wc-words'} -f banana"],
                 _segment("ep\\u0000x.mp3"))
    failures += _failed("NUL in a source name", result, result.stdout == b"1\tbanana\n")
    return failures + check_huge_lines(tmp)


def check_huge_lines(tmp: Path) -> int:
    """One 200 MB token, JSONL record line, subtitle line and JSON document: exit 1 and peak RSS under 200 MB
    (a 200 MB JSONL line took 21 GB before records were bounded)."""
    words = b" banana" * ((200 << 20) // 7)
    cases = {"token.txt": b"banana " + b"a" * (200 << 20) + b" banana\n",
             "line.jsonl": _segment("ep.mp3") + b'{"source": "ep.mp3", "start": 1, "end": 2, "text": "' + words + b'"}\n',
             "line.srt": b"1\n00:00:01,000 --> 00:00:02,000\n" + words + b"\n",
             "document.json": b'{"segments": [{"start": 0, "end": 1, "text": "' + words + b'"}]}\n'}
    failures = 0
    for name, data in cases.items():
        big = tmp / name
        big.write_bytes(data)
        for tool in ("tok", "wc-words"):
            result = run(["/usr/bin/time", "-f", "%M", str(BIN / tool), str(big)])
            peak = int(result.stderr.decode().split()[-1]) // 1024
            print(f"  {tool}, 200 MB in one {name}: exit {result.returncode}, peak RSS {peak} MB")
            failures += peak >= 200 or result.returncode != 1
        big.unlink()
    return failures


def _make_counts(folder: Path, episode: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(["make", "-s", "-f", str(ROOT / "Makefile"), "counts", f"EPISODES={episode}",
                             "WORD=banana", f"AU_BIN={BIN}/"], cwd=folder, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=dict(os.environ, PWD=str(folder)))


def check_file_faults(tmp: Path) -> int:
    """Files: a full stdout, a dash or 250 bytes in a name, au-clip's folder, two make counts at once."""
    failures, spool = 0, tmp / "spool-files"
    spool.mkdir()
    with open("/dev/full", "wb") as full:
        proc = subprocess.run([str(BIN / "au-split"), str(DATA / "talk-48k-stereo.ogg")], stdout=full,
                              stderr=subprocess.PIPE, env=dict(os.environ, TMPDIR=str(spool)))
    failures += _failed("au-split > /dev/full", proc, proc.returncode == 1 and not list(spool.iterdir()))
    long_name = tmp / ("x" * 245 + ".flac")
    long_name.write_bytes((DATA / "talk-44k-stereo.flac").read_bytes())
    result = run([str(BIN / "au-split"), "-o", str(tmp / "long"), str(long_name)])
    failures += _failed("a 250-byte name", result, result.returncode == 0)
    for args in ([], ["--nope"]):
        result = subprocess.run([str(BIN / "au-clip"), *args], input=b"", capture_output=True, cwd=tmp)
        failures += _failed(f"au-clip {args}", result, not (tmp / "clips").exists())
    folder = tmp / "make"
    folder.mkdir()
    (folder / "-leading-dash.wav").write_bytes((DATA / "talk-16k.wav").read_bytes())
    made = _make_counts(folder, "-leading-dash.wav")
    out, err = made.communicate(timeout=600)
    failures += _failed("make counts -leading-dash.wav", subprocess.CompletedProcess([], made.returncode, out, err),
                        made.returncode == 0)
    (folder / "-leading-dash.wav").rename(folder / "ep.wav")
    both = [_make_counts(folder, "ep.wav") for _ in range(2)]
    ends = [proc.communicate(timeout=600) for proc in both]
    for proc, (out, err) in zip(both, ends):
        failures += _failed("two make counts at once", subprocess.CompletedProcess([], proc.returncode, out, err),
                            proc.returncode == 0 and (folder / "counts.tsv").exists())


def check_resume(tmp: Path, points: int) -> int:
    """Cut the uninterrupted transcript of the example's first 40 s (six chunks) at random points,
    resume from each cut, and compare bytes; half the cuts fall at a record's end, half inside one."""
    import soundfile as sf

    rng = random.Random(19)
    samples, rate = sf.read(EXAMPLE, dtype="float32")
    sf.write(tmp / "talk40.wav", samples[: 40 * rate], rate)
    manifest = run([str(BIN / "au-split"), "--max-len", "10", "--min-len", "2", "--search", "4", "-o",
                    str(tmp / "talk"), str(tmp / "talk40.wav")]).stdout
    full = run([str(BIN / "au-stt")], manifest).stdout
    print(f"  full run: {len(full.splitlines())} segments, {full.count(b'banana')} bananas", flush=True)
    failures = 0
    for point in range(points):
        cut = rng.randrange(len(full))
        if point % 2 == 0:  # at a record's end (0: nothing written yet)
            cut = full.rfind(b"\n", 0, cut) + 1
        partial = tmp / f"resume{point}.jsonl"
        partial.write_bytes(full[:cut])
        resumed = run([str(BIN / "au-stt"), "--resume", str(partial)], manifest)
        if resumed.returncode != 0 or resumed.stdout != full:
            differs = next((i for i, (a, b) in enumerate(zip(resumed.stdout, full)) if a != b), None)
            print(f"  cut at byte {cut} ({'record end' if point % 2 == 0 else 'mid-record'}): exit "
                  f"{resumed.returncode}, {len(resumed.stdout.splitlines())} segments, first difference at "
                  f"byte {differs}: {resumed.stderr.decode(errors='replace').strip()[:200]}", flush=True)
            failures += 1
    return failures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--trials", type=int, default=60)
    parser.add_argument("--fuzz", type=int, default=2000)
    parser.add_argument("--big-mb", type=int, default=200)
    parser.add_argument("--resumes", type=int, default=20)
    parser.add_argument("--only", default=None, help="run only the checks whose name has this word")
    args = parser.parse_args()
    total = 0
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        checks = [("joined and cut files", lambda: check_joined_and_cut(tmp)),
                  (f"{args.trials} SIGINT/SIGTERM trials", lambda: check_signals(tmp, args.trials)),
                  (f"{args.fuzz} fuzzed inputs", lambda: check_fuzz(args.fuzz)),
                  ("one-line text", lambda: check_one_line_text(tmp, args.big_mb)),
                  ("two concurrent runs into one directory", lambda: check_concurrent(tmp)),
                  ("audio fault matrix", lambda: check_audio_faults(tmp)),
                  ("text faults", lambda: check_text_faults(tmp)),
                  ("file faults", lambda: check_file_faults(tmp)),
                  (f"{args.resumes} resumes equal to a full run", lambda: check_resume(tmp, args.resumes))]
        for name, check in checks:
            if args.only and args.only not in name:
                continue
            started = time.perf_counter()
            failures = check()
            total += failures
            print(f"{name}: {failures} failures ({time.perf_counter() - started:.0f} s)", flush=True)
    sys.exit(1 if total else 0)


if __name__ == "__main__":
    main()
