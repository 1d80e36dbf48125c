"""What a language makes of a token: is it an ordinary word of its own, is it an inflection of a query?

A near-miss of a query ("bandana" for "banana") is only a form a listener would accept when it is
not a word with a meaning of its own. Word frequencies come from wordfreq (offline data for 40-odd
languages, on the Zipf scale: log10 of uses per billion words; 3 is once in a million words).
"""

from __future__ import annotations

import math
import unicodedata
from functools import lru_cache

from .errors import UsageError

DEFAULT_LANGUAGE = "en"
# A misspelling of a common word can itself be in the word list ("bannana", 1.1 Zipf; "definately",
# 2.9): a near form is another word only when it is not far rarer than the query. Rare words
# ("banal", 2.9; "bandana", 2.8) stay words for queries up to Zipf 5; common words always are.
# A near form this far below the query's frequency may be a misspelling or mishearing of it: 1.5
# (30 times rarer) keeps bandana (2.75) a word of its own for banana (4.0) while manana (2.05),
# which a recogniser writes for banana far more often than anyone says it, counts.
WORD_GAP = 1.5
WORD_FLOOR = 1.5  # below this, a form is not taken for a word (one use in 30 million words)
WORD_CEILING = 3.0  # at or above this, a form always is
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
    def __init__(self, language: str) -> None:
        from wordfreq import get_frequency_dict
        from wordfreq.preprocess import preprocess_text

        self.language = language
        self._prepare = preprocess_text
        # The dictionary itself, not zipf_frequency(): that one tokenises again and needs extra
        # packages (jieba, MeCab) for Chinese, Japanese and Korean; our tokens are already words.
        self._freqs: dict[str, float] = get_frequency_dict(language, wordlist="best")

    def zipf(self, token: str) -> float:
        freq = self._freqs.get(self._prepare(token, self.language), 0.0)
        return round(math.log10(freq) + 9, 2) if freq > 0 else 0.0

    def words(self) -> list[str]:
        """Every word the list knows, most frequent first."""
        return list(self._freqs)

    def word_floor(self, query: str) -> float:
        """The frequency from which a near form of the query is taken for another word."""
        return min(max(self.zipf(query) - WORD_GAP, WORD_FLOOR), WORD_CEILING)

    def inflects(self, token: str, word: str) -> bool:
        """Whether token is an inflected form of word. English: the plural and possessive rules.
        Elsewhere (no rules here): a word the language's list knows that is the query plus up to two
        letters, or the query with its final vowel changed to up to three ("banane": "bananes",
        "bananen"; "banana": "banane"); a misspelling ("bananne") is not in the list."""
        if self.language == "en":
            return token in inflections(word)
        stem = word[:-1] if len(word) > 3 and _base_letter(word[-1]) in VOWELS else word
        return (token != word and token.startswith(stem) and 0 < len(token) - len(stem) <= len(word) - len(stem) + 2
                and self.zipf(token) >= WORD_FLOOR)

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


def _base_letter(char: str) -> str:
    """The letter without its accents: "é" is "e"."""
    return unicodedata.normalize("NFD", char.lower())[0]
