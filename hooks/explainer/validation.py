"""Plain data in, typed models out: validate a loaded YAML document.

Each error pydantic finds becomes a `Problem` at the line and column where the
contributor wrote the value, worded to say what was expected, what was found
and how to fix it. Entries are kept one by one: a broken annotation is left
out and the rest of its file still counts.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from .fact_check import Verdict
from .fields import SLUG_PATTERN, Source
from .fields import Correction
from .models import ANNOTATION_KINDS, Annotation, AnnotationFile, Category, FrontMatter, GlossaryFile, Retired, Summary, Term
from .problems import Problem, closest, did_you_mean
from .yamlsource import Document

_KIND_BY_TAG = {kind.model_fields["type"].annotation.__args__[0]: kind for kind in ANNOTATION_KINDS}
_ENUMS = {"verdict": [v.value for v in Verdict], "category": [c.value for c in Category]}
_ANNOTATION = TypeAdapter(Annotation)
_TERM = TypeAdapter(Term)
_SUMMARY = TypeAdapter(Summary)
_RETIRED = TypeAdapter(Retired)


@dataclass
class PageFile:
    """What of one page's annotation file is valid: each part is kept or left out on its own."""

    annotations: list[tuple[int, Any]] = field(default_factory=list)  # (place in the list, annotation)
    summary: Summary | None = None
    retired: list[tuple[int, Retired]] = field(default_factory=list)


def validate_annotations(document: Document) -> tuple[PageFile, list[Problem]]:
    """The valid parts of one page's file, and a problem for each mistake."""
    valid, errors = _validated(document, AnnotationFile)
    if valid is not None:
        return PageFile(list(enumerate(valid.annotations)), valid.summary, list(enumerate(valid.retired))), []
    loose = _note_fields_without_a_list(document.data)
    if loose:  # one line for the mistake, rather than one per field and another for the missing list
        return PageFile(), [document.problem((loose[0],), (
            f"{', '.join(loose)}: a note's fields, but notes go in the list under `annotations:`; write `annotations:` "
            "on a line of its own above them, and start the note with `- ` (its other lines indented under the dash)"), key=True)]
    annotations, problems = _entries(document, AnnotationFile, "annotations", _ANNOTATION, errors)
    data = document.data if isinstance(document.data, dict) else {}
    broken = {_clean_location(err["loc"])[:2] for err in errors}
    summary = None
    if isinstance(data.get("summary"), dict) and not any(loc[:1] == ("summary",) for loc in broken):
        summary = _SUMMARY.validate_python(data["summary"])
    retired = []
    if isinstance(data.get("retired"), list) and ("retired",) not in broken:
        retired = [(index, _RETIRED.validate_python(entry)) for index, entry in enumerate(data["retired"])
                   if ("retired", index) not in broken]
    return PageFile(annotations, summary, retired), problems


def _note_fields_without_a_list(data: Any) -> list[str]:
    """The keys of a file with no `annotations:` that are a note's fields (`id`, `quote`...), written at its top."""
    if not isinstance(data, dict) or "annotations" in data:
        return []
    note_fields = {name for kind in _KIND_BY_TAG.values() for name in kind.model_fields}
    return [key for key in data if key in note_fields and key not in AnnotationFile.model_fields]


def validate_glossary(document: Document) -> tuple[list[tuple[int, Term]], list[Problem]]:
    """The valid terms of the glossary with their places in its list, and a problem for each mistake."""
    return _validate(document, GlossaryFile, "terms", _TERM)


def validate_front_matter(document: Document) -> tuple[FrontMatter, list[Problem]]:
    """The hooks' fields of a page's front matter; a mistake leaves out that field alone."""
    data = document.data if isinstance(document.data, dict) else {}
    problems = []
    if "title" in data and data["title"] is None:  # `title:` alone, which YAML reads as no value and the model allows
        problems.append(document.problem(("title",), "title is empty: write the page's headline after `title:`, "
                                         "or delete the line to have the page's first heading as its title"))
        data = {key: value for key, value in data.items() if key != "title"}
    try:
        return FrontMatter.model_validate(data), problems
    except ValidationError as error:
        errors = error.errors()
    problems = sorted(problems + [_problem(document, err, FrontMatter) for err in errors])
    broken = {err["loc"][0] for err in errors if err["loc"]}
    kept = {key: value for key, value in data.items() if key not in broken}
    return FrontMatter.model_validate(kept), problems


