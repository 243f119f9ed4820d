"""What the build does with its annotations and each page, wherever it runs.

The generator reads every page before it renders any page's template, and it
renders them in the order it read them. So the annotations can be loaded, and
each page's annotation and search records made, beside it, while it goes on
reading and rendering: in a process of its own (`annotator_process`), on the
other core, with the search indexer fed from there. `PageWork` is that work,
the same in either process:

- `load` first: every annotation file read and checked, the git history read,
  the generated pages' Markdown made, the indexer started with the glossary's terms;
- `index` for each page, as the generator reads it: its notes placed, and
  sent with its text to search;
- `page` for each page, in the same order: its terms linked, its notes marked,
  summary and endnotes added;
- `write_index` once every page was indexed: the search index written into
  the site folder, which may run beside the last pages' `page`;
- `finish` once every page was annotated: what spans pages on the generated
  pages (the glossary's "appears in", the fact-check index, the corrections)
  and the feed.

What goes in and out is plain data (strings, sets, problems), so it crosses a
pipe. A fault of the hooks costs one page its annotations, or the site its
index, and is handed back as one line (and its traceback, for `-v`), never raised.
"""

from __future__ import annotations

import contextlib
import gc
import shutil
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .index_reuse import drop_set_aside, take_back, write_bundle
from .links import GENERATED_PAGES, GLOSSARY_PAGE
from .pagefind_process import PagefindIndex, SearchIndexError
from .problems import Problem
from .search_records import EXCLUDED_FROM_PAGES, note_records, page_document, page_kind, root_url, term_records

if TYPE_CHECKING:  # the build is made by `load`, in the process that annotates: the generator never imports it
    from .build import ExplainerBuild

SEARCH_OPTIONS = {"force_language": "en", "exclude_selectors": list(EXCLUDED_FROM_PAGES)}


@dataclass(frozen=True)
class Fault:
    """An unexpected error of the hooks: what it cost, and the error in one line (with its traceback)."""

    cost: str  # "the page is shown without its annotations", ...
    error: str  # "RuntimeError (simulated fault)"
    details: str = ""  # the traceback, for `mkdocs build -v`


@dataclass
class Loaded:
    """What the generator needs to know once the annotations are loaded."""

    problems: list[Problem] = field(default_factory=list)  # in the annotation files, to report
    history_note: str = ""  # why dates are unavailable, to say once; "" where history was read
    generated: dict[str, str] = field(default_factory=dict)  # the generated pages' Markdown, by source path
    feed_expected: bool = False  # see ExplainerBuild.feed_expected
    searched: bool = False  # whether the search indexer started
    search_problem: str = ""  # if not, why not
    faults: list[Fault] = field(default_factory=list)


@dataclass(frozen=True)
class PageJob:
    """One page as the generator read it."""

    src_uri: str  # its source path ("articles/x.md")
    html: str  # its rendered Markdown
    source: str  # its Markdown, front matter included
    title: str
    url: str  # as the generator gives it ("articles/x/", "" for the home page)


@dataclass
class PageOutcome:
    """A page annotated: its HTML, its problems, the ids it now has, its ClaimReview JSON-LD."""

    html: str
    problems: list[Problem] = field(default_factory=list)
    anchor_ids: set[str] = field(default_factory=set)
    claim_review: str = ""
    faults: list[Fault] = field(default_factory=list)


@dataclass
class Finished:
    """The generated pages, with what spans pages filled in, by source path; and the feed ("" for none)."""

    pages: dict[str, PageOutcome]
    feed: str
    faults: list[Fault] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # what only every page annotated shows: links into other pages


@dataclass(frozen=True)
class IndexReport:
    """How writing the search index went: "" when it was written, else a warning or an error."""

    level: str = ""  # "warning" (Pagefind said why) or "error" (a fault of the hooks)
    message: str = ""


