"""Mistakes in a page's own file (its bytes, its front matter), through a real `mkdocs build --strict`
and the check command: each is one located line, the same in both, never a traceback or a line
blaming the hooks; without --strict the page is still built, annotated."""

from __future__ import annotations

import subprocess
import sys

import pytest

from helpers import mkdocs_build

PAGE = """\
---
title: A call in July
---

# The call

During a crucial call on July 15, 2023, Rubio spoke about security guarantees.
"""

NOTE = """\
annotations:
  - id: call-date
    type: context
    quote: July 15, 2023
    body: The call took place in August 2025.
"""


def explainer_lines(log: str) -> list[str]:
    return [line.split("explainer: ", 1)[1] for line in log.splitlines() if "explainer: docs/" in line]


def checked(project) -> list[str]:
    """The problem lines the check command prints for `project`."""
    done = subprocess.run([sys.executable, "hooks/check_annotations.py", "-f", "mkdocs.yml"], cwd=project,
                          capture_output=True, text=True)
    assert "Traceback" not in done.stdout + done.stderr
    return [line for line in done.stdout.splitlines() if line.startswith("docs/")]


def built(project, tmp_path, strict: bool = True):
    site = mkdocs_build(project / "mkdocs.yml", tmp_path / ("site" if strict else "site-lenient"), strict=strict)
    assert "Traceback" not in site.log and "fault in the hooks" not in site.log, site.log
    return site


def test_a_page_that_is_not_utf8_is_located_and_still_built(make_project, tmp_path):
    project = make_project({"page.md": PAGE}, {"page.yml": NOTE})
    with (project / "docs" / "page.md").open("ab") as page:
        page.write(b"\nThe caf\xe9 was closed.\n")
    expected = "docs/page.md:9:8: the file is not UTF-8 text (byte 0xE9 here is not UTF-8); save it as UTF-8"

    strict = built(project, tmp_path)
    assert strict.returncode == 1
    assert explainer_lines(strict.log) == [expected]
    assert checked(project) == [expected]

    lenient = built(project, tmp_path, strict=False)
    assert lenient.returncode == 0, lenient.log
    page = lenient.page("page/index.html")
    assert page.select_one('mark[data-annotation="call-date"]') is not None
    assert "The caf\ufffd was closed." in page.get_text()


@pytest.mark.parametrize("title, expected", [
    ("", "docs/page.md:2:7: title is empty: write the page's headline after `title:`, or delete the line to have "
         "the page's first heading as its title"),
    (" 2025", "docs/page.md:2:8: title must be text (got 2025), which YAML reads as a number: put it in quotes"),
    (" [a, b]", "docs/page.md:2:8: title must be text (got a list)"),
])
def test_a_title_that_is_not_text_is_located_and_the_heading_stands_in(make_project, tmp_path, title, expected):
    project = make_project({"page.md": PAGE.replace("title: A call in July", f"title:{title}")}, {"page.yml": NOTE})

    strict = built(project, tmp_path)
    assert strict.returncode == 1
    assert explainer_lines(strict.log) == [expected]
    assert checked(project) == [expected]

    lenient = built(project, tmp_path, strict=False)
    page = lenient.page("page/index.html")
    assert page.title.string.startswith("The call - ")
    assert page.select_one('mark[data-annotation="call-date"]') is not None


def test_front_matter_never_closed_is_located(make_project, tmp_path):
    project = make_project({"page.md": PAGE.replace("---\n\n#", "\n#")}, {"page.yml": NOTE})
    expected = ("docs/page.md:1:1: the front matter that opens here with `---` is never closed, so the page shows it as "
                "text and its fields are not read: end it with a line of `---`")

    strict = built(project, tmp_path)
    assert strict.returncode == 1
    assert explainer_lines(strict.log) == [expected]
    assert checked(project) == [expected]


def test_a_page_opening_with_a_rule_is_no_front_matter(make_project, tmp_path):
    project = make_project({"page.md": "---\n\n# The call\n\nDuring a crucial call on July 15, 2023, Rubio spoke.\n"},
                           {"page.yml": NOTE})

    strict = built(project, tmp_path)
    assert strict.returncode == 0, strict.log
    assert checked(project) == []
