"""--fuzzy word families: forms that should count (kind family or inflection) and look-alikes that
should not, for the lemmatiser chosen (simplemma's dictionaries). Prints each list's score and the
misses. Usage: python bench/families.py  (with the package importable)
"""

from __future__ import annotations

from audiowc.count.match import QueryMatcher, parse_query

# (query, form, language): forms a listener asked for the query would count
FORMS = [(q, f, "en") for q, forms in {
    "walk": "walked walking walks", "fail": "failed failing fails", "go": "went goes going gone",
    "run": "ran running runs", "child": "children", "mouse": "mice", "man": "men", "woman": "women",
    "tooth": "teeth", "foot": "feet", "goose": "geese", "write": "wrote written writing",
    "take": "took taken taking", "bring": "brought", "catch": "caught", "think": "thought",
    "buy": "bought", "eat": "ate eaten", "see": "saw seen", "speak": "spoke spoken", "sing": "sang sung",
    "swim": "swam swum swimming", "stop": "stopped stopping", "try": "tried tries", "big": "bigger biggest",
    "happy": "happier happiest", "leaf": "leaves", "knife": "knives", "life": "lives",
}.items() for f in forms.split()] + [
    ("haus", "häuser", "de"), ("gehen", "ging", "de"), ("gehen", "gegangen", "de"), ("kind", "kinder", "de"),
    ("comer", "comió", "es"), ("ir", "fue", "es"), ("tener", "tengo", "es"), ("aller", "allé", "fr"),
    ("avoir", "eu", "fr"), ("cheval", "chevaux", "fr"), ("mangiare", "mangiato", "it")]
# look-alikes that are other words: none should count
DECOYS = [("banana", "ban"), ("ban", "banana"), ("new", "news"), ("apple", "applet"), ("banana", "manana"),
          ("saw", "see"), ("found", "find"), ("wrong", "worse"), ("bear", "bare"), ("light", "lit"),
          ("i", "me"), ("we", "us"), ("be", "ai"), ("to", "na"), ("car", "care"), ("hope", "hop"),
          ("plan", "planet"), ("art", "article"), ("pass", "passage"), ("govern", "government")]


def counts(query: str, form: str, language: str) -> str | None:
    match = QueryMatcher(parse_query(query, True), language=language).single(form)
    return match.kind if match else None


def main() -> None:
    found = [(q, f, lang, counts(q, f, lang)) for q, f, lang in FORMS]
    missed = [f"{q}>{f} ({lang})" for q, f, lang, kind in found if kind is None]
    print(f"family forms counted: {len(FORMS) - len(missed)}/{len(FORMS)}; missed: {' '.join(missed)}")
    wrong = [f"{q}>{f} ({kind})" for q, f in DECOYS if (kind := counts(q, f, "en"))]
    print(f"look-alikes counted: {len(wrong)}/{len(DECOYS)}: {' '.join(wrong)}")


if __name__ == "__main__":
    main()
