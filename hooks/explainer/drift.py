"""Re-anchor a quote the page no longer has word for word (DESIGN.md §2, drift).

Publishers correct their articles after the fact: a typo fixed, a sentence
reworded, a paragraph moved. When `anchoring.anchor` finds no exact match,
`relocate(words, quote)` looks for the passage the quote has become. It
scores each candidate on the quote, prefix and suffix together, and returns

- `Drifted`: one passage, clearly the best, scores at least THRESHOLD; the
  note is placed there and the build warns, with the new quote, prefix and
  suffix that `make fix` writes back (checked to anchor exactly, and alone);
- `Orphan`: no passage is close enough, two are too close to tell apart (a
  look-alike), or a number differs; the best candidates come with it, for
  the message. A note is never moved on a guess.

Scores are rapidfuzz's normalized Indel similarity (an edit distance counting
insertions and deletions), in C. The cost is bounded whatever the page and
the quote: the page's words are indexed once (`PageWords`); a quote's words
vote for where it may now start, common words (more than MAX_OCCURRENCES on
the page) do not vote, and only the quote's first few exact occurrences (a
prefix or suffix that no longer fits) and the MAX_CANDIDATES places most voted
for are compared closely, each in a few calls of rapidfuzz over at most
2 x MAX_SHIFT + 1 ways of cutting its ends.

The threshold, the weights and the margin were chosen on the labelled corpus
in `tests/drift/` (README, "When an article changes"): with them, no note of
the corpus is moved to a wrong passage.
"""

from __future__ import annotations

import bisect
import difflib
import re
import unicodedata
from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import Indel

from .anchoring import Found, Quote, anchor
from .normalize import INVISIBLE, normalize

THRESHOLD = 0.85  # the least confidence at which a note is moved to a new passage
MARGIN = 0.05  # the best candidate must beat the next (a different passage) by this much
# The prefix's and suffix's share of the confidence, for a quote of CONTEXT_WORDS words or
# fewer; it shrinks as the quote grows. A short quote ("security guarantees") may stand
# anywhere, and only its context says which place is meant; eight words found unchanged
# say it on their own, whatever now stands before them (a paragraph moved).
CONTEXT_WEIGHT = 0.3
CONTEXT_WORDS = 4
CASE_WEIGHT = 0.1  # a change of letter case counts this much of a change of letter
ENDS_WEIGHT = 0.1  # in choosing a passage's ends only: keeping the quote's first and last words

MAX_OCCURRENCES = 40  # a word found more often than this on the page does not vote
MAX_CANDIDATES = 4  # places compared closely for each quote
MAX_SHIFT = 24  # word boundaries tried either side of each end of a candidate
MAX_CONTEXT_WORDS = 12  # a prefix or suffix grows to this many words at most, to pick one place
MAX_QUOTE, MAX_CONTEXT = 1000, 200  # the contract's limits (fields.py): a fix must stay valid

_WORD = re.compile(r"\S+")
_KEY = re.compile(r"[\W_]+")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_INVISIBLE = re.compile(f"[{INVISIBLE}]")
_PUNCTUATION = "".join(chr(code) for code in range(0x2070) if not chr(code).isalnum() and not chr(code).isspace())


@dataclass(frozen=True)
class Candidate:
    """A passage of the page the quote may have become, and how alike they are (0 to 1)."""

    start: int
    end: int
    confidence: float
    quote_similarity: float
    context_similarity: float | None  # None when the annotation has no prefix or suffix


@dataclass(frozen=True)
class Drifted:
    """The quote has become the page's `text[start:end]`; `quote`, `prefix` and `suffix` pick it exactly."""

    start: int
    end: int
    confidence: float
    quote: str  # normalized, as in the page's text
    prefix: str | None  # None when the annotation has none
    suffix: str | None
    prefix_start: int = 0  # where the new prefix starts in the page's text
    suffix_end: int = 0  # where the new suffix ends


@dataclass(frozen=True)
class Orphan:
    """No passage to move the note to; `reason` says why, `candidates` are the best, best first."""

    reason: str  # "no-candidate", "low", "look-alike", "number", "not-unique", "too-long"
    candidates: list[Candidate] = field(default_factory=list)


