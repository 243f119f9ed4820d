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
from .drift import Orphan, PageWords, Rewrite, changed_fields, context_range, drift_message, orphan_message, reader_text, relocate
from .escape import script_json
from .fact_check import Verdict
from .htmltokens import Token, element_ids, end_tag, serialize, start_tag, tokenize
from .links import GLOSSARY_PAGE, SiteMap
from .page_markup import removed_problems, without_active_markup
from .pagetext import Edit, PageText, apply, is_blank
from .problems import MAX_MESSAGE, Problem
from .record import NoteRecord, PageRecord
from .termmatch import TermMatcher

# Terms are never linked inside these: headings, links, code, and form controls.
NO_TERM_LINKS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "a", "code", "pre", "kbd", "samp", "button", "label", "select", "textarea"})

# Every id the build adds contains "--", which no annotation or term id (a
# slug) and no heading id that MkDocs makes can contain: generated ids never
# collide with them. An author's explicit `{#x--ref}` is still caught.
ENDNOTES_ID = "ae--notes"
DETAILED_PROBLEMS = 20  # quotes per page explained in full (closest passage, prefixes that pick one)
# Quotes per page not found word for word that are looked for as they may have changed
# (drift.py): a hostile file must not make the build slow; past these, a quote is an orphan.
DRIFT_SEARCHES = 50


def ref_id(note_id: str) -> str:
    return f"ref--{note_id}"


def heading_id(note_id: str) -> str:
    return f"note--{note_id}"


def content_id(note_id: str) -> str:
    return f"content--{note_id}"


def term_anchor_id(term_id: str) -> str:
    return f"term--{term_id}"


@dataclass
class Note:
    """An annotation as placed on its page: its number, the passage, its related terms."""

    placed: Placed
    number: int
    start: int
    excerpt: str
    segments: list = field(default_factory=list)  # the passage's pieces of text tokens
    terms: list[dict] = field(default_factory=list)
    record: NoteRecord = field(default_factory=NoteRecord)  # dates, corrections, verdict history, reports
    rewrite: Rewrite | None = None  # placed on the passage its quote has become: what `make fix` writes

    @property
    def id(self) -> str:
        return self.placed.annotation.id

    @property
    def ref_id(self) -> str:
        return ref_id(self.id)

    @property
    def heading_id(self) -> str:
        return heading_id(self.id)

    @property
    def content_id(self) -> str:
        return content_id(self.id)

    def ids(self) -> list[str]:
        """Every id this note puts on its page, the old ids of notes merged into it included."""
        return [self.id, self.ref_id, self.heading_id, self.content_id, *self.placed.annotation.replaces]


@dataclass
class Placement:
    """Where a page's notes go, found before the page is annotated: all that search needs of them."""

    notes: list[Note]
    problems: list[Problem]
    orphans: list[Problem]  # notes left out: their quote is gone and nothing close enough replaced it


def place_notes(html: str, page: str, catalog: Catalog, site: SiteMap) -> Placement:
    """Find the passage of each note of `page` in its rendered `html`, and number the notes in page order."""
    return Placement(*_place_notes(tokenize(html), page, catalog, site))


@dataclass
class AnnotatedPage:
    html: str
    problems: list[Problem]
    notes: list[Note]
    term_anchors: dict[str, str]  # term id -> where it first appears: its link in the text, else a note
    withdrawn: list[str] = field(default_factory=list)  # ids of retired fact-checks whose permalinks the page keeps
    orphans: list[Problem] = field(default_factory=list)  # notes left out: their quote is gone and nothing close enough replaced it
    ids: list[str] = field(default_factory=list)  # ids the build wrote after the page's Markdown (the glossary's entries)
    # Ids the page's file gives notes or terms that it does not show, each for a problem of its own
    # (a mistake, a quote not found): links to them are not reported again.
    unshown_ids: list[str] = field(default_factory=list)

    def shown_ids(self) -> set[str]:
        """The ids the page now has for links to reach: its notes (and their old ids), withdrawn fact-checks, terms."""
        ids = {i for note in self.notes for i in (note.id, *note.placed.annotation.replaces)}
        ids.update(self.withdrawn, self.term_anchors.values(), self.ids)
        return ids

    @property
    def rewrites(self) -> list[Rewrite]:
        """What `make fix` writes for the notes placed on a passage their quote has become."""
        return [note.rewrite for note in self.notes if note.rewrite]


