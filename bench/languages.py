"""Word error rate and word counts per language, and speed, for the multilingual base model next to tiny.en.

Usage: python bench/languages.py [--models base,tiny.en] [--words de:Schüler,Blogs es:personas ...] DIR
DIR holds LL-NAME.ogg (or LL_NAME, fleurs-LL-NNN; .flac, .wav, .mp3 too) with the reference NAME.txt beside
it, LL the language code: the FLEURS sentences in tests/data/languages, or more of them (tests/data/SOURCES.md
says where they come from). Each model transcribes every file in one `au-split | au-stt --model M` run
(timed: model load included). Reference and transcript go through tok's tokeniser with the language's rules;
WER is the word edit distance over the reference words. Counts: `wc-words --fuzzy WORD --language LL` on the
reference and on the transcript's tokens, summed over the language's files.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from audiowc.text.tokenise import tokenise
from speech_dev import BIN, transcribe

AUDIO = (".ogg", ".flac", ".wav", ".mp3")
LANGUAGE = re.compile(r"(?:^|[-_])([a-z]{2})[-_]")  # de-001, fleurs-de-001, de_fleurs_001
WORDS = {"de": ["Schüler", "Blogs", "Wasser"], "es": ["personas", "extremo", "blogs"],
         "fr": ["année", "rugissement", "accident"], "en": ["the", "of"], "pt": ["grande", "novo"]}


def language_of(path: Path) -> str | None:
    found = LANGUAGE.search(path.stem + "-")
    return found[1] if found else None


def count(word: str, language: str, text: str) -> int:
    """wc-words --fuzzy WORD --language LL over text; the count (0 when it is not there)."""
    out = subprocess.run([str(BIN / "wc-words"), "--fuzzy", word, "--language", language], input=text,
                         capture_output=True, text=True, check=True).stdout
    return int(out.split("\t")[0]) if out else 0


def run_model(model: str, files: list[Path]) -> tuple[float, dict[str, list[dict]]]:
    elapsed, by_source = transcribe(files, "", f"--model {model}")
    return elapsed, by_source


def report(model: str, files: list[Path], by_source: dict[str, list[dict]], words: dict[str, list[str]]) -> None:
    edits: dict[str, int] = defaultdict(int)
    refs: dict[str, int] = defaultdict(int)
    texts: dict[str, list[tuple[str, str]]] = defaultdict(list)
    detected: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for path in files:
        language = language_of(path) or "en"
        segments = by_source[str(path)]
        reference = tokenise(path.with_suffix(".txt").read_text(), language=language)
        heard = tokenise(" ".join(s["text"] for s in segments), language=language)
        edits[language] += Levenshtein.distance(heard, reference)
        refs[language] += len(reference)
        texts[language].append((" ".join(reference), " ".join(heard)))
        for said in {s.get("language", "-") for s in segments} or {"(nothing)"}:
            detected[language][said] += 1
    for language in sorted(refs):
        found = ", ".join(f"{code} {n}" for code, n in sorted(detected[language].items()))
        counts = []
        for word in words.get(language, []):
            in_ref = count(word, language, "\n".join(ref for ref, _ in texts[language]))
            in_heard = count(word, language, "\n".join(heard for _, heard in texts[language]))
            counts.append(f"{word} {in_heard}/{in_ref}")
        print(f"{model:8s} {language}  files {len(texts[language]):2d}  words {refs[language]:4d}  "
              f"WER {100 * edits[language] / refs[language]:5.1f} %  segments say: {found:14s}  "
              f"counts heard/ref: {', '.join(counts)}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", type=Path)
    parser.add_argument("--models", default="base,tiny.en")
    parser.add_argument("--words", nargs="*", default=[], help="LL:word,word ... (replaces that language's list)")
    args = parser.parse_args()
    words = dict(WORDS)
    for item in args.words:
        code, _, listed = item.partition(":")
        words[code] = listed.split(",")
    files = sorted(p for p in args.folder.iterdir() if p.suffix in AUDIO and p.with_suffix(".txt").exists())
    if not files:
        sys.exit(f"no audio with a .txt reference in {args.folder}")
    audio = float(subprocess.run([sys.executable, "-c", "import sys, soundfile; print(sum(soundfile.info(f).duration "
                                  "for f in sys.argv[1:]))", *map(str, files)], capture_output=True, text=True,
                                 check=True).stdout)
    for model in args.models.split(","):
        elapsed, by_source = run_model(model, files)
        print(f"{model}: {len(files)} files, {audio:.1f} s of audio in {elapsed:.1f} s (x{audio / elapsed:.1f} "
              "real time, model load included)")
        report(model, files, by_source, words)


if __name__ == "__main__":
    main()
