"""Tokenising and normalising text.

A token is a run of Unicode letters, digits and combining marks, with inner apostrophes
kept (don't, banana's). Text is NFKC-normalised, curly apostrophes become straight ones and,
unless keep_case, it is lower-cased. Everything else (punctuation, hyphens, symbols) separates.
A language's own rules apply when the text's language is known: French, Italian and Catalan split
an elided article or pronoun off as a token of its own, as Whisper's words do (l'accident: l
accident); Turkish and Azerbaijani lower-case I to ı and İ to i. The full policy is in man/tok.1.
"""

from __future__ import annotations

import unicodedata
from itertools import compress

import regex

TOKEN_PATTERN = regex.compile(r"[\p{L}\p{N}\p{M}]+(?:'[\p{L}\p{N}\p{M}]+)*")
# ASCII characters that can never be inside a token become spaces before splitting, so nearly every
# whitespace piece is already a clean token (str.translate runs at C speed; a regex would not).
ASCII_SEPARATORS = str.maketrans({chr(c): " " for c in range(128) if not chr(c).isalnum() and chr(c) != "'"})
# NFKC leaves these apostrophe look-alikes alone; readers treat them as "'".
APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2032": "'", "\u00b4": "'"})
# Elided words that end in an apostrophe and join the next word, by language (lower case)
ELISIONS = {
    "fr": "c|d|j|l|m|n|s|t|qu|jusqu|lorsqu|puisqu|quoiqu",
    "it": "c|d|l|m|n|s|t|v|un|dell|all|dall|nell|sull|coll|quest|quell|bell|sant|buon|mezz",
    "ca": "d|l|m|n|s|t",
}
ELIDED = {code: regex.compile(rf"^((?i:{words})')(?=[\p{{L}}\p{{N}}])") for code, words in ELISIONS.items()}
DOTTED_I = {"tr", "az"}  # languages whose I lower-cases to dotless ı (and İ to i)


def normalise(text: str, keep_case: bool = False) -> str:
    """NFKC, straight apostrophes and (by default) lower case; ASCII skips the Unicode steps."""
    if text.isascii():
        return text if keep_case else text.lower()
    text = unicodedata.normalize("NFKC", text).translate(APOSTROPHES)
    if not keep_case:
        # Lower-casing can leave a string that is no longer NFKC (e.g. U+0130); normalise again.
        text = unicodedata.normalize("NFKC", text.lower())
    return text


def ascii_spacing(keep_case: bool = False) -> bytes:
    """A bytes.translate table that does to ASCII bytes what normalise and ASCII_SEPARATORS do to
    ASCII text, in one pass and before any decoding; bytes past ASCII are left alone."""
    ascii_chars = "".join(map(chr, range(128)))
    return normalise(ascii_chars, keep_case).translate(ASCII_SEPARATORS).encode("ascii") + bytes(range(128, 256))


def has_own_rules(language: str | None) -> bool:
    """Whether a language's text splits or lower-cases otherwise than by the common rules."""
    return language in ELIDED or language in DOTTED_I


def tokenise(text: str, keep_case: bool = False, language: str | None = None) -> list[str]:
    """The tokens of a text, in order; with a language, its own rules too (see above)."""
    if not has_own_rules(language):
        return find_tokens(normalise(text, keep_case))
    if language in DOTTED_I and not keep_case:
        text = text.replace("I", "ı").replace("İ", "i")
    tokens = find_tokens(normalise(text, keep_case))
    elided = ELIDED.get(language)
    return tokens if elided is None else [part for token in tokens for part in _split_elision(token, elided)]


def find_tokens(text: str) -> list[str]:
    """TOKEN_PATTERN.findall(text), several times faster on long text. No token holds whitespace or
    an ASCII separator, so the text is split there at C speed; only the pieces that are not one
    whole token (a quote mark at an edge, non-ASCII punctuation) go through the pattern."""
    spaced = text.translate(ASCII_SEPARATORS)
    pieces = spaced.split()
    if spaced.isascii():  # then pieces hold only letters, digits and apostrophes: odd ones are easy to see
        padded = f" {spaced} "
        if " '" not in padded and "' " not in padded and "''" not in padded:
            return pieces
    odd = {piece for piece in set(pieces) if TOKEN_PATTERN.fullmatch(piece) is None}
    if not odd:
        return pieces
    tokens: list[str] = []
    done = 0
    for i in compress(range(len(pieces)), map(odd.__contains__, pieces)):
        tokens += pieces[done:i]
        tokens += TOKEN_PATTERN.findall(pieces[i])
        done = i + 1
    return tokens + pieces[done:]


def _split_elision(token: str, elided: "regex.Pattern[str]") -> list[str]:
    found = elided.match(token)
    return [token] if found is None else [found[1][:-1], token[found.end():]]


def spread_tokens(text: str, start: float, end: float, keep_case: bool = False,
                  language: str | None = None) -> list[tuple[str, float, float]]:
    """(token, start, end) with the span [start, end] shared in proportion to each token's place in
    the text: word times estimated for transcripts that time only whole cues (subtitles). A
    language's own rules apply as in tokenise; the parts of an elided word share its span."""
    if language in DOTTED_I and not keep_case:
        text = text.replace("I", "ı").replace("İ", "i")
    text = normalise(text, keep_case)
    scale = (end - start) / len(text) if text else 0.0
    elided = ELIDED.get(language or "")
    return [(part, start + m.start() * scale, start + m.end() * scale) for m in TOKEN_PATTERN.finditer(text)
            for part in ([m[0]] if elided is None else _split_elision(m[0], elided))]