class PageWords:
    """A page's normalized text with its words indexed: built once per page, for every quote on it."""

    def __init__(self, text: str):
        self.text = text
        self.starts: list[int] = []  # where each word starts
        self.ends: list[int] = []
        self.by_key: dict[str, list[int]] = {}  # a word without punctuation, lower case -> its starts
        for match in _WORD.finditer(text):
            self.starts.append(match.start())
            self.ends.append(match.end())
            key = _key(match.group())
            if key:
                self.by_key.setdefault(key, []).append(match.start())
        # Where each word's letters begin and end, inside its punctuation (“Some, 2023,).
        self.letters: list[tuple[int, int]] = []
        for start, end in zip(self.starts, self.ends):
            word = text[start:end]
            letters = [index for index, char in enumerate(word) if char.isalnum()]
            self.letters.append((start + letters[0], start + letters[-1] + 1) if letters else (start, end))
        self._cuts: dict[tuple[int, int], tuple[list[int], list[int]]] = {}

    def cuts(self, exact: str) -> tuple[list[int], list[int]]:
        """Where a passage like `exact` may start and end: inside the page's words, keeping as many
        marks before a word's first letter and after its last as the quote has at its ends (the
        opening quotation mark of “Some; the comma of "involved," and not the mark after it)."""
        marks = (len(exact) - len(exact.lstrip(_PUNCTUATION)), len(exact) - len(exact.rstrip(_PUNCTUATION)))
        if marks not in self._cuts:
            before, after = marks
            starts = sorted({max(start, first - before) for start, (first, _) in zip(self.starts, self.letters)})
            ends = sorted({min(end, last + after) for end, (_, last) in zip(self.ends, self.letters)})
            self._cuts[marks] = (starts, ends)
        return self._cuts[marks]


def relocate(words: PageWords, quote: Quote) -> Drifted | Orphan:
    """Where the quote's passage has gone on the page, or why the note cannot follow it."""
    text = words.text
    exact = normalize(quote.exact)
    prefix, suffix = normalize(quote.prefix or ""), normalize(quote.suffix or "")
    if not exact or not text:
        return Orphan("no-candidate")
    places = _places(words, exact, prefix, suffix)
    candidates = []
    for start in places:
        candidate = _refine(words, exact, prefix, suffix, start)
        if candidate is not None:
            candidates.append(candidate)
    candidates = _distinct(sorted(candidates, key=lambda c: (-c.confidence, c.start)))
    if not candidates:
        return Orphan("no-candidate")
    best = candidates[0]
    if best.confidence < THRESHOLD:
        return Orphan("low", candidates)
    if len(candidates) > 1 and best.confidence - candidates[1].confidence < MARGIN:
        return Orphan("look-alike", candidates)
    passage = text[best.start:best.end]
    if _numbers(passage) != _numbers(exact):
        return Orphan("number", candidates)
    drifted = _selector(words, best, exact, quote, prefix, suffix)
    if isinstance(drifted, Orphan):
        return Orphan(drifted.reason, candidates)
    return drifted


def similarity(a: str, b: str) -> float:
    """How alike two texts are, 0 to 1: letter case counts for little, everything else fully."""
    if not a and not b:
        return 1.0
    folded = Indel.normalized_similarity(a.casefold(), b.casefold())
    if folded == 0:
        return 0.0
    exact = Indel.normalized_similarity(a, b)
    return (1 - CASE_WEIGHT) * folded + CASE_WEIGHT * exact


def _key(word: str) -> str:
    return _KEY.sub("", word.casefold())


def _numbers(text: str) -> list[str]:
    """The figures in a text, in order: a note on "30 countries" must not move to "31 countries"."""
    return [re.sub(r"[.,]", "", number) for number in _NUMBER.findall(text)]


