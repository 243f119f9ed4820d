"""The bad-input corpus: one contributor's mistake per case, with the exact message it gets.

Each folder under cases/ holds the file(s) a contributor wrote and
`expected.txt`, the `path:LINE:COL: message` lines the check prints for them,
in order. The files are put into a copy of site/ (the seed article as
docs/articles/sample.md, a small glossary): a case's `glossary.yml` replaces
the glossary, any other file goes to annotations/articles/ under its own name
(so `sample.yml` annotates docs/articles/sample.md).

Every case runs through the core, as the check command runs it, with the
page rendered once per session; a few also run through the check command
itself and through a real `mkdocs build --strict`, which must print the same
lines and fail. After changing a message on purpose, rewrite the expected
files with `UPDATE_EXPECTED=1 .venv/bin/python -m pytest tests/contributor`
and review the diff.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from check_annotations import MkDocsSite, check_annotations
from helpers import MINIMAL_CONFIG, ROOT, mkdocs_build

HERE = Path(__file__).parent
CASES = HERE / "cases"
SITE = HERE / "site"
NAMES = sorted(path.name for path in CASES.iterdir() if path.is_dir())
UPDATE = os.environ.get("UPDATE_EXPECTED") == "1"

# Cases that also run through a real strict build and through the check command.
THROUGH_BUILD = ["verdict-boolean-false", "quote-not-found", "yaml-python-tag", "page-does-not-exist", "body-script-and-javascript-link",
                 "body-in-page-link-to-no-id", "body-link-to-another-pages-missing-id"]
THROUGH_COMMAND = ["verdict-boolean-no", "quote-ambiguous", "every-problem-of-every-file", "yaml-anchor-and-alias",
                   "body-link-to-another-pages-missing-id"]


def install(case: str, root: Path, *, with_site: bool = False) -> Path:
    """A project in `root`: the corpus site, the repository's schemas, and the case's files."""
    shutil.copytree(SITE / "annotations", root / "annotations", dirs_exist_ok=True)
    shutil.copytree(ROOT / "schema", root / "schema", dirs_exist_ok=True)
    if with_site:
        shutil.copytree(SITE / "docs", root / "docs", dirs_exist_ok=True)
        shutil.copytree(ROOT / "hooks", root / "hooks", ignore=shutil.ignore_patterns("__pycache__"), dirs_exist_ok=True)
        shutil.copytree(ROOT / "overrides", root / "overrides", dirs_exist_ok=True)
        (root / "mkdocs.yml").write_text(MINIMAL_CONFIG, encoding="utf-8")
    for path in sorted((CASES / case).iterdir()):
        if path.name == "expected.txt":
            continue
        target = root / "annotations" / (path.name if path.name == "glossary.yml" else f"articles/{path.name}")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)  # byte for byte: some cases are not UTF-8
    return root


def expected(case: str) -> list[str]:
    return (CASES / case / "expected.txt").read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="session")
def corpus_site(tmp_path_factory):
    """The corpus site as MkDocs sees it, with each page rendered once."""
    root = install(NAMES[0], tmp_path_factory.mktemp("corpus"), with_site=True)
    site = MkDocsSite.load(root / "mkdocs.yml")
    rendered = {page: site.render(page) for page in site.pages}
    return site, rendered


def test_the_corpus_is_large_enough():
    assert len(NAMES) >= 30
    for name in NAMES:
        files = [path.name for path in (CASES / name).iterdir()]
        assert "expected.txt" in files and len(files) >= 2, name


@pytest.mark.parametrize("case", NAMES)
def test_case(case, corpus_site, tmp_path):
    site, rendered = corpus_site
    root = install(case, tmp_path)
    report = check_annotations(root, site.pages, lambda page, generated: site.render(page, generated) if generated else rendered[page], site.settings,
                               site.docs_shown, root / "schema")
    lines = [str(problem) for problem in report.problems]
    if UPDATE:
        (CASES / case / "expected.txt").write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    assert lines == expected(case)


@pytest.mark.parametrize("case", THROUGH_COMMAND)
def test_case_through_the_check_command(case, tmp_path):
    root = install(case, tmp_path, with_site=True)
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("GITHUB_ACTIONS", None)
    done = subprocess.run([sys.executable, str(ROOT / "hooks" / "check_annotations.py"), "-f", str(root / "mkdocs.yml")],
                          capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60)
    assert done.returncode == 1, done.stderr
    assert done.stdout.splitlines() == expected(case)
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("case", THROUGH_BUILD)
def test_case_through_a_strict_build(case, tmp_path):
    root = install(case, tmp_path / "project", with_site=True)
    site = mkdocs_build(root / "mkdocs.yml", tmp_path / "site")
    assert site.returncode == 1, site.log
    assert "Traceback" not in site.log
    logged = [line.removeprefix("WARNING -  explainer: ") for line in site.log.splitlines() if line.startswith("WARNING -  explainer: ")]
    assert sorted(logged) == sorted(expected(case))
