"""Where pages live on the built site, and how one page links to another.

MkDocs' own rules, restated so the core need not import it: `x.md` is served
at `x/` (or `x.html` without directory URLs) and `index.md` at its folder.
"""

from __future__ import annotations

import functools
import posixpath
from dataclasses import dataclass
from typing import Callable
from urllib.parse import urlsplit

from .problems import closest, did_you_mean

GLOSSARY_PAGE = "glossary.md"
FACT_CHECK_INDEX_PAGE = "fact-checks.md"
CORRECTIONS_PAGE = "corrections.md"
# The pages the build makes from the annotations (their Markdown comes with them).
GENERATED_PAGES = (GLOSSARY_PAGE, FACT_CHECK_INDEX_PAGE, CORRECTIONS_PAGE)


def as_browsers_read(href: str) -> str:
    """The address a browser follows: outer spaces and controls trimmed, tabs and
    line breaks removed, backslashes read as slashes (the WHATWG URL rules), so
    that a tab inside "javascript:" or a leading "\\\\host" cannot slip past the checks."""
    trimmed = href.strip("".join(map(chr, range(0x21))))
    return trimmed.translate({0x09: None, 0x0A: None, 0x0D: None, 0x5C: "/"})


@functools.lru_cache(maxsize=65536)  # every page links the glossary many times over
def _relative_url(from_url: str, to_url: str) -> str:
    here = posixpath.dirname("/" + from_url)  # "/a/b/" -> "/a/b"; "/a/b.html" -> "/a"
    target = "/" + to_url
    relative = posixpath.relpath(target, here)
    if target.endswith("/") and relative != ".":
        relative += "/"
    elif relative == ".":
        relative = "./"
    return relative


@functools.lru_cache(maxsize=65536)  # asked for every link to a page: tens of thousands of times a build
def _page_url(page: str, use_directory_urls: bool) -> str:
    stem, _ = posixpath.splitext(page)
    folder, name = posixpath.split(stem)
    if name in ("index", "README"):
        return f"{folder}/" if folder else ""
    if use_directory_urls:
        return f"{stem}/"
    return f"{stem}.html"


@dataclass(frozen=True)
class SiteMap:
    pages: frozenset[str]  # source paths of every page, e.g. "articles/x.md"
    use_directory_urls: bool = True
    docs: str = "docs"  # the pages' folder, as messages name it

    def shown(self, page: str) -> str:
        """A page's source as a contributor finds it: "docs/articles/x.md"."""
        return f"{self.docs}/{page}"

    def url(self, page: str) -> str:
        """The page's address relative to the site root, e.g. "articles/x/"."""
        return _page_url(page, self.use_directory_urls)

    def link(self, from_page: str, to_page: str, fragment: str = "") -> str:
        """A relative link from one page to another (and an anchor on it)."""
        return _relative_url(self.url(from_page), self.url(to_page)) + (f"#{fragment}" if fragment else "")

    def resolve(self, href: str, from_page: str, terms: frozenset[str],
                term_hint: Callable[[str], str] | None = None) -> tuple[str | None, str | None]:
        """(the link to write, or None) and (what is wrong with it, or None).

        `glossary:ID` links to a term; `other.md#x` is relative to `from_page`,
        as in MkDocs; http(s) and in-page `#x` links pass; anything else is
        refused. `term_hint(id)` words the suggestion for an unknown term.
        """
        href = as_browsers_read(href)
        parts = urlsplit(href)
        if parts.scheme == "glossary":
            term = parts.path
            if term not in terms:
                hint = term_hint(term) if term_hint else did_you_mean(term, terms)
                return None, f"links to glossary:{term}, which is not a glossary term{hint}"
            return self.link(from_page, GLOSSARY_PAGE, term), None
        if parts.scheme in ("http", "https"):
            return href, None
        if parts.scheme or parts.netloc:
            return None, f"links to {href!r}; only http(s) links, relative links and glossary:ID are allowed"
        if not parts.path:
            return href, None
        here = posixpath.dirname(from_page)
        target = posixpath.normpath(posixpath.join(here, parts.path))
        if target not in self.pages:
            nearest = closest(target, self.pages)
            hint = f"; did you mean '{posixpath.relpath(nearest, here or '.')}'?" if nearest else ""
            return None, f"links to {parts.path!r}, which is not a page of the site{hint}"
        return self.link(from_page, target, parts.fragment), None

    def anchor_of(self, href: str, from_page: str) -> tuple[str, str] | None:
        """(the page, the id) a relative link to another page's anchor (`other.md#x`) reaches, if it is one."""
        parts = urlsplit(as_browsers_read(href))
        if parts.scheme or parts.netloc or not parts.path or not parts.fragment:
            return None
        target = posixpath.normpath(posixpath.join(posixpath.dirname(from_page), parts.path))
        return (target, parts.fragment) if target in self.pages else None
