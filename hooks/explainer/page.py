"""One page's HTML in, annotated HTML out.

`annotate_page` anchors each annotation's quote in the page's text, wraps the
passage in `mark` elements with a numbered reference, links glossary terms,
and adds the summary at the top and the endnotes at the end. It returns the
new HTML with the problems it met and what it placed, for the pages that
span the site (glossary, fact-check index).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import jinja2

from .anchoring import Ambiguous, Found, NotFound, Quote, anchor
from .catalog import Catalog, Placed
from .fact_check import Verdict
from .htmltokens import Token, element_ids, end_tag, serialize, start_tag, tokenize
from .links import GLOSSARY_PAGE, SiteMap
from .pagetext import Edit, PageText, apply, is_blank
from .problems import Problem
from .termmatch import TermMatcher

# Terms are never linked inside these: headings, links, code, and form controls.
NO_TERM_LINKS = {"h1", "h2", "h3", "h4", "h5", "h6", "a", "code", "pre", "kbd", "samp", "button", "label", "select", "textarea"}


@dataclass
class Note:
    """An annotation as placed on its page: its number, the passage, its related terms."""

    placed: Placed
    number: int
    start: int
    excerpt: str
    segments: list = field(default_factory=list)  # the passage's pieces of text tokens
    terms: list[dict] = field(default_factory=list)


@dataclass
class AnnotatedPage:
    html: str
    problems: list[Problem]
    notes: list[Note]
    term_anchors: dict[str, str]  # term id -> where it first appears: its link in the text, else a note


def annotate_page(html: str, page: str, *, catalog: Catalog, site: SiteMap, matcher: TermMatcher,
                  templates: jinja2.Environment, provenance: str = "", link_terms: bool = True,
                  every_occurrence: bool = False) -> AnnotatedPage:
    """Annotate the rendered `html` of the page whose source path is `page`."""
    tokens = tokenize(html)
    notes, problems = _place_notes(tokens, page, catalog)
    tokens = apply(tokens, [edit for note in notes for edit in _mark_edits(tokens, note)])
    term_anchors: dict[str, str] = {}
    if link_terms:
        tokens, term_anchors = _link_terms(tokens, page, catalog, site, matcher, every_occurrence)
    for note in notes:
        note.terms = [_term_view(catalog, site, page, term) for term in note.placed.annotation.terms if term in catalog.terms]
        for term in note.placed.related_terms:
            term_anchors.setdefault(term, note.placed.annotation.id)
    if notes:
        summary = templates.get_template("summary.html").render(**_summary(notes, provenance))
        tokens.insert(_after_title(tokens), Token("other", summary))
        tokens.append(Token("other", templates.get_template("endnotes.html").render(notes=notes)))
    return AnnotatedPage(serialize(tokens), problems, notes, term_anchors)


def _place_notes(tokens: list[Token], page: str, catalog: Catalog) -> tuple[list[Note], list[Problem]]:
    text = PageText(tokens)
    taken_ids = element_ids(tokens)
    notes, problems, ranges = [], [], []
    for placed in catalog.by_page.get(page, []):
        a = placed.annotation
        where = anchor(text.text, Quote(a.quote, a.prefix, a.suffix))
        if isinstance(where, NotFound):
            hint = f'; the closest passage is "{where.closest}" ({where.difference})' if where.closest else ""
            problems.append(placed.problem("quote", f"quote not found on docs/{page}{hint}"))
            continue
        if isinstance(where, Ambiguous):
            problems.append(placed.problem("quote", _ambiguous(where, page)))
            continue
        clash = next((other for other, (start, end) in ranges if where.start < end and start < where.end), None)
        if clash:
            problems.append(placed.problem("quote", f"this passage overlaps the passage of '{clash}'; quote words that no other annotation covers"))
            continue
        if a.id in taken_ids:
            problems.append(placed.problem("id", f"the page already has an element with id '{a.id}' (a heading?); choose another id"))
            continue
        ranges.append((a.id, (where.start, where.end)))
        segments = [s for s in text.segments(where.start, where.end) if not is_blank(tokens, s)]
        notes.append(Note(placed, 0, where.start, _excerpt(text.text[where.start:where.end]), segments))
    notes.sort(key=lambda note: note.start)
    for number, note in enumerate(notes, 1):
        note.number = number
    return notes, problems


def _ambiguous(where: Ambiguous, page: str) -> str:
    suffixes = where.suffixes or [""] * len(where.prefixes)
    shown = []
    for number, (context, prefix, suffix) in enumerate(zip(where.in_context, where.prefixes, suffixes), 1):
        pick = f' (prefix: "{prefix}")' if prefix else f' (suffix: "{suffix}")' if suffix else ""
        shown.append(f"{number}) {context}{pick}")
    return f"quote matches {len(shown)} places on docs/{page}: {'; '.join(shown)}; add a prefix or suffix to pick one"


def _excerpt(passage: str, words: int = 8) -> str:
    split = passage.split()
    return " ".join(split[:words]) + ("…" if len(split) > words else "")


def _mark_edits(tokens: list[Token], note: Note) -> list[Edit]:
    a = note.placed.annotation
    attrs = {"class": f"ae-mark ae-mark--{a.type}", "data-annotation": a.id}
    if a.type == "fact-check":
        attrs["data-verdict"] = a.verdict.value
    edits = [Edit(segment, [start_tag("mark", attrs)], [end_tag("mark")]) for segment in note.segments]
    label = f"{a.label} {note.number}" + (f": {a.verdict.label}" if a.type == "fact-check" else "")
    ref = start_tag("a", {"class": f"ae-ref ae-ref--{a.type}", "id": f"ref-{a.id}", "href": f"#{a.id}",
                          "data-annotation-ref": a.id, "aria-label": label, "aria-describedby": f"{a.id}-content"})
    symbol = f"{a.verdict.symbol}" if a.type == "fact-check" else ""
    number = Token("text", f"{note.number}{symbol}", ancestors=("sup", "a"))  # never part of a term
    edits[-1].after += [start_tag("sup", {"class": "ae-ref__sup"}), ref, number, end_tag("a"), end_tag("sup")]
    return edits


def _link_terms(tokens, page, catalog, site, matcher, every_occurrence) -> tuple[list[Token], dict[str, str]]:
    text = PageText(tokens, skip=lambda token: bool(NO_TERM_LINKS.intersection(token.ancestors)))
    edits, anchors = [], {}
    for hit in matcher.find(text.text):
        if hit.term_id in anchors and not every_occurrence:
            continue
        segment = text.single_segment(hit.start, hit.end)
        if segment is None:  # the name is split by markup, e.g. "Marco <em>Rubio</em>"
            continue
        entry = catalog.terms[hit.term_id]
        attrs = {"class": "ae-term", "href": site.link(page, GLOSSARY_PAGE, hit.term_id), "data-term": hit.term_id, "title": entry.short}
        if hit.term_id not in anchors:
            anchors[hit.term_id] = attrs["id"] = f"term-{hit.term_id}"
        edits.append(Edit(segment, [start_tag("a", attrs)], [end_tag("a")]))
    return apply(tokens, edits), anchors


def _term_view(catalog: Catalog, site: SiteMap, page: str, term_id: str) -> dict:
    return {"id": term_id, "name": catalog.terms[term_id].term.term, "url": site.link(page, GLOSSARY_PAGE, term_id)}


def _summary(notes: list[Note], provenance: str) -> dict:
    fact_checks = [n for n in notes if n.placed.annotation.type == "fact-check"]
    by_verdict = [(v, [n for n in fact_checks if n.placed.annotation.verdict is v]) for v in Verdict]
    return {"provenance": provenance, "fact_checks": fact_checks,
            "contexts": [n for n in notes if n.placed.annotation.type != "fact-check"],
            "by_verdict": [(v, group) for v, group in by_verdict if group]}


def _after_title(tokens: list[Token]) -> int:
    """Where the summary goes: after the page's title heading, else at the top."""
    return next((index + 1 for index, token in enumerate(tokens) if token.kind == "end" and token.tag == "h1"), 0)
