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
from .fields import PlainText, Slug, Source, StrictModel, Text

Annotation = Annotated[Union[ContextNote, FactCheck], Field(discriminator="type")]
ANNOTATION_KINDS = (ContextNote, FactCheck)


class AnnotationFile(StrictModel):
    """`annotations/<page path>.yml`: the annotations of one page."""

    annotations: list[Annotation] = Field(description="The page's notes and fact-checks.")


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
    sources: list[Source] = Field(default_factory=list, description="Sources for what the definition states.")

    @property
    def names(self) -> list[str]:
        """The name and every alias, as they are linked in page text."""
        return [self.term, *self.aliases]


class GlossaryFile(StrictModel):
    """`annotations/glossary.yml`: the shared glossary."""

    terms: list[Term] = Field(description="The glossary's terms.")


__all__ = ["Annotation", "ANNOTATION_KINDS", "AnnotationFile", "Category", "ContextNote",
           "FactCheck", "GlossaryFile", "Slug", "Source", "Term", "Text", "Verdict"]
