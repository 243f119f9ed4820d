"""One page through the core: anchoring, marks, references and term links together."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from explainer.build import ExplainerBuild, Settings

GLOSSARY = """\
terms:
  - id: veto
    term: Veto
    definition: The power to block a decision alone.
"""


@pytest.fixture
def build(tmp_path):
    def make(annotations: str) -> ExplainerBuild:
        (tmp_path / "page.yml").write_text(annotations, encoding="utf-8")
        (tmp_path / "glossary.yml").write_text(GLOSSARY, encoding="utf-8")
        return ExplainerBuild.load(tmp_path, "annotations", {"page.md"}, Settings())
    return make


def test_reference_number_does_not_glue_onto_the_last_word(build):
    explainer = build("annotations:\n  - id: rejects\n    type: context\n    quote: rejected a veto\n    body: x\n")
    html = BeautifulSoup(explainer.annotate("<p>Moscow rejected a veto.</p>", "page.md").html, "html.parser")
    link = html.select_one("mark a[data-term=veto]")
    assert link is not None and link.get_text() == "veto"


def test_a_term_named_only_by_a_note_appears_through_that_note(build):
    explainer = build("annotations:\n  - id: rejects\n    type: context\n    quote: Moscow\n    body: See [veto](glossary:veto).\n")
    result = explainer.annotate("<p>Moscow said no.</p>", "page.md")
    assert result.term_anchors == {"veto": "rejects"}


def test_overlapping_quotes_are_refused_and_the_first_kept(build):
    explainer = build(
        "annotations:\n"
        "  - id: first\n    type: context\n    quote: Moscow rejected\n    body: x\n"
        "  - id: second\n    type: context\n    quote: rejected a\n    body: y\n")
    result = explainer.annotate("<p>Moscow rejected a veto.</p>", "page.md")
    assert [str(p) for p in result.problems] == [
        "annotations/page.yml:8:12: this passage overlaps the passage of 'first'; quote words that no other annotation covers"]
    assert [n.placed.annotation.id for n in result.notes] == ["first"]


def test_an_id_already_on_the_page_is_refused(build):
    explainer = build("annotations:\n  - id: intro\n    type: context\n    quote: Moscow\n    body: x\n")
    result = explainer.annotate('<h2 id="intro">Intro</h2><p>Moscow said no.</p>', "page.md")
    assert [str(p) for p in result.problems] == [
        "annotations/page.yml:2:9: the id 'intro' is already the id of the heading \"Intro\" on docs/page.md; "
        "choose another id for this annotation"]
    assert result.notes == []


def test_an_id_the_note_needs_that_the_page_already_has_is_refused_naming_both(build):
    explainer = build("annotations:\n  - id: intro\n    type: context\n    quote: Moscow\n    body: x\n")
    result = explainer.annotate('<p id="ref--intro">Moscow said no.</p>', "page.md")
    assert [str(p) for p in result.problems] == [
        "annotations/page.yml:2:9: docs/page.md has a <p> element with the id 'ref--intro', which this annotation's note needs; "
        "choose another id for this annotation, or change that element's id"]


def test_every_id_on_an_annotated_page_is_unique(build):
    explainer = build(
        "annotations:\n"
        "  - id: notes\n    type: context\n    quote: Moscow\n    body: See [veto](glossary:veto).\n"
        "  - id: veto\n    type: context\n    quote: said no\n    body: x\n")
    result = explainer.annotate('<h2 id="notes-and-fact-checks">Notes</h2><p id="ae--notes">Moscow said no to a veto.</p>', "page.md")
    assert result.problems == []
    ids = [tag["id"] for tag in BeautifulSoup(result.html, "html.parser").select("[id]")]
    assert len(ids) == len(set(ids)) and {"notes", "veto", "ae--notes-2", "term--veto"} <= set(ids)


def test_notes_are_numbered_in_reading_order(build):
    explainer = build(
        "annotations:\n"
        "  - id: later\n    type: context\n    quote: said no\n    body: x\n"
        "  - id: earlier\n    type: context\n    quote: Moscow\n    body: y\n")
    html = BeautifulSoup(explainer.annotate("<p>Moscow said no.</p>", "page.md").html, "html.parser")
    assert [a.get_text() for a in html.select("a[data-annotation-ref]")] == ["1", "2"]
    assert [li["id"] for li in html.select("[data-note]")] == ["earlier", "later"]


def test_a_match_at_the_top_of_the_page_is_picked_by_a_suffix(build):
    explainer = build("annotations:\n  - id: name\n    type: context\n    quote: Moscow\n    body: x\n")
    result = explainer.annotate("<p>Moscow said no. Then Moscow said yes.</p>", "page.md")
    message = str(result.problems[0])
    assert '1) ...[Moscow] said no. Then Moscow said yes... (suffix: "said no.")' in message
    assert '(prefix: "no. Then")' in message


def test_a_headings_permalink_sign_is_not_page_text(build):
    explainer = build("annotations:\n  - id: said\n    type: context\n    quote: Talks Moscow said\n    body: x\n")
    html = '<h2 id="talks">Talks<a class="headerlink" href="#talks" title="Permanent link">¶</a></h2><p>Moscow said no.</p>'
    result = explainer.annotate(html, "page.md")
    assert result.problems == [] and [n.excerpt for n in result.notes] == ["Talks Moscow said"]


def test_a_passage_over_a_decomposed_letter_wraps_the_whole_letter(build):
    explainer = build("annotations:\n  - id: cafe\n    type: context\n    quote: café\n    body: x\n")
    result = explainer.annotate("<p>Un cafe\u0301 noir.</p>", "page.md")
    mark = BeautifulSoup(result.html, "html.parser").select_one("mark[data-annotation=cafe]")
    assert mark.get_text() == "cafe\u0301"


def test_a_merged_notes_old_permalink_leads_to_the_note_that_took_it_over(build):
    explainer = build("annotations:\n  - id: said\n    type: context\n    quote: Moscow said no\n    replaces: [moscow, said-no]\n    body: x\n")
    result = explainer.annotate("<p>Moscow said no.</p>", "page.md")
    assert result.problems == []
    note = BeautifulSoup(result.html, "html.parser").select_one('[data-note="said"]')
    assert [span["id"] for span in note.select("[data-replaced]")] == ["moscow", "said-no"]


def test_an_old_id_still_in_use_cannot_be_taken_over(build):
    explainer = build("annotations:\n  - id: said\n    type: context\n    quote: said\n    replaces: [moscow]\n    body: x\n"
                      "  - id: moscow\n    type: context\n    quote: Moscow\n    body: y\n")
    assert [str(p) for p in explainer.problems] == [
        "annotations/page.yml:5:16: 'moscow' is still in use on this page (a note, a retired fact-check or another note's "
        "replaces); a note can take over only an id nobody else has"]


def test_a_passage_that_ends_inside_a_link_gets_its_reference_after_the_link(build):
    explainer = build("annotations:\n  - id: veto\n    type: context\n    quote: rejected a veto\n    body: x\n")
    result = explainer.annotate('<p>Moscow rejected a <a href="https://example.org">veto</a> today.</p>', "page.md")
    link = BeautifulSoup(result.html, "html.parser").select_one('a[href="https://example.org"]')
    assert link.select("a") == [] and link.get_text() == "veto"
    assert link.find_next_sibling("sup").select_one("a[data-annotation-ref=veto]") is not None