def annotate_page(html: str, page: str, *, catalog: Catalog, site: SiteMap, matcher: TermMatcher,
                  templates: jinja2.Environment, provenance: str = "", link_terms: bool = True,
                  every_occurrence: bool = False, records: dict[str, NoteRecord] | None = None,
                  page_record: PageRecord | None = None, summary: dict | None = None,
                  retired: list | None = None, placement: Placement | None = None, source: str = "") -> AnnotatedPage:
    """Annotate the rendered `html` of the page whose source path is `page`, with its notes where
    `placement` (from `place_notes` on the same HTML) put them, or where they are found now; remove
    the page's active markup (`page_markup.py`), said where `source`, its Markdown, writes it."""
    # The same HTML reads as the same tokens: a placement's passages hold token positions, valid here too.
    tokens = tokenize(html)
    if placement is None:
        notes, problems, orphans = _place_notes(tokens, page, catalog, site)
    else:
        notes, problems, orphans = placement.notes, list(placement.problems), placement.orphans
    edits, after = [], {}
    for note in notes:
        edits += _mark_edits(tokens, note, after)
    tokens = apply(tokens, edits, after)
    term_anchors: dict[str, str] = {}
    if link_terms:
        tokens, term_anchors = _link_terms(tokens, page, catalog, site, matcher, every_occurrence)
    for note in notes:
        note.record = (records or {}).get(note.id, note.record)
        note.terms = [_term_view(catalog, site, page, term) for term in note.placed.annotation.terms if term in catalog.terms]
        for term in note.placed.related_terms:
            term_anchors.setdefault(term, note.placed.annotation.id)
    page_ids = element_ids(tokens)
    endnotes_id = _free_id(ENDNOTES_ID, page_ids)
    withdrawn, clashes = _withdrawn(retired or [], page_ids, {i for note in notes for i in note.ids()}, site.shown(page))
    problems += clashes
    if notes or summary:
        box = templates.get_template("summary.html").render(
            **_summary(notes, provenance), endnotes_id=endnotes_id, summary=summary or {}, record=page_record or PageRecord())
        tokens.insert(_after_title(tokens), Token("other", box))
    tokens, removed = without_active_markup(tokens)
    problems += removed_problems(removed, source, site.shown(page))
    appended = []
    if notes or withdrawn:
        appended.append(templates.get_template("endnotes.html").render(notes=notes, endnotes_id=endnotes_id, withdrawn=withdrawn))
    if link_terms:
        appended.append(_term_previews(tokens, catalog, templates))
    return AnnotatedPage(serialize(tokens) + "".join(appended), problems, notes, term_anchors,
                         [entry["id"] for entry in withdrawn], orphans)


def _place_notes(tokens: list[Token], page: str, catalog: Catalog, site: SiteMap) -> tuple[list[Note], list[Problem], list[Problem]]:
    text = PageText(tokens)
    taken_ids = _ids_with_tags(tokens)
    notes, problems, ranges, orphans = [], [], [], []
    words, searched = None, 0  # the page's words are indexed for the first quote not found word for word
    for placed in catalog.by_page.get(page, []):
        a = placed.annotation
        quote = Quote(a.quote, a.prefix, a.suffix)
        # Past a few problems, say less about each: a hostile file must not make the build slow.
        where = anchor(text.text, quote, detailed=len(problems) < DETAILED_PROBLEMS)
        moved = None
        if isinstance(where, NotFound) and searched < DRIFT_SEARCHES:
            searched += 1
            words = words or PageWords(text.text)
            moved = relocate(words, quote)
            if isinstance(moved, Orphan):
                shown = [_context_shown(tokens, text, quote, c.start, c.end) for c in moved.candidates[:3]]
                orphans.append(placed.problem("quote", orphan_message(site.shown(page), quote, moved, shown)))
                problems.append(orphans[-1])
                continue
            where = Found(moved.start, moved.end)
        if isinstance(where, NotFound):
            hint = f'; the closest passage is "{where.closest}" ({where.difference})' if where.closest else \
                f"; {where.difference}" if where.difference else ""
            orphans.append(placed.problem("quote", f"quote not found on {site.shown(page)}{hint}; not looked for as it may have changed: "
                                          f"more than {DRIFT_SEARCHES} quotes on this page are not found word for word"))
            problems.append(orphans[-1])
            continue
        if isinstance(where, Ambiguous):
            problems.append(placed.problem("quote", _ambiguous(where, site.shown(page))))
            continue
        clash = next((other for other, (start, end) in ranges if where.start < end and start < where.end), None)
        if clash:
            problems.append(placed.problem("quote", f"this passage overlaps the passage of '{clash}'; quote words that no other annotation covers"))
            continue
        note = Note(placed, 0, where.start, _excerpt(text.text[where.start:where.end]))
        clash = next((taken for taken in note.ids() if taken in taken_ids), None)
        if clash:
            problems.append(placed.problem("id", _id_clash(clash, a.id, _element_in_words(tokens, taken_ids[clash]), site.shown(page))))
            continue
        ranges.append((a.id, (where.start, where.end)))
        note.segments = [s for s in text.segments(where.start, where.end) if not is_blank(tokens, s)]
        if moved is not None:
            shown = _context_shown(tokens, text, quote, moved.start, moved.end, moved.prefix_start, moved.suffix_end)
            rewrite = changed_fields(quote, moved, shown)
            note.rewrite = Rewrite(placed.document.path, placed.at, a.id, rewrite, moved.confidence)
            problems.append(placed.problem("quote", drift_message(site.shown(page), quote, rewrite, shown, moved.confidence)))
        notes.append(note)
    notes.sort(key=lambda note: note.start)
    for number, note in enumerate(notes, 1):
        note.number = number
    return notes, problems, orphans


