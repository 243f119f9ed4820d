"""Helpers for tests: real builds of real sites (importable from any test folder)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

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


def mkdocs_build(config_file: Path, site_dir: Path, *, strict: bool = True, verbose: bool = False) -> BuiltSite:
    """Run a real `mkdocs build` (never with -q: it would hide the warnings strict mode counts)."""
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(config_file), "-d", str(site_dir)]
    if strict:
        command.append("--strict")
    if verbose:
        command.append("-v")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "NO_COLOR": "1"}
    env.pop("SITE_URL", None)
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=config_file.parent)
    return BuiltSite(site_dir, done.returncode, done.stdout + done.stderr)


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


def write_file(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
