"""Find a quoted passage in a page's text, as the W3C TextQuoteSelector does.

`anchor(text, quote)` works on normalized text (see `normalize.py`) and returns
a match, or says why there is none: no match (with the closest passage) or
several (with each in context and a prefix that would pick it). It never
guesses.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from .normalize import normalize

CONTEXT = 30  # characters shown either side of a match in messages


@dataclass(frozen=True)
class Quote:
    exact: str
    prefix: str | None = None
    suffix: str | None = None


@dataclass(frozen=True)
class Found:
    start: int
    end: int


@dataclass(frozen=True)
class NotFound:
    closest: str  # the most similar passage of the page, as long as the quote
    difference: str  # how the quote differs from it, in words


@dataclass(frozen=True)
class Ambiguous:
    in_context: list[str]  # each match with some text either side
    prefixes: list[str]  # for each match, a prefix that would pick it alone


def anchor(text: str, quote: Quote) -> Found | NotFound | Ambiguous:
    """Where `quote` stands in `text` (both normalized), or why it cannot be placed."""
    exact = normalize(quote.exact)
    starts = _all_starts(text, exact)
    if quote.prefix:
        prefix = normalize(quote.prefix)
        starts = [s for s in starts if text[:s].rstrip().endswith(prefix)]
    if quote.suffix:
        suffix = normalize(quote.suffix)
        starts = [s for s in starts if text[s + len(exact):].lstrip().startswith(suffix)]
    if len(starts) == 1:
        return Found(starts[0], starts[0] + len(exact))
    if not starts:
        return _closest(text, exact)
    return Ambiguous([_in_context(text, s, s + len(exact)) for s in starts], [_unique_prefix(text, s, starts) for s in starts])


def _all_starts(text: str, exact: str) -> list[int]:
    starts, at = [], text.find(exact)
    while exact and at != -1:
        starts.append(at)
        at = text.find(exact, at + 1)
    return starts


def _in_context(text: str, start: int, end: int) -> str:
    before = text[max(0, start - CONTEXT):start]
    after = text[end:end + CONTEXT]
    return f"...{before}[{text[start:end]}]{after}..."


def _unique_prefix(text: str, start: int, starts: list[int]) -> str:
    # The fewest words before this match that no other match has before it.
    words = text[:start].split()
    for count in range(min(2, len(words)), min(len(words), 12) + 1):
        prefix = " ".join(words[-count:])
        if sum(text[:s].rstrip().endswith(prefix) for s in starts) == 1:
            return prefix
    return ""


def _closest(text: str, exact: str) -> NotFound:
    if not text or not exact:
        return NotFound("", "the page has no text" if not text else "the quote is empty")
    matcher = difflib.SequenceMatcher(None, text, exact, autojunk=False)
    block = matcher.find_longest_match(0, len(text), 0, len(exact))
    start = max(0, block.a - block.b)
    window = text[start:start + len(exact)]
    # Widen to whole words so the passage reads naturally.
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    end = start + len(window)
    while end < len(text) and not text[end].isspace() and end - start < len(exact) + 40:
        end += 1
    closest = text[start:end].strip()
    return NotFound(closest, _word_difference(closest, exact))


def _word_difference(page: str, quote: str) -> str:
    page_words, quote_words = page.split(), quote.split()
    changes = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, page_words, quote_words, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        has, wrote = " ".join(page_words[a1:a2]), " ".join(quote_words[b1:b2])
        if op == "replace":
            changes.append(f"the page has '{has}' where the quote has '{wrote}'")
        elif op == "delete":
            changes.append(f"the page has '{has}' that the quote leaves out")
        else:
            changes.append(f"the quote adds '{wrote}'")
    return "; ".join(changes[:3]) or "the words match but not as one run of text"
