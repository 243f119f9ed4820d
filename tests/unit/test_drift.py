"""Tables for drift (DESIGN.md §2): a quote the page no longer has word for word."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml

from explainer import drift, page
from explainer.anchoring import Found, Quote, anchor
from explainer.build import ExplainerBuild, Settings
from explainer.drift import Drifted, Orphan, PageWords, marked_difference, reader_text, relocate, similarity
from explainer.normalize import normalize

ROOT = Path(__file__).resolve().parents[2]
TEXT = normalize(
    "During a crucial call on July 15, 2023, with European national security advisers, Rubio stated that the US "
    "will participate in security arrangements. “Some may contribute boots on the ground. Some are ready to provide "
    "air defense,” Zelensky noted. Moscow has publicly rejected any security guarantees that would not allow it a veto."
)


def relocated(text: str, exact: str, prefix: str | None = None, suffix: str | None = None):
    return relocate(PageWords(text), Quote(exact, prefix, suffix))


@pytest.mark.parametrize("old, new, marked", [
    ("boots on the grund.", "boots on the ground.", "boots on the [-grund.-]{+ground.+}"),
    ("from allies", "from European allies", "from {+European+} allies"),
    ("Trump's recent meeting", "Trump’s meeting", "Trump’s [-recent-] meeting"),  # typography is no difference
    ("a b c d e f g h i j k l m n o p", "a b c d e f g h i j k l m n o q", "… l m n o [-p-]{+q+}"),  # a long unchanged run: its end
    ("same words", "same words", "same words"),
])
def test_marked_difference_shows_what_changed_word_by_word(old, new, marked):
    assert marked_difference(old, new) == marked


def test_reader_text_keeps_the_page_s_own_characters_and_spaces():
    pieces = ["“We’re going", " to help them ", "out", " also."]  # text tokens, e.g. around <em>out</em>
    assert reader_text(pieces, normalize("“We’re going to help them out also.")) == "“We’re going to help them out also."
    # Two blocks' texts meet with a space; a piece that does not fit falls back to the normalized passage.
    assert reader_text(["end.", "Start"], "end. Start") == "end. Start"
    assert reader_text(["something else"], "end. Start") == "end. Start"


def test_similarity_counts_letter_case_for_little():
    assert similarity("BREAKING", "Breaking") > 0.9
    assert similarity("abc", "abc") == 1.0
    assert similarity("abc", "xyz") == 0.0


def test_a_typo_fixed_moves_the_note_with_the_new_text():
    result = relocated(TEXT, "Some may contribute boots on the grund.")
    assert isinstance(result, Drifted)
    assert result.quote == 'Some may contribute boots on the ground.'
    assert result.confidence >= drift.THRESHOLD
    assert isinstance(anchor(TEXT, Quote(result.quote)), Found)


def test_a_changed_prefix_is_rewritten_with_as_many_words():
    result = relocated(TEXT, "July 15, 2023", prefix="a very crucial call on")
    assert isinstance(result, Drifted)
    assert (result.quote, result.prefix) == ("July 15, 2023", "During a crucial call on")
    assert TEXT[result.prefix_start:result.start] == "During a crucial call on "


def test_a_passage_that_opens_the_page_gets_an_empty_prefix():
    result = relocated(TEXT, "During a crucial cal on July 15, 2023, with European national security advisers", prefix="Earlier:")
    assert isinstance(result, Drifted) and result.prefix == ""


def test_a_changed_figure_never_moves_a_note():
    result = relocated(TEXT.replace("July 15, 2023", "July 16, 2023"), "crucial call on July 15, 2023")
    assert isinstance(result, Orphan) and result.reason == "number"
    assert result.candidates[0].confidence >= drift.THRESHOLD


def test_two_look_alike_passages_leave_the_note_out():
    doubled = TEXT + " Some may contribute boots on the ground."
    result = relocated(doubled, "Some may contribute boots on the grund.")
    assert isinstance(result, Orphan) and result.reason == "look-alike"
    first, second = result.candidates[:2]
    assert abs(first.confidence - second.confidence) < drift.MARGIN


def test_a_quote_with_nothing_like_it_is_an_orphan_without_candidates():
    assert relocated(TEXT, "Completely unrelated zebra xylophone") == Orphan("no-candidate")


def test_a_reworded_quote_is_an_orphan_with_its_closest_passages():
    result = relocated(TEXT, "Moscow said it wants a veto over any guarantee for Kyiv")
    assert isinstance(result, Orphan) and result.reason == "low"
    assert result.candidates and result.candidates[0].confidence < drift.THRESHOLD


def test_the_new_selector_picks_the_passage_alone():
    # The quote drifted onto words that stand twice; its prefix grows until it picks one.
    text = normalize("The talks went on. Officials met in Geneva. The talks went well. Officials met in Rome.")
    result = relocated(text, "Officials met in Rome", prefix="went good.")
    assert isinstance(result, Drifted)
    where = anchor(text, Quote(result.quote, result.prefix, result.suffix))
    assert isinstance(where, Found) and where.start == result.start


def _hostile_page(words: int = 10_000) -> str:
    seed = (ROOT / "tests" / "fixtures" / "seed-article.txt").read_text(encoding="utf-8").split()
    return normalize(" ".join(seed[i % len(seed)] for i in range(words)))


def test_the_search_stays_within_its_cost_on_a_60_kb_page():
    """50 near-miss quotes of up to 1,000 characters on a 60 KB page: a few seconds at most."""
    text = _hostile_page()
    assert len(text) > 60_000
    words = PageWords(text)
    quotes = []
    for number in range(50):
        passage = text[number * 1_000:number * 1_000 + 1_000].split(" ", 1)[1].rsplit(" ", 1)[0]
        quotes.append(" ".join(w + "x" if i % 4 == 0 else w for i, w in enumerate(passage.split())))
    started = time.perf_counter()
    for quote in quotes:
        relocate(words, Quote(quote, "no such words"))
    assert time.perf_counter() - started < 5


def _annotate(tmp_path: Path, notes: list[dict], html: str):
    folder = tmp_path / "annotations"
    folder.mkdir(exist_ok=True)
    (folder / "page.yml").write_text(yaml.safe_dump({"annotations": notes}), encoding="utf-8")
    build = ExplainerBuild.load(folder, "annotations", {"page.md"}, Settings(), tmp_path)
    assert build.problems == []
    return build.annotate(html, "page.md")


def note(id: str, quote: str, **context) -> dict:
    return {"id": id, "type": "context", "quote": quote, "body": "x", **context}


def test_a_drifted_note_is_placed_with_a_warning_at_its_quote(tmp_path):
    html = "<p>“Some may contribute boots on the <em>ground</em>,” Zelensky noted.</p>"
    result = _annotate(tmp_path, [note("boots", "Some may contribute boots on the grund")], html)
    assert [n.id for n in result.notes] == ["boots"]
    assert 'data-annotation="boots"' in result.html
    assert [str(p) for p in result.problems] == [
        'annotations/page.yml:4:10: quote drifted on docs/page.md: the page now has "Some may contribute boots on the '
        '[-grund-]{+ground+}" (confidence 0.98); the note is placed there; `make fix` rewrites its quote to the page\'s text']
    rewrite = result.rewrites[0]
    assert (rewrite.path, rewrite.at, rewrite.fields) == ("annotations/page.yml", ("annotations", 0),
                                                          {"quote": "Some may contribute boots on the ground"})
    assert result.orphans == []


def test_an_orphan_is_left_out_and_listed(tmp_path):
    html = "<p>Moscow has publicly rejected any security guarantees that would not allow it a veto.</p>"
    result = _annotate(tmp_path, [note("gone", "Kyiv asked for a veto of its own", prefix="In reply,")], html)
    assert result.notes == [] and 'data-annotation="gone"' not in result.html
    assert result.orphans == result.problems
    assert result.orphans[0].message.startswith("quote not found on docs/page.md, and no passage is close enough")


def test_past_the_searches_a_page_allows_a_quote_is_an_orphan_unsearched(tmp_path, monkeypatch):
    monkeypatch.setattr(page, "DRIFT_SEARCHES", 1)
    html = "<p>Some may contribute boots on the ground. Some are ready to provide air defense.</p>"
    result = _annotate(tmp_path, [note("a", "Some may contribute boots on the grund"), note("b", "ready to provide air defence")], html)
    assert [n.id for n in result.notes] == ["a"]
    assert result.orphans[0].message.endswith("not looked for as it may have changed: more than 1 quotes on this page "
                                              "are not found word for word")
