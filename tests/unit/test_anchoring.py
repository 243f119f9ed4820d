"""Tables for normalization and quote anchoring (DESIGN.md §2)."""

import pytest

from explainer.anchoring import Ambiguous, Found, NotFound, Quote, anchor
from explainer.normalize import normalize

PAGE = normalize(
    "During a crucial call on July 15, 2023, with European national security advisers. "
    "“We’re going to help them out also. We’ll be involved,” said Trump. "
    "Security guarantees for Ukraine; any security guarantees that would not allow it a veto."
)


@pytest.mark.parametrize("raw, expected", [
    ("a  b\n\tc", "a b c"),
    ("\u00a0lead\u00a0 ", "lead"),
    ("“We’re”", "\"We're\""),
    ("‘single’ and ‚low‘", "'single' and 'low'"),
    ("en – em — minus − hyphen -", "en - em - minus - hyphen -"),
    ("non\u2011breaking\u2010hyphen", "non-breaking-hyphen"),
])
def test_normalize_folds_white_space_and_typography(raw, expected):
    assert normalize(raw) == expected


@pytest.mark.parametrize("quote, found", [
    (Quote("July 15, 2023"), "July 15, 2023"),
    (Quote("We're going to help them out also."), "\"We're going to help them out also.".lstrip('"')),
    (Quote('"We’re going to help them out also. We’ll be involved," said Trump'), '"We\'re going to help them out also. We\'ll be involved," said Trump'),
    (Quote("crucial   call\non"), "crucial call on"),
    (Quote("security guarantees", prefix="any"), "security guarantees"),
    (Quote("security guarantees", prefix="any "), "security guarantees"),
    (Quote("security guarantees", suffix="that would"), "security guarantees"),
])
def test_anchor_finds_the_passage(quote, found):
    result = anchor(PAGE, quote)
    assert isinstance(result, Found)
    assert PAGE[result.start:result.end] == found


def test_prefix_picks_the_right_one_of_two():
    first = anchor(PAGE, Quote("guarantees", prefix="Security"))
    second = anchor(PAGE, Quote("guarantees", prefix="any security"))
    assert isinstance(first, Found) and isinstance(second, Found)
    assert first.start < second.start


def test_matching_is_case_sensitive_and_never_guesses():
    assert isinstance(anchor(PAGE, Quote("july 15, 2023")), NotFound)


def test_no_match_names_the_closest_passage_and_the_difference():
    result = anchor(PAGE, Quote("July 16, 2023, with European"))
    assert isinstance(result, NotFound)
    assert result.closest == "July 15, 2023, with European"
    assert result.difference == "the page has '15,' where the quote has '16,'"


def test_several_matches_are_listed_in_context_with_a_prefix_for_each():
    result = anchor(PAGE, Quote("guarantees"))
    assert isinstance(result, Ambiguous)
    assert len(result.in_context) == 2
    assert "[guarantees] that would not" in result.in_context[1]
    for prefix, context in zip(result.prefixes, result.in_context):
        assert isinstance(anchor(PAGE, Quote("guarantees", prefix=prefix)), Found)
        assert prefix in context


def test_prefix_that_matches_nothing_is_not_found():
    assert isinstance(anchor(PAGE, Quote("security guarantees", prefix="no such words")), NotFound)


def test_empty_page_has_no_closest_passage():
    result = anchor("", Quote("anything"))
    assert isinstance(result, NotFound) and result.closest == ""


@pytest.mark.parametrize("page, quote", [
    ("Un caf\u00e9 noir", "caf\u0065\u0301 noir"),  # composed on the page, decomposed in the quote
    ("Un cafe\u0301 noir", "caf\u00e9 noir"),  # and the other way round
    ("security guar\u00adantees", "security guarantees"),  # a soft hyphen on the page
    ("security guarantees", "security\u200b guarantees"),  # a zero-width space in the quote
    ("Zelen\u200dsky said", "Zelensky said"),
])
def test_letters_match_whatever_their_composition_and_invisible_characters(page, quote):
    assert isinstance(anchor(normalize(page), Quote(quote)), Found)


def test_a_look_alike_letter_is_shown_by_its_code_point():
    result = anchor(normalize("Talks in Kyiv went on."), Quote("Talks in Ky\u0456v"))
    assert isinstance(result, NotFound)
    assert result.difference == ("the page has 'Kyiv' where the quote has 'Ky\u0456v' "
                                 "(by code point, the page has U+0069 where the quote has U+0456)")
