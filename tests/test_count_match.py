from audiowc.count.match import QueryMatcher, inflections, parse_query


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
    "bannana": ("misspelling", True),  # in the word list (a common misspelling), but too rare to be a word
    "banannas": ("misspelling", True),  # a misspelt plural is judged by its singular
    "bananna's": ("misspelling", True),
    "bananaland": ("compound", True),  # a compound no dictionary has
    "bandana": ("word", False),  # as near as bananna by edits, but a word with its own meaning
    "bandanas": ("word", False),  # the plural of that other word
    "manana": ("word", False),  # a word (Spanish manana), however much rarer: a candidate for a verifier
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


def test_a_real_word_never_counts_by_being_rarer_than_the_query() -> None:
    # applet (Zipf 2.3) is 300 times rarer than apple (4.8), manana than banana: words all the same
    assert classify(fuzzy("apple"), "applet") == ("word", False)
    assert classify(fuzzy("banana"), "manana") == ("word", False)
    # a written misspelling common enough to be in the list is taken for a word too
    assert classify(fuzzy("definitely"), "definately") == ("word", False)
    assert classify(fuzzy("banana"), "bannana") == ("misspelling", True)  # below the floor: a slip
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


def test_abbreviations_count_as_spoken_forms() -> None:
    # tok leaves "mr" of "Mr." (lower case, no dot); the relation goes both ways
    assert kind(fuzzy("mister"), "mr") == "spoken-form" and kind(fuzzy("mr"), "mister") == "spoken-form"
    assert kind(fuzzy("doctor"), "dr") == "spoken-form"
    assert kind(fuzzy("saint"), "st") == kind(fuzzy("street"), "st") == "spoken-form"
    assert kind(fuzzy("missus"), "mrs") == kind(fuzzy("professor"), "prof") == "spoken-form"
    assert kind(fuzzy("et cetera"), "etc") == "spoken-form"  # a phrase by its words joined
    assert kind(fuzzy("mister"), "ms") is None and kind(fuzzy("doctor"), "st") is None
    assert kind(QueryMatcher(parse_query("mister", False)), "mr") is None  # exact queries stay exact


def test_digits_and_number_words() -> None:
    assert kind(fuzzy("eight"), "8") == "number" and kind(fuzzy("8"), "eight") == "number"
    assert kind(fuzzy("first"), "1st") == "number" and kind(fuzzy("1st"), "first") == "number"
    assert kind(fuzzy("twenty"), "20") == "number" and kind(fuzzy("twenty one"), "21") == "number"
    assert kind(fuzzy("nineteen ninety"), "1990") == "number"  # a year as it is said
    assert kind(fuzzy("eight"), "18") is None and kind(fuzzy("eight"), "8th") is None
    assert kind(fuzzy("first"), "1") is None  # English writes its ordinals with a suffix
    assert kind(fuzzy("zero"), "000") is None  # the end of "1,000", not a number said alone
    assert kind(fuzzy("third"), "3d") is None
    assert kind(fuzzy("acht", language="de"), "8") == "number"
    assert kind(fuzzy("erste", language="de"), "1") == "number"  # German "1." loses its dot in tok
    assert kind(fuzzy("primero", language="es"), "1o") == "number"  # "1º" after NFKC


def test_word_families_from_the_lemmatiser() -> None:
    walk = fuzzy("walk")
    assert kind(walk, "walked") == kind(walk, "walking") == "family"
    assert kind(walk, "walks") == "inflection"
    assert kind(fuzzy("fail"), "failed") == "family"
    assert kind(fuzzy("go"), "went") == kind(fuzzy("run"), "ran") == "family"
    assert kind(fuzzy("child"), "children") == kind(fuzzy("mouse"), "mice") == "family"
    assert kind(fuzzy("good"), "better") == "family"  # the comparative: the dictionary files it under good
    # the query is the headword: saw (the tool) counts sawn, not see
    assert kind(fuzzy("saw"), "sawn") == "family" and kind(fuzzy("saw"), "see") is None


def test_families_do_not_bring_in_unrelated_words() -> None:
    banana = fuzzy("banana")
    for token in ("ban", "banned", "banning", "bans"):
        assert kind(banana, token) is None, token
    assert kind(fuzzy("ban"), "banana") is None
    assert kind(fuzzy("new"), "news") is None  # news has the plural's ending but is its own headword
    assert kind(fuzzy("i"), "me") is None and kind(fuzzy("be"), "ai") is None  # too short to trust


def test_families_in_other_languages() -> None:
    haus = fuzzy("haus", language="de")
    assert kind(haus, "häuser") == kind(haus, "häusern") == "family"
    assert kind(fuzzy("gehen", language="de"), "ging") == "family"
    comer = fuzzy("comer", language="es")
    assert kind(comer, "comió") == kind(comer, "comiendo") == "family"
    assert kind(fuzzy("haus", language="de"), "hausen") is None
