"""What a language makes of a token: is it an ordinary word of its own, is it a form of a query?

A near-miss of a query ("bandana" for "banana") is only a form a listener would accept when it is
not a word with a meaning of its own. Word frequencies come from wordfreq (offline data for 40-odd
languages, on the Zipf scale: log10 of uses per billion words; 3 is once in a million words).
Word families ("went" for go, "Häuser" for Haus) come from simplemma's dictionaries of forms and
their headwords (50-odd languages, offline).
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable, Mapping
from functools import cached_property, lru_cache

from ..errors import UsageError

DEFAULT_LANGUAGE = "en"
# From this frequency on, a near form is taken for a word of its own (one use in 30 million words),
# however rare beside the query: "applet" (2.3) for apple and "manana" (2.05) for banana are words a
# verifier can check against the audio (--near), not misspellings to count. Below it are the
# misspellings that made the list ("bannana", 1.1). A written misspelling that is common enough
# ("definately", 2.9) is taken for a word too: a recogniser writes words it knows, not those.
WORD_FLOOR = 1.5
MIN_FAMILY_FORM = 3
MIN_SHARED_STEM = 4  # letters a query that is a form shares with a sibling form ("print" of printed, printing)
# simplemma's code where it differs from wordfreq's (Serbo-Croatian, Filipino).
LEMMA_LANGUAGE = {"sh": "hbs", "fil": "tl"}
VOWELS = set("aeiouy" "аеиоуыэюяё" "αεηιουω")


def languages() -> list[str]:
    from wordfreq import available_languages  # imported late: counting without --fuzzy never needs it

    return sorted(available_languages("best"))


def resolve_language(code: str) -> str:
    """A language code wordfreq has data for ("en-GB" is en); anything else is a usage error."""
    base = code.strip().replace("_", "-").split("-")[0].lower()
    known = languages()
    if base not in known:
        raise UsageError(f"--language {code!r} is not one with word frequencies; use one of {', '.join(known)}")
    return base


@lru_cache(maxsize=None)
def lexicon(language: str) -> "Lexicon":
    """One lexicon a language and process (loaded before worker processes fork, so they share it)."""
    return Lexicon(language)


class Lexicon:
    """A language's word list and dictionary of forms, each read when first needed: importing and
    reading them takes 1-3 s, which a count that meets no token near a query never needs."""

    def __init__(self, language: str) -> None:
        self.language = language

    def load(self) -> None:
        """Read both now (before worker processes fork, so that they share them)."""
        _ = self._freqs, self._headwords

    @cached_property
    def _freqs(self) -> dict[str, float]:
        from wordfreq import get_frequency_dict

        # The dictionary itself, not zipf_frequency(): that one tokenises again and needs extra
        # packages (jieba, MeCab) for Chinese, Japanese and Korean; our tokens are already words.
        return get_frequency_dict(self.language, wordlist="best")

    @cached_property
    def _prepare(self) -> Callable[[str, str], str]:
        from wordfreq.preprocess import preprocess_text

        return preprocess_text

    def zipf(self, token: str) -> float:
        freq = self._freqs.get(self._prepare(token, self.language), 0.0)
        return round(math.log10(freq) + 9, 2) if freq > 0 else 0.0

    def words(self) -> list[str]:
        """Every word the list knows, most frequent first."""
        return list(self._freqs)

    def is_word(self, token: str) -> bool:
        """Whether a form is an ordinary word of the language (frequent enough to be more than a slip)."""
        return self.zipf(token) >= WORD_FLOOR

    @cached_property
    def _headwords(self) -> Mapping[str, str] | None:
        """simplemma's form-to-headword dictionary (English: 180,000 forms, 0.5 s to load), or None
        for a language it lacks. Only the dictionary: its rules for unknown words guess, and a wrong
        guess would make an unrelated word count."""
        from simplemma.strategies.dictionaries import DefaultDictionaryFactory  # late: only --fuzzy needs it

        try:
            return DefaultDictionaryFactory().get_dictionary(LEMMA_LANGUAGE.get(self.language, self.language))
        except ValueError:
            return None

    def headword(self, token: str) -> str | None:
        """The dictionary form of a token, lower-cased ("went": go, "häuser": haus), or None if unknown.
        Tokens are lower-cased and the dictionaries keep German nouns capitalised: both are tried."""
        forms = self._headwords
        if forms is None:
            return None
        lower = token.lower()
        found = forms.get(lower) or forms.get(lower[:1].upper() + lower[1:])
        return found.lower() if found else None

    def in_family(self, token: str, word: str) -> bool:
        """Whether token is a form of the headword word ("walked", "went", "children" for walk, go,
        child). A query that is itself a form ("printed") reaches its siblings that share its stem
        ("printing", "print"), not those spelt otherwise: --fuzzy saw counts saws and sawn, not see.
        Forms shorter than MIN_FAMILY_FORM are left out: the dictionaries file pronouns and pieces of
        contractions under a headword ("me": i, "us": we, "na": to, "ai": be)."""
        token, word = token.lower(), word.lower()
        if len(token) < MIN_FAMILY_FORM or token == word:
            return False
        found = self.headword(token)
        if found == word:
            return True
        own = self.headword(word)
        # A headword longer than the query is another word (lower-case "haus" is filed under "hausen");
        # a sibling shares the headword's letters but its last (easy: easier), or MIN_SHARED_STEM of them.
        return (own is not None and found == own and len(own) <= len(word)
                and _shared_start(token, word) >= min(len(own) - 1, MIN_SHARED_STEM))

    def inflects(self, token: str, word: str) -> bool:
        """Whether token is an inflected form of word, unless the lemmatiser files it under another
        headword. English: the plural and possessive rules. Elsewhere (no rules here): a
        word the language's list knows that is the query plus up to two letters, or the query with its
        final vowel changed to up to three ("banane": "bananes", "bananen"; "banana": "banane"); a
        misspelling ("bananne") is not in the list."""
        if self.language == "en":
            ruled = token in inflections(word)
        else:
            stem = word[:-1] if len(word) > 3 and _base_letter(word[-1]) in VOWELS else word
            ruled = (token != word and token.startswith(stem)
                     and 0 < len(token) - len(stem) <= len(word) - len(stem) + 2 and self.zipf(token) >= WORD_FLOOR)
        # "news" has the plural's ending, "hausen" the query and two letters: words of their own
        return ruled and self.headword(token) in (None, word.lower())

    def stems(self, token: str) -> set[str]:
        """The token and what it may be an inflection of, so that a misspelt plural ("banannas")
        is judged by its singular ("bananna")."""
        if self.language != "en":
            return {token} | {token[:-k] for k in (1, 2) if len(token) > k + 3}
        if not token.endswith(("s", "'")):  # every English ending does; most tokens need no more
            return {token}
        return {token} | {token[:-len(end)] + instead for end, instead in EN_ENDINGS
                          if token.endswith(end) and len(token) > len(end) + 2}


# English endings, longest first, and what each replaces: "berries" is "berry" + "ies".
EN_ENDINGS = (("ies'", "y"), ("ies", "y"), ("es'", ""), ("'s", ""), ("s'", ""), ("es", ""), ("s", ""), ("'", ""))


@lru_cache(maxsize=256)
def inflections(word: str) -> frozenset[str]:
    """English plural and possessive forms of a word."""
    forms = {word + "s", word + "es", word + "'s", word + "s'", word + "es'"}
    if word.endswith("s"):
        forms.add(word + "'")
    if len(word) > 2 and word.endswith("y") and word[-2] not in "aeiou":
        forms.update({word[:-1] + "ies", word[:-1] + "ies'"})
    return frozenset(forms)


def _shared_start(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def _base_letter(char: str) -> str:
    """The letter without its accents: "é" is "e"."""
    return unicodedata.normalize("NFD", char.lower())[0]