def _context_shown(tokens: list[Token], text: PageText, quote: Quote, start: int, end: int,
                   prefix_start: int | None = None, suffix_end: int | None = None) -> dict[str, str]:
    """A passage of the page, and as many words before and after it as the quote's prefix and
    suffix have (or the given ranges), as a reader sees them: for messages and for `make fix`."""
    if prefix_start is None or suffix_end is None:
        prefix_start, suffix_end = context_range(text.text, start, end, len((quote.prefix or "").split()),
                                                 len((quote.suffix or "").split()))

    def shown(begin: int, finish: int) -> str:
        begin, finish = begin + (text.text[begin:finish][:1] == " "), finish - (text.text[begin:finish][-1:] == " ")
        if begin >= finish:
            return ""
        pieces = [tokens[s.token].source[s.start:s.end] for s in text.segments(begin, finish)]
        return reader_text(pieces, text.text[begin:finish])

    texts = {"quote": shown(start, end)}
    if quote.prefix is not None:
        texts["prefix"] = shown(prefix_start, start)
    if quote.suffix is not None:
        texts["suffix"] = shown(end, suffix_end)
    return texts


def _ids_with_tags(tokens: list[Token]) -> dict[str, int]:
    """Every id on the page, with the index of the element that carries it (to name it in a message)."""
    return {token.attrs["id"]: index for index, token in enumerate(tokens) if token.kind == "start" and token.attrs.get("id")}


def _element_in_words(tokens: list[Token], start: int) -> str:
    tag = tokens[start].tag
    if tag not in ("h1", "h2", "h3", "h4", "h5", "h6"):
        return f"a <{tag}> element"
    words = []
    for token in tokens[start + 1:]:
        if token.kind == "end" and token.tag == tag:
            break
        if token.kind == "text" and "a" not in token.ancestors[-1:]:  # leave out the heading's permalink sign
            words.append(token.source)
    return f'the heading "{" ".join("".join(words).split())}"'


def _id_clash(taken: str, note_id: str, element: str, page: str) -> str:
    if taken == note_id:
        return f"the id '{note_id}' is already the id of {element} on {page}; choose another id for this annotation"
    return (f"{page} has {element} with the id '{taken}', which this annotation's note needs; "
            f"choose another id for this annotation, or change that element's id")


def _withdrawn(retired: list, page_ids: set[str], note_ids: set[str], shown: str) -> tuple[list, list[Problem]]:
    """Retired fact-checks that can keep their permalink on the page, and a problem for each that cannot."""
    kept, problems = [], []
    for document, index, entry, html in retired:
        if entry.id in page_ids or entry.id in note_ids:
            problems.append(document.problem(("retired", index, "id"), f"the id '{entry.id}' is already taken on {shown}, "
                                             "so the retired fact-check cannot keep its permalink; remove one of them"))
            continue
        kept.append({"id": entry.id, "date": entry.date, "note_html": html})
    return kept, problems


def _free_id(wanted: str, taken: set[str]) -> str:
    candidate, number = wanted, 1
    while candidate in taken:
        number += 1
        candidate = f"{wanted}-{number}"
    return candidate


