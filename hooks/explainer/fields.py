"""The building blocks every annotation kind and the glossary share.

Declared once with pydantic: the same declaration validates contributors'
YAML, gives the typed objects the build uses, and produces the JSON Schema
that editors use for completion (`schema.py`).
"""

from __future__ import annotations

import datetime
import re
from typing import Annotated, Any, ClassVar

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, WithJsonSchema
from pydantic_core import PydanticCustomError

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=80)]
Text = Annotated[str, StringConstraints(pattern=r"\S")]  # anything but blank; Markdown fields
# A passage is a sentence or a few, never a page: the bound keeps anchoring's cost bounded too.
Quote = Annotated[str, StringConstraints(pattern=r"\S", max_length=1000)]
QuoteContext = Annotated[str, StringConstraints(max_length=200)]
HTML_TAG = re.compile(r"<[A-Za-z!/?][^\s<>]{0,30}")  # how a browser's tokenizer sees a tag begin


def _no_tags(value: str) -> str:
    # Titles, claims, names and sources are shown as text, in pages, JSON-LD and
    # feeds alike. Escaping keeps a tag inert, but a tag in them is always a
    # mistake or an attack: refuse it where it was written.
    tag = HTML_TAG.search(value)
    if tag:
        raise PydanticCustomError("plain_text", "is plain text and cannot hold HTML tags", {"found": tag.group(0)})
    return value


# Text shown as it is written, never as markup.
PlainText = Annotated[
    str,
    StringConstraints(pattern=r"\S"),
    AfterValidator(_no_tags),
    WithJsonSchema({"type": "string", "pattern": r"^(?![\s\S]*<[A-Za-z!/?])[\s\S]*\S"}),
]
WebUrl = Annotated[str, StringConstraints(pattern=r"^https?://[^\s/$.?#][^\s]*$")]


def _iso_date(value: Any) -> datetime.date:
    # YAML already reads 2025-08-21 as a date; a quoted "2025-08-21" is fine too.
    # Anything else (a timestamp, a number, 21/08/2025) is refused rather than guessed.
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            pass
    raise PydanticCustomError("iso_date", "must be a calendar date written YYYY-MM-DD, such as 2025-08-21")


IsoDate = Annotated[
    datetime.date,
    BeforeValidator(_iso_date),
    WithJsonSchema({"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}),
]


class StrictModel(BaseModel):
    """Unknown keys are mistakes (usually misspellings), never silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(StrictModel):
    """A public source a reader can open."""

    title: PlainText = Field(description="The source's own title or headline.")
    url: WebUrl = Field(description="Its address; http or https only.")
    publisher: PlainText | None = Field(None, description="Who published it.")
    date: IsoDate | None = Field(None, description="Publication date, YYYY-MM-DD.")


class Correction(StrictModel):
    """A change of what was published, said in public: when, and what changed and why."""

    date: IsoDate = Field(description="When the correction was made, YYYY-MM-DD.")
    note: Text = Field(description="Markdown: what the earlier version said, what is right, and why it changed.")


class AnnotationBase(StrictModel):
    """What every annotation kind has: an anchored quote and a Markdown body."""

    id: Slug = Field(description="Lower-case slug, unique on the page; the permalink is page#id.")
    quote: Quote = Field(description="The passage as a reader sees it on the page (at most 1,000 characters).")
    prefix: QuoteContext | None = Field(None, description="Text just before the quote, to pick one of several matches.")
    suffix: QuoteContext | None = Field(None, description="Text just after the quote, to pick one of several matches.")
    title: PlainText | None = Field(None, description="A short heading for the note.")
    body: Text = Field(description="The note, in Markdown.")
    sources: list[Source] = Field(default_factory=list, description="Sources for the note.")
    terms: list[Slug] = Field(default_factory=list, description="Ids of related glossary terms.")
    corrections: list[Correction] = Field(
        default_factory=list, description="Oldest first; required once a published verdict or claim changes.")
    replaces: list[Slug] = Field(
        default_factory=list, description="Ids of notes merged into this one: their old permalinks lead here.")

    label: ClassVar[str] = "Note"  # each kind names itself: "Context", "Fact-check"

    @property
    def heading(self) -> str:
        """What the note is called: its title, else the passage it is about."""
        return self.title or self.quote

    def mark_attributes(self) -> dict[str, str]:
        """Attributes the kind adds to its passage's marks (DESIGN.md §5)."""
        return {}

    def reference_label(self, number: int) -> str:
        """What a screen reader says for the numbered reference."""
        return f"{self.label} {number}"

    @property
    def reference_symbol(self) -> str:
        """A glyph after the reference's number."""
        return ""
