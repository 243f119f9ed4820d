"""Contributors' Markdown in, safe HTML out.

One Python-Markdown instance is reused for every body of a build (building
one is the costly part). Links are resolved while the Markdown is rendered
(`glossary:ID`, relative `.md` links) and their problems returned; the
result is then cleaned by nh3 (the Rust sanitizer ammonia), which keeps
only plain text formatting and http(s) or relative links.
"""

from __future__ import annotations

from html import unescape
from typing import Callable

import markdown
import nh3
from markdown.treeprocessors import Treeprocessor

from .htmltokens import tokenize

# Block and inline formatting a note needs; no headings (they would split the
# page's search sections), no images, no forms, no scripts, no styles.
ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em", "i", "ins",
    "kbd", "li", "ol", "p", "pre", "q", "s", "small", "strong", "sub", "sup", "table",
    "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title", "data-term"}, "abbr": {"title"}, "td": {"align"}, "th": {"align"}}

Resolver = Callable[[str], "tuple[str | None, str | None]"]


class _LinkResolver(Treeprocessor):
    def __init__(self, md):
        super().__init__(md)
        self.resolve: Resolver = lambda href: (href, None)
        self.problems: list[str] = []

    def run(self, root):
        for link in root.iter("a"):
            original = link.get("href", "")
            href, problem = self.resolve(original)
            if original.startswith("glossary:") and href:
                link.set("data-term", original.removeprefix("glossary:"))
            if problem:
                self.problems.append(problem)
            if href is None:
                link.attrib.pop("href", None)
            else:
                link.set("href", href)


class RichText:
    """Renders note bodies and definitions; make one per build and reuse it."""

    def __init__(self) -> None:
        self._markdown = markdown.Markdown(
            extensions=["abbr", "def_list", "fenced_code", "sane_lists", "tables"],
            extension_configs={"tables": {"use_align_attribute": True}},  # align=, not style=
        )
        self._links = _LinkResolver(self._markdown)
        self._markdown.treeprocessors.register(self._links, "explainer-links", 0)

    def render(self, text: str, resolve: Resolver) -> tuple[str, list[str]]:
        """Safe HTML for `text`, and a message for each link that does not resolve
        and for any markup the sanitizer removes (so nothing is lost silently)."""
        self._links.resolve = resolve
        self._links.problems = []
        html = self._markdown.reset().convert(text)
        return sanitize(html), [*self._links.problems, *_removed_markup(html)]


def _removed_markup(html: str) -> list[str]:
    removed = []
    for token in tokenize(html):
        if token.kind != "start":
            continue
        if token.tag not in ALLOWED_TAGS:
            removed.append(f"<{token.tag}>")
        removed += [f"{name}=" for name in token.attrs if name.startswith("on") or name == "style"]
    if not removed:
        return []
    shown = ", ".join(dict.fromkeys(removed))
    return [f"uses {shown}, which notes do not keep; write plain Markdown (text, emphasis, links, lists, tables) instead"]


def sanitize(html: str) -> str:
    """Keep formatting and safe links; drop scripts, handlers, styles, frames and other schemes."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https"},
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def first_sentence(html: str) -> str:
    """The short form of a rendered definition: its first sentence, as plain text."""
    plain = " ".join(unescape(nh3.clean(html, tags=set())).split())
    for index, char in enumerate(plain):
        if char in ".!?" and (index + 1 == len(plain) or plain[index + 1] == " ") and not _is_abbreviation(plain, index):
            return plain[: index + 1]
    return plain


def _is_abbreviation(text: str, dot: int) -> bool:
    # "U.S." or "Gen." should not end a sentence: a short capitalised word or single letters.
    word = text[: dot + 1].split(" ")[-1]
    return len(word) <= 4 and word[:1].isupper() or word.count(".") > 1
