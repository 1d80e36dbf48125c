import pytest

from audiowc.errors import UsageError
from audiowc.lexicon import lexicon, resolve_language


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


def test_word_floor_is_relative_within_bounds() -> None:
    english = lexicon("en")
    assert english.word_floor("banana") == pytest.approx(2.5)  # banana is 4.0
    assert english.word_floor("the") == 3.0  # a common word's misspellings may be common too
    assert english.word_floor("bananaland") == 1.5


def test_stems_undo_english_endings() -> None:
    english = lexicon("en")
    assert english.stems("banannas") >= {"banannas", "bananna"}
    assert "berry" in english.stems("berries") and "bananna" in english.stems("bananna's")
    assert english.stems("bus") == {"bus"}  # too short to have lost an ending
