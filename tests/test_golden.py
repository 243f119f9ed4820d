"""Golden cases: a page and its annotations in, the annotated HTML out.

Each folder under tests/cases/ holds page.md, annotations.yml, an optional
glossary.yml and expected.html. Run with UPDATE_GOLDEN=1 to rewrite
expected.html after a deliberate change, then read the diff before committing.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import markdown
import pytest

from explainer.build import ExplainerBuild, Settings

CASES = Path(__file__).parent / "cases"


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.iterdir() if p.is_dir()))
def test_golden(case, tmp_path):
    folder = CASES / case
    annotations = tmp_path / "annotations"
    annotations.mkdir()
    shutil.copy(folder / "annotations.yml", annotations / "page.yml")
    if (folder / "glossary.yml").exists():
        shutil.copy(folder / "glossary.yml", annotations / "glossary.yml")
    build = ExplainerBuild.load(annotations, "annotations", {"page.md"}, Settings(site_url="https://example.org/"))
    assert build.problems == []
    html = markdown.markdown((folder / "page.md").read_text(encoding="utf-8"))
    result = build.annotate(html, "page.md")
    assert result.problems == []
    expected = folder / "expected.html"
    if os.environ.get("UPDATE_GOLDEN") or not expected.exists():
        expected.write_text(result.html, encoding="utf-8")
    assert result.html == expected.read_text(encoding="utf-8")