class PageWork:
    """One build's annotations, and its pages annotated and indexed in the order they come."""

    def __init__(self, load: Callable[[], ExplainerBuild], index_folder: Path):
        self._load = load  # reads the annotations and the history: see ExplainerBuild.load
        self.index_folder = index_folder
        self.build: ExplainerBuild | None = None
        self.search: PagefindIndex | None = None
        self._generated: dict[str, PageOutcome] = {}
        self._index_faults: dict[str, list[Fault]] = {}  # by page, said with the page's outcome

    def load(self, then: Callable[[], None] = lambda: None) -> Loaded:
        """Read and check the annotations; make the generated pages' Markdown; call `then`; start the
        indexer. Where loading fails, every page is left as it is, and the theme's search stays."""
        try:
            with _no_collections():
                self.build = self._load()
        except Exception as error:  # noqa: BLE001
            return Loaded(faults=[_fault("the pages are shown without their annotations", error)])
        loaded = Loaded(self.build.problems, "" if self.build.history.available else self.build.history.reason or "")
        try:
            loaded.generated = self.build.generated_pages()
            loaded.feed_expected = self.build.feed_expected()
        except Exception as error:  # noqa: BLE001
            loaded.faults.append(_fault("the glossary, fact-check index and corrections pages are left empty", error))
        then()
        try:
            self.search = PagefindIndex.start(SEARCH_OPTIONS)
            loaded.searched = True
        except SearchIndexError as error:
            loaded.search_problem = f"search: {error}; the site keeps the theme's own search"
            return loaded
        try:  # indexed while the pages come, rather than after the last one, when the build waits for them
            self.search.add_records(term_records(self.build.site.url(GLOSSARY_PAGE), self.build.catalog.terms.values()))
        except Exception as error:  # noqa: BLE001
            loaded.faults.append(_fault("the glossary's terms are left out of search", error))
        return loaded

    def index(self, job: PageJob) -> None:
        """Place the page's notes and send them, with the page's text, to the search index, ahead of
        annotating it: the indexer then has every page once the generator has read them, and makes
        the index while the theme renders, rather than after it."""
        if self.build is None or self.search is None or job.src_uri in GENERATED_PAGES:
            return
        try:
            self._send_to_search(job, self.build.place(job.html, job.src_uri))
        except Exception as error:  # noqa: BLE001
            self._index_faults[job.src_uri] = [_fault("the page has no search results of its own", error)]

    def _send_to_search(self, job: PageJob, notes: list) -> None:
        """The page's text and its notes, to the indexer, which works on them while the next pages come."""
        title = job.title or job.src_uri
        self.search.add_page(root_url(job.url), page_document(title, self.build.searched_html(job.html, job.src_uri),
                                                              page_kind(job.src_uri)),
                             note_records(job.url, title, notes))

    def page(self, job: PageJob) -> PageOutcome:
        """Annotate one page (with the notes `index` placed); a generated page waits for `finish`."""
        if self.build is None:
            return PageOutcome(job.html)
        faults = self._index_faults.pop(job.src_uri, [])
        try:
            result = self.build.annotate(job.html, job.src_uri, job.source)
        except Exception as error:  # noqa: BLE001 - the page keeps its HTML; the adapter reports the fault
            return PageOutcome(job.html, faults=[*faults, _fault("the page is shown without its annotations", error)])
        outcome = PageOutcome(result.html, result.problems, _anchor_ids(result), faults=faults)
        try:
            outcome.claim_review = self.build.claim_review_script(job.src_uri, job.title or "")
        except Exception as error:  # noqa: BLE001
            outcome.faults.append(_fault("the page's head lacks its fact-checks' ClaimReview data", error))
        if job.src_uri in GENERATED_PAGES:
            self._generated[job.src_uri] = outcome
        return outcome

    def finish(self, titles: dict[str, str]) -> Finished:
        """Every page is annotated: fill in what spans pages, and make the feed (`titles`: each page's)."""
        if self.build is None:
            return Finished({}, "")
        for src_uri, outcome in self._generated.items():
            if outcome.faults:
                continue
            try:
                outcome.html = self.build.finish(src_uri, outcome.html, titles)
            except Exception as error:  # noqa: BLE001
                outcome.faults.append(_fault("the page is shown without what spans pages", error))
        try:
            finished = Finished(self._generated, self.build.feed(titles))
        except Exception as error:  # noqa: BLE001
            finished = Finished(self._generated, "", [_fault("the feed was not written", error)])
        try:
            finished.problems = self.build.broken_anchor_links()
        except Exception as error:  # noqa: BLE001
            finished.faults.append(_fault("links into other pages were not checked", error))
        return finished

    def write_index(self) -> IndexReport:
        """Write the index into its folder, over the last build's;
        the indexer is stopped whatever happens."""
        index, folder = self.search, self.index_folder
        if index is None:
            drop_set_aside(folder)  # the last build's index, kept to be written over
            return IndexReport()
        self.search, written = None, False
        where = f"{folder.parent.name}/{folder.name}/"
        try:
            write_bundle(folder, index.files(), prune=take_back(folder))  # over the last build's index, if there is one
            written = True
            return IndexReport()
        except SearchIndexError as error:
            return IndexReport("warning", f"search: {where} was not written: {error}")
        except Exception as error:  # noqa: BLE001
            fault = _fault("", error)
            return IndexReport("error", f"search: {where} was not written: an unexpected {fault.error}; "
                                        "this is a fault in the hooks: please open an issue with this line")
        finally:
            index.close()
            drop_set_aside(folder)
            if not written:
                shutil.rmtree(folder, ignore_errors=True)  # a part of an index, or the last one, may not pass for this one

    def close(self) -> None:
        """Stop the indexer of a build that ends early."""
        if self.search is not None:
            self.search.close()
            self.search = None


@contextlib.contextmanager
def _no_collections() -> Iterator[None]:
    """Loading thousands of notes makes hundreds of thousands of objects and next to no garbage: Python's
    cycle collector, run every few hundred of them, would scan them all again and again (a fifth of
    the loading time at a thousand articles)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _anchor_ids(result) -> set[str]:
    """The ids MkDocs is to take as the page's anchors: those it shows, and those of notes and terms
    left out for a problem of their own (the links to them are not worth a warning each besides)."""
    return result.shown_ids() | set(result.unshown_ids)


def _fault(cost: str, error: BaseException) -> Fault:
    lines = str(error).strip().splitlines()
    first = lines[0][:200] if lines else "no details"
    return Fault(cost, f"{type(error).__name__} ({first})", "".join(traceback.format_exception(error)))