def _places(words: PageWords, exact: str, prefix: str, suffix: str) -> list[int]:
    """Where the quote may now start: its exact occurrences, then the places its words
    (and its prefix's and suffix's) vote for, rarer words weighing more."""
    text = words.text
    places = []
    at = text.find(exact)
    while at != -1 and len(places) < MAX_CANDIDATES:
        places.append(at)
        at = text.find(exact, at + 1)
    votes: list[tuple[int, float]] = []

    def vote(part: str, shift: int) -> None:
        # `shift`: where the quote starts relative to the start of `part`.
        for match in _WORD.finditer(part):
            found = words.by_key.get(_key(match.group()), ())
            if 0 < len(found) <= MAX_OCCURRENCES:
                weight = 1 / len(found)
                votes.extend((position - match.start() + shift, weight) for position in found)

    vote(exact, 0)
    if prefix:
        vote(prefix, len(prefix) + 1)
    if suffix:
        vote(suffix, -(len(exact) + 1))
    if not votes:
        return places
    votes.sort()
    # Sum the votes in a window as wide as a few words, or a third of the quote: words
    # inserted or removed shift where the later words say the quote starts.
    width = max(40, len(exact) // 3)
    positions = [position for position, _ in votes]
    weights = [0.0]
    for _, weight in votes:
        weights.append(weights[-1] + weight)
    peaks = []
    for index, (position, _) in enumerate(votes):
        end = bisect.bisect_right(positions, position + width, lo=index)
        peaks.append((weights[end] - weights[index], position, end))
    peaks.sort(key=lambda peak: (-peak[0], peak[1]))
    chosen: list[int] = []
    for score, position, end in peaks:
        # The window's weighted middle: where most of its votes point.
        middle = round(sum(p * w for p, w in votes[bisect.bisect_left(positions, position):end]) /
                       max(score, 1e-9))
        if all(abs(middle - other) > width for other in chosen + places):
            chosen.append(middle)
        if len(chosen) >= MAX_CANDIDATES:
            break
    return places + chosen


def _refine(words: PageWords, exact: str, prefix: str, suffix: str, start: int) -> Candidate | None:
    """The best passage near `start`: its ends moved word by word while the score improves.

    Indel similarity prefers a shorter passage to one with a word inserted ("from allies"
    over "from European allies"); so the ends are chosen on the score plus a little for
    keeping the quote's first and last words, and the confidence is the score alone.
    Each round scores all the places one end may move to in one call of rapidfuzz."""
    text = words.text
    cut_starts, cut_ends = words.cuts(exact)
    begin = _nearest(cut_starts, max(0, start))
    if begin is None:
        return None
    finish = _nearest(cut_ends, begin + len(exact))
    if finish is None or finish <= begin:
        return None
    folded = exact.casefold()
    first, last = _key(exact.split()[0]), _key(exact.split()[-1])
    weight = _context_weight(exact) if prefix or suffix else 0.0
    befores: dict[int, float] = {}
    afters: dict[int, float] = {}

    def context(s: int, e: int) -> float:
        parts = []
        if prefix:
            if s not in befores:
                befores[s] = similarity(prefix, _before(text, s, len(prefix)))
            parts.append(befores[s])
        if suffix:
            if e not in afters:
                afters[e] = similarity(suffix, _after(text, e, len(suffix)))
            parts.append(afters[e])
        return sum(parts) / len(parts) if parts else 0.0

    def objective(s: int, e: int, quote_similarity: float) -> float:
        kept = (_key(_first_word(text, s, e)) == first) + (_key(_last_word(text, s, e)) == last)
        return (1 - weight) * quote_similarity + weight * context(s, e) + ENDS_WEIGHT * kept / 2

    best = (begin, finish)
    best_value = objective(begin, finish, Indel.normalized_similarity(folded, text[begin:finish].casefold()))
    for _ in range(3):  # a few rounds: moving one end can make the other worth moving
        moved = False
        for which in ("start", "end"):
            cuts = cut_starts if which == "start" else cut_ends
            index = bisect.bisect_left(cuts, best[0] if which == "start" else best[1])
            options = [(other, best[1]) if which == "start" else (best[0], other)
                       for other in cuts[max(0, index - MAX_SHIFT):index + MAX_SHIFT + 1]]
            options = [(s, e) for s, e in options if 0 < e - s <= 2 * len(exact) + 40]
            passages = [text[s:e].casefold() for s, e in options]
            for _, score, number in process.extract(folded, passages, scorer=Indel.normalized_similarity, limit=None):
                value = objective(*options[number], score)
                if value > best_value + 1e-12:
                    best, best_value, moved = options[number], value, True
        if not moved:
            break
    return _score(text, exact, prefix, suffix, *best)


def _first_word(text: str, start: int, end: int) -> str:
    space = text.find(" ", start, end)
    return text[start:space if space != -1 else end]


def _last_word(text: str, start: int, end: int) -> str:
    return text[text.rfind(" ", start, end) + 1:end]


def _nearest(cuts: list[int], position: int) -> int | None:
    if not cuts:
        return None
    index = bisect.bisect_left(cuts, position)
    near = [cuts[i] for i in (index - 1, index) if 0 <= i < len(cuts)]
    return min(near, key=lambda cut: (abs(cut - position), cut))


def _context_weight(exact: str) -> float:
    return CONTEXT_WEIGHT * min(1.0, CONTEXT_WORDS / max(1, len(exact.split())))


def _score(text: str, exact: str, prefix: str, suffix: str, start: int, end: int) -> Candidate:
    quote_similarity = similarity(exact, text[start:end].strip())
    contexts = []
    if prefix:
        contexts.append(similarity(prefix, _before(text, start, len(prefix))))
    if suffix:
        contexts.append(similarity(suffix, _after(text, end, len(suffix))))
    if not contexts:
        return Candidate(start, end, quote_similarity, quote_similarity, None)
    context = sum(contexts) / len(contexts)
    weight = _context_weight(exact)
    confidence = (1 - weight) * quote_similarity + weight * context
    return Candidate(start, end, confidence, quote_similarity, context)


def _before(text: str, start: int, length: int) -> str:
    """The page's `length` characters just before `start`, the space between left out."""
    end = start - 1 if start > 0 and text[start - 1] == " " else start
    return text[max(0, end - length):end]


def _after(text: str, end: int, length: int) -> str:
    begin = end + 1 if end < len(text) and text[end] == " " else end
    return text[begin:begin + length]


def _distinct(candidates: list[Candidate]) -> list[Candidate]:
    """Best first, each a different passage: a candidate overlapping a better one is the same place."""
    kept: list[Candidate] = []
    for candidate in candidates:
        if all(candidate.end <= other.start or other.end <= candidate.start for other in kept):
            kept.append(candidate)
    return kept


def _selector(words: PageWords, best: Candidate, exact: str, quote: Quote, prefix: str, suffix: str) -> Drifted | Orphan:
    """The new quote, prefix and suffix: as many words of context as before, more if that
    is what it takes for them to pick this passage alone."""
    text = words.text
    new_quote = text[best.start:best.end]
    if len(new_quote) > MAX_QUOTE:
        return Orphan("too-long")
    before = text[:best.start].split()
    after = text[best.end:].split()
    prefix_words = len(prefix.split()) if prefix else 0
    suffix_words = len(suffix.split()) if suffix else 0
    for grow in range(MAX_CONTEXT_WORDS + 1):
        # "" where the passage now opens (or closes) the page: the field stays, empty.
        new_prefix = " ".join(before[max(0, len(before) - prefix_words - grow):]) if prefix_words else None
        new_suffix = " ".join(after[:suffix_words + grow]) if suffix_words else None
        if len(new_prefix or "") > MAX_CONTEXT or len(new_suffix or "") > MAX_CONTEXT:
            break
        where = anchor(text, Quote(new_quote, new_prefix, new_suffix), detailed=False)
        if isinstance(where, Found) and where.start == best.start:
            prefix_start = best.start - len(new_prefix) - 1 if new_prefix else best.start
            suffix_end = best.end + 1 + len(new_suffix) if new_suffix else best.end
            return Drifted(best.start, best.end, best.confidence, new_quote, new_prefix, new_suffix,
                           max(0, prefix_start), min(len(text), suffix_end))
        if not prefix_words and not suffix_words:
            break
    return Orphan("not-unique")


def context_range(text: str, start: int, end: int, words_before: int, words_after: int) -> tuple[int, int]:
    """Where the `words_before` words before `start` begin, and where the `words_after` words after `end` end."""
    begin = start
    if words_before:
        before = list(_WORD.finditer(text, max(0, start - MAX_CONTEXT - 1), start))[-words_before:]
        begin = before[0].start() if before else start
    finish = end
    if words_after:
        after = list(_WORD.finditer(text, end, min(len(text), end + MAX_CONTEXT + 1)))[:words_after]
        finish = after[-1].end() if after else end
    return begin, finish


def reader_text(pieces: list[str], passage: str) -> str:
    """The passage as a reader sees it: the page's own characters (curly quotes, dashes) from
    the text `pieces` it is made of, in order, with white space collapsed as in `passage`
    (the normalized text). Falls back to `passage` if the pieces do not make it up."""
    shown: list[str] = []
    cursor = 0
    for piece in pieces:
        readable = " ".join(unicodedata.normalize("NFC", _INVISIBLE.sub("", piece)).split())
        folded = normalize(readable)
        if not folded:
            continue
        at = passage.find(folded, cursor)
        if at == -1 or passage[cursor:at].strip():
            return passage
        if shown and at > cursor:
            shown.append(" ")
        shown.append(readable)
        cursor = at + len(folded)
    result = "".join(shown)
    return result if normalize(result) == passage else passage


def marked_difference(old: str, new: str) -> str:
    """`new`, word by word, with what changed from `old` marked `[-removed-]{+added+}` (the
    form of `git diff --word-diff`). Words equal but for typography (curly or straight
    quotes, dashes) are equal, as in anchoring; long runs of unchanged words are shortened."""
    old_words, new_words = old.split(), new.split()
    matcher = difflib.SequenceMatcher(None, [normalize(w) for w in old_words], [normalize(w) for w in new_words], autojunk=False)
    opcodes = matcher.get_opcodes()
    parts: list[str] = []
    for index, (op, a1, a2, b1, b2) in enumerate(opcodes):
        if op == "equal":
            same = new_words[b1:b2]
            first, last = index == 0, index == len(opcodes) - 1
            if len(opcodes) > 1 and len(same) > 8:
                same = ([] if first else same[:4]) + ["…"] + ([] if last else same[-4:])
            parts.append(" ".join(same))
            continue
        removed, added = " ".join(old_words[a1:a2]), " ".join(new_words[b1:b2])
        parts.append((f"[-{removed}-]" if removed else "") + (f"{{+{added}+}}" if added else ""))
    return " ".join(parts)


# ---------------------------------------------------------------- what the build says, and what `make fix` writes


@dataclass(frozen=True)
class Rewrite:
    """What `make fix` writes for one drifted note: the new text of each field that changed,
    as a reader sees it on the page."""

    path: str  # the annotation file, as problems name it
    at: tuple  # where the annotation is in the file, e.g. ("annotations", 3)
    id: str
    fields: dict[str, str]  # "quote", "prefix", "suffix" -> the new text
    confidence: float


FIELDS = ("quote", "prefix", "suffix")
DRIFTED = "quote drifted on "  # how a drift warning starts: `make fix` tells it from other problems


def changed_fields(old: Quote, drifted: Drifted, shown: dict[str, str]) -> dict[str, str]:
    """The fields whose text changed (typography and white space aside), with their new text:
    `shown` is the new quote, prefix and suffix as a reader sees them. A prefix or suffix keeps
    the space its writer put between it and the quote."""
    changed = {}
    for name, was, now in (("quote", old.exact, drifted.quote), ("prefix", old.prefix, drifted.prefix),
                           ("suffix", old.suffix, drifted.suffix)):
        if was is None or now is None or normalize(was) == now:
            continue
        text = shown.get(name, now)
        if name == "prefix" and text and was != was.rstrip():
            text += " "
        if name == "suffix" and text and was != was.lstrip():
            text = " " + text
        changed[name] = text
    return changed


def drift_message(page: str, old: Quote, rewrite: dict[str, str], shown: dict[str, str], confidence: float) -> str:
    """The warning for a note placed on the passage its quote has become."""
    quote = marked_difference(" ".join(old.exact.split()), shown["quote"]) if "quote" in rewrite else shown["quote"]
    context = ""
    if "prefix" in rewrite:
        context += f' after "{marked_difference(" ".join((old.prefix or "").split()), shown["prefix"])}"'
    if "suffix" in rewrite:
        context += f' before "{marked_difference(" ".join((old.suffix or "").split()), shown["suffix"])}"'
    fields = " and ".join(", ".join(name for name in FIELDS if name in rewrite).rsplit(", ", 1))
    return (f'{DRIFTED}{page}: the page now has "{quote}"{context} (confidence {_figure(confidence)}); '
            f"the note is placed there; `make fix` rewrites its {fields} to the page's text")


def orphan_message(page: str, old: Quote, orphan: Orphan, shown: list[dict[str, str]]) -> str:
    """The error for a note left out: why, the best candidates with their confidence (`shown`:
    each one's quote, prefix and suffix as a reader sees them), and what to do."""
    listed = [_candidate(old, candidate, texts) for candidate, texts in zip(orphan.candidates, shown)]
    if not listed:
        return f"quote not found on {page}, and no passage of the page is like it; correct the quote to the page's text, or remove the note"
    if orphan.reason == "look-alike":
        best = orphan.candidates[0].confidence
        close = [text for candidate, text in zip(orphan.candidates, listed) if best - candidate.confidence < MARGIN]
        return (f"quote not found on {page}, and {len(close)} passages are about as close as each other, so the note is not moved: "
                f"{', '.join(close)}; correct the quote, and give it a prefix or suffix that picks the right one")
    closest, *others = listed[:2]
    why = {
        "number": ("has other figures", "check the note against the page's figures, then correct the quote by hand"),
        "not-unique": ("stands more than once on the page", "correct the quote, and give it a prefix or suffix that picks the right one"),
        "too-long": (f"is longer than {MAX_QUOTE:,} characters", "quote fewer words"),
    }.get(orphan.reason)
    if why:
        return f"quote not found on {page}; the closest passage, {closest}, {why[0]}, so the note is not moved: {why[1]}"
    then = "".join(f", then {other}" for other in others)
    return (f"quote not found on {page}, and no passage is close enough to move the note to: the closest is {closest}{then}; "
            f"a note moves at a confidence of {_figure(THRESHOLD)} or more: correct the quote to the page's text, or remove the note")


DIFFERENCE_SHOWN = 0.7  # below this, a candidate is shown as it stands: marking every word says nothing


def _candidate(old: Quote, candidate: Candidate, shown: dict[str, str]) -> str:
    if candidate.quote_similarity < DIFFERENCE_SHOWN:
        return f'"{_short(shown["quote"])}" (confidence {_figure(candidate.confidence)})'
    text = f'"{_difference(old.exact, shown["quote"])}"'
    if old.prefix and "prefix" in shown and normalize(old.prefix) != normalize(shown["prefix"]):
        text += f' after "{_difference(old.prefix, shown["prefix"], 60)}"'
    if old.suffix and "suffix" in shown and normalize(old.suffix) != normalize(shown["suffix"]):
        text += f' before "{_difference(old.suffix, shown["suffix"], 60)}"'
    return f"{text} (confidence {_figure(candidate.confidence)})"


def _difference(old: str, new: str, width: int = 160) -> str:
    """The marked difference, or the new text shortened where marking would run too long."""
    marked = marked_difference(" ".join(old.split()), new)
    return marked if len(marked) <= width else _short(new, width)


def _short(text: str, width: int = 80) -> str:
    """`text` cut at a word to about `width` characters, keeping its start and end."""
    if len(text) <= width:
        return text
    words = text.split()
    head, tail = [], []
    while words and len(" ".join(head + tail)) < width - 10:
        (head if len(head) <= len(tail) else tail).insert(len(head) if len(head) <= len(tail) else 0,
                                                          words.pop(0) if len(head) <= len(tail) else words.pop())
    return " ".join(head) + " … " + " ".join(tail)


def _figure(confidence: float) -> str:
    # Two decimals, rounded down: 0.799 is below a threshold of 0.80, and must not read as 0.80.
    return f"{int(confidence * 100) / 100:.2f}"
