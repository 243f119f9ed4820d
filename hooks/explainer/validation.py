"""Plain data in, typed models out: validate a loaded YAML document.

Each error pydantic finds becomes a `Problem` at the line and column where the
contributor wrote the value, worded to say what was expected, what was found
and how to fix it. Entries are kept one by one: a broken annotation is left
out and the rest of its file still counts.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from .fact_check import Verdict
from .fields import SLUG_PATTERN, Source
from .models import ANNOTATION_KINDS, Annotation, AnnotationFile, Category, GlossaryFile, Term
from .problems import Problem, closest, did_you_mean
from .yamlsource import Document

_KIND_BY_TAG = {kind.model_fields["type"].annotation.__args__[0]: kind for kind in ANNOTATION_KINDS}
_KNOWN_KEYS = {name for model in (*ANNOTATION_KINDS, Source, Term, AnnotationFile, GlossaryFile) for name in model.model_fields}
_ENUMS = {"verdict": [v.value for v in Verdict], "category": [c.value for c in Category]}
_ANNOTATION = TypeAdapter(Annotation)
_TERM = TypeAdapter(Term)


def validate_annotations(document: Document) -> tuple[list[tuple[int, Any]], list[Problem]]:
    """The valid annotations of one page's file with their places in its list, and a problem for each mistake."""
    return _validate(document, AnnotationFile, "annotations", _ANNOTATION)


def validate_glossary(document: Document) -> tuple[list[tuple[int, Term]], list[Problem]]:
    """The valid terms of the glossary with their places in its list, and a problem for each mistake."""
    return _validate(document, GlossaryFile, "terms", _TERM)


def _validate(document: Document, model: type[BaseModel], list_key: str, item: TypeAdapter) -> tuple[list[tuple[int, Any]], list[Problem]]:
    try:
        return list(enumerate(getattr(model.model_validate(document.data), list_key))), []
    except ValidationError as error:
        errors = error.errors()
    problems = sorted(_problem(document, err) for err in errors)
    broken = {err["loc"][1] for err in errors if len(err["loc"]) > 1 and err["loc"][0] == list_key}
    file_is_broken = any(len(err["loc"]) < 2 or err["loc"][0] != list_key for err in errors)
    if file_is_broken:
        return [], problems
    entries = document.data[list_key]
    return [(index, item.validate_python(entry)) for index, entry in enumerate(entries) if index not in broken], problems


def _clean_location(loc: tuple) -> tuple:
    # pydantic puts the discriminator's value ("fact-check") into the location
    # of a tagged union member; the YAML has no such level.
    return tuple(part for i, part in enumerate(loc) if not (i and isinstance(loc[i - 1], int) and part in _KIND_BY_TAG))


def _problem(document: Document, err: dict) -> Problem:
    at = _clean_location(err["loc"])
    field = next((part for part in reversed(at) if isinstance(part, str)), "this entry")
    if at and isinstance(at[-1], int):
        field = f"each item of {field}"
    kind, value = err["type"], err.get("input")
    raw = document.raw.get(at)
    if kind == "extra_forbidden":
        return document.problem(at, _unknown_key(document, at, field), key=True)
    if kind == "missing":
        where = "a fact-check" if err["loc"][-2:-1] == ("fact-check",) else "this entry"
        return document.problem(at[:-1], f"{where} needs '{field}'; add it (for example `{field}: ...`)")
    if kind == "union_tag_not_found":
        return document.problem(at, "this annotation needs 'type': write `type: context` or `type: fact-check`")
    if kind == "union_tag_invalid":
        tags = ", ".join(_KIND_BY_TAG)
        return document.problem(at + ("type",), f"type must be one of {tags} (got {_shown(value.get('type'), document.raw.get(at + ('type',)))}){did_you_mean(str(value.get('type')), _KIND_BY_TAG)}")
    if kind == "enum":
        return document.problem(at, _enum_message(field, value, raw))
    if kind in {"model_type", "model_attributes_type", "dict_type"}:
        return document.problem(at, f"{field} must be a mapping of keys and values, such as `title: ...` on its own lines (got {_shown(value, raw)})")
    if kind == "list_type":
        return document.problem(at, f"{field} must be a list: one `- item` per line, or [a, b] (got {_shown(value, raw)})")
    if kind == "string_type":
        return document.problem(at, f"{field} must be text (got {_shown(value, raw)}){_quote_hint(value)}")
    if kind == "string_pattern_mismatch":
        return document.problem(at, _pattern_message(field, value, err["ctx"]["pattern"]))
    if kind == "string_too_long":
        return document.problem(at, f"{field} must be at most {err['ctx']['max_length']} characters long")
    if kind == "too_short" and field == "sources":
        return document.problem(at, "a fact-check needs at least one source a reader can open; add one under `sources:`")
    if kind == "iso_date":
        return document.problem(at, f"{field} must be a calendar date written YYYY-MM-DD, such as 2025-08-21 (got {_shown(value, raw)})")
    return document.problem(at, f"{field}: {err['msg']} (got {_shown(value, raw)})")


def _unknown_key(document: Document, at: tuple, key: str) -> str:
    parent = document.data
    for part in at[:-1]:
        parent = parent[part]
    tag = parent.get("type") if isinstance(parent, dict) else None
    if tag == "context" and key in _KIND_BY_TAG["fact-check"].model_fields:
        return f"'{key}' belongs to fact-checks; write `type: fact-check`, or remove '{key}'"
    return f"unknown key '{key}'{did_you_mean(key, _KNOWN_KEYS) or '; remove it or check the spelling'}"


def _enum_message(field: str, value: Any, raw: str | None) -> str:
    choices = _ENUMS.get(field, [])
    message = f"{field} must be one of {', '.join(choices)}"
    if isinstance(value, bool) and field == "verdict":
        fix = "accurate" if value else "incorrect"
        return f'{message} (got {raw}, which YAML reads as a boolean: write "{fix}")'
    hint = did_you_mean(re.sub(r"[\s_]+", "-", str(value).strip().lower()), choices)
    return f"{message} (got {_shown(value, raw)}){hint}"


def _pattern_message(field: str, value: str, pattern: str) -> str:
    if field == "url":
        return f"url must start with http:// or https:// (got {value!r}); link to a page a reader can open"
    if pattern == SLUG_PATTERN:
        slug = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-") or "a-slug"
        return f"{field} must be a lower-case slug of letters, digits and hyphens (got {value!r}); write {slug!r}"
    return f"{field} must not be empty"


def _shown(value: Any, raw: str | None) -> str:
    if raw is not None:
        return raw if raw else "an empty value"
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value)


def _quote_hint(value: Any) -> str:
    if isinstance(value, bool):
        return ", which YAML reads as a boolean: put it in quotes"
    if isinstance(value, (int, float)):
        return ", which YAML reads as a number: put it in quotes"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return ", which YAML reads as a date: put it in quotes"
    return ""


__all__ = ["validate_annotations", "validate_glossary", "closest"]
