"""Plain text counted the fast way (whitespace pieces, ASCII blocks as bytes) gives the tokeniser's counts."""

from collections import Counter

from hypothesis import example, given, strategies as st

from audiowc.count.counter import BlockCounter, CountOptions
from audiowc.count.match import parse_query
from audiowc.count.pieces import PieceCounts, add_counts
from audiowc.text.blocks import Utf8Decoder
from audiowc.text.tokenise import tokenise

# Apostrophes (often), ASCII separators and controls, line breaks of both kinds, other spaces, dashes,
# quotes, letters with and without case, marks, ligatures, digits of other scripts.
TRICKY = "aZ1'' -\n\r\t\x0b\x0c\x1c\x1f_.\u00a0\u2028\u2019\u2014\u00e9\u00c9\u0301\u0130\u0661\ufb01\u65e5"
TEXTS = st.one_of(st.text(st.sampled_from(TRICKY)), st.text(st.sampled_from("aB1' \n-")), st.text())


def counted_fast(text: str, keep_case: bool, lines_per_block: int, slice_chars: int, query: bool) -> Counter[str]:
    """The count wc-words makes of plain text: blocks of whole lines, ASCII ones left as bytes."""
    queries = (parse_query("tomato", True),) if query else ()
    counter = BlockCounter(CountOptions(queries, keep_case=keep_case))
    pieces, runs = PieceCounts(keep_case, slice_chars), counter.empty_counts()
    decoder = Utf8Decoder("-", print)
    lines = text.encode().splitlines(keepends=True)
    for start in range(0, len(lines), lines_per_block):
        block = decoder.ascii_or_text(b"".join(lines[start:start + lines_per_block]))
        counter.count_text(block, pieces, runs)
    return counter.fold(pieces)


@given(TEXTS, st.booleans(), st.integers(1, 4), st.integers(1, 12), st.booleans())
@example("It's 'tis dogs' ''x'' rock'n'roll\r\nCAF\u00c9 caf\u00e9", False, 1, 1, False)
@example("a'b\n\u2019c\u2019 d\u2014e", True, 1, 2, True)
def test_fast_count_is_the_tokenisers(text: str, keep_case: bool, lines_per_block: int, slice_chars: int,
                                      query: bool) -> None:
    expected = Counter(tokenise(text, keep_case))
    assert counted_fast(text, keep_case, lines_per_block, slice_chars, query) == expected


@given(st.dictionaries(st.text(max_size=3), st.integers(1, 9)), st.dictionaries(st.text(max_size=3), st.integers(1, 9)))
def test_adding_counts_is_counter_addition(first: dict[str, int], second: dict[str, int]) -> None:
    total = Counter(first)
    add_counts(total, Counter(second))
    assert total == Counter(first) + Counter(second)