def _validated(document: Document, model: type[BaseModel]) -> tuple[BaseModel | None, list[dict]]:
    """The file as `model`, or None and pydantic's errors: validated once, whatever is then kept."""
    try:
        return model.model_validate(document.data), []
    except ValidationError as error:
        return None, error.errors()


def _validate(document: Document, model: type[BaseModel], list_key: str, item: TypeAdapter) -> tuple[list[tuple[int, Any]], list[Problem]]:
    valid, errors = _validated(document, model)
    if valid is not None:
        return list(enumerate(getattr(valid, list_key))), []
    return _entries(document, model, list_key, item, errors)


def _entries(document: Document, model: type[BaseModel], list_key: str, item: TypeAdapter,
             errors: list[dict]) -> tuple[list[tuple[int, Any]], list[Problem]]:
    """The entries of `list_key` that have no error, and a problem for each error."""
    # A misspelt key is reported once, as a misspelling, and not again as a missing field.
    misspelt = {(at[:-1], _suggested_key(document, at, model)) for at in (_clean_location(e["loc"]) for e in errors if e["type"] == "extra_forbidden")}
    errors_shown = [e for e in errors if not (e["type"] == "missing" and (_clean_location(e["loc"])[:-1], e["loc"][-1]) in misspelt)]
    problems = sorted(_problem(document, err, model) for err in errors_shown)
    # Only a mistake in the file's shape or in the list itself leaves out every
    # entry; a broken summary or retired entry is left out on its own.
    if any(tuple(err["loc"]) in {(), (list_key,)} for err in errors):
        return [], problems
    by_entry: dict[int, list[tuple]] = {}
    for err in errors:
        at = _clean_location(err["loc"])
        if len(at) > 1 and at[0] == list_key:
            by_entry.setdefault(at[1], []).append((err["type"], at))
    kept = []
    for index, entry in enumerate(document.data[list_key]):
        found = by_entry.get(index)
        if found and all(kind == "extra_forbidden" and len(at) == 3 for kind, at in found):
            # Unknown keys alone: the entry is taken without them, so that its other mistakes (a link, a
            # term, its quote) are said now too, not once the key is mended; the build fails all the same.
            unknown = {at[2] for _, at in found}
            entry, found = {key: value for key, value in entry.items() if key not in unknown}, None
        if not found:
            try:
                kept.append((index, item.validate_python(entry)))
            except ValidationError:  # what the unknown key stood in for is missing: said as a misspelling above
                pass
    return kept, problems


def _clean_location(loc: tuple) -> tuple:
    # pydantic puts the discriminator's value ("fact-check") into the location
    # of a tagged union member; the YAML has no such level.
    return tuple(part for i, part in enumerate(loc) if not (i and isinstance(loc[i - 1], int) and part in _KIND_BY_TAG))


