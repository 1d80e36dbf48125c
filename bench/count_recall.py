"""Does the count hear every occurrence? Recall and precision of `wc-words --fuzzy` hits on real speech.

Usage: python bench/count_recall.py DIR... [--method NAME=SPEC]... [--queries 40] [--decoys 10] [--seed 1]
                                   [--work bench/work/count_recall] [--fresh] [--verbose] [--json FILE]

Each DIR holds NAME.flac (or .wav) with its reference NAME.txt. Queries: content words of the
references (not among wordfreq's 200 commonest English words, 4+ letters, said at least twice in the
corpus), a seeded sample of them, plus decoys (close in spelling or sound to a said word, never said).

Truth: a reference token is an occurrence of a query when they share a key: the word, the word with a
possessive 's stripped, its lemma (simplemma: plurals, verb forms), and its spoken-form twin
(mr = mister, dr = doctor, 3 = three, ...), see `keys()`.

Methods (each writes `wc-words --hits` lines for all queries; all files in ONE run):
  plain      au-split FILES | au-stt, then tok | wc-words --fuzzy Q... --hits --near   (built in)
  fw-beam5   faster-whisper on each whole file, beam 5, word times, the embedded model  (built in)
  NAME=-OPTS or NAME=au-stt OPTS   like plain, with those au-stt options
  NAME=CMD   any other shell command that writes hit lines (source start end form query score kind) on
             stdout. It gets $AUDIO_FILES (a file naming one recording a line), $QUERIES (one query a
             line), $FUZZY (the --fuzzy Q ... options, shell-quoted), $WORK (a folder of its own) and
             $TRANSCRIPT: a path where it may leave the transcript its hits came from (any timed form
             tok reads). Without one, the plain method's transcript maps its hit times to the reference.
             Example: --method 'count=au-count --hits --files-from "$AUDIO_FILES" --words-from "$QUERIES"'

Matching: the method's transcript tokens (tok, with times) are aligned to the reference tokens by word
edit distance; a hit goes to the transcript tokens its time covers (else the nearest one), then to their
aligned reference positions, +-1; it is a true positive if one of those holds an occurrence of its query
not matched yet. Hits of kind uncounted-* are not counted: they are reported as candidates, and those
that land on an occurrence the count missed as "recoverable". Transcripts and hits are cached per method
under --work; scoring a cached run takes seconds.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import resource
import shlex
import shutil
import subprocess
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import jellyfish
import simplemma
from rapidfuzz.distance import Levenshtein
from rapidfuzz import fuzz
from wordfreq import top_n_list, zipf_frequency

from audiowc.text.tokenise import tokenise

BIN = Path(sys.executable).parent if (Path(sys.executable).parent / "au-stt").exists() else \
    Path(shutil.which("au-stt") or "au-stt").parent
STOP = set(top_n_list("en", 200))
NUMBERS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
           "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"]
SPOKEN = {"mr": "mister", "mrs": "missus", "dr": "doctor", "st": "saint", "ok": "okay", "vs": "versus",
          "etc": "cetera", "1st": "first", "2nd": "second", "3rd": "third",
          **{str(i): w for i, w in enumerate(NUMBERS)}}
SPOKEN.update({w: d for d, w in list(SPOKEN.items())})


def keys(token: str) -> set[str]:
    """The forms under which a token counts as an occurrence of a word."""
    base = token[:-2] if token.endswith("'s") else token.rstrip("'")
    forms = {token, base, SPOKEN.get(base, base)}
    return forms | {simplemma.lemmatize(f, lang="en") for f in forms}


# ---------------------------------------------------------------- corpus and queries

@dataclass
class Recording:
    path: str                      # as given to the methods (absolute); the transcripts' `source`
    name: str
    ref: list[str]
    duration: float = 0.0


def load_corpus(dirs: list[Path]) -> list[Recording]:
    import soundfile as sf
    out = []
    for folder in dirs:
        for audio in sorted(p for p in folder.iterdir() if p.suffix in (".flac", ".wav")):
            if audio.with_suffix(".txt").exists():
                out.append(Recording(str(audio.resolve()), audio.stem,
                                     tokenise(audio.with_suffix(".txt").read_text()), sf.info(str(audio)).duration))
    return out


def choose_queries(corpus: list[Recording], n: int, n_decoys: int, seed: int) -> tuple[list[str], list[str]]:
    """A seeded sample of content words said twice or more, and decoys never said."""
    surface: dict[str, Counter] = defaultdict(Counter)
    for rec in corpus:
        for tok in rec.ref:
            if tok.isalpha() and len(tok) >= 4 and tok not in STOP:
                surface[simplemma.lemmatize(tok, lang="en")][tok] += 1
    groups = {lemma: c for lemma, c in surface.items() if sum(c.values()) >= 2 and lemma not in STOP}
    words = sorted({max(sorted(c), key=c.__getitem__) for c in groups.values()})
    rng = random.Random(seed)
    queries = sorted(rng.sample(words, min(n, len(words))))
    said = set().union(*(keys(t) for rec in corpus for t in rec.ref))
    vocab = [(w, jellyfish.metaphone(w)) for w in top_n_list("en", 50000) if w.isalpha() and len(w) >= 4]
    decoys: list[str] = []
    for word in rng.sample(words, len(words)):
        if len(decoys) >= n_decoys:
            break
        code = jellyfish.metaphone(word)
        near = [(fuzz.ratio(word, v) + 10 * (vcode == code), zipf_frequency(v, "en"), v)
                for v, vcode in vocab if abs(len(v) - len(word)) <= 2 and v not in decoys]
        near = [x for x in near if x[0] >= 75 and not (keys(x[2]) & said)]
        if near:
            decoys.append(max(near)[2])
    return queries, sorted(decoys)


# ---------------------------------------------------------------- methods

@dataclass
class Run:
    name: str
    spec: str
    transcript: Path | None = None
    hits: list[list[str]] = field(default_factory=list)
    cpu: float = 0.0
    wall: float = 0.0
    cached: bool = False


def _timed(command: str, env: dict | None = None, stdout=None) -> tuple[float, float]:
    """(CPU seconds of the children, wall seconds) of a shell command; stops on failure."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    out = subprocess.run(["bash", "-c", "set -o pipefail; " + command], env=env, stdout=stdout,
                         stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if out.returncode != 0:
        sys.exit(f"count_recall: method failed ({out.returncode}): {command}\n{out.stderr.strip()[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall


def _fresh_or_cached(folder: Path, key: str, fresh: bool) -> dict | None:
    meta = folder / "meta.json"
    if not fresh and meta.exists():
        data = json.loads(meta.read_text())
        if data.get("key") == key:
            return data
    return None


def transcribe(run: Run, files: list[str], folder: Path, fresh: bool) -> None:
    """Fill run.transcript (cached): one au-split | au-stt run, or the faster-whisper worker."""
    folder.mkdir(parents=True, exist_ok=True)
    names = " ".join(shlex.quote(f) for f in files)
    if run.spec == "fw-beam5":
        command = f"{shlex.quote(sys.executable)} {shlex.quote(__file__)} --fw-beam5-worker {names}"
    else:
        opts = run.spec[len("au-stt"):] if run.spec.startswith("au-stt") else run.spec
        command = f"{BIN}/au-split {names} | {BIN}/au-stt {opts}"
    key = hashlib.sha256(command.encode()).hexdigest()
    run.transcript = folder / "transcript.jsonl"
    cached = _fresh_or_cached(folder, key, fresh)
    if cached and run.transcript.exists():
        run.cpu, run.wall, run.cached = cached["cpu"], cached["wall"], True
        return
    part = folder / "transcript.jsonl.part"
    with part.open("w") as out:
        run.cpu, run.wall = _timed(command, stdout=out)
    part.rename(run.transcript)
    (folder / "meta.json").write_text(json.dumps({"key": key, "command": command, "cpu": run.cpu, "wall": run.wall}))


def fuzzy_options(queries: list[str]) -> str:
    return " ".join(f"--fuzzy {shlex.quote(q)}" for q in queries)


def count_hits(transcript: Path, queries: list[str]) -> list[list[str]]:
    command = f"{BIN}/tok {shlex.quote(str(transcript))} | {BIN}/wc-words {fuzzy_options(queries)} --hits --near"
    out = subprocess.run(["bash", "-c", "set -o pipefail; " + command], capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"count_recall: counting failed: {out.stderr.strip()}")
    return [line.split("\t") for line in out.stdout.splitlines() if line]


def run_command_method(run: Run, files: list[str], queries: list[str], folder: Path, fresh: bool) -> None:
    """A method given as a shell command that writes hit lines itself (cached with its queries)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "audio_files.txt").write_text("".join(f + "\n" for f in files))
    (folder / "queries.txt").write_text("".join(q + "\n" for q in queries))
    key = hashlib.sha256("\n".join([run.spec, *files, *queries]).encode()).hexdigest()
    hits_path, transcript = folder / "hits.tsv", folder / "transcript"
    cached = _fresh_or_cached(folder, key, fresh)
    if cached and hits_path.exists():
        run.cpu, run.wall, run.cached = cached["cpu"], cached["wall"], True
    else:
        transcript.unlink(missing_ok=True)
        env = dict(os.environ, AUDIO_FILES=str(folder / "audio_files.txt"), QUERIES=str(folder / "queries.txt"),
                   FUZZY=fuzzy_options(queries), WORK=str(folder), TRANSCRIPT=str(transcript))
        with (folder / "hits.tsv.part").open("w") as out:
            run.cpu, run.wall = _timed(run.spec, env=env, stdout=out)
        (folder / "hits.tsv.part").rename(hits_path)
        (folder / "meta.json").write_text(json.dumps({"key": key, "command": run.spec, "cpu": run.cpu,
                                                      "wall": run.wall}))
    run.hits = [line.split("\t") for line in hits_path.read_text().splitlines() if line]
    run.transcript = transcript if transcript.exists() else None


def fw_beam5_worker(files: list[str]) -> None:
    """faster-whisper on each whole file, written as au-stt's segment JSONL."""
    from faster_whisper import WhisperModel
    from audiowc.transcribe.engines.models import resolve_model
    path, engine = resolve_model(None)
    model = WhisperModel(path, device="cpu", compute_type="int8")
    for source in files:
        segments, _info = model.transcribe(source, beam_size=5, word_timestamps=True, language="en")
        for seg in segments:
            text = seg.text.strip()
            if not text:
                continue
            words = [{"word": w.word.strip(), "start": round(w.start, 3), "end": round(w.end, 3),
                      "prob": round(w.probability, 3)} for w in (seg.words or [])]
            print(json.dumps({"source": source, "chunk": 0, "start": round(seg.start, 3), "end": round(seg.end, 3),
                              "text": text, "words": words, "engine": f"faster-whisper/{engine}/beam5"}), flush=True)


# ---------------------------------------------------------------- scoring

@dataclass
class Token:
    word: str
    start: float
    end: float


def read_tokens(transcript: Path) -> dict[str, list[Token]]:
    out = subprocess.run([f"{BIN}/tok", str(transcript)], capture_output=True, text=True, check=True)
    by_source: dict[str, list[Token]] = defaultdict(list)
    for line in out.stdout.splitlines():
        word, start, end, source = line.split("\t")[:4]
        by_source[source].append(Token(word, float(start), float(end)))
    return by_source


def align(ref: list[str], hyp: list[str]) -> tuple[list[int | None], list[int | None]]:
    """For each hyp token its reference position (inserted tokens: the position they sit at),
    and for each reference token its hyp position (None where deleted)."""
    to_ref: list[int | None] = [None] * len(hyp)
    to_hyp: list[int | None] = [None] * len(ref)
    for op in Levenshtein.opcodes(ref, hyp):
        if op.tag in ("equal", "replace"):
            for k in range(op.src_end - op.src_start):
                to_ref[op.dest_start + k] = op.src_start + k
                to_hyp[op.src_start + k] = op.dest_start + k
        elif op.tag == "insert":
            for j in range(op.dest_start, op.dest_end):
                to_ref[j] = min(op.src_start, len(ref) - 1) if ref else None
    return to_ref, to_hyp


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    decoy_hits: int = 0
    candidates: int = 0
    recoverable: int = 0
    ref_words: int = 0
    edits: int = 0
    misses: list[dict] = field(default_factory=list)
    false_positives: list[dict] = field(default_factory=list)


def occurrences(corpus: list[Recording], queries: list[str]) -> dict[tuple[str, int], str]:
    """(source, reference position) -> the query it is an occurrence of."""
    qkeys = {q: keys(q) for q in queries}
    out = {}
    for rec in corpus:
        for i, tok in enumerate(rec.ref):
            k = keys(tok)
            for q in queries:
                if k & qkeys[q]:
                    out[(rec.path, i)] = q
                    break
    return out


def covered(tokens: list[Token], start: float, end: float) -> list[int]:
    inside = [j for j, t in enumerate(tokens) if t.start < end + 0.01 and t.end > start - 0.01]
    if inside or not tokens:
        return inside
    middle = (start + end) / 2
    return [min(range(len(tokens)), key=lambda j: abs((tokens[j].start + tokens[j].end) / 2 - middle))]


def cause(rec: Recording, i: int, query: str, hyp: list[Token], to_hyp: list[int | None]) -> tuple[str, str]:
    """Why an occurrence was missed, and what the transcript had there."""
    j = to_hyp[i]
    if j is None:
        after = [to_hyp[k] for k in range(i, len(rec.ref)) if to_hyp[k] is not None]
        return ("lost at the end" if not after else "dropped"), "-"
    heard = hyp[j].word
    said = rec.ref[i]
    if heard.isdigit() or said.isdigit() or SPOKEN.get(said) == heard or SPOKEN.get(heard) == said:
        return "spoken form", heard
    if keys(heard) & keys(query):
        return ("word form" if heard != query else "counted elsewhere"), heard
    if heard == said:
        return "form not counted", heard
    return "misheard", heard


def score(run: Run, corpus: list[Recording], queries: list[str], decoys: list[str], truth: dict,
          fallback: Path | None) -> Score:
    result = Score()
    transcript = run.transcript or fallback
    tokens = read_tokens(transcript) if transcript else {}
    maps = {}
    for rec in corpus:
        hyp = tokens.get(rec.path, [])
        maps[rec.path] = (hyp, *align(rec.ref, [t.word for t in hyp]))
        if run.transcript:
            result.ref_words += len(rec.ref)
            result.edits += Levenshtein.distance(rec.ref, [t.word for t in hyp])
    matched: set[tuple[str, int]] = set()

    def place(hit: list[str]) -> tuple[str, int] | None:
        source, start, end, _form, query = hit[0], float(hit[1]), float(hit[2]), hit[3], hit[4]
        if source not in maps:
            return None
        hyp, to_ref, _ = maps[source]
        spots = [to_ref[j] for j in covered(hyp, start, end) if to_ref[j] is not None]
        for delta in (0, -1, 1):
            for pos in spots:
                key = (source, pos + delta)
                if truth.get(key) == query and key not in matched:
                    return key
        return None

    counted = [h for h in run.hits if not h[6].startswith("uncounted-")]
    near = [h for h in run.hits if h[6].startswith("uncounted-")]
    for hit in counted:
        if hit[4] in decoys:
            result.decoy_hits += 1
            result.false_positives.append({"source": Path(hit[0]).stem, "start": hit[1], "form": hit[3],
                                           "query": hit[4], "kind": "decoy " + hit[6]})
            continue
        key = place(hit)
        if key:
            matched.add(key)
            result.tp += 1
        else:
            result.fp += 1
            result.false_positives.append({"source": Path(hit[0]).stem, "start": hit[1], "form": hit[3],
                                           "query": hit[4], "kind": hit[6]})
    for hit in near:
        if hit[4] in decoys:
            continue
        result.candidates += 1
        key = place(hit)
        if key:
            result.recoverable += 1
            matched.add(("recovered",) + key)
    for rec in corpus:
        hyp, _to_ref, to_hyp = maps[rec.path]
        for i, tok in enumerate(rec.ref):
            key = (rec.path, i)
            if key in truth and key not in matched:
                result.fn += 1
                why, heard = cause(rec, i, truth[key], hyp, to_hyp)
                j = to_hyp[i]
                result.misses.append({"source": rec.name, "pos": i, "query": truth[key], "said": tok,
                                      "heard": heard, "cause": why,
                                      "time": hyp[j].start if j is not None else None,
                                      "recovered": ("recovered",) + key in matched,
                                      "context": " ".join(rec.ref[max(0, i - 3):i + 4])})
    return result


# ---------------------------------------------------------------- main

def parse_method(text: str) -> tuple[str, str]:
    name, sep, spec = text.partition("=")
    if not sep or not name or not spec.strip():
        sys.exit(f"count_recall: --method wants NAME=SPEC, got {text!r}")
    return name, spec.strip()


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--fw-beam5-worker":
        fw_beam5_worker(sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dirs", nargs="+", type=Path)
    parser.add_argument("--method", action="append", default=[], metavar="NAME=SPEC",
                        help="an extra method: NAME=-AU_STT_OPTS, NAME=au-stt OPTS, or NAME=SHELL_COMMAND")
    parser.add_argument("--only", action="append", default=[], metavar="NAME",
                        help="run only these methods (default: plain, fw-beam5 and every --method)")
    parser.add_argument("--queries", type=int, default=40)
    parser.add_argument("--decoys", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=Path(__file__).parent / "work" / "count_recall")
    parser.add_argument("--fresh", action="store_true", help="transcribe again, ignoring the cache")
    parser.add_argument("--verbose", action="store_true", help="list every miss and false positive")
    parser.add_argument("--json", type=Path, help="write the results here too")
    args = parser.parse_args()

    corpus = load_corpus(args.dirs)
    if not corpus:
        sys.exit("count_recall: no NAME.flac/.wav with NAME.txt in " + " ".join(map(str, args.dirs)))
    files = [rec.path for rec in corpus]
    queries, decoys = choose_queries(corpus, args.queries, args.decoys, args.seed)
    truth = occurrences(corpus, queries)
    minutes = sum(r.duration for r in corpus) / 60
    print(f"{len(corpus)} recordings, {minutes:.1f} min, {sum(len(r.ref) for r in corpus)} reference words")
    print(f"queries ({len(queries)}, seed {args.seed}): {' '.join(queries)}")
    print(f"decoys ({len(decoys)}): {' '.join(decoys)}")
    per_query = Counter(truth.values())
    print(f"occurrences: {len(truth)} ({', '.join(f'{q} {per_query[q]}' for q in queries)})")

    methods = [("plain", ""), ("fw-beam5", "fw-beam5")] + [parse_method(m) for m in args.method]
    if args.only:
        methods = [m for m in methods if m[0] in args.only or m[0] == "plain"]
    runs: list[Run] = []
    for name, spec in methods:
        run = Run(name, spec)
        folder = args.work / name
        if spec in ("", "fw-beam5") or spec.startswith("-") or spec.startswith("au-stt"):
            transcribe(run, files, folder, args.fresh)
            run.hits = count_hits(run.transcript, queries + decoys)
        else:
            run_command_method(run, files, queries + decoys, folder, args.fresh)
        print(f"{name}: {'cached, ' if run.cached else ''}{run.cpu:.0f} s CPU, {run.wall:.0f} s wall", file=sys.stderr)
        runs.append(run)

    fallback = runs[0].transcript
    results = {}
    header = f"{'method':10s} {'occ':>4s} {'TP':>4s} {'FP':>3s} {'FN':>3s} {'recall':>7s} {'prec':>6s} " \
             f"{'decoy':>5s} {'near':>5s} {'recov':>5s} {'WER':>6s} {'CPU s':>6s} {'wall s':>6s}"
    rows = []
    for run in runs:
        s = score(run, corpus, queries, decoys, truth, fallback)
        recall = s.tp / len(truth) if truth else 0.0
        precision = s.tp / (s.tp + s.fp) if s.tp + s.fp else 1.0
        wer = s.edits / s.ref_words if s.ref_words else None
        rows.append(f"{run.name:10s} {len(truth):4d} {s.tp:4d} {s.fp:3d} {s.fn:3d} {recall:7.3f} {precision:6.3f} "
                    f"{s.decoy_hits:5d} {s.candidates:5d} {s.recoverable:5d} "
                    f"{(f'{100 * wer:5.1f}%' if wer is not None else '   n/a'):>6s} {run.cpu:6.0f} {run.wall:6.0f}")
        results[run.name] = {"spec": run.spec, "occurrences": len(truth), "tp": s.tp, "fp": s.fp, "fn": s.fn,
                             "recall": recall, "precision": precision, "decoy_hits": s.decoy_hits,
                             "candidates": s.candidates, "recoverable": s.recoverable, "wer": wer,
                             "cpu_s": run.cpu, "wall_s": run.wall, "misses": s.misses,
                             "false_positives": s.false_positives,
                             "miss_causes": dict(Counter(m["cause"] for m in s.misses).most_common())}
        if args.verbose:
            print(f"\n== {run.name}: misses by cause "
                  + ", ".join(f"{c} {n}" for c, n in results[run.name]["miss_causes"].items()))
            for m in sorted(s.misses, key=lambda m: (m["query"], m["source"], m["pos"])):
                at = f"{m['time']:.2f}" if m["time"] is not None else "-"
                print(f"  miss {m['query']:12s} said {m['said']!r:14s} heard {m['heard']!r:14s} {m['cause']:16s} "
                      f"{m['source']} @{at}{' (near-miss listed)' if m['recovered'] else ''}: {m['context']}")
            for f in s.false_positives:
                print(f"  false {f['query']:12s} form {f['form']!r:14s} {f['kind']:12s} {f['source']} @{f['start']}")
    print()
    print(header)
    print("\n".join(rows))
    print("occ: occurrences said; decoy: counted hits of decoy queries; near: uncounted candidates "
          "(--near); recov: candidates on an occurrence the count missed")
    if args.json:
        args.json.write_text(json.dumps({"queries": queries, "decoys": decoys, "minutes": minutes,
                                         "files": files, "methods": results}, indent=1))


if __name__ == "__main__":
    main()
