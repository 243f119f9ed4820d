"""The `annotations/` folder in, a checked `Catalog` and its problems out.

Reads every annotation file and the glossary, validates each against the
models, checks what spans files (each file has its page, ids are unique,
every term reference exists), and renders every Markdown body once.
"""

from __future__ import annotations

import datetime
import os
import posixpath
import re
from dataclasses import dataclass, field
from typing import Callable
from html import unescape
from pathlib import Path
from urllib.parse import unquote

from .annotation_files import load_documents
from .fields import AnnotationBase
from .models import Retired, Summary
from .links import CORRECTIONS_PAGE, GLOSSARY_PAGE, SiteMap
from .models import Term
from .normalize import lower_same_length, normalize
from .problems import Problem, closest, did_you_mean
from .richtext import RichText, first_sentence, plain_text
from .termmatch import TermMatcher
from .validation import validate_annotations, validate_glossary
from .yamlsource import Document

GLOSSARY_FILE = "glossary.yml"


@dataclass(frozen=True)
class RenderedCorrection:
    """A correction with its note rendered: what a reader sees under "Corrected"."""

    date: datetime.date
    note_html: str  # rendered for the page the note or term is on
    listed_html: str = ""  # rendered for the corrections page, whose links start elsewhere


@dataclass
class PageExtras:
    """What an annotation file says about its page as a whole: the summary and retired fact-checks."""

    document: Document
    summary: Summary | None = None
    summary_html: dict = field(default_factory=dict)  # bottom_line, known, unknown, rendered
    retired: list[tuple[int, Retired]] = field(default_factory=list)
    retired_html: dict[str, str] = field(default_factory=dict)  # id -> rendered note


@dataclass
class Placed:
    """An annotation, the page it belongs to, where it was written, and its rendered body."""

    annotation: AnnotationBase
    page: str
    document: Document
    at: tuple
    body_html: str = ""
    linked_terms: set[str] = field(default_factory=set)  # terms its body links to
    corrections: list[RenderedCorrection] = field(default_factory=list)

    @property
    def related_terms(self) -> list[str]:
        """Terms the note names in `terms` or links to, in that order."""
        return list(dict.fromkeys([*self.annotation.terms, *sorted(self.linked_terms)]))

    def problem(self, field_name: str, message: str) -> Problem:
        return self.document.problem(self.at + (field_name,), message)


@dataclass
class Entry:
    """A glossary term with its rendered definition and short form."""

    term: Term
    document: Document
    at: tuple
    definition_html: str = ""
    short: str = ""
    corrections: list[RenderedCorrection] = field(default_factory=list)


@dataclass
class Catalog:
    by_page: dict[str, list[Placed]] = field(default_factory=dict)
    terms: dict[str, Entry] = field(default_factory=dict)
    extras: dict[str, PageExtras] = field(default_factory=dict)  # page -> its summary and retired fact-checks
    # page -> the ids its file gives its notes, or the glossary its terms, whether or not they are valid or
    # placed: a link to one that is not shown is said once, by the note's or term's own problem.
    written_ids: dict[str, set[str]] = field(default_factory=dict)
    # page -> the in-page links (`#id`) of the texts shown on it: (id, file, where in it), checked once it is annotated.
    fragment_links: dict[str, list[tuple[str, Document, tuple]]] = field(default_factory=dict)
    # The links of those texts to another page's anchor (`other.md#id`): (that page, id, the link as
    # written, file, where in it), checked once every page is annotated.
    page_anchor_links: list[tuple[str, str, str, Document, tuple]] = field(default_factory=list)
    # False where the glossary file cannot be read, or its `terms` is no list: any id may be a term's.
    terms_readable: bool = True

    @property
    def term_ids(self) -> frozenset[str]:
        return frozenset(self.terms)

    def is_no_term(self, term_id: str) -> bool:
        """Whether `term_id` names no term, as far as the glossary can be read: a term with a mistake of its
        own, or any term of a glossary that cannot be read, is not said to be missing as well."""
        return term_id not in self.terms and self.terms_readable and term_id not in self.written_ids.get(GLOSSARY_PAGE, ())

    def names_by_term(self) -> dict[str, list[str]]:
        return {term_id: entry.term.names for term_id, entry in self.terms.items()}

    def not_terms(self) -> list[str]:
        """The names that hold a term's name and are not it (`Term.not_in`)."""
        return [name for entry in self.terms.values() for name in entry.term.not_in]


