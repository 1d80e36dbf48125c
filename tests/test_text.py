from hypothesis import example, given, strategies as st

from audiowc.text.blocks import Utf8Decoder, iter_text_blocks
from audiowc.text.tokenise import TOKEN_PATTERN, find_tokens, normalise, tokenise


def test_words_lowercased_and_punctuation_dropped() -> None:
    assert tokenise("Is a banana still a Banana? Yes!") == ["is", "a", "banana", "still", "a", "banana", "yes"]


def test_inner_apostrophes_kept_outer_dropped() -> None:
    assert tokenise("don't 'quote' banana's bananas'") == ["don't", "quote", "banana's", "bananas"]


def test_curly_apostrophes_are_straight() -> None:
    assert tokenise("don\u2019t banana\u2019s") == ["don't", "banana's"]


def test_nfkc_folds_compatibility_forms() -> None:
    assert tokenise("\ufb01ne \uff42\uff41\uff4e\uff41\uff4e\uff41") == ["fine", "banana"]


def test_keep_case() -> None:
    assert tokenise("Banana SPLIT", keep_case=True) == ["Banana", "SPLIT"]


def test_hyphens_digits_and_unicode_letters() -> None:
    assert tokenise("rock-and-roll 3.5 Ångström naïve Привет 東京") == [
        "rock", "and", "roll", "3", "5", "ångström", "naïve", "привет", "東京"]


def test_normalise_ascii_fast_path_matches_unicode_path() -> None:
    assert normalise("MiXeD") == "mixed"
    assert normalise("MiXeD\u2019") == "mixed'"


@given(st.text())
def test_tokenising_is_idempotent(text: str) -> None:
    tokens = tokenise(text)
    assert tokenise("\n".join(tokens)) == tokens


# Apostrophes (often), ASCII and other punctuation, spaces of several kinds, letters, digits and marks.
ASCII_TRICKY = st.text("a1'' -\n")
TRICKY = st.lists(st.sampled_from(list("a1'' -\n_\x1c\u00a0\u2028\u2014\u00e9\u0301\u0661\u65e5"))).map("".join)


@given(st.one_of(ASCII_TRICKY, TRICKY, st.text()))
@example("a''b c-d")
@example("a' b")
@example("a 'b")
@example("\u00abd\u00e9j\u00e0\u00bb x\u2014y")
def test_finding_tokens_by_splitting_agrees_with_the_pattern(text: str) -> None:
    assert find_tokens(text) == TOKEN_PATTERN.findall(text)


def test_invalid_utf8_warns_once_with_line() -> None:
    warnings: list[str] = []
    decoder = Utf8Decoder("in.txt", warnings.append)
    text = decoder.decode(b"ok\nbad \xff here\nand \xfe again\n")
    assert "\ufffd" in text
    assert warnings == ["invalid UTF-8 replaced with U+FFFD (where: in.txt, line 2)"]


def test_blocks_end_at_line_breaks() -> None:
    import io
    data = ("word " * 50 + "\n") * 100
    warnings: list[str] = []
    blocks = list(iter_text_blocks(io.BytesIO(data.encode()), "x", b"", warnings.append))
    assert "".join(blocks) == data
    assert all(b.endswith("\n") for b in blocks) and warnings == []


def test_text_without_newlines_comes_in_bounded_blocks() -> None:
    import io

    from audiowc.text.blocks import iter_byte_blocks

    text = b"banana split " * 100_000  # 1.3 MB, no newline
    blocks = list(iter_byte_blocks(io.BytesIO(text), size=1000, split_long_lines=True))
    assert b"".join(blocks) == text and max(map(len, blocks)) <= 5000
    assert all(block.endswith(b" ") for block in blocks[:-1])  # cut after a space: no token split
    records = list(iter_byte_blocks(io.BytesIO(b'{"a": "' + b"x" * 10_000 + b'"}\n'), size=1000))
    assert len(records) == 1  # a record is never cut


def test_whole_lines_of_the_head_go_on_before_more_input_arrives() -> None:
    from audiowc.text.blocks import iter_byte_blocks

    class Slow:
        def read1(self, size: int) -> bytes:
            raise AssertionError("read before the first line was handed on")

    blocks = iter_byte_blocks(Slow(), first=b'{"a": 1}\n{"b"', eager=True)  # type: ignore[arg-type]
    assert next(blocks) == b'{"a": 1}\n'
