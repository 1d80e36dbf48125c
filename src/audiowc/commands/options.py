"""The options several commands declare alike, each declared once with one meaning."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from .. import __version__
from ..errors import UsageError
from ..transcripts.formats import INPUT_FORMATS, check_format


def _show_version(ctx: typer.Context, value: bool) -> None:
    if value:
        typer.echo(f"{ctx.info_name} {__version__}")
        raise typer.Exit()


def _language_code(value: Optional[str]) -> Optional[str]:
    """A language code as every command takes it: lower case, the region dropped (en-GB is en), and
    auto (the default) as None. Whether a model or word list knows it, each command checks."""
    if value is None or value.strip().lower() == "auto":
        return None
    base = value.strip().replace("_", "-").split("-")[0].lower()
    if not (2 <= len(base) <= 3 and base.isascii() and base.isalpha()):
        raise UsageError(f"--language {value!r} is not a language code (en, de, fr...; auto: the default)")
    return base


def _input_format(value: str) -> str:
    check_format(value)
    return value


def _threshold(value: float) -> float:
    if not 0 <= value <= 100:  # false for NaN too, which a range option lets through
        raise UsageError(f"--threshold must be a number from 0 to 100, not {value}")
    return value


DEVICES = ("auto", "cpu", "cuda")


def _device(value: str) -> str:
    if value not in DEVICES:
        raise UsageError(f"unknown device {value!r} (choose from {', '.join(DEVICES)})")
    return value


VersionOption = Annotated[bool, typer.Option("--version", callback=_show_version, is_eager=True,
                                             help="Print the version and exit.")]
DebugOption = Annotated[bool, typer.Option("--debug", help="Show a traceback on errors.")]
# Shared by the text filters (tok, wc-words, au-format).
InputFiles = Annotated[Optional[list[str]], typer.Argument(metavar="FILE", show_default=False,
                                                          help="Inputs ('-' is stdin; none: stdin).")]
FromOption = Annotated[str, typer.Option("--from", metavar="FORMAT", callback=_input_format,
                                         help=f"Input stream: {', '.join(INPUT_FORMATS)}.")]
KeepCaseOption = Annotated[bool, typer.Option("--keep-case", help="Do not lower-case tokens.")]
SourceOption = Annotated[Optional[str], typer.Option(
    "--source", metavar="NAME", show_default=False,
    help="Name the recording the input is a transcript of, in its records, tokens and hits (default: what a "
         "JSONL or JSON transcript says, else the file's name less .srt, .vtt, .tsv, .json, .jsonl or .txt: "
         "talk.ogg.srt is talk.ogg).")]
# The counting options wc-words and au-merge share
PhoneticOption = Annotated[bool, typer.Option("--phonetic", help="Also count tokens that sound like a --fuzzy "
                                              "query.")]
LooseOption = Annotated[bool, typer.Option("--loose", help="Also count near forms that are words of their own "
                                           "(bandana for banana).")]
ThresholdOption = Annotated[float, typer.Option("--threshold", metavar="SCORE", callback=_threshold,
                                                help="Edit similarity (0-100) a near-miss needs.")]
LanguageOption = Annotated[Optional[str], typer.Option(
    "--language", "-l", metavar="CODE", show_default=False, callback=_language_code,
    help="Language of the speech and its text: en, de, fr... (en-GB is en; auto, the default: what the model "
         "detects or the transcript says).")]
ClockOption = Annotated[bool, typer.Option("--clock", help="With --hits, times as hh:mm:ss.mmm.")]
SkipBadOption = Annotated[bool, typer.Option("--skip-bad", help="Skip a bad input record (malformed, or a chunk "
                                             "whose audio cannot be read) with a warning naming its line, instead "
                                             "of stopping.")]
# One meaning per option name across the commands (tests/test_commands_options.py holds them to it)
FilesFromOption = Annotated[Optional[str], typer.Option(
    "--files-from", "-T", metavar="LIST", show_default=False,
    help="Also read input names, one a line, from LIST ('-': stdin); then stdin is no input of its own.")]
PadOption = Annotated[float, typer.Option(
    "--pad", metavar="SECONDS", min=0.2, max=4.0,
    help="Audio either side of a hit: what au-verify's model hears with it, and au-clip's clip holds.")]
AudioDirOption = Annotated[Optional[str], typer.Option(
    "--audio-dir", metavar="DIR", show_default=False,
    help="Look for recordings here (by file name) before where the hits say; in each place a name without "
         "its extension (Other Tool, from Other Tool.srt) is the one audio file of that name and an extension.")]
DeviceOption = Annotated[str, typer.Option("--device", metavar="DEVICE", callback=_device,
                                           help="auto, cpu or cuda.")]
SttOptions = Annotated[str, typer.Option("--stt-options", metavar="OPTIONS",
                                         help="Options for au-stt, as one shell-quoted string.")]
WordOption = Annotated[Optional[list[str]], typer.Option(
    "--word", "-w", metavar="WORD", show_default=False, help="Count this word or phrase exactly (repeatable).")]
FuzzyOption = Annotated[Optional[list[str]], typer.Option(
    "--fuzzy", "-f", metavar="WORD", show_default=False,
    help="Count every form of this word or phrase a listener would accept: Mr. for mister, 8 for eight, walked "
         "and went for walk and go, misspellings (repeatable).")]