def _problem(document: Document, err: dict, file_model: type[BaseModel]) -> Problem:
    at = _clean_location(err["loc"])
    field = next((part for part in reversed(at) if isinstance(part, str)), "this entry")
    if at and isinstance(at[-1], int):
        field = f"each item of {field}"
    kind, value = err["type"], err.get("input")
    raw = document.raw.get(at)
    if kind == "extra_forbidden":
        return document.problem(at, _unknown_key(document, at, file_model), key=True)
    if kind == "missing":
        return document.problem(at[:-1], _missing_message(document, at, file_model))
    if kind == "union_tag_not_found":
        written = value if isinstance(value, dict) else {}
        near = next((key for key in written if isinstance(key, str) and key != "type" and closest(key.lower(), ["type"], 0.7)), None)
        if near is not None:
            return document.problem(at + (near,), f"unknown key '{near}'; did you mean 'type'? (`type: context` or `type: fact-check`)", key=True)
        return document.problem(at, "this annotation needs 'type': write `type: context` or `type: fact-check`")
    if kind == "union_tag_invalid":
        tags = ", ".join(_KIND_BY_TAG)
        return document.problem(at + ("type",), f"type must be one of {tags} (got {_shown(value.get('type'), document.raw.get(at + ('type',)))}){did_you_mean(str(value.get('type')), _KIND_BY_TAG)}")
    if kind == "enum":
        return document.problem(at, _enum_message(field, value, raw))
    if kind in {"model_type", "model_attributes_type", "dict_type"}:
        if len(at) >= 2 and at[-2] == "sources":
            return document.problem(at, f"each item of sources must be a source, with `title: ...` and `url: ...` on lines of their own (got {_shown(value, raw)})")
        return document.problem(at, f"{field} must be a mapping of keys and values, such as `title: ...` on its own lines (got {_shown(value, raw)})")
    if kind == "list_type":
        return document.problem(at, _list_message(field, value, raw))
    if kind == "string_type":
        return document.problem(at, f"{field} must be text (got {_shown(value, raw)}){_quote_hint(value)}")
    if kind == "string_pattern_mismatch":
        return document.problem(at, _pattern_message(field, value, err["ctx"]["pattern"]))
    if kind == "string_too_long":
        return document.problem(at, f"{field} must be at most {err['ctx']['max_length']} characters long (got {len(value)}); shorten it")
    if kind == "too_short" and field == "sources":
        return document.problem(at, "a fact-check needs at least one source a reader can open; add one under `sources:`")
    if kind == "plain_text":
        return document.problem(at, f"{field} is plain text and cannot hold HTML tags (found {err['ctx']['found']!r}); write it without the tag")
    if kind == "iso_date":
        return document.problem(at, f"{field} must be a calendar date written YYYY-MM-DD, such as 2025-08-21 (got {_shown(value, raw)}{_date_hint(value)})")
    return document.problem(at, f"{field}: {err['msg']} (got {_shown(value, raw)})")


_KIND_NAMES = {"ContextNote": "a context note", "FactCheck": "a fact-check", "Source": "a source",
               "Correction": "a correction", "Summary": "the summary", "Retired": "a retired fact-check",
               "Term": "a glossary term", "AnnotationFile": "an annotation file", "GlossaryFile": "the glossary file"}


def _models_at(document: Document, parent: tuple, file_model: type[BaseModel]) -> list[type[BaseModel]]:
    """The model(s) the mapping at `parent` is meant to be: several when its kind is unclear."""
    if not parent:
        return [file_model]
    if len(parent) >= 2 and parent[-2] == "sources" or parent == ("original",):
        return [Source]
    if len(parent) >= 2 and parent[-2] == "corrections":
        return [Correction]
    if parent == ("summary",):
        return [Summary]
    if len(parent) == 2 and parent[0] == "retired":
        return [Retired]
    if len(parent) == 2 and file_model is GlossaryFile:
        return [Term]
    if len(parent) == 2:
        mapping = _value_at(document, parent)
        tag = mapping.get("type") if isinstance(mapping, dict) else None
        return [_KIND_BY_TAG[tag]] if tag in _KIND_BY_TAG else list(ANNOTATION_KINDS)
    return []


def _value_at(document: Document, at: tuple) -> Any:
    value = document.data
    for part in at:
        value = value[part]
    return value


def _suggested_key(document: Document, at: tuple, file_model: type[BaseModel]) -> str | None:
    keys = {name for model in _models_at(document, at[:-1], file_model) for name in model.model_fields}
    return closest(str(at[-1]), keys)


def _unknown_key(document: Document, at: tuple, file_model: type[BaseModel]) -> str:
    key = str(at[-1])
    models = _models_at(document, at[:-1], file_model)
    if models == [_KIND_BY_TAG["context"]] and key in _KIND_BY_TAG["fact-check"].model_fields:
        return f"'{key}' belongs to fact-checks; write `type: fact-check`, or remove '{key}'"
    suggestion = _suggested_key(document, at, file_model)
    if suggestion:
        return f"unknown key '{key}'; did you mean '{suggestion}'?"
    if not models:
        return f"unknown key '{key}'; remove it or check the spelling"
    keys = sorted(dict.fromkeys(name for model in models for name in model.model_fields), key=lambda name: (name != "id", name != "type"))
    owners = [name for model, name in _KEY_OWNERS if key in model.model_fields and model not in models]
    belongs = f": it belongs to {owners[0]}" if owners else ""
    what = _KIND_NAMES.get(models[0].__name__, "this entry") if len(models) == 1 else "an annotation"
    return f"unknown key '{key}'{belongs}; {what} has {', '.join(keys)}"


