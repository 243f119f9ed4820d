"""One build of the site, whatever generator drives it.

`ExplainerBuild` holds everything one build learns: the checked catalog, the
term matcher, where each term and fact-check was placed. The generator's
adapter (for MkDocs, `hooks/annotate.py`) makes a new one for every build and
calls its methods in order: `generated_pages`, then `annotate` for each page,
then `finish` for the generated pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .catalog import Catalog, load_catalog
from .claimreview import as_script_json, claim_reviews
from .links import FACT_CHECK_INDEX_PAGE, GLOSSARY_PAGE, SiteMap
from .options import ExplainerOptions
from .page import AnnotatedPage, Note, annotate_page
from .problems import Problem
from .sitepages import Place, appears_in_html, fact_check_index_markdown, fact_check_list_html, fill_placeholders, glossary_markdown
from .templates import environment
from .termmatch import TermMatcher

GENERATED_PAGES = (GLOSSARY_PAGE, FACT_CHECK_INDEX_PAGE)


@dataclass
class Settings:
    """What the core needs to know of the site; the adapter fills it from the generator's configuration."""

    site_name: str = "Annotated Explainers"
    site_url: str = ""
    use_directory_urls: bool = True
    docs: str = "docs"  # the pages' folder, as messages name it
    options: ExplainerOptions = field(default_factory=ExplainerOptions)


@dataclass
class ExplainerBuild:
    catalog: Catalog
    problems: list[Problem]
    site: SiteMap
    settings: Settings
    matcher: TermMatcher
    templates: object = field(default_factory=environment)
    notes_by_page: dict[str, list[Note]] = field(default_factory=dict)
    term_places: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # term -> [(page, anchor)]

    @classmethod
    def load(cls, annotations_dir: Path, shown_as: str, pages: set[str], settings: Settings,
             site_root: Path | None = None) -> "ExplainerBuild":
        """Read and check `annotations_dir` for a site made of `pages` (source paths); no file
        outside `site_root` (the folder of the site's configuration) is ever read."""
        site = SiteMap(frozenset(pages) | frozenset(GENERATED_PAGES), settings.use_directory_urls, settings.docs)
        catalog, problems = load_catalog(annotations_dir, shown_as, site, site_root)
        return cls(catalog, problems, site, settings, TermMatcher(catalog.names_by_term()))

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
        }

    def annotate(self, html: str, page: str, provenance: str = "") -> AnnotatedPage:
        """Annotate one page's rendered HTML; remember what it placed."""
        result = annotate_page(
            html, page, catalog=self.catalog, site=self.site, matcher=self.matcher, templates=self.templates,
            provenance=provenance, link_terms=page not in GENERATED_PAGES,
            every_occurrence=self.settings.options.glossary_every_occurrence)
        self.notes_by_page[page] = result.notes
        for term_id, anchor in result.term_anchors.items():
            self.term_places.setdefault(term_id, []).append((page, anchor))
        return result

    def claim_review_script(self, page: str, page_title: str) -> str:
        """JSON-LD for the fact-checks placed on `page`, or "" where there are none."""
        checks = [n for n in self.notes_by_page.get(page, []) if n.placed.annotation.type == "fact-check"]
        if not checks:
            return ""
        url = self.settings.site_url.rstrip("/") + "/" + self.site.url(page)
        return as_script_json(claim_reviews(checks, page_url=url, page_title=page_title,
                                            site_name=self.settings.site_name, site_url=self.settings.site_url))

    def finish(self, page: str, html: str, titles: dict[str, str]) -> str:
        """Fill in what spans pages on a generated page, once every page is annotated."""
        def fill(kind: str, key: str) -> str:
            if kind == "appears-in":
                places = [Place(self.site.link(page, where, anchor), titles.get(where, where))
                          for where, anchor in sorted(self.term_places.get(key, []), key=lambda p: titles.get(p[0], p[0]))]
                return appears_in_html(self.templates, places)
            if kind == "fact-checks":
                return fact_check_list_html(self.templates, self._fact_checks(page, key, titles))
            return ""
        return fill_placeholders(html, fill)

    def _fact_checks(self, from_page: str, verdict: str, titles: dict[str, str]) -> list[dict]:
        items = []
        for where in sorted(self.notes_by_page, key=lambda p: titles.get(p, p)):
            for note in self.notes_by_page[where]:
                a = note.placed.annotation
                if a.type == "fact-check" and a.verdict.value == verdict:
                    items.append({"verdict": a.verdict, "claim": a.claim, "number": note.number,
                                  "url": self.site.link(from_page, where, a.id), "page_title": titles.get(where, where)})
        return items
