"""Tables for glossary term matching with one automaton."""

import pytest

from explainer.termmatch import TermHit, TermMatcher

MATCHER = TermMatcher({
    "european-union": ["European Union", "EU"],
    "union": ["Union"],
    "nato": ["NATO"],
    "article-5": ["Article 5"],
    "nato-article-5": ["NATO Article 5"],
    "security-guarantee": ["security guarantee", "security guarantees"],
    "boots": ["boots on the ground"],
})


def found(text):
    return [(text[h.start:h.end], h.term_id) for h in MATCHER.find(text)]


@pytest.mark.parametrize("text, expected", [
    ("The European Union met.", [("European Union", "european-union")]),
    ("the union met", [("union", "union")]),
    ("NATO and nato", [("NATO", "nato"), ("nato", "nato")]),
    ("NATOs are not NATO", [("NATO", "nato")]),
    ("under NATO Article 5 today", [("NATO Article 5", "nato-article-5")]),
    ("Article 50 is not Article 5.", [("Article 5", "article-5")]),
    ("Security guarantees, a security guarantee.", [("Security guarantees", "security-guarantee"), ("security guarantee", "security-guarantee")]),
    ("no boots on the ground here", [("boots on the ground", "boots")]),
    ("EUR is not EU", [("EU", "european-union")]),
    ("nothing to see", []),
])
def test_whole_words_case_insensitive_leftmost_longest(text, expected):
    assert found(text) == expected


def test_hits_carry_offsets_into_the_text():
    assert MATCHER.find("x NATO") == [TermHit(2, 6, "nato")]


def test_empty_glossary_matches_nothing():
    assert TermMatcher({}).find("NATO") == []


def test_a_name_that_holds_a_term_and_is_not_it_keeps_it_unlinked():
    matcher = TermMatcher({"moscow": ["Moscow"], "kyiv": ["Kyiv"]}, ["The Moscow Times", "Kyiv Independent"])
    text = "As The Moscow Times and the Kyiv Independent report, Moscow and Kyiv disagree."
    assert [(text[h.start:h.end], h.term_id) for h in matcher.find(text)] == [("Moscow", "moscow"), ("Kyiv", "kyiv")]
    assert matcher.find(text)[0].start == text.index("Moscow and")


def test_a_terms_own_name_wins_over_the_same_words_listed_as_no_term():
    assert TermMatcher({"moscow": ["Moscow"]}, ["moscow"]).find("Moscow") == [TermHit(0, 6, "moscow")]
