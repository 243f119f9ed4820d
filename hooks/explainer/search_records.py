"""What the site's search index holds: every page, every note and every glossary term, each its own result.

Data in, records out: a note's or term's fields become a `SearchRecord` (the
text searched, what the result shows, the filters it answers to); a page's
rendered content becomes an HTML document for the indexer, with its filters
declared on it. The indexer (Pagefind) and the generator are the adapter's
business: nothing here starts a process or knows MkDocs.

The endnotes and glossary entries are left out of their pages' text (they
are results of their own), so a word of a note finds the note, not the page
again around it.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from .richtext import plain_text

# The kinds a reader can filter by: articles, other hand-written pages, notes and terms.
KINDS = ("article", "page", "context", "fact-check", "term")

# Parts of a page that are not its own text: notes and terms are records of their own,
# the term previews are data for the script, and permalink signs are not words.
EXCLUDED_FROM_PAGES = (".ae-endnotes", "[data-note]", "[data-term-entry]", ".ae-term-previews", ".headerlink")


@dataclass(frozen=True)
class SearchRecord:
    """One result: `url` is root-relative with its fragment ("/articles/x/#call-date")."""

    url: str
    title: str
    content: str
    kind: str
    article: str = ""  # the title of the page the note is on, "" for a term
    verdict: str = ""  # a fact-check's verdict, as readers read it ("Mostly accurate")

    def meta(self) -> dict[str, str]:
        """What the result shows besides its excerpt."""
        meta = {"title": self.title, "kind": self.kind}
        if self.article:
            meta["article"] = self.article
        if self.verdict:
            meta["verdict"] = self.verdict
        return meta

    def filters(self) -> dict[str, list[str]]:
        """What a reader can narrow the results by: everything the result shows but its title."""
        return {name: [value] for name, value in self.meta().items() if name != "title"}


def root_url(page_url: str, anchor: str = "") -> str:
    """A page's URL as the generator gives it ("articles/x/", "" for the home page), from the site's root."""
    return "/" + page_url.lstrip("/") + (f"#{anchor}" if anchor else "")


def note_record(page_url: str, page_title: str, note_id: str, kind: str, label: str, number: int, heading: str,
                quote: str, body_html: str, claim: str = "", verdict: str = "") -> SearchRecord:
    """A note's record: found by its heading, the passage it is anchored to, its claim, verdict and body."""
    title = f"{label} {number}: {heading}" if heading else f"{label} {number}"
    words = [heading, claim if claim != heading else "", verdict, f"\u201c{quote}\u201d" if quote != heading else "",
             plain_text(body_html)]
    return SearchRecord(root_url(page_url, note_id), title, " ".join(w for w in words if w), kind, page_title, verdict)


def term_record(glossary_url: str, term_id: str, name: str, aliases: list[str], definition_html: str) -> SearchRecord:
    """A glossary term's record: found by its name, its aliases and its definition."""
    also = f"Also: {', '.join(aliases)}." if aliases else ""
    words = [name + ".", also, plain_text(definition_html)]
    return SearchRecord(root_url(glossary_url, term_id), name, " ".join(w for w in words if w), "term")


def page_kind(src_uri: str) -> str:
    """Articles are filtered as such; every other hand-written page is a page."""
    return "article" if src_uri.startswith("articles/") else "page"


def page_document(title: str, content_html: str, kind: str) -> str:
    """A page's rendered content as a document for the indexer: its text, its title and its filters.

    The title and filters sit outside the indexed body, so they label the
    result without being searched twice; `content_html` is the generator's
    rendered content, which the indexer reads as it is.
    """
    label = escape(title, quote=False)
    filters = f'<span data-pagefind-filter="kind">{kind}</span>'
    if kind == "article":
        filters += f'<span data-pagefind-filter="article">{label}</span>'
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{label}</title></head><body>'
            f'<div hidden><span data-pagefind-meta="title">{label}</span><span data-pagefind-meta="kind">{kind}</span>{filters}</div>'
            f'<div data-pagefind-body>{content_html}</div></body></html>')


def note_records(page_url: str, page_title: str, notes) -> list[SearchRecord]:
    """The records of the notes placed on one page (`page.Note`s), in page order."""
    records = []
    for note in notes:
        a = note.placed.annotation
        checked = a.type == "fact-check"
        records.append(note_record(page_url, page_title, a.id, a.type, a.label, note.number, a.heading,
                                   a.quote, note.placed.body_html, a.claim if checked else "",
                                   a.verdict.label if checked else ""))
    return records


def term_records(glossary_url: str, entries) -> list[SearchRecord]:
    """The records of the glossary's terms (`catalog.Entry`s), in the glossary file's order."""
    return [term_record(glossary_url, e.term.id, e.term.term, list(e.term.aliases), e.definition_html) for e in entries]
