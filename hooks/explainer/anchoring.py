"""Find a quoted passage in a page's text, as the W3C TextQuoteSelector does.

`anchor(text, quote)` works on normalized text (see `normalize.py`) and returns
a match, or says why there is none: no match (with the closest passage) or
several (with each in context and a prefix that would pick it). It never
guesses.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from .normalize import code_points, normalize

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
    count: int  # how many places the quote matches
    in_context: list[str]  # the first few matches, each with some text either side
    prefixes: list[str]  # for each shown match, a prefix that would pick it alone
    # For each shown match, a suffix that would pick it alone: the only way to
    # pick a match that opens the page, or whose preceding words repeat elsewhere.
    suffixes: list[str] = field(default_factory=list, compare=False)


SHOWN = 5  # matches shown in a message
WINDOW = 400  # characters looked at either side of a match, for context and suggestions


def anchor(text: str, quote: Quote, *, detailed: bool = True) -> Found | NotFound | Ambiguous:
    """Where `quote` stands in `text` (both normalized), or why it cannot be placed.

    The cost is linear in the length of `text` however common the quote: the
    page is searched for the quote together with its prefix and suffix (in C,
    by `str.find` and `str.count`), and only the first few matches are looked
    at in Python. With `detailed` false, a problem says less (no closest
    passage, no suggested prefixes) and costs less: for the many problems of
    a hostile file.
    """
    exact = normalize(quote.exact)
    if not text or not exact:
        return NotFound("", "the page has no text" if not text else "the quote is empty")
    prefix, suffix = normalize(quote.prefix or ""), normalize(quote.suffix or "")
    starts = _starts(text, exact, prefix, suffix, SHOWN + 1)
    if len(starts) == 1:
        return Found(starts[0], starts[0] + len(exact))
    if not starts and (prefix or suffix):
        everywhere = _starts(text, exact, "", "", 50)
        if everywhere and not detailed:
            return NotFound("", f"the page has the quote, but never with this {'prefix' if prefix else 'suffix'}"
                                f"{' and suffix' if prefix and suffix else ''}")
        if everywhere:
            return _context_differs(text, exact, everywhere, prefix, suffix)
    if not starts:
        return _closest(text, exact) if detailed else NotFound("", "")
    shown = starts[:SHOWN]
    count = _count(text, exact, prefix, suffix)
    in_context = [_in_context(text, s, s + len(exact)) for s in shown]
    if not detailed:
        return Ambiguous(count, in_context, [""] * len(shown), [""] * len(shown))
    return Ambiguous(count, in_context, [_unique_prefix(text, s, exact, suffix) for s in shown],
                     [_unique_suffix(text, s, exact, prefix) for s in shown])


def _variants(exact: str, prefix: str, suffix: str) -> list[tuple[str, int]]:
    """What to search for: the quote with its prefix and suffix, with or without a
    space between them (the page's text has single spaces), and where the quote
    starts in each. No place matches two variants, so their counts add up."""
    befores = [prefix, prefix + " "] if prefix else [""]
    afters = [suffix, " " + suffix] if suffix else [""]
    return [(before + exact + after, len(before)) for before in befores for after in afters]


def _starts(text: str, exact: str, prefix: str, suffix: str, limit: int) -> list[int]:
    """Where the quote starts, in page order: the first `limit` places at most."""
    starts = []
    for needle, offset in _variants(exact, prefix, suffix):
        at = text.find(needle)
        while at != -1 and len(starts) < limit * 4:
            starts.append(at + offset)
            at = text.find(needle, at + 1)
    return sorted(starts)[:limit]


def _count(text: str, exact: str, prefix: str, suffix: str) -> int:
    """How many places match: `str.count`, in C, unless a needle can overlap itself."""
    total = 0
    for needle, _ in _variants(exact, prefix, suffix):
        if _overlaps_itself(needle):
            at = text.find(needle)
            while at != -1:
                total += 1
                at = text.find(needle, at + 1)
        else:
            total += text.count(needle)
    return total


def _overlaps_itself(needle: str) -> bool:
    # A needle overlaps itself when a proper prefix is also a suffix ("aa", "the the"):
    # the prefix function of Knuth, Morris and Pratt, in time linear in the needle.
    border = [0] * len(needle)
    for index in range(1, len(needle)):
        length = border[index - 1]
        while length and needle[index] != needle[length]:
            length = border[length - 1]
        border[index] = length + (needle[index] == needle[length])
    return bool(needle) and border[-1] > 0


def _in_context(text: str, start: int, end: int) -> str:
    before = text[max(0, start - CONTEXT):start]
    after = text[end:end + CONTEXT]
    return f"...{before}[{text[start:end]}]{after}..."


def _unique_prefix(text: str, start: int, exact: str, suffix: str) -> str:
    # The fewest words before this match that no other match has before it.
    words = text[max(0, start - WINDOW):start].split()
    for count in range(min(2, len(words)), min(len(words), 12) + 1):
        prefix = " ".join(words[-count:])
        if _count(text, exact, prefix, suffix) == 1:
            return prefix
    return ""


def _unique_suffix(text: str, start: int, exact: str, prefix: str) -> str:
    # The fewest words after this match that no other match has after it.
    words = text[start + len(exact):start + len(exact) + WINDOW].split()
    for count in range(min(2, len(words)), min(len(words), 12) + 1):
        suffix = " ".join(words[:count])
        if _count(text, exact, prefix, suffix) == 1:
            return suffix
    return ""


def _context_differs(text: str, exact: str, starts: list[int], prefix: str, suffix: str) -> NotFound:
    """The quote is on the page, but its prefix or suffix rules out every place it stands."""
    before = [" ".join(text[max(0, s - WINDOW):s].split()[-len(prefix.split()):]) if prefix else "" for s in starts]
    after = [" ".join(text[s + len(exact):s + len(exact) + WINDOW].split()[:len(suffix.split())]) if suffix else "" for s in starts]
    prefix_fits = [not prefix or bool(_starts(text[max(0, s - WINDOW):s + len(exact)], exact, prefix, "", 1)) for s in starts]
    suffix_fits = [not suffix or bool(_starts(text[s:s + len(exact) + WINDOW], exact, "", suffix, 1)) for s in starts]
    total = _count(text, exact, "", "")
    times = "once" if total == 1 else f"{total} times"
    reasons = []
    if not any(prefix_fits):
        reasons.append(f"never right after the prefix '{prefix}': before it the page has {_listed(before)}")
    if not any(suffix_fits):
        reasons.append(f"never right before the suffix '{suffix}': after it the page has {_listed(after)}")
    if not reasons:
        reasons.append(f"never with both the prefix '{prefix}' and the suffix '{suffix}'")
    # Show the place whose surroundings come nearest to what was written.
    def likeness(i: int) -> float:
        return (difflib.SequenceMatcher(None, before[i], prefix).ratio() if prefix else 0) + \
               (difflib.SequenceMatcher(None, after[i], suffix).ratio() if suffix else 0)
    best = max(range(len(starts)), key=likeness)
    passage = " ".join(part for part in (before[best], exact, after[best]) if part)
    return NotFound(passage, f"the page has the quote {times}, but " + "; and ".join(reasons))


def _listed(items: list[str]) -> str:
    shown = [f"'{item}'" for item in dict.fromkeys(items)]
    more = f" and {len(shown) - SHOWN} more" if len(shown) > SHOWN else ""
    shown = shown[:SHOWN]
    if more:
        return ", ".join(shown) + more
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


def _closest(text: str, exact: str) -> NotFound:
    """The page's passage most like the quote, found in bounded time: windows that line
    up with the quote's longest words are ranked, and only the best few compared closely."""
    starts = set()
    for word in sorted(set(exact.split()), key=len, reverse=True)[:4]:
        offset, at, seen = exact.find(word), text.find(word), 0
        while at != -1 and seen < 25:
            starts.add(max(0, at - offset))
            at, seen = text.find(word, at + 1), seen + 1
    starts = starts or {0}
    def window(start: int) -> str:
        return text[start:start + len(exact)]
    quote_words = exact.split()
    def likeness(start: int, quick: bool) -> float:  # word by word: a long quote stays cheap
        matcher = difflib.SequenceMatcher(None, window(start).split(), quote_words, autojunk=False)
        return matcher.quick_ratio() if quick else matcher.ratio()
    ranked = sorted(starts, key=lambda s: likeness(s, quick=True), reverse=True)
    start = max(ranked[:5], key=lambda s: likeness(s, quick=False))
    # Widen to whole words so the passage reads naturally.
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    end = start + len(window(start))
    while end < len(text) and not text[end].isspace() and end - start < len(exact) + 40:
        end += 1
    closest = text[start:end].strip()
    return NotFound(closest, _word_difference(closest, exact))


def _by_code_point(has: str, wrote: str) -> str:
    """The characters that differ, by code point, where the words may look alike
    (a Cyrillic "і" for a Latin "i", a typographic variant): printed, they would not show the difference."""
    if has.isascii() and wrote.isascii():
        return ""
    differences = [f"{code_points(has[a1:a2]) or 'nothing'} where the quote has {code_points(wrote[b1:b2]) or 'nothing'}"
                   for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, has, wrote, autojunk=False).get_opcodes() if op != "equal"]
    return f" (by code point, the page has {'; '.join(differences[:3])})"


def _word_difference(page: str, quote: str) -> str:
    page_words, quote_words = page.split(), quote.split()
    # An opening quotation mark or bracket the quote leaves out is no difference worth showing.
    def key(word: str) -> str:
        return word.lstrip("\"'([") or word
    changes = []
    matcher = difflib.SequenceMatcher(None, [key(w) for w in page_words], [key(w) for w in quote_words], autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            continue
        has, wrote = " ".join(page_words[a1:a2]), " ".join(quote_words[b1:b2])
        if op == "replace":
            changes.append(f"the page has '{has}' where the quote has '{wrote}'{_by_code_point(has, wrote)}")
        elif op == "delete":
            changes.append(f"the page has '{has}' that the quote leaves out")
        else:
            changes.append(f"the quote adds '{wrote}'")
    return "; ".join(changes[:3]) or "the words match but not as one run of text"
