"""The `context` annotation kind: background a reader needs, with no verdict."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from .fields import AnnotationBase


class ContextNote(AnnotationBase):
    """Background for a passage: what a term means, what happened before or after."""

    type: Literal["context"] = Field(description="context: a note with no verdict.")

    label: ClassVar[str] = "Context"