_SUBJECTS = {"ContextNote": "this context note", "FactCheck": "a fact-check", "Source": "this source", "Term": "this glossary term",
             "Correction": "each correction", "Summary": "the summary", "Retired": "each retired fact-check"}

_KEY_OWNERS = [(Term, "glossary terms, in annotations/glossary.yml"), (Source, "sources, under `sources:`"),
               (_KIND_BY_TAG["fact-check"], "fact-checks")]


def _missing_message(document: Document, at: tuple, file_model: type[BaseModel]) -> str:
    field, parent = at[-1], at[:-1]
    models = _models_at(document, parent, file_model)
    what = _SUBJECTS.get(models[0].__name__, "this entry") if len(models) == 1 else "this entry"
    if models == [_KIND_BY_TAG["fact-check"]] and field == "sources":
        return "a fact-check needs at least one source a reader can open; add `sources:` with a `- title: ...` and `url: ...` for each"
    if models == [_KIND_BY_TAG["fact-check"]] and field == "verdict":
        return f"a fact-check needs 'verdict', one of {', '.join(_ENUMS['verdict'])}; add it (CONTRIBUTING.md says how to choose)"
    if not parent:
        return f"this file needs '{field}', the list of its {'notes and fact-checks' if field == 'annotations' else 'terms'}; start it with `{field}:` on a line of its own"
    return f"{what} needs '{field}'; add it (for example `{field}: ...`)"


def _enum_message(field: str, value: Any, raw: str | None) -> str:
    choices = _ENUMS.get(field, [])
    message = f"{field} must be one of {', '.join(choices)}"
    if isinstance(value, bool) and field == "verdict":
        fix = "accurate" if value else "incorrect"
        return f'{message} (got {raw}, which YAML reads as a boolean: write "{fix}")'
    written = re.sub(r"[\s_]+", "-", str(value).strip().lower())
    match = _SYNONYMS.get(written) if field == "category" else None
    match = match or closest(written, choices) or closest(written.removesuffix("s"), choices)
    hint = f"; did you mean '{match}'?" if match else ""
    return f"{message} (got {_shown(value, raw)}){hint}"


# Words contributors reach for that are not on the category list.
_SYNONYMS = {"people": "person", "persons": "person", "organisation": "organization", "institution": "organization",
             "country": "place", "city": "place", "region": "place", "treaty": "document", "agreement": "document",
             "law": "document", "idea": "concept", "term": "concept", "meeting": "event", "summit": "event"}


def _list_message(field: str, value: Any, raw: str | None) -> str:
    if field == "sources":
        return f"sources must be a list of sources, each a `- title: ...` with its `url: ...` on the next line (got {_shown(value, raw)})"
    message = f"{field} must be a list: one `- item` per line, or [a, b] (got {_shown(value, raw)})"
    if isinstance(value, str) and "," in value:
        items = ", ".join(part.strip() for part in value.split(",") if part.strip())
        message += f"; write [{items}]"
    return message


def _date_hint(value: Any) -> str:
    if isinstance(value, datetime.datetime):
        return f", a date with a time: keep the date alone, {value.date().isoformat()}"
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return ", which is no day of the calendar"
    return ""


def _pattern_message(field: str, value: str, pattern: str) -> str:
    if field == "url":
        if re.match(r"https?://", value, re.IGNORECASE) and re.search(r"\s", value):
            return f"url has a space or a line break in it (got {value!r}); remove it, or write a space in an address as %20"
        if re.match(r"https?://", value, re.IGNORECASE):
            return f"url names no site after {value[:value.index('//') + 2]!r} (got {value!r}); copy the whole address of the page"
        return f"url must start with http:// or https:// (got {value!r}); link to a page a reader can open"
    if pattern == SLUG_PATTERN:
        slug = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-") or "a-slug"
        return f"{field} must be a lower-case slug of letters, digits and hyphens (got {value!r}); write {slug!r}"
    if field in ("title", "publisher"):
        return f"{field} must not be empty; write one, or remove the line"
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
