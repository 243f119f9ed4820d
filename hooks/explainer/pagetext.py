"""The text a reader sees on a page, mapped back to the tokens it came from.

`PageText` holds the page's normalized text (see `normalize.py`) and, for each
of its characters, the text token and offset it came from. A range of that
text becomes `Segment`s: pieces of single text tokens, which can be wrapped in
an element without ever crossing an element's boundary. `apply` then writes
the new token list.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .htmltokens import BLOCKS, Token
from .normalize import fold_char


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


class PageText:
    def __init__(self, tokens: list[Token], skip=lambda token: False):
        """Index the text of `tokens`; text tokens for which `skip` is true are left out."""
        chars: list[str] = []
        origin: list[tuple[int, int] | None] = []
        for index, token in enumerate(tokens):
            if token.kind in ("start", "end") and token.tag in BLOCKS:
                if chars and chars[-1] != " ":
                    chars.append(" ")
                    origin.append(None)
                continue
            if token.kind != "text" or token.raw_text or skip(token):
                continue
            for offset, char in enumerate(token.source):
                folded = fold_char(char)
                if folded == " " and (not chars or chars[-1] == " "):
                    continue
                chars.append(folded)
                origin.append((index, offset))
        while chars and chars[-1] == " ":
            chars.pop()
            origin.pop()
        self.text = "".join(chars)
        self._origin = origin

    def segments(self, start: int, end: int) -> list[Segment]:
        """The pieces of text tokens that make up `text[start:end]`, white-space-only ones left out."""
        pieces: dict[int, list[int]] = {}
        for position in range(start, end):
            place = self._origin[position]
            if place is not None:
                token, offset = place
                span = pieces.setdefault(token, [offset, offset])
                span[1] = offset + 1
        return [Segment(token, first, last) for token, (first, last) in pieces.items()]

    def single_segment(self, start: int, end: int) -> Segment | None:
        """The range as one piece of one text token, or None where it crosses markup."""
        pieces = self.segments(start, end)
        return pieces[0] if len(pieces) == 1 else None


def apply(tokens: list[Token], edits: list[Edit]) -> list[Token]:
    """A new token list with every edit's segment split out and wrapped."""
    by_token: dict[int, list[Edit]] = {}
    for edit in edits:
        by_token.setdefault(edit.segment.token, []).append(edit)
    result: list[Token] = []
    for index, token in enumerate(tokens):
        if index not in by_token:
            result.append(token)
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
    return [token for token in result if not (token.kind == "text" and token.source == "")]


def _text_like(token: Token, text: str) -> Token:
    return Token("text", text, ancestors=token.ancestors)


def is_blank(tokens: list[Token], segment: Segment) -> bool:
    return not tokens[segment.token].source[segment.start:segment.end].strip()
