"""The text a reader sees on a page, mapped back to the tokens it came from.

`PageText` holds the page's normalized text (see `normalize.py`) and, for
each run of it, the text token and offsets it came from. A range of that text
becomes `Segment`s: pieces of single text tokens, which can be wrapped in an
element without ever crossing an element's boundary. `apply` then writes the
new token list.

Text is indexed in runs, not character by character: a page is folded with
one `str.translate` per token, and a token is one run unless it has several
spaces in a row, so the cost in Python grows with the number of tokens, not
of words or characters. Only the rare token with invisible characters or letters not in
composed form is walked one character at a time.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import NamedTuple

from .htmltokens import BLOCKS, Token
from .normalize import INVISIBLE, fold, needs_care

_EXTRA_SPACES = re.compile(r"(?<= ) +")  # spaces after a space: one is kept


@dataclass(frozen=True)
class Segment:
    token: int  # index of a text token
    start: int  # offsets in that token's text
    end: int


@dataclass
class Edit:
    """Wrap one segment: tokens to put before and after it."""

    segment: Segment
    before: list[Token] = field(default_factory=list)
    after: list[Token] = field(default_factory=list)


class _Run(NamedTuple):  # a tuple: made for every run of text of every page, twice
    start: int  # where the run begins in the page text
    length: int  # its length there
    token: int  # the text token it comes from, or -1 for a space between blocks
    offset: int  # where it begins in that token's text
    source_length: int  # its length in the token's text (longer for a composed letter)


def is_permalink(token: Token) -> bool:
    """A heading's permalink sign (¶): there for the mouse, not part of the text."""
    return token.tag == "a" and "headerlink" in (token.attrs.get("class") or "").split()


class PageText:
    def __init__(self, tokens: list[Token], skip=lambda token: False):
        """Index the text of `tokens`; text tokens for which `skip` is true are left out,
        as are raw text (scripts, styles, text areas) and headings' permalink signs."""
        self._pieces: list[str] = []
        self._runs: list[_Run] = []
        self._length = 0
        self._ends_in_space = True  # nothing yet: no leading space
        in_permalink = False
        for index, token in enumerate(tokens):
            if token.kind in ("start", "end"):
                if token.tag in BLOCKS:
                    self._space(-1, 0)
                elif token.tag == "a":
                    in_permalink = token.kind == "start" and is_permalink(token)
                continue
            if token.kind != "text" or token.raw_text or in_permalink or skip(token):
                continue
            if needs_care(token.source):
                self._add_carefully(index, token.source)
            else:
                self._add(index, token.source)
        if self._ends_in_space and self._runs:
            self._drop_trailing_space()
        self.text = "".join(self._pieces)
        self._starts = [run.start for run in self._runs]

    def _add(self, index: int, source: str) -> None:
        # One run for each stretch of the token between collapsed spaces: most
        # tokens are a single run.
        folded = fold(source)
        cursor = len(folded) - len(folded.lstrip(" ")) if self._ends_in_space else 0
        if "  " in folded:
            for extra in _EXTRA_SPACES.finditer(folded, cursor):
                self._keep(index, folded, cursor, extra.start())
                cursor = extra.end()
        self._keep(index, folded, cursor, len(folded))

    def _keep(self, index: int, folded: str, start: int, end: int) -> None:
        if start < end:
            self._append(folded[start:end], _Run(self._length, end - start, index, start, end - start))

    def _add_carefully(self, index: int, source: str) -> None:
        # One character at a time: compose a letter with the marks that follow
        # it (NFC), and leave out what a reader cannot see.
        offset = 0
        while offset < len(source):
            end = offset + 1
            while end < len(source) and unicodedata.combining(source[end]):
                end += 1
            cluster = "".join(char for char in source[offset:end] if char not in INVISIBLE)
            composed = fold(unicodedata.normalize("NFC", cluster)) if cluster else ""
            if composed == " ":
                self._space(index, offset)
            elif composed:
                self._append(composed, _Run(self._length, len(composed), index, offset, end - offset))
            offset = end

    def _space(self, index: int, offset: int) -> None:
        if not self._ends_in_space:
            self._append(" ", _Run(self._length, 1, index, offset, 1))
            self._ends_in_space = True

    def _append(self, text: str, run: _Run) -> None:
        self._pieces.append(text)
        self._runs.append(run)
        self._length += len(text)
        self._ends_in_space = text[-1] == " "

    def _drop_trailing_space(self) -> None:
        self._length -= 1
        piece, run = self._pieces.pop(), self._runs.pop()
        if len(piece) > 1:
            self._pieces.append(piece[:-1])
            self._runs.append(_Run(run.start, run.length - 1, run.token, run.offset, run.source_length - 1))

    def segments(self, start: int, end: int) -> list[Segment]:
        """The pieces of text tokens that make up `text[start:end]`, in page order."""
        pieces: dict[int, list[int]] = {}
        at = max(0, bisect_right(self._starts, start) - 1)
        while at < len(self._runs) and self._runs[at].start < end:
            run = self._runs[at]
            at += 1
            if run.token < 0 or run.start + run.length <= start:
                continue
            first = run.offset + max(0, start - run.start)
            last = run.offset + run.source_length if end >= run.start + run.length else run.offset + (end - run.start)
            span = pieces.setdefault(run.token, [first, last])
            span[0], span[1] = min(span[0], first), max(span[1], last)
        return [Segment(token, first, last) for token, (first, last) in pieces.items()]

    def single_segment(self, start: int, end: int) -> Segment | None:
        """The range as one piece of one text token, or None where it crosses markup."""
        pieces = self.segments(start, end)
        return pieces[0] if len(pieces) == 1 else None


def apply(tokens: list[Token], edits: list[Edit], after: dict[int, list[Token]] | None = None) -> list[Token]:
    """A new token list with every edit's segment split out and wrapped, and
    `after[i]` inserted right after the token at index i."""
    by_token: dict[int, list[Edit]] = {}
    for edit in edits:
        by_token.setdefault(edit.segment.token, []).append(edit)
    result: list[Token] = []
    after = after or {}
    for index, token in enumerate(tokens):
        if index not in by_token:
            result.append(token)
            result.extend(after.get(index, ()))
            continue
        cursor = 0
        for edit in sorted(by_token[index], key=lambda e: e.segment.start):
            segment = edit.segment
            result.append(_text_like(token, token.source[cursor:segment.start]))
            result.extend(edit.before)
            result.append(_text_like(token, token.source[segment.start:segment.end]))
            result.extend(edit.after)
            cursor = segment.end
        result.append(_text_like(token, token.source[cursor:]))
        result.extend(after.get(index, ()))
    return [token for token in result if not (token.kind == "text" and token.source == "")]


def _text_like(token: Token, text: str) -> Token:
    return Token("text", text, ancestors=token.ancestors)


def is_blank(tokens: list[Token], segment: Segment) -> bool:
    return not tokens[segment.token].source[segment.start:segment.end].strip()
