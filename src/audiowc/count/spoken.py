"""Spoken forms: how a word that is said one way may be written another ("Mr." for mister, "8" for eight).

Two kinds, both counted: spoken-form (an abbreviation and the words it is read as: a small table per
language below, data rather than rules) and number (digits and the words num2words spells them as:
cardinals, ordinals such as "1st", and years). The relation is symmetric: --fuzzy mister counts
"mr" and --fuzzy mr counts "mister". Words are compared as tokens are (lower case, letters only), a
phrase by its words joined ("twentyone" for "twenty-one", "etcetera" for "et cetera").
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..text.tokenise import tokenise

# Abbreviations as a recogniser writes them (tok has dropped the dot) and the words they are read as.
# Only forms that are not also ordinary words: "no" (number), "am" (morning) or "min" would make
# every "no" a number. A phrase is its words joined, as a query phrase is matched ("et cetera").
ABBREVIATIONS: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "mr": ("mister",), "mrs": ("missus", "missis"), "dr": ("doctor", "drive"), "st": ("saint", "street"),
        "prof": ("professor",), "jr": ("junior",), "sr": ("senior",), "mt": ("mount",), "ave": ("avenue",),
        "rd": ("road",), "blvd": ("boulevard",), "ft": ("feet", "foot", "fort"), "vs": ("versus",),
        "etc": ("etcetera",), "approx": ("approximately",), "dept": ("department",), "govt": ("government",),
        "ok": ("okay",), "lb": ("pound",), "lbs": ("pounds",), "oz": ("ounce", "ounces"),
        "km": ("kilometre", "kilometer", "kilometres", "kilometers"), "kg": ("kilogram", "kilograms"),
        "hr": ("hour",), "hrs": ("hours",), "sgt": ("sergeant",), "capt": ("captain",), "gen": ("general",),
    },
    "de": {
        "dr": ("doktor",), "hr": ("herr",), "fr": ("frau",), "nr": ("nummer",), "str": ("straße",),
        "st": ("sankt",), "prof": ("professor",), "usw": ("undsoweiter",), "bzw": ("beziehungsweise",),
        "km": ("kilometer",), "kg": ("kilogramm",),
    },
    "es": {
        "sr": ("señor",), "sra": ("señora",), "srta": ("señorita",), "dr": ("doctor",), "dra": ("doctora",),
        "ud": ("usted",), "uds": ("ustedes",), "prof": ("profesor",), "km": ("kilómetro", "kilómetros"),
    },
    "fr": {
        "mme": ("madame",), "mlle": ("mademoiselle",), "dr": ("docteur",), "st": ("saint",), "ste": ("sainte",),
        "prof": ("professeur",), "km": ("kilomètre", "kilomètres"),
    },
}
# num2words' code where it differs from wordfreq's (Norwegian Bokmål).
NUMBER_LANGUAGE = {"nb": "no"}
NUMBER = re.compile(r"(\d{1,9})([^\W\d_]{0,3})")  # "8", "1990", "1st", "1er"; longer is an ID, not a number
YEAR_DIGITS = 4


def joined(text: str) -> str:
    """A written form as a query is matched: its tokens joined ("twenty-one" is "twentyone")."""
    return "".join(tokenise(text))


@lru_cache(maxsize=None)
def _expansions(language: str) -> dict[str, frozenset[str]]:
    """Each abbreviation's words and each word's abbreviations, in one symmetric table."""
    table: dict[str, set[str]] = {}
    for short, words in ABBREVIATIONS.get(language, {}).items():
        for word in words:
            table.setdefault(short, set()).add(word)
            table.setdefault(word, set()).add(short)
    return {form: frozenset(others) for form, others in table.items()}


@lru_cache(maxsize=4096)
def number_words(token: str, language: str) -> frozenset[str]:
    """What a token of digits is said as, joined: "8" eight, "1st" first, "1990" nineteenninety too.
    Empty for anything else, and for digits with a leading zero ("000" of "1,000" is no zero)."""
    found = NUMBER.fullmatch(token)
    if found is None or (len(found[1]) > 1 and found[1].startswith("0")):
        return frozenset()
    from num2words import num2words  # imported late: only a fuzzy query that meets digits needs it

    lang = NUMBER_LANGUAGE.get(language, language)
    number, suffix = int(found[1]), found[2]

    def spelt(to: str) -> str:
        try:
            return joined(num2words(number, lang=lang, to=to))
        except (NotImplementedError, OverflowError, KeyError, ValueError, TypeError):
            return ""  # a language (NotImplementedError) or a form (TypeError) num2words lacks

    # "1st" (English), "1er" (French), "1" (German "1." without its dot): the ordinal's digits
    ordinal = spelt("ordinal_num") or None
    words = {spelt("ordinal")} if token == ordinal else set()
    if not suffix:
        words.add(spelt("cardinal"))
        if len(found[1]) == YEAR_DIGITS:
            words.add(spelt("year"))
    return frozenset(words - {""})


def spoken_forms(word: str, language: str) -> dict[str, str]:
    """The other written forms of a word, each with its kind (spoken-form or number)."""
    forms = {form: "number" for form in number_words(word, language)}
    forms.update((form, "spoken-form") for form in _expansions(language).get(word, ()))
    return forms


def spoken_kind(token: str, word: str, language: str, forms: dict[str, str]) -> str | None:
    """How token is word written another way, given forms = spoken_forms(word, language); or None."""
    kind = forms.get(token)
    if kind is not None:
        return kind
    if token[0].isdigit():
        return "number" if word in number_words(token, language) else None
    return "spoken-form" if word in _expansions(language).get(token, ()) else None