def _ambiguous(where: Ambiguous, page: str) -> str:
    """Where the quote is, each place with its text either side and what picks it; the text either side
    is shortened, the same for every place, until the message fits (rather than a place cut out of it)."""
    suffixes = where.suffixes or [""] * len(where.prefixes)
    first = f"; the first {len(where.in_context)}" if where.count > len(where.in_context) else ""

    def message(trimmed: int) -> str:
        shown = []
        for number, (context, prefix, suffix) in enumerate(zip(where.in_context, where.prefixes, suffixes), 1):
            pick = f' (prefix: "{prefix}")' if prefix else f' (suffix: "{suffix}")' if suffix else ""
            around = context.removeprefix("...").removesuffix("...")  # "before[quote]after", the quote in its middle
            around = around[trimmed:len(around) - trimmed] if len(around) > 2 * trimmed + 20 else around
            shown.append(f"{number}) ...{around}...{pick}")
        return f"quote matches {where.count} places on {page}{first}: {'; '.join(shown)}; add a prefix or suffix to pick one"

    trimmed, text = 0, message(0)
    while len(text) > MAX_MESSAGE and trimmed < max(map(len, where.in_context), default=0):
        trimmed += 4
        text = message(trimmed)
    return text


def _excerpt(passage: str, words: int = 8) -> str:
    split = passage.split()
    return " ".join(split[:words]) + ("…" if len(split) > words else "")


def _mark_edits(tokens: list[Token], note: Note, after: dict[int, list[Token]]) -> list[Edit]:
    """The marks around the passage's pieces, and its numbered reference: right after the passage,
    or, where the passage ends inside one of the page's links, right after that link (a link
    inside a link is no HTML; the browser would take the page's link apart)."""
    a = note.placed.annotation
    attrs = {"class": f"ae-mark ae-mark--{a.type}", "data-annotation": a.id, **a.mark_attributes()}
    edits = [Edit(segment, [start_tag("mark", attrs)], [end_tag("mark")]) for segment in note.segments]
    ref = start_tag("a", {"class": f"ae-ref ae-ref--{a.type}", "id": note.ref_id, "href": f"#{a.id}",
                          "data-annotation-ref": a.id, "aria-label": a.reference_label(note.number),
                          "aria-describedby": note.content_id})
    number = Token("text", f"{note.number}{a.reference_symbol}", ancestors=("sup", "a"))  # never part of a term
    reference = [start_tag("sup", {"class": "ae-ref__sup"}), ref, number, end_tag("a"), end_tag("sup")]
    link_end = _end_of_enclosing_link(tokens, note.segments[-1].token)
    if link_end is None:
        edits[-1].after += reference
    else:
        after.setdefault(link_end, []).extend(reference)
    return edits


def _end_of_enclosing_link(tokens: list[Token], index: int) -> int | None:
    """The index of the `</a>` that closes the link a text token sits in, if it sits in one."""
    if "a" not in tokens[index].ancestors:
        return None
    depth = 0
    for at in range(index + 1, len(tokens)):
        token = tokens[at]
        if token.tag != "a" or token.kind not in ("start", "end"):
            continue
        if token.kind == "start":
            depth += 1
        elif depth:
            depth -= 1
        else:
            return at
    return None


def _link_terms(tokens, page, catalog, site, matcher, every_occurrence) -> tuple[list[Token], dict[str, str]]:
    text = PageText(tokens, skip=lambda token: not NO_TERM_LINKS.isdisjoint(token.ancestors))
    taken_ids = element_ids(tokens)
    edits, anchors = [], {}
    for hit in matcher.find(text.text):
        if hit.term_id in anchors and not every_occurrence:
            continue
        segment = text.single_segment(hit.start, hit.end)
        if segment is None:  # the name is split by markup, e.g. "Marco <em>Rubio</em>"
            continue
        # No title: the theme shows a title as HTML; the page's script shows the short definition.
        attrs = {"class": "ae-term", "href": site.link(page, GLOSSARY_PAGE, hit.term_id), "data-term": hit.term_id}
        anchor_id = term_anchor_id(hit.term_id)
        if hit.term_id not in anchors and anchor_id not in taken_ids:
            anchors[hit.term_id] = attrs["id"] = anchor_id
        edits.append(Edit(segment, [start_tag("a", attrs)], [end_tag("a")]))
    return apply(tokens, edits), anchors


def _term_previews(tokens: list[Token], catalog: Catalog, templates: jinja2.Environment) -> str:
    """The short definition of every term linked on the page, as JSON for the page's script."""
    linked = dict.fromkeys(token.attrs["data-term"] for token in tokens
                           if token.kind == "start" and token.tag == "a" and token.attrs.get("data-term") in catalog.terms)
    if not linked:
        return ""
    previews = {term_id: {"term": catalog.terms[term_id].term.term, "short": catalog.terms[term_id].short} for term_id in linked}
    return templates.get_template("term-previews.html").render(previews=script_json(previews))


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
