"""The contract of DESIGN.md §2 as types: annotation files and the glossary.

Adding an annotation kind means adding a module like `fact_check.py` and
naming its class in `Annotation` below.
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Union

from pydantic import Field

from .context_note import ContextNote
from .fact_check import FactCheck, Verdict
from .fields import Correction, IsoDate, PlainText, Slug, Source, StrictModel, Text

Annotation = Annotated[Union[ContextNote, FactCheck], Field(discriminator="type")]
ANNOTATION_KINDS = (ContextNote, FactCheck)


class Summary(StrictModel):
    """The box at the top of an article: the bottom line, what is known and what is not."""

    bottom_line: Text = Field(description="Markdown, one or two sentences: what a reader should take away.")
    known: list[Text] = Field(default_factory=list, description="Markdown items: what the public record establishes.")
    unknown: list[Text] = Field(default_factory=list, description="Markdown items: what it does not.")


class Retired(StrictModel):
    """A published fact-check withdrawn: its permalink still says what happened."""

    id: Slug = Field(description="The id the fact-check had.")
    date: IsoDate = Field(description="When it was withdrawn, YYYY-MM-DD.")
    note: Text = Field(description="Markdown: why it was withdrawn, and where its content went, if anywhere.")


class AnnotationFile(StrictModel):
    """`annotations/<page path>.yml`: the annotations of one page."""

    summary: Summary | None = Field(None, description="Shown at the top of the article, above the verdict counts.")
    annotations: list[Annotation] = Field(description="The page's notes and fact-checks.")
    retired: list[Retired] = Field(default_factory=list, description="Fact-checks withdrawn after publication.")


class FrontMatter(StrictModel):
    """What the hooks read from an article's front matter (other keys belong to MkDocs and are left alone)."""

    model_config = StrictModel.model_config | {"extra": "ignore"}

    title: PlainText | None = Field(None, description="The page's title, in plain text.")
    published: IsoDate | None = Field(None, description="First publication of the explainer; default: the first commit of its annotation file.")
    reviewed: IsoDate | None = Field(None, description="The last full editorial review.")
    original: Source | None = Field(None, description="Where the rated text appears: ClaimReview's itemReviewed.appearance.")
    provenance: PlainText | None = Field(None, description="Where the article's text comes from, in one sentence.")


class Category(str, Enum):
    PERSON = "person"
    ORGANIZATION = "organization"
    PLACE = "place"
    EVENT = "event"
    DOCUMENT = "document"
    CONCEPT = "concept"

    @property
    def heading(self) -> str:
        return {"person": "People", "organization": "Organizations", "place": "Places",
                "event": "Events", "document": "Documents", "concept": "Concepts"}[self.value]


class Term(StrictModel):
    """A glossary entry, linked wherever its name or an alias occurs."""

    id: Slug = Field(description="Unique slug; the permalink is glossary/#id.")
    term: PlainText = Field(description="The display name.")
    aliases: list[PlainText] = Field(default_factory=list, description="Other forms linked to this term.")
    category: Category | None = Field(None, description="person, organization, place, event, document or concept.")
    definition: Text = Field(description="Markdown; its first sentence is the short form shown on hover.")
    see_also: list[Slug] = Field(default_factory=list, description="Ids of related terms.")
    not_in: list[PlainText] = Field(default_factory=list, description="Names that hold the term's name or an alias "
                                    "and are not it (The Moscow Times): the term is not linked inside them.")
    sources: list[Source] = Field(default_factory=list, description="Sources for what the definition states.")
    corrections: list[Correction] = Field(default_factory=list, description="Oldest first: every change of what the entry stated.")

    @property
    def names(self) -> list[str]:
        """The name and every alias, as they are linked in page text."""
        return [self.term, *self.aliases]


class GlossaryFile(StrictModel):
    """`annotations/glossary.yml`: the shared glossary."""

    terms: list[Term] = Field(description="The glossary's terms.")


__all__ = ["Annotation", "ANNOTATION_KINDS", "AnnotationFile", "Category", "ContextNote", "Correction", "FactCheck",
           "FrontMatter", "GlossaryFile", "Retired", "Slug", "Source", "Summary", "Term", "Text", "Verdict"]
