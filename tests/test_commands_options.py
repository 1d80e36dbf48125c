"""One meaning per option name: an option every command spells the same way is declared the same way
(names, value name, type, default, range, help), read from the typer apps themselves."""

from __future__ import annotations

import importlib
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
import typer

from audiowc.commands.options import _language_code
from conftest import call

COMMANDS = ["au-split", "au-stt", "tok", "wc-words", "au-format", "au-verify", "au-count", "au-clip",
            "au-episode", "au-merge"]

# The few names whose declarations may differ, and in what. Each says why.
ALLOWED = {
    # what each prints instead of counts differs with what the command counts from
    "--hits": {"help"},
    # au-merge has no --variants, so its --near names only --hits
    "--near": {"help"},
    # au-split's chunks and au-clip's clips: the output folder of each, with its own default
    "--out-dir": {"help", "default"},
    # au-verify takes only a CTranslate2 Whisper directory; au-stt also names to download and DeepSpeech
    "--model": {"help"},
    # au-count counts every form of its words (it is the count to trust): its help says so
    "--word": {"help"},
}


def _app(name: str) -> typer.Typer:
    return importlib.import_module(f"audiowc.commands.{name.replace('-', '_')}").app


def _declarations() -> dict[str, dict[str, dict[str, Any]]]:
    """option name (each spelling) -> command -> what its declaration says."""
    found: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for name in COMMANDS:
        for param in typer.main.get_command(_app(name)).params:
            if param.param_type_name != "option":
                continue
            said = {"names": tuple(param.opts + param.secondary_opts), "metavar": param.metavar,
                    "flag": param.is_flag, "repeatable": param.multiple, "default": param.default,
                    "min": getattr(param, "min", None), "max": getattr(param, "max", None), "help": param.help,
                    "callback": getattr(param.callback, "__qualname__", None)}
            for spelling in said["names"]:
                found[spelling][name] = said
    return found


def test_an_option_name_means_one_thing_in_every_command() -> None:
    drifted = []
    for spelling, by_command in sorted(_declarations().items()):
        long_name = max((s for s in next(iter(by_command.values()))["names"] if s.startswith("--")), key=len,
                        default=spelling)
        for attribute in next(iter(by_command.values())):
            if attribute in ALLOWED.get(long_name, set()):
                continue
            values = {command: said[attribute] for command, said in by_command.items()}
            if len({repr(v) for v in values.values()}) > 1:
                drifted.append(f"{spelling} {attribute}: {values}")
    assert drifted == []


def test_every_command_of_several_files_takes_files_from() -> None:
    for name in COMMANDS:
        command = typer.main.get_command(_app(name))
        several = any(p.param_type_name == "argument" and p.nargs == -1 for p in command.params)
        options = {o for p in command.params for o in p.opts}
        assert not several or "--files-from" in options, name


@pytest.mark.parametrize("name, data, args", [
    ("tok", "Hello world\n", []),
    ("wc-words", "a b a\n", []),
    ("au-format", "1\n00:00:01,000 --> 00:00:02,000\nhello there\n\n", ["--from", "srt"]),
])
def test_files_from_reads_the_names_listed(tmp_path: Path, name: str, data: str, args: list[str]) -> None:
    first, second = tmp_path / "one input", tmp_path / "two"
    first.write_text(data)
    second.write_text(data)
    direct = call(_app(name), name, [*args, str(first), str(second)])
    listing = tmp_path / "list"
    listing.write_text(f"{first}\n\n{second}\n")
    listed = call(_app(name), name, [*args, "--files-from", str(listing)], "stdin is not read")
    assert direct.code == listed.code == 0 and direct.out and listed.out == direct.out, listed.err
    from_stdin = call(_app(name), name, [*args, "-T", "-", str(second)], f"{first}\n")
    assert from_stdin.out == direct.out
    empty = tmp_path / "empty"
    empty.write_text("")
    nothing = call(_app(name), name, [*args, "--files-from", str(empty)], "stdin is not read")
    assert (nothing.code, nothing.out, nothing.err) == (0, "", "")


def test_files_from_that_is_missing_is_one_line_error(tmp_path: Path) -> None:
    result = call(_app("tok"), "tok", ["--files-from", str(tmp_path / "gone")])
    assert result.code == 1 and result.err.startswith("tok: error: ") and result.err.count("\n") == 1


@pytest.mark.parametrize("given, code", [("en", "en"), ("EN", "en"), ("en-GB", "en"), ("pt_BR", "pt"),
                                         ("auto", None), ("yue", "yue")])
def test_language_codes_read_the_same_everywhere(given: str, code: str | None) -> None:
    assert _language_code(given) == code


@pytest.mark.parametrize("name", ["au-stt", "tok", "wc-words", "au-merge"])
def test_a_word_for_a_language_is_a_usage_error_everywhere(name: str) -> None:
    queries = ["-f", "x"] if name in ("wc-words", "au-merge") else []
    result = call(_app(name), name, ["--language", "English", *queries], "x\n")
    assert result.code == 2 and "not a language code" in result.err and result.err.count("\n") == 1


def test_au_clip_pad_is_au_verify_pad() -> None:
    assert call(_app("au-clip"), "au-clip", ["--pad", "9"], "").code == 2
    assert call(_app("au-clip"), "au-clip", ["--pad", "0"], "").code == 2


def test_language_splits_words_alike_in_tok_wc_words_and_au_merge(tmp_path: Path) -> None:
    # French splits off elided words, in plain text and in subtitles (cues without word times) alike
    cue = tmp_path / "ep.srt"
    cue.write_text("1\n00:00:01,000 --> 00:00:02,000\nL'accident, un accident\n\n")
    plain = tmp_path / "notes.txt"
    plain.write_text("L'accident, un accident\n")
    for source in (cue, plain):
        tokens = call(_app("tok"), "tok", ["--language", "fr", str(source)]).out.splitlines()
        assert [line.split("\t")[0] for line in tokens] == ["l", "accident", "un", "accident"]
        assert call(_app("wc-words"), "wc-words", ["-l", "fr", "-w", "accident", str(source)]).out == "2\taccident\n"
    merged = call(_app("au-merge"), "au-merge", ["-w", "accident", "--language", "fr-FR", str(cue)])
    assert merged.out == f"2\taccident\t{tmp_path / 'ep'}\n2\taccident\n", merged.err
