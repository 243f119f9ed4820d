"""Annotating a page: every passage that occurs once is anchored, and the page keeps its text.

The generated domain is pages as MkDocs renders articles (see
`page_strategies.py`: headings with permalinks, paragraphs, lists, block
quotes, code; typography, character references, decomposed letters,
invisible characters and inline markup inside and between words), and
quotes as a reader writes them: a run of whole words of the page, copied
with whatever white space the selection gives, sometimes retyped with
straight quotes, plain hyphens or another Unicode form. That is the input
DESIGN.md §2 promises to anchor ("the text as a reader sees it"), so every
such quote that occurs once must be placed, and exactly where it is.

The page must come out of annotation with the text it went in with: once
what the hooks add (summary, references, endnotes, the term previews' data, dates)
is removed and what they wrap (marks, term links) is unwrapped, a browser's
parser (html5lib) reads the same text.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup, NavigableString, Tag
from hypothesis import event, given
from hypothesis import strategies as st
from page_strategies import Block, Page, Run, Word, copied, occurrences, pages, words

from explainer.build import ExplainerBuild, Settings
from explainer.htmltokens import tokenize
from explainer.normalize import normalize
from explainer.options import ExplainerOptions
from explainer.pagetext import PageText

VERDICTS = ("accurate", "mostly-accurate", "missing-context", "misleading", "incorrect", "unverified")
# Elements whose edges separate words on a page, as a browser lays it out.
BLOCK_ELEMENTS = {"p", "h1", "h2", "h3", "ul", "ol", "li", "blockquote", "pre", "div", "section", "br"}
CONTAINERS = {"body", "div", "section", "blockquote", "ul", "ol", "li"}  # blocks that hold blocks


def build_with(annotations: list[dict], terms: list[dict] | None = None, *, every_occurrence: bool = False) -> ExplainerBuild:
    """A build of one page, `page.md`, with these annotations and glossary terms."""
    settings = Settings(options=ExplainerOptions(glossary_every_occurrence=every_occurrence))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "annotations"
        folder.mkdir()
        for name, data in (("page.yml", {"annotations": annotations}), ("glossary.yml", {"terms": terms or []})):
            text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
            assert yaml.safe_load(text) == data  # the file says what the test means
            (folder / name).write_text(text, encoding="utf-8")
        return ExplainerBuild.load(folder, "annotations", {"page.md"}, settings)


def context_note(note_id: str, quote: str, **more) -> dict:
    return {"id": note_id, "type": "context", "quote": quote, **more, "body": "A note."}


def marked_text(html: str, note_id: str) -> str:
    """The text inside the marks of `note_id`, in page order, as a browser reads it: a space
    where white space or a block's edge separates two marks, NUL where unmarked words do."""
    pieces: list[str] = []
    between = ""  # what lies between the last mark and the next: "", "space" or "words"

    def text(value: str, in_mark: bool) -> None:
        nonlocal between
        if in_mark:
            if pieces and between:
                pieces.append(" " if between == "space" else "\x00")
            pieces.append(value)
            between = ""
        elif pieces:
            between = "words" if value.strip() or between == "words" else "space"

    def edge() -> None:
        nonlocal between
        if pieces and between != "words":
            between = "space"

    def walk(element: Tag, in_mark: bool) -> None:
        if element.name == "a" and "headerlink" in element.get("class", []):
            return  # the permalink sign is no part of the text (DESIGN.md §2)
        in_mark = in_mark or (element.name == "mark" and element.get("data-annotation") == note_id)
        if element.name in BLOCK_ELEMENTS:
            edge()
        for child in element.children:
            if isinstance(child, Tag):
                walk(child, in_mark)
            elif isinstance(child, NavigableString) and type(child) is NavigableString:
                text(str(child), in_mark)
        if element.name in BLOCK_ELEMENTS:
            edge()

    walk(without_what_the_hooks_add(html, unwrap=False).body, False)
    return "".join(pieces)


def without_what_the_hooks_add(html: str, *, unwrap: bool = True) -> BeautifulSoup:
    """The page as a browser parses it, less what the hooks add, with what they wrap unwrapped."""
    soup = BeautifulSoup(html, "html5lib")
    added = soup.select(".ae-summary, .ae-endnotes, .ae-ref__sup, .ae-term-previews, [data-ae-added]")
    added += soup.find_all(class_=lambda name: bool(name) and name.startswith("ae-date"))
    for element in added:
        element.decompose()
    if unwrap:
        for element in soup.select("mark[data-annotation], a.ae-term[data-term]"):
            element.unwrap()
    return soup


def text_of(html: str) -> str:
    """The text of the page, once what the hooks add is removed.

    Exact, but for white space alone between two blocks (or a block and the
    edge of its container): the hooks' templates end in a line break, and a
    browser renders no text there (CSS collapses white space that separates
    block boxes). White space inside a paragraph, and any in `pre`, counts.
    """
    soup = without_what_the_hooks_add(html)
    soup.smooth()
    for string in soup.find_all(string=True):
        if (type(string) is NavigableString and not string.strip(" \t\n\r\f")
                and string.parent.name in CONTAINERS and not string.find_parent("pre")
                and all(sibling is None or getattr(sibling, "name", None) in BLOCK_ELEMENTS
                        for sibling in (string.previous_sibling, string.next_sibling))):
            string.extract()
    return soup.get_text()


