"""The `fact-check` annotation kind: a claim, a verdict on it, and sources."""

from __future__ import annotations

from enum import Enum
from typing import ClassVar, Literal

from pydantic import Field

from .fields import AnnotationBase, PlainText, Source


class Verdict(str, Enum):
    """The verdict scale, best to worst, then `unverified` (no public record settles it)."""

    ACCURATE = "accurate"
    MOSTLY_ACCURATE = "mostly-accurate"
    MISSING_CONTEXT = "missing-context"
    MISLEADING = "misleading"
    INCORRECT = "incorrect"
    UNVERIFIED = "unverified"

    @property
    def label(self) -> str:
        return self.value.replace("-", " ").capitalize()

    @property
    def rating(self) -> int | None:
        """schema.org rating on a 1 (worst) to 5 (best) scale; None where nothing is rated."""
        return _RATINGS.get(self)

    @property
    def symbol(self) -> str:
        """A glyph shown beside the label, so the verdict is never told by colour alone."""
        return _SYMBOLS[self]


_RATINGS = {
    Verdict.ACCURATE: 5,
    Verdict.MOSTLY_ACCURATE: 4,
    Verdict.MISSING_CONTEXT: 3,
    Verdict.MISLEADING: 2,
    Verdict.INCORRECT: 1,
}
_SYMBOLS = {
    Verdict.ACCURATE: "✓",
    Verdict.MOSTLY_ACCURATE: "≈",
    Verdict.MISSING_CONTEXT: "!",
    Verdict.MISLEADING: "!",
    Verdict.INCORRECT: "✗",
    Verdict.UNVERIFIED: "?",
}


class FactCheck(AnnotationBase):
    """A claim the page makes, rated on the verdict scale, with its sources."""

    type: Literal["fact-check"] = Field(description="fact-check: a claim rated on the verdict scale.")
    claim: PlainText = Field(description="The claim, in one sentence, as the page makes it.")
    verdict: Verdict = Field(description="accurate, mostly-accurate, missing-context, misleading, incorrect or unverified.")
    sources: list[Source] = Field(min_length=1, description="At least one source a reader can open.")

    label: ClassVar[str] = "Fact-check"

    @property
    def heading(self) -> str:
        return self.title or self.claim

    def mark_attributes(self) -> dict[str, str]:
        return {"data-verdict": self.verdict.value}

    def reference_label(self, number: int) -> str:
        return f"{self.label} {number}: {self.verdict.label}"

    @property
    def reference_symbol(self) -> str:
        return self.verdict.symbol
