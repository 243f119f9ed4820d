"""Problems found in contributors' files, located to the line and column.

Pure functions return lists of `Problem`; only the edge (the MkDocs hook, the
check command) prints them.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in one file: `path:line:col: message` (line and column from 1)."""

    path: str
    line: int
    col: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.message}"

    def as_github_annotation(self) -> str:
        """The workflow-command form that GitHub shows inline on a pull request."""
        message = self.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::error file={self.path},line={self.line},col={self.col}::{message}"


def closest(word: str, candidates, cutoff: float = 0.6) -> str | None:
    """The candidate most like `word`, for a "did you mean" hint, or None."""
    matches = difflib.get_close_matches(word, list(candidates), n=1, cutoff=cutoff)
    return matches[0] if matches else None


def did_you_mean(word: str, candidates) -> str:
    """`; did you mean 'x'?` when a close candidate exists, else an empty string."""
    match = closest(word, candidates)
    return f"; did you mean '{match}'?" if match else ""