def seen_text(chosen: list[Word]) -> str:
    return normalize(" ".join(word.seen for word in chosen))


# --- The page's text ---------------------------------------------------------------------


@given(pages())
def test_the_text_a_quote_is_matched_against_is_what_a_reader_sees(page):
    assert PageText(tokenize(page.html)).text == seen_text(page.words)


# --- A passage that occurs once is anchored, exactly there ---------------------------------------


@given(pages(), st.data())
def test_a_passage_that_occurs_once_is_anchored(page, data):
    text = PageText(tokenize(page.html)).text
    seen = page.words
    start = data.draw(st.integers(0, len(seen) - 1), label="first word")
    end = min(len(seen), start + data.draw(st.integers(1, 6), label="words"))
    while occurrences(text, seen_text(seen[start:end])) != 1:  # widen to the right, then the left; the page is unique
        if end < len(seen):
            end += 1
        else:
            start -= 1
    quote = data.draw(copied(seen[start:end]), label="quote")
    assert normalize(quote) == seen_text(seen[start:end])  # the reader's copy is the passage
    context = {}
    before = data.draw(st.integers(0, min(3, start)), label="prefix words")
    after = data.draw(st.integers(0, min(3, len(seen) - end)), label="suffix words")
    if before:
        context["prefix"] = data.draw(copied(seen[start - before:start]), label="prefix")
    if after:
        context["suffix"] = data.draw(copied(seen[end:end + after]), label="suffix")
    build = build_with([context_note("passage", quote, **context)])
    result = build.annotate(page.html, "page.md")
    assert build.problems == [] and result.problems == []
    assert [note.id for note in result.notes] == ["passage"]
    assert normalize(marked_text(result.html, "passage")) == normalize(quote)


@given(pages(max_blocks=4), st.lists(words(), min_size=1, max_size=3), st.lists(st.tuples(st.integers(0, 50), st.integers(0, 50)), min_size=2, max_size=5), st.data())
def test_a_passage_that_occurs_several_times_is_one_problem_that_counts_them(page, phrase, places, data):
    blocks = [list(block.runs) for block in page.blocks]
    for block_at, run_at in places:
        runs = blocks[block_at % len(blocks)]
        runs.insert(run_at % (len(runs) + 1), Run(tuple(phrase), tuple(" " for _ in phrase), None, False))
    page = Page(tuple(Block(block.tag, tuple(runs), block.lead) for block, runs in zip(page.blocks, blocks)))
    text = PageText(tokenize(page.html)).text
    count = occurrences(text, seen_text(phrase))
    assert count >= len(places)
    build = build_with([context_note("passage", data.draw(copied(phrase), label="quote"))])
    result = build.annotate(page.html, "page.md")
    assert result.notes == [] and len(result.problems) == 1
    assert f"quote matches {count} places" in result.problems[0].message


# --- The page keeps its text -------------------------------------------------------------------


@st.composite
def annotations_for(draw, page: Page) -> tuple[list[dict], list[dict]]:
    """Annotations quoting runs of the page's words (placed or not), and glossary terms named by its words."""
    seen = page.words
    notes = []
    for number in range(1, draw(st.integers(0, 4)) + 1):
        start = draw(st.integers(0, len(seen) - 1))
        chosen = seen[start:start + draw(st.integers(1, 5))]
        note = context_note(f"note-{number}", draw(copied(chosen)))
        if draw(st.booleans()):
            note.update(type="fact-check", claim="A claim.", verdict=draw(st.sampled_from(VERDICTS)),
                        sources=[{"title": "A source", "url": "https://example.org/source"}])
        notes.append(note)
    terms = []
    for number in range(1, draw(st.integers(0, 3)) + 1):
        start = draw(st.integers(0, len(seen) - 1))
        names = [draw(copied(seen[start:start + draw(st.integers(1, 2))])) for _ in range(draw(st.integers(1, 2)))]
        names = [draw(st.sampled_from((name, name.lower(), name.upper()))) for name in names]
        terms.append({"id": f"term-{number}", "term": names[0], "aliases": names[1:],
                      "definition": "A definition. And more.", "see_also": []})
    return notes, terms


@given(pages(), st.data(), st.booleans())
def test_annotating_keeps_the_text_of_the_page(page, data, every_occurrence):
    notes, terms = data.draw(annotations_for(page), label="annotations and terms")
    build = build_with(notes, terms, every_occurrence=every_occurrence)
    result = build.annotate(page.html, "page.md")
    event(f"notes placed: {min(len(result.notes), 2)}; terms linked: {min(len(result.term_anchors), 2)}")
    assert text_of(result.html) == text_of(page.html)


def test_a_passage_that_ends_inside_a_link_keeps_the_text_of_the_page():
    # Found by the property above: the reference's link went inside the page's link.
    page = '<p><a href="https://example.org">veto</a></p>'
    result = build_with([context_note("veto", "veto")]).annotate(page, "page.md")
    assert text_of(result.html) == text_of(page)
