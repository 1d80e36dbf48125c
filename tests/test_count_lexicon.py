import pytest

from audiowc.errors import UsageError
from audiowc.count.lexicon import lexicon, resolve_language


def test_language_codes() -> None:
    assert resolve_language("en") == "en"
    assert resolve_language("en-GB") == resolve_language("en_US") == "en"
    assert resolve_language("DE") == "de"
    with pytest.raises(UsageError, match="'xx' is not one with word frequencies"):
        resolve_language("xx")


def test_frequencies_come_from_the_word_list_offline() -> None:
    english = lexicon("en")
    assert english.zipf("banana") > 3.5 and english.zipf("Banana") == english.zipf("banana")
    assert english.zipf("bananna") == 0.0
    assert lexicon("ja").zipf("バナナ") > 3  # no Japanese tokeniser needed: tokens are already words


def test_a_word_is_one_frequent_enough_whatever_the_query() -> None:
    english = lexicon("en")
    assert english.is_word("applet") and english.is_word("manana") and english.is_word("bandana")
    assert not english.is_word("bannana") and not english.is_word("bananna")


def test_headwords_come_from_the_lemmatiser() -> None:
    english = lexicon("en")
    assert english.headword("went") == "go" and english.headword("children") == "child"
    assert english.headword("news") == "news" and english.headword("bananna") is None
    assert english.in_family("walked", "walk") and english.in_family("mice", "mouse")
    assert not english.in_family("walk", "walk") and not english.in_family("banana", "ban")
    assert not english.in_family("me", "i")  # a pronoun's other case is no form a listener counts
    assert lexicon("de").headword("häuser") == "haus"  # German nouns are capitalised in the dictionary
    assert lexicon("ja").headword("バナナ") is None  # no dictionary for Japanese: no families


def test_stems_undo_english_endings() -> None:
    english = lexicon("en")
    assert english.stems("banannas") >= {"banannas", "bananna"}
    assert "berry" in english.stems("berries") and "bananna" in english.stems("bananna's")
    assert english.stems("bus") == {"bus"}  # too short to have lost an ending
