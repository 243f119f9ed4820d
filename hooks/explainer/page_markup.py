"""Markup in a page's own HTML that would run script, or load another document into the page: removed, and said.

Pages are Markdown, and Markdown lets raw HTML through, so a pull request that
corrects an article could also add `<img src=x onerror=...>` or a `<script>`,
and a reviewer could miss it. Annotation text never gets this far (nh3 cleans
it to an allow-list, `richtext.py`). A page keeps its author's HTML as written
(tables, `div`s, images, footnotes, inline SVG), less what is active: the
elements below, event handler attributes, and any attribute whose value is a
`javascript:`, `vbscript:` or `data:` address (an image's `data:image/...`
aside), read as a browser reads it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .htmltokens import Token, start_tag
from .links import as_browsers_read
from .problems import Problem

# Run script, load another document or page into this one, or change where its links and forms go.
ACTIVE_ELEMENTS = {"applet", "base", "embed", "form", "frame", "frameset", "iframe", "link", "meta", "object", "portal", "script"}
_ACTIVE_SCHEMES = ("javascript:", "vbscript:", "data:")
_IMAGE_SOURCES = {("img", "src"), ("img", "srcset"), ("source", "src"), ("source", "srcset")}


@dataclass(frozen=True)
class Removed:
    what: str  # "<script>", "the attribute onerror="
    written: str  # a pattern of how it is likely written in the Markdown, to locate it


def without_active_markup(tokens: list[Token]) -> tuple[list[Token], list[Removed]]:
    """The page's tokens less its active markup, and what was removed, in page order."""
    if not _holds_active_markup(tokens):
        return tokens, []  # nearly every page: one quick look, no copy
    kept, removed = [], []
    for token in tokens:
        if token.tag in ACTIVE_ELEMENTS and token.kind in ("start", "end"):
            if token.kind == "start":
                removed.append(Removed(f"<{token.tag}>", rf"<{token.tag}\b"))
            continue
        if token.kind == "text" and token.raw_text and token.ancestors and token.ancestors[-1] in ACTIVE_ELEMENTS:
            continue  # a script's code, an iframe's fallback: text that is not shown
        if token.kind == "start":
            active = [name for name, value in token.attrs.items() if _is_active(token.tag, name, value)]
            if active:
                removed += [_removed_attribute(name, token.attrs[name]) for name in active]
                token = start_tag(token.tag, {name: value for name, value in token.attrs.items() if name not in active})
        kept.append(token)
    return kept, removed


def _holds_active_markup(tokens: list[Token]) -> bool:
    # `_is_active` inlined for the common attribute, which has no colon: this runs on every token of every page.
    for token in tokens:
        if token.tag in ACTIVE_ELEMENTS:
            return True
        if token.attrs:
            for name, value in token.attrs.items():
                if name[:2] == "on" or name == "srcdoc" or (value and ":" in value and _is_active(token.tag, name, value)):
                    return True
    return False


def _is_active(tag: str, name: str, value: str | None) -> bool:
    if name.startswith("on") or name == "srcdoc":
        return True
    if not value or ":" not in value:  # every scheme ends in one, character references decoded
        return False
    address = as_browsers_read(value).lower()
    if address.startswith("data:image/") and (tag, name) in _IMAGE_SOURCES:
        return False
    return address.startswith(_ACTIVE_SCHEMES)


def _removed_attribute(name: str, value: str | None) -> Removed:
    """An event handler is found by its name; an address by the attribute and its scheme, or by the
    scheme in a Markdown link (`[x](javascript:...)`, `[x]: javascript:...`)."""
    attribute = rf"(?<![\w:-]){re.escape(name)}\s*="
    if name.startswith("on") or name == "srcdoc":
        return Removed(f"the attribute {name}=", attribute)
    scheme = as_browsers_read(value or "").lower().partition(":")[0]
    return Removed(f"a {scheme}: address ({name}=)",
                   rf"(?:{attribute}\s*[\"']?\s*|\]\(\s*<?|^[ \t]*\[[^\]\n]+\]:[ \t]*<?){re.escape(scheme)}\s*:")


def removed_problems(removed: list[Removed], source: str, shown: str) -> list[Problem]:
    """A located problem for each removal: where what was removed is written in the page's Markdown
    (`source`, front matter included), in turn, else at its first line."""
    problems, start = [], 0
    for item in removed:
        written = re.compile(item.written, re.IGNORECASE | re.MULTILINE)
        found = written.search(source, start) or written.search(source)
        line = col = 1
        if found:
            start = found.end()
            line = source.count("\n", 0, found.start()) + 1
            col = found.start() - (source.rfind("\n", 0, found.start()) + 1) + 1
        problems.append(Problem(shown, line, col, f"{item.what} would run script or load another document in readers' "
                                                  "browsers, and is removed: a page holds text, links, images and formatting"))
    return problems
