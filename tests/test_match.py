from audiowc.match import QueryMatcher, inflections, parse_query


def fuzzy(word: str, **kw: object) -> QueryMatcher:
    return QueryMatcher(parse_query(word, True), **kw)  # type: ignore[arg-type]


def kind(matcher: QueryMatcher, token: str) -> str | None:
    match = matcher.single(token)
    return match.kind if match else None


def test_unrelated_short_words_do_not_count() -> None:
    tomato = fuzzy("tomato")
    for token in ("tom", "tomb", "automaton", "potato", "atom", "tomatillo_"):
        assert kind(tomato, token) is None, token


def test_forms_a_listener_accepts() -> None:
    tomato = fuzzy("tomato")
    assert kind(tomato, "tomato") == "exact"
    assert kind(tomato, "tomatoes") == "inflection"
    assert kind(tomato, "tomato's") == "inflection"
    assert kind(tomato, "tomatoland") == "compound"
    assert kind(tomato, "supertomato") == "compound"
    assert kind(tomato, "tamato") == "misspelling"


def test_inflections_of_y_words() -> None:
    assert "berries" in inflections("berry") and "days" in inflections("day")
    assert "dayies" not in inflections("day")


def test_phonetic_is_opt_in_and_guarded() -> None:
    plain = fuzzy("banana")
    sounding = fuzzy("banana", phonetic=True, threshold=95)
    assert kind(plain, "bananna") == "misspelling"
    assert kind(sounding, "bananna") == "phonetic"
    assert kind(sounding, "bone") is None


def test_exact_query_counts_only_the_word() -> None:
    exact = QueryMatcher(parse_query("banana", False))
    assert kind(exact, "banana") == "exact"
    assert kind(exact, "bananas") is None
    assert not exact.splits


def test_split_word_joined() -> None:
    tomato = fuzzy("tomato")
    tokens = ["a", "toma", "to", "here"]
    assert tomato.starts_run("toma")
    found = tomato.run_at(tokens, 1)
    assert found is not None and found[0] == 2 and found[1].kind == "exact"
    assert tomato.run_at(["to", "the"], 0) is None


def test_phrase_matches_over_consecutive_tokens() -> None:
    phrase = fuzzy("machine learning")
    found = phrase.run_at(["machines", "learning", "x"], 0)
    assert found is not None and found[0] == 2 and found[1].kind == "inflection"
    assert phrase.run_at(["machine", "x"], 0) is None
    assert kind(phrase, "machinelearning") == "exact"
    assert QueryMatcher(parse_query("machine learning", False)).single("machinelearning") is None


# For --fuzzy banana: what each token is, and why. None: not near enough to be listed at all.
BANANA_FORMS = {
    "banana": ("exact", True),
    "bananas": ("inflection", True),
    "banana's": ("inflection", True),
    "bananna": ("misspelling", True),  # not a word of English
    "bannana": ("misspelling", True),  # in the word list (a common misspelling), but far rarer than banana
    "banannas": ("misspelling", True),  # a misspelt plural is judged by its singular
    "bananna's": ("misspelling", True),
    "bananaland": ("compound", True),  # a compound no dictionary has
    "bandana": ("word", False),  # as near as bananna by edits, but a word with its own meaning
    "bandanas": ("word", False),  # the plural of that other word
    "manana": ("misspelling", True),  # in the list (Spanish manana), but 100 times rarer: a mishearing
    "bananarama": ("word", False),  # a compound that is a name
    "banal": ("near", False),  # too far to count, near enough to be worth a listen
    "panama": ("near", False),
    "nana": ("near", False),
    "band": None,
    "nan": None,
    "pineapple": None,
}


def classify(matcher: QueryMatcher, token: str) -> tuple[str, bool] | None:
    match = matcher.whole.classify(token)
    return (match.kind, match.counted) if match else None


def test_near_misses_and_decoys() -> None:
    banana = fuzzy("banana")
    assert {t: classify(banana, t) for t in BANANA_FORMS} == BANANA_FORMS


def test_loose_counts_other_words_but_not_far_forms() -> None:
    loose = fuzzy("banana", loose=True)
    assert kind(loose, "bandana") == "word" and kind(loose, "bananarama") == "word"
    assert kind(loose, "banal") is None and loose.near_single("banal") is not None
    assert loose.near_single("bandana") is None  # counted now, so no longer a candidate


def test_compound_that_is_a_word_is_another_word() -> None:
    apple = fuzzy("apple")
    assert classify(apple, "pineapple") == ("word", False)
    assert classify(apple, "applesauce") == ("word", False)
    assert classify(apple, "appleland") == ("compound", True)
    assert kind(apple, "apples") == "inflection"


def test_phonetic_real_words_are_other_words() -> None:
    apple = fuzzy("apple", phonetic=True)
    assert kind(apple, "aple") == "phonetic"
    assert classify(apple, "apply") == ("word", False)  # same sound key, but a common word


def test_a_word_far_rarer_than_the_query_may_be_a_misspelling() -> None:
    # "definately" is in the word list (people misspell it often) but 100 times rarer than the query
    assert kind(fuzzy("definitely"), "definately") == "misspelling"
    # a derived word of the query is a word of its own even when rarer
    assert classify(fuzzy("government"), "governmental") == ("word", False)


def test_phrase_parts_that_are_other_words_do_not_count() -> None:
    phrase = fuzzy("machine learning")
    assert phrase.run_at(["machine", "yearning"], 0) is None
    loose = fuzzy("machine learning", loose=True)
    found = loose.run_at(["machine", "yearning"], 0)
    assert found is not None and found[1].kind == "word"


def test_other_languages() -> None:
    banane = fuzzy("banane", language="de")
    assert kind(banane, "bananen") == "inflection"  # a plural the German word list knows
    assert kind(banane, "bananne") == "misspelling"
    assert kind(fuzzy("banane", language="fr"), "bananes") == "inflection"
    assert kind(fuzzy("banana", language="it"), "banane") == "inflection"
    assert kind(fuzzy("banane"), "bananen") == "misspelling"  # English rules: no plural in -n
    # "kirche" (church) is a German word, so no form of "kirsche" (cherry)
    assert classify(fuzzy("kirsche", language="de"), "kirche") == ("word", False)


def test_swapped_letters_are_one_edit() -> None:
    assert kind(fuzzy("tomato"), "tomaot") == "misspelling"
    assert kind(fuzzy("computer"), "comupters") == "misspelling"
