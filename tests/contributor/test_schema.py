"""The JSON Schemas under schema/: generated from the models, and never stale."""

from __future__ import annotations

import json

from helpers import ROOT

from explainer import schema
from explainer.fact_check import Verdict
from explainer.models import Category

SCHEMA_DIR = ROOT / "schema"


def test_committed_schemas_match_the_models():
    stale = schema.stale(SCHEMA_DIR)
    assert not stale, f"schema/{', schema/'.join(stale)} no longer match hooks/explainer/models.py; regenerate with: {schema.REGENERATE}"


def test_write_regenerates_only_what_changed(tmp_path):
    assert sorted(schema.write(tmp_path)) == sorted(schema.SCHEMAS)
    assert schema.write(tmp_path) == []
    (tmp_path / "glossary.schema.json").write_text("{}", encoding="utf-8")
    assert schema.stale(tmp_path) == ["glossary.schema.json"]


def test_schemas_are_draft_07_that_editors_understand():
    for name in schema.SCHEMAS:
        data = json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))
        assert data["$schema"] == "http://json-schema.org/draft-07/schema#"
        text = json.dumps(data)
        assert "$defs" not in text  # draft-07 keeps definitions under "definitions"
        _assert_refs_stand_alone(data)


def test_annotation_schema_states_the_contract():
    data = json.loads((SCHEMA_DIR / "annotations.schema.json").read_text(encoding="utf-8"))
    definitions = data["definitions"]
    assert data["required"] == ["annotations"] and data["additionalProperties"] is False
    fact_check, context = definitions["FactCheck"], definitions["ContextNote"]
    assert set(fact_check["required"]) == {"id", "type", "quote", "claim", "verdict", "body", "sources"}
    assert set(context["required"]) == {"id", "type", "quote", "body"}
    assert fact_check["properties"]["sources"]["minItems"] == 1
    assert fact_check["additionalProperties"] is False and context["additionalProperties"] is False
    assert definitions["Verdict"]["enum"] == [verdict.value for verdict in Verdict]
    assert definitions["Source"]["properties"]["url"]["pattern"].startswith("^https?://")
    assert definitions["Source"]["properties"]["date"]["anyOf"][0]["pattern"] == r"^\d{4}-\d{2}-\d{2}$"


def test_glossary_schema_states_the_contract():
    data = json.loads((SCHEMA_DIR / "glossary.schema.json").read_text(encoding="utf-8"))
    term = data["definitions"]["Term"]
    assert set(term["required"]) == {"id", "term", "definition"}
    assert term["additionalProperties"] is False
    assert data["definitions"]["Category"]["enum"] == [category.value for category in Category]


def test_repository_annotation_files_name_their_schema():
    for path in sorted((ROOT / "annotations").rglob("*.yml")):
        relative = path.relative_to(ROOT / "annotations").as_posix()
        name = "glossary.schema.json" if relative == "glossary.yml" else "annotations.schema.json"
        expected = (SCHEMA_DIR / name).relative_to(ROOT).as_posix()
        depth = "../" * (len(path.relative_to(ROOT).parts) - 1)
        assert schema.declared_schema(path.read_text(encoding="utf-8"), depth + expected, relative) is None


def _assert_refs_stand_alone(node):
    # draft-07 ignores every keyword beside a $ref: descriptions would vanish.
    if isinstance(node, dict):
        assert "$ref" not in node or len(node) == 1, node
        for value in node.values():
            _assert_refs_stand_alone(value)
    elif isinstance(node, list):
        for item in node:
            _assert_refs_stand_alone(item)