def load_catalog(annotations_dir: Path, shown_as: str, site: SiteMap,
                 site_root: Path | None = None) -> tuple[Catalog, list[Problem]]:
    """Everything in `annotations_dir`; paths in problems start with `shown_as` (e.g. "annotations").

    Symbolic links are followed only inside `site_root`, the site's folder
    (by default the folder that holds `annotations_dir`).
    """
    catalog = Catalog()
    documents, problems, unparsed = load_documents(annotations_dir, shown_as, site_root)
    for relative, text in unparsed.items():
        catalog.written_ids[_shown_on(relative)] = set(_WRITTEN_ID.findall(text))
    for relative, document in documents.items():
        catalog.written_ids[_shown_on(relative)] = _ids_in(document.data)
    glossary = documents.pop(GLOSSARY_FILE, None)
    if glossary is not None:
        problems += _add_terms(catalog, glossary)
    elif os.path.lexists(annotations_dir / GLOSSARY_FILE):  # there, but not read: its problem is reported
        catalog.terms_readable = False
    for relative, document in documents.items():
        problems += _add_page(catalog, relative, document, site)
    problems += _check_references(catalog)
    problems += _render(catalog, site)
    return catalog, sorted(problems)


def _add_terms(catalog: Catalog, document: Document) -> list[Problem]:
    terms, problems = validate_glossary(document)
    owner_of_name: dict[str, str] = {}
    for index, term in terms:
        at = ("terms", index)
        if term.id in catalog.terms:
            problems.append(document.problem(at + ("id",), f"the term id '{term.id}' is used twice; give this term another id"))
            continue
        for position, name in enumerate(term.names):
            key = lower_same_length(normalize(name))
            if owner_of_name.get(key, term.id) != term.id:
                where = at + (("term",) if position == 0 else ("aliases", position - 1))
                problems.append(document.problem(where, f"'{name}' already names the term '{owner_of_name[key]}'; a name can link to one term only"))
            owner_of_name.setdefault(key, term.id)
        for position, outside in enumerate(term.not_in):
            if not any(_holds(outside, name) for name in term.names):
                problems.append(document.problem(at + ("not_in", position), f"'{outside}' does not hold the name {term.term!r} "
                                                 "or an alias as a whole word, so it changes nothing; remove it or check the spelling"))
        catalog.terms[term.id] = Entry(term, document, at)
    written = document.data.get("terms") if isinstance(document.data, dict) else None
    catalog.terms_readable = written is None or isinstance(written, list)
    return problems


def _holds(outside: str, name: str) -> bool:
    """Whether `name` is a whole word or words of `outside`, as pages are matched (case and spacing aside)."""
    return bool(TermMatcher({"name": [name]}).find(normalize(outside)))


def _add_page(catalog: Catalog, relative: str, document: Document, site: SiteMap) -> list[Problem]:
    page = posixpath.splitext(relative)[0] + ".md"
    folder = document.path[: len(document.path) - len(relative)]
    if page not in site.pages and isinstance(document.data, dict) and "terms" in document.data and "annotations" not in document.data:
        return [Problem(document.path, 1, 1, f"glossary terms belong in {folder}{GLOSSARY_FILE}, the site's one glossary "
                        "(a file here annotates a page): move them there, then remove this file")]
    if page not in site.pages:
        nearest = _nearest_page(page, site.pages)
        if nearest is None:
            return [Problem(document.path, 1, 1, f"there is no page {site.shown(page)} for this file to annotate; "
                            f"name the file after its page (annotations/x/y.yml annotates {site.shown('x/y.md')})")]
        renamed = folder + posixpath.splitext(nearest)[0] + posixpath.splitext(relative)[1]
        return [Problem(document.path, 1, 1, f"there is no page {site.shown(page)} for this file to annotate; the nearest page is "
                        f"{site.shown(nearest)}: to annotate it, rename this file {renamed}")]
    parts, problems = validate_annotations(document)
    catalog.extras[page] = PageExtras(document, parts.summary, retired=parts.retired)
    placed = catalog.by_page.setdefault(page, [])
    seen = set()
    for index, annotation in parts.annotations:
        at = ("annotations", index)
        if annotation.id in seen:
            problems.append(document.problem(at + ("id",), f"the id '{annotation.id}' is used twice on this page; give this annotation another id"))
            continue
        seen.add(annotation.id)
        placed.append(Placed(annotation, page, document, at))
    problems += _check_replaced(placed, {entry.id for _, entry in parts.retired}, document)
    for index, retired in parts.retired:
        if retired.id in seen:
            problems.append(document.problem(("retired", index, "id"), f"'{retired.id}' is retired but still an annotation "
                                             "of this page; remove one of them"))
    return problems


def _check_replaced(placed: list[Placed], retired: set[str], document: Document) -> list[Problem]:
    """An old id that a note takes over must be free: no note, retired entry or other note's old id."""
    problems, taken = [], {p.annotation.id for p in placed} | retired
    for p in placed:
        for index, old in enumerate(p.annotation.replaces):
            if old in taken:
                problems.append(document.problem(p.at + ("replaces", index), f"'{old}' is still in use on this page (a note, a retired "
                                                 "fact-check or another note's replaces); a note can take over only an id nobody else has"))
            taken.add(old)
    return problems


