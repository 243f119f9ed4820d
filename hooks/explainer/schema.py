"""The models in, JSON Schemas out: what editors use to complete and check annotation files.

The schemas are generated from the same pydantic declaration that validates
the files at build time (`models.AnnotationFile`, `models.GlossaryFile`), and
committed under `schema/`, where the first line of each annotation file names
them:

    # yaml-language-server: $schema=../../schema/annotations.schema.json

pydantic writes JSON Schema 2020-12. Editors' YAML support (the YAML language
server behind VS Code, and others) only fully understands draft-07, so the
output is restated in draft-07 terms: `$defs` becomes `definitions`, and a
`$ref` with sibling keywords (which draft-07 ignores) is wrapped in `allOf`.

Regenerate after changing a model:

    .venv/bin/python hooks/check_annotations.py --write-schemas
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .models import AnnotationFile, GlossaryFile
from .problems import Problem

DRAFT_07 = "http://json-schema.org/draft-07/schema#"
REGENERATE = ".venv/bin/python hooks/check_annotations.py --write-schemas"

# File name under schema/ -> (model, title shown by editors)
SCHEMAS: dict[str, tuple[type[BaseModel], str]] = {
    "annotations.schema.json": (AnnotationFile, "Annotations of one page (annotations/<page path>.yml)"),
    "glossary.schema.json": (GlossaryFile, "The shared glossary (annotations/glossary.yml)"),
}


def json_schema(model: type[BaseModel], title: str) -> dict[str, Any]:
    """The draft-07 JSON Schema of `model`."""
    generated = model.model_json_schema(ref_template="#/definitions/{model}")
    definitions = generated.pop("$defs", {})
    schema = {
        "$schema": DRAFT_07,
        "$comment": f"Generated from hooks/explainer/models.py; do not edit. Regenerate with: {REGENERATE}",
        **generated,
        "title": title,
    }
    if definitions:
        schema["definitions"] = definitions
    return _draft_07(schema)


def rendered() -> dict[str, str]:
    """The text of every committed schema file, by file name."""
    return {name: json.dumps(json_schema(model, title), indent=2, ensure_ascii=False) + "\n"
            for name, (model, title) in SCHEMAS.items()}


def stale(directory: Path) -> list[str]:
    """Names of the schema files in `directory` that are missing or differ from the models."""
    return [name for name, text in rendered().items()
            if not (directory / name).is_file() or (directory / name).read_text(encoding="utf-8") != text]


def write(directory: Path) -> list[str]:
    """Write every schema file into `directory`; return the names of those that changed."""
    changed = stale(directory)
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in rendered().items():
        if name in changed:
            (directory / name).write_text(text, encoding="utf-8")
    return changed


_MODELINE = re.compile(r"^#\s*yaml-language-server:\s*\$schema=(\S*)")


def declared_schema(text: str, expected: str, shown_as: str) -> Problem | None:
    """A problem when the YAML `text` does not name its schema at `expected` (a relative path).

    The YAML language server reads a `# yaml-language-server: $schema=PATH`
    comment; the check asks for it so every contributor's editor completes
    fields and flags mistakes as they type.
    """
    line = f"# yaml-language-server: $schema={expected}"
    for number, written in enumerate(text.splitlines(), 1):
        found = _MODELINE.match(written)
        if not found:
            continue
        if found.group(1) == expected:
            return None
        return Problem(shown_as, number, found.start(1) + 1,
                       f"the schema line names {found.group(1) or 'nothing'!r}, not this file's schema; write `{line}`")
    return Problem(shown_as, 1, 1, f"the file does not name its schema, which lets editors complete fields and flag mistakes as you type; "
                   f"make `{line}` its first line")


def _draft_07(node: Any) -> Any:
    if isinstance(node, list):
        return [_draft_07(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _draft_07(value) for key, value in node.items()}
    if "$ref" in node and len(node) > 1:
        ref = node.pop("$ref")
        node = {"allOf": [{"$ref": ref}], **node}
    return node
