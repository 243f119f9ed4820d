"""Helpers for tests: real builds of real sites (importable from any test folder)."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import textwrap
from collections.abc import Iterator
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


def mkdocs_build(config_file: Path, site_dir: Path, *, strict: bool = True, verbose: bool = False,
                 dirty: bool = False) -> BuiltSite:
    """Run a real `mkdocs build` (never with -q: it would hide the warnings strict mode counts)."""
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(config_file), "-d", str(site_dir)]
    if strict:
        command.append("--strict")
    if dirty:
        command.append("--dirty")
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


def free_port() -> int:
    """A loopback port nothing listens on."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def mkdocs_serve(config_file: Path, log_file: Path) -> Iterator[tuple[subprocess.Popen, str]]:
    """A running `mkdocs serve` of `config_file` on a free loopback port, its output in `log_file`:
    (the process, the site's address). The server is always stopped."""
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "NO_COLOR": "1"}
    env.pop("SITE_URL", None)
    with open(log_file, "w", encoding="utf-8") as log:
        server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-f", str(config_file), "-a", f"127.0.0.1:{port}"],
                                  stdout=log, stderr=subprocess.STDOUT, env=env, cwd=config_file.parent)
    try:
        yield server, f"http://127.0.0.1:{port}/"
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)


def write_file(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")


# ---------------------------------------------------------------- a desk's history

DESK_PAGE = """\
---
title: A call about guarantees
original:
  title: Rubio says Europe should lead on guarantees
  url: https://example.org/news/rubio-call
  publisher: Example News
  date: 2025-08-22
---

# A call about guarantees

During a crucial call on July 15, 2023, with European national security
advisers, Rubio spoke about security guarantees within NATO.
"""

FACT_CHECK = """\
annotations:
  - id: call-date
    type: fact-check
    quote: July 15, 2023
    claim: The call took place on July 15, 2023.
    verdict: {verdict}
    body: The call took place on Thursday 21 August 2025.
    sources:
      - title: Marco Rubio confirmed as Secretary of State
        url: https://example.org/rubio-confirmed
{corrections}  - id: advisers
    type: context
    quote: European national security advisers
    body: Advisers to the leaders of several European countries.
"""

CORRECTION = """\
    corrections:
      - date: 2025-10-01
        note: An earlier version rated this claim incorrect; the date is wrong but the call did happen, so it is misleading.
"""

GLOSSARY = """\
terms:
  - id: nato
    term: NATO
    definition: {definition}
{corrections}"""

TERM_CORRECTION = """\
    corrections:
      - date: 2025-10-15
        note: An earlier version gave NATO 31 members; it has 32 since Sweden joined in 2024.
"""

DESK_CONFIG = MINIMAL_CONFIG.replace("site_url: http://127.0.0.1:8000/", "site_url: https://explainers.example.org/") + """\
repo_url: https://github.com/example/explainers
extra_css:
  - assets/explainer.css
extra_javascript:
  - assets/explainer.js
nav:
  - articles/call.md
  - glossary.md
  - fact-checks.md
  - corrections.md
extra:
  explainer:
    contact: corrections@explainers.example.org
"""



def git(repo: Path, *args: str, day: str | None = None) -> str:
    """git in `repo`, blind to the machine's configuration; commits dated `day` at noon UTC."""
    env = {**os.environ, "HOME": str(repo.parent), "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_AUTHOR_NAME": "Desk", "GIT_AUTHOR_EMAIL": "desk@example.org",
           "GIT_COMMITTER_NAME": "Desk", "GIT_COMMITTER_EMAIL": "desk@example.org"}
    if day:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"{day}T12:00:00+00:00"
    done = subprocess.run(["git", "-c", "init.defaultBranch=main", *args], cwd=repo, env=env,
                          capture_output=True, text=True, check=True)
    return done.stdout


def commit(repo: Path, day: str, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message, day=day)


def make_desk(repo: Path) -> Path:
    """A small site committed to a git repository at `repo` in four dated steps, as a desk
    would publish it: a fact-check added (1 September 2025), its verdict changed with a
    correction (1 October), a glossary term corrected (15 October), the article moved under
    articles/ (1 November)."""
    shutil.copytree(ROOT / "hooks", repo / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "overrides", repo / "overrides")
    shutil.copytree(ROOT / "docs" / "assets", repo / "docs" / "assets")
    write_file(repo / "mkdocs.yml", DESK_CONFIG.replace("articles/call.md", "call.md"))
    write_file(repo / "docs" / "call.md", DESK_PAGE)
    write_file(repo / "annotations" / "call.yml", FACT_CHECK.format(verdict="incorrect", corrections=""))
    write_file(repo / "annotations" / "glossary.yml", GLOSSARY.format(definition="A military alliance of 31 members.", corrections=""))
    git(repo, "init", "-q")
    commit(repo, "2025-09-01", "Add the call, a fact-check and NATO")
    write_file(repo / "annotations" / "call.yml", FACT_CHECK.format(verdict="misleading", corrections=CORRECTION))
    commit(repo, "2025-10-01", "Re-rate the call's date, with a correction")
    write_file(repo / "annotations" / "glossary.yml",
               GLOSSARY.format(definition="A military alliance of 32 members.", corrections=TERM_CORRECTION))
    commit(repo, "2025-10-15", "Correct NATO's membership")
    (repo / "docs" / "articles").mkdir()
    (repo / "annotations" / "articles").mkdir()
    git(repo, "mv", "docs/call.md", "docs/articles/call.md")
    git(repo, "mv", "annotations/call.yml", "annotations/articles/call.yml")
    write_file(repo / "mkdocs.yml", DESK_CONFIG)
    commit(repo, "2025-11-01", "Move the article under articles/")
    return repo


# ---------------------------------------------------------------- a Pagefind that does one thing more

_PAGEFIND_PROXY = """\
#!{python}
import base64, pathlib, subprocess, sys, time
real = subprocess.Popen([{pagefind!r}, *sys.argv[1:]], stdin=subprocess.PIPE)
pending = b""
while chunk := sys.stdin.buffer.read1(65536):
    pending += chunk
    *messages, pending = pending.split(b",")
    for message in messages:
        if b'"GetFiles"' in base64.b64decode(message):
            {on_get_files}
        real.stdin.write(message + b",")
        real.stdin.flush()
real.stdin.close()
sys.exit(real.wait())
"""


def pagefind_proxy(path: Path, on_get_files: str) -> Path:
    """An executable at `path` that passes every message on to the real Pagefind, first running the
    Python statement `on_get_files` (with time and pathlib imported) when asked for the index's files;
    for PAGEFIND_BINARY_PATH."""
    from pagefind_bin import get_executable

    path.write_text(_PAGEFIND_PROXY.format(python=sys.executable, pagefind=str(get_executable()), on_get_files=on_get_files),
                    encoding="utf-8")
    path.chmod(0o755)
    return path
