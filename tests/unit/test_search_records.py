"""The search records: what each note, term and page puts in the index, and the filters it answers to."""

from __future__ import annotations

import re

import pytest

from explainer.search_records import (EXCLUDED_FROM_PAGES, SearchRecord, note_record, page_document, page_kind, root_url,
                                      term_record)


@pytest.mark.parametrize("page_url, anchor, expected", [
    ("articles/x/", "call-date", "/articles/x/#call-date"),
    ("", "", "/"),
    ("/glossary/", "nato", "/glossary/#nato"),
    ("about.html", "", "/about.html"),
])
def test_root_url(page_url, anchor, expected):
    assert root_url(page_url, anchor) == expected


def test_a_fact_check_is_found_by_its_claim_verdict_passage_and_body_and_filtered_by_all_three():
    record = note_record("articles/x/", "A call", "call-date", "fact-check", "Fact-check", 4, "Wrong date",
                         "July 15, 2023", "<p>It was a <em>Saturday</em> &amp; more.</p>",
                         claim="The call took place on July 15, 2023.", verdict="Incorrect")
    assert record.url == "/articles/x/#call-date"
    assert record.title == "Fact-check 4: Wrong date"
    assert record.content == "Wrong date The call took place on July 15, 2023. Incorrect \u201cJuly 15, 2023\u201d It was a Saturday & more."
    assert record.filters() == {"kind": ["fact-check"], "article": ["A call"], "verdict": ["Incorrect"]}
    assert record.meta() == {"title": "Fact-check 4: Wrong date", "kind": "fact-check", "article": "A call", "verdict": "Incorrect"}


def test_a_context_note_has_no_verdict_and_says_its_heading_once():
    record = note_record("a/", "Page", "n", "context", "Context", 1, "the passage", "the passage", "<p>Why.</p>")
    assert record.content == "the passage Why."
    assert record.filters() == {"kind": ["context"], "article": ["Page"]}
    assert "verdict" not in record.meta()


def test_a_term_is_found_by_its_name_aliases_and_definition():
    record = term_record("glossary/", "nato", "NATO", ["the Alliance"], "<p>A <strong>military</strong> alliance.</p>")
    assert record == SearchRecord("/glossary/#nato", "NATO", "NATO. Also: the Alliance. A military alliance.", "term")
    assert record.filters() == {"kind": ["term"]}


def test_markup_in_annotation_text_reaches_the_index_as_text_only():
    """The body is sanitized HTML; what the index gets is its text, so a tag can only ever be shown, not run."""
    record = note_record("a/", "P", "n", "context", "Context", 1, "t", "q", "<p>&lt;img src=x onerror=alert(1)&gt;</p>")
    assert record.content.endswith("<img src=x onerror=alert(1)>")  # text, as the search box shows it: with textContent


@pytest.mark.parametrize("src_uri, kind", [("articles/x.md", "article"), ("about.md", "page"), ("index.md", "page")])
def test_page_kind(src_uri, kind):
    assert page_kind(src_uri) == kind


def test_a_page_document_labels_its_result_outside_the_indexed_body():
    document = page_document("Rubio & <Europe>", "<h1 id='t'>Title</h1><p>Text</p>", "article")
    head, body = document.split("<div data-pagefind-body>")
    assert '<span data-pagefind-meta="title">Rubio &amp; &lt;Europe&gt;</span>' in head
    assert '<span data-pagefind-filter="kind">article</span>' in head
    assert '<span data-pagefind-filter="article">Rubio &amp; &lt;Europe&gt;</span>' in head
    assert body == "<h1 id='t'>Title</h1><p>Text</p></div></body></html>"
    assert 'data-pagefind-filter="article"' not in page_document("About", "<p>x</p>", "page")


def test_endnotes_and_glossary_entries_are_left_out_of_pages():
    assert {".ae-endnotes", "[data-note]", "[data-term-entry]"} <= set(EXCLUDED_FROM_PAGES)
    assert all(re.fullmatch(r"[.\[][\w\-\]=\"]+", selector) for selector in EXCLUDED_FROM_PAGES)
