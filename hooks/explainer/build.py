"""One build of the site, whatever generator drives it.

`ExplainerBuild` holds everything one build learns: the checked catalog, the
term matcher, where each term and fact-check was placed. The generator's
adapter (for MkDocs, `hooks/annotate.py`) makes a new one for every build and
calls its methods in order: `generated_pages`, then `annotate` for each page,
then `finish` for the generated pages.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable
from urllib.parse import urljoin

from .catalog import Catalog, Placed, broken_anchor_links, broken_fragment_links, ids_in, load_catalog
from .claimreview import as_script_json, claim_reviews
from .front_matter import read_front_matter
from .history import History
from .links import CORRECTIONS_PAGE, FACT_CHECK_INDEX_PAGE, GENERATED_PAGES, GLOSSARY_PAGE, SiteMap
from .models import FrontMatter
from .options import Settings
from .page import AnnotatedPage, Note, Placement, annotate_page, place_notes
from .problems import Problem
from .record import NoteRecord, contact_link, note_record, page_record, report_url
from .fact_check import Verdict
from .feed import FeedEntry, atom
from .record import Rating
from .richtext import plain_text
from .sitepages import (CorrectionItem, Place, appears_in_html, corrections_list_html, corrections_markdown,
                        fact_check_index_markdown, fact_check_list_html, fill_generated_placeholders, fill_placeholders,
                        glossary_entries_html,
                        glossary_markdown)
from .templates import environment
from .termmatch import TermMatcher


@dataclass
class ExplainerBuild:
    catalog: Catalog
    problems: list[Problem]
    site: SiteMap
    settings: Settings
    matcher: TermMatcher
    templates: object = field(default_factory=environment)
    history: History = field(default_factory=lambda: History.unavailable("history was not read"))
    shown_as: str = "annotations"  # the annotations folder, as problems name it
    notes_by_page: dict[str, list[Note]] = field(default_factory=dict)
    term_places: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # term -> [(page, anchor)]
    front_matter: dict[str, FrontMatter] = field(default_factory=dict)  # page -> what its front matter says
    records: dict[tuple[str, str], NoteRecord] = field(default_factory=dict)  # (page or glossary, id) -> its record, made once
    placements: dict[str, Placement] = field(default_factory=dict)  # page -> its notes, placed ahead of `annotate`
    # page -> its ids as annotated, for the pages a note's link reaches into (`other.md#id`)
    linked_page_ids: dict[str, set[str]] = field(default_factory=dict)

    @classmethod
    def load(cls, annotations_dir: Path, shown_as: str, pages: set[str], settings: Settings,
             site_root: Path | None = None, history: History | None = None) -> "ExplainerBuild":
        """Read and check `annotations_dir` for a site made of `pages` (source paths); no file
        outside `site_root` (the folder of the site's configuration) is ever read. `history`
        (see `history.read_history`) gives dates; without it, the files' own words are shown."""
        site = SiteMap(frozenset(pages) | frozenset(GENERATED_PAGES), settings.use_directory_urls, settings.docs)
        catalog, problems = load_catalog(annotations_dir, shown_as, site, site_root)
        build = cls(catalog, problems, site, settings, TermMatcher(catalog.names_by_term(), catalog.not_terms()), shown_as=shown_as)
        if history is not None:
            build.history = history
        return build

    def generated_pages(self) -> dict[str, str]:
        """Markdown of the pages the build adds, by source path."""
        verdicts = {p.annotation.verdict for page in self.catalog.by_page.values() for p in page if p.annotation.type == "fact-check"}
        # A Markdown link from the index (at the site's root) to the page the options name, if it exists.
        scale = self.settings.options.verdict_scale or ""
        if scale.partition("#")[0] not in self.site.pages:
            scale = ""
        return {
            GLOSSARY_PAGE: glossary_markdown(self.catalog, self.templates),
            FACT_CHECK_INDEX_PAGE: fact_check_index_markdown(self.templates, verdicts, scale),
            CORRECTIONS_PAGE: corrections_markdown(self.templates),
        }

    def _term_records(self) -> dict[str, NoteRecord]:
        return {term_id: self._term_record(term_id) for term_id in self.catalog.terms}

    def _term_record(self, term_id: str) -> NoteRecord:
        key = (GLOSSARY_PAGE, term_id)
        if key not in self.records:
            entry = self.catalog.terms[term_id]
            glossary_url = self.settings.site_url.rstrip("/") + "/" + self.site.url(GLOSSARY_PAGE)
            self.records[key] = note_record(self.history.term(term_id), entry.corrections,
                                            report_url(self.settings.repo_url, glossary_url, term_id, entry.term.term),
                                            contact_link(self.settings.options.contact or ""),
                                            self.site.link(GLOSSARY_PAGE, CORRECTIONS_PAGE))
        return self.records[key]

    def place(self, html: str, page: str) -> list[Note]:
        """Place the notes of one page's rendered HTML ahead of annotating it (`annotate` then takes them
        as they are): the notes as search indexes them, numbered, without the rest of the page's work."""
        placement = place_notes(html, page, self.catalog, self.site)
        self.placements[page] = placement
        return placement.notes

    def searched_html(self, html: str, page: str) -> str:
        """What search reads as a page: the editors' summary, where the page has one, then its rendered
        text (the notes are results of their own; the rest of the summary box counts and lists them)."""
        extras = self.catalog.extras.get(page)
        if extras is None or not extras.summary_html:
            return html
        return self.templates.get_template("summary-editorial.html").module.editorial(extras.summary_html) + html

    def annotate(self, html: str, page: str, source: str = "") -> AnnotatedPage:
        """Annotate one page's rendered HTML (`source`: its Markdown, front matter included), with the
        notes `place` placed on the same HTML, if it did; remember what it placed."""
        front_matter, problems = read_front_matter(source, self.site.shown(page))
        self.front_matter[page] = front_matter
        records = {placed.annotation.id: self._note_record(placed) for placed in self.catalog.by_page.get(page, [])}
        extras = self.catalog.extras.get(page)
        file_path = self._file_path(extras.document.path) if extras else ""
        corrections_url = self.site.link(page, CORRECTIONS_PAGE) if CORRECTIONS_PAGE in self.site.pages else ""
        result = annotate_page(
            html, page, catalog=self.catalog, site=self.site, matcher=self.matcher, templates=self.templates,
            provenance=front_matter.provenance or "", link_terms=page not in GENERATED_PAGES,
            every_occurrence=self.settings.options.glossary_every_occurrence, records=records,
            page_record=page_record(front_matter, file_path, self.history, list(records.values()), corrections_url),
            summary=extras.summary_html if extras else {},
            retired=[(extras.document, index, entry, extras.retired_html.get(entry.id, "")) for index, entry in extras.retired] if extras else [],
            placement=self.placements.pop(page, None), source=source)
        result.problems[:0] = problems
        if page == GLOSSARY_PAGE:  # the entries, after Markdown and after the page's own checks
            entries = glossary_entries_html(self.catalog, self.templates, self._term_records())
            result.html = fill_placeholders(result.html, lambda kind, key: entries.get(key) if kind == "glossary-entries" else None)
            result.ids += list(self.catalog.terms)  # each entry's id is its term's
        if "<!--explainer:contact:" in result.html:  # a hand-written page asks for the readers' address
            contact = self.templates.get_template("contact.html").render(contact=contact_link(self.settings.options.contact or ""),
                                                                         shown=self.settings.options.contact or "")
            result.html = fill_placeholders(result.html, lambda kind, key: contact if kind == "contact" else None)
        result.unshown_ids = sorted(self.catalog.written_ids.get(page, set()).difference(result.shown_ids()))
        links = self.catalog.fragment_links.get(page)
        if links or page in self._pages_linked_into:
            page_ids = ids_in(result.html)
            if links:
                result.problems += broken_fragment_links(links, page_ids)
            if page in self._pages_linked_into:
                self.linked_page_ids[page] = page_ids | set(result.unshown_ids)
        self.notes_by_page[page] = result.notes
        for term_id, anchor in result.term_anchors.items():
            self.term_places.setdefault(term_id, []).append((page, anchor))
        return result

    @functools.cached_property
    def _pages_linked_into(self) -> set[str]:
        return {target for target, *_ in self.catalog.page_anchor_links}

    def broken_anchor_links(self, ids_of: Callable[[str], set[str] | None] | None = None) -> list[Problem]:
        """Once every page is annotated: the links of notes, terms and summaries to an id another page
        lacks. `ids_of(page)` gives the ids of a page this build did not annotate (None: not known)."""
        def ids(page: str) -> set[str] | None:
            if page in self.linked_page_ids:
                return self.linked_page_ids[page]
            return ids_of(page) if ids_of else None
        return broken_anchor_links(self.catalog.page_anchor_links, ids, self.site)

    def _note_record(self, placed: Placed) -> NoteRecord:
        a = placed.annotation
        key = (placed.page, a.id)
        if key not in self.records:
            page_url = self.settings.site_url.rstrip("/") + "/" + self.site.url(placed.page)
            verdict = a.verdict.value if a.type == "fact-check" else ""
            self.records[key] = note_record(
                self.history.note(self._file_path(placed.document.path), a.id), placed.corrections,
                report_url(self.settings.repo_url, page_url, a.id, a.quote, verdict),
                contact_link(self.settings.options.contact or ""), self.site.link(placed.page, CORRECTIONS_PAGE))
        return self.records[key]

    def _file_path(self, shown: str) -> str:
        """An annotation file's path under the annotations folder, as history keys it."""
        return shown.removeprefix(self.shown_as + "/")

    def claim_review_script(self, page: str, page_title: str) -> str:
        """JSON-LD for the fact-checks placed on `page`, or "" where there are none."""
        checks = [n for n in self.notes_by_page.get(page, []) if n.placed.annotation.type == "fact-check"]
        if not checks:
            return ""
        url = self.settings.site_url.rstrip("/") + "/" + self.site.url(page)
        original = self.front_matter[page].original if page in self.front_matter else None
        return as_script_json(claim_reviews(checks, page_url=url, page_title=page_title, site_name=self.settings.site_name,
                                            site_url=self.settings.site_url, original=original))

    def finish(self, page: str, html: str, titles: dict[str, str]) -> str:
        """Fill in what spans pages on a generated page, once every page is annotated."""
        def fill(kind: str, key: str) -> str:
            if kind == "appears-in":
                places = [Place(self.site.link(page, where, anchor), titles.get(where, where))
                          for where, anchor in sorted(self.term_places.get(key, []), key=lambda p: titles.get(p[0], p[0]))]
                return appears_in_html(self.templates, places)
            if kind == "fact-checks":
                return fact_check_list_html(self.templates, self._fact_checks(page, key, titles))
            if kind == "corrections":
                return corrections_list_html(self.templates, self.corrections(page, titles))
            return ""
        return fill_generated_placeholders(html, fill)

    def corrections(self, from_page: str, titles: dict[str, str]) -> list[CorrectionItem]:
        """Every correction and change of verdict on the site, newest first, linked from `from_page`."""
        items: list[CorrectionItem] = []
        for page, placed_notes in self.catalog.by_page.items():
            where = titles.get(page, page)
            numbers = {note.id: note.number for note in self.notes_by_page.get(page, [])}
            for placed in placed_notes:
                record = self._note_record(placed)
                if not placed.corrections and not record.rerated:
                    continue  # nothing to list: most notes, tens of thousands at a large site
                a = placed.annotation
                what = f"{a.label} {numbers[a.id]}" if a.id in numbers else a.label
                items += _dated_changes(record, placed.corrections, self.site.link(from_page, page, a.id), what, a.heading, where)
            extras = self.catalog.extras.get(page)
            for _, retired in extras.retired if extras else []:
                items.append(CorrectionItem(retired.date, self.site.link(from_page, page, retired.id), "Withdrawn fact-check",
                                            retired.id, where, extras.retired_html.get(retired.id, "")))
        records = self._term_records()
        for term_id, entry in self.catalog.terms.items():
            if entry.corrections or records[term_id].rerated:
                items += _dated_changes(records[term_id], entry.corrections, self.site.link(from_page, GLOSSARY_PAGE, term_id),
                                        "Glossary", entry.term.term, titles.get(GLOSSARY_PAGE, "Glossary"))
        return sorted(items, key=lambda item: (-item.date.toordinal(), item.where, item.heading))

    def feed_expected(self) -> bool:
        """Whether `feed` will have something to announce, known before any page is annotated (every
        page's head links to the feed, and pages are rendered while others are still annotated): a
        fact-check with a publication date, or a correction or change of verdict anywhere."""
        if not self.settings.site_url.startswith(("https://", "http://")):
            return False
        for placed_notes in self.catalog.by_page.values():
            for placed in placed_notes:
                history = self.history.note(self._file_path(placed.document.path), placed.annotation.id)
                if placed.corrections or (history and (len(history.verdicts) > 1 or
                                                       (history.added and placed.annotation.type == "fact-check"))):
                    return True
        if any(extras.retired for extras in self.catalog.extras.values()):
            return True
        return any(entry.corrections or len(getattr(self.history.term(term_id), "verdicts", ())) > 1
                   for term_id, entry in self.catalog.terms.items())

    def feed(self, titles: dict[str, str]) -> str:
        """The Atom feed of new fact-checks and corrections, or "" when there is none to write."""
        base = self.settings.site_url.rstrip("/") + "/"
        entries = []
        for page, notes in self.notes_by_page.items():
            for note in notes:
                a = note.placed.annotation
                if a.type == "fact-check" and note.record.added:
                    url = base + self.site.url(page) + "#" + a.id
                    entries.append(FeedEntry(url, f"{a.verdict.label}: {a.claim}", note.record.added, url,
                                             f"Fact-check {note.number} on {titles.get(page, page)}: {plain_text(note.placed.body_html)}"))
        corrections_url = base + self.site.url(CORRECTIONS_PAGE)
        seen: dict[str, int] = {}
        for item in self.corrections(CORRECTIONS_PAGE, titles):
            url = urljoin(corrections_url, item.url)
            key = f"{url}-corrected-{item.date.isoformat()}"
            seen[key] = seen.get(key, 0) + 1
            change = f"Verdict changed from {_label(item.old)} to {_label(item.new)}. " if item.old and item.new else ""
            entries.append(FeedEntry(key if seen[key] == 1 else f"{key}-{seen[key]}", f"Correction: {item.heading}",
                                     item.date, url, f"{item.what} on {item.where}. {change}{plain_text(item.note_html)}".strip()))
        return atom(self.settings.site_name, self.settings.site_url, entries)

    def _fact_checks(self, from_page: str, verdict: str, titles: dict[str, str]) -> list[dict]:
        items = []
        for where in sorted(self.notes_by_page, key=lambda p: titles.get(p, p)):
            for note in self.notes_by_page[where]:
                a = note.placed.annotation
                if a.type == "fact-check" and a.verdict.value == verdict:
                    items.append({"verdict": a.verdict, "claim": a.claim, "number": note.number,
                                  "url": self.site.link(from_page, where, a.id), "page_title": titles.get(where, where)})
        return items


def _dated_changes(record: NoteRecord, corrections: list, url: str, what: str, heading: str, where: str) -> list[CorrectionItem]:
    """A note's corrections, each with the change of verdict published the same day, and any other change of verdict."""
    changes = {later.since: (earlier, later) for earlier, later in zip(record.ratings, record.ratings[1:])}
    items = []
    for correction in corrections:
        old, new = changes.pop(correction.date, (None, None))
        items.append(CorrectionItem(correction.date, url, what, heading, where, correction.listed_html,
                                    _verdict(old), _verdict(new)))
    for day, (old, new) in changes.items():
        items.append(CorrectionItem(day, url, what, heading, where, "", _verdict(old), _verdict(new)))
    return items


def _label(verdict: Verdict | str) -> str:
    return verdict.label if isinstance(verdict, Verdict) else verdict


def _verdict(rating: Rating | None) -> Verdict | str | None:
    if rating is None:
        return None
    try:
        return Verdict(rating.verdict)
    except ValueError:
        return rating.verdict