def _check_references(catalog: Catalog) -> list[Problem]:
    problems = []
    for entry in catalog.terms.values():
        problems += _out_of_order(entry.term.corrections, entry.document, entry.at)
        for index, other in enumerate(entry.term.see_also):
            if other == entry.term.id:
                problems.append(entry.document.problem(entry.at + ("see_also", index), "see_also names this term itself; remove it"))
            elif catalog.is_no_term(other):
                problems.append(entry.document.problem(entry.at + ("see_also", index), f"see_also names '{other}', which is not a glossary term{_term_hint(other, catalog)}"))
    for placed in (p for page in catalog.by_page.values() for p in page):
        problems += _out_of_order(placed.annotation.corrections, placed.document, placed.at)
        for index, term in enumerate(placed.annotation.terms):
            if catalog.is_no_term(term):
                problems.append(placed.document.problem(placed.at + ("terms", index), f"terms names '{term}', which is not a glossary term{_term_hint(term, catalog)}"))
    return problems


def _out_of_order(corrections: list, document: Document, at: tuple) -> list[Problem]:
    """A problem for each correction dated before the one above it: they are listed oldest first."""
    return [document.problem(at + ("corrections", index, "date"), f"corrections are listed oldest first, and this one "
                             f"({later.date.isoformat()}) is older than the one above it ({earlier.date.isoformat()}); move it up")
            for index, (earlier, later) in enumerate(zip(corrections, corrections[1:]), 1) if later.date < earlier.date]


def _term_hint(reference: str, catalog: Catalog) -> str:
    """`; did you mean 'id'?`, from the ids, else from the names: 'nato' may mean the term called "NATO"."""
    by_id = did_you_mean(reference, catalog.term_ids)
    if by_id:
        return by_id
    wanted = reference.replace("-", " ").casefold()
    for term_id, entry in sorted(catalog.terms.items()):
        if any(normalize(name).replace("-", " ").casefold() == wanted for name in entry.term.names):
            return f"; did you mean '{term_id}' (the term {entry.term.term})?"
    return ""


def _render(catalog: Catalog, site: SiteMap) -> list[Problem]:
    """Render every Markdown field once per build; each link problem is located at its field."""
    rich = RichText()
    problems: list[Problem] = []
    known = catalog.term_ids  # once: thousands of texts, each resolving its links against every term

    def render(text: str, page: str, document: Document, at: tuple, linked_terms: set[str] | None = None) -> str:
        refused: dict[str, str] = {}  # a link's problem -> the link as written, to locate it in a long text
        anchors: list[tuple[str, str, str]] = []
        html, bad = rich.render(text, _resolver(site, catalog, known, page, linked_terms if linked_terms is not None else set(),
                                                refused, anchors))
        catalog.page_anchor_links.extend((target, fragment, written, document, at) for target, fragment, written in anchors)
        problems.extend(document.problem_at(at, refused.get(message, ""), message) for message in bad)
        if 'href="#' in html:
            catalog.fragment_links.setdefault(page, []).extend((unescape(found), document, at) for found in _IN_PAGE_LINK.findall(html))
        return html

    def corrections(items, page: str, document: Document, at: tuple) -> list[RenderedCorrection]:
        listed = RichText()  # its problems are the same as on the note's page, reported once
        return [RenderedCorrection(c.date, render(c.note, page, document, at + ("corrections", i, "note")),
                                   listed.render(c.note, _resolver(site, catalog, known, CORRECTIONS_PAGE, set()))[0])
                for i, c in enumerate(items)]

    for placed in (p for page in catalog.by_page.values() for p in page):
        placed.body_html = render(placed.annotation.body, placed.page, placed.document, placed.at + ("body",), placed.linked_terms)
        if not plain_text(placed.body_html).strip():
            problems.append(placed.document.problem(placed.at + ("body",), "body shows a reader nothing (only a comment, or markup "
                                                    "that is removed); write the note's text"))
        placed.corrections = corrections(placed.annotation.corrections, placed.page, placed.document, placed.at)
    for entry in catalog.terms.values():
        entry.definition_html = render(entry.term.definition, GLOSSARY_PAGE, entry.document, entry.at + ("definition",))
        entry.short = first_sentence(entry.definition_html)
        entry.corrections = corrections(entry.term.corrections, GLOSSARY_PAGE, entry.document, entry.at)
    for page, extras in catalog.extras.items():
        if extras.summary:
            at = ("summary",)
            extras.summary_html = {
                "bottom_line": render(extras.summary.bottom_line, page, extras.document, at + ("bottom_line",)),
                "known": [render(item, page, extras.document, at + ("known", i)) for i, item in enumerate(extras.summary.known)],
                "unknown": [render(item, page, extras.document, at + ("unknown", i)) for i, item in enumerate(extras.summary.unknown)],
            }
        extras.retired_html = {r.id: render(r.note, page, extras.document, ("retired", i, "note")) for i, r in extras.retired}
    return problems


