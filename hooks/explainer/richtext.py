"""Contributors' Markdown in, safe HTML out.

Bodies and definitions are CommonMark with GitHub's tables, strikethrough and
definition lists, rendered by pyromark (the Rust pulldown-cmark): about a
hundred times faster than Python-Markdown, which made rendering notes the
largest single cost of a build. Its HTML is then read once as tokens, where
every link is resolved and checked the same way whether Markdown or raw HTML
wrote it (`glossary:ID`, relative `.md` links, http(s)), and whatever notes do
not keep is reported. A text with no `<` has no raw HTML: its HTML is
pulldown-cmark's own, every tag in one form, which a pattern reads faster
than the tokenizer (0.06 s less for 4,000 notes; a property test holds the
two ways to the same result). nh3 (the Rust sanitizer ammonia) has the last
word: it keeps only plain text formatting and http(s) or relative links.

No `title` attribute survives: the theme's tooltips render a title as HTML,
so annotation text never goes there (a link title is reported and dropped).
"""

from __future__ import annotations

import re
from html import unescape
from typing import Callable

import nh3
import pyromark

from .htmltokens import Token, serialize, start_tag, tokenize

# Block and inline formatting a note needs; no headings (they would split the
# page's search sections), no images, no forms, no scripts, no styles.
ALLOWED_TAGS = {
    "a", "b", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em", "i", "ins",
    "kbd", "li", "ol", "p", "pre", "q", "s", "small", "strong", "sub", "sup", "table",
    "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "data-term"}, "td": {"align"}, "th": {"align"}}
_KEPT_ATTRIBUTES = {tag: names | {"title"} for tag, names in ALLOWED_ATTRIBUTES.items()}  # title: reported on its own

_OPTIONS = pyromark.Options.ENABLE_TABLES | pyromark.Options.ENABLE_STRIKETHROUGH | pyromark.Options.ENABLE_DEFINITION_LIST
_TEXT_ALIGN = re.compile(r"^\s*text-align:\s*(left|right|center)\s*;?\s*$")

Resolver = Callable[[str], "tuple[str | None, str | None]"]


class RichText:
    """Renders note bodies and definitions; one per build, reused for every text."""

    def render(self, text: str, resolve: Resolver) -> tuple[str, list[str]]:
        """Safe HTML for `text`, and a message for each link that does not resolve
        and for any markup the sanitizer removes (so nothing is lost silently)."""
        html = pyromark.html(text, options=_OPTIONS)
        problems: list[str] = []
        removed: list[str] = []
        checked = _checked_generated(html, resolve, problems, removed) if "<" not in text else None
        if checked is None:
            checked = _checked_tokens(html, resolve, problems, removed)
        if removed:
            shown = ", ".join(dict.fromkeys(removed))
            problems.append(f"uses {shown}, which notes do not keep; write plain Markdown (text, emphasis, links, lists, tables) instead")
        return sanitize(checked).strip(), problems


def _checked_tokens(html: str, resolve: Resolver, problems: list[str], removed: list[str]) -> str:
    """`html` with its links resolved and its cells aligned; what notes do not keep, in `removed`."""
    tokens = tokenize(html)
    for index, token in enumerate(tokens):
        if token.kind == "start":
            tokens[index] = _checked_start_tag(token, resolve, problems, removed)
    return serialize(tokens)


def _checked_generated(html: str, resolve: Resolver, problems: list[str], removed: list[str]) -> str | None:
    """The same for HTML that pulldown-cmark wrote from a text without raw HTML, read with a pattern;
    None (nothing noted) if any `<` in it is not a tag in the form pulldown-cmark writes."""
    found_problems: list[str] = []
    found_removed: list[str] = []

    def checked(tag: re.Match) -> str:
        name, written = tag["name"], tag["attributes"]
        if name is None or not written and name in _KEPT_AS_WRITTEN:  # an end tag, or <p>, <em>...
            return tag[0]
        token = Token("start", tag[0], name, {key: unescape(value) for key, value in _GENERATED_ATTRIBUTE.findall(written)})
        return _checked_start_tag(token, resolve, found_problems, found_removed).source

    checked_html, tags = _GENERATED_TAG.subn(checked, html)
    if tags != html.count("<"):
        return None
    problems += found_problems
    removed += found_removed
    return checked_html


def _checked_start_tag(token: Token, resolve: Resolver, problems: list[str], removed: list[str]) -> Token:
    if token.tag == "a":
        token = _resolved_link(token, resolve, problems)
    elif token.tag in ("td", "th"):
        token = _aligned_cell(token)
    removed += _removed(token)
    return token


# A tag as pulldown-cmark writes it: lower case, each attribute double-quoted (its `&`, `<`, `>` and `"`
# escaped), `<br />` and `<hr />` with a slash; its end tags plain.
_GENERATED_TAG = re.compile(r'<(?:(?P<name>[a-z][a-z0-9]*)(?P<attributes>(?: [a-z][a-z-]*="[^"<>]*")*) ?/?|/[a-z][a-z0-9]*)>')
_GENERATED_ATTRIBUTE = re.compile(r' ([a-z][a-z-]*)="([^"<>]*)"')
_KEPT_AS_WRITTEN = {tag for tag in ALLOWED_TAGS if tag not in ALLOWED_ATTRIBUTES}  # neither changed nor reported


def _resolved_link(token: Token, resolve: Resolver, problems: list[str]) -> Token:
    attrs = dict(token.attrs)
    attrs.pop("data-term", None)  # only a resolved glossary: link says which term it is
    title = attrs.pop("title", None)
    if title:
        problems.append(f"a link has the title {_shortened(title)!r}, which notes do not show; put those words in the text")
    href = attrs.pop("href", None)
    if href is not None:
        resolved, problem = resolve(href)
        if problem:
            problems.append(problem)
        if resolved is not None:
            attrs["href"] = resolved
            if href.startswith("glossary:"):
                attrs["data-term"] = href.removeprefix("glossary:")
    return start_tag("a", attrs)


def _aligned_cell(token: Token) -> Token:
    # Tables align columns with style="text-align: x"; styles are not kept, so say it with align=.
    attrs = dict(token.attrs)
    match = _TEXT_ALIGN.match(attrs.pop("style", None) or "")
    if match:
        attrs["align"] = match.group(1)
    return start_tag(token.tag, attrs)


# What a removed tag was written as, where Markdown wrote it: a contributor wrote `# x`, not `<h1>`.
_AS_MARKDOWN = {**{f"h{level}": f"a heading ({'#' * level} ...)" for level in range(1, 7)},
                "img": "an image (![...](...))", "hr": "a rule (--- alone on a line)", "input": "a task box ([ ] or [x])"}


def _removed(token: Token) -> list[str]:
    if token.tag not in ALLOWED_TAGS:
        return [_AS_MARKDOWN.get(token.tag, f"<{token.tag}>")]
    kept = _KEPT_ATTRIBUTES.get(token.tag, set())
    return [f"{name}=" for name in token.attrs if name not in kept]


def _shortened(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def sanitize(html: str) -> str:
    """Keep formatting and safe links; drop scripts, handlers, styles, titles, frames and other schemes."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        # "*": the attributes every element may keep. Ammonia's default keeps
        # title and lang on all of them; a title must never reach a page.
        attributes={**ALLOWED_ATTRIBUTES, "*": set()},
        url_schemes={"http", "https"},
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def plain_text(html: str) -> str:
    """HTML that `RichText.render` made, as one line of plain text (for search, feeds and previews, which
    escape it again): its tags dropped, its character references decoded. The sanitizer wrote that HTML,
    every attribute value in double quotes and no comment, so a pattern finds each tag: five times
    faster than cleaning it again, for every note of every build."""
    return " ".join(unescape(_TAG.sub("", html)).split())


_TAG = re.compile(r"""<(?:[^>"']|"[^"]*"|'[^']*')*>""")


def first_sentence(html: str) -> str:
    """The short form of a rendered definition: its first sentence, as plain text."""
    plain = plain_text(html)
    for index, char in enumerate(plain):
        if char in ".!?" and (index + 1 == len(plain) or plain[index + 1] == " ") and not _is_abbreviation(plain, index):
            return plain[: index + 1]
    return plain


def _is_abbreviation(text: str, dot: int) -> bool:
    # "U.S." or "Gen." should not end a sentence: a short capitalised word or single letters.
    word = text[: dot + 1].split(" ")[-1]
    return len(word) <= 4 and word[:1].isupper() or word.count(".") > 1
