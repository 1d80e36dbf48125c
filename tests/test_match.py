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
