"""Shared fixtures: real builds of real sites in temporary folders."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = "articles/rubio-ukraine-security-guarantees.md"


@dataclass
class BuiltSite:
    """A site built by `mkdocs build --strict`, with its log."""

    root: Path
    returncode: int
    log: str

    def page(self, path: str) -> BeautifulSoup:
        """The parsed HTML of a built file, e.g. "articles/x/index.html"."""
        return BeautifulSoup((self.root / path).read_text(encoding="utf-8"), "html.parser")


def mkdocs_build(config_file: Path, site_dir: Path, *, strict: bool = True) -> BuiltSite:
    """Run a real `mkdocs build` (never with -q: it would hide the warnings strict mode counts)."""
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(config_file), "-d", str(site_dir)]
    if strict:
        command.append("--strict")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "NO_COLOR": "1"}
    env.pop("SITE_URL", None)
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=config_file.parent)
    return BuiltSite(site_dir, done.returncode, done.stdout + done.stderr)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> BuiltSite:
    """The repository's own site, built once per test session."""
    site = mkdocs_build(ROOT / "mkdocs.yml", tmp_path_factory.mktemp("site") / "site")
    assert site.returncode == 0, site.log
    return site


MINIMAL_CONFIG = """\
site_name: Test site
site_url: http://127.0.0.1:8000/
hooks:
  - hooks/annotate.py
theme:
  name: material
  custom_dir: overrides
  font: false
markdown_extensions:
  - toc:
      permalink: true
plugins:
  - search
validation:
  anchors: warn
"""


@pytest.fixture
def make_project(tmp_path):
    """A small site of our own: `make_project(pages={...}, annotations={...}, glossary=...)`.

    It uses this repository's hooks and theme overrides; pages and annotation
    files are given as text, keyed by their path under docs/ and annotations/.
    """

    def make(pages: dict[str, str], annotations: dict[str, str] | None = None, glossary: str | None = None) -> Path:
        project = tmp_path / "project"
        shutil.copytree(ROOT / "hooks", project / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copytree(ROOT / "overrides", project / "overrides")
        (project / "mkdocs.yml").write_text(MINIMAL_CONFIG, encoding="utf-8")
        for path, text in pages.items():
            _write(project / "docs" / path, text)
        for path, text in (annotations or {}).items():
            _write(project / "annotations" / path, text)
        if glossary is not None:
            _write(project / "annotations" / "glossary.yml", glossary)
        (project / "annotations").mkdir(exist_ok=True)
        return project

    return make


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