def _shown_on(relative: str) -> str:
    """The page whose entries the annotation file at `relative` holds: the glossary's, or the page it annotates."""
    return GLOSSARY_PAGE if relative == GLOSSARY_FILE else posixpath.splitext(relative)[0] + ".md"


# `id: call-date` or `- id: "call-date"` on a line of a file that does not parse.
_WRITTEN_ID = re.compile(r"""^[ \t]*(?:-[ \t]+)?id:[ \t]*["']?([A-Za-z0-9][\w-]*)""", re.MULTILINE)


def _ids_in(data) -> set[str]:
    """The ids a parsed file gives its entries (notes, terms, retired fact-checks), valid or not."""
    if not isinstance(data, dict):
        return set()
    entries = [entry for key in ("annotations", "terms", "retired") if isinstance(data.get(key), list) for entry in data[key]]
    return {entry["id"] for entry in entries if isinstance(entry, dict) and isinstance(entry.get("id"), str)}


_IN_PAGE_LINK = re.compile(r'href="#([^"]*)"')
_ID = re.compile(r'\sid="([^"]*)"')


def ids_in(html: str) -> set[str]:
    """The ids of the elements of a page's HTML."""
    return {unescape(found) for found in _ID.findall(html)}


def broken_fragment_links(links: list[tuple[str, Document, tuple]], page_ids: set[str]) -> list[Problem]:
    """A problem for each in-page link of `links` whose id is not among `page_ids`, the page's as annotated
    (`ids_in`): a note, a heading, an endnote, a glossary entry."""
    problems = []
    for fragment, document, at in links:
        hint = _missing_id_hint(fragment, page_ids, "this page") if fragment else None
        if hint is not None:
            problems.append(document.problem_at(at, f"#{fragment}", f"links to '#{fragment}', which is not an id on this page{hint}"))
    return problems


def broken_anchor_links(links: list[tuple[str, str, str, Document, tuple]],
                        ids_of: Callable[[str], set[str] | None], site: SiteMap) -> list[Problem]:
    """A problem for each link to another page's anchor (see `Catalog.page_anchor_links`) that the page lacks;
    `ids_of(page)` gives the ids a page has, as annotated, or None where they are not known. It is asked
    once a page, however many links lead there."""
    known: dict[str, set[str] | None] = {}
    problems = []
    for target, fragment, written, document, at in links:
        if target not in known:
            known[target] = ids_of(target)
        hint = _missing_id_hint(fragment, known[target], "that page") if known[target] is not None else None
        if hint is not None:
            where = "the glossary" if target == GLOSSARY_PAGE else site.shown(target)
            problems.append(document.problem_at(at, written, f"links to {written!r}, but {where} has no id '{unquote(fragment)}'{hint}"))
    return problems


def _missing_id_hint(fragment: str, ids: set[str], page: str) -> str | None:
    """None where `ids` hold the link's id (as written, or percent-decoded); else what to say about it."""
    if fragment in ids or unquote(fragment) in ids:
        return None
    near = closest(unquote(fragment), ids)
    return f"; did you mean '#{near}'?" if near else f"; link to the id of a note, a heading or an endnote of {page}"


def _resolver(site: SiteMap, catalog: Catalog, terms: frozenset[str], page: str, linked_terms: set[str],
              refused: dict[str, str] | None = None, anchors: list[tuple[str, str, str]] | None = None):
    """Resolves the links of a text shown on `page` (`terms`: the glossary's ids), noting in
    `linked_terms` the terms it links to, in `refused` each problem with the link that has it, and
    in `anchors` each link to another page's anchor: (that page, the id, the link as written)."""

    def resolve(href: str) -> tuple[str | None, str | None]:
        link, problem = site.resolve(href, page, terms, lambda term: _term_hint(term, catalog))
        if problem and refused is not None:
            refused.setdefault(problem, href)
        if link and anchors is not None and not href.startswith("glossary:"):
            reached = site.anchor_of(href, page)
            if reached and reached[0] != page:
                anchors.append((*reached, href))
        if href.startswith("glossary:"):
            if link:
                linked_terms.add(href.removeprefix("glossary:"))
            elif not catalog.is_no_term(href.removeprefix("glossary:")):
                return None, None  # a text link until the glossary reads again
        return link, problem

    return resolve


def _nearest_page(page: str, pages) -> str | None:
    """The page a misnamed annotation file most likely meant: same name elsewhere, else the most similar path."""
    name = posixpath.basename(page)
    same_name = sorted(other for other in pages if posixpath.basename(other) == name)
    if same_name:
        return closest(page, same_name, cutoff=0) or same_name[0]
    return closest(page, pages)
