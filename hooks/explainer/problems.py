"""Problems found in contributors' files, located to the line and column.

Pure functions return lists of `Problem`; only the edge (the MkDocs hook, the
check command) prints them.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

MAX_MESSAGE = 500  # characters: a message names a mistake and its fix; quoted text is cut to fit

# Characters that would break a log line or make it lie: control characters
# (line breaks, terminal escapes), Unicode line separators, bidirectional
# overrides, and the lone surrogates that stand for file-name bytes that are not UTF-8.
_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_NAMED_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in one file: `path:line:col: message` (line and column from 1).

    Messages quote contributors' text, and paths are contributors' file names:
    both are made visible (no line breaks, no terminal escapes) and the
    message is cut to MAX_MESSAGE characters, so every problem is one short
    line in a public log whatever a file holds.
    """

    path: str
    line: int
    col: int
    message: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "path", visible(self.path))
        object.__setattr__(self, "message", _cut_in_the_middle(visible(self.message), MAX_MESSAGE))

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.message}"

    def as_github_annotation(self) -> str:
        """The workflow-command form that GitHub shows inline on a pull request."""
        message = self.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        # A property value ends at "," and the properties at "::": a file name may hold either.
        path = self.path.replace("%", "%25").replace(":", "%3A").replace(",", "%2C")
        return f"::error file={path},line={self.line},col={self.col}::{message}"


def shorten(text: str, width: int = 60) -> str:
    """`text`, cut to `width` characters with an ellipsis: for quoting a contributor's words in a message."""
    return text if len(text) <= width else text[: width - 1] + "…"


def visible(text: str) -> str:
    """`text` with line breaks and other control characters written as escapes (`\\n`, `\\x1B`)."""
    return _INVISIBLE.sub(_escape, text)


def _escape(match: re.Match) -> str:
    char = match.group()
    code = ord(char)
    if char in _NAMED_ESCAPES:
        return _NAMED_ESCAPES[char]
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a file name that is not UTF-8 (Python's surrogateescape)
        return f"\\x{code - 0xDC00:02X}"
    return f"\\x{code:02X}" if code <= 0xFF else f"\\u{code:04X}"


def _cut_in_the_middle(message: str, width: int) -> str:
    # A message starts with what is wrong and ends with how to fix it; quoted
    # text sits in the middle, so the middle is what gives way.
    if len(message) <= width:
        return message
    head = (width - 1) * 2 // 3
    tail = width - 1 - head
    return message[:head] + "…" + message[len(message) - tail:]


def closest(word: str, candidates, cutoff: float = 0.6) -> str | None:
    """The candidate most like `word`, for a "did you mean" hint, or None."""
    matches = difflib.get_close_matches(word, list(candidates), n=1, cutoff=cutoff)
    return matches[0] if matches else None


def did_you_mean(word: str, candidates) -> str:
    """`; did you mean 'x'?` when a close candidate exists, else an empty string."""
    match = closest(word, candidates)
    return f"; did you mean '{match}'?" if match else ""
